"""What erasing a contact takes and gives back: shared by the API, which starts the erasure,
and the workflow that carries it out."""

import uuid

from pydantic import BaseModel, Field


class EraseContactInput(BaseModel):
    workspace_id: uuid.UUID
    contact_id: uuid.UUID
    requested_by_user_id: uuid.UUID | None = None


class EraseContactResult(BaseModel):
    found: bool = Field(description="False when the workspace has no such contact.")
    ended_workflow_ids: list[str] = Field(default_factory=list)
    deleted_history_ids: list[str] = Field(
        default_factory=list, description="Workflows whose ended runs' histories were deleted."
    )
    conversations: int = 0
    messages: int = 0
