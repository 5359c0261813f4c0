"""Builds and runs the worker, alone (`fluxo worker`) or beside the API (`fluxo dev`)."""

import asyncio
import logging
from collections.abc import Mapping
from datetime import timedelta

from temporalio.client import Client
from temporalio.worker import Worker
from temporalio.worker.workflow_sandbox import SandboxedWorkflowRunner, SandboxRestrictions

from channels.ports import ChannelAdapter
from domain.enums import ChannelKind
from domain.settings import Settings
from infra import secrets as secrets_at_rest
from infra.database import create_engine, create_session_factory
from infra.eventbus import EventBus, create_event_bus
from infra.file_storage import FileStorage, LocalFileStorage
from infra.keyfiles import load_secret_box
from infra.payload_codec import EncryptingCodec
from stores.conversations.store import ConversationStore
from stores.workspace_keys import DatabaseKeyRing
from temporal.client import connect
from workers.registry import WORKFLOWS, ChannelEndpoints, build_activities

log = logging.getLogger(__name__)


def build_worker(
    client: Client,
    task_queue: str,
    store: ConversationStore,
    event_bus: EventBus,
    *,
    storage: FileStorage,
    sticky_queue_timeout: timedelta | None = None,
    channels: Mapping[ChannelKind, ChannelAdapter] | None = None,
    endpoints: ChannelEndpoints | None = None,
) -> Worker:
    return Worker(
        client,
        task_queue=task_queue,
        workflows=list(WORKFLOWS),
        activities=build_activities(client, store, event_bus, storage, channels, endpoints),
        sticky_queue_schedule_to_start_timeout=sticky_queue_timeout or timedelta(seconds=10),
        workflow_runner=workflow_runner(),
    )


def workflow_runner() -> SandboxedWorkflowRunner:
    """The sandbox our workflows run in (workers and the replay tests alike)."""
    return SandboxedWorkflowRunner(
        # Only `domain/` (pure models and rules) and third-party libraries pass through; workflow,
        # interpreter and contract modules are imported inside the sandbox, so it checks them.
        # The three pure libraries import parts of themselves lazily (when a bot checks an
        # e-mail or a phone answer): the sandbox takes them as they are.
        restrictions=SandboxRestrictions.default.with_passthrough_modules(
            "domain", "email_validator", "idna", "phonenumbers"
        )
    )


async def run_worker(settings: Settings, stop: asyncio.Event | None = None) -> None:
    if settings.redis_url is None:
        log.warning(
            "REDIS_URL is not set: events from this worker reach only API code in this process"
        )
    engine = create_engine(settings.resolved_database_url)
    sessions = create_session_factory(engine)
    secrets_at_rest.configure(load_secret_box(settings))
    event_bus = create_event_bus(settings.redis_url)
    client = await connect(settings, EncryptingCodec(DatabaseKeyRing(sessions)))
    worker = build_worker(
        client,
        settings.temporal_task_queue,
        ConversationStore(sessions),
        event_bus,
        storage=LocalFileStorage(settings.uploads_dir),
        endpoints=ChannelEndpoints.from_settings(settings),
    )
    try:
        async with worker:
            log.info("worker polling task queue %s", settings.temporal_task_queue)
            await (stop or asyncio.Event()).wait()
    finally:
        await event_bus.close()
        await engine.dispose()
