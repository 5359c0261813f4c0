"""Contracts of the conversations activities."""

import uuid
from datetime import datetime

from pydantic import BaseModel, Field

from activities.contracts import ActivityContract
from domain.conversations import (
    AgentReply,
    ConversationRef,
    InboundMessage,
)
from domain.enums import ConversationMode, MessageStatus
from domain.flow_runs import FlowRef, PublishedFlow
from domain.message_content import MediaContent
from domain.send_consent import SendPurpose

GAVE_UP = "The message could not be delivered after repeated attempts."


class RecordInboundInput(BaseModel):
    ref: ConversationRef
    workflow_id: str
    message: InboundMessage
    find_flow: bool = Field(
        default=False, description="No bot runs in the conversation: look for a flow to start."
    )
    handling: str | None = Field(
        default=None, description="This run's handling of the message, to know its own retries."
    )


class RecordInboundResult(BaseModel):
    conversation_id: uuid.UUID
    contact_id: uuid.UUID
    message_id: uuid.UUID
    duplicate: bool
    mode: ConversationMode = ConversationMode.human
    flow_ref: FlowRef | None = Field(
        default=None, description="The flow this message starts (its pinned version)."
    )
    flow: PublishedFlow | None = Field(
        default=None,
        description="Results recorded before results carried a reference hold the graph; "
        "never filled any more.",
    )


class DeliverReplyInput(BaseModel):
    ref: ConversationRef
    reply: AgentReply
    purpose: SendPurpose = Field(
        default=SendPurpose.reply,
        description=(
            "`proactive` when we speak first (a flow started from outside, a follow-up long "
            "after the contact last wrote): WhatsApp and SMS then need a recorded opt-in."
        ),
    )


class DeliverReplyResult(BaseModel):
    message_id: uuid.UUID
    status: MessageStatus = Field(
        description="`skipped` (consent), `unconfirmed` (outcome unknown) and `failed` are final "
        "for the workflow; a later status webhook may still move an unconfirmed one forward."
    )


class MarkReplyFailedInput(BaseModel):
    ref: ConversationRef
    reply: AgentReply
    code: str | None = None
    reason: str = GAVE_UP


class FetchMediaInput(BaseModel):
    ref: ConversationRef
    message_id: uuid.UUID
    media: MediaContent


class ConversationNoticeInput(BaseModel):
    ref: ConversationRef
    conversation_id: uuid.UUID


class WakeSnoozedInput(BaseModel):
    ref: ConversationRef
    conversation_id: uuid.UUID
    until: datetime


RECORD_INBOUND_MESSAGE = ActivityContract(
    "record_inbound_message", RecordInboundInput, RecordInboundResult
)
DELIVER_REPLY = ActivityContract("deliver_reply", DeliverReplyInput, DeliverReplyResult)
MARK_REPLY_FAILED = ActivityContract("mark_reply_failed", MarkReplyFailedInput, type(None))
FETCH_INBOUND_MEDIA = ActivityContract("fetch_inbound_media", FetchMediaInput, type(None))
ANNOUNCE_CONVERSATION = ActivityContract(
    "announce_conversation", ConversationNoticeInput, type(None)
)
WAKE_SNOOZED = ActivityContract("wake_snoozed", WakeSnoozedInput, type(None))
