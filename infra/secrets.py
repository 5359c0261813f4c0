"""Encryption at rest for secrets we must read back (channel credentials, integration tokens).

Fernet (AES-128-CBC + HMAC-SHA256) under keys from settings. Several keys may be configured:
the first encrypts, all decrypt, so a key can be rotated without rewriting every row at once.
"""

from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from sqlalchemy import Text
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator


class SecretsNotConfigured(RuntimeError):
    pass


class SecretBox:
    def __init__(self, keys: list[str]) -> None:
        if not keys:
            raise ValueError("at least one encryption key is needed")
        self._fernet = MultiFernet([Fernet(key.encode()) for key in keys])

    def encrypt(self, plaintext: str) -> str:
        return self._fernet.encrypt(plaintext.encode()).decode()

    def decrypt(self, ciphertext: str) -> str:
        try:
            return self._fernet.decrypt(ciphertext.encode()).decode()
        except InvalidToken as error:
            raise ValueError(
                "cannot decrypt a secret: was it written under another key?"
            ) from error


def new_encryption_key() -> str:
    return Fernet.generate_key().decode()


def parse_keys(value: str) -> list[str]:
    return [key.strip() for key in value.split(",") if key.strip()]


_box: SecretBox | None = None


def configure(box: SecretBox) -> None:
    """Called once per process at start-up, before any encrypted column is read or written."""
    global _box
    _box = box


def _configured() -> SecretBox:
    if _box is None:
        raise SecretsNotConfigured("encryption keys are not configured in this process")
    return _box


class EncryptedText(TypeDecorator[str]):
    """A text column stored encrypted; reads give back the plaintext."""

    impl = Text
    cache_ok = True

    def process_bind_param(self, value: str | None, dialect: Dialect) -> str | None:
        return None if value is None else _configured().encrypt(value)

    def process_result_value(self, value: Any, dialect: Dialect) -> str | None:
        return None if value is None else _configured().decrypt(str(value))
