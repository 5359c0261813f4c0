"""Real-time fan-out of notifications to browsers.

Notifications may be lost (a browser offline, a full queue): clients re-read state on reconnect.
Durable hand-offs go through Temporal, never through this bus.
"""

import asyncio
import contextlib
import logging
from collections import defaultdict
from collections.abc import AsyncIterator
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from typing import Protocol

import redis.asyncio as redis

log = logging.getLogger(__name__)

QUEUE_SIZE = 1000


class EventBus(Protocol):
    async def publish(self, topic: str, payload: str) -> None: ...

    def subscribe(self, topic: str) -> AbstractAsyncContextManager[AsyncIterator[str]]: ...

    async def ping(self) -> None: ...

    async def close(self) -> None: ...


class _LocalFanOut:
    """Topic → the queues of this process's subscribers."""

    def __init__(self) -> None:
        self._queues: defaultdict[str, set[asyncio.Queue[str]]] = defaultdict(set)

    def add(self, topic: str) -> asyncio.Queue[str]:
        queue: asyncio.Queue[str] = asyncio.Queue(maxsize=QUEUE_SIZE)
        self._queues[topic].add(queue)
        return queue

    def remove(self, topic: str, queue: asyncio.Queue[str]) -> bool:
        """Returns True when the topic has no local subscriber left."""
        queues = self._queues.get(topic)
        if queues is None:
            return True
        queues.discard(queue)
        if not queues:
            del self._queues[topic]
            return True
        return False

    def deliver(self, topic: str, payload: str) -> None:
        for queue in list(self._queues.get(topic, ())):
            try:
                queue.put_nowait(payload)
            except asyncio.QueueFull:
                # A stalled browser must not hold back everyone else; it re-reads on reconnect.
                log.warning("dropping an event for a slow subscriber of %s", topic)


async def _drain(queue: asyncio.Queue[str]) -> AsyncIterator[str]:
    while True:
        yield await queue.get()


class InProcessEventBus:
    """For one process running both the API and the worker (`fluxo dev`)."""

    def __init__(self) -> None:
        self._local = _LocalFanOut()

    async def publish(self, topic: str, payload: str) -> None:
        self._local.deliver(topic, payload)

    @asynccontextmanager
    async def subscribe(self, topic: str) -> AsyncIterator[AsyncIterator[str]]:
        queue = self._local.add(topic)
        try:
            yield _drain(queue)
        finally:
            self._local.remove(topic, queue)

    async def ping(self) -> None:
        return None

    async def close(self) -> None:
        return None


class RedisEventBus:
    """Redis pub/sub: one connection per process, fanned out locally to every subscriber."""

    def __init__(self, url: str) -> None:
        self._redis = redis.Redis.from_url(url, decode_responses=True)
        self._pubsub = self._redis.pubsub(ignore_subscribe_messages=True)
        self._local = _LocalFanOut()
        self._lock = asyncio.Lock()
        self._reader: asyncio.Task[None] | None = None

    async def publish(self, topic: str, payload: str) -> None:
        await self._redis.publish(topic, payload)

    @asynccontextmanager
    async def subscribe(self, topic: str) -> AsyncIterator[AsyncIterator[str]]:
        async with self._lock:
            queue = self._local.add(topic)
            await self._pubsub.subscribe(topic)
            if self._reader is None:
                self._reader = asyncio.create_task(self._read_forever())
        try:
            yield _drain(queue)
        finally:
            async with self._lock:
                if self._local.remove(topic, queue):
                    await self._pubsub.unsubscribe(topic)

    async def _read_forever(self) -> None:
        while True:
            try:
                message = await self._pubsub.get_message(timeout=1.0)
            except Exception:
                log.exception("redis pub/sub read failed; retrying")
                await asyncio.sleep(1.0)
                continue
            if message is not None and message.get("type") == "message":
                self._local.deliver(str(message["channel"]), str(message["data"]))

    async def ping(self) -> None:
        await self._redis.ping()

    async def close(self) -> None:
        if self._reader is not None:
            self._reader.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._reader
        await self._pubsub.aclose()  # type: ignore[no-untyped-call]
        await self._redis.aclose()


def create_event_bus(redis_url: str | None) -> EventBus:
    return RedisEventBus(redis_url) if redis_url else InProcessEventBus()
