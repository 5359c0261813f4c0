"""Which real services the suite may use, and what to do when one is missing.

Locally a missing PostgreSQL or Redis skips its tests; with CI=true it fails them, loudly.
"""

import os
import socket

import pytest

POSTGRES_HOST = os.environ.get("FLUXO_TEST_PG_HOST", "127.0.0.1")
POSTGRES_PORT = int(os.environ.get("FLUXO_TEST_PG_PORT", "5432"))
POSTGRES_USER = os.environ.get("FLUXO_TEST_PG_USER", os.environ.get("USER", "postgres"))
POSTGRES_ADMIN_DB = os.environ.get("FLUXO_TEST_PG_DB", "test")
REDIS_URL = os.environ.get("FLUXO_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def reachable(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=1):
            return True
    except OSError:
        return False


def require(service: str, host: str, port: int) -> None:
    if reachable(host, port):
        return
    message = f"{service} is not reachable at {host}:{port}"
    if in_ci():
        pytest.fail(f"{message}, and CI=true makes {service} tests mandatory", pytrace=False)
    pytest.skip(message)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port
