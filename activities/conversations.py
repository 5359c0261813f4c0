"""Activities of a conversation: store what arrives, deliver what goes out, tell the inboxes."""

import uuid
from collections.abc import Mapping

from pydantic import BaseModel
from temporalio import activity

from adapters.base import ChannelAdapter, OutboundDelivery
from adapters.conversation_store import ConversationStore
from adapters.eventbus import EventBus
from domain.conversations import (
    AgentReply,
    ConversationEvent,
    ConversationPublic,
    ConversationRef,
    InboundMessage,
    MessageEvent,
    MessagePublic,
    visitor_topic,
    workspace_topic,
)
from domain.models import ChannelKind, MessageStatus


class RecordInboundInput(BaseModel):
    ref: ConversationRef
    workflow_id: str
    message: InboundMessage


class RecordInboundResult(BaseModel):
    conversation_id: uuid.UUID
    contact_id: uuid.UUID
    message_id: uuid.UUID
    duplicate: bool


class DeliverReplyInput(BaseModel):
    ref: ConversationRef
    reply: AgentReply


class MarkReplyFailedInput(BaseModel):
    ref: ConversationRef
    reply: AgentReply


class DeliverReplyResult(BaseModel):
    message_id: uuid.UUID
    status: MessageStatus


class ConversationActivities:
    def __init__(
        self,
        store: ConversationStore,
        event_bus: EventBus,
        channels: Mapping[ChannelKind, ChannelAdapter],
    ) -> None:
        self._store = store
        self._event_bus = event_bus
        self._channels = channels

    @activity.defn
    async def record_inbound_message(self, input: RecordInboundInput) -> RecordInboundResult:
        """Stores the message once per client message id, then tells the workspace's inboxes.

        Storing and publishing share one activity: one action per message instead of two, and
        a retry after a crash re-publishes, which subscribers absorb by message id.
        """
        recorded = await self._store.record_inbound(input.ref, input.workflow_id, input.message)
        if not recorded.duplicate:
            await self._publish(input.ref.workspace_id, recorded.message, recorded.conversation)
            # The visitor's other tabs and devices see what was sent from this one.
            await self._event_bus.publish(
                visitor_topic(input.ref.channel_id, input.ref.contact_key),
                MessageEvent(message=recorded.message).model_dump_json(),
            )
        return RecordInboundResult(
            conversation_id=recorded.conversation.id,
            contact_id=recorded.conversation.contact_id,
            message_id=recorded.message.id,
            duplicate=recorded.duplicate,
        )

    @activity.defn
    async def deliver_reply(self, input: DeliverReplyInput) -> DeliverReplyResult:
        """Stores the reply (idempotent by its id), hands it to the channel, records the outcome.

        A reply already past `queued` was delivered by an earlier attempt and is not sent again.
        """
        workspace_id = input.ref.workspace_id
        recorded = await self._store.record_outbound(workspace_id, input.reply)
        if recorded.message.status != MessageStatus.queued:
            return DeliverReplyResult(
                message_id=recorded.message.id, status=recorded.message.status
            )
        await self._publish(workspace_id, recorded.message, recorded.conversation)

        channel = self._channels[input.ref.channel_kind]
        receipt = await channel.deliver(
            OutboundDelivery(
                channel_id=input.ref.channel_id,
                contact_key=input.ref.contact_key,
                message=recorded.message,
            )
        )
        message = await self._store.set_status(workspace_id, recorded.message.id, receipt.status)
        await self._event_bus.publish(
            workspace_topic(workspace_id), MessageEvent(message=message).model_dump_json()
        )
        return DeliverReplyResult(message_id=message.id, status=message.status)

    @activity.defn
    async def mark_reply_failed(self, input: MarkReplyFailedInput) -> None:
        workspace_id = input.ref.workspace_id
        recorded = await self._store.record_outbound(workspace_id, input.reply)
        message = await self._store.set_status(
            workspace_id, recorded.message.id, MessageStatus.failed
        )
        await self._event_bus.publish(
            workspace_topic(workspace_id), MessageEvent(message=message).model_dump_json()
        )

    async def _publish(
        self, workspace_id: uuid.UUID, message: MessagePublic, conversation: ConversationPublic
    ) -> None:
        topic = workspace_topic(workspace_id)
        await self._event_bus.publish(topic, MessageEvent(message=message).model_dump_json())
        await self._event_bus.publish(
            topic, ConversationEvent(conversation=conversation).model_dump_json()
        )
