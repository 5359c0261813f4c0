"""What every history recorder shares: a real dev server to record on, and where files go."""

import sys
import tempfile
from collections.abc import Awaitable, Callable
from pathlib import Path

from temporalio.client import Client, WorkflowHandle
from temporalio.contrib.pydantic import pydantic_data_converter
from temporalio.testing import WorkflowEnvironment

from domain.security import use_fast_password_hashing
from infra.database import create_engine, create_session_factory
from infra.migrations import upgrade_async
from stores.conversations.store import ConversationStore
from temporal import search_attributes

HISTORIES = Path(__file__).parent / "histories"

Recorder = Callable[[Client, Path, str], Awaitable[None]]


async def record_on_dev_server(record: Recorder, name: str) -> None:
    """Runs `record(client, scratch folder, name)` against a fresh local dev server."""
    use_fast_password_hashing()
    env = await WorkflowEnvironment.start_local(
        dev_server_existing_path=str(Path(sys.executable).parent / "temporal"),
        data_converter=pydantic_data_converter,
        search_attributes=list(search_attributes.ALL),
    )
    try:
        with tempfile.TemporaryDirectory() as folder:
            await record(env.client, Path(folder), name)
    finally:
        await env.shutdown()


async def save_history(handle: WorkflowHandle[object, object], name: str) -> None:
    """Writes the run's whole history to `histories/<name>.json` for the replay tests."""
    history = await handle.fetch_history()
    (HISTORIES / f"{name}.json").write_text(history.to_json())


TimeSkippingRecorder = Callable[
    [WorkflowEnvironment, ConversationStore, Path, str], Awaitable[None]
]


async def record_on_time_skipping_server(record: TimeSkippingRecorder, name: str) -> None:
    """Runs `record(env, store, scratch folder, name)` on the time-skipping server (days of
    timers pass at once) with a fresh, migrated SQLite database."""
    use_fast_password_hashing()
    env = await WorkflowEnvironment.start_time_skipping(
        test_server_existing_path=str(Path(sys.executable).parent / "temporal-test-server"),
        data_converter=pydantic_data_converter,
    )
    await search_attributes.register(env.client, "default")
    try:
        with tempfile.TemporaryDirectory() as folder:
            url = f"sqlite+aiosqlite:///{folder}/record.db"
            await upgrade_async(url)
            engine = create_engine(url)
            try:
                await record(
                    env, ConversationStore(create_session_factory(engine)), Path(folder), name
                )
            finally:
                await engine.dispose()
    finally:
        await env.shutdown()
