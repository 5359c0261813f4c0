"""encryption_key: per-workspace data keys for Temporal payloads, wrapped by the master keys

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-08 01:30:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import infra.secrets
import stores.tables.column_types

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "encryption_key",
        sa.Column("scope", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("key_id", sa.Integer(), nullable=False),
        sa.Column("wrapped_key", infra.secrets.EncryptedText(), nullable=False),
        sa.Column(
            "created_at", stores.tables.column_types.UtcDateTime(timezone=True), nullable=False
        ),
        sa.PrimaryKeyConstraint("scope", "key_id"),
    )


def downgrade() -> None:
    op.drop_table("encryption_key")
