"""Settings → AI over HTTP: the endpoint and model saved, the key write-only and encrypted,
changes audited, the connection test through the real client, and token usage per day."""

import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import text
from sqlmodel import col, select

from domain.ai import AiUsageCount
from domain.enums import Role
from stores.ai.usage import AiUsageStore
from stores.tables.workspaces import AuditEvent
from tests.api.team_support import add_member
from tests.factories import create_workspace
from tests.fakes.openai import DEFAULT_KEY, DEFAULT_MODEL, running_fake_openai
from tests.support.harness import Harness
from tests.support.services import free_port

KEY = "sk-proj-abcdefghijklmnopqrstuvwxyz0123wxyz"


def fixed(at: datetime) -> Callable[[], datetime]:
    return lambda: at


async def audit_details(app: Harness, workspace_id: uuid.UUID) -> list[dict[str, str]]:
    async with app.services.sessions() as session:
        events = await session.execute(
            select(AuditEvent)
            .where(
                AuditEvent.workspace_id == workspace_id,
                AuditEvent.action == "ai_settings.changed",
            )
            .order_by(col(AuditEvent.created_at))
        )
        return [event.details for event in events.scalars()]


async def test_settings_are_saved_with_the_key_write_only_and_audited(app: Harness) -> None:
    account = await create_workspace(app.services.sessions)
    owner = await app.login(account)
    base_url = f"https://ai-{uuid.uuid4().hex[:8]}.example.com/v1"

    empty = await owner.get("/api/ai-settings")
    assert empty.status_code == 200, empty.text
    assert empty.json() == {
        "configured": False,
        "base_url": None,
        "model": None,
        "api_key_hint": None,
    }

    saved = await owner.put(
        "/api/ai-settings", json={"base_url": f" {base_url}/ ", "model": " gpt-4o ", "api_key": KEY}
    )
    assert saved.status_code == 200, saved.text
    shown = {"configured": True, "base_url": base_url, "model": "gpt-4o", "api_key_hint": "…wxyz"}
    assert saved.json() == shown
    read = await owner.get("/api/ai-settings")
    assert read.json() == shown

    # Sending back the hint, or no key at all, keeps the key; an empty one removes it.
    for kept in ({"api_key": "…wxyz"}, {}, {"api_key": None}):
        again = await owner.put(
            "/api/ai-settings", json={"base_url": base_url, "model": "gpt-4o-mini", **kept}
        )
        assert again.json()["api_key_hint"] == "…wxyz", kept
    async with app.services.sessions() as session:
        stored = await session.scalar(
            text("SELECT api_key FROM ai_settings WHERE base_url = :url"), {"url": base_url}
        )
    assert isinstance(stored, str) and KEY not in stored, "the key is encrypted at rest"
    removed = await owner.put(
        "/api/ai-settings", json={"base_url": base_url, "model": "llama3.2", "api_key": ""}
    )
    assert removed.json()["api_key_hint"] is None and removed.json()["model"] == "llama3.2"

    assert all(KEY not in r.text for r in (saved, read, removed))
    details = await audit_details(app, account.workspace_id)
    assert [d["api_key"] for d in details] == ["set", "kept", "kept", "kept", "removed"]
    assert details[0] == {"base_url": base_url, "model": "gpt-4o", "api_key": "set"}
    assert all(KEY not in str(d) for d in details)


@pytest.mark.parametrize(
    ("changes", "field", "says"),
    [
        ({"base_url": "ftp://example.com/v1"}, "base_url", "http:// or https://"),
        ({"base_url": "localhost:11434/v1"}, "base_url", "http:// or https://"),
        ({"base_url": "http:///v1"}, "base_url", "host"),
        ({"base_url": "http://me:secret@example.com/v1"}, "base_url", "API key field"),
        ({"base_url": "http://example.com/v1?key=1"}, "base_url", "?query"),
        ({"base_url": "http://example.com:99999/v1"}, "base_url", "port"),
        ({"base_url": "http://[::1/v1"}, "base_url", "not a valid address"),
        ({"base_url": "http://ex ample.com/v1"}, "base_url", "spaces"),
        ({"base_url": "http://\u200b/v1"}, "base_url", "invisible characters"),
        ({"base_url": ""}, "base_url", "at least 1"),
        ({"model": "   "}, "model", "at least 1"),
        ({"api_key": "sk-with a space"}, "api_key", "pattern"),
    ],
)
async def test_bad_settings_say_what_to_fix(
    sqlite_app: Harness, changes: dict[str, Any], field: str, says: str
) -> None:
    owner = await sqlite_app.login(await create_workspace(sqlite_app.services.sessions))
    body = {"base_url": "http://localhost:11434/v1", "model": "llama3.2", **changes}
    response = await owner.put("/api/ai-settings", json=body)
    assert response.status_code == 422, response.text
    [error] = response.json()["detail"]
    assert error["loc"] == ["body", field]
    assert says in error["msg"]
    assert (await owner.get("/api/ai-settings")).json()["configured"] is False


async def test_marketers_read_owners_change_agents_see_nothing(sqlite_app: Harness) -> None:
    sessions = sqlite_app.services.sessions
    account = await create_workspace(sessions)
    marketer = await sqlite_app.login(await add_member(sessions, account, Role.marketer))
    admin = await sqlite_app.login(await add_member(sessions, account, Role.admin))
    agent = await sqlite_app.login(await add_member(sessions, account, Role.agent))
    body = {"base_url": "http://localhost:11434/v1", "model": "llama3.2"}

    assert (await marketer.get("/api/ai-settings")).status_code == 200
    assert (await marketer.get("/api/ai-usage")).status_code == 200
    for who in (marketer, admin):
        assert (await who.put("/api/ai-settings", json=body)).status_code == 403
        assert (await who.post("/api/ai-settings/test")).status_code == 403
    assert (await agent.get("/api/ai-settings")).status_code == 403
    assert (await agent.get("/api/ai-usage")).status_code == 403


async def test_connection_test_through_the_real_client(app: Harness) -> None:
    account = await create_workspace(app.services.sessions)
    owner = await app.login(account)

    async def check(**settings: str) -> dict[str, Any]:
        if settings:
            put = await owner.put("/api/ai-settings", json={"model": DEFAULT_MODEL, **settings})
            assert put.status_code == 200, put.text
        response = await owner.post("/api/ai-settings/test")
        assert response.status_code == 200, response.text
        result: dict[str, Any] = response.json()
        return result

    missing = await check()
    assert missing["ok"] is False and missing["error"] == "not_configured"
    assert "Settings → AI" in missing["detail"]

    async with running_fake_openai() as fake:
        ok = await check(base_url=fake.base_url, api_key=DEFAULT_KEY)
        assert ok == {
            "ok": True,
            "detail": f"{DEFAULT_MODEL} answered: You said: Are you there?",
            "error": None,
            "model": DEFAULT_MODEL,
        }
        [request] = fake.requests
        assert request.headers["authorization"] == f"Bearer {DEFAULT_KEY}"

        refused = await check(base_url=fake.base_url, api_key="sk-wrong-000000000000")
        assert refused["ok"] is False and refused["error"] == "refused"
        assert refused["detail"].startswith(f"The API key was refused by {fake.base_url} (401)")

        unknown = await owner.put(
            "/api/ai-settings",
            json={"base_url": fake.base_url, "model": "llama-9", "api_key": DEFAULT_KEY},
        )
        assert unknown.status_code == 200
        not_found = (await owner.post("/api/ai-settings/test")).json()
        assert not_found["error"] == "model_not_found"
        assert not_found["detail"].startswith(f"Model llama-9 not found at {fake.base_url}")

    dead = f"http://127.0.0.1:{free_port()}/v1"
    unreachable = await check(base_url=dead)
    assert unreachable == {
        "ok": False,
        "detail": f"Could not connect to {dead}: is the server running and reachable?",
        "error": "unavailable",
        "model": None,
    }

    # The successful test spent tokens, and they count.
    usage = (await owner.get("/api/ai-usage")).json()["data"]
    assert [(u["model"], u["requests"]) for u in usage] == [(DEFAULT_MODEL, 1)]


async def test_usage_lists_the_last_days_of_this_workspace_only(app: Harness) -> None:
    account = await create_workspace(app.services.sessions)
    other = await create_workspace(app.services.sessions)
    owner = await app.login(account)
    now = datetime.now(UTC)
    for days_ago, model, tokens in [(0, "gpt-4o-mini", 5), (0, "llama3.2", 7), (3, "gpt-4o", 9)]:
        store = AiUsageStore(app.services.sessions, clock=fixed(now - timedelta(days=days_ago)))
        count = AiUsageCount(prompt_tokens=tokens, completion_tokens=1, model=model)
        await store.record(account.workspace_id, count)
        await store.record(account.workspace_id, count)
    await AiUsageStore(app.services.sessions).record(
        other.workspace_id, AiUsageCount(prompt_tokens=1, model="theirs")
    )

    month = await owner.get("/api/ai-usage")
    assert month.status_code == 200, month.text
    today, three_days_ago = now.date().isoformat(), (now - timedelta(3)).date().isoformat()
    assert month.json()["data"] == [
        {
            "day": today,
            "model": "gpt-4o-mini",
            "requests": 2,
            "prompt_tokens": 10,
            "completion_tokens": 2,
        },
        {
            "day": today,
            "model": "llama3.2",
            "requests": 2,
            "prompt_tokens": 14,
            "completion_tokens": 2,
        },
        {
            "day": three_days_ago,
            "model": "gpt-4o",
            "requests": 2,
            "prompt_tokens": 18,
            "completion_tokens": 2,
        },
    ]
    today_only = (await owner.get("/api/ai-usage", params={"days": 1})).json()["data"]
    assert [u["model"] for u in today_only] == ["gpt-4o-mini", "llama3.2"]
    for days in (0, 367, "x"):
        assert (await owner.get("/api/ai-usage", params={"days": days})).status_code == 422
