"""Merging two contacts that turned out to be one person (by hand, or when identifiers meet)."""

import uuid
from datetime import datetime

from sqlalchemy import delete, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from domain.contacts import STANDARD_FIELDS
from domain.enums import ConsentStatus
from stores.contacts.events import contact_event
from stores.tables.contacts import (
    Contact,
    ContactConsent,
    ContactEvent,
    ContactIdentity,
    ContactNote,
    ContactTag,
)
from stores.tables.conversations import Conversation

# Rows that follow the surviving contact unchanged.
_MOVED_WITH_CONTACT = (ContactIdentity, Conversation, ContactNote, ContactEvent)


async def merge_contacts(
    session: AsyncSession,
    keep: Contact,
    other: Contact,
    *,
    now: datetime,
    actor_user_id: uuid.UUID | None = None,
) -> None:
    """Moves everything of `other` onto `keep`, then deletes `other`.

    `keep`'s values win; its empty fields are filled from `other`. For consent, an opt-out on
    either side wins: merging must never make a person reachable who asked not to be.
    """
    if keep.workspace_id != other.workspace_id or keep.id == other.id:
        raise ValueError("only two different contacts of one workspace can be merged")
    other_id = other.id
    for table in _MOVED_WITH_CONTACT:
        await session.execute(
            update(table).where(col(table.contact_id) == other_id).values(contact_id=keep.id)
        )
    await _merge_tags(session, keep, other_id)
    await _merge_consent(session, keep, other_id)

    inherited = {name: getattr(other, name) for name in (*STANDARD_FIELDS, "owner_user_id")}
    custom = dict(other.custom_fields)
    seen = [t for t in (keep.last_seen_at, other.last_seen_at) if t is not None]
    inbound = [t for t in (keep.last_inbound_at, other.last_inbound_at) if t is not None]
    first_created = min(keep.created_at, other.created_at)
    summary = {"merged_contact_id": str(other_id), "name": other.name}
    summary |= {name: inherited[name] for name in ("phone", "email") if inherited[name]}
    # The other row goes first: its phone and e-mail are unique in the workspace.
    await session.delete(other)
    await session.flush()

    for name, value in inherited.items():
        if value and not getattr(keep, name):
            setattr(keep, name, value)
    keep.custom_fields = {**custom, **keep.custom_fields}
    keep.last_seen_at = max(seen, default=None)
    keep.last_inbound_at = max(inbound, default=None)
    keep.created_at = first_created
    keep.updated_at = now
    session.add(contact_event(keep, "merged", summary, actor_user_id, now))
    await session.flush()


async def _merge_tags(session: AsyncSession, keep: Contact, other_id: uuid.UUID) -> None:
    tags = select(ContactTag.tag).where(ContactTag.contact_id == keep.id)
    kept = set((await session.execute(tags)).scalars())
    others = select(ContactTag.tag).where(ContactTag.contact_id == other_id)
    for tag in set((await session.execute(others)).scalars()) - kept:
        session.add(ContactTag(contact_id=keep.id, tag=tag, workspace_id=keep.workspace_id))
    await session.execute(delete(ContactTag).where(col(ContactTag.contact_id) == other_id))


async def _merge_consent(session: AsyncSession, keep: Contact, other_id: uuid.UUID) -> None:
    rows = (
        await session.execute(
            select(ContactConsent).where(col(ContactConsent.contact_id).in_([keep.id, other_id]))
        )
    ).scalars()
    winners: dict[str, ContactConsent] = {}
    for row in rows:
        current = winners.get(row.channel)
        if current is None or _outranks(row, current):
            winners[row.channel] = row
    await session.execute(
        delete(ContactConsent).where(col(ContactConsent.contact_id).in_([keep.id, other_id]))
    )
    await session.flush()
    for row in winners.values():
        session.expunge(row)
        session.add(
            ContactConsent(
                contact_id=keep.id,
                channel=row.channel,
                workspace_id=keep.workspace_id,
                status=row.status,
                source=row.source,
                proof=row.proof,
                updated_at=row.updated_at,
            )
        )


def _outranks(row: ContactConsent, current: ContactConsent) -> bool:
    row_out = row.status == ConsentStatus.opted_out
    current_out = current.status == ConsentStatus.opted_out
    if row_out != current_out:
        return row_out
    return row.updated_at > current.updated_at
