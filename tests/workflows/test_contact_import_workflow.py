"""ContactImportWorkflow on a real dev server and worker: resume, failure, idempotent batches."""

import asyncio
import uuid

from sqlalchemy import func
from sqlmodel import col, select
from temporalio.testing import ActivityEnvironment

from activities.contact_imports import ContactImportActivities
from activities.contracts.contact_imports import ImportBatchInput
from domain.imports import ImportOptions
from infra.file_storage import LocalFileStorage
from stores.contacts.imports import ContactImportStore
from stores.tables.contacts import Contact, ContactEvent, ContactImport, ContactImportError
from tests.factories import create_workspace
from tests.support.contact_csv import csv_bytes, people
from tests.support.harness import Harness
from tests.support.imports import finished, start, upload
from tests.support.waiting import eventually

HEADER = ["nome", "telefone", "email"]


async def _scalar(app: Harness, query: object) -> int:
    async with app.services.sessions() as session:
        return int((await session.execute(query)).scalar_one())  # type: ignore[call-overload]


async def test_import_resumes_after_worker_restart_without_duplicates(app: Harness) -> None:
    account = await create_workspace(app.services.sessions)
    client = await app.login(account)
    rows = people(400)
    rows += [[f"Dup {n}", f"+55 (11) 97000-{n:04d}", ""] for n in range(20)]
    rows += [["Broken", "1", ""]] * 5
    uploaded = await upload(client, csv_bytes(HEADER, rows))
    import_id = uploaded["id"]
    # Tiny batches keep the import running long enough to stop the worker in the middle.
    await start(client, import_id, batch_size=5)

    async def underway() -> dict[str, int] | None:
        body = (await client.get(f"/api/contacts/imports/{import_id}")).json()
        return body if body["processed_rows"] >= 20 else None

    await eventually(underway)
    await app.stop_worker()
    stopped = (await client.get(f"/api/contacts/imports/{import_id}")).json()
    assert stopped["status"] == "running" and stopped["processed_rows"] < 425
    await asyncio.sleep(0.5)
    assert (await client.get(f"/api/contacts/imports/{import_id}")).json() == stopped
    await app.start_worker()
    done = await finished(client, import_id)

    assert done["status"] == "completed"
    assert (done["processed_rows"], done["created_count"]) == (425, 400)
    assert (done["updated_count"], done["error_count"]) == (20, 5)
    ws = account.workspace_id
    contacts = select(func.count()).select_from(Contact).where(Contact.workspace_id == ws)
    assert await _scalar(app, contacts) == 400
    phones = select(func.count(func.distinct(Contact.phone))).where(Contact.workspace_id == ws)
    assert await _scalar(app, phones) == 400
    created_events = select(func.count()).where(
        ContactEvent.workspace_id == ws, ContactEvent.kind == "created"
    )
    assert await _scalar(app, created_events) == 400
    error_rows = select(func.count(func.distinct(ContactImportError.row_number))).where(
        ContactImportError.workspace_id == ws
    )
    assert await _scalar(app, error_rows) == 5
    # 85 batches at 20 per run: the history was cut by continue-as-new along the way.
    history = await app.temporal.get_workflow_handle(done["workflow_id"]).fetch_history()
    started = history.events[0].workflow_execution_started_event_attributes
    assert started.continued_execution_run_id


async def test_import_whose_file_vanished_ends_failed(sqlite_app: Harness) -> None:
    account = await create_workspace(sqlite_app.services.sessions)
    client = await sqlite_app.login(account)
    uploaded = await upload(client, csv_bytes(HEADER, people(3)))
    async with sqlite_app.services.sessions() as session:
        row = await session.get(ContactImport, uuid.UUID(uploaded["id"]))
        assert row is not None
    (sqlite_app.settings.uploads_dir / row.storage_key).unlink()
    await start(client, uploaded["id"])

    done = await finished(client, uploaded["id"])
    assert done["status"] == "failed" and done["finished_at"]
    assert "no longer exists" in done["failure_message"]


async def test_batch_activity_called_twice_with_one_offset_imports_once(
    sqlite_app: Harness,
) -> None:
    app = sqlite_app
    account = await create_workspace(app.services.sessions)
    client = await app.login(account)
    uploaded = await upload(client, csv_bytes(HEADER, people(30)))
    store = ContactImportStore(app.services.sessions, LocalFileStorage(app.settings.uploads_dir))
    # Marked running through the store, not the API, so no workflow races this test.
    row = await store.start(
        account.workspace_id,
        uuid.UUID(uploaded["id"]),
        {"nome": "name", "telefone": "phone"},
        ImportOptions(),
        "test",
    )
    activities = ContactImportActivities(store, app.services.event_bus)
    batch = ImportBatchInput(
        workspace_id=account.workspace_id, import_id=row.id, offset=row.next_offset, batch_size=10
    )
    env = ActivityEnvironment()
    first = await env.run(activities.import_batch, batch)
    second = await env.run(activities.import_batch, batch)

    assert first == second and first.processed_rows == first.created_count == 10
    query = select(func.count()).where(col(Contact.workspace_id) == account.workspace_id)
    assert await _scalar(app, query) == 10
