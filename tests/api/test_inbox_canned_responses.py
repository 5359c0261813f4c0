"""Canned responses over HTTP: create, search, edit, delete, a shortcut unique per workspace,
and nothing of one workspace reachable from another."""

import uuid

from domain.enums import Role
from tests.api.team_support import add_member, create_key
from tests.factories import create_workspace
from tests.support.harness import Harness

GREETING = {
    "shortcut": "hello",
    "title": "Greeting",
    "body": "Hi {{contact.first_name}}, this is {{agent.name}}. How can I help?",
}


async def test_canned_responses_crud_search_and_conflicts(app: Harness) -> None:
    account = await create_workspace(app.services.sessions)
    agent = await app.login(await add_member(app.services.sessions, account, Role.agent))

    created = await agent.post("/api/canned-responses", json=GREETING)
    assert created.status_code == 201, created.text
    greeting = created.json()
    assert {k: greeting[k] for k in GREETING} == GREETING
    assert greeting["created_at"] == greeting["updated_at"]
    refund = await agent.post(
        "/api/canned-responses",
        json={"shortcut": "refund_policy", "title": "  Refunds ", "body": "Within 30 days."},
    )
    assert refund.status_code == 201 and refund.json()["title"] == "Refunds"

    taken = await agent.post("/api/canned-responses", json={**GREETING, "title": "Again"})
    assert taken.status_code == 409
    assert taken.json()["detail"] == "a canned response with this shortcut exists"

    everything = (await agent.get("/api/canned-responses")).json()["data"]
    assert [r["shortcut"] for r in everything] == ["hello", "refund_policy"]
    for q, expected in [("HELP", ["hello"]), ("30 days", ["refund_policy"]), ("zzz", [])]:
        found = (await agent.get("/api/canned-responses", params={"q": q})).json()["data"]
        assert [r["shortcut"] for r in found] == expected, q

    path = f"/api/canned-responses/{greeting['id']}"
    edited = await agent.patch(path, json={"title": "Hello there"})
    assert edited.status_code == 200, edited.text
    assert edited.json()["title"] == "Hello there" and edited.json()["body"] == GREETING["body"]
    assert edited.json()["updated_at"] > greeting["updated_at"]
    clash = await agent.patch(path, json={"shortcut": "refund_policy"})
    assert clash.status_code == 409
    renamed = await agent.patch(path, json={"shortcut": "hi"})
    assert renamed.json()["shortcut"] == "hi"

    assert (await agent.delete(path)).status_code == 204
    assert (await agent.delete(path)).status_code == 404
    assert (await agent.patch(path, json={"title": "x"})).status_code == 404
    # The shortcut is free again once its response is gone.
    again = await agent.post("/api/canned-responses", json={**GREETING, "shortcut": "hi"})
    assert again.status_code == 201


async def test_invalid_canned_responses_are_422_naming_the_field(app: Harness) -> None:
    account = await create_workspace(app.services.sessions)
    agent = await app.login(account)
    changes: list[tuple[dict[str, object], str]] = [
        ({"shortcut": "Hello"}, "shortcut"),
        ({"shortcut": "with space"}, "shortcut"),
        ({"shortcut": "x" * 41}, "shortcut"),
        ({"title": "   "}, "title"),
        ({"body": "x" * 4097}, "body"),
        ({"extra": 1}, "extra"),
    ]
    for change, field in changes:
        response = await agent.post("/api/canned-responses", json={**GREETING, **change})
        assert response.status_code == 422, change
        assert response.json()["detail"][0]["loc"] == ["body", field], response.text
    assert (await agent.get("/api/canned-responses")).json()["data"] == []


async def test_canned_responses_stay_in_their_workspace(app: Harness) -> None:
    ours = await create_workspace(app.services.sessions)
    theirs = await create_workspace(app.services.sessions)
    our_agent = await app.login(ours)
    their_agent = await app.login(theirs)
    ours_created = (await our_agent.post("/api/canned-responses", json=GREETING)).json()
    # The same shortcut is free in another workspace.
    assert (await their_agent.post("/api/canned-responses", json=GREETING)).status_code == 201

    theirs_listed = (await their_agent.get("/api/canned-responses")).json()["data"]
    assert len(theirs_listed) == 1 and theirs_listed[0]["id"] != ours_created["id"]
    path = f"/api/canned-responses/{ours_created['id']}"
    assert (await their_agent.patch(path, json={"title": "mine now"})).status_code == 404
    assert (await their_agent.delete(path)).status_code == 404
    assert (await their_agent.delete(f"/api/canned-responses/{uuid.uuid4()}")).status_code == 404
    (still,) = (await our_agent.get("/api/canned-responses")).json()["data"]
    assert still == ours_created

    reader = app.http(
        headers={"Authorization": f"Bearer {await create_key(our_agent, 'inbox:read')}"}
    )
    assert (await reader.get("/api/canned-responses")).status_code == 200
    assert (await reader.post("/api/canned-responses", json=GREETING)).status_code == 403
    assert (await reader.delete(path)).status_code == 403
