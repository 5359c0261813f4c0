"""Activities of a CSV import: apply one batch of rows, or end the import."""

import uuid

from temporalio import activity
from temporalio.exceptions import ApplicationError

from activities.contracts.contact_imports import (
    FINISH_IMPORT,
    IMPORT_BATCH,
    FinishImportInput,
    ImportBatchInput,
)
from domain.conversations import workspace_topic
from domain.imports import BatchProgress, ImportProgressEvent
from infra.eventbus import EventBus
from stores.contacts.import_files import UnreadableFile
from stores.contacts.imports import ContactImportStore, ImportNotFound


class ContactImportActivities:
    def __init__(self, store: ContactImportStore, event_bus: EventBus) -> None:
        self._store = store
        self._event_bus = event_bus

    @activity.defn(name=IMPORT_BATCH.name)
    async def import_batch(self, input: ImportBatchInput) -> BatchProgress:
        """Imports the rows from `input.offset`, once; an offset already passed changes nothing.

        Errors that no retry can fix (the import or its file gone, an unreadable file) are
        non-retryable, so the workflow marks the import failed at once.
        """
        try:
            progress = await self._store.apply_batch(
                input.workspace_id, input.import_id, input.offset, input.batch_size
            )
        except (ImportNotFound, FileNotFoundError) as error:
            raise ApplicationError(
                "the import or its uploaded file no longer exists",
                type=type(error).__name__,
                non_retryable=True,
            ) from error
        except (UnreadableFile, UnicodeDecodeError) as error:
            raise ApplicationError(
                f"the file cannot be read: {error}", type="UnreadableFile", non_retryable=True
            ) from error
        await self._publish(input.workspace_id, progress)
        return progress

    @activity.defn(name=FINISH_IMPORT.name)
    async def finish_import(self, input: FinishImportInput) -> BatchProgress:
        """Marks a running import cancelled or failed; an ended import stays as it is."""
        try:
            progress = await self._store.finish(
                input.workspace_id, input.import_id, input.status, input.message
            )
        except ImportNotFound as error:
            raise ApplicationError(
                "the import no longer exists", type="ImportNotFound", non_retryable=True
            ) from error
        await self._publish(input.workspace_id, progress)
        return progress

    async def _publish(self, workspace_id: uuid.UUID, progress: BatchProgress) -> None:
        # A notification only: a lost one is made good by the page's next poll.
        await self._event_bus.publish(
            workspace_topic(workspace_id),
            ImportProgressEvent(progress=progress).model_dump_json(),
        )
