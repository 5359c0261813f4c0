"""Working conversations over HTTP: the filtered list and its cursor, counts, PATCH of every
field (and its refusals), labels, private notes with their live event, and the snooze handed
to the conversation's workflow."""

import asyncio
import json
import uuid
from datetime import datetime, timedelta
from typing import Any

import httpx
import websockets
from temporalio.api.enums.v1 import EventType

from domain.conversations import ConversationSnapshot, SnoozeWake
from domain.enums import ChannelKind, ConversationStatus, Role
from domain.timeutil import utcnow
from temporal.names import GET_STATE_QUERY, SCHEDULE_WAKE_SIGNAL
from tests.api.team_support import add_member, create_key
from tests.factories import WorkspaceFixture, create_workspace
from tests.support.harness import Harness
from tests.support.inbox import add_channel, set_last_message_at, start_conversation
from tests.support.waiting import eventually
from tests.support.widget import post_visitor_message
from tests.workflows.flow_support import NEW_CONTACT, publish
from tests.workflows.test_take_over import nudge


def inbox_socket(app: Harness, agent: httpx.AsyncClient) -> Any:
    cookie = f"fluxo_session={agent.cookies['fluxo_session']}"
    return websockets.connect(f"{app.ws_base}/api/ws", additional_headers={"Cookie": cookie})


async def next_of_type(socket: Any, kind: str) -> dict[str, Any]:
    """The next event of `kind`; the worker's own events may come first."""
    while True:
        event: dict[str, Any] = json.loads(await asyncio.wait_for(socket.recv(), timeout=20))
        if event["type"] == kind:
            return event


async def listed(agent: httpx.AsyncClient, query: str = "") -> list[str]:
    response = await agent.get(f"/api/conversations{query}")
    assert response.status_code == 200, response.text
    return [c["id"] for c in response.json()["data"]]


async def test_list_filters_pages_and_refuses_bad_parameters(app: Harness) -> None:
    sessions = app.services.sessions
    account = await create_workspace(sessions)
    colleague = await add_member(sessions, account, Role.agent)
    sms = await add_channel(sessions, account, ChannelKind.sms)
    mine = await start_conversation(
        sessions, account, assignee_user_id=account.user_id, contact={"name": "Maria Lima"}
    )
    theirs = await start_conversation(
        sessions,
        account,
        channel_id=sms,
        kind=ChannelKind.sms,
        assignee_user_id=colleague.user_id,
        status=ConversationStatus.pending,
        unread_count=0,
    )
    nobody = await start_conversation(sessions, account, unread_count=0)
    await set_last_message_at(sessions, nobody.id, None)
    agent = await app.login(account)

    assert await listed(agent) == [str(theirs.id), str(mine.id), str(nobody.id)]
    assert await listed(agent, "?assignee=me") == [str(mine.id)]
    assert await listed(agent, f"?assignee={colleague.user_id}") == [str(theirs.id)]
    assert await listed(agent, "?assignee=unassigned") == [str(nobody.id)]
    assert await listed(agent, "?status=pending") == [str(theirs.id)]
    assert await listed(agent, "?channel=sms") == [str(theirs.id)]
    assert await listed(agent, f"?channel_id={account.channel_id}") == [
        str(mine.id),
        str(nobody.id),
    ]
    assert await listed(agent, "?unread=true") == [str(mine.id)]
    assert await listed(agent, "?unread=false") == await listed(agent)
    assert await listed(agent, "?q=maria") == [str(mine.id)]

    first = (await agent.get("/api/conversations?limit=2")).json()
    assert len(first["data"]) == 2 and first["next_cursor"]
    rest = (await agent.get(f"/api/conversations?limit=2&cursor={first['next_cursor']}")).json()
    assert [c["id"] for c in rest["data"]] == [str(nobody.id)] and rest["next_cursor"] is None

    for query, field in [
        ("?assignee=someone", "assignee"),
        ("?status=snoozing", "status"),
        ("?channel=fax", "channel"),
        ("?limit=0", "limit"),
    ]:
        response = await agent.get(f"/api/conversations{query}")
        assert response.status_code == 422, query
        assert response.json()["detail"][0]["loc"] == ["query", field], response.text
    bad_cursor = await agent.get("/api/conversations?cursor=garbage")
    assert bad_cursor.status_code == 422
    assert "start again without one" in bad_cursor.json()["detail"]


async def test_counts_follow_patches(app: Harness) -> None:
    sessions = app.services.sessions
    account = await create_workspace(sessions)
    first = await start_conversation(sessions, account)
    await start_conversation(sessions, account, status=ConversationStatus.closed)
    agent = await app.login(account)

    counts = (await agent.get("/api/conversations/counts")).json()
    assert counts == {
        "open": 1,
        "pending": 0,
        "snoozed": 0,
        "closed": 1,
        "unread": 1,
        "mine": 0,
        "unassigned": 1,
    }
    patched = await agent.patch(
        f"/api/conversations/{first.id}",
        json={"status": "pending", "assignee_user_id": str(account.user_id)},
    )
    assert patched.status_code == 200, patched.text
    counts = (await agent.get("/api/conversations/counts")).json()
    assert (counts["open"], counts["pending"], counts["mine"], counts["unassigned"]) == (0, 1, 1, 0)
    other = await app.login(await create_workspace(sessions))
    assert set((await other.get("/api/conversations/counts")).json().values()) == {0}


async def test_patch_changes_named_fields_and_tells_the_inbox(app: Harness) -> None:
    sessions = app.services.sessions
    account = await create_workspace(sessions)
    colleague = await add_member(sessions, account, Role.agent)
    conversation = await start_conversation(sessions, account)
    agent = await app.login(account)
    team = await agent.post("/api/inbox-teams", json={"name": "Support", "member_ids": []})
    team_id = team.json()["id"]
    path = f"/api/conversations/{conversation.id}"

    async with inbox_socket(app, agent) as socket:
        response = await agent.patch(
            path,
            json={
                "assignee_user_id": str(colleague.user_id),
                "assignee_team_id": team_id,
                "mode": "bot",
                "status": "pending",
            },
        )
        assert response.status_code == 200, response.text
        event = await next_of_type(socket, "conversation")
    body = response.json()
    assert event["conversation"] == body
    assert (body["assignee_user_id"], body["assignee_team_id"]) == (str(colleague.user_id), team_id)
    assert (body["mode"], body["status"]) == ("bot", "pending")

    cleared = (await agent.patch(path, json={"assignee_user_id": None})).json()
    assert cleared["assignee_user_id"] is None and cleared["assignee_team_id"] == team_id
    assert cleared["mode"] == "bot" and cleared["status"] == "pending"
    cleared = (await agent.patch(path, json={"assignee_team_id": None, "mode": "human"})).json()
    assert cleared["assignee_team_id"] is None and cleared["mode"] == "human"
    assert (await agent.get(path)).json() == cleared


async def test_patch_refusals_name_the_field_and_change_nothing(app: Harness) -> None:
    sessions = app.services.sessions
    account = await create_workspace(sessions)
    other = await create_workspace(sessions)
    conversation = await start_conversation(sessions, account)
    agent = await app.login(account)
    path = f"/api/conversations/{conversation.id}"
    before = (await agent.get(path)).json()
    past = (utcnow() - timedelta(minutes=5)).isoformat()

    for body, field, words in [
        ({"snoozed_until": past}, "snoozed_until", "choose a time in the future"),
        ({"snoozed_until": "2999-01-01T09:00:00"}, "snoozed_until", "offset"),
        ({"status": "snoozed"}, "status", ""),
        ({"status": None}, "status", "cannot be null"),
        ({"mode": "robot"}, "mode", ""),
        ({"assignee_user_id": str(other.user_id)}, "assignee_user_id", str(other.user_id)),
        ({"assignee_user_id": "not-a-uuid"}, "assignee_user_id", ""),
        ({"assignee_team_id": str(uuid.uuid4())}, "assignee_team_id", "no such team"),
        ({"colour": "red"}, "colour", ""),
    ]:
        response = await agent.patch(path, json=body)
        assert response.status_code == 422, (body, response.text)
        problem = response.json()["detail"][0]
        assert problem["loc"] == ["body", field], (body, problem)
        assert words in problem["msg"], (body, problem)
    assert (await agent.get(path)).json() == before

    intruder = await app.login(other)
    for method, target, body in [
        ("PATCH", path, {"status": "closed"}),
        ("PUT", f"{path}/labels", {"labels": ["x"]}),
        ("GET", f"{path}/notes", None),
        ("POST", f"{path}/notes", {"body": "x"}),
    ]:
        response = await intruder.request(method, target, json=body)
        assert response.status_code == 404, (method, target)
        assert response.json()["detail"] == "Conversation not found."
    assert (await agent.get(path)).json() == before


async def test_reading_with_a_read_only_key_but_not_changing(app: Harness) -> None:
    sessions = app.services.sessions
    account = await create_workspace(sessions)
    conversation = await start_conversation(sessions, account)
    owner = await app.login(account)
    key = await create_key(owner, "inbox:read")
    reader = app.http(headers={"Authorization": f"Bearer {key}"})
    assert (await reader.get("/api/conversations/counts")).status_code == 200
    assert (await reader.get(f"/api/conversations/{conversation.id}/notes")).status_code == 200
    for method, target, body in [
        ("PATCH", f"/api/conversations/{conversation.id}", {"status": "closed"}),
        ("PUT", f"/api/conversations/{conversation.id}/labels", {"labels": ["x"]}),
        ("POST", f"/api/conversations/{conversation.id}/notes", {"body": "x"}),
    ]:
        response = await reader.request(method, target, json=body)
        assert response.status_code == 403, (method, target, response.text)


async def test_labels_are_normalised_listed_and_filtered(app: Harness) -> None:
    sessions = app.services.sessions
    account = await create_workspace(sessions)
    first = await start_conversation(sessions, account)
    second = await start_conversation(sessions, account)
    agent = await app.login(account)

    response = await agent.put(
        f"/api/conversations/{first.id}/labels", json={"labels": [" VIP", "vip ", "Billing"]}
    )
    assert response.status_code == 200, response.text
    assert response.json()["labels"] == ["billing", "vip"]
    await agent.put(f"/api/conversations/{second.id}/labels", json={"labels": ["vip"]})
    labels = (await agent.get("/api/conversation-labels")).json()
    assert labels == {"data": [{"label": "billing", "count": 1}, {"label": "vip", "count": 2}]}
    assert await listed(agent, "?label=billing") == [str(first.id)]
    assert await listed(agent, "?label=VIP") == [str(second.id), str(first.id)]

    for labels_sent in (["   "], ["x" * 51], [f"label{i}" for i in range(21)]):
        refused = await agent.put(
            f"/api/conversations/{first.id}/labels", json={"labels": labels_sent}
        )
        assert refused.status_code == 422, labels_sent
        assert refused.json()["detail"][0]["loc"][:2] == ["body", "labels"]
    assert (await agent.get(f"/api/conversations/{first.id}")).json()["labels"] == [
        "billing",
        "vip",
    ]


async def test_notes_are_listed_oldest_first_and_announced_live(app: Harness) -> None:
    sessions = app.services.sessions
    account = await create_workspace(sessions)
    colleague = await add_member(sessions, account, Role.agent)
    conversation = await start_conversation(sessions, account)
    agent = await app.login(account)
    other_agent = await app.login(colleague)
    path = f"/api/conversations/{conversation.id}/notes"

    async with inbox_socket(app, other_agent) as socket:
        created = await agent.post(path, json={"body": "  Called them, waiting on the invoice  "})
        assert created.status_code == 201, created.text
        event = await next_of_type(socket, "note")
    note = created.json()
    assert event["note"] == note
    assert note["body"] == "Called them, waiting on the invoice"
    assert (note["author_user_id"], note["author_name"]) == (str(account.user_id), "Test Agent")
    assert note["conversation_id"] == str(conversation.id)
    await other_agent.post(path, json={"body": "Invoice sent"})

    notes = (await agent.get(path)).json()["data"]
    assert [n["body"] for n in notes] == ["Called them, waiting on the invoice", "Invoice sent"]
    assert notes[1]["author_name"] == "Team Member"
    for body in ("", "   ", "x" * 4001):
        assert (await agent.post(path, json={"body": body})).status_code == 422


async def _schedule_wake_signals(app: Harness, workflow_id: str) -> list[SnoozeWake]:
    handle = app.temporal.get_workflow_handle(workflow_id)
    history = await handle.fetch_history()
    wakes: list[SnoozeWake] = []
    for event in history.events:
        if event.event_type != EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED:
            continue
        signaled = event.workflow_execution_signaled_event_attributes
        if signaled.signal_name == SCHEDULE_WAKE_SIGNAL:
            (wake,) = await app.temporal.data_converter.decode(
                signaled.input.payloads, [SnoozeWake]
            )
            wakes.append(wake)
    return wakes


async def _workflow_snooze_is(
    app: Harness, conversation: dict[str, Any], until: datetime | None
) -> bool:
    """The conversation's workflow holds this wake-up time (the timer that reopens it)."""
    handle = app.temporal.get_workflow_handle(conversation["workflow_id"])
    snapshot: ConversationSnapshot = await handle.query(
        GET_STATE_QUERY, result_type=ConversationSnapshot
    )
    return snapshot.state.snoozed_until == until


async def _visitor_conversation(app: Harness, account: WorkspaceFixture) -> dict[str, Any]:
    token = await app.visitor_token(account)
    assert await post_visitor_message(app, account, token, "call me tomorrow") == 202
    agent = await app.login(account)

    async def first() -> dict[str, Any] | None:
        data: list[dict[str, Any]] = (await agent.get("/api/conversations")).json()["data"]
        return data[0] if data else None

    return await eventually(first)


async def test_snooze_and_reopen_are_handed_to_the_workflow(app: Harness) -> None:
    account = await create_workspace(app.services.sessions)
    conversation = await _visitor_conversation(app, account)
    agent = await app.login(account)
    path = f"/api/conversations/{conversation['id']}"
    until = (utcnow() + timedelta(hours=5)).replace(microsecond=0)

    snoozed = await agent.patch(path, json={"snoozed_until": until.isoformat()})
    assert snoozed.status_code == 200, snoozed.text
    assert snoozed.json()["status"] == "snoozed"
    assert await eventually(lambda: _workflow_snooze_is(app, conversation, until))
    counts = (await agent.get("/api/conversations/counts")).json()
    assert (counts["snoozed"], counts["open"]) == (1, 0)
    # An assignment while snoozed sends nothing; reopening cancels the wake-up.
    await agent.patch(path, json={"assignee_user_id": str(account.user_id)})
    reopened = await agent.patch(path, json={"status": "open"})
    assert reopened.json()["snoozed_until"] is None

    async def both_signals() -> list[SnoozeWake] | None:
        wakes = await _schedule_wake_signals(app, conversation["workflow_id"])
        return wakes if len(wakes) >= 2 else None

    wakes = await eventually(both_signals)
    assert await eventually(lambda: _workflow_snooze_is(app, conversation, None))
    assert [w.until for w in wakes] == [until, None]
    assert {w.conversation_id for w in wakes} == {uuid.UUID(conversation["id"])}


async def test_taking_over_from_the_bot_stops_it_in_the_workflow_at_once(
    sqlite_app: Harness,
) -> None:
    app = sqlite_app
    account = await create_workspace(app.services.sessions)
    await publish(app.services.sessions, account.workspace_id, nudge(), NEW_CONTACT)
    conversation = await _visitor_conversation(app, account)
    handle = app.temporal.get_workflow_handle(conversation["workflow_id"])

    async def bot_waits() -> bool:
        snapshot = await handle.query(GET_STATE_QUERY, result_type=ConversationSnapshot)
        run = snapshot.state.flow_run
        return run is not None and run.resume_at is not None

    assert await eventually(bot_waits)
    agent = await app.login(account)
    taken = await agent.patch(f"/api/conversations/{conversation['id']}", json={"mode": "human"})
    assert taken.status_code == 200, taken.text

    async def bot_stopped() -> bool:
        snapshot = await handle.query(GET_STATE_QUERY, result_type=ConversationSnapshot)
        return snapshot.state.flow_run is None

    # No further message needed: the hour-long delay is gone now.
    assert await eventually(bot_stopped)
