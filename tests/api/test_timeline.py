"""A contact's timeline: events, messages and conversations merged newest first, paged by time."""

import uuid
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx
import pytest
from temporalio.client import Client

from domain.timeutil import utcnow
from stores.tables.contacts import ContactEvent
from tests.api.privacy_support import create_contact
from tests.factories import WorkspaceFixture, create_workspace
from tests.support.harness import Harness, make_settings, running_app
from tests.support.waiting import eventually
from tests.support.widget import post_visitor_message

UI = "http://temporal.example:8233"


@pytest.fixture
async def ui_app(
    tmp_path: Path, database_url: str, temporal_client: Client
) -> AsyncIterator[Harness]:
    """The app, on each database, knowing where the Temporal Web UI is."""
    settings = make_settings(tmp_path, database_url, FLUXO_TEMPORAL_UI_URL=UI)
    async with running_app(settings, temporal_client) as harness:
        yield harness


async def _chat(app: Harness, account: WorkspaceFixture, agent: httpx.AsyncClient) -> Any:
    token = await app.visitor_token(account)
    for text in ("olá", "quero saber o preço"):
        assert await post_visitor_message(app, account, token, text) == 202

    async def stored() -> Any:
        data = (await agent.get("/api/conversations")).json()["data"]
        if not data:
            return None
        messages = (await agent.get(f"/api/conversations/{data[0]['id']}/messages")).json()
        return data[0] if len(messages["data"]) == 2 else None

    return await eventually(stored)


async def _pages(agent: httpx.AsyncClient, contact_id: str, limit: int) -> list[dict[str, Any]]:
    entries: list[dict[str, Any]] = []
    before: str | None = None
    for _ in range(20):
        params: dict[str, Any] = {"limit": limit} | ({"before": before} if before else {})
        page = await agent.get(f"/api/contacts/{contact_id}/timeline", params=params)
        assert page.status_code == 200, page.text
        entries += page.json()["data"]
        before = page.json()["next_before"]
        if before is None:
            return entries
    raise AssertionError("the timeline never ended")


async def test_timeline_merges_events_messages_and_conversations(ui_app: Harness) -> None:
    app = ui_app
    account = await create_workspace(app.services.sessions)
    agent = await app.login(account)
    conversation = await _chat(app, account, agent)
    contact_id = conversation["contact_id"]
    opt_out = await agent.put(
        f"/api/contacts/{contact_id}/consent/webchat",
        json={"status": "opted_out", "source": "agent", "proof": "asked in chat"},
    )
    assert opt_out.status_code == 200
    async with app.services.sessions() as session, session.begin():
        # What a flow records when the contact enters it (a later issue writes these).
        session.add(
            ContactEvent(
                workspace_id=account.workspace_id,
                contact_id=uuid.UUID(contact_id),
                kind="flow_entered",
                details={"flow": "welcome"},
                workflow_id="flow/ws/welcome",
                run_id="run-1",
                created_at=utcnow() + timedelta(seconds=1),
            )
        )

    entries = await _pages(agent, contact_id, limit=50)

    times = [e["at"] for e in entries]
    assert times == sorted(times, reverse=True)
    flow, consent, second = entries[:3]
    # The contact, its conversation and its first message begin at the same instant.
    [created] = [e for e in entries[3:] if e["kind"] == "created"]
    rest = [e for e in entries[3:] if e["kind"] != "created"]
    started, first = sorted(rest, key=lambda e: e["kind"] == "message")
    assert created["at"] == first["at"]
    assert [e["kind"] for e in (flow, consent, second, started, first)] == [
        "flow_entered",
        "consent_changed",
        "message",
        "conversation_started",
        "message",
    ]
    assert started["at"] == first["at"]
    assert (
        flow["temporal_url"]
        == f"{UI}/namespaces/default/workflows/flow%2Fws%2Fwelcome/run-1/history"
    )
    assert (flow["workflow_id"], flow["run_id"]) == ("flow/ws/welcome", "run-1")
    assert consent["details"]["proof"] == "asked in chat"
    assert consent["actor_user_id"] == str(account.user_id)
    assert started["workflow_id"] == conversation["workflow_id"]
    assert started["conversation_id"] == conversation["id"]
    assert started["temporal_url"] == (
        f"{UI}/namespaces/default/workflows/{quote(conversation['workflow_id'], safe='')}"
    )
    assert [m["details"] for m in (first, second)] == [
        {"direction": "inbound", "channel": "webchat", "text": "olá", "status": "received"},
        {
            "direction": "inbound",
            "channel": "webchat",
            "text": "quero saber o preço",
            "status": "received",
        },
    ]
    assert {m["conversation_id"] for m in (first, second)} == {conversation["id"]}


async def test_timeline_pages_by_keyset_without_gaps_or_repeats(ui_app: Harness) -> None:
    app = ui_app
    account = await create_workspace(app.services.sessions)
    contact_id = await create_contact(app.services.sessions, account)
    agent = await app.login(account)
    same_time = utcnow()
    async with app.services.sessions() as session, session.begin():
        # Several events at one instant: the id breaks the tie, so paging loses none.
        for index in range(7):
            session.add(
                ContactEvent(
                    workspace_id=account.workspace_id,
                    contact_id=contact_id,
                    kind="tag_added",
                    details={"tag": f"t{index}"},
                    created_at=same_time,
                )
            )

    everything = await _pages(agent, str(contact_id), limit=50)
    paged = await _pages(agent, str(contact_id), limit=3)

    assert len(everything) == 8  # seven tags and the contact's `created` event
    assert [e["id"] for e in paged] == [e["id"] for e in everything]
    assert everything[-1]["kind"] == "created"
    assert {e["summary"] for e in everything[:7]} == {f"Tagged t{i}" for i in range(7)}
    older = await agent.get(
        f"/api/contacts/{contact_id}/timeline", params={"before": same_time.isoformat()}
    )
    assert [e["kind"] for e in older.json()["data"]] == ["created"]


async def test_timeline_answers_what_to_fix(ui_app: Harness) -> None:
    app = ui_app
    account = await create_workspace(app.services.sessions)
    contact_id = await create_contact(app.services.sessions, account)
    agent = await app.login(account)
    base = f"/api/contacts/{contact_id}/timeline"

    bad_cursor = await agent.get(base, params={"before": "%%%"})
    bad_limit = await agent.get(base, params={"limit": 0})

    assert bad_cursor.status_code == 422 and "before" in bad_cursor.json()["detail"]
    assert bad_limit.status_code == 422
    missing = await agent.get("/api/contacts/00000000-0000-0000-0000-000000000000/timeline")
    assert missing.status_code == 404
