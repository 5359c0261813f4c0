"""The async SQL engine and sessions, for SQLite (embedded default) and PostgreSQL."""

from typing import Any

from sqlalchemy import event, text
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)


def create_engine(url: str) -> AsyncEngine:
    if url.startswith("sqlite"):
        engine = create_async_engine(url, connect_args={"timeout": 30})

        # The API and the worker share one file: WAL lets readers run beside the writer,
        # and busy_timeout makes a second writer wait instead of failing.
        @event.listens_for(engine.sync_engine, "connect")
        def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA busy_timeout=30000")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.close()
            # SQLite's own lower() folds ASCII only; contact search must match "SÃO" with "são".
            dbapi_connection.create_function("lower", 1, _unicode_lower, deterministic=True)

        return engine
    return create_async_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=10)


def _unicode_lower(value: object) -> object:
    return value.lower() if isinstance(value, str) else value


def create_session_factory(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(engine, expire_on_commit=False)


async def ping(engine: AsyncEngine) -> None:
    async with engine.connect() as connection:
        await connection.execute(text("SELECT 1"))


def is_unique_violation(error: Exception) -> bool:
    """True for a unique-constraint failure on either backend."""
    message = str(getattr(error, "orig", error)).lower()
    return "unique" in message or "duplicate key" in message
