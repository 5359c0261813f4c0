"""Twilio's inbound-message and status-callback webhooks: `X-Twilio-Signature`, then typed models.

The signature is base64(HMAC-SHA1(auth token, URL + name1 + value1 + name2 + value2 ...)) with the
POST parameters sorted by name. The URL is the one Twilio was configured with: behind a proxy or
load balancer the request we see has another scheme, host or port, so callers pass the public URL
(`public_url()` builds it from the configured origin and the raw path and query we received).
"""

import base64
import hashlib
import hmac
from collections.abc import Sequence
from datetime import datetime
from urllib.parse import SplitResult, parse_qsl, urlsplit, urlunsplit

from pydantic import BaseModel

from domain.contact_values import normalize_phone
from domain.enums import MessageStatus
from providers.twilio.errors import describe_code
from providers.twilio.keywords import KeywordDecision, classify_keyword
from providers.twilio.statuses import map_status

SIGNATURE_HEADER = "X-Twilio-Signature"
# Twilio sends the same token on every retry of one webhook delivery.
MAX_FIELDS = 200  # An MMS with 10 media has ~40 fields; anything far beyond is not Twilio.
MAX_MEDIA = 10

Params = Sequence[tuple[str, str]]


class WebhookError(ValueError):
    """The request must be refused; nothing in it was used."""


class InvalidSignatureError(WebhookError):
    """Missing or wrong `X-Twilio-Signature`: answer 403."""


class MalformedWebhookError(WebhookError):
    """Signed (or unparseable) but not the shape Twilio documents: answer 400."""


class InboundMedia(BaseModel):
    url: str
    content_type: str


class InboundSms(BaseModel):
    provider_message_id: str
    account_sid: str
    sender: str
    recipient: str
    text: str
    media: list[InboundMedia]
    received_at: datetime
    """Twilio's webhook carries no timestamp; this is when we received it."""
    messaging_service_sid: str | None = None
    keyword: KeywordDecision


class SmsStatusUpdate(BaseModel):
    provider_message_id: str
    status: MessageStatus
    provider_status: str
    error_code: int | None = None
    error_message: str | None = None
    account_sid: str | None = None
    recipient: str | None = None
    received_at: datetime


# --- signature -------------------------------------------------------------------------------


def compute_signature(auth_token: str, url: str, params: Params) -> str:
    """Twilio's signature for `url` and the POST params (repeated names sorted by value too)."""
    payload = url + "".join(name + value for name, value in sorted(params))
    digest = hmac.new(auth_token.encode(), payload.encode(), hashlib.sha1).digest()
    return base64.b64encode(digest).decode()


def _with_netloc(parts: SplitResult, netloc: str, fragment: str) -> str:
    return urlunsplit((parts.scheme, netloc, parts.path, parts.query, fragment))


def _url_variants(url: str) -> list[str]:
    """The URL as configured, without its port, and with the scheme's default port.

    Twilio has signed both ways over the years (its own helpers try both). A fragment (Twilio's
    connection overrides, `#rc=2`) never reaches us in the request, and whether Twilio signs it
    is not documented, so both the URL with and without it are accepted.
    """
    parts = urlsplit(url)
    host = parts.hostname or ""
    if ":" in host:
        host = f"[{host}]"  # IPv6 literal
    userinfo = parts.netloc.rpartition("@")[0]
    prefix = f"{userinfo}@" if userinfo else ""
    default_port = 443 if parts.scheme == "https" else 80
    netlocs = [parts.netloc, f"{prefix}{host}", f"{prefix}{host}:{parts.port or default_port}"]
    fragments = [parts.fragment, ""] if parts.fragment else [""]
    variants = [_with_netloc(parts, n, f) for f in fragments for n in netlocs]
    return list(dict.fromkeys(variants))


def verify_signature(auth_token: str, url: str, params: Params, signature: str | None) -> bool:
    if not signature or not auth_token:
        return False
    given = signature.strip().encode()
    # Every variant is computed and compared so the time taken does not depend on which matched.
    matches = [
        hmac.compare_digest(compute_signature(auth_token, variant, params).encode(), given)
        for variant in _url_variants(url)
    ]
    return any(matches)


def public_url(public_origin: str, raw_path: str, raw_query: str = "") -> str:
    """The URL Twilio called, rebuilt from our configured public origin and the raw request target.

    The query string is kept byte for byte (not re-encoded or reordered): it is signed as sent.
    """
    origin = urlsplit(public_origin)
    base_path = origin.path.rstrip("/")
    path = raw_path if raw_path.startswith(base_path + "/") else base_path + raw_path
    return urlunsplit((origin.scheme, origin.netloc, path, raw_query, ""))


# --- parsing ---------------------------------------------------------------------------------


def parse_form(raw_body: bytes) -> list[tuple[str, str]]:
    """The POST params exactly as Twilio sent them; blank values kept because they are signed."""
    try:
        text = raw_body.decode("utf-8")
        return parse_qsl(
            text, keep_blank_values=True, strict_parsing=bool(text), max_num_fields=MAX_FIELDS
        )
    except (UnicodeDecodeError, ValueError) as error:
        raise MalformedWebhookError(f"body is not a form-encoded Twilio webhook: {error}") from None


def verified_form(
    auth_token: str, url: str, raw_body: bytes, signature: str | None
) -> list[tuple[str, str]]:
    """The params of a request that Twilio really sent, or InvalidSignatureError."""
    params = parse_form(raw_body)
    if not verify_signature(auth_token, url, params, signature):
        raise InvalidSignatureError("X-Twilio-Signature is missing or does not match")
    return params


def _single(params: Params) -> dict[str, str]:
    fields: dict[str, str] = {}
    for name, value in params:
        if name in fields:
            raise MalformedWebhookError(f"field {name} appears more than once")
        fields[name] = value
    return fields


def _required(fields: dict[str, str], name: str) -> str:
    value = fields.get(name, "").strip()
    if not value:
        raise MalformedWebhookError(f"field {name} is missing")
    return value


def _address(raw: str) -> str:
    """E.164 when it is a phone number; short codes and alphanumeric IDs stay as sent."""
    try:
        return normalize_phone(raw, default_region=None)
    except ValueError:
        return raw


def _media(fields: dict[str, str]) -> list[InboundMedia]:
    raw_count = fields.get("NumMedia", "0").strip() or "0"
    if not raw_count.isdigit() or int(raw_count) > MAX_MEDIA:
        raise MalformedWebhookError(f"NumMedia {raw_count!r} is not a count of 0 to {MAX_MEDIA}")
    media = []
    for index in range(int(raw_count)):
        url = _required(fields, f"MediaUrl{index}")
        content_type = fields.get(f"MediaContentType{index}", "").strip()
        media.append(InboundMedia(url=url, content_type=content_type or "application/octet-stream"))
    return media


def parse_inbound(params: Params, received_at: datetime) -> InboundSms:
    fields = _single(params)
    text = fields.get("Body", "")
    return InboundSms(
        provider_message_id=_required(fields, "MessageSid"),
        account_sid=_required(fields, "AccountSid"),
        sender=_address(_required(fields, "From")),
        recipient=_address(_required(fields, "To")),
        text=text,
        media=_media(fields),
        received_at=received_at,
        messaging_service_sid=fields.get("MessagingServiceSid") or None,
        keyword=classify_keyword(text, fields.get("OptOutType")),
    )


def parse_status_callback(params: Params, received_at: datetime) -> SmsStatusUpdate:
    fields = _single(params)
    # SmsStatus is the older name of the same field; Twilio still sends both.
    provider_status = fields.get("MessageStatus") or _required(fields, "SmsStatus")
    try:
        status = map_status(provider_status)
    except ValueError as error:
        raise MalformedWebhookError(str(error)) from None
    raw_code = fields.get("ErrorCode", "").strip()
    if raw_code and not raw_code.isdigit():
        raise MalformedWebhookError(f"ErrorCode {raw_code!r} is not a number")
    error_code = int(raw_code) if raw_code else None
    described = describe_code(error_code)
    error_message = (
        described[1] if described else (f"Twilio error {error_code}" if raw_code else None)
    )
    return SmsStatusUpdate(
        provider_message_id=_required(fields, "MessageSid"),
        status=status,
        provider_status=provider_status.strip().lower(),
        error_code=error_code,
        error_message=error_message,
        account_sid=fields.get("AccountSid") or None,
        recipient=_address(fields["To"]) if fields.get("To") else None,
        received_at=received_at,
    )


def read_inbound(
    auth_token: str, url: str, raw_body: bytes, signature: str | None, received_at: datetime
) -> InboundSms:
    """Verify, then parse, an inbound-message webhook."""
    return parse_inbound(verified_form(auth_token, url, raw_body, signature), received_at)


def read_status_callback(
    auth_token: str, url: str, raw_body: bytes, signature: str | None, received_at: datetime
) -> SmsStatusUpdate:
    """Verify, then parse, a status callback."""
    return parse_status_callback(verified_form(auth_token, url, raw_body, signature), received_at)
