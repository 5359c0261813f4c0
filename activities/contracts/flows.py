"""Contracts of the flows activities."""

import uuid
from typing import Literal

from pydantic import BaseModel, Field

from activities.contracts import ActivityContract
from domain.conversations import ConversationRef
from domain.flow_runs import ContactFacts, FlowRef, FlowStep, HttpOutcome, PublishedFlow
from domain.flows import HttpRequestNode, Intent


class ContactInput(BaseModel):
    workspace_id: uuid.UUID
    contact_id: uuid.UUID


class SetFieldInput(ContactInput):
    field: str
    value: str


class TagInput(ContactInput):
    action: Literal["add", "remove"]
    tag: str


class FieldOutcome(BaseModel):
    facts: ContactFacts
    error: str | None = Field(default=None, description="Why the value was not stored.")


class HttpInput(BaseModel):
    workspace_id: uuid.UUID
    node: HttpRequestNode
    values: dict[str, dict[str, str]]


class HandOffInput(BaseModel):
    ref: ConversationRef
    conversation_id: uuid.UUID
    team_id: uuid.UUID | None


class RecordStepsInput(BaseModel):
    ref: ConversationRef
    conversation_id: uuid.UUID
    flow_run_id: uuid.UUID
    flow_id: uuid.UUID
    flow_version: int
    workflow_id: str
    run_id: str
    steps: list[FlowStep]


class OpenConversationInput(BaseModel):
    ref: ConversationRef
    workflow_id: str
    contact_id: uuid.UUID


class OpenedConversation(BaseModel):
    conversation_id: uuid.UUID
    contact_id: uuid.UUID


class LoadFlowInput(BaseModel):
    workspace_id: uuid.UUID
    flow_id: uuid.UUID


class LoadFlowVersionInput(BaseModel):
    workspace_id: uuid.UUID
    flow: FlowRef


class AiReplyInput(BaseModel):
    ref: ConversationRef
    conversation_id: uuid.UUID
    system_prompt: str
    knowledge: str
    history_messages: int


class AiReplyOutcome(BaseModel):
    text: str = ""
    tokens: int = 0
    error: str | None = None


class AiClassifyInput(BaseModel):
    workspace_id: uuid.UUID
    text: str
    intents: list[Intent]


class AiClassifyOutcome(BaseModel):
    intent_id: str | None = None
    error: str | None = None


CONTACT_FACTS = ActivityContract("contact_facts", ContactInput, ContactFacts)
SET_CONTACT_FIELD = ActivityContract("set_contact_field", SetFieldInput, FieldOutcome)
CHANGE_TAG = ActivityContract("change_tag", TagInput, ContactFacts)
CALL_HTTP = ActivityContract("call_http", HttpInput, HttpOutcome)
AI_REPLY = ActivityContract("ai_reply", AiReplyInput, AiReplyOutcome)
AI_CLASSIFY = ActivityContract("ai_classify", AiClassifyInput, AiClassifyOutcome)
HAND_OFF = ActivityContract("hand_off", HandOffInput, type(None))
RECORD_FLOW_STEPS = ActivityContract("record_flow_steps", RecordStepsInput, type(None))
OPEN_CONVERSATION: ActivityContract[OpenConversationInput, OpenedConversation | None] = (
    ActivityContract("open_conversation", OpenConversationInput, OpenedConversation)
)
LOAD_PUBLISHED_FLOW: ActivityContract[LoadFlowInput, PublishedFlow | None] = ActivityContract(
    "load_published_flow", LoadFlowInput, PublishedFlow
)
LOAD_FLOW_VERSION: ActivityContract[LoadFlowVersionInput, PublishedFlow | None] = ActivityContract(
    "load_flow_version", LoadFlowVersionInput, PublishedFlow
)
