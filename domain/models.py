"""Database tables. Every business row carries the workspace it belongs to."""

import secrets
import uuid
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, Column, Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from domain.secrets import EncryptedText
from domain.timeutil import UtcDateTime, utcnow


def new_webhook_key() -> str:
    """256 random bits, URL-safe: unguessable, so a webhook path alone names one channel."""
    return secrets.token_urlsafe(32)


def created_at_field() -> datetime:
    return Field(default_factory=utcnow, sa_column=Column(UtcDateTime(), nullable=False))  # type: ignore[no-any-return]


class Role(StrEnum):
    owner = "owner"
    admin = "admin"
    marketer = "marketer"
    agent = "agent"


class ChannelKind(StrEnum):
    webchat = "webchat"
    whatsapp = "whatsapp"
    email = "email"
    sms = "sms"


class ConversationStatus(StrEnum):
    open = "open"
    pending = "pending"
    snoozed = "snoozed"
    closed = "closed"


class ConversationMode(StrEnum):
    """Who answers: a chatbot flow, or the agents (a bot hands over; an agent hands back)."""

    bot = "bot"
    human = "human"


class MessageDirection(StrEnum):
    inbound = "inbound"
    outbound = "outbound"


class MessageStatus(StrEnum):
    received = "received"
    queued = "queued"
    sent = "sent"
    delivered = "delivered"
    read = "read"
    failed = "failed"


class Workspace(SQLModel, table=True):
    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    name: str = Field(max_length=200)
    default_country: str = Field(
        default="BR",
        max_length=2,
        description="ISO 3166 region assumed for phone numbers written without a country code.",
    )
    created_at: datetime = created_at_field()


class User(SQLModel, table=True):
    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    email: str = Field(max_length=320, unique=True, index=True)
    full_name: str = Field(default="", max_length=200)
    password_hash: str
    created_at: datetime = created_at_field()


class Membership(SQLModel, table=True):
    workspace_id: uuid.UUID = Field(foreign_key="workspace.id", primary_key=True)
    user_id: uuid.UUID = Field(foreign_key="user.id", primary_key=True, index=True)
    role: Role = Field(default=Role.agent)
    created_at: datetime = created_at_field()


class AuthSession(SQLModel, table=True):
    """A browser log-in; the cookie holds a random token, the table only its hash."""

    __tablename__ = "auth_session"

    token_hash: str = Field(primary_key=True, max_length=64)
    user_id: uuid.UUID = Field(foreign_key="user.id", index=True)
    workspace_id: uuid.UUID = Field(foreign_key="workspace.id", index=True)
    created_at: datetime = created_at_field()
    expires_at: datetime = Field(sa_column=Column(UtcDateTime(), nullable=False))


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


class Invitation(SQLModel, table=True):
    """An e-mail invited to a workspace with a role; the link carries a token, we keep its hash."""

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    workspace_id: uuid.UUID = Field(foreign_key="workspace.id", index=True)
    email: str = Field(max_length=320)
    role: Role
    token_hash: str = Field(max_length=64, unique=True)
    invited_by_user_id: uuid.UUID = Field(foreign_key="user.id")
    created_at: datetime = created_at_field()
    expires_at: datetime = Field(sa_column=Column(UtcDateTime(), nullable=False))
    accepted_at: datetime | None = Field(default=None, sa_column=Column(UtcDateTime()))
    revoked_at: datetime | None = Field(default=None, sa_column=Column(UtcDateTime()))


class ApiKey(SQLModel, table=True):
    """A workspace's key for integrations; shown once, stored as a hash, limited to its scopes."""

    __tablename__ = "api_key"

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    workspace_id: uuid.UUID = Field(foreign_key="workspace.id", index=True)
    name: str = Field(max_length=100)
    prefix: str = Field(max_length=16, description="The key's first characters, to recognise it.")
    key_hash: str = Field(max_length=64, unique=True)
    scopes: list[str] = Field(sa_column=Column(JSON, nullable=False))
    created_by_user_id: uuid.UUID = Field(foreign_key="user.id")
    created_at: datetime = created_at_field()
    last_used_at: datetime | None = Field(default=None, sa_column=Column(UtcDateTime()))
    revoked_at: datetime | None = Field(default=None, sa_column=Column(UtcDateTime()))


class AuditEvent(SQLModel, table=True):
    """A security-relevant or administrative action, for owners and admins to review."""

    __tablename__ = "audit_event"
    __table_args__ = (Index("ix_audit_event_ws_created", "workspace_id", "created_at"),)

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    workspace_id: uuid.UUID = Field(foreign_key="workspace.id")
    actor_user_id: uuid.UUID | None = Field(default=None, foreign_key="user.id")
    actor_api_key_id: uuid.UUID | None = Field(default=None, foreign_key="api_key.id")
    action: str = Field(max_length=64)
    target_type: str = Field(default="", max_length=64)
    target_id: str = Field(default="", max_length=100)
    details: dict[str, str] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    ip_address: str | None = Field(default=None, max_length=64)
    created_at: datetime = created_at_field()


class PasswordResetToken(SQLModel, table=True):
    """A one-time, short-lived password reset link (its hash)."""

    __tablename__ = "password_reset_token"

    token_hash: str = Field(primary_key=True, max_length=64)
    user_id: uuid.UUID = Field(foreign_key="user.id", index=True)
    created_at: datetime = created_at_field()
    expires_at: datetime = Field(sa_column=Column(UtcDateTime(), nullable=False))
    used_at: datetime | None = Field(default=None, sa_column=Column(UtcDateTime()))


# Conversations reference contacts: their tables must be on the same metadata wherever rows are
# written, so importing the models registers them too.
import domain.contact_tables  # noqa: E402
import domain.flow_tables  # noqa: E402
import domain.inbox_tables  # noqa: E402, F401
