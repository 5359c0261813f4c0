"""Workspaces, users and what they may do: memberships, log-in sessions, invitations, API keys,
the audit log and password resets."""

import uuid
from datetime import datetime

from sqlalchemy import JSON, Column, Index
from sqlmodel import Field, SQLModel

from domain.enums import (
    Role,
)
from infra.secrets import EncryptedText
from stores.tables.column_types import UtcDateTime, created_at_field


class Workspace(SQLModel, table=True):
    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    name: str = Field(max_length=200)
    default_country: str = Field(
        default="BR",
        max_length=2,
        description="ISO 3166 region assumed for phone numbers written without a country code.",
    )
    proactive_needs_opt_in: bool = Field(
        default=True,
        description=(
            "Proactive WhatsApp and SMS sends (flows started from outside, automations, "
            "broadcasts) go only to contacts with a recorded opt-in on the channel."
        ),
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


class EncryptionKey(SQLModel, table=True):
    """A data key for Temporal payloads: one scope per workspace (its id) plus `system`,
    wrapped by the master keys (the column is encrypted). Deleting a scope's rows destroys it."""

    __tablename__ = "encryption_key"

    scope: str = Field(primary_key=True, max_length=40)
    key_id: int = Field(primary_key=True)
    wrapped_key: str = Field(sa_column=Column(EncryptedText(), nullable=False))
    created_at: datetime = created_at_field()
