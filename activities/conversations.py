"""Activities of a conversation: store what arrives, deliver what goes out, tell the inboxes."""

import asyncio
import contextlib
import uuid
from collections.abc import AsyncIterator, Mapping
from datetime import datetime, timedelta

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
    SendCall,
)
from domain.conversations import (
    ConversationEvent,
    ConversationPublic,
    MessageEvent,
    MessagePublic,
    visitor_topic,
    workspace_topic,
)
from domain.delivery import ThreadContext
from domain.enums import ChannelKind, ConversationMode, MessageStatus
from domain.flow_runs import FlowRef, preview_flow_id
from domain.timeutil import utcnow
from infra.eventbus import EventBus
from stores.contacts.send_consent import check_send
from stores.conversations.send_ledger import UNCONFIRMED, SendLedger, SendStep
from stores.conversations.store import ConversationStore, RecordedInbound
from stores.flows.published import draft_snapshot, flow_for_message

HEARTBEAT_EVERY = 2.0


@contextlib.asynccontextmanager
async def _heartbeating() -> AsyncIterator[None]:
    """Heartbeats while the send runs, so a short heartbeat timeout can tell a dead worker
    (retry soon) from a slow database or provider (keep waiting)."""

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

        The consent gate may skip it; permanent refusals end as `failed` with the provider's
        reason for the agent; transient ones are shown on the message and raise, and the retry
        policy tries again (after the provider's Retry-After); a send whose outcome is unknown
        ends `unconfirmed` at once, for the provider's status webhook to settle.
        """
        # From the first line: an attempt waiting for a database connection under load is
        # alive, and must not look dead to the heartbeat timeout (a parallel retry would start).
        async with _heartbeating():
            return await self._deliver(input)

    async def _deliver(self, input: DeliverReplyInput) -> DeliverReplyResult:
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
        resend_safe = channel.resend_safe
        if not resend_safe:
            earlier = await self._ledger.prior(workspace_id, message.id)
            if earlier.step is SendStep.unconfirmed:
                # An earlier attempt was marked and never heard back (its worker died in the
                # provider call): it may have sent. Never again; the status webhook settles it.
                return await self._unconfirmed(workspace_id, message.id)

        conversation = recorded.conversation
        verdict = await check_send(
            self._store.sessions,
            workspace_id,
            contact_id=conversation.contact_id,
            channel=input.ref.channel_kind,
            address=input.ref.contact_key,
            purpose=input.purpose,
        )
        if not verdict.allowed:
            assert verdict.code is not None
            skipped = await self._ledger.skipped(
                workspace_id, message.id, code=verdict.code, reason=verdict.reason, now=utcnow()
            )
            return await self._finish(workspace_id, skipped)

        delivery = OutboundDelivery(
            workspace_id=workspace_id,
            channel_id=input.ref.channel_id,
            contact_key=input.ref.contact_key,
            contact_id=conversation.contact_id,
            contact_name=conversation.contact_name,
            message=message,
            # Only e-mail threads a reply under the contact's earlier messages.
            thread=(
                await self._ledger.thread(workspace_id, conversation.id)
                if input.ref.channel_kind is ChannelKind.email
                else ThreadContext()
            ),
        )
        try:
            call = await channel.prepare(delivery)
        except DeliveryFailed as error:
            # Nothing was marked and nothing sent: whatever went wrong, a retry may send.
            return await self._not_sent(workspace_id, message, error, attempt=None)
        return await self._send(workspace_id, message, call, resend_safe=resend_safe)

    async def _send(
        self, workspace_id: uuid.UUID, message: MessagePublic, call: SendCall, *, resend_safe: bool
    ) -> DeliverReplyResult:
        """Marks the ledger and makes the provider call, with nothing in between."""
        attempt = utcnow()
        try:
            decision = await self._ledger.begin(
                workspace_id, message.id, attempt, resend_safe=resend_safe
            )
        except BaseException:
            # Cancelled or failed while marking: the provider was not called. Our mark, if the
            # commit got through, must not pass for a send that may have happened.
            await asyncio.shield(self._ledger.not_sent(workspace_id, message.id, attempt=attempt))
            raise
        if decision.step is SendStep.done:
            return await self._finish(workspace_id, decision.message)
        if decision.step is SendStep.unconfirmed:
            # A parallel attempt marked it first and may be in its provider call now.
            return await self._unconfirmed(workspace_id, message.id)
        try:
            receipt = await call()
        except DeliveryFailed as error:
            if error.maybe_sent and not error.permanent and not resend_safe:
                activity.logger.warning("send outcome unknown: %s", error)
                return await self._unconfirmed(workspace_id, message.id)
            return await self._not_sent(workspace_id, message, error, attempt=attempt)
        status = MessageStatus.sent if receipt.status == MessageStatus.queued else receipt.status
        sent = await self._ledger.sent(
            workspace_id, message.id, receipt.provider_message_id, status, utcnow()
        )
        return await self._finish(workspace_id, sent)

    async def _not_sent(
        self,
        workspace_id: uuid.UUID,
        message: MessagePublic,
        error: DeliveryFailed,
        *,
        attempt: datetime | None,
    ) -> DeliverReplyResult:
        """The provider did not take it: failed for good, or retried with the reason shown."""
        if error.permanent:
            await self._ledger.not_sent(workspace_id, message.id, attempt=attempt)
            activity.logger.warning("send refused for good: %s", error)
            failed = await self._ledger.failed(
                workspace_id,
                message.id,
                code=error.code,
                agent_message=error.agent_message,
                now=utcnow(),
            )
            return await self._finish(workspace_id, failed)
        retrying = await self._ledger.not_sent(
            workspace_id,
            message.id,
            attempt=attempt,
            code=error.code,
            agent_message=error.agent_message,
        )
        # The inbox shows why the message is still queued while the retries go on.
        await self._notify(workspace_id, retrying)
        delay = timedelta(seconds=error.retry_after) if error.retry_after else None
        raise ApplicationError(
            str(error), type="DeliveryRetryable", next_retry_delay=delay
        ) from error

    async def _unconfirmed(
        self, workspace_id: uuid.UUID, message_id: uuid.UUID
    ) -> DeliverReplyResult:
        message = await self._ledger.unconfirmed(
            workspace_id, message_id, reason=UNCONFIRMED, now=utcnow()
        )
        return await self._finish(workspace_id, message)

    async def _finish(self, workspace_id: uuid.UUID, message: MessagePublic) -> DeliverReplyResult:
        await self._notify(workspace_id, message)
        return DeliverReplyResult(message_id=message.id, status=message.status)

    async def _notify(self, workspace_id: uuid.UUID, message: MessagePublic) -> None:
        await self._event_bus.publish(
            workspace_topic(workspace_id), MessageEvent(message=message).model_dump_json()
        )

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
        else:
            # Out of retries: `unconfirmed` if an attempt may have sent it, else `failed`.
            failed = await self._ledger.give_up(
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
