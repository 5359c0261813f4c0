"""Counting attempts per key in fixed time windows: in this process, or shared through Redis.

Both implementations use the same fixed-window semantics, so a test written for one holds for
the other: the first hit opens a window of `window_seconds`; within it, hits beyond `limit` are
refused until the window ends. (At a window boundary a client can get up to twice the limit
through in a short burst; for log-in and sign-up throttling that is an accepted trade-off for
one counter per key.)
"""

import itertools
import math
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

import redis.asyncio as redis


@dataclass(frozen=True)
class RateLimitResult:
    allowed: bool
    retry_after: int = 0
    """Whole seconds until the window ends (at least 1 when refused, 0 when allowed)."""


class RateLimiter(Protocol):
    async def hit(self, key: str, limit: int, window_seconds: int) -> RateLimitResult: ...

    async def ping(self) -> None: ...

    async def close(self) -> None: ...


@dataclass
class _Window:
    ends_at: float
    count: int


class InProcessRateLimiter:
    """For a single API process. Memory stays bounded: ended windows are pruned, and beyond
    `max_keys` live windows the oldest are forgotten (which can only let attempts through)."""

    def __init__(
        self,
        *,
        max_keys: int = 100_000,
        prune_every: int = 1_000,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._windows: dict[str, _Window] = {}
        self._max_keys = max_keys
        self._prune_every = prune_every
        self._hits_since_prune = 0
        self._clock = clock

    def __len__(self) -> int:
        return len(self._windows)

    async def hit(self, key: str, limit: int, window_seconds: int) -> RateLimitResult:
        # No await in here: on one event loop the read-modify-write cannot interleave.
        now = self._clock()
        self._hits_since_prune += 1
        if self._hits_since_prune >= self._prune_every or len(self._windows) >= self._max_keys:
            self.prune()
        window = self._windows.get(key)
        if window is None or window.ends_at <= now:
            # Re-inserting moves the key to the end, so dict order stays oldest-window-first.
            self._windows.pop(key, None)
            window = _Window(ends_at=now + window_seconds, count=0)
            self._windows[key] = window
        window.count += 1
        if window.count <= limit:
            return RateLimitResult(allowed=True)
        return RateLimitResult(allowed=False, retry_after=max(1, math.ceil(window.ends_at - now)))

    def prune(self) -> None:
        """Drops ended windows; then, if still at the cap, the oldest tenth of the rest."""
        now = self._clock()
        self._hits_since_prune = 0
        for key in [key for key, window in self._windows.items() if window.ends_at <= now]:
            del self._windows[key]
        if len(self._windows) >= self._max_keys:
            # A tenth at once, so a flood of new keys does not make every hit a full scan.
            excess = len(self._windows) - self._max_keys * 9 // 10
            for key in list(itertools.islice(self._windows, excess)):
                del self._windows[key]

    async def ping(self) -> None:
        return None

    async def close(self) -> None:
        self._windows.clear()


# INCR and EXPIRE in one script, so a crash between them cannot leave a counter without expiry
# (which would lock the key out for good) and concurrent API processes share one count.
_HIT_SCRIPT = """
local count = redis.call('INCR', KEYS[1])
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then
    redis.call('PEXPIRE', KEYS[1], ARGV[1])
    ttl = tonumber(ARGV[1])
end
return {count, ttl}
"""

DEFAULT_REDIS_PREFIX = "fluxo:ratelimit:"


class RedisRateLimiter:
    """Shared by every API process; Redis expires the counters, so nothing needs pruning."""

    def __init__(self, url: str, *, prefix: str = DEFAULT_REDIS_PREFIX) -> None:
        self._redis = redis.Redis.from_url(url, decode_responses=True)
        self._prefix = prefix
        self._script = self._redis.register_script(_HIT_SCRIPT)

    async def hit(self, key: str, limit: int, window_seconds: int) -> RateLimitResult:
        count, ttl_ms = await self._script(keys=[self._prefix + key], args=[window_seconds * 1000])
        if int(count) <= limit:
            return RateLimitResult(allowed=True)
        return RateLimitResult(allowed=False, retry_after=max(1, math.ceil(int(ttl_ms) / 1000)))

    async def ping(self) -> None:
        await self._redis.ping()

    async def close(self) -> None:
        await self._redis.aclose()


def create_rate_limiter(redis_url: str | None) -> RateLimiter:
    return RedisRateLimiter(redis_url) if redis_url else InProcessRateLimiter()
