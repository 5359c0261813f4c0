"""`fluxo dev` as a user runs it: one command up, Ctrl-C down, and a second run finds everything."""

import asyncio
import os
import signal
import subprocess
import sys
import uuid
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
from temporalio.client import Client, WorkflowExecutionStatus

from api.deps import CSRF_COOKIE, CSRF_HEADER
from tests.support.services import free_port
from tests.support.waiting import eventually

FLUXO = Path(sys.executable).parent / "fluxo"


@dataclass(frozen=True)
class DevPorts:
    app: int
    temporal: int
    temporal_ui: int


@contextmanager
def dev_process(data_dir: Path, ports: DevPorts, log: Path) -> Iterator[subprocess.Popen[bytes]]:
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
    with log.open("ab") as out:
        process = subprocess.Popen(
            [
                str(FLUXO),
                "dev",
                "--data-dir",
                str(data_dir),
                "--port",
                str(ports.app),
                "--temporal-port",
                str(ports.temporal),
                "--temporal-ui-port",
                str(ports.temporal_ui),
            ],
            stdout=out,
            stderr=subprocess.STDOUT,
            env=env,
            cwd=data_dir,
        )
        try:
            yield process
        finally:
            if process.poll() is None:
                process.kill()
                process.wait()


async def _stop_with_ctrl_c(process: subprocess.Popen[bytes]) -> int:
    process.send_signal(signal.SIGINT)
    return await asyncio.to_thread(process.wait, 60)


@asynccontextmanager
async def running_dev(data_dir: Path, ports: DevPorts) -> AsyncIterator[httpx.AsyncClient]:
    log = data_dir / "dev.log"
    with dev_process(data_dir, ports, log) as process:
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{ports.app}") as client:

            async def healthy() -> bool:
                assert process.poll() is None, log.read_text()
                try:
                    return (await client.get("/api/health")).status_code == 200
                except httpx.TransportError:
                    return False

            await eventually(healthy, timeout=90, interval=0.5)
            yield client
        assert await _stop_with_ctrl_c(process) == 0, log.read_text()


async def _log_in(client: httpx.AsyncClient, data_dir: Path) -> None:
    response = await client.post("/api/auth/login", json=_credentials(data_dir))
    assert response.is_success, response.text
    # What the UI does: echo the CSRF cookie on changes.
    client.headers[CSRF_HEADER] = client.cookies[CSRF_COOKIE]


def _credentials(data_dir: Path) -> dict[str, str]:
    lines = (data_dir / "initial-credentials.txt").read_text().splitlines()
    pairs = dict(line.split(": ", 1) for line in lines)
    return {"email": pairs["e-mail"], "password": pairs["password"]}


async def _conversations(client: httpx.AsyncClient) -> list[dict[str, Any]]:
    response = await client.get("/api/conversations")
    assert response.status_code == 200, response.text
    data: list[dict[str, Any]] = response.json()["data"]
    return data


async def _visitor_messages(
    client: httpx.AsyncClient, key: str, token: str, count: int
) -> list[dict[str, Any]] | None:
    response = await client.get(f"/api/widget/{key}/messages", headers={"X-Fluxo-Visitor": token})
    data: list[dict[str, Any]] = response.json()["data"]
    settled = len(data) == count and all(m["status"] != "queued" for m in data)
    return data if settled else None


async def _post(client: httpx.AsyncClient, key: str, token: str, text: str) -> None:
    response = await client.post(
        f"/api/widget/{key}/messages",
        headers={"X-Fluxo-Visitor": token},
        json={"client_message_id": uuid.uuid4().hex, "text": text},
    )
    assert response.status_code == 202, response.text


async def test_dev_keeps_conversations_and_their_workflows_across_a_restart(
    tmp_path: Path,
) -> None:
    ports = DevPorts(app=free_port(), temporal=free_port(), temporal_ui=free_port())

    async with running_dev(tmp_path, ports) as client:
        await _log_in(client, tmp_path)
        key = (await client.get("/api/channels")).json()["data"][0]["public_key"]
        token = (await client.post(f"/api/widget/{key}/sessions", json={})).json()["visitor_token"]
        await _post(client, key, token, "first run")
        conversations = await eventually(lambda: _conversations(client))
        reply = await client.post(
            f"/api/conversations/{conversations[0]['id']}/messages", json={"text": "hello"}
        )
        assert reply.status_code == 202
        await eventually(lambda: _visitor_messages(client, key, token, 2))
        temporal_ui = await client.get(f"http://127.0.0.1:{ports.temporal_ui}/")
        assert temporal_ui.status_code == 200
        workflow_id = conversations[0]["workflow_id"]

    # Ctrl-C stopped every process: all three ports are free again.
    for port in (ports.app, ports.temporal, ports.temporal_ui):
        assert httpx_refuses(port), f"port {port} still answers after Ctrl-C"

    async with running_dev(tmp_path, ports) as client:
        await _log_in(client, tmp_path)
        temporal = await Client.connect(f"127.0.0.1:{ports.temporal}")
        description = await temporal.get_workflow_handle(workflow_id).describe()
        assert description.status == WorkflowExecutionStatus.RUNNING
        await _post(client, key, token, "second run")
        messages = await eventually(lambda: _visitor_messages(client, key, token, 3))
        assert [m["text"] for m in messages] == ["first run", "hello", "second run"]
        assert len(await _conversations(client)) == 1


def httpx_refuses(port: int) -> bool:
    try:
        httpx.get(f"http://127.0.0.1:{port}/", timeout=2)
    except httpx.TransportError:
        return True
    return False
