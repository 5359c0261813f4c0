"""contacts crm: standard and custom fields, tags, consent, suppression, notes, timeline,
segments, CSV imports; channel kinds for WhatsApp, e-mail and SMS

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-30 00:09:58.062100
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op
from sqlalchemy.dialects import postgresql

import stores.tables.column_types

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


CHANNEL_KINDS = ("webchat", "whatsapp", "email", "sms")
NEW_ENUMS = ("importstatus", "customfieldtype", "suppressionkind", "consentstatus")


def _is_postgres() -> bool:
    return op.get_bind().dialect.name == "postgresql"


def _channel_kind() -> sa.types.TypeEngine[str]:
    # 0001 created the `channelkind` type on PostgreSQL; upgrade() adds the new values to it.
    return sa.Enum(*CHANNEL_KINDS, name="channelkind").with_variant(
        postgresql.ENUM(*CHANNEL_KINDS, name="channelkind", create_type=False), "postgresql"
    )


def _widen_channel_kind() -> None:
    if _is_postgres():
        for value in CHANNEL_KINDS[1:]:
            op.execute(f"ALTER TYPE channelkind ADD VALUE IF NOT EXISTS '{value}'")
        return
    # SQLite stores the enum as VARCHAR sized to its longest value.
    for table, column in (("channel", "kind"), ("contact_identity", "channel_kind")):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.alter_column(
                column,
                existing_type=sa.VARCHAR(length=7),
                type_=sa.Enum(*CHANNEL_KINDS, name="channelkind"),
                existing_nullable=False,
            )


def upgrade() -> None:
    _widen_channel_kind()
    op.create_table(
        "contact_import",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("workspace_id", sa.Uuid(), nullable=False),
        sa.Column("created_by_user_id", sa.Uuid(), nullable=True),
        sa.Column("filename", sqlmodel.sql.sqltypes.AutoString(length=255), nullable=False),
        sa.Column("storage_key", sqlmodel.sql.sqltypes.AutoString(length=400), nullable=False),
        sa.Column("size_bytes", sa.Integer(), nullable=False),
        sa.Column("columns", sa.JSON(), nullable=False),
        sa.Column("total_rows", sa.Integer(), nullable=False),
        sa.Column("mapping", sa.JSON(), nullable=False),
        sa.Column("options", sa.JSON(), nullable=False),
        sa.Column(
            "status",
            sa.Enum("uploaded", "running", "completed", "failed", "cancelled", name="importstatus"),
            nullable=False,
        ),
        sa.Column("workflow_id", sqlmodel.sql.sqltypes.AutoString(length=400), nullable=True),
        sa.Column("next_offset", sa.Integer(), nullable=False),
        sa.Column("processed_rows", sa.Integer(), nullable=False),
        sa.Column("created_count", sa.Integer(), nullable=False),
        sa.Column("updated_count", sa.Integer(), nullable=False),
        sa.Column("error_count", sa.Integer(), nullable=False),
        sa.Column("failure_message", sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=False),
        sa.Column(
            "created_at", stores.tables.column_types.UtcDateTime(timezone=True), nullable=False
        ),
        sa.Column(
            "started_at", stores.tables.column_types.UtcDateTime(timezone=True), nullable=True
        ),
        sa.Column(
            "finished_at", stores.tables.column_types.UtcDateTime(timezone=True), nullable=True
        ),
        sa.ForeignKeyConstraint(
            ["created_by_user_id"],
            ["user.id"],
        ),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspace.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("contact_import", schema=None) as batch_op:
        batch_op.create_index(
            "ix_contact_import_ws_created", ["workspace_id", "created_at"], unique=False
        )

    op.create_table(
        "custom_field",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("workspace_id", sa.Uuid(), nullable=False),
        sa.Column("key", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("label", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column(
            "type",
            sa.Enum(
                "text",
                "number",
                "boolean",
                "date",
                "datetime",
                "single_select",
                "multi_select",
                "url",
                name="customfieldtype",
            ),
            nullable=False,
        ),
        sa.Column("options", sa.JSON(), nullable=False),
        sa.Column(
            "created_at", stores.tables.column_types.UtcDateTime(timezone=True), nullable=False
        ),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspace.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("workspace_id", "key"),
    )
    with op.batch_alter_table("custom_field", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_custom_field_workspace_id"), ["workspace_id"], unique=False
        )

    op.create_table(
        "segment",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("workspace_id", sa.Uuid(), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column("filter", sa.JSON(), nullable=False),
        sa.Column("created_by_user_id", sa.Uuid(), nullable=True),
        sa.Column(
            "created_at", stores.tables.column_types.UtcDateTime(timezone=True), nullable=False
        ),
        sa.Column(
            "updated_at", stores.tables.column_types.UtcDateTime(timezone=True), nullable=False
        ),
        sa.ForeignKeyConstraint(
            ["created_by_user_id"],
            ["user.id"],
        ),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspace.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("workspace_id", "name"),
    )
    with op.batch_alter_table("segment", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_segment_workspace_id"), ["workspace_id"], unique=False)

    op.create_table(
        "suppression",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("workspace_id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.Enum("phone", "email", name="suppressionkind"), nullable=False),
        sa.Column("value", sqlmodel.sql.sqltypes.AutoString(length=320), nullable=False),
        sa.Column("reason", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("created_by_user_id", sa.Uuid(), nullable=True),
        sa.Column(
            "created_at", stores.tables.column_types.UtcDateTime(timezone=True), nullable=False
        ),
        sa.ForeignKeyConstraint(
            ["created_by_user_id"],
            ["user.id"],
        ),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspace.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("workspace_id", "kind", "value"),
    )
    op.create_table(
        "contact_consent",
        sa.Column("contact_id", sa.Uuid(), nullable=False),
        sa.Column("channel", _channel_kind(), nullable=False),
        sa.Column("workspace_id", sa.Uuid(), nullable=False),
        sa.Column("status", sa.Enum("opted_in", "opted_out", name="consentstatus"), nullable=False),
        sa.Column("source", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column("proof", sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=False),
        sa.Column(
            "updated_at", stores.tables.column_types.UtcDateTime(timezone=True), nullable=False
        ),
        sa.ForeignKeyConstraint(
            ["contact_id"],
            ["contact.id"],
        ),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspace.id"],
        ),
        sa.PrimaryKeyConstraint("contact_id", "channel"),
    )
    with op.batch_alter_table("contact_consent", schema=None) as batch_op:
        batch_op.create_index(
            "ix_contact_consent_ws_channel", ["workspace_id", "channel", "status"], unique=False
        )

    op.create_table(
        "contact_event",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("workspace_id", sa.Uuid(), nullable=False),
        sa.Column("contact_id", sa.Uuid(), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("details", sa.JSON(), nullable=False),
        sa.Column("actor_user_id", sa.Uuid(), nullable=True),
        sa.Column("workflow_id", sqlmodel.sql.sqltypes.AutoString(length=400), nullable=True),
        sa.Column("run_id", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=True),
        sa.Column(
            "created_at", stores.tables.column_types.UtcDateTime(timezone=True), nullable=False
        ),
        sa.ForeignKeyConstraint(
            ["actor_user_id"],
            ["user.id"],
        ),
        sa.ForeignKeyConstraint(
            ["contact_id"],
            ["contact.id"],
        ),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspace.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("contact_event", schema=None) as batch_op:
        batch_op.create_index(
            "ix_contact_event_contact_created", ["contact_id", "created_at"], unique=False
        )

    op.create_table(
        "contact_import_error",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("workspace_id", sa.Uuid(), nullable=False),
        sa.Column("import_id", sa.Uuid(), nullable=False),
        sa.Column("row_number", sa.Integer(), nullable=False),
        sa.Column("values", sa.JSON(), nullable=False),
        sa.Column("errors", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["import_id"],
            ["contact_import.id"],
        ),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspace.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("contact_import_error", schema=None) as batch_op:
        batch_op.create_index(
            "ix_contact_import_error_import_row", ["import_id", "row_number"], unique=False
        )

    op.create_table(
        "contact_note",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("workspace_id", sa.Uuid(), nullable=False),
        sa.Column("contact_id", sa.Uuid(), nullable=False),
        sa.Column("author_user_id", sa.Uuid(), nullable=True),
        sa.Column("text", sqlmodel.sql.sqltypes.AutoString(length=5000), nullable=False),
        sa.Column(
            "created_at", stores.tables.column_types.UtcDateTime(timezone=True), nullable=False
        ),
        sa.ForeignKeyConstraint(
            ["author_user_id"],
            ["user.id"],
        ),
        sa.ForeignKeyConstraint(
            ["contact_id"],
            ["contact.id"],
        ),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspace.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("contact_note", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_contact_note_contact_id"), ["contact_id"], unique=False
        )

    op.create_table(
        "contact_tag",
        sa.Column("contact_id", sa.Uuid(), nullable=False),
        sa.Column("tag", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("workspace_id", sa.Uuid(), nullable=False),
        sa.Column(
            "created_at", stores.tables.column_types.UtcDateTime(timezone=True), nullable=False
        ),
        sa.ForeignKeyConstraint(
            ["contact_id"],
            ["contact.id"],
        ),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspace.id"],
        ),
        sa.PrimaryKeyConstraint("contact_id", "tag"),
    )
    with op.batch_alter_table("contact_tag", schema=None) as batch_op:
        batch_op.create_index(
            "ix_contact_tag_ws_tag", ["workspace_id", "tag", "contact_id"], unique=False
        )

    with op.batch_alter_table("contact", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("phone", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=True)
        )
        batch_op.add_column(
            sa.Column("email", sqlmodel.sql.sqltypes.AutoString(length=320), nullable=True)
        )
        batch_op.add_column(
            sa.Column("language", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=True)
        )
        batch_op.add_column(
            sa.Column("timezone", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True)
        )
        batch_op.add_column(
            sa.Column("country", sqlmodel.sql.sqltypes.AutoString(length=2), nullable=True)
        )
        batch_op.add_column(
            sa.Column(
                "source",
                sqlmodel.sql.sqltypes.AutoString(length=64),
                nullable=False,
                server_default="",
            )
        )
        batch_op.add_column(sa.Column("owner_user_id", sa.Uuid(), nullable=True))
        batch_op.add_column(
            sa.Column(
                "custom_fields",
                sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
                nullable=False,
                server_default=sa.text("'{}'"),
            )
        )
        batch_op.add_column(
            sa.Column(
                "updated_at", stores.tables.column_types.UtcDateTime(timezone=True), nullable=True
            )
        )
        batch_op.add_column(
            sa.Column(
                "last_inbound_at",
                stores.tables.column_types.UtcDateTime(timezone=True),
                nullable=True,
            )
        )
        batch_op.add_column(
            sa.Column(
                "erased_at", stores.tables.column_types.UtcDateTime(timezone=True), nullable=True
            )
        )
        batch_op.drop_index(batch_op.f("ix_contact_workspace_id"))
        batch_op.create_index(
            "ix_contact_ws_created", ["workspace_id", "created_at", "id"], unique=False
        )
        batch_op.create_index(
            "ix_contact_ws_last_inbound", ["workspace_id", "last_inbound_at", "id"], unique=False
        )
        batch_op.create_index(
            "ix_contact_ws_last_seen", ["workspace_id", "last_seen_at", "id"], unique=False
        )
        batch_op.create_index("ix_contact_ws_name", ["workspace_id", "name", "id"], unique=False)
        batch_op.create_index(
            "ix_contact_ws_updated", ["workspace_id", "updated_at", "id"], unique=False
        )
        batch_op.create_unique_constraint("uq_contact_workspace_email", ["workspace_id", "email"])
        batch_op.create_unique_constraint("uq_contact_workspace_phone", ["workspace_id", "phone"])
        batch_op.create_foreign_key("fk_contact_owner_user_id", "user", ["owner_user_id"], ["id"])

    op.execute("UPDATE contact SET updated_at = created_at")
    with op.batch_alter_table("contact", schema=None) as batch_op:
        batch_op.alter_column(
            "updated_at",
            existing_type=stores.tables.column_types.UtcDateTime(timezone=True),
            nullable=False,
        )

    with op.batch_alter_table("workspace", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "default_country",
                sqlmodel.sql.sqltypes.AutoString(length=2),
                nullable=False,
                server_default="BR",
            )
        )

    if _is_postgres():
        op.create_index(
            "ix_contact_custom_fields",
            "contact",
            ["custom_fields"],
            postgresql_using="gin",
            postgresql_ops={"custom_fields": "jsonb_path_ops"},
        )


def downgrade() -> None:
    if _is_postgres():
        op.drop_index("ix_contact_custom_fields", table_name="contact")
    with op.batch_alter_table("workspace", schema=None) as batch_op:
        batch_op.drop_column("default_country")

    with op.batch_alter_table("contact", schema=None) as batch_op:
        batch_op.drop_constraint("fk_contact_owner_user_id", type_="foreignkey")
        batch_op.drop_constraint("uq_contact_workspace_email", type_="unique")
        batch_op.drop_constraint("uq_contact_workspace_phone", type_="unique")
        batch_op.drop_index("ix_contact_ws_updated")
        batch_op.drop_index("ix_contact_ws_name")
        batch_op.drop_index("ix_contact_ws_last_seen")
        batch_op.drop_index("ix_contact_ws_last_inbound")
        batch_op.drop_index("ix_contact_ws_created")
        batch_op.create_index(batch_op.f("ix_contact_workspace_id"), ["workspace_id"], unique=False)
        batch_op.drop_column("erased_at")
        batch_op.drop_column("last_inbound_at")
        batch_op.drop_column("updated_at")
        batch_op.drop_column("custom_fields")
        batch_op.drop_column("owner_user_id")
        batch_op.drop_column("source")
        batch_op.drop_column("country")
        batch_op.drop_column("timezone")
        batch_op.drop_column("language")
        batch_op.drop_column("email")
        batch_op.drop_column("phone")

    with op.batch_alter_table("contact_tag", schema=None) as batch_op:
        batch_op.drop_index("ix_contact_tag_ws_tag")

    op.drop_table("contact_tag")
    with op.batch_alter_table("contact_note", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_contact_note_contact_id"))

    op.drop_table("contact_note")
    with op.batch_alter_table("contact_import_error", schema=None) as batch_op:
        batch_op.drop_index("ix_contact_import_error_import_row")

    op.drop_table("contact_import_error")
    with op.batch_alter_table("contact_event", schema=None) as batch_op:
        batch_op.drop_index("ix_contact_event_contact_created")

    op.drop_table("contact_event")
    with op.batch_alter_table("contact_consent", schema=None) as batch_op:
        batch_op.drop_index("ix_contact_consent_ws_channel")

    op.drop_table("contact_consent")
    op.drop_table("suppression")
    with op.batch_alter_table("segment", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_segment_workspace_id"))

    op.drop_table("segment")
    with op.batch_alter_table("custom_field", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_custom_field_workspace_id"))

    op.drop_table("custom_field")
    with op.batch_alter_table("contact_import", schema=None) as batch_op:
        batch_op.drop_index("ix_contact_import_ws_created")

    op.drop_table("contact_import")
    # PostgreSQL cannot drop values from `channelkind`; the extra values are harmless to 0002.
    if _is_postgres():
        for enum_name in NEW_ENUMS:
            sa.Enum(name=enum_name).drop(op.get_bind(), checkfirst=True)
