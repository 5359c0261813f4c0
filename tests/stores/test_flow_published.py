"""What the conversation workflow reads, on each database: the flow a message starts (keyword,
then first message, then fallback; the oldest flow among equals; only active, published
triggers), a pinned version, the current published version and the draft."""

import uuid
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import select

from domain.enums import ChannelKind
from domain.flow_runs import FlowRef
from domain.flows import FlowGraph
from stores.flows.published import (
    draft_snapshot,
    flow_for_message,
    load_pinned,
    load_published,
    load_version,
)
from stores.flows.store import FlowStore
from stores.flows.triggers import TRIGGERS
from stores.tables.flows import FlowVersion
from tests.api.flow_support import keyword, simple_graph
from tests.factories import create_workspace
from tests.support.databases import Sessions

WHATSAPP, SMS = ChannelKind.whatsapp, ChannelKind.sms


def no_audit(session: AsyncSession, action: str, flow_id: uuid.UUID, details: Any) -> None:
    """These tests are about reading flows; the API tests check the audit trail."""


async def live(
    store: FlowStore,
    workspace_id: uuid.UUID,
    name: str,
    triggers: list[dict[str, Any]],
    *,
    text: str | None = None,
    active: bool = True,
) -> uuid.UUID:
    created = await store.create(workspace_id, name, actor_user_id=None, record=no_audit)
    flow_id = created.flow.id
    graph = FlowGraph.model_validate(simple_graph(text or f"Fluxo {name}"))
    await store.save_draft(workspace_id, flow_id, graph, TRIGGERS.validate_python(triggers))
    await store.versions.publish(workspace_id, flow_id, actor_user_id=None, record=no_audit)
    if active:
        await store.update(workspace_id, flow_id, active=True, record=no_audit)
    return flow_id


async def pinned(sessions: Sessions, ws: uuid.UUID, ref: FlowRef) -> FlowGraph:
    loaded = await load_pinned(sessions, ws, ref)
    assert loaded is not None
    return loaded.graph


def greeting(graph: FlowGraph) -> str:
    node = graph.node("hello")
    assert node is not None and node.type == "send_message"
    return str(node.content.model_dump()["text"])


async def test_keyword_beats_new_contact_beats_fallback(sessions: Sessions) -> None:
    ws = (await create_workspace(sessions)).workspace_id
    store = FlowStore(sessions)
    fallback = await live(store, ws, "Qualquer", [{"type": "fallback"}])
    welcome = await live(store, ws, "Novo", [{"type": "new_contact"}])
    prices = await live(store, ws, "Preços", [keyword("preço", match="contains")])

    async def pick(text: str, first: bool, channel: ChannelKind = WHATSAPP) -> uuid.UUID | None:
        found = await flow_for_message(sessions, ws, channel, text, first_message=first)
        return None if found is None else found.flow_id

    assert await pick("Qual o PRECO?", first=True) == prices
    assert await pick("bom dia", first=True) == welcome
    assert await pick("bom dia", first=False) == fallback

    found = await flow_for_message(sessions, ws, SMS, "preço", first_message=False)
    assert found is not None and found.version == 1
    assert greeting(await pinned(sessions, ws, found)) == "Fluxo Preços"


async def test_the_oldest_flow_wins_among_equals(sessions: Sessions) -> None:
    ws = (await create_workspace(sessions)).workspace_id
    store = FlowStore(sessions)
    # Created first, named last: the order is by age, not by name or id.
    oldest = await live(store, ws, "Z mais antigo", [{"type": "fallback"}])
    await live(store, ws, "A mais novo", [{"type": "fallback"}])
    found = await flow_for_message(sessions, ws, SMS, "oi", first_message=False)
    assert found is not None and found.flow_id == oldest


async def test_only_active_flows_answer_with_their_published_triggers(
    sessions: Sessions,
) -> None:
    ws = (await create_workspace(sessions)).workspace_id
    store = FlowStore(sessions)
    resting = await live(store, ws, "Inativo", [keyword("menu")], active=False)
    never_published = await store.create(ws, "Rascunho", actor_user_id=None, record=no_audit)
    await store.save_draft(
        ws,
        never_published.flow.id,
        FlowGraph.model_validate(simple_graph()),
        TRIGGERS.validate_python([keyword("menu")]),
    )
    assert await flow_for_message(sessions, ws, SMS, "menu", first_message=True) is None

    sms_only = await live(store, ws, "SMS", [keyword("sair", channels=["sms"])])
    assert await flow_for_message(sessions, ws, WHATSAPP, "sair", first_message=False) is None
    found = await flow_for_message(sessions, ws, SMS, "  Sair ", first_message=False)
    assert found is not None and found.flow_id == sms_only

    # New draft triggers do nothing until published.
    await store.save_draft(
        ws,
        sms_only,
        FlowGraph.model_validate(simple_graph("Nova versão")),
        TRIGGERS.validate_python([keyword("cancelar")]),
    )
    assert await flow_for_message(sessions, ws, SMS, "cancelar", first_message=False) is None
    await store.versions.publish(ws, sms_only, actor_user_id=None, record=no_audit)
    found = await flow_for_message(sessions, ws, SMS, "cancelar", first_message=False)
    assert found is not None and found.version == 2
    assert greeting(await pinned(sessions, ws, found)) == "Nova versão"
    assert await flow_for_message(sessions, ws, SMS, "sair", first_message=False) is None

    await store.update(ws, resting, active=True, record=no_audit)
    found = await flow_for_message(sessions, ws, SMS, "MENU", first_message=False)
    assert found is not None and found.flow_id == resting

    other_ws = (await create_workspace(sessions)).workspace_id
    assert await flow_for_message(sessions, other_ws, SMS, "menu", first_message=True) is None


async def test_versions_stay_pinned_and_the_draft_is_version_zero(sessions: Sessions) -> None:
    ws = (await create_workspace(sessions)).workspace_id
    store = FlowStore(sessions)
    flow_id = await live(store, ws, "Pinado", [keyword("oi")], text="Primeira")
    await store.save_draft(
        ws, flow_id, FlowGraph.model_validate(simple_graph("Segunda")), TRIGGERS.validate_python([])
    )
    await store.versions.publish(ws, flow_id, actor_user_id=None, record=no_audit)
    await store.save_draft(
        ws,
        flow_id,
        FlowGraph.model_validate(simple_graph("Rascunho")),
        TRIGGERS.validate_python([]),
    )

    first = await load_version(sessions, ws, flow_id, 1)
    assert first is not None and (first.flow_id, first.version) == (flow_id, 1)
    assert greeting(first.graph) == "Primeira"
    current = await load_published(sessions, ws, flow_id)
    assert current is not None and current.version == 2 and greeting(current.graph) == "Segunda"
    draft = await draft_snapshot(sessions, ws, flow_id)
    assert draft is not None and draft.version == 0 and greeting(draft.graph) == "Rascunho"

    # Deactivated, a version still loads: conversations finish the version they started on.
    await store.update(ws, flow_id, active=False, record=no_audit)
    assert await load_version(sessions, ws, flow_id, 2) is not None
    assert await load_version(sessions, ws, flow_id, 3) is None
    assert await load_version(sessions, ws, uuid.uuid4(), 1) is None

    other_ws = (await create_workspace(sessions)).workspace_id
    assert await load_version(sessions, other_ws, flow_id, 1) is None
    assert await load_published(sessions, other_ws, flow_id) is None
    assert await draft_snapshot(sessions, other_ws, flow_id) is None
    assert await draft_snapshot(sessions, ws, uuid.uuid4()) is None

    unpublished = await store.create(ws, "Nunca publicado", actor_user_id=None, record=no_audit)
    assert await load_published(sessions, ws, unpublished.flow.id) is None
    snapshot = await draft_snapshot(sessions, ws, unpublished.flow.id)
    assert snapshot is not None and [n.type for n in snapshot.graph.nodes] == ["start"]
    # What the workflow receives survives the data converter's JSON round trip.
    assert type(snapshot).model_validate_json(snapshot.model_dump_json()) == snapshot


async def test_a_reference_loads_only_the_graph_it_pinned(sessions: Sessions) -> None:
    ws = (await create_workspace(sessions)).workspace_id
    store = FlowStore(sessions)
    flow_id = await live(store, ws, "Referência", [keyword("oi")], text="Primeira")
    ref = await flow_for_message(sessions, ws, SMS, "oi", first_message=False)
    assert ref is not None and ref.graph_hash is not None
    assert greeting(await pinned(sessions, ws, ref)) == "Primeira"

    # A version row that no longer holds the graph the run started on is refused...
    async with sessions() as session, session.begin():
        row = await session.get(FlowVersion, (await _version_id(sessions, flow_id, 1)))
        assert row is not None
        row.graph = simple_graph("Trocada")
    assert await load_pinned(sessions, ws, ref) is None
    # ...but a reference without a hash (a run that carried its graph) takes it as it is.
    unhashed = FlowRef(flow_id=flow_id, version=1)
    assert greeting(await pinned(sessions, ws, unhashed)) == "Trocada"
    assert await load_pinned(sessions, ws, FlowRef(flow_id=flow_id, version=9)) is None

    # A preview pins the draft as it was: edited since, the old snapshot is gone.
    draft = await draft_snapshot(sessions, ws, flow_id)
    assert draft is not None
    assert greeting(await pinned(sessions, ws, draft.ref)) == "Primeira"
    await store.save_draft(
        ws, flow_id, FlowGraph.model_validate(simple_graph("Editada")), TRIGGERS.validate_python([])
    )
    assert await load_pinned(sessions, ws, draft.ref) is None
    assert await load_pinned(sessions, (await create_workspace(sessions)).workspace_id, ref) is None


async def _version_id(sessions: Sessions, flow_id: uuid.UUID, number: int) -> uuid.UUID:
    async with sessions() as session:
        found = await session.execute(
            select(FlowVersion.id).where(
                FlowVersion.flow_id == flow_id, FlowVersion.version == number
            )
        )
        return found.scalar_one()
