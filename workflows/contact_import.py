"""One durable workflow per CSV import: reads the file batch by batch until its end.

The database holds the progress (offset and counters); this workflow only decides what comes
next. Each batch is one activity that commits its rows and the new offset together, so a worker
killed at any point resumes from the last committed batch with nothing done twice.

Signals:
    cancel(): stop after the batch in progress; the import ends `cancelled`.
"""

import asyncio
from datetime import timedelta

from temporalio import workflow
from temporalio.common import RetryPolicy
from temporalio.exceptions import ActivityError, ApplicationError

from activities.contracts.contact_imports import (
    FINISH_IMPORT,
    IMPORT_BATCH,
    FinishImportInput,
    ImportBatchInput,
)
from temporal.names import CANCEL_IMPORT_SIGNAL, CONTACT_IMPORT_WORKFLOW

with workflow.unsafe.imports_passed_through():
    from domain.enums import ImportStatus
    from domain.imports import BatchProgress, ContactImportInput

# A batch of 1,000 rows takes about a second; two minutes leave room for a slow database
# before the attempt is deemed lost and retried (a retry of a committed batch is a no-op).
BATCH_TIMEOUT = timedelta(minutes=2)
BATCH_RETRY = RetryPolicy(
    initial_interval=timedelta(seconds=1),
    maximum_interval=timedelta(seconds=30),
    maximum_attempts=10,
)
FINISH_RETRY = RetryPolicy(
    initial_interval=timedelta(seconds=1), maximum_interval=timedelta(seconds=30)
)


@workflow.defn(name=CONTACT_IMPORT_WORKFLOW)
class ContactImportWorkflow:
    def __init__(self) -> None:
        self._cancel_requested = False

    @workflow.signal(name=CANCEL_IMPORT_SIGNAL)
    def cancel(self) -> None:
        # Only a flag: the batch in flight commits or not as a whole, then the loop stops.
        self._cancel_requested = True

    @workflow.run
    async def run(self, input: ContactImportInput) -> BatchProgress:
        try:
            return await self._import(input)
        except asyncio.CancelledError:
            # Cancelled from Temporal (UI or CLI) rather than by signal: still record it.
            await self._finish(input, ImportStatus.cancelled, "")
            raise
        except ActivityError as error:
            cause = error.cause
            message = cause.message if isinstance(cause, ApplicationError) else str(error)
            return await self._finish(input, ImportStatus.failed, message)

    async def _import(self, input: ContactImportInput) -> BatchProgress:
        offset = input.offset
        for _ in range(input.batches_per_run):
            if self._cancel_requested:
                return await self._finish(input, ImportStatus.cancelled, "")
            progress = await IMPORT_BATCH.execute(
                ImportBatchInput(
                    workspace_id=input.workspace_id,
                    import_id=input.import_id,
                    offset=offset,
                    batch_size=input.batch_size,
                ),
                start_to_close_timeout=BATCH_TIMEOUT,
                retry_policy=BATCH_RETRY,
            )
            if progress.done:
                return progress
            offset = progress.next_offset
            if workflow.info().is_continue_as_new_suggested():
                break
        # Signal handlers are synchronous, so none is unfinished here; a cancel that arrived
        # during the last batch is honoured before the history is cut.
        await workflow.wait_condition(workflow.all_handlers_finished)
        if self._cancel_requested:
            return await self._finish(input, ImportStatus.cancelled, "")
        workflow.continue_as_new(input.model_copy(update={"offset": offset}))

    async def _finish(
        self, input: ContactImportInput, status: ImportStatus, message: str
    ) -> BatchProgress:
        return await FINISH_IMPORT.execute(
            FinishImportInput(
                workspace_id=input.workspace_id,
                import_id=input.import_id,
                status=status,
                message=message,
            ),
            start_to_close_timeout=timedelta(seconds=30),
            retry_policy=FINISH_RETRY,
        )
