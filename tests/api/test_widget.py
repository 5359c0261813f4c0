"""The web chat widget's endpoints: sessions, messages, and the visitor's live socket."""

from typing import Any

from tests.factories import create_workspace
from tests.support.harness import Harness
from tests.support.waiting import eventually
from tests.support.widget import (
    next_event,
    post_visitor_message,
    visitor_history,
    visitor_socket,
)


async def test_message_posted_twice_is_stored_once(app: Harness) -> None:
    account = await create_workspace(app.services.sessions)
    token = await app.visitor_token(account)

    assert await post_visitor_message(app, account, token, "Olá!", "retry-1") == 202
    assert await post_visitor_message(app, account, token, "Olá!", "retry-1") == 202
    assert await post_visitor_message(app, account, token, "Second", "retry-2") == 202

    async def both_stored() -> list[Any] | None:
        history = await visitor_history(app, account, token)
        return history if len(history) >= 2 else None

    history = await eventually(both_stored)
    assert [m["text"] for m in history] == ["Olá!", "Second"]
    # Settle: a late duplicate would show up as a third row.
    conversations = (await (await app.login(account)).get("/api/conversations")).json()["data"]
    assert len(conversations) == 1
    assert conversations[0]["unread_count"] == 2


async def test_agent_reply_reaches_the_widget_socket(sqlite_app: Harness) -> None:
    app = sqlite_app
    account = await create_workspace(app.services.sessions)
    token = await app.visitor_token(account)
    agent = await app.login(account)

    async with visitor_socket(app, account, token) as socket:
        assert await post_visitor_message(app, account, token, "Preciso de ajuda") == 202
        echoed = await next_event(socket)
        assert echoed["message"]["text"] == "Preciso de ajuda"
        conversation_id = echoed["message"]["conversation_id"]

        reply = await agent.post(
            f"/api/conversations/{conversation_id}/messages", json={"text": "Claro! Em que posso?"}
        )
        assert reply.status_code == 202, reply.text
        assert reply.json()["status"] == "queued"

        delivered = await next_event(socket)
        assert delivered["message"]["id"] == reply.json()["id"]
        assert delivered["message"]["direction"] == "outbound"
        assert delivered["message"]["text"] == "Claro! Em que posso?"

    # The widget hears the reply as the channel delivers it; `sent` is stored just after.
    async def statuses() -> list[tuple[str, str]] | None:
        response = await agent.get(f"/api/conversations/{conversation_id}/messages")
        found = [(m["direction"], m["status"]) for m in response.json()["data"]]
        return found if ("outbound", "queued") not in found else None

    assert await eventually(statuses) == [("inbound", "received"), ("outbound", "sent")]


async def test_unknown_channel_key_is_refused_with_a_hint(sqlite_app: Harness) -> None:
    response = await sqlite_app.http().post("/api/widget/nope/sessions", json={})
    assert response.status_code == 404
    assert "data-fluxo-key" in response.json()["detail"]


async def test_tampered_visitor_token_is_refused(sqlite_app: Harness) -> None:
    app = sqlite_app
    account = await create_workspace(app.services.sessions)
    token = await app.visitor_token(account)
    forged = token[:-2] + ("00" if not token.endswith("00") else "11")
    assert await post_visitor_message(app, account, forged, "hi") == 401
    other = await create_workspace(app.services.sessions)
    # A token signed for one channel is worthless on another.
    assert await post_visitor_message(app, other, token, "hi") == 401


async def test_session_resumes_a_valid_token_and_replaces_a_bad_one(sqlite_app: Harness) -> None:
    app = sqlite_app
    account = await create_workspace(app.services.sessions)
    token = await app.visitor_token(account)
    url = f"/api/widget/{account.channel_key}/sessions"
    resumed = await app.http().post(url, json={"visitor_token": token})
    assert resumed.json() == {"visitor_token": token, "channel_name": "Site chat"}
    replaced = await app.http().post(url, json={"visitor_token": "garbage"})
    assert replaced.json()["visitor_token"] != "garbage"


async def test_bad_message_bodies_get_field_level_errors(sqlite_app: Harness) -> None:
    app = sqlite_app
    account = await create_workspace(app.services.sessions)
    token = await app.visitor_token(account)
    url = f"/api/widget/{account.channel_key}/messages"
    headers = {"X-Fluxo-Visitor": token}
    cases = [
        ({"client_message_id": "a", "text": "   "}, "text"),
        ({"client_message_id": "a b", "text": "hi"}, "client_message_id"),
        ({"client_message_id": "a", "text": "x" * 5000}, "text"),
        ({"text": "hi"}, "client_message_id"),
    ]
    for body, field in cases:
        response = await app.http().post(url, headers=headers, json=body)
        assert response.status_code == 422, body
        assert response.json()["detail"][0]["loc"][-1] == field
    assert await visitor_history(app, account, token) == []
