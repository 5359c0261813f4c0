"""The key that signs unsubscribe tokens, derived from the app's secret key.

Derived rather than configured, so no new setting exists to forget, and the API (which checks
tokens) and the worker (which puts them in marketing mail) agree by reading the same secret.
HKDF with its own label keeps this key independent of every other use of the secret (widget
visitor tokens sign with it directly): knowing one derived key tells nothing about the others.
"""

from functools import lru_cache

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from providers.sendgrid.unsubscribe import UnsubscribeSigner

# Changing the label changes every key, and so voids every unsubscribe link in sent mail.
LABEL = b"fluxo/unsubscribe-token-key/v1"
KEY_BYTES = 32


def derive_unsubscribe_key(secret_key: str) -> bytes:
    if not secret_key:
        raise ValueError("the secret key is empty")
    hkdf = HKDF(algorithm=hashes.SHA256(), length=KEY_BYTES, salt=None, info=LABEL)
    return hkdf.derive(secret_key.encode("utf-8"))


@lru_cache(maxsize=4)
def unsubscribe_signer(secret_key: str) -> UnsubscribeSigner:
    """The signer for this secret (cached: the secret does not change while a process runs)."""
    return UnsubscribeSigner(derive_unsubscribe_key(secret_key))
