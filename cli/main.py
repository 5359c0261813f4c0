"""Entry point of the `fluxo` command."""

import argparse
import asyncio
import contextlib
import json
import logging
import os
import sys

from domain.settings import Settings

# Flags override the environment, which overrides `.env`.
DEV_FLAGS = {
    "data_dir": "FLUXO_DATA_DIR",
    "host": "FLUXO_HOST",
    "port": "FLUXO_PORT",
    "temporal_port": "FLUXO_TEMPORAL_PORT",
    "temporal_ui_port": "FLUXO_TEMPORAL_UI_PORT",
}


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="fluxo", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)

    dev = commands.add_parser(
        "dev", help="run everything on embedded defaults (Temporal dev server, SQLite)"
    )
    dev.add_argument("--data-dir", help="data folder (FLUXO_DATA_DIR, default ./.fluxo)")
    dev.add_argument("--host", help="interface to bind (FLUXO_HOST, default 127.0.0.1)")
    dev.add_argument("--port", type=int, help="app port (FLUXO_PORT, default 8000)")
    dev.add_argument("--temporal-port", type=int, help="Temporal gRPC port (default 7233)")
    dev.add_argument("--temporal-ui-port", type=int, help="Temporal Web UI port (default 8233)")

    api = commands.add_parser("api", help="run the HTTP API and UI only (production)")
    api.add_argument("--host", default=None)
    api.add_argument("--port", type=int, default=None)
    api.add_argument(
        "--workers", type=int, default=1, help="API processes on this port (default 1)"
    )
    commands.add_parser("worker", help="run a Temporal worker only (production)")
    commands.add_parser(
        "migrate", help="bring the database schema up to date (and create the first owner)"
    )
    temporal = commands.add_parser("temporal", help="Temporal cluster chores")
    temporal.add_argument("action", choices=["setup"], help="setup: register search attributes")
    openapi = commands.add_parser("openapi", help="print the OpenAPI schema as JSON")
    openapi.add_argument("--output", help="write to this file instead of standard output")
    return parser


def _apply_flags(args: argparse.Namespace) -> None:
    for attribute, variable in DEV_FLAGS.items():
        value = getattr(args, attribute, None)
        if value is not None:
            os.environ[variable] = str(value)


def _run(args: argparse.Namespace) -> None:
    _apply_flags(args)
    settings = Settings()
    if args.command == "dev":
        from cli.dev import main as dev_main

        dev_main(settings)
    elif args.command == "api":
        import uvicorn

        from api.main import create_app

        if args.workers > 1:
            # Each process builds its own app from the environment, which the flags set.
            uvicorn.run(
                "api.main:create_app",
                factory=True,
                host=settings.host,
                port=settings.port,
                workers=args.workers,
            )
        else:
            uvicorn.run(create_app(settings), host=settings.host, port=settings.port)
    elif args.command == "worker":
        from workers.main import run_worker

        asyncio.run(run_worker(settings))
    elif args.command == "migrate":
        from infra.migrations import upgrade

        settings.data_dir.mkdir(parents=True, exist_ok=True)
        upgrade(settings.resolved_database_url)
        asyncio.run(_seed_first_owner(settings))
    elif args.command == "temporal":
        asyncio.run(_temporal_setup(settings))
    elif args.command == "openapi":
        from api.main import create_app

        schema = json.dumps(create_app(settings).openapi(), indent=2, sort_keys=True) + "\n"
        if args.output:
            with open(args.output, "w") as file:
                file.write(schema)
        else:
            sys.stdout.write(schema)


async def _seed_first_owner(settings: Settings) -> None:
    from cli.bootstrap import ensure_first_workspace
    from infra.database import create_engine, create_session_factory

    engine = create_engine(settings.resolved_database_url)
    try:
        first_login = await ensure_first_workspace(create_session_factory(engine), settings)
    finally:
        await engine.dispose()
    if first_login is not None:
        sys.stdout.write(f"First owner: {first_login.email} / {first_login.password}\n")


async def _temporal_setup(settings: Settings) -> None:
    from temporal import search_attributes
    from temporal.client import connect

    client = await connect(settings)
    await search_attributes.register(client, settings.temporal_namespace)


def main() -> None:
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    logging.getLogger("alembic").setLevel(logging.WARNING)
    with contextlib.suppress(KeyboardInterrupt):
        _run(_parser().parse_args())
    sys.stdout.flush()
    sys.stderr.flush()
    # The Temporal SDK's runtime can abort at interpreter exit; leave explicitly instead.
    os._exit(0)
