"""The side effects of a bot run: read and change the contact, call an AI model or an HTTP
endpoint, hand over to the agents, record the steps. The decisions stay in the workflow."""

import uuid
from datetime import timedelta

from temporalio import activity
from temporalio.exceptions import ApplicationError

from activities.contracts.flows import (
    AI_CLASSIFY,
    AI_REPLY,
    CALL_HTTP,
    CHANGE_TAG,
    CONTACT_FACTS,
    HAND_OFF,
    LOAD_FLOW_VERSION,
    LOAD_PUBLISHED_FLOW,
    OPEN_CONVERSATION,
    RECORD_FLOW_STEPS,
    SET_CONTACT_FIELD,
    AiClassifyInput,
    AiClassifyOutcome,
    AiReplyInput,
    AiReplyOutcome,
    ContactInput,
    FieldOutcome,
    HandOffInput,
    HttpInput,
    LoadFlowInput,
    LoadFlowVersionInput,
    OpenConversationInput,
    OpenedConversation,
    RecordStepsInput,
    SetFieldInput,
    TagInput,
)
from domain.ai import ChatTurn
from domain.contacts import STANDARD_FIELDS
from domain.conversations import ConversationEvent, workspace_topic
from domain.enums import ConversationMode, MessageDirection
from domain.flow_runs import ContactFacts, HttpOutcome, PublishedFlow
from domain.timeutil import utcnow
from infra.eventbus import EventBus
from providers.http_request import FlowHttpCaller
from providers.openai.errors import AiError
from stores.ai.workspace_ai import WorkspaceAi
from stores.contacts.contact_input import ContactFields, ContactInputError
from stores.contacts.store import ContactStore
from stores.conversations.store import ConversationStore
from stores.flows.published import load_pinned, load_published
from stores.flows.steps import FlowStepStore


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

    @activity.defn(name=CONTACT_FACTS.name)
    async def contact_facts(self, input: ContactInput) -> ContactFacts:
        return await self._facts(input.workspace_id, input.contact_id)

    @activity.defn(name=SET_CONTACT_FIELD.name)
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

    @activity.defn(name=CHANGE_TAG.name)
    async def change_tag(self, input: TagInput) -> ContactFacts:
        if input.action == "add":
            await self._contacts.add_tags(input.workspace_id, input.contact_id, [input.tag])
        else:
            await self._contacts.remove_tag(input.workspace_id, input.contact_id, input.tag)
        return await self._facts(input.workspace_id, input.contact_id)

    @activity.defn(name=CALL_HTTP.name)
    async def call_http(self, input: HttpInput) -> HttpOutcome:
        return await self._http.call(input.node, input.values)

    @activity.defn(name=AI_REPLY.name)
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

    @activity.defn(name=AI_CLASSIFY.name)
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

    @activity.defn(name=HAND_OFF.name)
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

    @activity.defn(name=RECORD_FLOW_STEPS.name)
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

    @activity.defn(name=OPEN_CONVERSATION.name)
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

    @activity.defn(name=LOAD_PUBLISHED_FLOW.name)
    async def load_published_flow(self, input: LoadFlowInput) -> PublishedFlow | None:
        """The live version of a flow a `jump` leads to (None: not published)."""
        return await load_published(self._store.sessions, input.workspace_id, input.flow_id)

    @activity.defn(name=LOAD_FLOW_VERSION.name)
    async def load_flow_version(self, input: LoadFlowVersionInput) -> PublishedFlow | None:
        """The graph a run pinned, once per workflow run (runs carry only the reference);
        None when the version is gone or no longer holds the graph the run started on."""
        found = await load_pinned(self._store.sessions, input.workspace_id, input.flow)
        if found is None:
            activity.logger.warning(
                "flow %s version %s: no graph with hash %s",
                input.flow.flow_id,
                input.flow.version,
                input.flow.graph_hash,
            )
        return found


def retry_later(message: str, seconds: float | None) -> ApplicationError:
    return ApplicationError(
        message, next_retry_delay=timedelta(seconds=seconds) if seconds else None
    )
