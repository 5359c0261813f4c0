"""The unsubscribe key: HKDF-SHA256 of the secret key under its own label, so API and worker
derive the same key, and links in mail already sent keep working across releases."""

import hashlib
import hmac
import uuid

from channels.email.unsubscribe_keys import LABEL, derive_unsubscribe_key, unsubscribe_signer


def rfc5869_hkdf_sha256(secret: bytes, info: bytes) -> bytes:
    """HKDF written out from RFC 5869 (no salt = 32 zero bytes; one block of output)."""
    prk = hmac.new(b"\0" * 32, secret, hashlib.sha256).digest()
    return hmac.new(prk, info + b"\x01", hashlib.sha256).digest()


def test_key_is_hkdf_of_the_secret_under_the_unsubscribe_label() -> None:
    assert LABEL == b"fluxo/unsubscribe-token-key/v1"
    key = derive_unsubscribe_key("test-secret-key")
    assert key == rfc5869_hkdf_sha256(b"test-secret-key", LABEL)
    assert key != rfc5869_hkdf_sha256(b"test-secret-key", b"")
    assert key != derive_unsubscribe_key("test-secret-kez")


def test_signers_from_the_same_secret_accept_each_others_tokens() -> None:
    workspace, contact = uuid.uuid4(), uuid.uuid4()
    token = unsubscribe_signer("shared-secret").token(workspace, contact)
    # A fresh derivation, as another process (the worker) would make it.
    verified = unsubscribe_signer.__wrapped__("shared-secret").verify(token)
    assert (verified.workspace_id, verified.contact_id) == (workspace, contact)
