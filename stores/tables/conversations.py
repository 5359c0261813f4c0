"""Channels, the conversations on them and their messages. Every row carries its workspace."""

import secrets
import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column, Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from domain.enums import (
    ChannelKind,
    ConversationMode,
    ConversationStatus,
    MessageDirection,
    MessageStatus,
)
from infra.secrets import EncryptedText
from stores.tables.column_types import UtcDateTime, created_at_field


def new_webhook_key() -> str:
    """256 random bits, URL-safe: unguessable, so a webhook path alone names one channel."""
    return secrets.token_urlsafe(32)


class Channel(SQLModel, table=True):
    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    workspace_id: uuid.UUID = Field(foreign_key="workspace.id", index=True)
    kind: ChannelKind
    name: str = Field(max_length=200)
    public_key: str = Field(
        max_length=64,
        unique=True,
        description="Identifies the channel to anonymous clients such as the web chat widget.",
    )
    credentials: str | None = Field(
        default=None,
        sa_column=Column(EncryptedText(), nullable=True),
        description="The provider credentials as JSON (`domain.channel_credentials`), encrypted.",
    )
    webhook_key: str = Field(
        default_factory=new_webhook_key,
        max_length=64,
        unique=True,
        description="The path segment providers call, naming this channel (and its workspace).",
    )
    verify_token: str = Field(
        default_factory=new_webhook_key,
        max_length=64,
        description="What WhatsApp echoes as hub.verify_token when its webhook is configured.",
    )
    allowed_origins: list[str] = Field(
        default_factory=list,
        sa_column=Column(JSON, nullable=False, server_default="[]"),
        description="Web chat: the website origins (`domain.web_origins`) that may embed the "
        "widget; empty allows any.",
    )
    created_by_user_id: uuid.UUID | None = Field(default=None, foreign_key="user.id")
    created_at: datetime = created_at_field()
    updated_at: datetime = created_at_field()


class Conversation(SQLModel, table=True):
    __table_args__ = (
        Index("ix_conversation_ws_last", "workspace_id", "last_message_at"),
        Index("ix_conversation_ws_status", "workspace_id", "status"),
    )

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    workspace_id: uuid.UUID = Field(foreign_key="workspace.id")
    channel_id: uuid.UUID = Field(foreign_key="channel.id")
    contact_id: uuid.UUID = Field(foreign_key="contact.id", index=True)
    contact_key: str = Field(max_length=200, description="The channel's id for the contact.")
    workflow_id: str = Field(max_length=400, unique=True)
    status: ConversationStatus = Field(default=ConversationStatus.open)
    snoozed_until: datetime | None = Field(default=None, sa_column=Column(UtcDateTime()))
    mode: ConversationMode = Field(default=ConversationMode.human)
    assignee_user_id: uuid.UUID | None = Field(default=None, foreign_key="user.id")
    assignee_team_id: uuid.UUID | None = Field(default=None, foreign_key="inbox_team.id")
    unread_count: int = Field(default=0)
    last_message_preview: str = Field(default="", max_length=200)
    last_message_at: datetime | None = Field(default=None, sa_column=Column(UtcDateTime()))
    last_inbound_at: datetime | None = Field(
        default=None,
        sa_column=Column(UtcDateTime()),
        description="Opens WhatsApp's 24-hour customer-service window.",
    )
    created_at: datetime = created_at_field()


class Message(SQLModel, table=True):
    __table_args__ = (
        # A client retry (same client message id) can never store a second row.
        UniqueConstraint("conversation_id", "direction", "client_message_id"),
        Index("ix_message_conversation_created", "conversation_id", "created_at"),
        # Provider status callbacks name the message by the provider's id.
        Index("ix_message_provider_id", "workspace_id", "provider_message_id"),
    )

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    workspace_id: uuid.UUID = Field(foreign_key="workspace.id", index=True)
    conversation_id: uuid.UUID = Field(foreign_key="conversation.id")
    direction: MessageDirection
    author_user_id: uuid.UUID | None = Field(default=None, foreign_key="user.id")
    text: str = Field(max_length=4096, description="The content in one line, for lists and search.")
    content: dict[str, Any] | None = Field(
        default=None,
        sa_column=Column(JSON, nullable=True),
        description="`domain.message_content.MessageContent` as JSON; None is plain `text`.",
    )
    client_message_id: str = Field(max_length=200)
    status: MessageStatus
    status_at: datetime | None = Field(default=None, sa_column=Column(UtcDateTime()))
    provider_message_id: str | None = Field(default=None, max_length=200)
    send_attempted_at: datetime | None = Field(
        default=None,
        sa_column=Column(UtcDateTime()),
        description="Set before the provider is called: a retry that finds it set and no "
        "provider id cannot know whether the first call went through.",
    )
    error_code: str | None = Field(default=None, max_length=50)
    error_message: str | None = Field(default=None, max_length=500)
    recorded_by: str | None = Field(
        default=None,
        max_length=200,
        description="Which handling stored an inbound message (workflow run and message): "
        "its own retry is not a provider's duplicate.",
    )
    created_at: datetime = created_at_field()
