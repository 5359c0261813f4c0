"""What moves through a conversation: workflow inputs, signal payloads and real-time events.

Shared by the API (which signals), the workflow (which decides) and the activities (which act),
so each shape is declared once.
"""

import uuid
from datetime import datetime, timedelta
from typing import Annotated, Literal

from pydantic import BaseModel, Field, StringConstraints, model_validator

from domain.enums import (
    ChannelKind,
    ConversationMode,
    ConversationStatus,
    MessageDirection,
    MessageStatus,
)
from domain.message_content import InboundContent, MessageContent, OutboundContent

MessageText = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=4096)
]
ClientMessageId = Annotated[
    str, StringConstraints(min_length=1, max_length=200, pattern=r"^[\x21-\x7e]+$")
]
# WhatsApp's customer-service window: free-form messages only within 24 hours of the last inbound.
WHATSAPP_WINDOW = timedelta(hours=24)
WHATSAPP_WINDOW_CLOSED = (
    "More than 24 hours have passed since the customer last wrote on WhatsApp: "
    "only an approved template can be sent until they write again."
)


class ConversationRef(BaseModel):
    """The business key of a conversation: one contact on one channel of one workspace."""

    workspace_id: uuid.UUID
    channel_id: uuid.UUID
    channel_kind: ChannelKind
    contact_key: str = Field(min_length=1, max_length=200)


class InboundMessage(BaseModel):
    """A message from the contact, as the channel handed it to us."""

    client_message_id: ClientMessageId = Field(
        description="Chosen by the sender (the provider's message id); a retry with the same id "
        "is the same message."
    )
    text: MessageText = Field(description="The content in one line (`summary`).")
    received_at: datetime
    contact_name: str = Field(default="", max_length=200)
    content: InboundContent | None = Field(
        default=None, description="What was sent, when more than plain text."
    )
    contact_phone: str | None = Field(
        default=None, max_length=32, description="E.164, when the channel is phone-based."
    )
    contact_email: str | None = Field(default=None, max_length=320)


class AgentReply(BaseModel):
    """A reply an agent wrote in the inbox. The API picks `message_id`, so retries are safe."""

    message_id: uuid.UUID
    conversation_id: uuid.UUID
    author_user_id: uuid.UUID | None
    text: MessageText
    requested_at: datetime
    content: OutboundContent | None = Field(
        default=None, description="What to send, when more than plain text."
    )


class SnoozeWake(BaseModel):
    """Reopen the conversation at `until`, unless it was reopened or snoozed again meanwhile."""

    conversation_id: uuid.UUID
    until: datetime | None = Field(description="None cancels the wake-up.")


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
    last_inbound_at: datetime | None = Field(
        default=None, description="When the contact last wrote: opens WhatsApp's window."
    )
    window_closed_announced: bool = Field(
        default=True, description="The inboxes were told the window closed (none open yet)."
    )
    snoozed_until: datetime | None = None
    flow_run: "FlowRunState | None" = Field(
        default=None, description="The bot run in progress, with its pinned flow version."
    )


class ConversationInput(BaseModel):
    ref: ConversationRef
    state: ConversationState = Field(default_factory=ConversationState)
    events_per_run: int = Field(
        default=500,
        ge=1,
        description="Events handled before continue-as-new keeps the history small.",
    )
    pending: list["PendingEvent"] = Field(
        default_factory=list,
        description="Events the previous run received and had not handled yet.",
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
    content: MessageContent | None = None
    status: MessageStatus
    status_at: datetime | None = None
    error_code: str | None = None
    error_message: str | None = Field(
        default=None, description="Why it failed, worded for the agent."
    )
    client_message_id: str
    provider_message_id: str | None = None
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
    snoozed_until: datetime | None = None
    mode: ConversationMode = ConversationMode.human
    assignee_user_id: uuid.UUID | None = None
    assignee_team_id: uuid.UUID | None = None
    labels: list[str] = Field(default_factory=list)
    unread_count: int
    last_message_preview: str
    last_message_at: datetime | None
    last_inbound_at: datetime | None = None
    window_expires_at: datetime | None = Field(
        default=None,
        description="WhatsApp only: free-form replies are possible until then; "
        "after it (or with none) only templates.",
    )
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


class NotePublic(BaseModel):
    id: uuid.UUID
    conversation_id: uuid.UUID
    author_user_id: uuid.UUID | None
    author_name: str
    body: str
    created_at: datetime


class NoteEvent(BaseModel):
    """An agent added a private note."""

    type: Literal["note"] = "note"
    note: NotePublic


def window_expires_at(
    channel_kind: ChannelKind, last_inbound_at: datetime | None
) -> datetime | None:
    if channel_kind != ChannelKind.whatsapp or last_inbound_at is None:
        return None
    return last_inbound_at + WHATSAPP_WINDOW


def window_open(expires_at: datetime | None, now: datetime) -> bool:
    return expires_at is not None and now < expires_at


def needs_open_window(channel_kind: ChannelKind, content: BaseModel | None) -> bool:
    """WhatsApp sends nothing but an approved template outside the window."""
    return channel_kind == ChannelKind.whatsapp and getattr(content, "kind", "text") != "template"


def workspace_topic(workspace_id: uuid.UUID) -> str:
    """Event-bus topic every inbox of a workspace listens on."""
    return f"workspace.{workspace_id}"


def visitor_topic(channel_id: uuid.UUID, contact_key: str) -> str:
    """Event-bus topic one web chat visitor's widget listens on."""
    return f"webchat.{channel_id}.{contact_key}"


from domain.flow_runs import FlowRef, FlowRunState, PublishedFlow  # noqa: E402  (no cycle)


class StartFlow(BaseModel):
    """An automation or the API starts a flow for the contact (no message from them needed)."""

    flow_ref: FlowRef | None = Field(default=None, description="The version to run.")
    flow: PublishedFlow | None = Field(
        default=None,
        description="Orders sent before orders carried a reference hold the graph instead.",
    )
    contact_id: uuid.UUID
    requested_at: datetime

    @model_validator(mode="after")
    def _names_a_flow(self) -> "StartFlow":
        if self.flow_ref is None and self.flow is None:
            raise ValueError("name the flow to start")
        return self

    @property
    def target(self) -> FlowRef:
        """The version to run, however the order named it."""
        if self.flow_ref is not None:
            return self.flow_ref
        assert self.flow is not None
        return self.flow.ref


class ModeChange(BaseModel):
    """The agents took the conversation over from the bot (human), or handed it back (bot)."""

    conversation_id: uuid.UUID
    mode: ConversationMode


class PendingEvent(BaseModel):
    """An event a run received but had not handled when it continued as new: the next run
    handles it first, in the order it came."""

    inbound: InboundMessage | None = None
    reply: AgentReply | None = None
    start_flow: StartFlow | None = None

    @classmethod
    def of(cls, event: "InboundMessage | AgentReply | StartFlow") -> "PendingEvent":
        if isinstance(event, InboundMessage):
            return cls(inbound=event)
        if isinstance(event, AgentReply):
            return cls(reply=event)
        return cls(start_flow=event)

    def event(self) -> "InboundMessage | AgentReply | StartFlow":
        found = self.inbound or self.reply or self.start_flow
        assert found is not None, "a pending event holds one of the three"
        return found


# `ConversationInput` names `PendingEvent` before it is defined.
ConversationInput.model_rebuild()


ConversationState.model_rebuild()
