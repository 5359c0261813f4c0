"""Chatbot flows of a workspace: create, read, save the draft, rename, activate, delete.
Publishing, versions and restore are `store.versions` (`stores/flows/versions.py`).

A draft may be any graph the schema accepts (the builder saves work in progress); what it would
take to publish it travels with it as `problems`. Every query takes the workspace id.
"""

import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from sqlalchemy import delete, exists
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlmodel import col, select

from domain.flows import FlowGraph, FlowTrigger, JumpNode, StartNode
from domain.timeutil import utcnow
from infra.database import is_unique_violation
from stores.flows.errors import FlowConflict
from stores.flows.rows import (
    AuditHook,
    FlowDraft,
    draft_of,
    ensure_keywords_free,
    find_flow,
    find_version,
    live_versions,
    stored_triggers,
)
from stores.flows.triggers import TRIGGERS
from stores.flows.versions import FlowVersions
from stores.tables.flows import Flow, FlowRunStep, FlowVersion

HAS_RUN = "This flow has run; deactivate it instead."


def new_draft() -> FlowGraph:
    """What a new flow starts from: only its start, for the marketer to connect."""
    return FlowGraph(nodes=[StartNode(id="start")])


@contextmanager
def _name_free(name: str | None) -> Iterator[None]:
    try:
        yield
    except IntegrityError as error:
        if name is not None and is_unique_violation(error):
            raise FlowConflict(
                f'A flow named "{name}" already exists; choose another name.'
            ) from None
        raise


class FlowStore:
    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions
        self.versions = FlowVersions(sessions)

    async def all(self, workspace_id: uuid.UUID) -> list[Flow]:
        """By name."""
        async with self._sessions() as session:
            flows = await session.execute(
                select(Flow)
                .where(Flow.workspace_id == workspace_id)
                .order_by(col(Flow.name), col(Flow.id))
            )
            return list(flows.scalars())

    async def create(
        self,
        workspace_id: uuid.UUID,
        name: str,
        description: str = "",
        *,
        actor_user_id: uuid.UUID | None,
        record: AuditHook,
    ) -> FlowDraft:
        with _name_free(name):
            async with self._sessions() as session, session.begin():
                flow = Flow(
                    workspace_id=workspace_id,
                    name=name,
                    description=description,
                    draft=new_draft().model_dump(mode="json"),
                    triggers=[],
                    created_by_user_id=actor_user_id,
                )
                session.add(flow)
                await session.flush()
                record(session, "flow.created", flow.id, {"name": name})
                return await draft_of(session, flow)

    async def get(self, workspace_id: uuid.UUID, flow_id: uuid.UUID) -> FlowDraft:
        async with self._sessions() as session:
            return await draft_of(session, await find_flow(session, workspace_id, flow_id))

    async def save_draft(
        self,
        workspace_id: uuid.UUID,
        flow_id: uuid.UUID,
        graph: FlowGraph,
        triggers: Sequence[FlowTrigger],
    ) -> FlowDraft:
        """Replaces the draft; the published version (and so every live run) is untouched."""
        async with self._sessions() as session, session.begin():
            flow = await find_flow(session, workspace_id, flow_id)
            flow.draft = graph.model_dump(mode="json")
            flow.triggers = TRIGGERS.dump_python(list(triggers), mode="json")
            flow.updated_at = utcnow()
            await session.flush()
            return await draft_of(session, flow)

    async def update(
        self,
        workspace_id: uuid.UUID,
        flow_id: uuid.UUID,
        *,
        name: str | None = None,
        description: str | None = None,
        active: bool | None = None,
        record: AuditHook,
    ) -> FlowDraft:
        """Renames, describes, activates or deactivates. Activating needs a published version
        whose keywords no other active flow answers on a common channel."""
        with _name_free(name):
            async with self._sessions() as session, session.begin():
                flow = await find_flow(session, workspace_id, flow_id)
                if name is not None:
                    flow.name = name
                if description is not None:
                    flow.description = description
                if active is not None and active != flow.active:
                    if active:
                        await _ensure_activatable(session, flow)
                    flow.active = active
                    action = "flow.activated" if active else "flow.deactivated"
                    details = {"version": str(flow.published_version)}
                    record(session, action, flow.id, details)
                flow.updated_at = utcnow()
                await session.flush()
                return await draft_of(session, flow)

    async def delete(
        self, workspace_id: uuid.UUID, flow_id: uuid.UUID, *, record: AuditHook
    ) -> None:
        """Deletes the flow and its versions. A flow that has run keeps its steps (the run
        inspector reads them), and a flow another flow's published version jumps to stays too:
        both are refused with a `FlowConflict`."""
        async with self._sessions() as session, session.begin():
            flow = await find_flow(session, workspace_id, flow_id)
            has_run = await session.scalar(
                select(exists().where(col(FlowRunStep.flow_id) == flow.id))
            )
            if has_run:
                raise FlowConflict(HAS_RUN)
            await _ensure_no_jumps_to(session, flow)
            record(session, "flow.deleted", flow.id, {"name": flow.name})
            await session.execute(
                delete(FlowVersion).where(
                    col(FlowVersion.flow_id) == flow.id,
                    col(FlowVersion.workspace_id) == workspace_id,
                )
            )
            await session.delete(flow)


async def _ensure_activatable(session: AsyncSession, flow: Flow) -> None:
    version = (
        await find_version(session, flow.workspace_id, flow.id, flow.published_version)
        if flow.published_version is not None
        else None
    )
    if version is None:
        raise FlowConflict("Publish the flow before activating it: it has no published version.")
    await ensure_keywords_free(session, flow, stored_triggers(version.triggers))


async def _ensure_no_jumps_to(session: AsyncSession, flow: Flow) -> None:
    for other, version in await live_versions(session, flow.workspace_id, active_only=False):
        if other.id == flow.id:
            continue
        graph = FlowGraph.model_validate(version.graph)
        if any(isinstance(n, JumpNode) and n.flow_id == flow.id for n in graph.nodes):
            raise FlowConflict(
                f'The published flow "{other.name}" jumps to this flow. Remove that step from '
                f'"{other.name}" and publish it, then delete this flow.'
            )
