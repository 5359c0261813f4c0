"""Create-or-update by identity: one contact from the API or a thousand rows of an import.

A draft whose phone or e-mail is already known updates that contact. When its phone names one
contact and its e-mail another, they are one person: the older contact absorbs the newer.
"""

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import or_
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from adapters.contacts.merge import merge_contacts
from domain.contact_tables import Contact, ContactEvent, ContactTag
from domain.contacts import ContactDraft


@dataclass
class UpsertOutcome:
    contact: Contact
    created: bool
    changes: dict[str, list[Any]] = field(default_factory=dict)
    added_tags: list[str] = field(default_factory=list)
    merged_ids: list[uuid.UUID] = field(default_factory=list)


class _Known:
    """Contacts of this batch by phone and by e-mail, kept current as the batch goes."""

    def __init__(self, contacts: Sequence[Contact]) -> None:
        self.by_phone = {c.phone: c for c in contacts if c.phone}
        self.by_email = {c.email: c for c in contacts if c.email}

    def matches(self, draft: ContactDraft) -> list[Contact]:
        found = [
            self.by_phone.get(draft.phone) if draft.phone else None,
            self.by_email.get(draft.email) if draft.email else None,
        ]
        unique: dict[uuid.UUID, Contact] = {c.id: c for c in found if c is not None}
        return sorted(unique.values(), key=lambda c: (c.created_at, str(c.id)))

    def forget(self, contact: Contact) -> None:
        for index, key in ((self.by_phone, contact.phone), (self.by_email, contact.email)):
            if key and index.get(key) is contact:
                del index[key]

    def remember(self, contact: Contact) -> None:
        if contact.phone:
            self.by_phone[contact.phone] = contact
        if contact.email:
            self.by_email[contact.email] = contact


async def upsert_contacts(
    session: AsyncSession,
    workspace_id: uuid.UUID,
    drafts: Sequence[ContactDraft],
    *,
    now: datetime,
    actor_user_id: uuid.UUID | None = None,
    event_details: dict[str, Any] | None = None,
) -> list[UpsertOutcome]:
    """Applies each draft in order, in the caller's transaction; one outcome per draft.

    Each created or changed contact gets one timeline event (`created` or `updated`).
    """
    known = _Known(await _existing(session, workspace_id, drafts))
    outcomes: list[UpsertOutcome] = []
    for draft in drafts:
        matches = known.matches(draft)
        if matches:
            contact, merged = matches[0], matches[1:]
            for other in merged:
                known.forget(other)
                await merge_contacts(session, contact, other, now=now, actor_user_id=actor_user_id)
            known.forget(contact)
            outcome = UpsertOutcome(contact, created=False, merged_ids=[m.id for m in merged])
        else:
            contact = Contact(workspace_id=workspace_id, created_at=now, updated_at=now)
            session.add(contact)
            outcome = UpsertOutcome(contact, created=True)
        outcome.changes = apply_draft(contact, draft, now)
        known.remember(contact)
        outcomes.append(outcome)
    await session.flush()
    await _add_tags(session, workspace_id, drafts, outcomes, now)
    _record_events(session, outcomes, now, actor_user_id, event_details or {})
    await session.flush()
    return outcomes


def apply_draft(contact: Contact, draft: ContactDraft, now: datetime) -> dict[str, list[Any]]:
    """Sets the draft's values; returns what changed as `{field: [old, new]}`."""
    changes: dict[str, list[Any]] = {}
    for name, value in draft.standard_values().items():
        old = getattr(contact, name)
        if old != value:
            setattr(contact, name, value)
            changes[name] = [_json(old), _json(value)]
    custom = dict(contact.custom_fields)
    for key, value in draft.custom_fields.items():
        old = custom.get(key)
        if old == value:
            continue
        if value is None:
            custom.pop(key, None)
        else:
            custom[key] = value
        changes[f"custom_fields.{key}"] = [old, value]
    if any(name.startswith("custom_fields.") for name in changes):
        # A new dict, so the ORM sees the JSON column change.
        contact.custom_fields = custom
    if changes:
        contact.updated_at = now
    return changes


def _json(value: Any) -> Any:
    return str(value) if isinstance(value, uuid.UUID) else value


async def _existing(
    session: AsyncSession, workspace_id: uuid.UUID, drafts: Sequence[ContactDraft]
) -> Sequence[Contact]:
    phones = {d.phone for d in drafts if d.phone}
    emails = {d.email for d in drafts if d.email}
    if not phones and not emails:
        return []
    identified = []
    if phones:
        identified.append(col(Contact.phone).in_(phones))
    if emails:
        identified.append(col(Contact.email).in_(emails))
    query = select(Contact).where(Contact.workspace_id == workspace_id, or_(*identified))
    return (await session.execute(query)).scalars().all()


async def _add_tags(
    session: AsyncSession,
    workspace_id: uuid.UUID,
    drafts: Sequence[ContactDraft],
    outcomes: list[UpsertOutcome],
    now: datetime,
) -> None:
    wanted: dict[uuid.UUID, list[tuple[str, UpsertOutcome]]] = {}
    for draft, outcome in zip(drafts, outcomes, strict=True):
        for tag in draft.tags:
            wanted.setdefault(outcome.contact.id, []).append((tag, outcome))
    if not wanted:
        return
    query = select(ContactTag.contact_id, ContactTag.tag).where(
        col(ContactTag.contact_id).in_(list(wanted))
    )
    present = {(row.contact_id, row.tag) for row in (await session.execute(query)).all()}
    for contact_id, tags in wanted.items():
        for tag, outcome in tags:
            if (contact_id, tag) in present:
                continue
            present.add((contact_id, tag))
            session.add(ContactTag(contact_id=contact_id, tag=tag, workspace_id=workspace_id))
            outcome.added_tags.append(tag)
            outcome.contact.updated_at = now


def _record_events(
    session: AsyncSession,
    outcomes: list[UpsertOutcome],
    now: datetime,
    actor_user_id: uuid.UUID | None,
    event_details: dict[str, Any],
) -> None:
    # A contact drafted twice in one batch gets one event per draft that changed something.
    for outcome in outcomes:
        if not outcome.created and not outcome.changes and not outcome.added_tags:
            continue
        details: dict[str, Any] = dict(event_details)
        if outcome.changes:
            details["changes"] = outcome.changes
        if outcome.added_tags:
            details["tags_added"] = outcome.added_tags
        session.add(
            ContactEvent(
                workspace_id=outcome.contact.workspace_id,
                contact_id=outcome.contact.id,
                kind="created" if outcome.created else "updated",
                details=details,
                actor_user_id=actor_user_id,
                created_at=now,
            )
        )
