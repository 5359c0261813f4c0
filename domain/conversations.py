"""What moves through a conversation: workflow inputs, signal payloads and real-time events.

Shared by the API (which signals), the workflow (which decides) and the activities (which act),
so each shape is declared once.
"""

import uuid
from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, Field, StringConstraints

from domain.models import ChannelKind, ConversationStatus, MessageDirection, MessageStatus

MessageText = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=4096)
]
ClientMessageId = Annotated[
    str, StringConstraints(min_length=1, max_length=100, pattern=r"^[A-Za-z0-9_.:-]+$")
]


class ConversationRef(BaseModel):
    """The business key of a conversation: one contact on one channel of one workspace."""

    workspace_id: uuid.UUID
    channel_id: uuid.UUID
    channel_kind: ChannelKind
    contact_key: str = Field(min_length=1, max_length=200)


class InboundMessage(BaseModel):
    """A message from the contact, as the channel handed it to us."""

    client_message_id: ClientMessageId = Field(
        description="Chosen by the sender; a retry with the same id is the same message."
    )
    text: MessageText
    received_at: datetime
    contact_name: str = Field(default="", max_length=200)


class AgentReply(BaseModel):
    """A reply an agent wrote in the inbox. The API picks `message_id`, so retries are safe."""

    message_id: uuid.UUID
    conversation_id: uuid.UUID
    author_user_id: uuid.UUID
    text: MessageText
    requested_at: datetime


class ConversationState(BaseModel):
    """Everything the workflow must carry across continue-as-new."""

    conversation_id: uuid.UUID | None = None
    contact_id: uuid.UUID | None = None
    recent_inbound_ids: list[str] = Field(
        default_factory=list,
        description="Recently seen client message ids: duplicates are dropped without an activity.",
    )
    recent_reply_ids: list[uuid.UUID] = Field(default_factory=list)
    messages_handled: int = 0


class ConversationInput(BaseModel):
    ref: ConversationRef
    state: ConversationState = Field(default_factory=ConversationState)
    events_per_run: int = Field(
        default=500,
        ge=1,
        description="Events handled before continue-as-new keeps the history small.",
    )


class ConversationSnapshot(BaseModel):
    """What the `get_state` query answers."""

    ref: ConversationRef
    state: ConversationState
    pending_events: int


class MessagePublic(BaseModel):
    id: uuid.UUID
    conversation_id: uuid.UUID
    direction: MessageDirection
    text: str
    status: MessageStatus
    client_message_id: str
    author_user_id: uuid.UUID | None
    created_at: datetime


class ConversationPublic(BaseModel):
    id: uuid.UUID
    channel_id: uuid.UUID
    channel_kind: ChannelKind
    contact_id: uuid.UUID
    contact_name: str
    contact_key: str
    status: ConversationStatus
    unread_count: int
    last_message_preview: str
    last_message_at: datetime | None
    created_at: datetime
    workflow_id: str


class MessageEvent(BaseModel):
    """A message was stored or changed status."""

    type: Literal["message"] = "message"
    message: MessagePublic


class ConversationEvent(BaseModel):
    """A conversation's summary changed (new message, unread count, status)."""

    type: Literal["conversation"] = "conversation"
    conversation: ConversationPublic


InboxEvent = Annotated[MessageEvent | ConversationEvent, Field(discriminator="type")]


def workspace_topic(workspace_id: uuid.UUID) -> str:
    """Event-bus topic every inbox of a workspace listens on."""
    return f"workspace.{workspace_id}"


def visitor_topic(channel_id: uuid.UUID, contact_key: str) -> str:
    """Event-bus topic one web chat visitor's widget listens on."""
    return f"webchat.{channel_id}.{contact_key}"
