"""Importing a 100,000-row CSV on PostgreSQL through the real API, workflow and worker.

Generates the file (custom fields, tags, ~2% duplicates written differently, ~1% invalid rows)
in a temporary folder, uploads it, starts the import, and reports the elapsed time and the
resident memory of the worker process, sampled while it runs. The worker is `fluxo worker` in
its own process, so its memory is measured alone.

    .venv/bin/python -m bench.contact_import --rows 100000
"""

import argparse
import asyncio
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import func
from sqlmodel import select
from temporalio.api.enums.v1 import TaskQueueType
from temporalio.api.taskqueue.v1 import TaskQueue
from temporalio.api.workflowservice.v1 import DescribeTaskQueueRequest
from temporalio.contrib.pydantic import pydantic_data_converter
from temporalio.testing import WorkflowEnvironment

from domain.enums import CustomFieldType
from domain.security import use_fast_password_hashing
from stores.tables.contacts import Contact, CustomField
from temporal import search_attributes
from tests.factories import create_workspace
from tests.support.contact_csv import write_csv
from tests.support.databases import postgres_database
from tests.support.harness import Harness, make_settings, running_app

HEADER = ["Nome", "Celular", "E-mail", "Cidade", "Pontos", "Plano", "Etiquetas"]
CITIES = ["São Paulo", "Rio de Janeiro", "Recife", "Belo Horizonte", "Porto Alegre"]
PLANS = ["Grátis", "Pro", "Empresa"]


def rows(count: int) -> Iterator[list[str]]:
    for n in range(count):
        if n % 50 == 49:  # the phone of row n - 40, written the international way
            m = n - 40
            phone = f"+55 11 9{7000 + m // 10000:04d}-{m % 10000:04d}"
            yield [f"Pessoa {m} (de novo)", phone, "", "", "", "", "reimportado"]
            continue
        phone = f"(11) 9{7000 + n // 10000:04d}-{n % 10000:04d}"
        if n % 100 == 7:
            phone = "12345"  # invalid
        yield [
            f"Pessoa {n}",
            phone,
            f"pessoa{n}@example.com",
            CITIES[n % len(CITIES)],
            f"{n % 1000},5",
            PLANS[n % len(PLANS)],
            "lead; feira 2026" if n % 3 == 0 else "lead",
        ]


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


async def define_fields(app: Harness, workspace_id: Any) -> None:
    async with app.services.sessions() as session, session.begin():
        for key, label, kind, options in [
            ("cidade", "Cidade", CustomFieldType.text, []),
            ("pontos", "Pontos", CustomFieldType.number, []),
            ("plano", "Plano", CustomFieldType.single_select, PLANS),
        ]:
            session.add(
                CustomField(
                    workspace_id=workspace_id, key=key, label=label, type=kind, options=options
                )
            )


def start_worker(app: Harness, address: str) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "DATABASE_URL": app.settings.resolved_database_url,
        "TEMPORAL_ADDRESS": address,
        "FLUXO_TASK_QUEUE": app.settings.temporal_task_queue,
        "FLUXO_DATA_DIR": str(app.settings.data_dir),
        "FLUXO_SECRET_KEY": "bench",
    }
    log = (app.settings.data_dir / "worker.log").open("wb")
    fluxo = Path(sys.executable).parent / "fluxo"
    return subprocess.Popen([str(fluxo), "worker"], env=env, stderr=log)


async def polling(app: Harness) -> None:
    """Waits until the worker polls the task queue."""
    request = DescribeTaskQueueRequest(
        namespace="default",
        task_queue=TaskQueue(name=app.settings.temporal_task_queue),
        task_queue_type=TaskQueueType.TASK_QUEUE_TYPE_ACTIVITY,
    )
    for _ in range(600):
        described = await app.temporal.workflow_service.describe_task_queue(request)
        if described.pollers:
            return
        await asyncio.sleep(0.1)
    raise RuntimeError("the worker never polled its task queue")


async def run(
    app: Harness, address: str, count: int, batch_size: int, folder: Path
) -> dict[str, Any]:
    path = write_csv(folder / "contacts.csv", HEADER, rows(count))
    account = await create_workspace(app.services.sessions)
    await define_fields(app, account.workspace_id)
    client = await app.login(account)
    client.timeout = httpx.Timeout(300)
    began = time.perf_counter()
    with path.open("rb") as file:
        response = await client.post("/api/contacts/imports", files={"file": ("c.csv", file)})
    response.raise_for_status()
    uploaded = response.json()
    upload_seconds = time.perf_counter() - began
    worker = start_worker(app, address)
    samples: list[tuple[float, int, float]] = []
    try:
        await polling(app)  # the worker's start-up is not the import's time
        idle_rss = rss_mb(worker.pid)
        began = time.perf_counter()
        started = await client.post(
            f"/api/contacts/imports/{uploaded['id']}/start",
            json={
                "mapping": {**uploaded["suggested_mapping"]},
                "options": {"batch_size": batch_size},
            },
        )
        started.raise_for_status()
        while True:
            body = (await client.get(f"/api/contacts/imports/{uploaded['id']}")).json()
            samples.append(
                (time.perf_counter() - began, body["processed_rows"], rss_mb(worker.pid))
            )
            if body["status"] != "running":
                break
            if worker.poll() is not None:
                log = (app.settings.data_dir / "worker.log").read_text()
                raise RuntimeError(f"the worker exited: {log[-2000:]}")
            await asyncio.sleep(0.5)
        elapsed = time.perf_counter() - began
    finally:
        worker.terminate()
        worker.wait(timeout=30)
    async with app.services.sessions() as session:
        stored = (
            await session.execute(
                select(func.count()).where(Contact.workspace_id == account.workspace_id)
            )
        ).scalar_one()
    rss = [s[2] for s in samples]
    step = max(1, len(samples) // 10)
    return {
        "rows": count,
        "file_mb": round(path.stat().st_size / 1e6, 1),
        "batch_size": batch_size,
        "upload_and_inspect_s": round(upload_seconds, 2),
        "import_s": round(elapsed, 2),
        "rows_per_s": round(count / elapsed),
        "status": body["status"],
        "counts": {k: body[k] for k in ("created_count", "updated_count", "error_count")},
        "contacts_stored": stored,
        "worker_rss_mb": {
            "idle": round(idle_rss, 1),
            "min": round(min(rss), 1),
            "max": round(max(rss), 1),
            "over_time": [f"{t:.1f}s {done} rows {mb:.1f} MB" for t, done, mb in samples[::step]],
        },
    }


async def main(count: int, batch_size: int) -> dict[str, Any]:
    use_fast_password_hashing()
    env = await WorkflowEnvironment.start_local(
        dev_server_existing_path=str(Path(sys.executable).parent / "temporal"),
        data_converter=pydantic_data_converter,
        search_attributes=list(search_attributes.ALL),
    )
    try:
        address = env.client.service_client.config.target_host
        with tempfile.TemporaryDirectory() as name:
            folder = Path(name)
            async with (
                postgres_database() as url,
                running_app(make_settings(folder, url), env.client, with_worker=False) as app,
            ):
                return await run(app, address, count, batch_size, folder)
    finally:
        await env.shutdown()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--batch-size", type=int, default=1000)
    args = parser.parse_args()
    report = asyncio.run(main(args.rows, args.batch_size))
    sys.stdout.write(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    sys.stdout.flush()
    # The SDK can abort at interpreter exit (PITFALLS.md): leave once the report is out.
    os._exit(0)
