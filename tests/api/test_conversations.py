"""The inbox API: listing, reading, replying, and live events, scoped to one workspace."""

import json
import uuid
from typing import Any

import httpx
import websockets

from tests.factories import create_workspace
from tests.support.harness import Harness
from tests.support.waiting import eventually
from tests.support.widget import post_visitor_message


async def _conversation_of(app: Harness, agent: httpx.AsyncClient) -> dict[str, Any]:
    async def listed() -> dict[str, Any] | None:
        data: list[dict[str, Any]] = (await agent.get("/api/conversations")).json()["data"]
        return data[0] if data else None

    return await eventually(listed)


async def test_workspaces_never_see_each_others_conversations(app: Harness) -> None:
    ours = await create_workspace(app.services.sessions)
    theirs = await create_workspace(app.services.sessions)
    token = await app.visitor_token(ours)
    assert await post_visitor_message(app, ours, token, "segredo") == 202

    our_agent = await app.login(ours)
    their_agent = await app.login(theirs)
    conversation = await _conversation_of(app, our_agent)
    conversation_id = conversation["id"]

    assert (await their_agent.get("/api/conversations")).json()["data"] == []
    for method, path, body in [
        ("GET", f"/api/conversations/{conversation_id}", None),
        ("GET", f"/api/conversations/{conversation_id}/messages", None),
        ("POST", f"/api/conversations/{conversation_id}/messages", {"text": "intrusion"}),
        ("POST", f"/api/conversations/{conversation_id}/read", None),
    ]:
        response = await their_agent.request(method, path, json=body)
        assert response.status_code == 404, (method, path)
    messages = (await our_agent.get(f"/api/conversations/{conversation_id}/messages")).json()
    assert [m["text"] for m in messages["data"]] == ["segredo"]


async def test_inbox_socket_streams_new_messages_of_its_workspace_only(
    sqlite_app: Harness,
) -> None:
    app = sqlite_app
    ours = await create_workspace(app.services.sessions)
    theirs = await create_workspace(app.services.sessions)
    agent = await app.login(ours)
    cookie = f"fluxo_session={agent.cookies['fluxo_session']}"
    async with websockets.connect(
        f"{app.ws_base}/api/ws", additional_headers={"Cookie": cookie}
    ) as socket:
        their_token = await app.visitor_token(theirs)
        assert await post_visitor_message(app, theirs, their_token, "not for you") == 202
        our_token = await app.visitor_token(ours)
        assert await post_visitor_message(app, ours, our_token, "for you") == 202
        first = json.loads(await socket.recv())
        second = json.loads(await socket.recv())
    assert first["type"] == "message" and first["message"]["text"] == "for you"
    assert second["type"] == "conversation"
    assert second["conversation"]["last_message_preview"] == "for you"
    assert second["conversation"]["unread_count"] == 1


async def test_reading_a_conversation_clears_its_unread_count(sqlite_app: Harness) -> None:
    app = sqlite_app
    account = await create_workspace(app.services.sessions)
    token = await app.visitor_token(account)
    await post_visitor_message(app, account, token, "one")
    agent = await app.login(account)
    conversation = await _conversation_of(app, agent)
    read = await agent.post(f"/api/conversations/{conversation['id']}/read")
    assert read.status_code == 200
    assert read.json()["unread_count"] == 0


async def test_reply_to_a_missing_conversation_is_404_and_empty_text_is_422(
    sqlite_app: Harness,
) -> None:
    account = await create_workspace(sqlite_app.services.sessions)
    agent = await sqlite_app.login(account)
    missing = await agent.post(f"/api/conversations/{uuid.uuid4()}/messages", json={"text": "x"})
    assert missing.status_code == 404
    assert missing.json()["detail"] == "Conversation not found."
    blank = await agent.post(f"/api/conversations/{uuid.uuid4()}/messages", json={"text": ""})
    assert blank.status_code == 422
