"""message.status gains `skipped` (the consent gate stopped it) and `unconfirmed` (a send whose
outcome is unknown); workspace.proactive_needs_opt_in (proactive WhatsApp and SMS sends need a
recorded opt-in, on unless the workspace turns it off)

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02 10:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OLD_STATUSES = ("received", "queued", "sent", "delivered", "read", "failed")
NEW_STATUSES = ("skipped", "unconfirmed")


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        # 0001 created the type; a new value is usable once this migration's transaction ends.
        for value in NEW_STATUSES:
            op.execute(f"ALTER TYPE messagestatus ADD VALUE IF NOT EXISTS '{value}'")
    else:
        with op.batch_alter_table("message", schema=None) as batch_op:
            batch_op.alter_column(
                "status",
                existing_type=sa.Enum(*OLD_STATUSES, name="messagestatus"),
                type_=sa.Enum(*OLD_STATUSES, *NEW_STATUSES, name="messagestatus"),
                existing_nullable=False,
            )
    # Added in place on SQLite (a constant default needs no table rebuild; rebuilding
    # `workspace` would break the enforced foreign keys of every row that points at it).
    with op.batch_alter_table("workspace", schema=None, recreate="never") as batch_op:
        batch_op.add_column(
            sa.Column(
                "proactive_needs_opt_in",
                sa.Boolean(),
                nullable=False,
                server_default="1",
            )
        )


def downgrade() -> None:
    # SQLite drops the column in place: recreating `workspace` would break every foreign key
    # that points at it (they are enforced).
    with op.batch_alter_table("workspace", schema=None, recreate="never") as batch_op:
        batch_op.drop_column("proactive_needs_opt_in")
    # PostgreSQL cannot drop values from `messagestatus`. Messages in the new states become
    # what the old schema called them: a skipped or unconfirmed send is reported as failed.
    op.execute("UPDATE message SET status = 'failed' WHERE status IN ('skipped', 'unconfirmed')")
