"""New web chat visitors and their messages are throttled per IP and per visitor, with Retry-After.

Each test's app has its own Services, hence its own in-process limiter, and its own small limits.
"""

import re
import uuid
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from temporalio.client import Client

from tests.factories import WorkspaceFixture, create_workspace
from tests.support.harness import Harness, make_settings, running_app
from tests.support.waiting import eventually
from tests.support.widget import visitor_history

SHOP = "https://shop.example.com.br"
RETRY = re.compile(r"Too many attempts; try again in (\d+) seconds\.")


@pytest.fixture
async def strict_app(
    tmp_path: Path, sqlite_url: str, temporal_client: Client
) -> AsyncIterator[Harness]:
    settings = make_settings(
        tmp_path,
        sqlite_url,
        FLUXO_WIDGET_NEW_VISITORS_PER_IP_PER_HOUR=3,
        FLUXO_WIDGET_MESSAGES_PER_IP_PER_MINUTE=5,
        FLUXO_WIDGET_MESSAGES_PER_VISITOR_PER_MINUTE=2,
    )
    async with running_app(settings, temporal_client) as harness:
        yield harness


async def new_session(
    app: Harness, account: WorkspaceFixture, token: str | None = None
) -> httpx.Response:
    return await app.http().post(
        f"/api/widget/{account.channel_key}/sessions",
        json={"visitor_token": token},
        headers={"Origin": SHOP},
    )


async def send(
    app: Harness, account: WorkspaceFixture, token: str, client_message_id: str
) -> httpx.Response:
    return await app.http().post(
        f"/api/widget/{account.channel_key}/messages",
        headers={"Origin": SHOP, "X-Fluxo-Visitor": token},
        json={"client_message_id": client_message_id, "text": f"message {client_message_id}"},
    )


def assert_throttled(response: httpx.Response, window_seconds: int) -> None:
    assert response.status_code == 429, response.text
    found = RETRY.fullmatch(response.json()["detail"])
    assert found is not None, response.json()
    retry_after = int(response.headers["Retry-After"])
    assert retry_after == int(found.group(1))
    assert 1 <= retry_after <= window_seconds
    # Another website's widget can read both the answer and how long to wait.
    assert response.headers["access-control-allow-origin"] == SHOP
    assert "retry-after" in response.headers["access-control-expose-headers"].lower()


async def test_new_visitors_beyond_the_limit_per_ip_are_throttled(strict_app: Harness) -> None:
    app = strict_app
    account = await create_workspace(app.services.sessions)
    tokens = []
    for _ in range(3):
        response = await new_session(app, account)
        assert response.status_code == 200
        tokens.append(response.json()["visitor_token"])
    assert_throttled(await new_session(app, account), 3600)
    # A garbage token asks for a new visitor too.
    assert_throttled(await new_session(app, account, "garbage"), 3600)
    # Returning visitors resume without counting, whatever the new-visitor budget.
    resumed = await new_session(app, account, tokens[0])
    assert resumed.status_code == 200
    assert resumed.json()["visitor_token"] == tokens[0]


async def test_messages_beyond_the_limit_per_visitor_are_throttled(strict_app: Harness) -> None:
    app = strict_app
    account = await create_workspace(app.services.sessions)
    first = (await new_session(app, account)).json()["visitor_token"]
    second = (await new_session(app, account)).json()["visitor_token"]

    assert (await send(app, account, first, "a-1")).status_code == 202
    assert (await send(app, account, first, "a-2")).status_code == 202
    assert_throttled(await send(app, account, first, "a-3"), 60)
    # Another visitor behind the same IP has a budget of its own.
    assert (await send(app, account, second, "b-1")).status_code == 202

    # A refused message never reaches Temporal: the accepted two are stored, the third is not.
    async def stored() -> list[str] | None:
        history = await visitor_history(app, account, first)
        ids = sorted(message["client_message_id"] for message in history)
        return ids if len(ids) >= 2 else None

    assert await eventually(stored) == ["a-1", "a-2"]


async def test_messages_beyond_the_limit_per_ip_are_throttled(strict_app: Harness) -> None:
    app = strict_app
    account = await create_workspace(app.services.sessions)
    tokens = [(await new_session(app, account)).json()["visitor_token"] for _ in range(3)]
    accepted = [
        (await send(app, account, token, uuid.uuid4().hex)).status_code
        for token in tokens
        for _ in range(2)
    ]
    # Five from this IP in the minute, whichever visitors sent them.
    assert accepted == [202] * 5 + [429]
