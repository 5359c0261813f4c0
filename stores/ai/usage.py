"""Tokens each workspace spends, one row per (workspace, UTC day, model).

Increments are a single `INSERT … ON CONFLICT DO UPDATE` on PostgreSQL and SQLite alike: two
activities finishing at once both count, without a read-modify-write race.
"""

import uuid
from collections.abc import Callable
from datetime import date, datetime, timedelta

from sqlalchemy import Table
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlmodel import col, select

from domain.ai import AiUsageCount
from domain.timeutil import utcnow
from stores.tables.flows import AiUsage

MODEL_NAME_LENGTH = 200


class AiUsageStore:
    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        clock: Callable[[], datetime] = utcnow,
    ) -> None:
        self._sessions = sessions
        self._clock = clock

    async def record(self, workspace_id: uuid.UUID, usage: AiUsageCount) -> None:
        """Counts one request and its tokens on today's (UTC) row for the model."""
        table: Table = AiUsage.__table__  # type: ignore[attr-defined]
        async with self._sessions() as session, session.begin():
            dialect = session.get_bind().dialect.name
            insert = (postgresql.insert if dialect == "postgresql" else sqlite.insert)(table)
            statement = insert.values(
                id=uuid.uuid4(),
                workspace_id=workspace_id,
                day=self._clock().date(),
                model=usage.model[:MODEL_NAME_LENGTH],
                requests=1,
                prompt_tokens=usage.prompt_tokens,
                completion_tokens=usage.completion_tokens,
            ).on_conflict_do_update(
                index_elements=[table.c.workspace_id, table.c.day, table.c.model],
                set_={
                    "requests": table.c.requests + 1,
                    "prompt_tokens": table.c.prompt_tokens + insert.excluded.prompt_tokens,
                    "completion_tokens": (
                        table.c.completion_tokens + insert.excluded.completion_tokens
                    ),
                },
            )
            await session.execute(statement)

    async def recent(self, workspace_id: uuid.UUID, days: int) -> list[AiUsage]:
        """The last `days` UTC days including today, newest first, then by model."""
        since: date = self._clock().date() - timedelta(days=days - 1)
        async with self._sessions() as session:
            found = await session.execute(
                select(AiUsage)
                .where(AiUsage.workspace_id == workspace_id, col(AiUsage.day) >= since)
                .order_by(col(AiUsage.day).desc(), col(AiUsage.model))
            )
            return list(found.scalars())
