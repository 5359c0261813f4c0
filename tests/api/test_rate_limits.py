"""Log-in, sign-up and password reset are throttled per IP and per e-mail, with Retry-After.

Every test's app has its own Services, hence its own in-process limiter: counts start at zero.
"""

import re
import uuid

import httpx
import pytest

from infra.ratelimit import RedisRateLimiter
from tests.factories import create_workspace
from tests.support.harness import Harness

RETRY = re.compile(r"Too many attempts; try again in (\d+) seconds\.")


def unknown_email() -> str:
    return f"nobody-{uuid.uuid4().hex[:10]}@example.com"


async def log_in(client: httpx.AsyncClient, email: str, password: str) -> httpx.Response:
    return await client.post("/api/auth/login", json={"email": email, "password": password})


def assert_throttled(response: httpx.Response, window_seconds: int) -> None:
    assert response.status_code == 429, response.text
    found = RETRY.fullmatch(response.json()["detail"])
    assert found is not None, response.json()
    retry_after = int(response.headers["Retry-After"])
    assert retry_after == int(found.group(1))
    assert 1 <= retry_after <= window_seconds


async def test_login_beyond_ten_attempts_from_one_ip_is_throttled(sqlite_app: Harness) -> None:
    account = await create_workspace(sqlite_app.services.sessions)
    client = sqlite_app.http()
    for _ in range(10):
        assert (await log_in(client, unknown_email(), "wrong password")).status_code == 401
    # The right password for an untouched account: the IP is what is over its limit.
    assert_throttled(await log_in(client, account.email, account.password), 60)
    assert "fluxo_session" not in client.cookies


async def test_login_beyond_five_attempts_on_one_email_is_throttled(sqlite_app: Harness) -> None:
    account = await create_workspace(sqlite_app.services.sessions)
    neighbour = await create_workspace(sqlite_app.services.sessions)
    client = sqlite_app.http()
    assert (await log_in(client, account.email, account.password)).status_code == 200
    for _ in range(4):
        assert (await log_in(client, account.email, "wrong password")).status_code == 401
    # Successful attempts count too, and the sixth is refused before the password is checked.
    assert_throttled(await log_in(client, account.email.upper(), account.password), 60)
    # Another account is not affected by this one's limit.
    assert (await log_in(client, neighbour.email, neighbour.password)).status_code == 200


async def test_signup_beyond_five_from_one_ip_is_throttled(sqlite_app: Harness) -> None:
    client = sqlite_app.http()

    async def sign_up() -> httpx.Response:
        return await client.post(
            "/api/auth/signup",
            json={
                "email": unknown_email(),
                "password": "a long enough password",
                "full_name": "New Person",
                "workspace_name": "New Workspace",
            },
        )

    for _ in range(5):
        assert (await sign_up()).status_code == 201
    assert_throttled(await sign_up(), 3600)


async def test_password_reset_beyond_three_requests_for_one_email_is_throttled(
    sqlite_app: Harness,
) -> None:
    account = await create_workspace(sqlite_app.services.sessions)
    client = sqlite_app.http()

    async def request_reset(email: str) -> httpx.Response:
        return await client.post("/api/auth/password-reset", json={"email": email})

    for _ in range(3):
        assert (await request_reset(account.email)).status_code == 202
    assert_throttled(await request_reset(account.email), 3600)
    # Five requests from this IP so far, the refused one included: the sixth is over its limit,
    # for an unknown address alike (a 429 tells nothing about which accounts exist).
    assert (await request_reset(unknown_email())).status_code == 202
    assert_throttled(await request_reset(unknown_email()), 3600)


@pytest.fixture
async def redis_prefix(sqlite_app: Harness, redis_url: str) -> str:
    """Puts the app's counts in Redis under a prefix of its own (production uses a fixed one):
    Redis keeps counts across tests and runs, and every test client comes from 127.0.0.1."""
    prefix = f"test:{uuid.uuid4().hex}:"
    await sqlite_app.services.rate_limiter.close()
    sqlite_app.services.rate_limiter = RedisRateLimiter(redis_url, prefix=prefix)
    return prefix


@pytest.mark.redis
async def test_login_limit_in_redis_holds_across_api_processes(
    sqlite_app: Harness, redis_url: str, redis_prefix: str
) -> None:
    account = await create_workspace(sqlite_app.services.sessions)
    client = sqlite_app.http()
    for _ in range(5):
        assert (await log_in(client, account.email, "wrong password")).status_code == 401
    # A second API process: a limiter of its own on the same Redis and prefix.
    first_process = sqlite_app.services.rate_limiter
    sqlite_app.services.rate_limiter = RedisRateLimiter(redis_url, prefix=redis_prefix)
    await first_process.close()
    assert_throttled(await log_in(client, account.email, account.password), 60)
