"""Request and response bodies of the single-contact and custom-field routes."""

import uuid
from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from domain.contacts import ContactDetail
from domain.custom_fields import CustomFieldDefinition
from stores.contacts.contact_input import ContactFields

TagText = Annotated[str, StringConstraints(min_length=1, max_length=100)]
NoteText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=5000)]
OptionText = Annotated[str, StringConstraints(min_length=1, max_length=100)]


class ContactCreate(ContactFields):
    """Creates a contact, or updates the one its phone or e-mail already belongs to."""

    model_config = ConfigDict(extra="forbid")

    tags: list[TagText] = Field(default_factory=list, max_length=100, description="Added.")


class ContactUpdate(ContactFields):
    """Only the fields sent change; null (or "") clears one. `custom_fields` entries merge into
    the contact's, and a null value removes that key."""

    model_config = ConfigDict(extra="forbid")


class ContactUpsertResult(BaseModel):
    contact: ContactDetail
    created: bool = Field(description="True when no contact had this phone or e-mail.")
    merged_contact_ids: list[uuid.UUID] = Field(
        description="Contacts merged into this one because the phone and the e-mail named two."
    )


class TagsAdd(BaseModel):
    tags: list[TagText] = Field(min_length=1, max_length=100)


class NoteCreate(BaseModel):
    text: NoteText


class NotePublic(BaseModel):
    id: uuid.UUID
    contact_id: uuid.UUID
    author_user_id: uuid.UUID | None
    text: str
    created_at: datetime


class NotesPublic(BaseModel):
    data: list[NotePublic]


class ContactMerge(BaseModel):
    other_contact_id: uuid.UUID = Field(
        description="This contact is merged into the one in the path, then deleted."
    )


class CustomFieldPublic(CustomFieldDefinition):
    id: uuid.UUID
    created_at: datetime


class CustomFieldsPublic(BaseModel):
    data: list[CustomFieldPublic]


class CustomFieldUpdate(BaseModel):
    """A field's key and type never change: stored values and filters depend on them."""

    model_config = ConfigDict(extra="forbid")

    label: str | None = Field(default=None, min_length=1, max_length=100)
    options: list[OptionText] | None = Field(
        default=None,
        max_length=200,
        description="The full new list; values using a removed option stay on contacts.",
    )
