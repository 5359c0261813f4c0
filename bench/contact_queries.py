"""Contact page and segment count latency with 100,000 contacts in PostgreSQL, through the API.

Seeds a fresh PostgreSQL database (COPY: custom fields city/score/signup, tags), starts the real
app under uvicorn in its own process, and drives it from a concurrent httpx load generator on
loopback at a fixed offered rate, one phase per query, each bounded by a request count and a
time limit:

- page:  POST /api/contacts/search, tag = lead AND city = São Paulo AND last inbound within
         30 days, sorted by created_at desc, 50 rows;
- count: GET /api/segments/{id}/count of the same filter saved as a segment.

    .venv/bin/python -m bench.contact_queries --contacts 100000 --rate 20 --seconds 15
    .venv/bin/python -m bench.contact_queries --random-page-cost 1.1   # SSD planner costs
"""

import argparse
import asyncio
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Awaitable, Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import asyncpg
import httpx

from domain.enums import CustomFieldType
from domain.security import use_fast_password_hashing
from infra.database import create_engine, create_session_factory
from stores.tables.contacts import CustomField
from tests.factories import WorkspaceFixture, create_workspace
from tests.support.databases import postgres_database
from tests.support.services import free_port

CITIES = ["São Paulo", "Rio de Janeiro", "Belo Horizonte", "Curitiba", "Recife",
          "Salvador", "Porto Alegre", "Fortaleza", "Manaus", "Brasília"]  # fmt: skip
CITY_WEIGHTS = [20, 15, 10, 10, 10, 10, 8, 7, 5, 5]
TAGS = [("lead", 0.4), ("customer", 0.2), ("vip", 0.05), ("newsletter", 0.3)]
FILTER = {
    "match": "all",
    "conditions": [
        {"type": "tag", "tag": "lead"},
        {"type": "custom_field", "key": "city", "operator": "equals", "value": "São Paulo"},
        {"type": "field", "field": "last_inbound_at", "operator": "within_last_days", "value": 30},
    ],
}
CONTACT_COLUMNS = ["id", "workspace_id", "name", "phone", "email", "source", "custom_fields",
                   "created_at", "updated_at", "last_seen_at", "last_inbound_at"]  # fmt: skip


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def contact_records(workspace_id: uuid.UUID, count: int, seed: int) -> tuple[list[Any], list[Any]]:
    """Contacts and their tags, reproducible from `seed`."""
    rng = random.Random(seed)
    now = datetime.now(UTC)
    contacts: list[tuple[Any, ...]] = []
    tags: list[tuple[Any, ...]] = []
    for i in range(count):
        contact_id = uuid.UUID(int=rng.getrandbits(128), version=4)
        created = now - timedelta(seconds=rng.randrange(730 * 86400))
        inbound = (
            None if rng.random() < 0.3 else now - timedelta(seconds=rng.randrange(365 * 86400))
        )
        custom = {
            "city": rng.choices(CITIES, CITY_WEIGHTS)[0],
            "score": float(rng.randrange(0, 1000)),
            "signup": (date(2024, 1, 1) + timedelta(days=rng.randrange(900))).isoformat(),
        }
        contacts.append((contact_id, workspace_id, f"Contato {i}", f"+55119{i:08d}",
                         f"contato{i}@example.com", "import", json.dumps(custom), created,
                         created, inbound, inbound))  # fmt: skip
        for tag, share in TAGS:
            if rng.random() < share:
                tags.append((contact_id, tag, workspace_id, created))
    # Rows arrive in creation order, as they do in a live database, so the heap follows
    # created_at (what PostgreSQL's planner and caches see in production).
    contacts.sort(key=lambda row: row[7])
    return contacts, tags


async def seed(url: str, count: int) -> tuple[WorkspaceFixture, float]:
    """A workspace with `count` contacts; returns it and the seconds the seeding took."""
    engine = create_engine(url)
    try:
        account = await create_workspace(create_session_factory(engine))
        async with create_session_factory(engine)() as session, session.begin():
            for key, kind, options in (
                ("city", CustomFieldType.single_select, CITIES),
                ("score", CustomFieldType.number, []),
                ("signup", CustomFieldType.date, []),
            ):
                session.add(CustomField(workspace_id=account.workspace_id, key=key, label=key,
                                        type=kind, options=options))  # fmt: skip
    finally:
        await engine.dispose()
    started = time.perf_counter()
    contacts, tags = contact_records(account.workspace_id, count, seed=5)
    connection = await asyncpg.connect(url.replace("postgresql+asyncpg://", "postgresql://"))
    try:
        await connection.copy_records_to_table("contact", records=contacts, columns=CONTACT_COLUMNS)
        await connection.copy_records_to_table(
            "contact_tag", records=tags, columns=["contact_id", "tag", "workspace_id", "created_at"]
        )
        # One statement each: several in one string run as one transaction, which VACUUM refuses.
        await connection.execute("VACUUM ANALYZE contact")
        await connection.execute("VACUUM ANALYZE contact_tag")
    finally:
        await connection.close()
    return account, time.perf_counter() - started


async def set_random_page_cost(url: str, cost: float) -> None:
    """Production tuning on SSDs: random reads cost about what sequential ones do, so index
    probes (a tag per candidate contact) look as cheap to the planner as they are."""
    connection = await asyncpg.connect(url.replace("postgresql+asyncpg://", "postgresql://"))
    try:
        name = await connection.fetchval("SELECT current_database()")
        await connection.execute(f'ALTER DATABASE "{name}" SET random_page_cost = {float(cost)}')
    finally:
        await connection.close()


def start_app(url: str, folder: Path, port: int, workers: int = 1) -> subprocess.Popen[bytes]:
    environment = {
        **os.environ,
        "DATABASE_URL": url,
        "FLUXO_DATA_DIR": str(folder),
        "FLUXO_SECRET_KEY": "bench-secret-key",
    }
    command = [sys.executable, "-m", "uvicorn", "--factory", "api.main:create_app",
               "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning",
               "--no-access-log", "--workers", str(workers)]  # fmt: skip
    return subprocess.Popen(command, env=environment)


async def wait_ready(client: httpx.AsyncClient, process: subprocess.Popen[bytes]) -> None:
    for _ in range(300):
        if process.poll() is not None:
            raise RuntimeError("the app exited while starting")
        try:
            # Any answer will do (401 here): /api/health would wait on Temporal, not used here.
            await client.get("/api/contacts")
            return
        except httpx.TransportError:
            pass
        await asyncio.sleep(0.1)
    raise RuntimeError("the app did not start within 30 s")


async def phase(
    request: Callable[[], Awaitable[httpx.Response]],
    *,
    rate: float,
    concurrency: int,
    seconds: float,
    max_requests: int,
) -> dict[str, Any]:
    """Open-loop load: `rate` requests/s offered on schedule, at most `concurrency` in flight
    (a request due while all slots are busy waits, and its wait counts in its latency)."""
    latencies: list[float] = []
    slots = asyncio.Semaphore(concurrency)

    async def one(due: float) -> None:
        async with slots:
            response = await request()
        response.raise_for_status()
        latencies.append((time.perf_counter() - due) * 1000)

    for _ in range(20):  # warm-up: connections, plans, caches
        (await request()).raise_for_status()
    total = min(max_requests, int(rate * seconds))
    started = time.perf_counter()
    tasks = []
    for i in range(total):
        due = started + i / rate
        await asyncio.sleep(max(0.0, due - time.perf_counter()))
        tasks.append(asyncio.create_task(one(due)))
    await asyncio.gather(*tasks)
    elapsed = time.perf_counter() - started
    return {
        "requests": len(latencies),
        "achieved_rate_per_s": round(len(latencies) / elapsed, 1),
        "p50_ms": round(statistics.median(latencies), 1),
        "p95_ms": round(percentile(latencies, 0.95), 1),
        "p99_ms": round(percentile(latencies, 0.99), 1),
    }


async def drive(
    base_url: str, account: WorkspaceFixture, args: argparse.Namespace
) -> dict[str, Any]:
    limits = httpx.Limits(max_connections=args.concurrency + 2)
    async with httpx.AsyncClient(base_url=base_url, timeout=30, limits=limits) as client:
        login = await client.post(
            "/api/auth/login", json={"email": account.email, "password": account.password}
        )
        login.raise_for_status()
        client.headers["X-Fluxo-CSRF"] = client.cookies["fluxo_csrf"]
        segment = await client.post("/api/segments", json={"name": "SP leads", "filter": FILTER})
        segment.raise_for_status()
        segment_id = segment.json()["id"]
        count = (await client.get(f"/api/segments/{segment_id}/count")).json()["count"]
        body = {"filter": FILTER, "sort": "created_at", "order": "desc", "limit": 50}
        bounds = {"rate": args.rate, "concurrency": args.concurrency, "seconds": args.seconds,
                  "max_requests": args.max_requests}  # fmt: skip
        page = await phase(lambda: client.post("/api/contacts/search", json=body), **bounds)
        counts = await phase(lambda: client.get(f"/api/segments/{segment_id}/count"), **bounds)
        result = {"segment_members": count, "page": page, "count": counts}
        if args.wrk:
            headers = {
                "Cookie": "; ".join(f"{k}={v}" for k, v in client.cookies.items()),
                "X-Fluxo-CSRF": client.headers["X-Fluxo-CSRF"],
            }
            for connections in args.wrk:
                result[f"wrk_c{connections}"] = {
                    "page": wrk(
                        base_url + "/api/contacts/search", headers, body, connections, args.seconds
                    ),
                    "count": wrk(
                        base_url + f"/api/segments/{segment_id}/count",
                        headers,
                        None,
                        connections,
                        args.seconds,
                    ),
                }
    return result


def wrk(
    url: str, headers: dict[str, str], body: Any, connections: int, seconds: float
) -> dict[str, Any]:
    """The same request from wrk (C, closed loop: `connections` always in flight), so the
    client's own cost stays out of the latency."""
    lines = [f'wrk.headers["{name}"] = "{value}"' for name, value in headers.items()]
    if body is not None:
        lines += [
            'wrk.method = "POST"',
            'wrk.headers["Content-Type"] = "application/json"',
            f"wrk.body = [[{json.dumps(body)}]]",
        ]
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write("\n".join(lines) + "\n")
    command = ["wrk", "-t1", f"-c{connections}", f"-d{int(seconds)}s", "--latency", "-s",
               script.name, url]  # fmt: skip
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    os.unlink(script.name)
    found: dict[str, Any] = {}
    for line in output.splitlines():
        parts = line.split()
        if len(parts) == 2 and parts[0] in ("50%", "90%", "99%"):
            found[f"p{parts[0][:-1]}_ms"] = _milliseconds(parts[1])
        elif parts[:1] == ["Requests/sec:"]:
            found["requests_per_s"] = float(parts[1])
        elif "Non-2xx" in line:
            found["non_2xx"] = int(parts[-1])
    return found


def _milliseconds(text: str) -> float:
    for unit, factor in (("us", 0.001), ("ms", 1.0), ("s", 1000.0)):
        if text.endswith(unit):
            return round(float(text[: -len(unit)]) * factor, 2)
    raise ValueError(f"unexpected wrk latency {text!r}")


async def run(args: argparse.Namespace) -> dict[str, Any]:
    use_fast_password_hashing()
    async with postgres_database() as url:
        account, seeded_s = await seed(url, args.contacts)
        if args.random_page_cost is not None:
            await set_random_page_cost(url, args.random_page_cost)
        with tempfile.TemporaryDirectory() as folder:
            port = free_port()
            process = start_app(url, Path(folder), port, args.api_workers)
            try:
                base_url = f"http://127.0.0.1:{port}"
                async with httpx.AsyncClient(base_url=base_url) as probe:
                    await wait_ready(probe, process)
                result = await drive(base_url, account, args)
            finally:
                process.terminate()
                process.wait(timeout=10)
    return {"contacts": args.contacts, "seed_s": round(seeded_s, 1),
            "offered_rate_per_s": args.rate, "concurrency": args.concurrency,
            "random_page_cost": args.random_page_cost, **result}  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--contacts", type=int, default=100_000)
    parser.add_argument("--rate", type=float, default=20.0, help="requests/s offered per phase")
    parser.add_argument("--concurrency", type=int, default=8, help="most requests in flight")
    parser.add_argument("--seconds", type=float, default=15.0, help="time limit per phase")
    parser.add_argument(
        "--random-page-cost",
        type=float,
        default=None,
        help="set on the database (1.1 is the usual SSD/in-memory value); default: PostgreSQL's",
    )
    parser.add_argument("--max-requests", type=int, default=3000, help="request cap per phase")
    parser.add_argument("--api-workers", type=int, default=1, help="uvicorn processes (default 1)")
    parser.add_argument(
        "--wrk",
        type=lambda text: [int(n) for n in text.split(",")],
        default=[],
        help="also drive each query with wrk (Debian package) with these connection counts: 1,2,4",
    )
    result = asyncio.run(run(parser.parse_args()))
    sys.stdout.write(json.dumps(result) + "\n")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
