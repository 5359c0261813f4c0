"""Published versions of a flow: publish the draft, list and read versions, restore one.

A version is immutable once written: conversations pin the version they started on. Version
numbers count 1, 2, 3... per flow; two publishes at once both read the same latest number, and
the unique (flow, version) constraint lets only one of them write it — the other tries again
with the next number.
"""

import uuid

from sqlalchemy import func
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlmodel import col, select

from domain.flow_validation import validate_graph
from domain.timeutil import utcnow
from infra.database import is_unique_violation
from stores.flows.errors import FlowNotFound, FlowNotPublishable
from stores.flows.rows import (
    AuditHook,
    FlowDraft,
    VersionRow,
    draft_graph,
    draft_of,
    ensure_keywords_free,
    find_flow,
    find_version,
    publisher_names,
    stored_triggers,
    workspace_flow_ids,
)
from stores.flows.triggers import TRIGGERS
from stores.tables.flows import FlowVersion

VERSION_NOT_FOUND = "This flow has no such version."
# Each lost race means another publish got through, so this bounds how many land at once.
PUBLISH_ATTEMPTS = 10


class FlowVersions:
    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions

    async def publish(
        self,
        workspace_id: uuid.UUID,
        flow_id: uuid.UUID,
        *,
        actor_user_id: uuid.UUID | None,
        record: AuditHook,
    ) -> VersionRow:
        """Validates the draft (`FlowNotPublishable` with the problems), snapshots it with its
        triggers as the next version and makes that the published one. An active flow's new
        keywords must be free (`FlowConflict`), since they go live at once."""
        for attempt in range(1, PUBLISH_ATTEMPTS + 1):
            try:
                return await self._publish_once(workspace_id, flow_id, actor_user_id, record)
            except IntegrityError as error:
                if not is_unique_violation(error) or attempt == PUBLISH_ATTEMPTS:
                    raise
        raise AssertionError("unreachable")

    async def _publish_once(
        self,
        workspace_id: uuid.UUID,
        flow_id: uuid.UUID,
        actor_user_id: uuid.UUID | None,
        record: AuditHook,
    ) -> VersionRow:
        async with self._sessions() as session, session.begin():
            flow = await find_flow(session, workspace_id, flow_id)
            graph, triggers = draft_graph(flow), stored_triggers(flow.triggers)
            known = await workspace_flow_ids(session, workspace_id)
            problems = validate_graph(graph, known_flow_ids=known)
            if problems:
                raise FlowNotPublishable(problems)
            if flow.active:
                await ensure_keywords_free(session, flow, triggers)
            latest = await session.scalar(
                select(func.max(FlowVersion.version)).where(col(FlowVersion.flow_id) == flow.id)
            )
            version = FlowVersion(
                workspace_id=workspace_id,
                flow_id=flow.id,
                version=(latest or 0) + 1,
                graph=graph.model_dump(mode="json"),
                triggers=TRIGGERS.dump_python(triggers, mode="json"),
                published_by_user_id=actor_user_id,
            )
            session.add(version)
            # The insert comes first: a lost race ends here, before the flow row is touched.
            await session.flush()
            flow.published_version = version.version
            flow.updated_at = utcnow()
            record(session, "flow.published", flow.id, {"version": str(version.version)})
            names = await publisher_names(session, [actor_user_id])
            return VersionRow(version, names.get(actor_user_id) if actor_user_id else None)

    async def all(self, workspace_id: uuid.UUID, flow_id: uuid.UUID) -> list[VersionRow]:
        """Newest first."""
        async with self._sessions() as session:
            await find_flow(session, workspace_id, flow_id)
            versions = list(
                (
                    await session.execute(
                        select(FlowVersion)
                        .where(
                            FlowVersion.workspace_id == workspace_id,
                            FlowVersion.flow_id == flow_id,
                        )
                        .order_by(col(FlowVersion.version).desc())
                    )
                ).scalars()
            )
            names = await publisher_names(session, [v.published_by_user_id for v in versions])
        return [_row(version, names) for version in versions]

    async def get(self, workspace_id: uuid.UUID, flow_id: uuid.UUID, number: int) -> VersionRow:
        async with self._sessions() as session:
            await find_flow(session, workspace_id, flow_id)
            version = await find_version(session, workspace_id, flow_id, number)
            if version is None:
                raise FlowNotFound(VERSION_NOT_FOUND)
            names = await publisher_names(session, [version.published_by_user_id])
        return _row(version, names)

    async def restore(
        self, workspace_id: uuid.UUID, flow_id: uuid.UUID, number: int, *, record: AuditHook
    ) -> FlowDraft:
        """The draft becomes a copy of the version (graph and triggers); nothing is published."""
        async with self._sessions() as session, session.begin():
            flow = await find_flow(session, workspace_id, flow_id)
            version = await find_version(session, workspace_id, flow_id, number)
            if version is None:
                raise FlowNotFound(VERSION_NOT_FOUND)
            flow.draft = dict(version.graph)
            flow.triggers = list(version.triggers)
            flow.updated_at = utcnow()
            record(session, "flow.restored", flow.id, {"version": str(number)})
            await session.flush()
            return await draft_of(session, flow)


def _row(version: FlowVersion, names: dict[uuid.UUID, str]) -> VersionRow:
    publisher = version.published_by_user_id
    return VersionRow(version, names.get(publisher) if publisher else None)
