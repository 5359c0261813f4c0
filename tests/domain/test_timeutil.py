"""UtcDateTime on each database: naive values are refused, every value reads back as aware UTC."""

import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta, timezone

import pytest
from sqlalchemy import Column, Integer, MetaData, Table, insert, select
from sqlalchemy.dialects import sqlite
from sqlalchemy.exc import StatementError
from sqlalchemy.ext.asyncio import AsyncConnection

from domain.timeutil import utcnow
from infra.database import create_engine
from stores.tables.column_types import UtcDateTime

SAO_PAULO = timezone(timedelta(hours=-3))


@pytest.fixture
async def probe(database_url: str) -> AsyncIterator[tuple[AsyncConnection, Table]]:
    """A temporary table with a UtcDateTime column, on a connection rolled back afterwards."""
    # Its own MetaData: a table on SQLModel.metadata would show up as drift in migration checks.
    table = Table(
        f"utc_probe_{uuid.uuid4().hex[:8]}",
        MetaData(),
        Column("id", Integer, primary_key=True),
        Column("at", UtcDateTime()),
        prefixes=["TEMPORARY"],
    )
    engine = create_engine(database_url)
    try:
        async with engine.connect() as connection:
            await connection.run_sync(table.create)
            yield connection, table
            await connection.rollback()
    finally:
        await engine.dispose()


async def read_back(connection: AsyncConnection, table: Table, row_id: int) -> datetime:
    value = (await connection.execute(select(table.c.at).where(table.c.id == row_id))).scalar_one()
    assert isinstance(value, datetime)
    return value


def test_utcnow_is_aware_utc() -> None:
    now = utcnow()
    assert now.tzinfo is UTC
    assert abs(now - datetime.now(UTC)) < timedelta(seconds=5)


async def test_bind_naive_datetime_raises(probe: tuple[AsyncConnection, Table]) -> None:
    connection, table = probe
    with pytest.raises(StatementError, match="naive datetime given to a UTC column"):
        await connection.execute(insert(table).values(id=1, at=datetime(2026, 1, 2, 3, 4, 5)))


async def test_bind_aware_utc_reads_back_aware_utc(probe: tuple[AsyncConnection, Table]) -> None:
    connection, table = probe
    stored = datetime(2026, 1, 2, 3, 4, 5, 678901, tzinfo=UTC)
    await connection.execute(insert(table).values(id=1, at=stored))
    value = await read_back(connection, table, 1)
    assert value.utcoffset() == timedelta(0)
    assert value == stored
    assert value.isoformat() == "2026-01-02T03:04:05.678901+00:00"


async def test_bind_other_offset_reads_back_same_instant_in_utc(
    probe: tuple[AsyncConnection, Table],
) -> None:
    connection, table = probe
    await connection.execute(
        insert(table).values(id=1, at=datetime(2026, 6, 30, 22, 30, tzinfo=SAO_PAULO))
    )
    value = await read_back(connection, table, 1)
    # Stored as UTC, so SQLite (which drops the offset) does not shift the instant.
    assert value.isoformat() == "2026-07-01T01:30:00+00:00"


async def test_bind_none_reads_back_none(probe: tuple[AsyncConnection, Table]) -> None:
    connection, table = probe
    await connection.execute(insert(table).values(id=1, at=None))
    value = (await connection.execute(select(table.c.at))).scalar_one()
    assert value is None


def test_process_result_value_reads_naive_as_utc_and_converts_offsets() -> None:
    column_type = UtcDateTime()
    dialect = sqlite.dialect()
    naive = column_type.process_result_value(datetime(2026, 1, 2, 3, 4), dialect)
    shifted = column_type.process_result_value(
        datetime(2026, 1, 2, 0, 4, tzinfo=SAO_PAULO), dialect
    )
    assert naive == shifted == datetime(2026, 1, 2, 3, 4, tzinfo=UTC)
    assert naive is not None and shifted is not None
    assert naive.tzinfo is UTC and shifted.tzinfo is UTC
