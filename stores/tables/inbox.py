"""Tables of the unified inbox around conversations: teams, labels, private notes, canned
responses, stored attachments and the WhatsApp templates a workspace may send."""

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column, Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from stores.tables.column_types import created_at_field


class InboxTeam(SQLModel, table=True):
    """A group of agents a conversation can be assigned to (sales, support...)."""

    __tablename__ = "inbox_team"
    __table_args__ = (UniqueConstraint("workspace_id", "name"),)

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    workspace_id: uuid.UUID = Field(foreign_key="workspace.id", index=True)
    name: str = Field(max_length=100)
    created_at: datetime = created_at_field()


class InboxTeamMember(SQLModel, table=True):
    __tablename__ = "inbox_team_member"

    team_id: uuid.UUID = Field(foreign_key="inbox_team.id", primary_key=True)
    user_id: uuid.UUID = Field(foreign_key="user.id", primary_key=True, index=True)
    workspace_id: uuid.UUID = Field(foreign_key="workspace.id", index=True)


class ConversationLabel(SQLModel, table=True):
    __tablename__ = "conversation_label"
    __table_args__ = (Index("ix_conversation_label_ws_label", "workspace_id", "label"),)

    conversation_id: uuid.UUID = Field(foreign_key="conversation.id", primary_key=True)
    label: str = Field(max_length=50, primary_key=True)
    workspace_id: uuid.UUID = Field(foreign_key="workspace.id")


class ConversationNote(SQLModel, table=True):
    """A private note between agents; never sent to the contact."""

    __tablename__ = "conversation_note"
    __table_args__ = (Index("ix_conversation_note_conv", "conversation_id", "created_at"),)

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    workspace_id: uuid.UUID = Field(foreign_key="workspace.id", index=True)
    conversation_id: uuid.UUID = Field(foreign_key="conversation.id")
    author_user_id: uuid.UUID | None = Field(default=None, foreign_key="user.id")
    body: str = Field(max_length=4000)
    created_at: datetime = created_at_field()


class CannedResponse(SQLModel, table=True):
    """A saved answer agents insert by its shortcut (typing `/shortcut` in the composer)."""

    __tablename__ = "canned_response"
    __table_args__ = (UniqueConstraint("workspace_id", "shortcut"),)

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    workspace_id: uuid.UUID = Field(foreign_key="workspace.id", index=True)
    shortcut: str = Field(max_length=40)
    title: str = Field(max_length=100)
    body: str = Field(max_length=4096)
    created_at: datetime = created_at_field()
    updated_at: datetime = created_at_field()


class Attachment(SQLModel, table=True):
    """A file sent or received in a conversation, kept in the workspace's file storage."""

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    workspace_id: uuid.UUID = Field(foreign_key="workspace.id", index=True)
    storage_key: str = Field(max_length=300)
    filename: str = Field(max_length=255)
    mime_type: str = Field(max_length=200)
    size: int
    sha256: str = Field(max_length=64)
    uploaded_by_user_id: uuid.UUID | None = Field(default=None, foreign_key="user.id")
    created_at: datetime = created_at_field()


class MessageTemplateRecord(SQLModel, table=True):
    """A WhatsApp message template as Meta last told us (listing, or a status webhook)."""

    __tablename__ = "message_template"
    __table_args__ = (UniqueConstraint("channel_id", "name", "language"),)

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    workspace_id: uuid.UUID = Field(foreign_key="workspace.id", index=True)
    channel_id: uuid.UUID = Field(foreign_key="channel.id")
    provider_template_id: str = Field(max_length=100, index=True)
    name: str = Field(max_length=512)
    language: str = Field(max_length=15)
    status: str = Field(max_length=30, description="APPROVED, PENDING, REJECTED, PAUSED...")
    category: str | None = Field(default=None, max_length=30)
    components: list[dict[str, Any]] = Field(
        default_factory=list, sa_column=Column(JSON, nullable=False)
    )
    reason: str | None = Field(default=None, max_length=300)
    updated_at: datetime = created_at_field()
