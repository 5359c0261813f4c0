"""Reading flows and versions inside a session, always within one workspace: shared by the flow
store, the version store and what the conversation workflow reads."""

import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from sqlalchemy import and_
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from domain.flow_validation import FlowProblem, validate_graph
from domain.flows import FlowGraph, FlowTrigger
from stores.flows.errors import FlowConflict, FlowNotFound
from stores.flows.triggers import TRIGGERS, keyword_clashes
from stores.tables.flows import Flow, FlowVersion
from stores.tables.workspaces import User

FLOW_NOT_FOUND = "Flow not found."

AuditHook = Callable[[AsyncSession, str, uuid.UUID, dict[str, str]], None]
"""Called as (session, action, flow id, details) inside the change's transaction, so the audit
event is kept exactly when the change is."""


@dataclass
class FlowDraft:
    """A flow as the builder edits it, with what would stop it from being published."""

    flow: Flow
    graph: FlowGraph
    triggers: list[FlowTrigger]
    problems: list[FlowProblem]


@dataclass
class VersionRow:
    version: FlowVersion
    publisher: str | None
    """The publisher's name (or e-mail); None when unknown."""


async def find_flow(session: AsyncSession, workspace_id: uuid.UUID, flow_id: uuid.UUID) -> Flow:
    flow = (
        await session.execute(
            select(Flow).where(Flow.id == flow_id, Flow.workspace_id == workspace_id)
        )
    ).scalar_one_or_none()
    if flow is None:
        raise FlowNotFound(FLOW_NOT_FOUND)
    return flow


async def find_version(
    session: AsyncSession, workspace_id: uuid.UUID, flow_id: uuid.UUID, version: int
) -> FlowVersion | None:
    return (
        await session.execute(
            select(FlowVersion).where(
                FlowVersion.workspace_id == workspace_id,
                FlowVersion.flow_id == flow_id,
                FlowVersion.version == version,
            )
        )
    ).scalar_one_or_none()


async def workspace_flow_ids(session: AsyncSession, workspace_id: uuid.UUID) -> set[str]:
    """What a jump step may name."""
    ids = await session.execute(select(Flow.id).where(Flow.workspace_id == workspace_id))
    return {str(flow_id) for flow_id in ids.scalars()}


def draft_graph(flow: Flow) -> FlowGraph:
    return FlowGraph.model_validate(flow.draft)


def stored_triggers(raw: list[dict[str, object]]) -> list[FlowTrigger]:
    return TRIGGERS.validate_python(raw)


async def draft_of(session: AsyncSession, flow: Flow) -> FlowDraft:
    graph = draft_graph(flow)
    known = await workspace_flow_ids(session, flow.workspace_id)
    return FlowDraft(
        flow=flow,
        graph=graph,
        triggers=stored_triggers(flow.triggers),
        problems=validate_graph(graph, known_flow_ids=known),
    )


async def live_versions(
    session: AsyncSession, workspace_id: uuid.UUID, *, active_only: bool
) -> list[tuple[Flow, FlowVersion]]:
    """Each flow with its current published version, oldest flow first."""
    query = (
        select(Flow, FlowVersion)
        .join(
            FlowVersion,
            and_(
                col(FlowVersion.flow_id) == Flow.id,
                col(FlowVersion.version) == Flow.published_version,
            ),
        )
        .where(Flow.workspace_id == workspace_id, FlowVersion.workspace_id == workspace_id)
        .order_by(col(Flow.created_at), col(Flow.id))
    )
    if active_only:
        query = query.where(col(Flow.active).is_(True))
    return [(flow, version) for flow, version in (await session.execute(query)).all()]


async def ensure_keywords_free(
    session: AsyncSession, flow: Flow, triggers: Sequence[FlowTrigger]
) -> None:
    """Refuses triggers going live with a keyword another active flow answers on a common
    channel: which flow a message starts would depend on the order they were created in."""
    for other, version in await live_versions(session, flow.workspace_id, active_only=True):
        if other.id == flow.id:
            continue
        clashes = keyword_clashes(triggers, stored_triggers(version.triggers))
        if clashes:
            clash = clashes[0]
            raise FlowConflict(
                f'The keyword "{clash.keyword}" is already used by the active flow '
                f'"{other.name}" on {clash.describe()}. Change the keyword, or deactivate '
                f'"{other.name}" first.'
            )


async def publisher_names(
    session: AsyncSession, user_ids: Sequence[uuid.UUID | None]
) -> dict[uuid.UUID, str]:
    wanted = {user_id for user_id in user_ids if user_id is not None}
    if not wanted:
        return {}
    users = await session.execute(select(User).where(col(User.id).in_(wanted)))
    return {user.id: user.full_name or user.email for user in users.scalars()}
