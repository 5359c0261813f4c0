"""Activities of erasing a contact: mark it gone, end its workflows, remove its data.

Each is idempotent: the workflow may run any of them again after a crash or a retry.
"""

import asyncio
import uuid

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from temporalio import activity
from temporalio.api.common.v1 import WorkflowExecution
from temporalio.api.workflowservice.v1 import DeleteWorkflowExecutionRequest
from temporalio.client import Client
from temporalio.exceptions import ApplicationError
from temporalio.service import RPCError, RPCStatusCode

from activities.contracts.contact_erasure import (
    DELETE_CONTACT_HISTORIES,
    END_CONTACT_WORKFLOWS,
    MARK_CONTACT_ERASED,
    REDACT_CONTACT,
    ContactRef,
    DeleteHistoriesResult,
    EndContactWorkflowsInput,
    EndContactWorkflowsResult,
    MarkErasedResult,
    RedactContactInput,
    RedactContactResult,
)
from domain.timeutil import utcnow
from stores.contacts.privacy import conversation_workflow_ids, mark_erased, redact_contact
from temporal import search_attributes

# Visibility trails terminations by a moment: list again until nothing is left, this often.
LIST_ROUNDS = 20
LIST_PAUSE_SECONDS = 0.5


def running_of_contact_query(workspace_id: uuid.UUID, contact_id: uuid.UUID, own_id: str) -> str:
    """Every running workflow acting for the contact (conversations, flows, automations)."""
    return (
        f'{search_attributes.WORKSPACE.name} = "{workspace_id}"'
        f' AND {search_attributes.CONTACT.name} = "{contact_id}"'
        f' AND ExecutionStatus = "Running" AND WorkflowId != "{own_id}"'
    )


def ended_of_contact_query(workspace_id: uuid.UUID, contact_id: uuid.UUID, own_id: str) -> str:
    """Every ended run of the contact's workflows, whose histories still hold its data."""
    return (
        f'{search_attributes.WORKSPACE.name} = "{workspace_id}"'
        f' AND {search_attributes.CONTACT.name} = "{contact_id}"'
        f' AND ExecutionStatus != "Running" AND WorkflowId != "{own_id}"'
    )


class ContactErasureActivities:
    def __init__(self, client: Client, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._client = client
        self._sessions = sessions

    @activity.defn(name=MARK_CONTACT_ERASED.name)
    async def mark_contact_erased(self, input: ContactRef) -> MarkErasedResult:
        """From this commit on, every reader answers 404 for the contact."""
        async with self._sessions() as session, session.begin():
            found = await mark_erased(session, input.workspace_id, input.contact_id, utcnow())
        return MarkErasedResult(found=found)

    @activity.defn(name=END_CONTACT_WORKFLOWS.name)
    async def end_contact_workflows(
        self, input: EndContactWorkflowsInput
    ) -> EndContactWorkflowsResult:
        """Terminates the contact's running workflows, listing until visibility shows none.

        Its conversations are ended by the workflow ids the database holds first: visibility
        may not show yet a conversation that started a moment ago. Raises (and so is retried)
        when some still show as running after the last round.
        """
        async with self._sessions() as session:
            known = await conversation_workflow_ids(session, input.workspace_id, input.contact_id)
        ended = {w for w in known if await self._terminate(w, None, input.reason)}
        query = running_of_contact_query(
            input.workspace_id, input.contact_id, activity.info().workflow_id or ""
        )
        tried: set[tuple[str, str | None]] = set()
        for _ in range(LIST_ROUNDS):
            activity.heartbeat(len(ended))
            running = [(w.id, w.run_id) async for w in self._client.list_workflows(query)]
            if not running:
                return EndContactWorkflowsResult(ended_workflow_ids=sorted(ended))
            # A run terminated a moment ago may still be listed: it is not terminated twice.
            for workflow_id, run_id in set(running) - tried:
                tried.add((workflow_id, run_id))
                if await self._terminate(workflow_id, run_id, input.reason):
                    ended.add(workflow_id)
            await asyncio.sleep(LIST_PAUSE_SECONDS)
        raise ApplicationError(
            f"workflows of contact {input.contact_id} still listed as running", non_retryable=False
        )

    async def _terminate(self, workflow_id: str, run_id: str | None, reason: str) -> bool:
        """Ends the run (the current one without `run_id`); False if none was running."""
        handle = self._client.get_workflow_handle(workflow_id, run_id=run_id)
        try:
            await handle.terminate(reason=reason)
        except RPCError as error:
            # Ended meanwhile (by itself, or by an earlier attempt of this activity): done.
            if error.status != RPCStatusCode.NOT_FOUND:
                raise
            return False
        activity.logger.info("terminated %s (%s): %s", workflow_id, run_id, reason)
        return True

    @activity.defn(name=DELETE_CONTACT_HISTORIES.name)
    async def delete_contact_histories(self, input: ContactRef) -> DeleteHistoriesResult:
        """Deletes the histories of the contact's ended runs from Temporal.

        Their signals and inputs carry the messages and names just removed from the database;
        retention would keep them for days. A history already deleted counts as done.
        """
        query = ended_of_contact_query(
            input.workspace_id, input.contact_id, activity.info().workflow_id or ""
        )
        deleted: list[str] = []
        async for execution in self._client.list_workflows(query):
            activity.heartbeat(len(deleted))
            request = DeleteWorkflowExecutionRequest(
                namespace=self._client.namespace,
                workflow_execution=WorkflowExecution(
                    workflow_id=execution.id, run_id=execution.run_id
                ),
            )
            try:
                await self._client.workflow_service.delete_workflow_execution(request)
            except RPCError as error:
                if error.status != RPCStatusCode.NOT_FOUND:
                    raise
                continue
            deleted.append(execution.id)
        return DeleteHistoriesResult(deleted_workflow_ids=sorted(set(deleted)))

    @activity.defn(name=REDACT_CONTACT.name)
    async def redact_contact(self, input: RedactContactInput) -> RedactContactResult:
        info = activity.info()
        async with self._sessions() as session, session.begin():
            redaction = await redact_contact(
                session,
                input.workspace_id,
                input.contact_id,
                now=utcnow(),
                actor_user_id=input.requested_by_user_id,
                workflow_id=info.workflow_id,
                run_id=info.workflow_run_id,
            )
        return RedactContactResult(
            conversations=redaction.conversations, messages=redaction.messages
        )
