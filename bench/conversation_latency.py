"""Web chat message latency and throughput through the whole path.

POST /api/widget/…/messages → signal-with-start → ConversationWorkflow → activity stores the
message → event bus → the visitor's WebSocket echo. Measured at a fixed offered rate, on SQLite
and a file-backed Temporal dev server (what `fluxo dev` runs).

    .venv/bin/python -m bench.conversation_latency --rate 10 --seconds 20 --visitors 20
"""

import argparse
import asyncio
import json
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

import websockets
from temporalio.contrib.pydantic import pydantic_data_converter
from temporalio.testing import WorkflowEnvironment

from domain.security import use_fast_password_hashing
from temporal import search_attributes
from tests.factories import WorkspaceFixture, create_workspace
from tests.support.databases import sqlite_database
from tests.support.harness import Harness, make_settings, running_app


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


class Visitor:
    def __init__(self, app: Harness, account: WorkspaceFixture, token: str) -> None:
        self.app, self.account, self.token = app, account, token
        self.sent_at: dict[str, float] = {}
        self.latencies: list[float] = []

    async def listen(self) -> None:
        url = f"{self.app.ws_base}/api/widget/{self.account.channel_key}/ws?token={self.token}"
        async with websockets.connect(url) as socket:
            async for raw in socket:
                message = json.loads(raw)["message"]
                started = self.sent_at.pop(message["client_message_id"], None)
                if started is not None:
                    self.latencies.append(time.perf_counter() - started)

    async def send(self, client: Any) -> None:
        client_message_id = uuid.uuid4().hex
        self.sent_at[client_message_id] = time.perf_counter()
        response = await client.post(
            f"/api/widget/{self.account.channel_key}/messages",
            headers={"X-Fluxo-Visitor": self.token},
            json={"client_message_id": client_message_id, "text": "benchmark"},
        )
        response.raise_for_status()


async def run(rate: float, seconds: float, visitors: int) -> dict[str, Any]:
    use_fast_password_hashing()
    with tempfile.TemporaryDirectory() as folder:
        env = await WorkflowEnvironment.start_local(
            dev_server_existing_path=str(Path(sys.executable).parent / "temporal"),
            dev_server_database_filename=str(Path(folder) / "temporal.db"),
            data_converter=pydantic_data_converter,
            search_attributes=list(search_attributes.ALL),
        )
        try:
            async with (
                sqlite_database(Path(folder)) as url,
                running_app(make_settings(Path(folder), url), env.client) as app,
            ):
                return await _drive(app, rate, seconds, visitors)
        finally:
            await env.shutdown()


async def _drive(app: Harness, rate: float, seconds: float, visitors: int) -> dict[str, Any]:
    account = await create_workspace(app.services.sessions)
    crowd = [Visitor(app, account, await app.visitor_token(account)) for _ in range(visitors)]
    listeners = [asyncio.create_task(v.listen()) for v in crowd]
    await asyncio.sleep(0.5)
    client = app.http()
    # Each visitor's first message starts its workflow; warm up so we measure steady state.
    await asyncio.gather(*(v.send(client) for v in crowd))
    await asyncio.sleep(2)
    for v in crowd:
        v.latencies.clear()

    total = int(rate * seconds)
    started = time.perf_counter()
    sends = []
    for i in range(total):
        await asyncio.sleep(max(0.0, started + i / rate - time.perf_counter()))
        sends.append(asyncio.create_task(crowd[i % visitors].send(client)))
    await asyncio.gather(*sends)
    deadline = time.perf_counter() + 30
    while any(v.sent_at for v in crowd) and time.perf_counter() < deadline:  # noqa: ASYNC110
        await asyncio.sleep(0.05)
    elapsed = time.perf_counter() - started
    for task in listeners:
        task.cancel()
    latencies = [ms * 1000 for v in crowd for ms in v.latencies]
    return {
        "offered_rate_per_s": rate,
        "messages": total,
        "delivered": len(latencies),
        "achieved_rate_per_s": round(len(latencies) / elapsed, 1),
        "p50_ms": round(statistics.median(latencies), 1),
        "p95_ms": round(percentile(latencies, 0.95), 1),
        "p99_ms": round(percentile(latencies, 0.99), 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rate", type=float, default=10.0, help="messages per second offered")
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--visitors", type=int, default=20)
    args = parser.parse_args()
    result = asyncio.run(run(args.rate, args.seconds, args.visitors))
    sys.stdout.write(json.dumps(result) + "\n")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
