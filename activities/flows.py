"""The side effects of a bot run: read and change the contact, call an AI model or an HTTP
endpoint, hand over to the agents, record the steps. The decisions stay in the workflow."""

import uuid
from datetime import timedelta
from typing import Literal

from pydantic import BaseModel, Field
from temporalio import activity
from temporalio.exceptions import ApplicationError

from adapters.ai.errors import AiError
from adapters.ai.types import ChatTurn
from adapters.ai.workspace_ai import WorkspaceAi
from adapters.contacts.contact_input import ContactFields, ContactInputError
from adapters.contacts.store import ContactStore
from adapters.conversation_store import ConversationStore
from adapters.eventbus import EventBus
from adapters.flow_http import FlowHttpCaller, HttpOutcome
from adapters.flow_steps import FlowStepStore
from adapters.flows.published import load_published
from domain.conversations import ConversationEvent, ConversationRef, workspace_topic
from domain.flow_runs import ContactFacts, FlowStep, PublishedFlow
from domain.flows import HttpRequestNode, Intent
from domain.models import ConversationMode, MessageDirection
from domain.timeutil import utcnow

STANDARD_FIELDS = ("name", "phone", "email", "language", "timezone", "country", "source")


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


def facts_of(fields: dict[str, object], custom: dict[str, object], tags: list[str]) -> ContactFacts:
    values = {k: "" if v is None else str(v) for k, v in fields.items()}
    values.update({k: _text(v) for k, v in custom.items()})
    return ContactFacts(fields=values, tags=tags)


def _text(value: object) -> str:
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else str(value)


class FlowActivities:
    def __init__(
        self,
        store: ConversationStore,
        event_bus: EventBus,
        http: FlowHttpCaller,
        ai: WorkspaceAi,
    ) -> None:
        self._store = store
        self._contacts = ContactStore(store.sessions)
        self._steps = FlowStepStore(store.sessions)
        self._event_bus = event_bus
        self._http = http
        self._ai = ai

    async def _facts(self, workspace_id: uuid.UUID, contact_id: uuid.UUID) -> ContactFacts:
        detail = await self._contacts.get(workspace_id, contact_id)
        standard = {name: getattr(detail, name) for name in STANDARD_FIELDS}
        first = (detail.name or "").split(" ")[0]
        return facts_of({**standard, "first_name": first}, detail.custom_fields, detail.tags)

    @activity.defn
    async def contact_facts(self, input: ContactInput) -> ContactFacts:
        return await self._facts(input.workspace_id, input.contact_id)

    @activity.defn
    async def set_contact_field(self, input: SetFieldInput) -> FieldOutcome:
        """Stores an answer in a standard or custom field; a value the field refuses (an
        e-mail in a number field) is reported, not retried."""
        if input.field in STANDARD_FIELDS:
            fields = ContactFields.model_validate({input.field: input.value})
        else:
            fields = ContactFields(custom_fields={input.field: input.value})
        error = None
        try:
            await self._contacts.update(input.workspace_id, input.contact_id, fields)
        except ContactInputError as problem:
            error = str(problem)
        return FieldOutcome(
            facts=await self._facts(input.workspace_id, input.contact_id), error=error
        )

    @activity.defn
    async def change_tag(self, input: TagInput) -> ContactFacts:
        if input.action == "add":
            await self._contacts.add_tags(input.workspace_id, input.contact_id, [input.tag])
        else:
            await self._contacts.remove_tag(input.workspace_id, input.contact_id, input.tag)
        return await self._facts(input.workspace_id, input.contact_id)

    @activity.defn
    async def call_http(self, input: HttpInput) -> HttpOutcome:
        return await self._http.call(input.node, input.values)

    @activity.defn
    async def ai_reply(self, input: AiReplyInput) -> AiReplyOutcome:
        """The model answers the conversation so far (its last `history_messages`)."""
        messages = await self._store.list_messages(
            input.ref.workspace_id, input.conversation_id, max(input.history_messages, 1)
        )
        turns = [
            ChatTurn(
                role="user" if m.direction == MessageDirection.inbound else "assistant",
                text=m.text,
            )
            for m in messages
        ]
        # The contact's last words are the question; what came before is the history.
        last = turns.pop() if turns and turns[-1].role == "user" else ChatTurn(role="user", text="")
        try:
            answer = await self._ai.reply(
                input.ref.workspace_id,
                system_prompt=input.system_prompt,
                knowledge=input.knowledge,
                history=turns,
                user_text=last.text,
            )
        except AiError as error:
            if error.permanent:
                return AiReplyOutcome(error=error.message)
            raise retry_later(error.message, error.retry_after) from error
        tokens = answer.prompt_tokens + answer.completion_tokens
        return AiReplyOutcome(text=answer.text, tokens=tokens)

    @activity.defn
    async def ai_classify(self, input: AiClassifyInput) -> AiClassifyOutcome:
        try:
            choice = await self._ai.classify(
                input.workspace_id, text=input.text, intents=input.intents
            )
        except AiError as error:
            if error.permanent:
                return AiClassifyOutcome(error=error.message)
            raise retry_later(error.message, error.retry_after) from error
        known = {i.id for i in input.intents}
        return AiClassifyOutcome(intent_id=choice.intent_id if choice.intent_id in known else None)

    @activity.defn
    async def hand_off(self, input: HandOffInput) -> None:
        """The agents take over: human mode, optionally a team; the inboxes are told."""
        conversation = await self._store.set_mode(
            input.ref.workspace_id, input.conversation_id, ConversationMode.human, input.team_id
        )
        if conversation is not None:
            await self._event_bus.publish(
                workspace_topic(input.ref.workspace_id),
                ConversationEvent(conversation=conversation).model_dump_json(),
            )

    @activity.defn
    async def record_flow_steps(self, input: RecordStepsInput) -> None:
        await self._steps.record(
            workspace_id=input.ref.workspace_id,
            conversation_id=input.conversation_id,
            flow_run_id=input.flow_run_id,
            flow_id=input.flow_id,
            flow_version=input.flow_version,
            workflow_id=input.workflow_id,
            run_id=input.run_id,
            steps=input.steps,
        )

    @activity.defn
    async def open_conversation(self, input: OpenConversationInput) -> OpenedConversation | None:
        """The conversation a flow started by an automation or the API runs in."""
        conversation = await self._store.open_for_contact(
            input.ref, input.workflow_id, input.contact_id, utcnow()
        )
        if conversation is None:
            return None
        await self._event_bus.publish(
            workspace_topic(input.ref.workspace_id),
            ConversationEvent(conversation=conversation).model_dump_json(),
        )
        return OpenedConversation(
            conversation_id=conversation.id, contact_id=conversation.contact_id
        )

    @activity.defn
    async def load_published_flow(self, input: LoadFlowInput) -> PublishedFlow | None:
        """The live version of a flow a `jump` leads to (None: not published)."""
        return await load_published(self._store.sessions, input.workspace_id, input.flow_id)


def retry_later(message: str, seconds: float | None) -> ApplicationError:
    return ApplicationError(
        message, next_retry_delay=timedelta(seconds=seconds) if seconds else None
    )
