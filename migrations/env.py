import asyncio

from alembic import context
from sqlalchemy.engine import Connection
from sqlalchemy.schema import SchemaItem
from sqlmodel import SQLModel

import stores.tables  # noqa: F401  (registers the tables on SQLModel.metadata)
from infra.database import create_engine

target_metadata = SQLModel.metadata


def _include_object(
    item: SchemaItem, name: str | None, kind: str, reflected: bool, compare_to: object
) -> bool:
    """Indexes marked `info={"only_on": dialect}` exist on that database alone."""
    only_on = getattr(item, "info", {}).get("only_on") if kind == "index" else None
    return only_on is None or only_on == context.get_bind().dialect.name


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        include_object=_include_object,
        # SQLite cannot ALTER most things in place; batch mode rebuilds the table instead.
        render_as_batch=True,
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


async def _run_online() -> None:
    engine = create_engine(context.config.get_main_option("sqlalchemy.url") or "")
    async with engine.connect() as connection:
        await connection.run_sync(_run)
    await engine.dispose()


asyncio.run(_run_online())
