"""The event bus, in-process and over Redis: topics, fan-out, unsubscribing and slow subscribers."""

import asyncio
import logging
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable

import pytest
import redis.asyncio as redis

from infra.eventbus import QUEUE_SIZE, EventBus, InProcessEventBus, RedisEventBus
from tests.support.services import free_port
from tests.support.waiting import eventually

RECEIVE_TIMEOUT = 5.0

# Waits until `count` connections listen on a topic: Redis SUBSCRIBE returns before it takes effect.
Settle = Callable[[str, int], Awaitable[None]]


async def receive(events: AsyncIterator[str]) -> str:
    return await asyncio.wait_for(anext(events), RECEIVE_TIMEOUT)


def new_topic() -> str:
    # Redis pub/sub channels ignore the database number: unique names keep runs apart.
    return f"test.{uuid.uuid4().hex}"


@pytest.fixture
async def redis_client(redis_url: str) -> AsyncIterator[redis.Redis]:
    client = redis.Redis.from_url(redis_url, decode_responses=True)
    yield client
    await client.aclose()


async def numsub(client: redis.Redis, topic: str) -> int:
    counts: list[tuple[bytes | str, int]] = await client.pubsub_numsub(topic)
    return counts[0][1]


def redis_settle(client: redis.Redis) -> Settle:
    async def settle(topic: str, count: int) -> None:
        async def reached() -> bool:
            return await numsub(client, topic) == count

        await eventually(reached, timeout=RECEIVE_TIMEOUT, interval=0.01)

    return settle


@pytest.fixture
async def redis_bus(redis_url: str) -> AsyncIterator[RedisEventBus]:
    bus = RedisEventBus(redis_url)
    yield bus
    await bus.close()


@pytest.fixture(params=["in_process", pytest.param("redis", marks=pytest.mark.redis)])
def bus_and_settle(request: pytest.FixtureRequest) -> tuple[EventBus, Settle]:
    """Each bus, with a way to wait until its subscriptions are live."""
    if request.param == "in_process":

        async def at_once(topic: str, count: int) -> None:
            return None

        return InProcessEventBus(), at_once
    bus: RedisEventBus = request.getfixturevalue("redis_bus")
    client: redis.Redis = request.getfixturevalue("redis_client")
    return bus, redis_settle(client)


async def test_subscribe_receives_own_topic_only(bus_and_settle: tuple[EventBus, Settle]) -> None:
    bus, settle = bus_and_settle
    mine, other = new_topic(), new_topic()
    async with bus.subscribe(mine) as events, bus.subscribe(other) as other_events:
        await settle(mine, 1)
        await settle(other, 1)
        await bus.publish(other, "not for you")
        await bus.publish(mine, "for you")
        # Events arrive in publish order: had "not for you" leaked, it would come first.
        assert await receive(events) == "for you"
        assert await receive(other_events) == "not for you"
        await bus.publish(mine, "second")
        assert await receive(events) == "second"


async def test_publish_reaches_every_subscriber_of_a_topic(
    bus_and_settle: tuple[EventBus, Settle],
) -> None:
    bus, settle = bus_and_settle
    topic = new_topic()
    async with bus.subscribe(topic) as first, bus.subscribe(topic) as second:
        await settle(topic, 1)
        await bus.publish(topic, "one")
        await bus.publish(topic, "two")
        assert [await receive(first), await receive(first)] == ["one", "two"]
        assert [await receive(second), await receive(second)] == ["one", "two"]


async def test_resubscribe_after_close_receives_only_new_events(
    bus_and_settle: tuple[EventBus, Settle],
) -> None:
    bus, settle = bus_and_settle
    topic = new_topic()
    async with bus.subscribe(topic) as events:
        await settle(topic, 1)
        await bus.publish(topic, "while subscribed")
        assert await receive(events) == "while subscribed"
    await settle(topic, 0)
    await bus.publish(topic, "nobody listens")

    async with bus.subscribe(topic) as events:
        await settle(topic, 1)
        await bus.publish(topic, "after resubscribing")
        assert await receive(events) == "after resubscribing"


async def test_close_subscription_unregisters_its_queue(caplog: pytest.LogCaptureFixture) -> None:
    bus = InProcessEventBus()
    topic = new_topic()
    async with bus.subscribe(topic) as events:
        await bus.publish(topic, "hello")
        assert await receive(events) == "hello"
    caplog.set_level(logging.WARNING, logger="infra.eventbus")
    # A queue left behind would fill up after QUEUE_SIZE events and log a drop for each one more.
    for n in range(QUEUE_SIZE + 1):
        await bus.publish(topic, str(n))
    assert [r.getMessage() for r in caplog.records] == []


@pytest.mark.redis
async def test_close_last_subscriber_unsubscribes_topic(
    redis_bus: RedisEventBus, redis_client: redis.Redis
) -> None:
    topic = new_topic()
    settle = redis_settle(redis_client)
    async with redis_bus.subscribe(topic) as first:
        await settle(topic, 1)
        async with redis_bus.subscribe(topic):
            await settle(topic, 1)
        # One connection per process: the topic stays subscribed while anyone local listens.
        assert await numsub(redis_client, topic) == 1
        await redis_bus.publish(topic, "still here")
        assert await receive(first) == "still here"
    await settle(topic, 0)
    await redis_bus.publish(topic, "after everyone left")
    assert await numsub(redis_client, topic) == 0


async def test_publish_with_a_full_subscriber_still_reaches_others(
    caplog: pytest.LogCaptureFixture,
) -> None:
    bus = InProcessEventBus()
    topic = new_topic()
    caplog.set_level(logging.WARNING, logger="infra.eventbus")
    async with bus.subscribe(topic) as slow, bus.subscribe(topic) as fast:
        for n in range(QUEUE_SIZE):
            await bus.publish(topic, f"event {n}")
        assert [await receive(fast) for _ in range(QUEUE_SIZE)][-1] == f"event {QUEUE_SIZE - 1}"

        # The slow queue is full: publishing must neither block nor fail, and `fast` still gets it.
        await asyncio.wait_for(bus.publish(topic, "overflow"), timeout=1.0)
        assert await receive(fast) == "overflow"
        assert [r.getMessage() for r in caplog.records] == [
            f"dropping an event for a slow subscriber of {topic}"
        ]

        # The slow subscriber keeps what fitted, loses the overflow, and recovers afterwards.
        assert [await receive(slow) for _ in range(QUEUE_SIZE)][-1] == f"event {QUEUE_SIZE - 1}"
        await bus.publish(topic, "after catching up")
        assert await receive(slow) == "after catching up"


@pytest.mark.redis
async def test_publish_reaches_subscribers_of_another_process(
    redis_url: str, redis_client: redis.Redis
) -> None:
    api, worker = RedisEventBus(redis_url), RedisEventBus(redis_url)
    topic = new_topic()
    settle = redis_settle(redis_client)
    try:
        async with api.subscribe(topic) as on_api, worker.subscribe(topic) as on_worker:
            await settle(topic, 2)
            await worker.publish(topic, "from the worker")
            assert await receive(on_api) == "from the worker"
            assert await receive(on_worker) == "from the worker"
            await api.publish(topic, "from the api")
            assert await receive(on_worker) == "from the api"
            assert await receive(on_api) == "from the api"
    finally:
        await api.close()
        await worker.close()


@pytest.mark.redis
async def test_ping_answers_when_redis_is_up(redis_bus: RedisEventBus) -> None:
    await redis_bus.ping()


@pytest.mark.redis
async def test_ping_raises_when_redis_is_unreachable() -> None:
    bus = RedisEventBus(f"redis://127.0.0.1:{free_port()}/15")
    try:
        with pytest.raises(redis.ConnectionError):
            await bus.ping()
    finally:
        await bus.close()
