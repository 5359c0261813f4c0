"""Contracts of the contact erasure activities."""

import uuid

from pydantic import BaseModel

from activities.contracts import ActivityContract


class ContactRef(BaseModel):
    workspace_id: uuid.UUID
    contact_id: uuid.UUID


class MarkErasedResult(BaseModel):
    found: bool


class EndContactWorkflowsInput(BaseModel):
    workspace_id: uuid.UUID
    contact_id: uuid.UUID
    reason: str


class EndContactWorkflowsResult(BaseModel):
    ended_workflow_ids: list[str]


class DeleteHistoriesResult(BaseModel):
    deleted_workflow_ids: list[str]


class RedactContactInput(BaseModel):
    workspace_id: uuid.UUID
    contact_id: uuid.UUID
    requested_by_user_id: uuid.UUID | None = None


class RedactContactResult(BaseModel):
    conversations: int
    messages: int


MARK_CONTACT_ERASED = ActivityContract("mark_contact_erased", ContactRef, MarkErasedResult)
END_CONTACT_WORKFLOWS: ActivityContract[EndContactWorkflowsInput, EndContactWorkflowsResult] = (
    ActivityContract("end_contact_workflows", EndContactWorkflowsInput, EndContactWorkflowsResult)
)
DELETE_CONTACT_HISTORIES = ActivityContract(
    "delete_contact_histories", ContactRef, DeleteHistoriesResult
)
REDACT_CONTACT = ActivityContract("redact_contact", RedactContactInput, RedactContactResult)
