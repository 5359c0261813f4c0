"""The rate limiter, in-process and over Redis: limits, windows, separate keys, atomicity."""

import asyncio
import uuid
from collections.abc import AsyncIterator

import pytest
import redis.asyncio as redis

from infra.ratelimit import InProcessRateLimiter, RateLimiter, RedisRateLimiter


def new_key() -> str:
    # Redis keeps counters between tests and runs: a unique key per test keeps them apart.
    return f"test:{uuid.uuid4().hex}"


@pytest.fixture
async def redis_client(redis_url: str) -> AsyncIterator[redis.Redis]:
    client = redis.Redis.from_url(redis_url, decode_responses=True)
    yield client
    await client.aclose()


@pytest.fixture(params=["in_process", pytest.param("redis", marks=pytest.mark.redis)])
async def limiter(request: pytest.FixtureRequest) -> AsyncIterator[RateLimiter]:
    if request.param == "in_process":
        limiter: RateLimiter = InProcessRateLimiter()
    else:
        limiter = RedisRateLimiter(request.getfixturevalue("redis_url"))
    yield limiter
    await limiter.close()


async def test_hit_allows_up_to_the_limit_then_refuses(limiter: RateLimiter) -> None:
    key = new_key()
    results = [await limiter.hit(key, 3, 60) for _ in range(5)]
    assert [result.allowed for result in results] == [True, True, True, False, False]
    assert results[0].retry_after == 0
    assert all(1 <= result.retry_after <= 60 for result in results[3:])


async def test_hit_counts_each_key_on_its_own(limiter: RateLimiter) -> None:
    first, second = new_key(), new_key()
    for _ in range(2):
        assert (await limiter.hit(first, 2, 60)).allowed
    assert not (await limiter.hit(first, 2, 60)).allowed
    assert (await limiter.hit(second, 2, 60)).allowed


async def test_hit_opens_a_new_window_when_the_last_one_ends(limiter: RateLimiter) -> None:
    key = new_key()
    assert (await limiter.hit(key, 1, 1)).allowed
    refused = await limiter.hit(key, 1, 1)
    assert not refused.allowed and refused.retry_after == 1
    await asyncio.sleep(1.1)
    assert (await limiter.hit(key, 1, 1)).allowed


async def test_hit_under_concurrency_lets_exactly_the_limit_through(limiter: RateLimiter) -> None:
    key = new_key()
    results = await asyncio.gather(*(limiter.hit(key, 10, 60) for _ in range(50)))
    assert sum(result.allowed for result in results) == 10


async def test_hit_refused_attempts_keep_the_window_end(limiter: RateLimiter) -> None:
    """Hammering while refused must not push the end of the window further out."""
    key = new_key()
    await limiter.hit(key, 1, 2)
    first = await limiter.hit(key, 1, 2)
    await asyncio.sleep(1.1)
    later = await limiter.hit(key, 1, 2)
    assert not later.allowed and later.retry_after < first.retry_after


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


async def test_prune_drops_ended_windows() -> None:
    clock = FakeClock()
    limiter = InProcessRateLimiter(clock=clock)
    for index in range(100):
        await limiter.hit(f"short-{index}", 5, 10)
    await limiter.hit("long", 5, 3600)
    clock.now += 11
    limiter.prune()
    assert len(limiter) == 1
    assert not (await limiter.hit("long", 1, 3600)).allowed


async def test_hit_prunes_ended_windows_on_its_own() -> None:
    clock = FakeClock()
    limiter = InProcessRateLimiter(clock=clock, prune_every=50)
    for index in range(49):
        await limiter.hit(f"old-{index}", 5, 10)
    clock.now += 11
    await limiter.hit("new", 5, 10)
    assert len(limiter) == 1


async def test_hit_beyond_max_keys_forgets_the_oldest_windows() -> None:
    limiter = InProcessRateLimiter(max_keys=100, clock=FakeClock())
    for index in range(1000):
        await limiter.hit(f"key-{index}", 1, 3600)
    assert len(limiter) <= 100
    assert not (await limiter.hit("key-999", 1, 3600)).allowed
    assert (await limiter.hit("key-0", 1, 3600)).allowed


@pytest.mark.redis
async def test_redis_counters_expire_with_their_window(
    redis_url: str, redis_client: redis.Redis
) -> None:
    prefix = f"test:{uuid.uuid4().hex}:"
    limiter = RedisRateLimiter(redis_url, prefix=prefix)
    try:
        await limiter.hit("login", 5, 60)
        ttl = await redis_client.pttl(f"{prefix}login")
        assert 0 < ttl <= 60_000
    finally:
        await limiter.close()


@pytest.mark.redis
async def test_redis_counter_left_without_expiry_gets_one(
    redis_url: str, redis_client: redis.Redis
) -> None:
    """A counter without TTL would refuse its key forever; the next hit repairs it."""
    prefix = f"test:{uuid.uuid4().hex}:"
    await redis_client.set(f"{prefix}stuck", 99)
    limiter = RedisRateLimiter(redis_url, prefix=prefix)
    try:
        result = await limiter.hit("stuck", 5, 30)
        assert not result.allowed and 1 <= result.retry_after <= 30
        assert 0 < await redis_client.pttl(f"{prefix}stuck") <= 30_000
    finally:
        await limiter.close()


@pytest.mark.redis
async def test_redis_limiters_in_two_processes_share_counts(redis_url: str) -> None:
    prefix = f"test:{uuid.uuid4().hex}:"
    api_one, api_two = (
        RedisRateLimiter(redis_url, prefix=prefix),
        RedisRateLimiter(redis_url, prefix=prefix),
    )
    try:
        assert (await api_one.hit("shared", 2, 60)).allowed
        assert (await api_two.hit("shared", 2, 60)).allowed
        assert not (await api_one.hit("shared", 2, 60)).allowed
    finally:
        await api_one.close()
        await api_two.close()
