"""Schema-driven fuzzing: whatever a client sends, the API answers 4xx, never 5xx.

Schemathesis generates requests from the OpenAPI schema for every operation; they run in a
thread against the live app (which keeps serving on the test's event loop), each operation
with a fresh log-in, since some operations (log-out, password change) end the session.
"""

import asyncio
import dataclasses
from collections.abc import Callable
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings

from api import ratelimits
from api.deps import CSRF_COOKIE, CSRF_HEADER
from tests.factories import create_workspace
from tests.support.harness import Harness

EXAMPLES_PER_OPERATION = 25


def _fuzz_operation(operation: Any, base_url: str, headers: dict[str, str]) -> set[int]:
    statuses: set[int] = set()

    @given(case=operation.as_strategy())
    @settings(
        max_examples=EXAMPLES_PER_OPERATION,
        deadline=None,
        suppress_health_check=list(HealthCheck),
        database=None,
    )
    def check(case: Any) -> None:
        response = case.call(base_url=base_url, headers=headers, timeout=30)
        statuses.add(response.status_code)
        assert response.status_code < 500, (
            f"{case.method} {case.formatted_path} answered {response.status_code}: "
            f"{response.text[:300]}"
        )

    check()
    return statuses


def _fuzz_all(
    raw_schema: dict[str, Any], base_url: str, fresh_headers: Callable[[], dict[str, str]]
) -> dict[str, set[int]]:
    schema = schemathesis.openapi.from_dict(raw_schema)
    seen = {}
    for result in schema.get_all_operations():
        operation = result.ok()  # type: ignore[union-attr]  # an invalid schema fails here
        name = f"{operation.method.upper()} {operation.path}"
        seen[name] = _fuzz_operation(operation, base_url, fresh_headers())
    return seen


async def test_no_generated_request_gets_a_server_error(
    sqlite_app: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = sqlite_app
    # The fuzzer logs in before every operation and fuzzes log-in itself: lift those limits.
    for name in ("LOGIN_PER_IP", "LOGIN_PER_EMAIL"):
        limit = getattr(ratelimits, name)
        monkeypatch.setattr(ratelimits, name, dataclasses.replace(limit, attempts=10_000))
    account = await create_workspace(app.services.sessions)
    raw = (await app.http().get("/api/openapi.json")).json()
    loop = asyncio.get_running_loop()

    async def log_in() -> dict[str, str]:
        agent = await app.login(account)
        csrf = agent.cookies[CSRF_COOKIE]
        return {
            "Cookie": f"fluxo_session={agent.cookies['fluxo_session']}; {CSRF_COOKIE}={csrf}",
            CSRF_HEADER: csrf,
        }

    def fresh_headers() -> dict[str, str]:
        return asyncio.run_coroutine_threadsafe(log_in(), loop).result(timeout=30)

    seen = await asyncio.to_thread(_fuzz_all, raw, app.base_url, fresh_headers)
    assert len(seen) == sum(len(operations) for operations in raw["paths"].values())
    # The fuzzer got past authentication: private operations answered something besides 401.
    assert any(code not in (401, 403) for code in seen["GET /api/conversations"])
