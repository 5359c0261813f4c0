"""inbox: conversation status, assignee, mode and labels; notes, canned responses, teams,
attachments, WhatsApp templates; rich message content and provider delivery fields

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-30 02:54:50.774128
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op
from sqlalchemy.dialects import postgresql

import stores.tables.column_types

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

CONVERSATION_STATUSES = ("open", "pending", "snoozed", "closed")
CONVERSATION_MODES = ("bot", "human")


def _is_postgres() -> bool:
    return op.get_bind().dialect.name == "postgresql"


def _widen_conversation_status() -> None:
    if _is_postgres():
        # 0001 created the type; a new value is usable once this migration's transaction ends.
        for value in ("pending", "snoozed"):
            op.execute(f"ALTER TYPE conversationstatus ADD VALUE IF NOT EXISTS '{value}'")
        return
    with op.batch_alter_table("conversation", schema=None) as batch_op:
        batch_op.alter_column(
            "status",
            existing_type=sa.VARCHAR(length=6),
            type_=sa.Enum(*CONVERSATION_STATUSES, name="conversationstatus"),
            existing_nullable=False,
        )


def _conversation_mode() -> sa.types.TypeEngine[str]:
    if _is_postgres():
        postgresql.ENUM(*CONVERSATION_MODES, name="conversationmode").create(
            op.get_bind(), checkfirst=True
        )
    return sa.Enum(*CONVERSATION_MODES, name="conversationmode").with_variant(
        postgresql.ENUM(*CONVERSATION_MODES, name="conversationmode", create_type=False),
        "postgresql",
    )


def upgrade() -> None:
    op.create_table(
        "attachment",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("workspace_id", sa.Uuid(), nullable=False),
        sa.Column("storage_key", sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
        sa.Column("filename", sqlmodel.sql.sqltypes.AutoString(length=255), nullable=False),
        sa.Column("mime_type", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("sha256", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("uploaded_by_user_id", sa.Uuid(), nullable=True),
        sa.Column(
            "created_at", stores.tables.column_types.UtcDateTime(timezone=True), nullable=False
        ),
        sa.ForeignKeyConstraint(
            ["uploaded_by_user_id"],
            ["user.id"],
        ),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspace.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("attachment", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_attachment_workspace_id"), ["workspace_id"], unique=False
        )

    op.create_table(
        "canned_response",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("workspace_id", sa.Uuid(), nullable=False),
        sa.Column("shortcut", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("title", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column("body", sqlmodel.sql.sqltypes.AutoString(length=4096), nullable=False),
        sa.Column(
            "created_at", stores.tables.column_types.UtcDateTime(timezone=True), nullable=False
        ),
        sa.Column(
            "updated_at", stores.tables.column_types.UtcDateTime(timezone=True), nullable=False
        ),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspace.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("workspace_id", "shortcut"),
    )
    with op.batch_alter_table("canned_response", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_canned_response_workspace_id"), ["workspace_id"], unique=False
        )

    op.create_table(
        "inbox_team",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("workspace_id", sa.Uuid(), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column(
            "created_at", stores.tables.column_types.UtcDateTime(timezone=True), nullable=False
        ),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspace.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("workspace_id", "name"),
    )
    with op.batch_alter_table("inbox_team", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_inbox_team_workspace_id"), ["workspace_id"], unique=False
        )

    op.create_table(
        "inbox_team_member",
        sa.Column("team_id", sa.Uuid(), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("workspace_id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["team_id"],
            ["inbox_team.id"],
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["user.id"],
        ),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspace.id"],
        ),
        sa.PrimaryKeyConstraint("team_id", "user_id"),
    )
    with op.batch_alter_table("inbox_team_member", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_inbox_team_member_user_id"), ["user_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_inbox_team_member_workspace_id"), ["workspace_id"], unique=False
        )

    op.create_table(
        "message_template",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("workspace_id", sa.Uuid(), nullable=False),
        sa.Column("channel_id", sa.Uuid(), nullable=False),
        sa.Column(
            "provider_template_id", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False
        ),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=512), nullable=False),
        sa.Column("language", sqlmodel.sql.sqltypes.AutoString(length=15), nullable=False),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(length=30), nullable=False),
        sa.Column("category", sqlmodel.sql.sqltypes.AutoString(length=30), nullable=True),
        sa.Column("components", sa.JSON(), nullable=False),
        sa.Column("reason", sqlmodel.sql.sqltypes.AutoString(length=300), nullable=True),
        sa.Column(
            "updated_at", stores.tables.column_types.UtcDateTime(timezone=True), nullable=False
        ),
        sa.ForeignKeyConstraint(
            ["channel_id"],
            ["channel.id"],
        ),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspace.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("channel_id", "name", "language"),
    )
    with op.batch_alter_table("message_template", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_message_template_provider_template_id"),
            ["provider_template_id"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_message_template_workspace_id"), ["workspace_id"], unique=False
        )

    op.create_table(
        "conversation_label",
        sa.Column("conversation_id", sa.Uuid(), nullable=False),
        sa.Column("label", sqlmodel.sql.sqltypes.AutoString(length=50), nullable=False),
        sa.Column("workspace_id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["conversation_id"],
            ["conversation.id"],
        ),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspace.id"],
        ),
        sa.PrimaryKeyConstraint("conversation_id", "label"),
    )
    with op.batch_alter_table("conversation_label", schema=None) as batch_op:
        batch_op.create_index(
            "ix_conversation_label_ws_label", ["workspace_id", "label"], unique=False
        )

    op.create_table(
        "conversation_note",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("workspace_id", sa.Uuid(), nullable=False),
        sa.Column("conversation_id", sa.Uuid(), nullable=False),
        sa.Column("author_user_id", sa.Uuid(), nullable=True),
        sa.Column("body", sqlmodel.sql.sqltypes.AutoString(length=4000), nullable=False),
        sa.Column(
            "created_at", stores.tables.column_types.UtcDateTime(timezone=True), nullable=False
        ),
        sa.ForeignKeyConstraint(
            ["author_user_id"],
            ["user.id"],
        ),
        sa.ForeignKeyConstraint(
            ["conversation_id"],
            ["conversation.id"],
        ),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspace.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("conversation_note", schema=None) as batch_op:
        batch_op.create_index(
            "ix_conversation_note_conv", ["conversation_id", "created_at"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_conversation_note_workspace_id"), ["workspace_id"], unique=False
        )

    _widen_conversation_status()
    with op.batch_alter_table("conversation", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "snoozed_until",
                stores.tables.column_types.UtcDateTime(timezone=True),
                nullable=True,
            )
        )
        batch_op.add_column(
            sa.Column("mode", _conversation_mode(), nullable=False, server_default="human")
        )
        batch_op.add_column(sa.Column("assignee_user_id", sa.Uuid(), nullable=True))
        batch_op.add_column(sa.Column("assignee_team_id", sa.Uuid(), nullable=True))
        batch_op.add_column(
            sa.Column(
                "last_inbound_at",
                stores.tables.column_types.UtcDateTime(timezone=True),
                nullable=True,
            )
        )
        batch_op.create_foreign_key(
            "fk_conversation_assignee_user", "user", ["assignee_user_id"], ["id"]
        )
        batch_op.create_foreign_key(
            "fk_conversation_assignee_team", "inbox_team", ["assignee_team_id"], ["id"]
        )
        batch_op.create_index("ix_conversation_ws_status", ["workspace_id", "status"], unique=False)

    with op.batch_alter_table("message", schema=None) as batch_op:
        batch_op.add_column(sa.Column("content", sa.JSON(), nullable=True))
        batch_op.add_column(
            sa.Column(
                "status_at", stores.tables.column_types.UtcDateTime(timezone=True), nullable=True
            )
        )
        batch_op.add_column(
            sa.Column(
                "provider_message_id", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True
            )
        )
        batch_op.add_column(
            sa.Column(
                "send_attempted_at",
                stores.tables.column_types.UtcDateTime(timezone=True),
                nullable=True,
            )
        )
        batch_op.add_column(
            sa.Column("error_code", sqlmodel.sql.sqltypes.AutoString(length=50), nullable=True)
        )
        batch_op.add_column(
            sa.Column("error_message", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=True)
        )
        batch_op.alter_column(
            "client_message_id",
            existing_type=sa.VARCHAR(length=100),
            type_=sqlmodel.sql.sqltypes.AutoString(length=200),
            existing_nullable=False,
        )
        batch_op.create_index(
            "ix_message_provider_id", ["workspace_id", "provider_message_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("message", schema=None) as batch_op:
        batch_op.drop_index("ix_message_provider_id")
        batch_op.alter_column(
            "client_message_id",
            existing_type=sqlmodel.sql.sqltypes.AutoString(length=200),
            type_=sa.VARCHAR(length=100),
            existing_nullable=False,
        )
        batch_op.drop_column("error_message")
        batch_op.drop_column("error_code")
        batch_op.drop_column("send_attempted_at")
        batch_op.drop_column("provider_message_id")
        batch_op.drop_column("status_at")
        batch_op.drop_column("content")

    with op.batch_alter_table("conversation", schema=None) as batch_op:
        batch_op.drop_index("ix_conversation_ws_status")
        batch_op.drop_constraint("fk_conversation_assignee_team", type_="foreignkey")
        batch_op.drop_constraint("fk_conversation_assignee_user", type_="foreignkey")
        batch_op.drop_column("last_inbound_at")
        batch_op.drop_column("assignee_team_id")
        batch_op.drop_column("assignee_user_id")
        batch_op.drop_column("mode")
        batch_op.drop_column("snoozed_until")
    # PostgreSQL cannot drop values from `conversationstatus`; the extra values are harmless.

    with op.batch_alter_table("conversation_note", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_conversation_note_workspace_id"))
        batch_op.drop_index("ix_conversation_note_conv")

    op.drop_table("conversation_note")
    with op.batch_alter_table("conversation_label", schema=None) as batch_op:
        batch_op.drop_index("ix_conversation_label_ws_label")

    op.drop_table("conversation_label")
    with op.batch_alter_table("message_template", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_message_template_workspace_id"))
        batch_op.drop_index(batch_op.f("ix_message_template_provider_template_id"))

    op.drop_table("message_template")
    with op.batch_alter_table("inbox_team_member", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_inbox_team_member_workspace_id"))
        batch_op.drop_index(batch_op.f("ix_inbox_team_member_user_id"))

    op.drop_table("inbox_team_member")
    with op.batch_alter_table("inbox_team", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_inbox_team_workspace_id"))

    op.drop_table("inbox_team")
    with op.batch_alter_table("canned_response", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_canned_response_workspace_id"))

    op.drop_table("canned_response")
    with op.batch_alter_table("attachment", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_attachment_workspace_id"))

    op.drop_table("attachment")
    if _is_postgres():
        sa.Enum(name="conversationmode").drop(op.get_bind(), checkfirst=True)
