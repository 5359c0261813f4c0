"""The CRM's tables: contacts, their identities, tags, custom fields, consent, notes, timeline,
segments, the suppression list and CSV imports. Every row carries its workspace."""

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column, ForeignKey, Index, PrimaryKeyConstraint, UniqueConstraint, Uuid
from sqlmodel import Field, SQLModel

from domain.enums import (
    ChannelKind,
    ConsentStatus,
    CustomFieldType,
    ImportStatus,
    SuppressionKind,
)
from stores.tables.column_types import JsonDocument, UtcDateTime, created_at_field


def _optional_time() -> Any:
    return Field(default=None, sa_column=Column(UtcDateTime()))


class Contact(SQLModel, table=True):
    __table_args__ = (
        # Phone and e-mail identify a person within a workspace: dedupe and upsert rely on it.
        UniqueConstraint("workspace_id", "phone", name="uq_contact_workspace_phone"),
        UniqueConstraint("workspace_id", "email", name="uq_contact_workspace_email"),
        # Keyset pagination on every sortable standard field ends with the id.
        Index("ix_contact_ws_created", "workspace_id", "created_at", "id"),
        Index("ix_contact_ws_updated", "workspace_id", "updated_at", "id"),
        Index("ix_contact_ws_name", "workspace_id", "name", "id"),
        Index("ix_contact_ws_last_seen", "workspace_id", "last_seen_at", "id"),
        Index("ix_contact_ws_last_inbound", "workspace_id", "last_inbound_at", "id"),
        Index(
            "ix_contact_custom_fields",
            "custom_fields",
            postgresql_using="gin",
            postgresql_ops={"custom_fields": "jsonb_path_ops"},
            info={"only_on": "postgresql"},
        ),
    )

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    workspace_id: uuid.UUID = Field(foreign_key="workspace.id")
    name: str = Field(default="", max_length=200)
    phone: str | None = Field(
        default=None, max_length=20, description="E.164, e.g. +5511987654321."
    )
    email: str | None = Field(default=None, max_length=320, description="Lower-cased.")
    language: str | None = Field(default=None, max_length=16, description="BCP 47, e.g. pt-BR.")
    timezone: str | None = Field(
        default=None, max_length=64, description="IANA, e.g. America/Sao_Paulo."
    )
    country: str | None = Field(default=None, max_length=2, description="ISO 3166-1 alpha-2.")
    source: str = Field(default="", max_length=64, description="Where the contact came from.")
    owner_user_id: uuid.UUID | None = Field(
        default=None,
        sa_column=Column(Uuid(), ForeignKey("user.id", name="fk_contact_owner_user_id")),
    )
    custom_fields: dict[str, Any] = Field(
        default_factory=dict, sa_column=Column(JsonDocument, nullable=False)
    )
    created_at: datetime = created_at_field()
    updated_at: datetime = created_at_field()
    last_seen_at: datetime | None = _optional_time()
    last_inbound_at: datetime | None = _optional_time()
    erased_at: datetime | None = _optional_time()


class ContactIdentity(SQLModel, table=True):
    """How a channel knows a contact: a web chat visitor id, a WhatsApp id, an address."""

    __tablename__ = "contact_identity"
    __table_args__ = (UniqueConstraint("workspace_id", "channel_kind", "external_id"),)

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    workspace_id: uuid.UUID = Field(foreign_key="workspace.id")
    contact_id: uuid.UUID = Field(foreign_key="contact.id", index=True)
    channel_kind: ChannelKind
    external_id: str = Field(max_length=200)


class ContactTag(SQLModel, table=True):
    __tablename__ = "contact_tag"
    __table_args__ = (
        PrimaryKeyConstraint("contact_id", "tag"),
        Index("ix_contact_tag_ws_tag", "workspace_id", "tag", "contact_id"),
    )

    contact_id: uuid.UUID = Field(foreign_key="contact.id")
    tag: str = Field(max_length=64)
    workspace_id: uuid.UUID = Field(foreign_key="workspace.id")
    created_at: datetime = created_at_field()


class CustomField(SQLModel, table=True):
    """A field a workspace defines for its contacts; values live in `Contact.custom_fields`."""

    __tablename__ = "custom_field"
    __table_args__ = (UniqueConstraint("workspace_id", "key"),)

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    workspace_id: uuid.UUID = Field(foreign_key="workspace.id", index=True)
    key: str = Field(max_length=64)
    label: str = Field(max_length=100)
    type: CustomFieldType
    options: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    created_at: datetime = created_at_field()


class ContactConsent(SQLModel, table=True):
    """A contact's current consent on one channel; its history is in the timeline."""

    __tablename__ = "contact_consent"
    __table_args__ = (
        PrimaryKeyConstraint("contact_id", "channel"),
        Index("ix_contact_consent_ws_channel", "workspace_id", "channel", "status"),
    )

    contact_id: uuid.UUID = Field(foreign_key="contact.id")
    channel: ChannelKind
    workspace_id: uuid.UUID = Field(foreign_key="workspace.id")
    status: ConsentStatus
    source: str = Field(max_length=100, description="How it was given: form, import, keyword…")
    proof: str = Field(default="", max_length=2000, description="Evidence: text, IP, URL.")
    updated_at: datetime = created_at_field()


class Suppression(SQLModel, table=True):
    """An address the workspace must never message, whoever it belongs to."""

    __table_args__ = (UniqueConstraint("workspace_id", "kind", "value"),)

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    workspace_id: uuid.UUID = Field(foreign_key="workspace.id")
    kind: SuppressionKind
    value: str = Field(max_length=320, description="E.164 phone or lower-cased e-mail.")
    reason: str = Field(default="", max_length=200)
    created_by_user_id: uuid.UUID | None = Field(default=None, foreign_key="user.id")
    created_at: datetime = created_at_field()


class ContactNote(SQLModel, table=True):
    __tablename__ = "contact_note"

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    workspace_id: uuid.UUID = Field(foreign_key="workspace.id")
    contact_id: uuid.UUID = Field(foreign_key="contact.id", index=True)
    author_user_id: uuid.UUID | None = Field(default=None, foreign_key="user.id")
    text: str = Field(max_length=5000)
    created_at: datetime = created_at_field()


class ContactEvent(SQLModel, table=True):
    """One line of a contact's timeline (messages come from their own table)."""

    __tablename__ = "contact_event"
    __table_args__ = (Index("ix_contact_event_contact_created", "contact_id", "created_at"),)

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    workspace_id: uuid.UUID = Field(foreign_key="workspace.id")
    contact_id: uuid.UUID = Field(foreign_key="contact.id")
    kind: str = Field(max_length=64, description="created, field_changed, tag_added, …")
    details: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    actor_user_id: uuid.UUID | None = Field(default=None, foreign_key="user.id")
    workflow_id: str | None = Field(default=None, max_length=400)
    run_id: str | None = Field(default=None, max_length=100)
    created_at: datetime = created_at_field()


class Segment(SQLModel, table=True):
    """A saved filter (`domain.segments.SegmentFilter` as JSON)."""

    __table_args__ = (UniqueConstraint("workspace_id", "name"),)

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    workspace_id: uuid.UUID = Field(foreign_key="workspace.id", index=True)
    name: str = Field(max_length=100)
    filter: dict[str, Any] = Field(sa_column=Column(JSON, nullable=False))
    created_by_user_id: uuid.UUID | None = Field(default=None, foreign_key="user.id")
    created_at: datetime = created_at_field()
    updated_at: datetime = created_at_field()


class ContactImport(SQLModel, table=True):
    """A CSV file being imported by `ContactImportWorkflow`; counters are its progress."""

    __tablename__ = "contact_import"
    __table_args__ = (Index("ix_contact_import_ws_created", "workspace_id", "created_at"),)

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    workspace_id: uuid.UUID = Field(foreign_key="workspace.id")
    created_by_user_id: uuid.UUID | None = Field(default=None, foreign_key="user.id")
    filename: str = Field(max_length=255)
    storage_key: str = Field(max_length=400, description="Where the uploaded file is kept.")
    size_bytes: int = 0
    columns: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    total_rows: int = 0
    mapping: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    options: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    status: ImportStatus = Field(default=ImportStatus.uploaded)
    workflow_id: str | None = Field(default=None, max_length=400)
    next_offset: int = Field(default=0, description="Byte offset of the first row not yet done.")
    processed_rows: int = 0
    created_count: int = 0
    updated_count: int = 0
    error_count: int = 0
    failure_message: str = Field(default="", max_length=2000)
    created_at: datetime = created_at_field()
    started_at: datetime | None = _optional_time()
    finished_at: datetime | None = _optional_time()


class ContactImportError(SQLModel, table=True):
    """A row that could not be imported, with the values as given, for the error report."""

    __tablename__ = "contact_import_error"
    __table_args__ = (Index("ix_contact_import_error_import_row", "import_id", "row_number"),)

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    workspace_id: uuid.UUID = Field(foreign_key="workspace.id")
    import_id: uuid.UUID = Field(foreign_key="contact_import.id")
    row_number: int = Field(description="1-based line number in the file, the header being 1.")
    values: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    errors: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
