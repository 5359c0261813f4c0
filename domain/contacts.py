"""Contacts as the API, the import and the channels hand them over, and as readers see them."""

import uuid
from datetime import datetime
from typing import Any

from pydantic import BaseModel, Field

from domain.custom_fields import FieldValue
from domain.enums import ChannelKind, ConsentStatus

# A contact's standard fields, in the order the UI and the CSV export show them: what a draft
# sets, an import column maps to and a flow reads or sets, beside custom fields.
STANDARD_FIELDS = ("name", "phone", "email", "language", "timezone", "country", "source")


class ContactDraft(BaseModel):
    """Normalised values to create or update one contact with (see `domain.contact_values`).

    `None` leaves a field as it is; a custom field mapped to `None` is cleared. Tags are added,
    never removed, by an upsert.
    """

    name: str | None = None
    phone: str | None = None
    email: str | None = None
    language: str | None = None
    timezone: str | None = None
    country: str | None = None
    source: str | None = None
    owner_user_id: uuid.UUID | None = None
    custom_fields: dict[str, FieldValue] = Field(default_factory=dict)
    tags: list[str] = Field(default_factory=list)

    def standard_values(self) -> dict[str, Any]:
        values = {name: getattr(self, name) for name in STANDARD_FIELDS}
        values["owner_user_id"] = self.owner_user_id
        return {name: value for name, value in values.items() if value is not None}


class IdentityPublic(BaseModel):
    channel_kind: ChannelKind
    external_id: str


class ConsentPublic(BaseModel):
    channel: ChannelKind
    status: ConsentStatus
    source: str
    proof: str
    updated_at: datetime


class ContactPublic(BaseModel):
    id: uuid.UUID
    name: str
    phone: str | None
    email: str | None
    language: str | None
    timezone: str | None
    country: str | None
    source: str
    owner_user_id: uuid.UUID | None
    custom_fields: dict[str, Any]
    tags: list[str]
    created_at: datetime
    updated_at: datetime
    last_seen_at: datetime | None
    last_inbound_at: datetime | None


class ContactDetail(ContactPublic):
    """One contact with everything its page shows beside the timeline."""

    identities: list[IdentityPublic]
    consent: list[ConsentPublic]
    suppressed: list[str] = Field(
        description="Which of the contact's addresses (phone, email) are on the suppression list."
    )
