"""`fluxo migrate`, `fluxo api` and `fluxo worker` as separate processes on PostgreSQL and Redis.

This is the production shape: the worker's events reach the API's WebSockets only through Redis.
"""

import asyncio
import json
import os
import subprocess
import sys
import uuid
from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest
import websockets

from api.deps import CSRF_COOKIE, CSRF_HEADER
from temporal.devserver import DevServer
from tests.support.databases import postgres_database
from tests.support.services import POSTGRES_HOST, POSTGRES_PORT, free_port, require
from tests.support.waiting import eventually

FLUXO = Path(sys.executable).parent / "fluxo"


@pytest.fixture
async def temporal_server(tmp_path: Path) -> AsyncIterator[DevServer]:
    server = DevServer(db_file=tmp_path / "temporal.db", port=free_port(), ui_port=free_port())
    await server.start()
    yield server
    server.stop()


@contextmanager
def fluxo(
    command: str, env: dict[str, str], log: Path, *flags: str
) -> Iterator[subprocess.Popen[bytes]]:
    with log.open("ab") as out:
        process = subprocess.Popen(
            [str(FLUXO), command, *flags], env=env, stdout=out, stderr=subprocess.STDOUT
        )
        try:
            yield process
        finally:
            process.terminate()
            process.wait(30)
            # Shown by pytest only when the test fails.
            sys.stdout.write(f"--- fluxo {command} ---\n{log.read_text()}\n")


@pytest.fixture
async def own_postgres_url() -> AsyncIterator[str]:
    """A database of its own: `fluxo migrate` seeds the first owner only into an empty one."""
    require("PostgreSQL", POSTGRES_HOST, POSTGRES_PORT)
    async with postgres_database() as url:
        yield url


async def test_api_and_worker_processes_share_events_through_redis(
    tmp_path: Path, own_postgres_url: str, redis_url: str, temporal_server: DevServer
) -> None:
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": own_postgres_url,
        "REDIS_URL": redis_url,
        "TEMPORAL_ADDRESS": temporal_server.address,
        "FLUXO_PORT": str(port),
        "FLUXO_DATA_DIR": str(tmp_path),
        "FLUXO_SECRET_KEY": uuid.uuid4().hex,
        "FLUXO_TASK_QUEUE": f"prod-{uuid.uuid4().hex[:8]}",
        "FLUXO_ADMIN_EMAIL": f"owner-{uuid.uuid4().hex[:8]}@example.com",
        "FLUXO_ADMIN_PASSWORD": "correct horse battery",
    }
    for command in (["migrate"], ["temporal", "setup"]):
        done = await asyncio.to_thread(
            subprocess.run, [str(FLUXO), *command], env=env, capture_output=True, timeout=120
        )
        assert done.returncode == 0, done.stderr.decode()

    with (
        # Two API processes on one port: events reach each one's sockets through Redis.
        fluxo("api", env, tmp_path / "api.log", "--workers", "2"),
        fluxo("worker", env, tmp_path / "worker.log"),
    ):
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", timeout=30) as client:
            await eventually(lambda: _healthy(client), timeout=60, interval=0.3)
            login = await client.post(
                "/api/auth/login",
                json={"email": env["FLUXO_ADMIN_EMAIL"], "password": env["FLUXO_ADMIN_PASSWORD"]},
            )
            assert login.status_code == 200, login.text
            client.headers[CSRF_HEADER] = client.cookies[CSRF_COOKIE]
            key = (await client.get("/api/channels")).json()["data"][0]["public_key"]
            token = (await client.post(f"/api/widget/{key}/sessions", json={})).json()[
                "visitor_token"
            ]
            ws_url = f"ws://127.0.0.1:{port}/api/widget/{key}/ws?token={token}"
            async with websockets.connect(ws_url) as socket:
                sent = await client.post(
                    f"/api/widget/{key}/messages",
                    headers={"X-Fluxo-Visitor": token},
                    json={"client_message_id": "prod-1", "text": "via redis"},
                )
                assert sent.status_code == 202
                echoed = json.loads(await socket.recv())
                assert echoed["message"]["text"] == "via redis"
                conversation_id = echoed["message"]["conversation_id"]
                reply = await client.post(
                    f"/api/conversations/{conversation_id}/messages", json={"text": "pong"}
                )
                assert reply.status_code == 202
                delivered = json.loads(await socket.recv())
                assert delivered["message"]["text"] == "pong"
                assert delivered["message"]["status"] == "sent"


async def _healthy(client: httpx.AsyncClient) -> bool:
    try:
        response = await client.get("/api/health")
    except httpx.TransportError:
        return False
    return response.status_code == 200
