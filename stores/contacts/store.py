"""One contact at a time: read, create-or-update, edit, tags, notes, merge; custom-field
definitions through `fields`. Routes and activities go through here; every query takes the
workspace id, and an erased contact is never found.
"""

import uuid
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from typing import TypeVar

from sqlalchemy import delete
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlmodel import col, select

from domain.contacts import ContactDetail
from domain.timeutil import utcnow
from infra.database import is_unique_violation
from stores.contacts.contact_input import (
    NULLABLE_FIELDS,
    ContactFields,
    ContactInputError,
    NormalisedInput,
    normalise_fields,
    normalise_tags,
)
from stores.contacts.detail import contact_detail, tags_of
from stores.contacts.events import contact_event
from stores.contacts.fields import CustomFieldStore, field_definitions
from stores.contacts.merge import merge_contacts
from stores.contacts.upsert import apply_draft, upsert_contacts
from stores.tables.contacts import Contact, ContactNote, ContactTag
from stores.tables.workspaces import Membership, Workspace

T = TypeVar("T")
BeforeCommit = Callable[[AsyncSession], None]


class ContactNotFound(LookupError):
    pass


class ContactConflict(Exception):
    """The change would give this contact another contact's phone or e-mail."""


class NoteNotFound(LookupError):
    pass


class NotNoteAuthor(PermissionError):
    pass


@dataclass
class UpsertResult:
    contact: ContactDetail
    created: bool
    merged_ids: list[uuid.UUID] = field(default_factory=list)


class ContactStore:
    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions
        self.fields = CustomFieldStore(sessions)

    async def get(self, workspace_id: uuid.UUID, contact_id: uuid.UUID) -> ContactDetail:
        async with self._sessions() as session:
            return await contact_detail(session, await _live(session, workspace_id, contact_id))

    async def upsert(
        self,
        workspace_id: uuid.UUID,
        fields: ContactFields,
        tags: Sequence[str] = (),
        *,
        actor_user_id: uuid.UUID | None = None,
        via: str = "api",
    ) -> UpsertResult:
        """Creates the contact, or updates (and merges) the ones its phone or e-mail name."""

        async def once() -> UpsertResult:
            async with self._sessions() as session, session.begin():
                draft = (await _normalise(session, workspace_id, fields, tags)).draft
                if not (draft.name or draft.phone or draft.email):
                    raise ContactInputError(
                        ("body",), "Give the contact at least a name, a phone or an e-mail."
                    )
                [outcome] = await upsert_contacts(
                    session,
                    workspace_id,
                    [draft],
                    now=utcnow(),
                    actor_user_id=actor_user_id,
                    event_details={"via": via},
                )
                contact = await session.get(Contact, outcome.contact_id)
                assert contact is not None
                detail = await contact_detail(session, contact)
                return UpsertResult(detail, outcome.created, outcome.merged_ids)

        return await _once_more_on_unique_violation(once)

    async def update(
        self,
        workspace_id: uuid.UUID,
        contact_id: uuid.UUID,
        fields: ContactFields,
        *,
        actor_user_id: uuid.UUID | None = None,
    ) -> ContactDetail:
        """Sets the given fields; null clears one; custom values merge (null clears a key)."""
        async with self._sessions() as session, session.begin():
            contact = await _live(session, workspace_id, contact_id)
            normalised = await _normalise(session, workspace_id, fields, ())
            await _ensure_identifiers_free(session, contact, normalised)
            now = utcnow()
            changes = apply_draft(contact, normalised.draft, now)
            for name in sorted(normalised.cleared):
                old = getattr(contact, name)
                empty = None if name in NULLABLE_FIELDS else ""
                if old != empty:
                    setattr(contact, name, empty)
                    changes[name] = [str(old) if isinstance(old, uuid.UUID) else old, empty]
                    contact.updated_at = now
            if not (contact.name or contact.phone or contact.email):
                raise ContactInputError(
                    ("body",), "A contact needs a name, a phone or an e-mail: keep at least one."
                )
            if changes:
                session.add(
                    contact_event(contact, "updated", {"changes": changes}, actor_user_id, now)
                )
            try:
                await session.flush()
            except IntegrityError as error:
                # Another request took the phone or e-mail since we checked.
                if is_unique_violation(error):
                    raise ContactConflict(_MERGE_HINT) from None
                raise
            return await contact_detail(session, contact)

    async def add_tags(
        self,
        workspace_id: uuid.UUID,
        contact_id: uuid.UUID,
        tags: Sequence[str],
        *,
        actor_user_id: uuid.UUID | None = None,
    ) -> ContactDetail:
        wanted = normalise_tags(tags)

        async def once() -> ContactDetail:
            async with self._sessions() as session, session.begin():
                contact = await _live(session, workspace_id, contact_id)
                present = set(await tags_of(session, contact.id))
                now = utcnow()
                for tag in wanted:
                    if tag in present:
                        continue
                    session.add(
                        ContactTag(contact_id=contact.id, tag=tag, workspace_id=workspace_id)
                    )
                    session.add(
                        contact_event(contact, "tag_added", {"tag": tag}, actor_user_id, now)
                    )
                    contact.updated_at = now
                await session.flush()
                return await contact_detail(session, contact)

        # Two requests adding the same tag at once: the second finds it on its retry.
        return await _once_more_on_unique_violation(once)

    async def remove_tag(
        self,
        workspace_id: uuid.UUID,
        contact_id: uuid.UUID,
        raw_tag: str,
        *,
        actor_user_id: uuid.UUID | None = None,
    ) -> ContactDetail:
        """Removing a tag the contact does not have changes nothing (and is no error)."""
        try:
            tag = normalise_tags([raw_tag])[0]
        except ContactInputError as error:
            raise ContactInputError(("path", "tag"), error.message) from None
        async with self._sessions() as session, session.begin():
            contact = await _live(session, workspace_id, contact_id)
            removed = await session.execute(
                delete(ContactTag).where(
                    col(ContactTag.contact_id) == contact.id, col(ContactTag.tag) == tag
                )
            )
            if removed.rowcount:  # type: ignore[attr-defined]
                now = utcnow()
                contact.updated_at = now
                session.add(contact_event(contact, "tag_removed", {"tag": tag}, actor_user_id, now))
                await session.flush()
            return await contact_detail(session, contact)

    async def list_notes(
        self, workspace_id: uuid.UUID, contact_id: uuid.UUID, limit: int = 100
    ) -> list[ContactNote]:
        """Newest first."""
        async with self._sessions() as session:
            await _live(session, workspace_id, contact_id)
            rows = await session.execute(
                select(ContactNote)
                .where(
                    ContactNote.workspace_id == workspace_id, ContactNote.contact_id == contact_id
                )
                .order_by(col(ContactNote.created_at).desc(), col(ContactNote.id).desc())
                .limit(limit)
            )
            return list(rows.scalars())

    async def add_note(
        self, workspace_id: uuid.UUID, contact_id: uuid.UUID, text: str, author_user_id: uuid.UUID
    ) -> ContactNote:
        async with self._sessions() as session, session.begin():
            contact = await _live(session, workspace_id, contact_id)
            now = utcnow()
            note = ContactNote(
                workspace_id=workspace_id,
                contact_id=contact.id,
                author_user_id=author_user_id,
                text=text,
                created_at=now,
            )
            session.add(note)
            # Only the id: a deleted note's text must not live on in the timeline.
            details = {"note_id": str(note.id)}
            session.add(contact_event(contact, "note_added", details, author_user_id, now))
            await session.flush()
            return note

    async def delete_note(
        self,
        workspace_id: uuid.UUID,
        contact_id: uuid.UUID,
        note_id: uuid.UUID,
        *,
        user_id: uuid.UUID,
        may_delete_any: bool,
    ) -> None:
        async with self._sessions() as session, session.begin():
            await _live(session, workspace_id, contact_id)
            note = (
                await session.execute(
                    select(ContactNote).where(
                        ContactNote.id == note_id,
                        ContactNote.workspace_id == workspace_id,
                        ContactNote.contact_id == contact_id,
                    )
                )
            ).scalar_one_or_none()
            if note is None:
                raise NoteNotFound("Note not found.")
            if note.author_user_id != user_id and not may_delete_any:
                raise NotNoteAuthor(
                    "Only the note's author, or someone who manages contacts, may delete it."
                )
            await session.delete(note)

    async def merge(
        self,
        workspace_id: uuid.UUID,
        contact_id: uuid.UUID,
        other_id: uuid.UUID,
        *,
        actor_user_id: uuid.UUID | None = None,
        before_commit: BeforeCommit | None = None,
    ) -> ContactDetail:
        """Merges `other_id` into `contact_id`, which survives; `before_commit` adds to the same
        transaction (an audit event)."""
        if contact_id == other_id:
            raise ContactInputError(
                ("body", "other_contact_id"), "A contact cannot be merged with itself."
            )
        async with self._sessions() as session, session.begin():
            keep = await _live(session, workspace_id, contact_id)
            try:
                other = await _live(session, workspace_id, other_id)
            except ContactNotFound:
                raise ContactNotFound("The contact to merge in was not found.") from None
            await merge_contacts(session, keep, other, now=utcnow(), actor_user_id=actor_user_id)
            if before_commit is not None:
                before_commit(session)
            return await contact_detail(session, keep)


_MERGE_HINT = (
    "Another contact already has this phone or e-mail. Merge the two contacts instead: "
    "POST /api/contacts/{contact_id}/merge with the other contact's id."
)


async def _once_more_on_unique_violation(operation: Callable[[], Awaitable[T]]) -> T:
    """Concurrent writers of the same phone, e-mail or tag: the loser's retry sees the winner's
    row and updates it instead of inserting."""
    try:
        return await operation()
    except IntegrityError as error:
        if not is_unique_violation(error):
            raise
    return await operation()


async def _live(session: AsyncSession, workspace_id: uuid.UUID, contact_id: uuid.UUID) -> Contact:
    contact = (
        await session.execute(
            select(Contact).where(
                Contact.id == contact_id,
                Contact.workspace_id == workspace_id,
                col(Contact.erased_at).is_(None),
            )
        )
    ).scalar_one_or_none()
    if contact is None:
        raise ContactNotFound("Contact not found.")
    return contact


async def _normalise(
    session: AsyncSession, workspace_id: uuid.UUID, fields: ContactFields, tags: Sequence[str]
) -> NormalisedInput:
    workspace = await session.get(Workspace, workspace_id)
    assert workspace is not None
    definitions = await field_definitions(session, workspace_id) if fields.custom_fields else {}
    normalised = normalise_fields(fields, definitions, workspace.default_country, tags)
    owner = normalised.draft.owner_user_id
    if owner is not None and await session.get(Membership, (workspace_id, owner)) is None:
        raise ContactInputError(
            ("body", "owner_user_id"), "The owner must be a member of this workspace."
        )
    return normalised


async def _ensure_identifiers_free(
    session: AsyncSession, contact: Contact, normalised: NormalisedInput
) -> None:
    for kind in ("phone", "email"):
        value = getattr(normalised.draft, kind)
        if value is None or value == getattr(contact, kind):
            continue
        other = (
            await session.execute(
                select(Contact.id).where(
                    Contact.workspace_id == contact.workspace_id,
                    getattr(Contact, kind) == value,
                    Contact.id != contact.id,
                )
            )
        ).first()
        if other is not None:
            raise ContactConflict(
                f"Another contact ({other.id}) already has the {kind} {value}. "
                f"Merge the two contacts instead: POST /api/contacts/{contact.id}/merge "
                f'with {{"other_contact_id": "{other.id}"}}.'
            )
