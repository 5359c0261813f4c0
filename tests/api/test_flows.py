"""The flows API, on each database: create, list, read, rename, delete; drafts saved as sent
(every node type), schema errors located at the field; only marketers and up may manage flows."""

import uuid

from sqlmodel import select

from domain.enums import Role
from domain.flows import FlowGraph
from stores.tables.workspaces import AuditEvent
from tests.api.flow_support import (
    START,
    create_flow,
    edge,
    every_node_graph,
    keyword,
    node_types,
    save_draft,
    say,
    simple_graph,
)
from tests.api.team_support import add_member
from tests.factories import create_workspace
from tests.support.harness import Harness


async def test_create_list_read_rename_delete(app: Harness) -> None:
    account = await create_workspace(app.services.sessions)
    owner = await app.login(account)

    created = await create_flow(owner, "  Boas-vindas ", "Recebe quem chega")
    assert created["name"] == "Boas-vindas"
    assert created["description"] == "Recebe quem chega"
    assert created["active"] is False and created["published_version"] is None
    assert created["triggers"] == []
    assert [n["type"] for n in created["draft"]["nodes"]] == ["start"]
    assert created["draft"]["edges"] == []
    assert created["problems"] == [
        {"node_id": "start", "field": None, "message": "Connect the start to a step."}
    ]

    taken = await owner.post("/api/flows", json={"name": "Boas-vindas"})
    assert taken.status_code == 409
    assert '"Boas-vindas" already exists' in taken.json()["detail"]
    empty = await owner.post("/api/flows", json={"name": "   "})
    assert empty.status_code == 422
    assert empty.json()["detail"][0]["loc"] == ["body", "name"]

    other = await create_flow(owner, "Atendimento")
    listed = (await owner.get("/api/flows")).json()["data"]
    assert [f["name"] for f in listed] == ["Atendimento", "Boas-vindas"]
    assert set(listed[0]) == {
        "id",
        "name",
        "description",
        "active",
        "published_version",
        "triggers",
        "updated_at",
    }

    flow_url = f"/api/flows/{created['id']}"
    renamed = await owner.patch(flow_url, json={"name": "Recepção", "description": ""})
    assert renamed.status_code == 200, renamed.text
    assert renamed.json()["name"] == "Recepção" and renamed.json()["description"] == ""
    clash = await owner.patch(flow_url, json={"name": "Atendimento"})
    assert clash.status_code == 409
    assert (await owner.get(flow_url)).json()["name"] == "Recepção"

    deleted = await owner.delete(flow_url)
    assert deleted.status_code == 204
    assert (await owner.get(flow_url)).status_code == 404
    assert (await owner.delete(flow_url)).status_code == 404
    assert [f["id"] for f in (await owner.get("/api/flows")).json()["data"]] == [other["id"]]
    missing = await owner.get(f"/api/flows/{uuid.uuid4()}")
    assert missing.status_code == 404 and missing.json()["detail"] == "Flow not found."

    async with app.services.sessions() as session:
        actions = (
            await session.execute(
                select(AuditEvent.action, AuditEvent.target_id).where(
                    AuditEvent.workspace_id == account.workspace_id,
                    AuditEvent.target_type == "flow",
                )
            )
        ).all()
    assert sorted(actions) == sorted(
        [
            ("flow.created", created["id"]),
            ("flow.created", other["id"]),
            ("flow.deleted", created["id"]),
        ]
    )


async def test_save_draft_round_trips_every_node_type(app: Harness) -> None:
    account = await create_workspace(app.services.sessions)
    owner = await app.login(account)
    target = await create_flow(owner, "Vendas")
    flow = await create_flow(owner, "Qualificação")
    graph = every_node_graph(jump_to=uuid.UUID(target["id"]))
    assert {n["type"] for n in graph["nodes"]} == node_types()
    triggers = [
        keyword("Preço", "quanto custa", match="contains", channels=["whatsapp", "sms"]),
        {"type": "new_contact", "channels": ["webchat"]},
        {"type": "fallback", "channels": []},
        {"type": "manual"},
    ]

    saved = await save_draft(owner, flow["id"], graph, triggers)
    expected = FlowGraph.model_validate(graph).model_dump(mode="json")
    assert saved["draft"] == expected
    assert saved["triggers"] == triggers
    assert saved["problems"] == []
    assert saved["published_version"] is None
    assert saved["updated_at"] > flow["updated_at"]

    read = (await owner.get(f"/api/flows/{flow['id']}")).json()
    assert read["draft"] == expected
    assert read["triggers"] == triggers
    listed = (await owner.get("/api/flows")).json()["data"]
    assert next(f for f in listed if f["id"] == flow["id"])["triggers"] == triggers


async def test_a_draft_with_problems_is_saved_and_shows_them(app: Harness) -> None:
    account = await create_workspace(app.services.sessions)
    owner = await app.login(account)
    flow = await create_flow(owner, "Rascunho")
    draft = {
        "nodes": [START, say("hello", "Pedido {{vars.order}}"), {"id": "lost", "type": "end"}],
        "edges": [edge("start", "hello"), edge("hello", "ghost")],
    }

    saved = await save_draft(owner, flow["id"], draft)
    assert saved["problems"] == [
        {
            "node_id": "hello",
            "field": None,
            "message": "A connection points to ghost, which is not in the flow.",
        },
        {"node_id": "lost", "field": None, "message": "No path from the start reaches this step."},
        {
            "node_id": "hello",
            "field": "content",
            "message": "The variable 'order' is used before any step sets it.",
        },
    ]
    assert (await owner.get(f"/api/flows/{flow['id']}")).json()["problems"] == saved["problems"]


async def test_save_draft_schema_errors_name_the_field_and_save_nothing(
    sqlite_app: Harness,
) -> None:
    account = await create_workspace(sqlite_app.services.sessions)
    owner = await sqlite_app.login(account)
    flow = await create_flow(owner, "Validação")
    url = f"/api/flows/{flow['id']}/draft"
    await save_draft(owner, flow["id"], simple_graph("Primeira versão"))

    no_text = simple_graph()
    no_text["nodes"][1]["content"] = {"kind": "text"}
    response = await owner.put(url, json={"draft": no_text, "triggers": []})
    assert response.status_code == 422
    [error] = response.json()["detail"]
    assert error["loc"] == ["body", "draft", "nodes", 1, "send_message", "content", "text", "text"]

    bad_split = simple_graph()
    bad_split["nodes"].append(
        {
            "id": "ab",
            "type": "split",
            "branches": [{"id": "a", "percent": 60}, {"id": "b", "percent": 60}],
        }
    )
    response = await owner.put(url, json={"draft": bad_split, "triggers": []})
    assert response.status_code == 422
    [error] = response.json()["detail"]
    assert error["loc"] == ["body", "draft", "nodes", 3, "split"]
    assert "add up to 100" in error["msg"]

    unknown = simple_graph()
    unknown["nodes"].append({"id": "x", "type": "teleport"})
    response = await owner.put(url, json={"draft": unknown, "triggers": [{"type": "keyword"}]})
    assert response.status_code == 422
    locations = [e["loc"] for e in response.json()["detail"]]
    assert ["body", "draft", "nodes", 3] in locations
    assert ["body", "triggers", 0, "keyword", "keywords"] in locations

    bad_id = simple_graph()
    bad_id["nodes"][1]["id"] = "has spaces"
    response = await owner.put(url, json={"draft": bad_id, "triggers": []})
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == [
        "body",
        "draft",
        "nodes",
        1,
        "send_message",
        "id",
    ]

    kept = (await owner.get(f"/api/flows/{flow['id']}")).json()["draft"]
    assert kept["nodes"][1]["content"]["text"] == "Primeira versão"


async def test_only_marketers_and_up_manage_flows(sqlite_app: Harness) -> None:
    account = await create_workspace(sqlite_app.services.sessions)
    owner = await sqlite_app.login(account)
    flow = await create_flow(owner, "Do dono")
    agent = await sqlite_app.login(
        await add_member(sqlite_app.services.sessions, account, Role.agent)
    )
    marketer = await sqlite_app.login(
        await add_member(sqlite_app.services.sessions, account, Role.marketer)
    )
    url = f"/api/flows/{flow['id']}"

    for response in (
        await agent.get("/api/flows"),
        await agent.post("/api/flows", json={"name": "Do agente"}),
        await agent.get(url),
        await agent.put(f"{url}/draft", json={"draft": simple_graph(), "triggers": []}),
        await agent.patch(url, json={"active": True}),
        await agent.post(f"{url}/publish"),
        await agent.get(f"{url}/versions"),
        await agent.delete(url),
    ):
        assert response.status_code == 403, response.text
        assert "flows:manage" in response.json()["detail"]
    assert (await owner.get(url)).json()["draft"]["edges"] == []

    await save_draft(marketer, flow["id"], simple_graph())
    assert (await marketer.post(f"{url}/publish")).status_code == 201
    assert (await marketer.get("/api/flows")).json()["data"][0]["published_version"] == 1
