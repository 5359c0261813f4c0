"""A fresh, migrated database for one test run: a SQLite file, or a new PostgreSQL database."""

import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import asyncpg
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from infra.migrations import upgrade_async
from tests.support.services import POSTGRES_ADMIN_DB, POSTGRES_HOST, POSTGRES_PORT, POSTGRES_USER

Sessions = async_sessionmaker[AsyncSession]


@asynccontextmanager
async def sqlite_database(folder: Path) -> AsyncIterator[str]:
    url = f"sqlite+aiosqlite:///{folder / 'fluxo-test.db'}"
    await upgrade_async(url)
    yield url


@asynccontextmanager
async def postgres_database() -> AsyncIterator[str]:
    name = f"fluxo_test_{uuid.uuid4().hex[:12]}"
    admin = await asyncpg.connect(
        host=POSTGRES_HOST, port=POSTGRES_PORT, user=POSTGRES_USER, database=POSTGRES_ADMIN_DB
    )
    try:
        await admin.execute(f'CREATE DATABASE "{name}"')
        url = f"postgresql+asyncpg://{POSTGRES_USER}@{POSTGRES_HOST}:{POSTGRES_PORT}/{name}"
        await upgrade_async(url)
        yield url
    finally:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.close()
