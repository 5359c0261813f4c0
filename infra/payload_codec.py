"""Encrypts every payload Fluxo hands to Temporal: workflow inputs, signals, activity inputs and
results, query answers, and failure messages.

Envelope encryption: each workspace has its own data key (AES-256-GCM), kept wrapped by the
master keys (`FLUXO_ENCRYPTION_KEYS`) in the database; destroying a workspace's keys leaves every
history, archive and backup of it unreadable (LGPD). The workspace comes from the serialization
context: every workflow id of ours starts `<kind>/<workspace id>/`. Payloads without a workspace
(no context, or another id) use the `system` scope. Payloads written before encryption was on
(recorded histories, runs in flight) are passed through as they are.
"""

import os
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from temporalio.api.common.v1 import Payload
from temporalio.converter import (
    ActivitySerializationContext,
    PayloadCodec,
    SerializationContext,
    WithSerializationContext,
    WorkflowSerializationContext,
)

ENCODING = b"binary/encrypted"
CIPHER = b"AES-256-GCM"
KEY_ID = "encryption-key-id"
SYSTEM_SCOPE = "system"
NONCE_BYTES = 12


class KeyUnavailable(Exception):
    """The data key a payload was encrypted with no longer exists (destroyed with its
    workspace) or never existed here: the payload cannot be read."""


class KeyRing(Protocol):
    """Where data keys live (`stores.workspace_keys` keeps them wrapped in the database)."""

    async def current(self, scope: str) -> tuple[int, bytes]:
        """The key new payloads of `scope` are encrypted with, created on first use."""
        ...

    async def find(self, scope: str, key_id: int) -> bytes | None:
        """A key by its id, or None when it is gone."""
        ...


def scope_of_workflow(workflow_id: str | None) -> str:
    """The workspace a workflow id belongs to (`conversation/<ws>/…`), or the system scope."""
    if workflow_id:
        parts = workflow_id.split("/")
        if len(parts) >= 2:
            try:
                return str(uuid.UUID(parts[1]))
            except ValueError:
                pass
    return SYSTEM_SCOPE


def scope_of_context(context: SerializationContext | None) -> str:
    if isinstance(context, WorkflowSerializationContext | ActivitySerializationContext):
        return scope_of_workflow(context.workflow_id)
    return SYSTEM_SCOPE


@dataclass(frozen=True)
class KeyRef:
    scope: str
    key_id: int

    def encode(self) -> bytes:
        return f"{self.scope}/{self.key_id}".encode()

    @classmethod
    def decode(cls, value: bytes) -> "KeyRef":
        scope, _, key_id = value.decode().rpartition("/")
        if not scope or not key_id.isdigit():
            raise KeyUnavailable(f"malformed key id {value!r}")
        return cls(scope, int(key_id))


def is_encrypted(payload: Payload) -> bool:
    return payload.metadata.get("encoding") == ENCODING


def key_ref_of(payload: Payload) -> KeyRef | None:
    """Which key a payload is encrypted with (None for a plain payload)."""
    if not is_encrypted(payload):
        return None
    return KeyRef.decode(payload.metadata[KEY_ID])


class EncryptingCodec(PayloadCodec, WithSerializationContext):
    def __init__(self, keys: KeyRing, scope: str = SYSTEM_SCOPE) -> None:
        self._keys = keys
        self._scope = scope

    def with_context(self, context: SerializationContext) -> "EncryptingCodec":
        return EncryptingCodec(self._keys, scope_of_context(context))

    @property
    def scope(self) -> str:
        return self._scope

    @property
    def keys(self) -> KeyRing:
        return self._keys

    async def encode(self, payloads: Sequence[Payload]) -> list[Payload]:
        if not payloads:
            return []
        key_id, key = await self._keys.current(self._scope)
        ref = KeyRef(self._scope, key_id).encode()
        cipher = AESGCM(key)
        encoded = []
        for payload in payloads:
            nonce = os.urandom(NONCE_BYTES)
            # The key reference is authenticated too: a payload moved under another id fails.
            sealed = cipher.encrypt(nonce, payload.SerializeToString(), ref)
            encoded.append(
                Payload(
                    metadata={"encoding": ENCODING, "encryption-cipher": CIPHER, KEY_ID: ref},
                    data=nonce + sealed,
                )
            )
        return encoded

    async def decode(self, payloads: Sequence[Payload]) -> list[Payload]:
        return [await self.open(payload) for payload in payloads]

    async def open(self, payload: Payload) -> Payload:
        """The plain payload; a plain one is returned as it is."""
        ref = key_ref_of(payload)
        if ref is None:
            return payload
        key = await self._keys.find(ref.scope, ref.key_id)
        if key is None:
            raise KeyUnavailable(
                f"the key {ref.scope}/{ref.key_id} is gone (its workspace was deleted): "
                "this payload can no longer be read"
            )
        data = payload.data
        try:
            plain = AESGCM(key).decrypt(data[:NONCE_BYTES], data[NONCE_BYTES:], ref.encode())
        except InvalidTag as error:
            raise KeyUnavailable(
                f"the payload does not open with key {ref.scope}/{ref.key_id}"
            ) from error
        decoded = Payload()
        decoded.ParseFromString(plain)
        return decoded
