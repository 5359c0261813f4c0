"""The data keys that encrypt Temporal payloads, one set per workspace (and one for `system`),
kept wrapped by the master keys. Keys are cached briefly in each process: a destroyed key stops
opening payloads everywhere within `CACHE_SECONDS`."""

import base64
import os
import time
import uuid

from sqlalchemy import delete, func
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlmodel import col, select

from stores.tables.workspaces import EncryptionKey

CACHE_SECONDS = 300.0
KEY_BYTES = 32


class DatabaseKeyRing:
    def __init__(
        self, sessions: async_sessionmaker[AsyncSession], cache_seconds: float = CACHE_SECONDS
    ) -> None:
        self._sessions = sessions
        self._cache_seconds = cache_seconds
        self._keys: dict[tuple[str, int], tuple[bytes, float]] = {}
        self._current: dict[str, tuple[int, float]] = {}

    def _fresh(self, expires: float) -> bool:
        return time.monotonic() < expires

    def _remember(self, scope: str, key_id: int, key: bytes) -> None:
        self._keys[(scope, key_id)] = (key, time.monotonic() + self._cache_seconds)

    async def current(self, scope: str) -> tuple[int, bytes]:
        cached = self._current.get(scope)
        if cached is not None and self._fresh(cached[1]):
            key = await self.find(scope, cached[0])
            if key is not None:
                return cached[0], key
        async with self._sessions() as session:
            newest = await session.scalar(
                select(func.max(EncryptionKey.key_id)).where(EncryptionKey.scope == scope)
            )
        key_id = newest if newest is not None else await self._create(scope, 1)
        key = await self.find(scope, key_id)
        assert key is not None, "a key just read or written is there"
        self._current[scope] = (key_id, time.monotonic() + self._cache_seconds)
        return key_id, key

    async def rotate(self, scope: str) -> int:
        """A new key for new payloads of `scope`; older ones keep opening what they sealed."""
        async with self._sessions() as session:
            newest = await session.scalar(
                select(func.max(EncryptionKey.key_id)).where(EncryptionKey.scope == scope)
            )
        key_id = await self._create(scope, (newest or 0) + 1)
        self._current.pop(scope, None)
        return key_id

    async def _create(self, scope: str, key_id: int) -> int:
        key = os.urandom(KEY_BYTES)
        try:
            async with self._sessions() as session:
                session.add(
                    EncryptionKey(
                        scope=scope,
                        key_id=key_id,
                        wrapped_key=base64.b64encode(key).decode(),
                    )
                )
                await session.commit()
        except IntegrityError:
            # Another process created this key first: theirs is the one.
            pass
        return key_id

    async def find(self, scope: str, key_id: int) -> bytes | None:
        cached = self._keys.get((scope, key_id))
        if cached is not None and self._fresh(cached[1]):
            return cached[0]
        async with self._sessions() as session:
            row = await session.get(EncryptionKey, (scope, key_id))
        if row is None:
            self._keys.pop((scope, key_id), None)
            return None
        key = base64.b64decode(row.wrapped_key)
        self._remember(scope, key_id, key)
        return key

    async def destroy(self, workspace_id: uuid.UUID) -> int:
        """Crypto-shredding: every payload the workspace ever sent to Temporal becomes
        unreadable, in histories, archives and backups alike. Returns how many keys went."""
        scope = str(workspace_id)
        async with self._sessions() as session:
            result = await session.execute(
                delete(EncryptionKey).where(col(EncryptionKey.scope) == scope)
            )
            await session.commit()
        self._current.pop(scope, None)
        for cached in [k for k in self._keys if k[0] == scope]:
            del self._keys[cached]
        return int(result.rowcount or 0)  # type: ignore[attr-defined]
