"""Create-or-update by identity: one contact from the API or a thousand rows of an import.

A draft whose phone or e-mail is already known updates that contact. When its phone names one
contact and its e-mail another, they are one person: the older contact absorbs the newer.

New contacts, their tags and timeline events are written with bulk inserts of plain rows:
building an ORM object per row cost more than the database did (bench/contact_import.py).
"""

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import BindParameter, bindparam, insert
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from domain.contacts import ContactDraft
from stores.contacts.merge import merge_contacts
from stores.tables.contacts import Contact, ContactEvent, ContactTag

# A contact not yet in the database: its column values, inserted with the batch.
NewContact = dict[str, Any]
Target = Contact | NewContact


@dataclass
class UpsertOutcome:
    contact_id: uuid.UUID
    created: bool
    changes: dict[str, list[Any]] = field(default_factory=dict)
    added_tags: list[str] = field(default_factory=list)
    merged_ids: list[uuid.UUID] = field(default_factory=list)


def _get(target: Target, name: str) -> Any:
    return target[name] if isinstance(target, dict) else getattr(target, name)


def _set(target: Target, name: str, value: Any) -> None:
    if isinstance(target, dict):
        target[name] = value
    else:
        setattr(target, name, value)


def new_contact_row(workspace_id: uuid.UUID, now: datetime) -> NewContact:
    return {
        "id": uuid.uuid4(),
        "workspace_id": workspace_id,
        "name": "",
        "phone": None,
        "email": None,
        "language": None,
        "timezone": None,
        "country": None,
        "source": "",
        "owner_user_id": None,
        "custom_fields": {},
        "created_at": now,
        "updated_at": now,
        "last_seen_at": None,
        "last_inbound_at": None,
        "erased_at": None,
    }


class _Known:
    """Contacts of this batch by phone and by e-mail, kept current as the batch goes."""

    def __init__(self, contacts: Sequence[Contact]) -> None:
        self.by_phone: dict[str, Target] = {c.phone: c for c in contacts if c.phone}
        self.by_email: dict[str, Target] = {c.email: c for c in contacts if c.email}

    def matches(self, draft: ContactDraft) -> list[Target]:
        found = [
            self.by_phone.get(draft.phone) if draft.phone else None,
            self.by_email.get(draft.email) if draft.email else None,
        ]
        unique = {_get(t, "id"): t for t in found if t is not None}
        return sorted(unique.values(), key=lambda t: (_get(t, "created_at"), str(_get(t, "id"))))

    def forget(self, target: Target) -> None:
        for index, key in (
            (self.by_phone, _get(target, "phone")),
            (self.by_email, _get(target, "email")),
        ):
            if key and index.get(key) is target:
                del index[key]

    def remember(self, target: Target) -> None:
        if phone := _get(target, "phone"):
            self.by_phone[phone] = target
        if email := _get(target, "email"):
            self.by_email[email] = target

    def replace(self, loaded: dict[uuid.UUID, Contact]) -> None:
        """Swaps rows just inserted for their ORM objects."""
        for index in (self.by_phone, self.by_email):
            for key, target in list(index.items()):
                if isinstance(target, dict) and target["id"] in loaded:
                    index[key] = loaded[target["id"]]


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
    pending: dict[uuid.UUID, NewContact] = {}
    targets: dict[uuid.UUID, Target] = {}
    merged_into: dict[uuid.UUID, uuid.UUID] = {}
    outcomes: list[UpsertOutcome] = []
    for draft in drafts:
        matches = known.matches(draft)
        if len(matches) > 1 and any(isinstance(m, dict) for m in matches):
            # Merging needs rows in the database: write this batch's new contacts first.
            loaded = await _insert_new(session, pending)
            known.replace(loaded)
            targets.update(loaded)
            pending = {}
            matches = known.matches(draft)
        if matches:
            target, merged = matches[0], matches[1:]
            for other in merged:
                assert isinstance(target, Contact) and isinstance(other, Contact)
                known.forget(other)
                merged_into[other.id] = target.id
                await merge_contacts(session, target, other, now=now, actor_user_id=actor_user_id)
            known.forget(target)
            outcome = UpsertOutcome(
                _get(target, "id"), created=False, merged_ids=[_get(m, "id") for m in merged]
            )
        else:
            target = new_contact_row(workspace_id, now)
            pending[target["id"]] = target
            outcome = UpsertOutcome(target["id"], created=True)
        outcome.changes = apply_draft(target, draft, now)
        known.remember(target)
        targets[outcome.contact_id] = target
        outcomes.append(outcome)
    for outcome in outcomes:
        # An earlier draft's contact may have been merged into a later draft's.
        while outcome.contact_id in merged_into:
            outcome.contact_id = merged_into[outcome.contact_id]
    tag_rows = await _new_tags(session, workspace_id, drafts, outcomes, now)
    for outcome in outcomes:
        if outcome.added_tags:
            _set(targets[outcome.contact_id], "updated_at", now)
    # Updates first: a new contact may take a phone or e-mail an existing one just gave up.
    await session.flush()
    await _insert_new(session, pending, load=False)
    if tag_rows:
        await session.execute(insert(ContactTag), tag_rows)
    await _record_events(session, workspace_id, outcomes, now, actor_user_id, event_details or {})
    return outcomes


def apply_draft(target: Target, draft: ContactDraft, now: datetime) -> dict[str, list[Any]]:
    """Sets the draft's values; returns what changed as `{field: [old, new]}`."""
    changes: dict[str, list[Any]] = {}
    for name, value in draft.standard_values().items():
        old = _get(target, name)
        if old != value:
            _set(target, name, value)
            changes[name] = [_json(old), _json(value)]
    custom = dict(_get(target, "custom_fields"))
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
        _set(target, "custom_fields", custom)
    if changes:
        _set(target, "updated_at", now)
    return changes


def _json(value: Any) -> Any:
    return str(value) if isinstance(value, uuid.UUID) else value


async def _existing(
    session: AsyncSession, workspace_id: uuid.UUID, drafts: Sequence[ContactDraft]
) -> list[Contact]:
    """Contacts already holding a draft's phone or e-mail.

    One query per column: `phone IN (…) OR email IN (…)` made PostgreSQL scan every contact.
    """
    found: dict[uuid.UUID, Contact] = {}
    for name, values in (
        ("phone", {d.phone for d in drafts if d.phone}),
        ("email", {d.email for d in drafts if d.email}),
    ):
        if not values:
            continue
        # Literal values: with a thousand bind parameters PostgreSQL settled on a generic plan
        # that scanned the table; literals let it plan a lookup on the unique index.
        listed: BindParameter[str] = bindparam(
            f"{name}_values", sorted(values), expanding=True, literal_execute=True
        )
        column = getattr(Contact, name)
        query = select(Contact).where(Contact.workspace_id == workspace_id, col(column).in_(listed))
        found.update((c.id, c) for c in (await session.execute(query)).scalars())
    return list(found.values())


async def _insert_new(
    session: AsyncSession, pending: dict[uuid.UUID, NewContact], *, load: bool = True
) -> dict[uuid.UUID, Contact]:
    if not pending:
        return {}
    await session.execute(insert(Contact), list(pending.values()))
    if not load:
        return {}
    query = select(Contact).where(col(Contact.id).in_(list(pending)))
    return {c.id: c for c in (await session.execute(query)).scalars()}


async def _new_tags(
    session: AsyncSession,
    workspace_id: uuid.UUID,
    drafts: Sequence[ContactDraft],
    outcomes: list[UpsertOutcome],
    now: datetime,
) -> list[dict[str, Any]]:
    """The tag rows to insert, noting on each outcome the tags its contact gained."""
    wanted: dict[uuid.UUID, list[tuple[str, UpsertOutcome]]] = {}
    for draft, outcome in zip(drafts, outcomes, strict=True):
        for tag in draft.tags:
            wanted.setdefault(outcome.contact_id, []).append((tag, outcome))
    if not wanted:
        return []
    query = select(ContactTag.contact_id, ContactTag.tag).where(
        col(ContactTag.contact_id).in_(list(wanted))
    )
    present = {(row.contact_id, row.tag) for row in (await session.execute(query)).all()}
    rows: list[dict[str, Any]] = []
    for contact_id, tags in wanted.items():
        for tag, outcome in tags:
            if (contact_id, tag) in present:
                continue
            present.add((contact_id, tag))
            rows.append(
                {
                    "contact_id": contact_id,
                    "tag": tag,
                    "workspace_id": workspace_id,
                    "created_at": now,
                }
            )
            outcome.added_tags.append(tag)
    return rows


async def _record_events(
    session: AsyncSession,
    workspace_id: uuid.UUID,
    outcomes: list[UpsertOutcome],
    now: datetime,
    actor_user_id: uuid.UUID | None,
    event_details: dict[str, Any],
) -> None:
    # A contact drafted twice in one batch gets one event per draft that changed something.
    rows: list[dict[str, Any]] = []
    for outcome in outcomes:
        if not outcome.created and not outcome.changes and not outcome.added_tags:
            continue
        details: dict[str, Any] = dict(event_details)
        if outcome.changes:
            details["changes"] = outcome.changes
        if outcome.added_tags:
            details["tags_added"] = outcome.added_tags
        rows.append(
            {
                "id": uuid.uuid4(),
                "workspace_id": workspace_id,
                "contact_id": outcome.contact_id,
                "kind": "created" if outcome.created else "updated",
                "details": details,
                "actor_user_id": actor_user_id,
                "workflow_id": None,
                "run_id": None,
                "created_at": now,
            }
        )
    await session.flush()
    if rows:
        await session.execute(insert(ContactEvent), rows)
