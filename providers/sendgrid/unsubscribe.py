"""One-click unsubscribe (RFC 8058) for marketing e-mail.

The token names a (workspace, contact) pair and carries an HMAC over it, so the public
`/u/{token}` endpoint needs no login and no lookup table, and nobody can unsubscribe a contact
whose token they did not receive. Layout, base64url without padding:
`version (1 byte) | workspace id (16) | contact id (16) | tag (16)`, where tag is the first 16
bytes of HMAC-SHA256(key, "fluxo-unsubscribe" | version | workspace | contact). 128 bits of tag
is what signed-URL schemes use; the whole token stays short enough for a header line.

The key is a server-side secret (settings), not a provider credential: rotating it is done by
passing the old key in `previous_keys` until the mail that carried it has aged out.
"""

import base64
import binascii
import hashlib
import hmac
import re
import uuid
from collections.abc import Iterable
from urllib.parse import quote

from pydantic import BaseModel

VERSION = 1
TAG_BYTES = 16
DOMAIN = b"fluxo-unsubscribe"
TOKEN_BYTES = 1 + 16 + 16 + TAG_BYTES
ONE_CLICK = "List-Unsubscribe=One-Click"
# What our mailto: link puts in the subject, so an unsubscribe by e-mail can be recognised
# when it comes back through Inbound Parse.
SUBJECT_PREFIX = "unsubscribe "
SUBJECT_TOKEN = re.compile(r"\bunsubscribe\s+([A-Za-z0-9_-]{40,80})\b", re.IGNORECASE)


class InvalidUnsubscribeToken(ValueError):
    """Not a token we issued (forged, truncated, or signed with a retired key)."""


class UnsubscribeTarget(BaseModel):
    workspace_id: uuid.UUID
    contact_id: uuid.UUID


def _tag(key: bytes, body: bytes) -> bytes:
    return hmac.new(key, DOMAIN + body, hashlib.sha256).digest()[:TAG_BYTES]


class UnsubscribeSigner:
    def __init__(self, key: bytes, previous_keys: Iterable[bytes] = ()) -> None:
        if len(key) < 32:
            raise ValueError("the unsubscribe key must be at least 32 bytes")
        self._key = key
        self._all_keys = (key, *previous_keys)

    def token(self, workspace_id: uuid.UUID, contact_id: uuid.UUID) -> str:
        body = bytes([VERSION]) + workspace_id.bytes + contact_id.bytes
        raw = body + _tag(self._key, body)
        return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")

    def verify(self, token: str) -> UnsubscribeTarget:
        try:
            raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
        except (binascii.Error, ValueError):
            raise InvalidUnsubscribeToken("unsubscribe token is not base64url") from None
        if len(raw) != TOKEN_BYTES or raw[0] != VERSION:
            raise InvalidUnsubscribeToken("unsubscribe token has the wrong shape")
        body, tag = raw[:-TAG_BYTES], raw[-TAG_BYTES:]
        # Check every key without stopping early, so timing does not tell which key matched.
        matches = [hmac.compare_digest(_tag(key, body), tag) for key in self._all_keys]
        if not any(matches):
            raise InvalidUnsubscribeToken("unsubscribe token signature does not match")
        return UnsubscribeTarget(
            workspace_id=uuid.UUID(bytes=body[1:17]), contact_id=uuid.UUID(bytes=body[17:33])
        )


def unsubscribe_url(public_base_url: str, token: str) -> str:
    return f"{public_base_url.rstrip('/')}/u/{token}"


def list_unsubscribe_headers(
    public_base_url: str, token: str, mailto: str | None = None
) -> dict[str, str]:
    """`List-Unsubscribe` (HTTPS first, then mailto:) and RFC 8058's `List-Unsubscribe-Post`.

    RFC 8058 needs an HTTPS URI for one-click; the mailto: is a fallback for clients without it.
    The URL's endpoint must act on POST only (a GET shows a confirmation page), because mail
    scanners follow links with GET.
    """
    links = [f"<{unsubscribe_url(public_base_url, token)}>"]
    if mailto:
        links.append(f"<mailto:{mailto}?subject={quote(SUBJECT_PREFIX + token)}>")
    return {"List-Unsubscribe": ", ".join(links), "List-Unsubscribe-Post": ONE_CLICK}


def token_from_subject(subject: str) -> str | None:
    """The token of a mailto: unsubscribe, read back from the inbound e-mail's subject."""
    match = SUBJECT_TOKEN.search(subject)
    return match.group(1) if match else None
