"""Passwords, session tokens and widget visitor tokens. Pure functions: no I/O."""

import hashlib
import hmac
import secrets
import uuid

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

# argon2id with the library's defaults, which follow RFC 9106's recommended profile.
_hasher = PasswordHasher()
# Verifying against this when the e-mail is unknown keeps both answers equally slow.
_DUMMY_HASH = _hasher.hash(secrets.token_hex(16))


def use_fast_password_hashing() -> None:
    """Tests only: the default parameters cost ~0.3 s a hash."""
    global _hasher, _DUMMY_HASH
    _hasher = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    _DUMMY_HASH = _hasher.hash(secrets.token_hex(16))


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    try:
        return _hasher.verify(password_hash or _DUMMY_HASH, password) and password_hash is not None
    except (VerificationError, InvalidHashError):
        return False


def new_token() -> str:
    return secrets.token_urlsafe(32)


def token_digest(token: str) -> str:
    """Sessions are stored by digest, so a leaked table holds no usable cookie."""
    return hashlib.sha256(token.encode()).hexdigest()


def new_public_key() -> str:
    return secrets.token_urlsafe(18)


def issue_visitor_token(secret: str, channel_id: uuid.UUID, visitor_id: str | None = None) -> str:
    """A web chat visitor's identity: a random id (or the one given: 32 hex characters),
    signed for the channel it belongs to."""
    visitor_id = visitor_id or secrets.token_hex(16)
    return f"{visitor_id}.{_visitor_signature(secret, channel_id, visitor_id)}"


def read_visitor_token(secret: str, channel_id: uuid.UUID, token: str) -> str | None:
    """The visitor id inside a valid token, or None."""
    visitor_id, _, signature = token.partition(".")
    if len(visitor_id) != 32 or not signature:
        return None
    expected = _visitor_signature(secret, channel_id, visitor_id)
    # Bytes, because compare_digest refuses non-ASCII str and tokens arrive from anyone.
    matches = hmac.compare_digest(expected.encode(), signature.encode())
    return visitor_id if matches else None


def _visitor_signature(secret: str, channel_id: uuid.UUID, visitor_id: str) -> str:
    message = f"webchat-visitor:{channel_id}:{visitor_id}".encode()
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


API_KEY_PREFIX = "fx_"


def new_api_key() -> tuple[str, str]:
    """A new key and the prefix shown in lists; only the key's digest is stored."""
    key = API_KEY_PREFIX + secrets.token_urlsafe(32)
    return key, key[:10]
