"""The ledger that keeps an outbound message from reaching a provider twice.

Immediately before the provider is called (credentials read, files uploaded, content rendered),
the message is marked as attempted (committed). An attempt that fails before the request could
have left clears the mark, so the retry sends. A retry that finds the mark and no provider id
cannot know whether the first call went through: the message becomes `unconfirmed` at once,
never resent, and the provider's status webhook settles it (WhatsApp echoes our id in
`biz_opaque_callback_data`, SendGrid in a custom arg, Twilio on the callback URL).
"""

import uuid
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlmodel import col, select

from domain.conversations import MessagePublic
from domain.delivery import ThreadContext
from domain.enums import MessageDirection, MessageStatus
from stores.conversations.delivery_statuses import may_replace
from stores.conversations.views import message_public
from stores.tables.conversations import Message

MAX_REFERENCES = 20
ERROR_CODE_LENGTH = 50
ERROR_MESSAGE_LENGTH = 500
UNCONFIRMED_CODE = "unconfirmed"
UNCONFIRMED = (
    "We could not confirm whether this message reached the provider. It updates by itself if "
    "the provider reports it; otherwise check with the contact before sending it again."
)


class SendStep(StrEnum):
    send = "send"  # never attempted: go ahead
    done = "done"  # the provider has it already
    unconfirmed = "unconfirmed"  # attempted, outcome unknown


@dataclass(frozen=True)
class SendDecision:
    step: SendStep
    message: MessagePublic
    attempted_at: datetime | None = None


class SendLedger:
    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions

    async def prior(self, workspace_id: uuid.UUID, message_id: uuid.UUID) -> SendDecision:
        """What earlier attempts left, read without a lock: `begin` checks again under it."""
        async with self._sessions() as session:
            message = await _find(session, workspace_id, message_id)
            return _decision(message, resend_safe=False)

    async def begin(
        self, workspace_id: uuid.UUID, message_id: uuid.UUID, now: datetime, *, resend_safe: bool
    ) -> SendDecision:
        """Marks the attempt, unless an earlier one reached (or may have reached) the provider.

        Call it immediately before the provider call, after every other read: a crash between
        the mark and the call leaves a send that never left looking like one that may have.
        `resend_safe`: the provider deduplicates by our idempotency key, so an unknown outcome
        can simply be retried."""
        async with self._sessions() as session, session.begin():
            message = await _find(session, workspace_id, message_id, lock=True)
            decision = _decision(message, resend_safe=resend_safe)
            if decision.step is SendStep.send:
                message.send_attempted_at = now
            return decision

    async def not_sent(
        self,
        workspace_id: uuid.UUID,
        message_id: uuid.UUID,
        *,
        attempt: datetime | None,
        code: str | None = None,
        agent_message: str | None = None,
    ) -> MessagePublic:
        """The request did not reach the provider (or the provider refused it): a retry is safe
        again. `attempt` is the mark this attempt made (None: it made none); only that mark is
        cleared, never one a parallel attempt made since. `agent_message` tells the inbox why
        the message is still queued while retries go on."""
        async with self._sessions() as session, session.begin():
            message = await _find(session, workspace_id, message_id, lock=True)
            if (
                attempt is not None
                and message.provider_message_id is None
                and message.send_attempted_at == attempt
            ):
                message.send_attempted_at = None
            if agent_message is not None and message.status == MessageStatus.queued:
                message.error_code = _code(code or "retrying")
                message.error_message = agent_message[:ERROR_MESSAGE_LENGTH]
            return message_public(message)

    async def sent(
        self,
        workspace_id: uuid.UUID,
        message_id: uuid.UUID,
        provider_message_id: str | None,
        status: MessageStatus,
        now: datetime,
    ) -> MessagePublic:
        async with self._sessions() as session, session.begin():
            message = await _find(session, workspace_id, message_id, lock=True)
            if message.provider_message_id is None:
                message.provider_message_id = provider_message_id
            if may_replace(message.status, status):
                message.status = status
                message.status_at = now
                message.error_code = message.error_message = None
            return message_public(message)

    async def failed(
        self,
        workspace_id: uuid.UUID,
        message_id: uuid.UUID,
        *,
        code: str | None,
        agent_message: str,
        now: datetime,
    ) -> MessagePublic:
        return await self._settle(
            workspace_id, message_id, MessageStatus.failed, code, agent_message, now
        )

    async def unconfirmed(
        self, workspace_id: uuid.UUID, message_id: uuid.UUID, *, reason: str, now: datetime
    ) -> MessagePublic:
        """The send may have reached the provider; only its status webhook can tell now."""
        return await self._settle(
            workspace_id, message_id, MessageStatus.unconfirmed, UNCONFIRMED_CODE, reason, now
        )

    async def skipped(
        self,
        workspace_id: uuid.UUID,
        message_id: uuid.UUID,
        *,
        code: str,
        reason: str,
        now: datetime,
    ) -> MessagePublic:
        """Never sent, on purpose (the consent gate): final."""
        return await self._settle(
            workspace_id, message_id, MessageStatus.skipped, code, reason, now
        )

    async def give_up(
        self,
        workspace_id: uuid.UUID,
        message_id: uuid.UUID,
        *,
        code: str | None,
        agent_message: str,
        now: datetime,
    ) -> MessagePublic:
        """Retries ran out. A message an attempt may have sent is `unconfirmed` (never "failed":
        the agent would send it again); one that surely never left is `failed`, with the last
        transient reason the inbox showed, if any."""
        async with self._sessions() as session, session.begin():
            message = await _find(session, workspace_id, message_id, lock=True)
            if message.send_attempted_at is not None and message.provider_message_id is None:
                _move(message, MessageStatus.unconfirmed, UNCONFIRMED_CODE, UNCONFIRMED, now)
            else:
                last = message.error_message if message.status == MessageStatus.queued else None
                text = f"{agent_message} Last error: {last}" if last else agent_message
                _move(message, MessageStatus.failed, code, text, now)
            return message_public(message)

    async def _settle(
        self,
        workspace_id: uuid.UUID,
        message_id: uuid.UUID,
        status: MessageStatus,
        code: str | None,
        agent_message: str,
        now: datetime,
    ) -> MessagePublic:
        async with self._sessions() as session, session.begin():
            message = await _find(session, workspace_id, message_id, lock=True)
            _move(message, status, code, agent_message, now)
            return message_public(message)

    async def thread(self, workspace_id: uuid.UUID, conversation_id: uuid.UUID) -> ThreadContext:
        """The contact's last inbound message (what a reply answers) and the thread's ids."""
        async with self._sessions() as session:
            rows = (
                (
                    await session.execute(
                        select(Message)
                        .where(
                            Message.workspace_id == workspace_id,
                            Message.conversation_id == conversation_id,
                            Message.direction == MessageDirection.inbound,
                        )
                        .order_by(col(Message.created_at).desc())
                        .limit(MAX_REFERENCES)
                    )
                )
                .scalars()
                .all()
            )
        if not rows:
            return ThreadContext()
        subject = next(
            (m.content.get("subject") for m in rows if m.content and m.content.get("subject")),
            None,
        )
        ids = [m.provider_message_id for m in reversed(rows) if m.provider_message_id]
        return ThreadContext(
            last_inbound_provider_id=rows[0].provider_message_id, subject=subject, references=ids
        )


def _decision(message: Message, *, resend_safe: bool) -> SendDecision:
    if message.provider_message_id is not None or message.status != MessageStatus.queued:
        return SendDecision(SendStep.done, message_public(message))
    if message.send_attempted_at is not None and not resend_safe:
        return SendDecision(
            SendStep.unconfirmed, message_public(message), message.send_attempted_at
        )
    return SendDecision(SendStep.send, message_public(message))


def _move(
    message: Message, status: MessageStatus, code: str | None, agent_message: str, now: datetime
) -> None:
    """Forward only (`may_replace`); a refused move leaves the message as it was."""
    if may_replace(message.status, status):
        message.status = status
        message.status_at = now
        message.error_code = _code(code) if code else None
        message.error_message = agent_message[:ERROR_MESSAGE_LENGTH]


def _code(code: str) -> str:
    return code[:ERROR_CODE_LENGTH]


async def _find(
    session: AsyncSession, workspace_id: uuid.UUID, message_id: uuid.UUID, *, lock: bool = False
) -> Message:
    query = select(Message).where(Message.id == message_id, Message.workspace_id == workspace_id)
    if lock:
        # Row lock on PostgreSQL: a webhook confirming this message waits for us.
        query = query.with_for_update()
    message = (await session.execute(query)).scalar_one_or_none()
    if message is None:
        raise LookupError(f"message {message_id} not found")
    return message
