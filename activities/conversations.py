"""Activities of a conversation: store what arrives, deliver what goes out, tell the inboxes."""

import asyncio
import contextlib
import uuid
from collections.abc import AsyncIterator, Mapping
from datetime import timedelta

from temporalio import activity
from temporalio.exceptions import ApplicationError

from activities.contracts.conversations import (
    ANNOUNCE_CONVERSATION,
    DELIVER_REPLY,
    FETCH_INBOUND_MEDIA,
    MARK_REPLY_FAILED,
    RECORD_INBOUND_MESSAGE,
    WAKE_SNOOZED,
    ConversationNoticeInput,
    DeliverReplyInput,
    DeliverReplyResult,
    FetchMediaInput,
    MarkReplyFailedInput,
    RecordInboundInput,
    RecordInboundResult,
    WakeSnoozedInput,
)
from channels.ports import (
    ChannelAdapter,
    DeliveryFailed,
    InboundMediaFetcher,
    MediaNotReady,
    MediaUnavailable,
    OutboundDelivery,
)
from domain.conversations import (
    ConversationEvent,
    ConversationPublic,
    MessageEvent,
    MessagePublic,
    visitor_topic,
    workspace_topic,
)
from domain.enums import ChannelKind, ConversationMode, MessageStatus
from domain.flow_runs import FlowRef, preview_flow_id
from domain.timeutil import utcnow
from infra.eventbus import EventBus
from stores.conversations.send_ledger import SendDecision, SendLedger, SendStep
from stores.conversations.store import ConversationStore, RecordedInbound
from stores.flows.published import draft_snapshot, flow_for_message

# How long a send whose outcome is unknown waits for the provider's status webhook before it
# is reported as unconfirmed (never resent: a second copy is worse than asking the agent).
CONFIRMATION_WAIT = timedelta(minutes=2)
CONFIRMATION_POLL = timedelta(seconds=5)
HEARTBEAT_EVERY = 2.0
UNCONFIRMED_CODE = "unconfirmed"
UNCONFIRMED = (
    "We could not confirm whether this message reached the provider. "
    "Check with the contact before sending it again."
)


@contextlib.asynccontextmanager
async def _heartbeating() -> AsyncIterator[None]:
    """Heartbeats while a provider call is in flight, so a short heartbeat timeout can tell a
    dead worker (retry soon) from a slow provider (keep waiting)."""

    async def beat() -> None:
        while True:
            activity.heartbeat()
            await asyncio.sleep(HEARTBEAT_EVERY)

    task = asyncio.create_task(beat())
    try:
        yield
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task


class ConversationActivities:
    def __init__(
        self,
        store: ConversationStore,
        event_bus: EventBus,
        channels: Mapping[ChannelKind, ChannelAdapter],
        media: Mapping[ChannelKind, InboundMediaFetcher] | None = None,
    ) -> None:
        self._store = store
        self._event_bus = event_bus
        self._channels = channels
        self._ledger = SendLedger(store.sessions)
        self._media = media or {}

    @activity.defn(name=RECORD_INBOUND_MESSAGE.name)
    async def record_inbound_message(self, input: RecordInboundInput) -> RecordInboundResult:
        """Stores the message once per client message id, then tells the workspace's inboxes.

        Storing and publishing share one activity: one action per message instead of two, and
        a retry after a crash re-publishes, which subscribers absorb by message id.
        """
        recorded = await self._store.record_inbound(
            input.ref, input.workflow_id, input.message, input.handling
        )
        flow = None
        if input.find_flow and not recorded.duplicate:
            flow = await self._flow_to_start(input, recorded)
            if flow is not None and recorded.conversation.mode != ConversationMode.bot:
                changed = await self._store.set_mode(
                    input.ref.workspace_id, recorded.conversation.id, ConversationMode.bot
                )
                recorded = recorded.model_copy(update={"conversation": changed})
        if not recorded.duplicate:
            await self._publish(input.ref.workspace_id, recorded.message, recorded.conversation)
            if input.ref.channel_kind == ChannelKind.webchat:
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
            mode=recorded.conversation.mode,
            flow_ref=flow,
        )

    async def _flow_to_start(
        self, input: RecordInboundInput, recorded: RecordedInbound
    ) -> FlowRef | None:
        """A bot answers conversations in bot mode, and new ones; agents keep theirs."""
        sessions = self._store.sessions
        ref = input.ref
        preview_flow = (
            preview_flow_id(ref.contact_key) if ref.channel_kind == ChannelKind.webchat else None
        )
        if preview_flow is not None:
            draft = await draft_snapshot(sessions, ref.workspace_id, preview_flow)
            if draft is not None:
                # The draft's hash pins this snapshot of it: the workflow loads exactly it.
                return draft.ref
        conversation = recorded.conversation
        if conversation.mode != ConversationMode.bot and not recorded.conversation_created:
            return None
        return await flow_for_message(
            sessions,
            ref.workspace_id,
            ref.channel_kind,
            input.message.text,
            first_message=recorded.contact_created,
        )

    @activity.defn(name=DELIVER_REPLY.name)
    async def deliver_reply(self, input: DeliverReplyInput) -> DeliverReplyResult:
        """Stores the reply (idempotent by its id) and hands it to the channel at most once.

        Permanent refusals end as `failed` with the provider's reason for the agent; transient
        ones raise, and the retry policy tries again (after the provider's Retry-After).
        """
        workspace_id = input.ref.workspace_id
        recorded = await self._store.record_outbound(workspace_id, input.reply)
        message = recorded.message
        if message.status != MessageStatus.queued:
            return DeliverReplyResult(message_id=message.id, status=message.status)
        if activity.info().attempt == 1:
            await self._publish(workspace_id, message, recorded.conversation)

        channel = self._channels.get(input.ref.channel_kind)
        if channel is None:
            failed = await self._ledger.failed(
                workspace_id,
                message.id,
                code="channel_unavailable",
                agent_message=f"This worker cannot send on {input.ref.channel_kind.value}.",
                now=utcnow(),
            )
            return await self._finish(workspace_id, failed)
        decision = await self._ledger.begin(
            workspace_id,
            message.id,
            utcnow(),
            resend_safe=getattr(channel, "resend_safe", False),
        )
        if decision.step == SendStep.done:
            return await self._finish(workspace_id, decision.message)
        if decision.step == SendStep.unconfirmed:
            return await self._await_confirmation(workspace_id, decision.message, decision)

        conversation = recorded.conversation
        delivery = OutboundDelivery(
            workspace_id=workspace_id,
            channel_id=input.ref.channel_id,
            contact_key=input.ref.contact_key,
            contact_id=conversation.contact_id,
            contact_name=conversation.contact_name,
            message=message,
            thread=await self._ledger.thread(workspace_id, conversation.id),
        )
        try:
            async with _heartbeating():
                receipt = await channel.deliver(delivery)
        except DeliveryFailed as error:
            return await self._delivery_failed(workspace_id, message, error)
        status = MessageStatus.sent if receipt.status == MessageStatus.queued else receipt.status
        sent = await self._ledger.sent(
            workspace_id, message.id, receipt.provider_message_id, status, utcnow()
        )
        return await self._finish(workspace_id, sent)

    async def _delivery_failed(
        self, workspace_id: uuid.UUID, message: MessagePublic, error: DeliveryFailed
    ) -> DeliverReplyResult:
        if not error.maybe_sent:
            await self._ledger.not_sent(workspace_id, message.id)
        if error.permanent:
            activity.logger.warning("send refused for good: %s", error)
            failed = await self._ledger.failed(
                workspace_id,
                message.id,
                code=error.code,
                agent_message=error.agent_message,
                now=utcnow(),
            )
            return await self._finish(workspace_id, failed)
        delay = timedelta(seconds=error.retry_after) if error.retry_after else None
        raise ApplicationError(
            str(error), type="DeliveryRetryable", next_retry_delay=delay
        ) from error

    async def _await_confirmation(
        self, workspace_id: uuid.UUID, message: MessagePublic, decision: SendDecision
    ) -> DeliverReplyResult:
        attempted_at = decision.attempted_at
        if attempted_at is not None and utcnow() - attempted_at < CONFIRMATION_WAIT:
            # The status webhook records the provider id; the next attempt then sees `done`.
            raise ApplicationError(
                "an earlier attempt may have been sent; waiting for the provider to confirm",
                type="AwaitingConfirmation",
                next_retry_delay=CONFIRMATION_POLL,
            )
        failed = await self._ledger.failed(
            workspace_id, message.id, code=UNCONFIRMED_CODE, agent_message=UNCONFIRMED, now=utcnow()
        )
        return await self._finish(workspace_id, failed)

    async def _finish(self, workspace_id: uuid.UUID, message: MessagePublic) -> DeliverReplyResult:
        await self._event_bus.publish(
            workspace_topic(workspace_id), MessageEvent(message=message).model_dump_json()
        )
        return DeliverReplyResult(message_id=message.id, status=message.status)

    @activity.defn(name=MARK_REPLY_FAILED.name)
    async def mark_reply_failed(self, input: MarkReplyFailedInput) -> None:
        workspace_id = input.ref.workspace_id
        recorded = await self._store.record_outbound(workspace_id, input.reply)
        if input.code is not None and recorded.message.status == MessageStatus.queued:
            # Refused before any send (the window): the inbox sees the reply appear, failed.
            await self._publish(workspace_id, recorded.message, recorded.conversation)
        failed = await self._ledger.failed(
            workspace_id,
            recorded.message.id,
            code=input.code,
            agent_message=input.reason,
            now=utcnow(),
        )
        await self._finish(workspace_id, failed)

    @activity.defn(name=FETCH_INBOUND_MEDIA.name)
    async def fetch_inbound_media(self, input: FetchMediaInput) -> None:
        """Copies a contact's file (WhatsApp, MMS) into our storage and points the message at it."""
        fetcher = self._media.get(input.ref.channel_kind)
        if fetcher is None or input.media.provider_media_id is None:
            return
        workspace_id = input.ref.workspace_id
        try:
            attachment = await fetcher.fetch(workspace_id, input.ref.channel_id, input.media)
        except MediaUnavailable as error:
            content = input.media.model_copy(update={"unavailable_reason": error.reason})
        except MediaNotReady as error:
            delay = timedelta(seconds=error.retry_after) if error.retry_after else None
            raise ApplicationError(
                str(error), type="MediaNotReady", next_retry_delay=delay
            ) from error
        else:
            content = input.media.model_copy(
                update={
                    "attachment_id": attachment.id,
                    "mime_type": attachment.mime_type,
                    "size": attachment.size,
                    "filename": input.media.filename or attachment.filename,
                }
            )
        message = await self._store.update_content(workspace_id, input.message_id, content)
        await self._finish(workspace_id, message)

    @activity.defn(name=ANNOUNCE_CONVERSATION.name)
    async def announce_conversation(self, input: ConversationNoticeInput) -> None:
        """Tells the inboxes a conversation changed without a message (its window closed)."""
        conversation = await self._store.get_conversation(
            input.ref.workspace_id, input.conversation_id
        )
        if conversation is not None:
            await self._event_bus.publish(
                workspace_topic(input.ref.workspace_id),
                ConversationEvent(conversation=conversation).model_dump_json(),
            )

    @activity.defn(name=WAKE_SNOOZED.name)
    async def wake_snoozed(self, input: WakeSnoozedInput) -> None:
        """Reopens the conversation if it is still snoozed (not reopened or re-snoozed since)."""
        conversation = await self._store.wake_if_snoozed(
            input.ref.workspace_id, input.conversation_id, input.until
        )
        if conversation is not None:
            await self._event_bus.publish(
                workspace_topic(input.ref.workspace_id),
                ConversationEvent(conversation=conversation).model_dump_json(),
            )

    async def _publish(
        self, workspace_id: uuid.UUID, message: MessagePublic, conversation: ConversationPublic
    ) -> None:
        topic = workspace_topic(workspace_id)
        await self._event_bus.publish(topic, MessageEvent(message=message).model_dump_json())
        await self._event_bus.publish(
            topic, ConversationEvent(conversation=conversation).model_dump_json()
        )
