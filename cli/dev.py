"""`fluxo dev`: the whole product on embedded defaults, in one process tree.

The Temporal dev server runs as a child process; the API and the worker share this process, so
the in-process event bus carries the worker's notifications to the API's WebSockets.
"""

import asyncio
import contextlib
import logging
import signal
import sys

import uvicorn

from api.main import create_app
from api.services import create_services
from cli.bootstrap import FirstLogin, credentials_file, ensure_first_workspace
from domain.settings import Settings
from infra.file_storage import LocalFileStorage
from infra.migrations import upgrade_async
from temporal.devserver import DevServer, port_is_free
from workers.main import build_worker
from workers.registry import ChannelEndpoints

log = logging.getLogger("fluxo")


def _say(line: str = "") -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


async def run_dev(settings: Settings) -> None:
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    if not port_is_free(settings.port, settings.host):
        raise SystemExit(f"port {settings.port} is taken: choose another with --port or FLUXO_PORT")
    await upgrade_async(settings.resolved_database_url)

    server = DevServer(
        db_file=settings.data_dir / "temporal.db",
        port=settings.temporal_port,
        ui_port=settings.temporal_ui_port,
        host=settings.host,
        log_file=settings.data_dir / "temporal.log",
        codec_endpoint=f"{settings.resolved_public_url}/api/temporal-codec",
    )
    settings = settings.model_copy(
        update={
            "temporal_address": server.address,
            "temporal_ui_url": settings.temporal_ui_url or server.ui_url,
        }
    )
    services = create_services(settings)
    first_login = await ensure_first_workspace(services.sessions, settings)
    try:
        await server.start()
        client = await services.temporal.get()
        worker = build_worker(
            client,
            settings.temporal_task_queue,
            services.store,
            services.event_bus,
            storage=LocalFileStorage(settings.uploads_dir),
            endpoints=ChannelEndpoints.from_settings(settings),
        )
        config = uvicorn.Config(
            create_app(settings, services),
            host=settings.host,
            port=settings.port,
            log_level="warning",
            lifespan="on",
        )
        api = uvicorn.Server(config)
        async with worker:
            _print_banner(settings, server, first_login)
            # uvicorn turns Ctrl-C into a clean shutdown; the finally blocks stop the rest.
            await api.serve()
    finally:
        await services.close()
        server.stop()
        _say("Fluxo stopped.")


def _print_banner(settings: Settings, server: DevServer, first_login: FirstLogin | None) -> None:
    _say()
    _say("Fluxo is running. Ctrl-C stops everything.")
    _say(f"  App:          {settings.resolved_public_url}")
    _say(f"  API docs:     {settings.resolved_public_url}/api/docs")
    _say(f"  Health:       {settings.resolved_public_url}/api/health")
    _say(f"  Temporal UI:  {server.ui_url}")
    _say(f"  Data folder:  {settings.data_dir}")
    if first_login is not None:
        _say(f"  First log-in: {first_login.email} / {first_login.password}")
        _say(f"                (also written to {first_login.credentials_file})")
    elif credentials_file(settings).exists():
        _say(f"  Log-in:       see {credentials_file(settings)}")
    _say()


def main(settings: Settings) -> None:
    # uvicorn re-raises the signal that stopped it; as KeyboardInterrupt, SIGTERM too lets the
    # finally blocks above stop the worker and the Temporal dev server.
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(run_dev(settings))
