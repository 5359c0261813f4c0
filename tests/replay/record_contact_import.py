"""Records a ContactImportWorkflow history for the replay test.

Run after a deliberate change to the workflow's behaviour (guarded by `workflow.patched`),
keeping the older files: `python -m tests.replay.record_contact_import NAME`.
"""

import asyncio
import sys
import uuid
from pathlib import Path

from temporalio.client import Client

from domain.imports import BatchProgress, ContactImportInput, ImportOptions
from infra.file_storage import LocalFileStorage
from stores.contacts.imports import ContactImportStore
from temporal.ids import contact_import_workflow_id
from temporal.names import CONTACT_IMPORT_WORKFLOW
from tests.factories import create_workspace
from tests.replay.recording import record_on_dev_server, save_history
from tests.support.contact_csv import csv_bytes, people
from tests.support.databases import sqlite_database
from tests.support.harness import make_settings, running_app
from tests.support.imports import upload


async def record_import(client: Client, folder: Path, name: str) -> None:
    async with (
        sqlite_database(folder) as url,
        running_app(make_settings(folder, url), client) as app,
    ):
        account = await create_workspace(app.services.sessions)
        rows = [*people(12), ["Broken", "1", ""]]
        uploaded = await upload(await app.login(account), csv_bytes(["nome", "telefone"], rows))
        store = ContactImportStore(app.services.sessions, LocalFileStorage(folder))
        import_id = uuid.UUID(uploaded["id"])
        workflow_id = contact_import_workflow_id(account.workspace_id, import_id)
        row = await store.start(
            account.workspace_id,
            import_id,
            {"nome": "name", "telefone": "phone"},
            ImportOptions(),
            workflow_id,
        )
        # Two batches per run: the recorded run ends in continue-as-new.
        handle = await client.start_workflow(
            CONTACT_IMPORT_WORKFLOW,
            ContactImportInput(
                workspace_id=account.workspace_id,
                import_id=import_id,
                offset=row.next_offset,
                batch_size=3,
                batches_per_run=2,
            ),
            id=workflow_id,
            task_queue=app.settings.temporal_task_queue,
            result_type=BatchProgress,
        )
        await handle.result()
        first_run = client.get_workflow_handle(workflow_id, run_id=handle.first_execution_run_id)
        await save_history(first_run, name)


if __name__ == "__main__":
    name = sys.argv[1] if len(sys.argv) > 1 else "contact-import-v1"
    asyncio.run(record_on_dev_server(record_import, name))
