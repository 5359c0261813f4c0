"""Migration 0008: web chat channels from before it allow every website, as they did."""

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from alembic import command

from infra.database import create_engine, create_session_factory
from infra.migrations import alembic_config, upgrade_async
from stores.tables.conversations import Channel
from tests.factories import create_workspace
from tests.support.databases import postgres_database, sqlite_database
from tests.support.services import POSTGRES_HOST, POSTGRES_PORT, require


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
async def own_database_url(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[str]:
    if request.param == "sqlite":
        async with sqlite_database(tmp_path) as url:
            yield url
        return
    require("PostgreSQL", POSTGRES_HOST, POSTGRES_PORT)
    async with postgres_database() as url:
        yield url


async def test_existing_channels_get_an_empty_list(own_database_url: str) -> None:
    engine = create_engine(own_database_url)
    try:
        account = await create_workspace(create_session_factory(engine))
        await engine.dispose()
        # The channel row now looks as it did before 0008; upgrading must fill the new column.
        await asyncio.to_thread(command.downgrade, alembic_config(own_database_url), "0007")
        await upgrade_async(own_database_url)
        async with create_session_factory(engine)() as session:
            channel = await session.get(Channel, account.channel_id)
        assert channel is not None
        assert channel.allowed_origins == []
    finally:
        await engine.dispose()
