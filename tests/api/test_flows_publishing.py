"""Publishing flows, on each database: problems on the node and field to fix, versions counting
up (also when published at once), restore, activation and keyword clashes, deletion guards."""

import asyncio
import uuid

from sqlalchemy import func
from sqlmodel import col, select

from domain.timeutil import utcnow
from stores.tables.flows import FlowRunStep, FlowVersion
from stores.tables.workspaces import AuditEvent
from tests.api.flow_support import (
    START,
    create_flow,
    edge,
    keyword,
    live_flow,
    publish,
    save_draft,
    say,
    simple_graph,
)
from tests.factories import create_workspace
from tests.support.harness import Harness
from tests.support.inbox import conversations_in
from tests.support.waiting import eventually
from tests.support.widget import post_visitor_message


async def _audited(app: Harness, workspace_id: uuid.UUID) -> list[tuple[str, dict[str, str]]]:
    async with app.services.sessions() as session:
        events = await session.execute(
            select(AuditEvent)
            .where(AuditEvent.workspace_id == workspace_id, AuditEvent.target_type == "flow")
            .order_by(col(AuditEvent.created_at))
        )
        return [(e.action, e.details) for e in events.scalars() if e.action != "flow.created"]


async def test_publish_refuses_a_broken_draft_with_problems_on_the_nodes(app: Harness) -> None:
    account = await create_workspace(app.services.sessions)
    owner = await app.login(account)
    flow = await create_flow(owner, "Quebrado")
    url = f"/api/flows/{flow['id']}"
    await save_draft(
        owner,
        flow["id"],
        {
            "nodes": [
                START,
                say("greet", "Seu pedido {{vars.order}} saiu"),
                {"id": "island", "type": "end"},
            ],
            "edges": [edge("start", "greet"), edge("greet", "nowhere")],
        },
    )

    refused = await owner.post(f"{url}/publish")
    assert refused.status_code == 422
    body = refused.json()
    assert body["detail"] == "The flow has 3 problems to fix before publishing."
    assert body["problems"] == [
        {
            "node_id": "greet",
            "field": None,
            "message": "A connection points to nowhere, which is not in the flow.",
        },
        {
            "node_id": "island",
            "field": None,
            "message": "No path from the start reaches this step.",
        },
        {
            "node_id": "greet",
            "field": "content",
            "message": "The variable 'order' is used before any step sets it.",
        },
    ]

    await save_draft(owner, flow["id"], {"nodes": [say("alone", "Oi")], "edges": []})
    refused = await owner.post(f"{url}/publish")
    assert refused.status_code == 422
    assert refused.json()["problems"] == [
        {"node_id": None, "field": None, "message": "A flow needs exactly one start."}
    ]

    jump = simple_graph()
    jump["nodes"][2] = {"id": "bye", "type": "jump", "flow_id": str(uuid.uuid4())}
    await save_draft(owner, flow["id"], jump)
    refused = await owner.post(f"{url}/publish")
    assert refused.json()["problems"] == [
        {"node_id": "bye", "field": "flow_id", "message": "That flow does not exist."}
    ]

    assert (await owner.get(url)).json()["published_version"] is None
    assert (await owner.get(f"{url}/versions")).json() == {"data": []}
    assert await _audited(app, account.workspace_id) == []


async def test_publish_refuses_a_flow_over_the_size_cap_on_its_largest_step(
    app: Harness,
) -> None:
    account = await create_workspace(app.services.sessions)
    owner = await app.login(account)
    flow = await create_flow(owner, "Enorme")
    nodes = [START] + [
        {"id": f"ai{i}", "type": "ai_reply", "system_prompt": "Atenda", "knowledge": "ã" * size}
        for i, size in enumerate((40_000, 50_000, 45_000))
    ]
    edges = [edge("start", "ai0"), edge("ai0", "ai1"), edge("ai1", "ai2")]
    saved = await save_draft(owner, flow["id"], {"nodes": nodes, "edges": edges})
    # The builder shows it while editing, before anyone tries to publish.
    assert [p["node_id"] for p in saved["problems"]] == ["ai1"]

    refused = await owner.post(f"/api/flows/{flow['id']}/publish")
    assert refused.status_code == 422
    [problem] = refused.json()["problems"]
    assert problem["node_id"] == "ai1" and problem["field"] is None
    assert "a published flow may take at most 256 KB" in problem["message"]
    assert (await owner.get(f"/api/flows/{flow['id']}/versions")).json() == {"data": []}

    nodes[2]["knowledge"] = "ã" * 20_000
    await save_draft(owner, flow["id"], {"nodes": nodes, "edges": edges})
    assert await publish(owner, flow["id"]) == 1


async def test_publish_counts_versions_and_restore_brings_one_back(app: Harness) -> None:
    account = await create_workspace(app.services.sessions)
    owner = await app.login(account)
    flow = await create_flow(owner, "Versionado")
    url = f"/api/flows/{flow['id']}"
    first_triggers = [keyword("oi")]
    first = await save_draft(owner, flow["id"], simple_graph("Versão um"), first_triggers)

    published = await owner.post(f"{url}/publish")
    assert published.status_code == 201, published.text
    assert published.json()["version"] == 1
    assert published.json()["published_by"] == "Test Agent"
    assert published.json()["published_by_user_id"] == str(account.user_id)
    await save_draft(owner, flow["id"], simple_graph("Versão dois"), [keyword("olá")])
    assert await publish(owner, flow["id"]) == 2
    assert (await owner.get(url)).json()["published_version"] == 2

    versions = (await owner.get(f"{url}/versions")).json()["data"]
    assert [v["version"] for v in versions] == [2, 1]
    one = (await owner.get(f"{url}/versions/1")).json()
    assert one["graph"] == first["draft"]
    assert one["triggers"] == first_triggers
    assert one["published_by"] == "Test Agent"
    assert (await owner.get(f"{url}/versions/3")).status_code == 404
    assert (await owner.post(f"{url}/versions/3/restore")).status_code == 404

    restored = await owner.post(f"{url}/versions/1/restore")
    assert restored.status_code == 200, restored.text
    assert restored.json()["draft"] == first["draft"]
    assert restored.json()["triggers"] == first_triggers
    assert restored.json()["published_version"] == 2
    assert (await owner.get(f"{url}/versions/2")).json()["graph"]["nodes"][1]["content"][
        "text"
    ] == "Versão dois"

    assert await _audited(app, account.workspace_id) == [
        ("flow.published", {"version": "1"}),
        ("flow.published", {"version": "2"}),
        ("flow.restored", {"version": "1"}),
    ]


async def test_publishes_at_once_each_get_their_own_version(app: Harness) -> None:
    account = await create_workspace(app.services.sessions)
    owner = await app.login(account)
    flow = await create_flow(owner, "Concorrido")
    await save_draft(owner, flow["id"], simple_graph())

    responses = await asyncio.gather(
        *(owner.post(f"/api/flows/{flow['id']}/publish") for _ in range(6))
    )
    assert [r.status_code for r in responses] == [201] * 6, [r.text for r in responses]
    assert sorted(r.json()["version"] for r in responses) == [1, 2, 3, 4, 5, 6]
    assert (await owner.get(f"/api/flows/{flow['id']}")).json()["published_version"] == 6


async def test_activation_needs_a_published_version(app: Harness) -> None:
    account = await create_workspace(app.services.sessions)
    owner = await app.login(account)
    flow = await create_flow(owner, "Ativação")
    url = f"/api/flows/{flow['id']}"

    refused = await owner.patch(url, json={"active": True})
    assert refused.status_code == 409
    assert "Publish the flow before activating it" in refused.json()["detail"]
    assert (await owner.get(url)).json()["active"] is False

    await save_draft(owner, flow["id"], simple_graph())
    await publish(owner, flow["id"])
    activated = await owner.patch(url, json={"active": True})
    assert activated.status_code == 200 and activated.json()["active"] is True
    again = await owner.patch(url, json={"active": True})
    assert again.status_code == 200
    deactivated = await owner.patch(url, json={"active": False})
    assert deactivated.json()["active"] is False

    assert await _audited(app, account.workspace_id) == [
        ("flow.published", {"version": "1"}),
        ("flow.activated", {"version": "1"}),
        ("flow.deactivated", {"version": "1"}),
    ]


async def test_a_keyword_another_active_flow_uses_on_the_channel_is_refused(
    app: Harness,
) -> None:
    account = await create_workspace(app.services.sessions)
    owner = await app.login(account)
    await live_flow(owner, "Preços", [keyword("Preço", channels=["whatsapp"])])

    everywhere = (await create_flow(owner, "Tabela"))["id"]
    await save_draft(owner, everywhere, simple_graph(), [keyword("  PRECO ", match="contains")])
    await publish(owner, everywhere)
    refused = await owner.patch(f"/api/flows/{everywhere}", json={"active": True})
    assert refused.status_code == 409
    assert refused.json()["detail"] == (
        'The keyword "Preço" is already used by the active flow "Preços" on WhatsApp. '
        'Change the keyword, or deactivate "Preços" first.'
    )
    assert (await owner.get(f"/api/flows/{everywhere}")).json()["active"] is False

    # The same word on another channel answers different messages: no clash.
    sms = await live_flow(owner, "Preço SMS", [keyword("preço", channels=["sms"])])

    # An active flow's new keywords go live when published, so they are checked then.
    await save_draft(owner, sms, simple_graph(), [keyword("preço", channels=["sms", "whatsapp"])])
    clash = await owner.post(f"/api/flows/{sms}/publish")
    assert clash.status_code == 409
    assert '"Preços" on WhatsApp' in clash.json()["detail"]
    assert (await owner.get(f"/api/flows/{sms}")).json()["published_version"] == 1

    # The draft's keywords count only once published: an unpublished clash is no clash.
    await owner.patch(f"/api/flows/{sms}", json={"active": False})
    assert (await owner.patch(f"/api/flows/{sms}", json={"active": True})).status_code == 200


async def test_delete_takes_the_versions_but_refuses_a_flow_that_ran_or_is_jumped_to(
    app: Harness,
) -> None:
    account = await create_workspace(app.services.sessions)
    owner = await app.login(account)
    ran = await live_flow(owner, "Rodou", [keyword("rodar")])
    target = await live_flow(owner, "Destino", [keyword("destino")])
    jumping = simple_graph()
    jumping["nodes"][2] = {"id": "bye", "type": "jump", "flow_id": target}
    jumper = await live_flow(owner, "Pula", [keyword("pula")], graph=jumping)
    lonely = await live_flow(owner, "Sozinho", [keyword("sozinho")])
    await publish(owner, lonely)

    token = await app.visitor_token(account)
    assert await post_visitor_message(app, account, token, "rodar") == 202
    [conversation] = await eventually(
        lambda: conversations_in(app.services.sessions, account.workspace_id)
    )
    now = utcnow()
    async with app.services.sessions() as session, session.begin():
        session.add(
            FlowRunStep(
                workspace_id=account.workspace_id,
                flow_id=uuid.UUID(ran),
                flow_version=1,
                flow_run_id=uuid.uuid4(),
                conversation_id=conversation.id,
                workflow_id="conversation/test",
                run_id="run",
                step_index=0,
                node_id="start",
                node_type="start",
                started_at=now,
                finished_at=now,
            )
        )

    refused = await owner.delete(f"/api/flows/{ran}")
    assert refused.status_code == 409
    assert refused.json()["detail"] == "This flow has run; deactivate it instead."
    refused = await owner.delete(f"/api/flows/{target}")
    assert refused.status_code == 409
    assert 'The published flow "Pula" jumps to this flow' in refused.json()["detail"]

    assert (await owner.delete(f"/api/flows/{lonely}")).status_code == 204
    assert (await owner.delete(f"/api/flows/{jumper}")).status_code == 204
    assert (await owner.delete(f"/api/flows/{target}")).status_code == 204
    async with app.services.sessions() as session:
        left = await session.execute(
            select(FlowVersion.flow_id, func.count())
            .where(FlowVersion.workspace_id == account.workspace_id)
            .group_by(col(FlowVersion.flow_id))
        )
        assert [(str(flow_id), count) for flow_id, count in left.all()] == [(ran, 1)]
    listed = (await owner.get("/api/flows")).json()["data"]
    assert [f["name"] for f in listed] == ["Rodou"]
