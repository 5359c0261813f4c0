"""The ledger that keeps an outbound message from reaching a provider twice.

Before the provider is called, the message is marked as attempted (committed). A retry that
finds the mark and no provider id cannot know whether the first call went through: it waits
for the provider's status webhook to confirm it (WhatsApp echoes our id in
`biz_opaque_callback_data`, SendGrid in a custom arg, Twilio on the callback URL), and only
gives up — telling the agent, never resending — when no confirmation comes.
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

    async def begin(
        self, workspace_id: uuid.UUID, message_id: uuid.UUID, now: datetime, *, resend_safe: bool
    ) -> SendDecision:
        """Marks the attempt, unless an earlier one reached (or may have reached) the provider.

        `resend_safe`: the provider deduplicates by our idempotency key, so an unknown outcome
        can simply be retried."""
        async with self._sessions() as session, session.begin():
            message = await _locked(session, workspace_id, message_id)
            if message.provider_message_id is not None or message.status != MessageStatus.queued:
                return SendDecision(SendStep.done, message_public(message))
            if message.send_attempted_at is not None and not resend_safe:
                return SendDecision(
                    SendStep.unconfirmed, message_public(message), message.send_attempted_at
                )
            message.send_attempted_at = now
            return SendDecision(SendStep.send, message_public(message))

    async def not_sent(self, workspace_id: uuid.UUID, message_id: uuid.UUID) -> None:
        """The provider answered that it did not take the message: a retry is safe again."""
        async with self._sessions() as session, session.begin():
            message = await _locked(session, workspace_id, message_id)
            if message.provider_message_id is None:
                message.send_attempted_at = None

    async def sent(
        self,
        workspace_id: uuid.UUID,
        message_id: uuid.UUID,
        provider_message_id: str | None,
        status: MessageStatus,
        now: datetime,
    ) -> MessagePublic:
        async with self._sessions() as session, session.begin():
            message = await _locked(session, workspace_id, message_id)
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
        async with self._sessions() as session, session.begin():
            message = await _locked(session, workspace_id, message_id)
            if may_replace(message.status, MessageStatus.failed):
                message.status = MessageStatus.failed
                message.status_at = now
                message.error_code = code[:50] if code else None
                message.error_message = agent_message[:500]
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


async def _locked(session: AsyncSession, workspace_id: uuid.UUID, message_id: uuid.UUID) -> Message:
    message = (
        await session.execute(
            select(Message)
            .where(Message.id == message_id, Message.workspace_id == workspace_id)
            # Row lock on PostgreSQL: a webhook confirming this message waits for us.
            .with_for_update()
        )
    ).scalar_one_or_none()
    if message is None:
        raise LookupError(f"message {message_id} not found")
    return message
