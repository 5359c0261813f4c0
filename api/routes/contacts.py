"""One contact: create or update by identity, read, edit, tags, notes, merge."""

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Query, Request, Response, status
from fastapi.exceptions import RequestValidationError
from sqlalchemy.ext.asyncio import AsyncSession

from api.audit import audit_by
from api.contact_schemas import (
    ContactCreate,
    ContactMerge,
    ContactUpdate,
    ContactUpsertResult,
    NoteCreate,
    NotePublic,
    NotesPublic,
    TagsAdd,
)
from api.deps import Principal, ServicesDep, require
from api.schemas import errors
from domain.contacts import ContactDetail
from domain.permissions import Permission
from stores.contacts.contact_input import ContactInputError
from stores.contacts.fields import FieldKeyTaken, FieldNotFound
from stores.contacts.store import (
    ContactConflict,
    ContactNotFound,
    ContactStore,
    NoteNotFound,
    NotNoteAuthor,
)

router = APIRouter(prefix="/contacts", tags=["contacts"], responses=errors(401, 403))

ContactReader = Annotated[Principal, require(Permission.contacts_read)]
ContactWriter = Annotated[Principal, require(Permission.contacts_write)]


def get_contact_store(services: ServicesDep) -> ContactStore:
    return ContactStore(services.sessions)


ContactStoreDep = Annotated[ContactStore, Depends(get_contact_store)]


@contextmanager
def store_errors() -> Iterator[None]:
    """The store's refusals as HTTP answers whose `detail` says what to do."""
    try:
        yield
    except ContactInputError as error:
        raise RequestValidationError(
            [{"type": "value_error", "loc": error.loc, "msg": error.message, "input": None}]
        ) from None
    except (ContactNotFound, NoteNotFound, FieldNotFound) as error:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail=str(error)) from None
    except NotNoteAuthor as error:
        raise HTTPException(status.HTTP_403_FORBIDDEN, detail=str(error)) from None
    except (ContactConflict, FieldKeyTaken) as error:
        raise HTTPException(status.HTTP_409_CONFLICT, detail=str(error)) from None


@router.post(
    "",
    response_model=ContactUpsertResult,
    status_code=status.HTTP_201_CREATED,
    responses={200: {"model": ContactUpsertResult, "description": "An existing contact updated"}},
)
async def upsert_contact(
    body: ContactCreate, writer: ContactWriter, store: ContactStoreDep, response: Response
) -> ContactUpsertResult:
    """Creates a contact (201), or updates the one its phone or e-mail names (200). When the
    phone names one contact and the e-mail another, the older absorbs the newer."""
    with store_errors():
        result = await store.upsert(
            writer.workspace_id, body, body.tags, actor_user_id=writer.actor_user_id
        )
    if not result.created:
        response.status_code = status.HTTP_200_OK
    return ContactUpsertResult(
        contact=result.contact, created=result.created, merged_contact_ids=result.merged_ids
    )


@router.get("/{contact_id}", response_model=ContactDetail, responses=errors(404))
async def read_contact(
    contact_id: uuid.UUID, reader: ContactReader, store: ContactStoreDep
) -> ContactDetail:
    with store_errors():
        return await store.get(reader.workspace_id, contact_id)


@router.patch("/{contact_id}", response_model=ContactDetail, responses=errors(404, 409))
async def update_contact(
    contact_id: uuid.UUID, body: ContactUpdate, writer: ContactWriter, store: ContactStoreDep
) -> ContactDetail:
    """Giving the contact a phone or e-mail another contact has is refused (409): merge them."""
    with store_errors():
        return await store.update(
            writer.workspace_id, contact_id, body, actor_user_id=writer.actor_user_id
        )


@router.post("/{contact_id}/tags", response_model=ContactDetail, responses=errors(404))
async def add_tags(
    contact_id: uuid.UUID, body: TagsAdd, writer: ContactWriter, store: ContactStoreDep
) -> ContactDetail:
    """Tags are lower-cased and trimmed; ones the contact already has are left as they are."""
    with store_errors():
        return await store.add_tags(
            writer.workspace_id, contact_id, body.tags, actor_user_id=writer.actor_user_id
        )


@router.delete("/{contact_id}/tags/{tag}", response_model=ContactDetail, responses=errors(404))
async def remove_tag(
    contact_id: uuid.UUID, tag: str, writer: ContactWriter, store: ContactStoreDep
) -> ContactDetail:
    with store_errors():
        return await store.remove_tag(
            writer.workspace_id, contact_id, tag, actor_user_id=writer.actor_user_id
        )


@router.get("/{contact_id}/notes", response_model=NotesPublic, responses=errors(404))
async def list_notes(
    contact_id: uuid.UUID,
    reader: ContactReader,
    store: ContactStoreDep,
    limit: int = Query(100, ge=1, le=500),
) -> NotesPublic:
    """Newest first."""
    with store_errors():
        notes = await store.list_notes(reader.workspace_id, contact_id, limit)
    return NotesPublic(data=[NotePublic.model_validate(n, from_attributes=True) for n in notes])


@router.post(
    "/{contact_id}/notes",
    response_model=NotePublic,
    status_code=status.HTTP_201_CREATED,
    responses=errors(404),
)
async def create_note(
    contact_id: uuid.UUID, body: NoteCreate, writer: ContactWriter, store: ContactStoreDep
) -> NotePublic:
    with store_errors():
        note = await store.add_note(
            writer.workspace_id, contact_id, body.text, writer.actor_user_id
        )
    return NotePublic.model_validate(note, from_attributes=True)


@router.delete(
    "/{contact_id}/notes/{note_id}", status_code=status.HTTP_204_NO_CONTENT, responses=errors(404)
)
async def delete_note(
    contact_id: uuid.UUID, note_id: uuid.UUID, writer: ContactWriter, store: ContactStoreDep
) -> None:
    """The note's author may delete it, and so may whoever manages contacts."""
    with store_errors():
        await store.delete_note(
            writer.workspace_id,
            contact_id,
            note_id,
            user_id=writer.actor_user_id,
            may_delete_any=Permission.contacts_manage in writer.permissions,
        )


@router.post("/{contact_id}/merge", response_model=ContactDetail, responses=errors(404))
async def merge_contact(
    contact_id: uuid.UUID,
    body: ContactMerge,
    writer: ContactWriter,
    store: ContactStoreDep,
    request: Request,
) -> ContactDetail:
    """Moves the other contact's identities, conversations, notes, tags and timeline here,
    fills this contact's empty fields from it, and deletes it. An opt-out on either side wins."""

    def record(session: AsyncSession) -> None:
        audit_by(
            session,
            request,
            writer,
            "contact.merged",
            target_type="contact",
            target_id=str(contact_id),
            details={"merged_contact_id": str(body.other_contact_id)},
        )

    with store_errors():
        return await store.merge(
            writer.workspace_id,
            contact_id,
            body.other_contact_id,
            actor_user_id=writer.actor_user_id,
            before_commit=record,
        )
