"""What providers tell us about our outbound messages after the send: sent, delivered, read,
failed. One entry point for the three webhooks; the send activity's own outcome goes through
the send ledger (`send_ledger.py`), which applies the same forward-only rule.

A status names the message by our id when the provider echoes it back (WhatsApp's
`biz_opaque_callback_data`, SendGrid's custom arg, the `?m=` on Twilio's StatusCallback URL),
else by the provider's id. Statuses only move forward (queued < sent < delivered < read; failed
only from queued, unconfirmed or sent; see `PREDECESSORS`), and each change is one conditional
UPDATE whose WHERE clause holds that rule: two webhooks racing for one message (Meta sends
`delivered` and `read` within milliseconds, on separate connections) cannot leave it on the
older status, and a re-delivery of the same status days later changes nothing.
"""

import logging
import uuid
from collections.abc import Collection
from datetime import datetime

from pydantic import BaseModel
from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlmodel import col, select

from domain.conversations import MessageEvent, MessagePublic, workspace_topic
from domain.delivery import StatusReport
from domain.enums import MessageDirection, MessageStatus
from infra.eventbus import EventBus
from stores.conversations.views import message_public
from stores.tables.conversations import Message

log = logging.getLogger(__name__)

ERROR_CODE_LENGTH = 50
ERROR_MESSAGE_LENGTH = 500

# Which statuses each one may replace. `failed` never overrides delivered or read: the message
# reached the phone, whatever a late or reordered failure says. Delivered and read may replace
# `failed`, because they are proof that it arrived (a send we gave up on whose response was
# lost, yet went through); a late `sent` is no such proof and cannot resurrect it.
# `unconfirmed` (a send that may have reached the provider, we never heard) is settled by the
# provider's status webhook: any of its statuses, `sent` included, is the news we waited for.
# `skipped` (the consent gate stopped it) is final: nothing was sent, so nothing can report on it.
PREDECESSORS: dict[MessageStatus, frozenset[MessageStatus]] = {
    MessageStatus.queued: frozenset(),
    MessageStatus.unconfirmed: frozenset({MessageStatus.queued}),
    MessageStatus.sent: frozenset({MessageStatus.queued, MessageStatus.unconfirmed}),
    MessageStatus.delivered: frozenset(
        {MessageStatus.queued, MessageStatus.sent, MessageStatus.unconfirmed, MessageStatus.failed}
    ),
    MessageStatus.read: frozenset(
        {
            MessageStatus.queued,
            MessageStatus.sent,
            MessageStatus.unconfirmed,
            MessageStatus.delivered,
            MessageStatus.failed,
        }
    ),
    MessageStatus.failed: frozenset(
        {MessageStatus.queued, MessageStatus.sent, MessageStatus.unconfirmed}
    ),
    MessageStatus.skipped: frozenset({MessageStatus.queued}),
    # Inbound messages are `received` from the start; no provider status moves an outbound there.
    MessageStatus.received: frozenset(),
}


def may_replace(current: MessageStatus, new: MessageStatus) -> bool:
    return current in PREDECESSORS[new]


class StatusOutcome(BaseModel):
    """What `apply_status` did: `message` is None when no outbound message of ours matched."""

    message: MessagePublic | None
    changed: bool


class DeliveryStatuses:
    def __init__(self, sessions: async_sessionmaker[AsyncSession], event_bus: EventBus) -> None:
        self._sessions = sessions
        self._event_bus = event_bus

    async def apply_status(
        self,
        workspace_id: uuid.UUID,
        *,
        message_id: uuid.UUID | None,
        provider_message_id: str | None,
        status: MessageStatus,
        occurred_at: datetime,
        error_code: str | None = None,
        error_message: str | None = None,
    ) -> StatusOutcome:
        """Moves our outbound message to `status` if that is forward; records the provider id.

        Safe to call any number of times with the same arguments: the second call changes
        nothing and publishes nothing. An unknown message is logged and ignored (the provider
        must still get its 200, or it retries for days).
        """
        async with self._sessions() as session, session.begin():
            message = await _find(session, workspace_id, message_id, provider_message_id)
            if message is None:
                log.info(
                    "status %s for an unknown message (ours %s, provider %s) in workspace %s",
                    status,
                    message_id,
                    provider_message_id,
                    workspace_id,
                )
                return StatusOutcome(message=None, changed=False)
            changed = False
            if provider_message_id:
                changed |= await _record_provider_id(session, message.id, provider_message_id)
            changed |= await _advance(
                session, message.id, status, occurred_at, error_code, error_message
            )
            if changed:
                await session.refresh(message)
            public = message_public(message)
        if changed:
            await self._publish(workspace_id, public)
        return StatusOutcome(message=public, changed=changed)

    async def apply(self, workspace_id: uuid.UUID, report: StatusReport) -> StatusOutcome:
        """`apply_status` with a provider's report (each channel kind's `statuses` module)."""
        return await self.apply_status(
            workspace_id,
            message_id=report.message_id,
            provider_message_id=report.provider_message_id,
            status=report.status,
            occurred_at=report.occurred_at,
            error_code=report.error_code,
            error_message=report.error_message,
        )

    async def _publish(self, workspace_id: uuid.UUID, message: MessagePublic) -> None:
        try:
            await self._event_bus.publish(
                workspace_topic(workspace_id), MessageEvent(message=message).model_dump_json()
            )
        except Exception:
            # Notifications may be lost (browsers re-read on reconnect); the status is stored.
            log.exception("could not publish the status of message %s", message.id)


async def _find(
    session: AsyncSession,
    workspace_id: uuid.UUID,
    message_id: uuid.UUID | None,
    provider_message_id: str | None,
) -> Message | None:
    outbound = (
        Message.workspace_id == workspace_id,
        Message.direction == MessageDirection.outbound,
    )
    if message_id is not None:
        found = (
            await session.execute(select(Message).where(Message.id == message_id, *outbound))
        ).scalar_one_or_none()
        if found is not None:
            return found
    if provider_message_id:
        # Uses ix_message_provider_id (workspace_id, provider_message_id).
        return (
            (
                await session.execute(
                    select(Message)
                    .where(Message.provider_message_id == provider_message_id, *outbound)
                    .order_by(col(Message.created_at))
                    .limit(1)
                )
            )
            .scalars()
            .first()
        )
    return None


async def _record_provider_id(
    session: AsyncSession, message_id: uuid.UUID, provider_message_id: str
) -> bool:
    # Only when none is set: the first id a provider gave is the one its later statuses use.
    result = await session.execute(
        update(Message)
        .where(col(Message.id) == message_id, col(Message.provider_message_id).is_(None))
        .values(provider_message_id=provider_message_id[:200])
    )
    return _rowcount(result) > 0


async def _advance(
    session: AsyncSession,
    message_id: uuid.UUID,
    status: MessageStatus,
    occurred_at: datetime,
    error_code: str | None,
    error_message: str | None,
) -> bool:
    allowed: Collection[MessageStatus] = PREDECESSORS[status]
    if not allowed:
        return False
    failed = status is MessageStatus.failed
    values = {
        "status": status,
        "status_at": occurred_at,
        # A message that arrived after all carries no failure any more.
        "error_code": (error_code or "failed")[:ERROR_CODE_LENGTH] if failed else None,
        "error_message": _agent_text(error_message)[:ERROR_MESSAGE_LENGTH] if failed else None,
    }
    # The rule lives in the WHERE clause, so it holds under concurrent webhooks: the database
    # re-checks the row's current status when it takes the row lock.
    result = await session.execute(
        update(Message)
        .where(col(Message.id) == message_id, col(Message.status).in_(list(allowed)))
        .values(**values)
    )
    return _rowcount(result) > 0


def _agent_text(error_message: str | None) -> str:
    return error_message or "The provider reported that the message could not be delivered."


def _rowcount(result: object) -> int:
    return int(getattr(result, "rowcount", 0) or 0)
