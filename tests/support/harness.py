"""A running Fluxo for tests: the real app on a real port, a real worker, a real Temporal server."""

import asyncio
import contextlib
import uuid
from collections.abc import AsyncIterator, Mapping
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx
from temporalio.client import Client
from temporalio.worker import Worker

from api.deps import CSRF_COOKIE, CSRF_HEADER
from api.main import create_app
from api.services import Services, create_services
from channels.ports import ChannelAdapter
from domain.enums import ChannelKind
from domain.settings import Settings
from infra.eventbus import EventBus, InProcessEventBus
from infra.file_storage import LocalFileStorage
from tests.factories import WorkspaceFixture
from tests.support.local_server import serving
from workers.main import build_worker
from workers.registry import ChannelEndpoints


def make_settings(data_dir: Path, database_url: str, **extra: Any) -> Settings:
    values: dict[str, Any] = {
        "FLUXO_DATA_DIR": data_dir,
        "DATABASE_URL": database_url,
        "FLUXO_SECRET_KEY": "test-secret-key",
        "FLUXO_TASK_QUEUE": f"test-{uuid.uuid4().hex[:8]}",
        # The local OpenAI-compatible fake is a private host the operator allowed.
        "FLUXO_AI_ALLOWED_HOSTS": "127.0.0.1",
        **extra,
    }
    return Settings(_env_file=None, **values)


@dataclass
class Harness:
    settings: Settings
    services: Services
    temporal: Client
    base_url: str
    _worker: Worker | None = None
    _worker_task: asyncio.Task[None] | None = None
    channels: Mapping[ChannelKind, ChannelAdapter] | None = None
    _clients: list[httpx.AsyncClient] = field(default_factory=list)

    @property
    def ws_base(self) -> str:
        return self.base_url.replace("http://", "ws://")

    async def start_worker(self) -> None:
        assert self._worker is None, "a worker is already running"
        self._worker = build_worker(
            self.temporal,
            self.settings.temporal_task_queue,
            self.services.store,
            self.services.event_bus,
            storage=LocalFileStorage(self.settings.uploads_dir),
            # A replaced worker's sticky tasks move on after 1 s instead of 10 s.
            sticky_queue_timeout=timedelta(seconds=1),
            channels=self.channels,
            endpoints=ChannelEndpoints.from_settings(self.settings),
        )
        self._worker_task = asyncio.create_task(self._worker.run())

    async def stop_worker(self) -> None:
        if self._worker is not None:
            await self._worker.shutdown()
            assert self._worker_task is not None
            await self._worker_task
        self._worker = None
        self._worker_task = None

    def http(self, **kwargs: Any) -> httpx.AsyncClient:
        """A client that, like the UI, echoes the CSRF cookie in a header on every request."""
        client = httpx.AsyncClient(base_url=self.base_url, timeout=30, **kwargs)

        async def echo_csrf(request: httpx.Request) -> None:
            token = client.cookies.get(CSRF_COOKIE)
            if token and CSRF_HEADER not in request.headers:
                request.headers[CSRF_HEADER] = token

        client.event_hooks["request"].append(echo_csrf)
        self._clients.append(client)
        return client

    async def login(self, account: WorkspaceFixture) -> httpx.AsyncClient:
        client = self.http()
        response = await client.post(
            "/api/auth/login", json={"email": account.email, "password": account.password}
        )
        assert response.status_code == 200, response.text
        return client

    async def visitor_token(self, account: WorkspaceFixture) -> str:
        response = await self.http().post(
            f"/api/widget/{account.channel_key}/sessions", json={"visitor_token": None}
        )
        assert response.status_code == 200, response.text
        token: str = response.json()["visitor_token"]
        return token

    async def close(self) -> None:
        for client in self._clients:
            await client.aclose()


@contextlib.asynccontextmanager
async def running_app(
    settings: Settings,
    temporal: Client,
    *,
    event_bus: EventBus | None = None,
    channels: Mapping[ChannelKind, ChannelAdapter] | None = None,
    with_worker: bool = True,
) -> AsyncIterator[Harness]:
    services = create_services(
        settings, event_bus=event_bus or InProcessEventBus(), temporal_client=temporal
    )
    try:
        async with serving(create_app(settings, services), lifespan="on") as base_url:
            harness = Harness(
                settings=settings,
                services=services,
                # The API's client: payloads encrypted with the workspace's keys, as deployed.
                temporal=await services.temporal.get(),
                base_url=base_url,
                channels=channels,
            )
            try:
                if with_worker:
                    await harness.start_worker()
                yield harness
            finally:
                await harness.stop_worker()
                await harness.close()
    finally:
        await services.close()
