"""Request and response bodies of the inbox management routes (conversations' status, labels
and notes; canned responses; inbox teams; attachments)."""

import uuid
from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from domain.conversations import ConversationPublic, NotePublic
from stores.inbox.agents import InboxAgent
from stores.inbox.attachments import AttachmentPublic
from stores.inbox.canned_responses import CannedResponseChanges, CannedResponseFields
from stores.inbox.conversation_queries import ConversationCounts
from stores.inbox.conversation_updates import MAX_LABELS, ConversationChanges, LabelText
from stores.inbox.teams import InboxTeamChanges, InboxTeamFields, InboxTeamPublic

__all__ = [
    "AttachmentPublic",
    "ConversationCounts",
    "InboxAgent",
    "InboxTeamPublic",
]

NoteBody = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=4000)]


class ConversationPage(BaseModel):
    data: list[ConversationPublic]
    next_cursor: str | None = Field(
        description="Pass as `cursor` for the next page; null on the last page."
    )


class ConversationUpdate(ConversationChanges):
    model_config = ConfigDict(extra="forbid")


class LabelsUpdate(BaseModel):
    labels: list[LabelText] = Field(
        max_length=MAX_LABELS,
        description="Replaces the conversation's labels; each is trimmed and lower-cased.",
    )


class LabelCount(BaseModel):
    label: str
    count: int


class LabelCountsPublic(BaseModel):
    data: list[LabelCount]


class ConversationNoteCreate(BaseModel):
    body: NoteBody


class ConversationNotePublic(NotePublic):
    """A private note between agents (the `note` of a `NoteEvent` on /api/ws)."""


class ConversationNotesPublic(BaseModel):
    data: list[ConversationNotePublic]


class CannedResponseCreate(CannedResponseFields):
    model_config = ConfigDict(extra="forbid")


class CannedResponseUpdate(CannedResponseChanges):
    model_config = ConfigDict(extra="forbid")


class CannedResponsePublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    shortcut: str
    title: str
    body: str
    created_at: datetime
    updated_at: datetime


class CannedResponsesPublic(BaseModel):
    data: list[CannedResponsePublic]


class InboxTeamCreate(InboxTeamFields):
    model_config = ConfigDict(extra="forbid")


class InboxTeamUpdate(InboxTeamChanges):
    model_config = ConfigDict(extra="forbid")


class InboxTeamsPublic(BaseModel):
    data: list[InboxTeamPublic]


class InboxAgentsPublic(BaseModel):
    data: list[InboxAgent] = Field(description="Members who can be assigned conversations.")
