"""Inbox teams and the assignee picker's agents over HTTP: CRUD, member checks, unique names,
deleting a team unassigns its conversations (and tells the inbox), workspace isolation."""

import asyncio
import json
import uuid

import websockets

from domain.enums import Role
from tests.api.team_support import add_member
from tests.factories import create_workspace
from tests.support.harness import Harness
from tests.support.inbox import start_conversation


async def test_agents_lists_every_member_who_can_answer(app: Harness) -> None:
    sessions = app.services.sessions
    account = await create_workspace(sessions)
    colleague = await add_member(sessions, account, Role.agent)
    marketer = await add_member(sessions, account, Role.marketer)
    await create_workspace(sessions)  # someone else's owner
    agent = await app.login(colleague)

    response = await agent.get("/api/inbox/agents")
    assert response.status_code == 200, response.text
    agents = {a["id"]: a for a in response.json()["data"]}
    assert set(agents) == {str(account.user_id), str(colleague.user_id), str(marketer.user_id)}
    assert agents[str(account.user_id)] == {
        "id": str(account.user_id),
        "full_name": "Test Agent",
        "email": account.email,
        "role": "owner",
    }
    assert agents[str(marketer.user_id)]["role"] == "marketer"


async def test_teams_crud_with_member_checks_and_unique_names(app: Harness) -> None:
    sessions = app.services.sessions
    account = await create_workspace(sessions)
    first = await add_member(sessions, account, Role.agent)
    second = await add_member(sessions, account, Role.agent)
    stranger = await create_workspace(sessions)
    admin = await app.login(account)

    created = await admin.post(
        "/api/inbox-teams",
        json={"name": " Support ", "member_ids": [str(first.user_id), str(first.user_id)]},
    )
    assert created.status_code == 201, created.text
    team = created.json()
    assert (team["name"], team["member_ids"]) == ("Support", [str(first.user_id)])
    sales = await admin.post("/api/inbox-teams", json={"name": "Sales"})
    assert sales.status_code == 201 and sales.json()["member_ids"] == []

    duplicate = await admin.post("/api/inbox-teams", json={"name": "Support"})
    assert duplicate.status_code == 409
    assert duplicate.json()["detail"] == "a team with this name exists"
    foreign = await admin.post(
        "/api/inbox-teams", json={"name": "Mixed", "member_ids": [str(stranger.user_id)]}
    )
    assert foreign.status_code == 422
    problem = foreign.json()["detail"][0]
    assert problem["loc"] == ["body", "member_ids"] and str(stranger.user_id) in problem["msg"]
    assert (await admin.post("/api/inbox-teams", json={"name": "  "})).status_code == 422

    path = f"/api/inbox-teams/{team['id']}"
    members = sorted([str(first.user_id), str(second.user_id)])
    updated = await admin.patch(path, json={"member_ids": members[::-1]})
    assert updated.status_code == 200, updated.text
    assert (updated.json()["name"], updated.json()["member_ids"]) == ("Support", members)
    renamed = (await admin.patch(path, json={"name": "Customer care"})).json()
    assert (renamed["name"], renamed["member_ids"]) == ("Customer care", members)
    assert (await admin.patch(path, json={"name": "Sales"})).status_code == 409
    bad_members = await admin.patch(path, json={"member_ids": [str(uuid.uuid4())]})
    assert bad_members.status_code == 422

    listed = (await admin.get("/api/inbox-teams")).json()["data"]
    assert [(t["name"], t["member_ids"]) for t in listed] == [
        ("Customer care", members),
        ("Sales", []),
    ]
    # Agents see the teams (to assign), but only managers change them.
    agent = await app.login(first)
    assert (await agent.get("/api/inbox-teams")).json()["data"] == listed
    assert (await agent.post("/api/inbox-teams", json={"name": "Mine"})).status_code == 403
    assert (await agent.delete(path)).status_code == 403


async def test_deleting_a_team_unassigns_its_conversations_and_tells_the_inbox(
    app: Harness,
) -> None:
    sessions = app.services.sessions
    account = await create_workspace(sessions)
    admin = await app.login(account)
    team = (await admin.post("/api/inbox-teams", json={"name": "Billing"})).json()
    kept = (await admin.post("/api/inbox-teams", json={"name": "Kept"})).json()
    conversation = await start_conversation(sessions, account)
    elsewhere = await start_conversation(sessions, account)
    path = f"/api/conversations/{conversation.id}"
    assigned = await admin.patch(
        path, json={"assignee_team_id": team["id"], "assignee_user_id": str(account.user_id)}
    )
    assert assigned.status_code == 200, assigned.text
    await admin.patch(f"/api/conversations/{elsewhere.id}", json={"assignee_team_id": kept["id"]})

    cookie = f"fluxo_session={admin.cookies['fluxo_session']}"
    async with websockets.connect(
        f"{app.ws_base}/api/ws", additional_headers={"Cookie": cookie}
    ) as socket:
        assert (await admin.delete(f"/api/inbox-teams/{team['id']}")).status_code == 204
        event = json.loads(await asyncio.wait_for(socket.recv(), timeout=20))
    assert event["type"] == "conversation"
    assert event["conversation"]["id"] == str(conversation.id)
    assert event["conversation"]["assignee_team_id"] is None

    after = (await admin.get(path)).json()
    assert after["assignee_team_id"] is None
    assert after["assignee_user_id"] == str(account.user_id)
    untouched = (await admin.get(f"/api/conversations/{elsewhere.id}")).json()
    assert untouched["assignee_team_id"] == kept["id"]
    assert [t["name"] for t in (await admin.get("/api/inbox-teams")).json()["data"]] == ["Kept"]
    assert (await admin.delete(f"/api/inbox-teams/{team['id']}")).status_code == 404


async def test_another_workspace_cannot_touch_our_teams(app: Harness) -> None:
    sessions = app.services.sessions
    ours = await create_workspace(sessions)
    theirs = await create_workspace(sessions)
    admin = await app.login(ours)
    intruder = await app.login(theirs)
    team = (await admin.post("/api/inbox-teams", json={"name": "Ours"})).json()
    conversation = await start_conversation(sessions, theirs)

    path = f"/api/inbox-teams/{team['id']}"
    assert (await intruder.patch(path, json={"name": "Taken"})).status_code == 404
    assert (await intruder.delete(path)).status_code == 404
    assert (await intruder.get("/api/inbox-teams")).json()["data"] == []
    # Nor assign their conversation to our team.
    refused = await intruder.patch(
        f"/api/conversations/{conversation.id}", json={"assignee_team_id": team["id"]}
    )
    assert refused.status_code == 422
    assert (await admin.get("/api/inbox-teams")).json()["data"] == [team]
