"""Consent per channel, the suppression list, and erasing a contact's personal data.

Every function takes the workspace id and works in the caller's transaction. A contact with
`erased_at` set is gone for every reader here: `live_contact` never returns it.
"""

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import delete, func, or_, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from domain.contact_values import normalize_email, normalize_phone
from domain.enums import ChannelKind, ConsentStatus, SuppressionKind
from stores.contacts.events import contact_event
from stores.tables.contacts import (
    Contact,
    ContactConsent,
    ContactEvent,
    ContactIdentity,
    ContactNote,
    ContactTag,
    Suppression,
)
from stores.tables.conversations import Conversation, Message

# Which address a channel reaches a person at; web chat has none to suppress.
CHANNEL_ADDRESS: dict[ChannelKind, SuppressionKind] = {
    ChannelKind.email: SuppressionKind.email,
    ChannelKind.sms: SuppressionKind.phone,
    ChannelKind.whatsapp: SuppressionKind.phone,
}

# Rows that hold nothing but the erased person's data: deleted outright.
_DELETED_ON_ERASURE = (ContactIdentity, ContactTag, ContactNote, ContactConsent, ContactEvent)


class DuplicateSuppression(Exception):
    def __init__(self, existing: Suppression) -> None:
        super().__init__(f"{existing.kind} {existing.value} is already suppressed")
        self.existing = existing


async def live_contact(
    session: AsyncSession, workspace_id: uuid.UUID, contact_id: uuid.UUID
) -> Contact | None:
    """The contact, unless it belongs to another workspace or was erased."""
    contact = await session.get(Contact, contact_id)
    if contact is None or contact.workspace_id != workspace_id or contact.erased_at is not None:
        return None
    return contact


def normalize_address(kind: SuppressionKind, raw: str, default_region: str | None = "BR") -> str:
    """E.164 for phones, lower-cased for e-mails; `ValueError` says what to fix."""
    if kind is SuppressionKind.phone:
        return normalize_phone(raw, default_region)
    return normalize_email(raw)


def contact_address(contact: Contact, channel: ChannelKind) -> tuple[SuppressionKind, str] | None:
    kind = CHANNEL_ADDRESS.get(channel)
    if kind is None:
        return None
    value = contact.phone if kind is SuppressionKind.phone else contact.email
    return (kind, value) if value else None


async def list_consent(
    session: AsyncSession, workspace_id: uuid.UUID, contact_id: uuid.UUID
) -> Sequence[ContactConsent]:
    query = (
        select(ContactConsent)
        .where(ContactConsent.workspace_id == workspace_id, ContactConsent.contact_id == contact_id)
        .order_by(col(ContactConsent.channel))
    )
    return (await session.execute(query)).scalars().all()


@dataclass(frozen=True)
class ConsentChange:
    channel: ChannelKind
    status: ConsentStatus
    source: str
    proof: str
    suppress: bool = False


async def set_consent(
    session: AsyncSession,
    contact: Contact,
    change: ConsentChange,
    *,
    now: datetime,
    actor_user_id: uuid.UUID | None,
) -> ContactConsent:
    """Upserts the channel's consent and records it on the timeline with what it was before.

    With `suppress` on an opt-out, the channel's address joins the suppression list too (the
    caller checks first that the contact has one: `contact_address`).
    """
    consent = await session.get(ContactConsent, (contact.id, change.channel))
    previous = consent.status.value if consent is not None else None
    if consent is None:
        consent = ContactConsent(
            contact_id=contact.id,
            channel=change.channel,
            workspace_id=contact.workspace_id,
            status=change.status,
            source=change.source,
        )
        session.add(consent)
    consent.status = change.status
    consent.source = change.source
    consent.proof = change.proof
    consent.updated_at = now
    details: dict[str, Any] = {
        "channel": change.channel.value,
        "status": change.status.value,
        "source": change.source,
        "previous": previous,
    }
    if change.proof:
        details["proof"] = change.proof
    address = contact_address(contact, change.channel)
    if change.suppress and change.status is ConsentStatus.opted_out and address is not None:
        kind, value = address
        # Suppressing an address already on the list is what was asked: not an error here.
        if await find_suppression(session, contact.workspace_id, kind, value) is None:
            await _insert_suppression(
                session,
                contact.workspace_id,
                kind,
                value,
                f"opted out of {change.channel}",
                actor_user_id,
                now,
            )
        details["suppressed"] = kind.value
    session.add(contact_event(contact, "consent_changed", details, actor_user_id, now))
    await session.flush()
    return consent


async def find_suppression(
    session: AsyncSession, workspace_id: uuid.UUID, kind: SuppressionKind, value: str
) -> Suppression | None:
    query = select(Suppression).where(
        Suppression.workspace_id == workspace_id,
        Suppression.kind == kind,
        Suppression.value == value,
    )
    return (await session.execute(query)).scalar_one_or_none()


async def is_suppressed(
    session: AsyncSession, workspace_id: uuid.UUID, kind: SuppressionKind, value: str
) -> bool:
    """Whether a send to this (already normalised) address must be skipped."""
    return await find_suppression(session, workspace_id, kind, value) is not None


async def add_suppression(
    session: AsyncSession,
    workspace_id: uuid.UUID,
    kind: SuppressionKind,
    value: str,
    reason: str,
    *,
    actor_user_id: uuid.UUID | None,
    now: datetime,
) -> Suppression:
    """Adds a normalised address; `DuplicateSuppression` when it is already on the list."""
    existing = await find_suppression(session, workspace_id, kind, value)
    if existing is not None:
        raise DuplicateSuppression(existing)
    return await _insert_suppression(session, workspace_id, kind, value, reason, actor_user_id, now)


async def _insert_suppression(
    session: AsyncSession,
    workspace_id: uuid.UUID,
    kind: SuppressionKind,
    value: str,
    reason: str,
    actor_user_id: uuid.UUID | None,
    now: datetime,
) -> Suppression:
    suppression = Suppression(
        workspace_id=workspace_id,
        kind=kind,
        value=value,
        reason=reason[:200],
        created_by_user_id=actor_user_id,
        created_at=now,
    )
    session.add(suppression)
    await session.flush()
    return suppression


async def list_suppressions(
    session: AsyncSession,
    workspace_id: uuid.UUID,
    *,
    limit: int,
    kind: SuppressionKind | None = None,
    search: str | None = None,
    before: tuple[datetime, uuid.UUID] | None = None,
) -> Sequence[Suppression]:
    """Newest first; `before` is the (created_at, id) of the last row of the previous page."""
    query = select(Suppression).where(Suppression.workspace_id == workspace_id)
    if kind is not None:
        query = query.where(Suppression.kind == kind)
    term = (search or "").strip().lower()
    if term:
        query = query.where(
            or_(
                col(Suppression.value).contains(term, autoescape=True),
                func.lower(col(Suppression.reason)).contains(term, autoescape=True),
            )
        )
    if before is not None:
        at, last_id = before
        query = query.where(
            or_(
                col(Suppression.created_at) < at,
                (col(Suppression.created_at) == at) & (col(Suppression.id) < last_id),
            )
        )
    query = query.order_by(col(Suppression.created_at).desc(), col(Suppression.id).desc())
    return (await session.execute(query.limit(limit))).scalars().all()


async def remove_suppression(
    session: AsyncSession, workspace_id: uuid.UUID, suppression_id: uuid.UUID
) -> bool:
    suppression = await session.get(Suppression, suppression_id)
    if suppression is None or suppression.workspace_id != workspace_id:
        return False
    await session.delete(suppression)
    await session.flush()
    return True


async def mark_erased(
    session: AsyncSession, workspace_id: uuid.UUID, contact_id: uuid.UUID, now: datetime
) -> bool:
    """Sets `erased_at` once (a repeat keeps the first time); False if there is no such contact."""
    contact = await session.get(Contact, contact_id)
    if contact is None or contact.workspace_id != workspace_id:
        return False
    if contact.erased_at is None:
        contact.erased_at = now
        await session.flush()
    return True


async def conversation_workflow_ids(
    session: AsyncSession, workspace_id: uuid.UUID, contact_id: uuid.UUID
) -> list[str]:
    query = select(Conversation.workflow_id).where(
        Conversation.workspace_id == workspace_id, Conversation.contact_id == contact_id
    )
    return list((await session.execute(query)).scalars().all())


@dataclass(frozen=True)
class Redaction:
    conversations: int
    messages: int


async def redact_contact(
    session: AsyncSession,
    workspace_id: uuid.UUID,
    contact_id: uuid.UUID,
    *,
    now: datetime,
    actor_user_id: uuid.UUID | None = None,
    workflow_id: str | None = None,
    run_id: str | None = None,
) -> Redaction:
    """Removes the person's data and keeps what aggregates count, plus one `erased` event.

    Safe to repeat: a second run finds nothing left and replaces the kept event by a new one.
    """
    contact = await session.get(Contact, contact_id)
    if contact is None or contact.workspace_id != workspace_id:
        return Redaction(conversations=0, messages=0)
    contact.name = ""
    contact.phone = contact.email = None
    contact.language = contact.timezone = contact.country = None
    contact.custom_fields = {}
    contact.updated_at = now
    contact.erased_at = contact.erased_at or now
    for table in _DELETED_ON_ERASURE:
        await session.execute(
            delete(table).where(
                col(table.workspace_id) == workspace_id, col(table.contact_id) == contact_id
            )
        )
    conversations = (
        (
            await session.execute(
                select(Conversation).where(
                    Conversation.workspace_id == workspace_id,
                    Conversation.contact_id == contact_id,
                )
            )
        )
        .scalars()
        .all()
    )
    ids = [c.id for c in conversations]
    messages = 0
    if ids:
        result = await session.execute(
            update(Message)
            .where(col(Message.workspace_id) == workspace_id, col(Message.conversation_id).in_(ids))
            .values(text="")
        )
        messages = int(getattr(result, "rowcount", 0) or 0)
    for conversation in conversations:
        conversation.contact_key = ""
        conversation.last_message_preview = ""
        # The workflow id names the visitor; renamed, the visitor's next message finds no
        # conversation and (its identity gone) starts a new, unrelated contact.
        conversation.workflow_id = f"erased/{conversation.id}"
    # Who asked and which run did it: nothing in this line is about the person.
    session.add(
        ContactEvent(
            workspace_id=workspace_id,
            contact_id=contact_id,
            kind="erased",
            actor_user_id=actor_user_id,
            workflow_id=workflow_id,
            run_id=run_id,
            created_at=now,
        )
    )
    await session.flush()
    return Redaction(conversations=len(ids), messages=messages)
