"""What the conversation workflow's activities read: which flow a message starts, and the graph
of a pinned version (or of the draft, for a preview).

Runs pin a `FlowRef`: the version and the hash of its graph as stored. Loading by reference
checks that hash, so a run never continues on a graph other than the one it started on (a
preview's draft edited meanwhile, or a version row changed behind our back).

Only published versions of active flows answer messages, with the triggers published with
them (the draft's triggers go live when the draft is published). When several flows claim a
message, a keyword beats a first message (`new_contact`), which beats `fallback`; among equals
the oldest flow wins, so the answer never depends on the database's row order.
"""

import uuid

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from domain.enums import ChannelKind
from domain.flow_runs import DRAFT_VERSION, FlowRef, PublishedFlow, graph_digest
from domain.flows import FlowGraph
from stores.flows.errors import FlowNotFound
from stores.flows.rows import find_flow, find_version, live_versions, stored_triggers
from stores.flows.triggers import Rank, rank
from stores.tables.flows import Flow, FlowVersion


async def _flow(session: AsyncSession, workspace_id: uuid.UUID, flow_id: uuid.UUID) -> Flow | None:
    try:
        return await find_flow(session, workspace_id, flow_id)
    except FlowNotFound:
        return None


def _published(version: FlowVersion) -> PublishedFlow:
    return PublishedFlow(
        flow_id=version.flow_id,
        version=version.version,
        graph=FlowGraph.model_validate(version.graph),
        graph_hash=graph_digest(version.graph),
    )


async def flow_for_message(
    sessions: async_sessionmaker[AsyncSession],
    workspace_id: uuid.UUID,
    channel_kind: ChannelKind,
    text: str,
    *,
    first_message: bool,
) -> FlowRef | None:
    """The active flow whose published triggers claim this message, or None.

    `first_message`: the contact's first message ever (`new_contact` triggers). The caller
    decides whether a flow may start at all (not while one runs in the conversation)."""
    async with sessions() as session:
        live = await live_versions(session, workspace_id, active_only=True)
    best: tuple[Rank, FlowVersion] | None = None
    # Oldest flow first, replaced only by a strictly better rank: ties go to the oldest.
    for _, version in live:
        found = rank(
            stored_triggers(version.triggers), channel_kind, text, first_message=first_message
        )
        if found is not None and (best is None or found < best[0]):
            best = (found, version)
    if best is None:
        return None
    chosen = best[1]
    return FlowRef(
        flow_id=chosen.flow_id, version=chosen.version, graph_hash=graph_digest(chosen.graph)
    )


async def load_version(
    sessions: async_sessionmaker[AsyncSession],
    workspace_id: uuid.UUID,
    flow_id: uuid.UUID,
    version: int,
) -> PublishedFlow | None:
    """A published version, active or not (a conversation keeps the version it started on)."""
    async with sessions() as session:
        found = await find_version(session, workspace_id, flow_id, version)
    return None if found is None else _published(found)


async def load_published(
    sessions: async_sessionmaker[AsyncSession], workspace_id: uuid.UUID, flow_id: uuid.UUID
) -> PublishedFlow | None:
    """The flow's current published version (what a jump step starts), active or not; None
    when the flow does not exist here or was never published."""
    async with sessions() as session:
        flow = await _flow(session, workspace_id, flow_id)
        if flow is None or flow.published_version is None:
            return None
        found = await find_version(session, workspace_id, flow_id, flow.published_version)
    return None if found is None else _published(found)


async def draft_snapshot(
    sessions: async_sessionmaker[AsyncSession], workspace_id: uuid.UUID, flow_id: uuid.UUID
) -> PublishedFlow | None:
    """The current draft as version 0, for a preview; None when the flow is not here."""
    async with sessions() as session:
        flow = await _flow(session, workspace_id, flow_id)
    if flow is None:
        return None
    return PublishedFlow(
        flow_id=flow.id,
        version=DRAFT_VERSION,
        graph=FlowGraph.model_validate(flow.draft),
        graph_hash=graph_digest(flow.draft),
    )


async def load_pinned(
    sessions: async_sessionmaker[AsyncSession], workspace_id: uuid.UUID, ref: FlowRef
) -> PublishedFlow | None:
    """The graph a run pinned: its version (the draft for version 0), if its hash still
    matches; None when the version is gone or holds another graph. A reference without a
    hash (runs that carried their graph) takes the version as it is."""
    if ref.version == DRAFT_VERSION:
        found = await draft_snapshot(sessions, workspace_id, ref.flow_id)
    else:
        found = await load_version(sessions, workspace_id, ref.flow_id, ref.version)
    if found is None or ref.graph_hash not in (None, found.graph_hash):
        return None
    return found
