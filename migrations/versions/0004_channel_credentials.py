"""channel credentials: encrypted provider credentials, webhook key and verify token per channel

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-30 01:52:58.002243
"""

import secrets
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import infra.secrets
import stores.tables.column_types

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _fill_existing_channels() -> None:
    """Rows from before (web chat) get their own random webhook key and verify token."""
    bind = op.get_bind()
    channel = sa.table(
        "channel",
        sa.column("id", sa.Uuid()),
        sa.column("webhook_key", sa.String()),
        sa.column("verify_token", sa.String()),
        sa.column("created_at", stores.tables.column_types.UtcDateTime()),
        sa.column("updated_at", stores.tables.column_types.UtcDateTime()),
    )
    for (channel_id,) in bind.execute(sa.select(channel.c.id)).all():
        bind.execute(
            channel.update()
            .where(channel.c.id == channel_id)
            .values(
                webhook_key=secrets.token_urlsafe(32),
                verify_token=secrets.token_urlsafe(32),
                updated_at=channel.c.created_at,
            )
        )


def upgrade() -> None:
    # Added nullable, filled, then made NOT NULL: existing rows have no value to default to.
    with op.batch_alter_table("channel", schema=None) as batch_op:
        batch_op.add_column(sa.Column("credentials", infra.secrets.EncryptedText(), nullable=True))
        batch_op.add_column(
            sa.Column("webhook_key", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True)
        )
        batch_op.add_column(
            sa.Column("verify_token", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True)
        )
        batch_op.add_column(sa.Column("created_by_user_id", sa.Uuid(), nullable=True))
        batch_op.add_column(
            sa.Column(
                "updated_at", stores.tables.column_types.UtcDateTime(timezone=True), nullable=True
            )
        )

    _fill_existing_channels()

    with op.batch_alter_table("channel", schema=None) as batch_op:
        batch_op.alter_column(
            "webhook_key", existing_type=sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False
        )
        batch_op.alter_column(
            "verify_token",
            existing_type=sqlmodel.sql.sqltypes.AutoString(length=64),
            nullable=False,
        )
        batch_op.alter_column(
            "updated_at",
            existing_type=stores.tables.column_types.UtcDateTime(timezone=True),
            nullable=False,
        )
        batch_op.create_unique_constraint("uq_channel_webhook_key", ["webhook_key"])
        batch_op.create_foreign_key(
            "fk_channel_created_by_user_id_user", "user", ["created_by_user_id"], ["id"]
        )


def downgrade() -> None:
    with op.batch_alter_table("channel", schema=None) as batch_op:
        batch_op.drop_constraint("fk_channel_created_by_user_id_user", type_="foreignkey")
        batch_op.drop_constraint("uq_channel_webhook_key", type_="unique")
        batch_op.drop_column("updated_at")
        batch_op.drop_column("created_by_user_id")
        batch_op.drop_column("verify_token")
        batch_op.drop_column("webhook_key")
        batch_op.drop_column("credentials")
