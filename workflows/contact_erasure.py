"""Erasing a contact on request (LGPD/GDPR), durably: once started, it finishes.

Steps, each an idempotent activity:
  1. mark the contact erased: from then on every reader answers 404;
  2. end every running workflow of the contact (conversations, flows, automations), so none
     keeps acting on data about to go;
  3. redact its personal data, keeping the rows aggregates count;
  4. end again whatever started for the contact while step 3 ran (a message that arrived
     between steps 2 and 3 restarts its conversation under the old contact);
  5. delete the histories of the contact's ended runs from Temporal: their signals carry the
     messages and names step 3 removed from the database.

No signals, updates or queries: the result says what was done.
"""

from datetime import timedelta

from temporalio import workflow
from temporalio.common import RetryPolicy

from activities.contracts.contact_erasure import (
    DELETE_CONTACT_HISTORIES,
    END_CONTACT_WORKFLOWS,
    MARK_CONTACT_ERASED,
    REDACT_CONTACT,
    ContactRef,
    EndContactWorkflowsInput,
    RedactContactInput,
)
from temporal.names import CONTACT_ERASURE_WORKFLOW

with workflow.unsafe.imports_passed_through():
    from domain.erasure import EraseContactInput, EraseContactResult

DATABASE_RETRY = RetryPolicy(
    initial_interval=timedelta(seconds=1), maximum_interval=timedelta(seconds=30)
)
# Visibility may take a while to catch up; an erasure must not give up on it.
TEMPORAL_RETRY = RetryPolicy(
    initial_interval=timedelta(seconds=2), maximum_interval=timedelta(minutes=1)
)
END_REASON = "contact erased on request (LGPD/GDPR)"


@workflow.defn(name=CONTACT_ERASURE_WORKFLOW)
class ContactErasureWorkflow:
    @workflow.run
    async def run(self, input: EraseContactInput) -> EraseContactResult:
        ref = ContactRef(workspace_id=input.workspace_id, contact_id=input.contact_id)
        marked = await MARK_CONTACT_ERASED.execute(
            ref,
            start_to_close_timeout=timedelta(seconds=30),
            retry_policy=DATABASE_RETRY,
        )
        if not marked.found:
            return EraseContactResult(found=False)
        ended = set(await self._end_workflows(input))
        redacted = await REDACT_CONTACT.execute(
            RedactContactInput(
                workspace_id=input.workspace_id,
                contact_id=input.contact_id,
                requested_by_user_id=input.requested_by_user_id,
            ),
            # Many conversations mean many message rows: one transaction, generous time.
            start_to_close_timeout=timedelta(minutes=5),
            retry_policy=DATABASE_RETRY,
        )
        ended.update(await self._end_workflows(input))
        deleted = await DELETE_CONTACT_HISTORIES.execute(
            ref,
            start_to_close_timeout=timedelta(minutes=5),
            heartbeat_timeout=timedelta(seconds=30),
            retry_policy=TEMPORAL_RETRY,
        )
        return EraseContactResult(
            found=True,
            ended_workflow_ids=sorted(ended),
            deleted_history_ids=deleted.deleted_workflow_ids,
            conversations=redacted.conversations,
            messages=redacted.messages,
        )

    async def _end_workflows(self, input: EraseContactInput) -> list[str]:
        result = await END_CONTACT_WORKFLOWS.execute(
            EndContactWorkflowsInput(
                workspace_id=input.workspace_id, contact_id=input.contact_id, reason=END_REASON
            ),
            start_to_close_timeout=timedelta(minutes=2),
            heartbeat_timeout=timedelta(seconds=30),
            retry_policy=TEMPORAL_RETRY,
        )
        return result.ended_workflow_ids
