"""`GET /api/health` tells an operator which part is down."""

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from temporalio.client import Client

from tests.factories import create_workspace
from tests.support.harness import Harness, make_settings, running_app
from tests.support.services import free_port
from tests.support.widget import post_visitor_message


@pytest.fixture
async def app_without_temporal(
    tmp_path: Path, sqlite_url: str, temporal_client: Client
) -> AsyncIterator[Harness]:
    """The app pointed at a Temporal address where nothing listens."""
    settings = make_settings(tmp_path, sqlite_url, TEMPORAL_ADDRESS=f"127.0.0.1:{free_port()}")
    async with running_app(settings, temporal_client, with_worker=False) as harness:
        # Forget the working client: the app must connect to the dead address itself.
        harness.services.temporal.client = None
        yield harness


async def test_health_is_200_when_every_part_is_up(app: Harness) -> None:
    response = await app.http().get("/api/health")
    assert response.status_code == 200
    assert response.json() == {
        "status": "up",
        "parts": {
            name: {"status": "up", "detail": None} for name in ("database", "temporal", "event_bus")
        },
    }


async def test_health_is_503_naming_temporal_when_it_is_unreachable(
    app_without_temporal: Harness,
) -> None:
    response = await app_without_temporal.http().get("/api/health")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "down"
    assert body["parts"]["temporal"]["status"] == "down"
    assert "unreachable" in body["parts"]["temporal"]["detail"]
    assert body["parts"]["database"]["status"] == "up"


async def test_widget_message_is_refused_not_lost_when_temporal_is_down(
    app_without_temporal: Harness,
) -> None:
    app = app_without_temporal
    account = await create_workspace(app.services.sessions)
    token = await app.visitor_token(account)
    # 503 tells the widget to retry the same client message id later.
    assert await post_visitor_message(app, account, token, "hello?") == 503
