"""SendGrid's two webhooks: checking that a delivery is genuine, and reading it.

Event Webhook (delivery and engagement events): signed. SendGrid signs timestamp + raw body
with ECDSA P-256 / SHA-256 and sends the signature (base64 DER) and the timestamp in
`X-Twilio-Email-Event-Webhook-Signature` / `-Timestamp`; the public key is shown in the
workspace's SendGrid settings and stored per workspace. Verification runs on the raw bytes,
before any JSON parsing, with the `sendgrid` package's `EventWebhook` helper.

Inbound Parse (received e-mail): unsigned by SendGrid. The usual protection, and ours, is a
random secret in the webhook URL path: the channel's `webhook_key`
(`/api/webhooks/email/{webhook_key}/inbound`, shown on the Channels page), compared in
constant time; anyone without the URL cannot post mail into a conversation.
`verify_inbound_secret` does the compare; `inbound.parse_inbound` reads the body.

SendGrid retries both for up to three days, so the same event or e-mail can arrive again,
signed anew: parsing yields the same `sg_event_id` / Message-ID, which is what dedupes.
"""

import hmac
import json
import secrets
import uuid
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, Field
from sendgrid.helpers.eventwebhook import EventWebhook, EventWebhookHeader

from domain.enums import ConsentStatus, MessageStatus
from providers.sendgrid.client import MESSAGE_ARG, WORKSPACE_ARG
from providers.sendgrid.errors import InvalidWebhookSignature, MalformedWebhook
from providers.sendgrid.inbound import InboundAttachment, InboundEmail, parse_inbound

SIGNATURE_HEADER = EventWebhookHeader.SIGNATURE
TIMESTAMP_HEADER = EventWebhookHeader.TIMESTAMP


def new_inbound_secret() -> str:
    """A fresh Inbound Parse URL secret (256 bits, URL-safe)."""
    return secrets.token_urlsafe(32)


def verify_inbound_secret(presented: str, expected: str) -> None:
    """The secret from the request path against the channel's; constant time."""
    if not expected or not hmac.compare_digest(presented.encode(), expected.encode()):
        raise InvalidWebhookSignature("Inbound Parse URL secret does not match")


class EventWebhookVerifier:
    """Checks Event Webhook signatures against one workspace's verification key.

    `max_age`, when set, also refuses deliveries signed longer ago than that. Off by default:
    duplicates are absorbed by `sg_event_id` anyway, and a tight window would drop SendGrid's
    own late retries if it ever reused a signature.
    """

    def __init__(self, public_key: str, *, max_age: timedelta | None = None) -> None:
        try:
            self._helper = EventWebhook(public_key.strip())
        except ValueError as error:
            raise ValueError(f"the Event Webhook verification key is not valid: {error}") from None
        self._max_age = max_age

    def verify(
        self,
        raw_body: bytes,
        signature: str | None,
        timestamp: str | None,
        now: datetime | None = None,
    ) -> None:
        if not signature or not timestamp:
            raise InvalidWebhookSignature("Event Webhook signature or timestamp header missing")
        try:
            # The helper signs `timestamp + payload` as UTF-8 text; decoding strictly and
            # letting it re-encode gives back exactly the raw bytes SendGrid signed.
            good = self._helper.verify_signature(raw_body.decode("utf-8"), signature, timestamp)
        except (ValueError, TypeError):
            # Not UTF-8, not base64, or not a DER signature: forged or mangled in transit.
            good = False
        if not good:
            raise InvalidWebhookSignature("Event Webhook signature does not match")
        if self._max_age is not None:
            self._check_age(timestamp, now or datetime.now(UTC))

    def _check_age(self, timestamp: str, now: datetime) -> None:
        try:
            signed_at = datetime.fromtimestamp(int(timestamp), UTC)
        except (ValueError, OverflowError):
            raise InvalidWebhookSignature("Event Webhook timestamp is not a Unix time") from None
        if self._max_age is not None and abs(now - signed_at) > self._max_age:
            raise InvalidWebhookSignature("Event Webhook delivery is too old")


class EmailEventType(StrEnum):
    processed = "processed"
    deferred = "deferred"
    delivered = "delivered"
    bounce = "bounce"
    dropped = "dropped"
    open = "open"
    click = "click"
    spamreport = "spamreport"
    unsubscribe = "unsubscribe"
    group_unsubscribe = "group_unsubscribe"
    group_resubscribe = "group_resubscribe"
    # Anything SendGrid adds later: kept (so the batch is still acknowledged), acted on by no one.
    other = "other"


class EmailEvent(BaseModel):
    sg_event_id: str = Field(description="Unique per event: the idempotency key for storing it.")
    event: EmailEventType
    raw_event: str
    sg_message_id: str | None = None
    provider_message_id: str | None = Field(
        default=None, description="The X-Message-Id the send returned (sg_message_id's prefix)."
    )
    message_id: uuid.UUID | None = Field(default=None, description="Our custom arg.")
    workspace_id: uuid.UUID | None = Field(default=None, description="Our custom arg.")
    email: str
    occurred_at: datetime
    status: MessageStatus | None = Field(
        default=None, description="What this does to our message's status; None: nothing."
    )
    error_code: str | None = None
    error_message: str | None = None
    consent: ConsentStatus | None = Field(
        default=None, description="What this does to the contact's e-mail consent."
    )
    url: str | None = Field(default=None, description="The clicked link, for `click`.")


def _uuid_arg(event: dict[str, Any], name: str) -> uuid.UUID | None:
    value = event.get(name)
    try:
        return uuid.UUID(str(value)) if value is not None else None
    except ValueError:
        return None


def _text(value: Any) -> str | None:
    return str(value) if value not in (None, "") else None


def _effects(
    kind: EmailEventType, event: dict[str, Any]
) -> tuple[MessageStatus | None, str | None, str | None, ConsentStatus | None]:
    """(status, error code, error message, consent) for one event."""
    reason = _text(event.get("reason")) or _text(event.get("response"))
    match kind:
        case EmailEventType.processed:
            return MessageStatus.sent, None, None, None
        case EmailEventType.delivered:
            return MessageStatus.delivered, None, None, None
        case EmailEventType.open:
            # Apple Mail Privacy Protection opens every message on receipt; that is no reader.
            machine = event.get("sg_machine_open") is True
            return (None if machine else MessageStatus.read), None, None, None
        case EmailEventType.click:
            return MessageStatus.read, None, None, None
        case EmailEventType.bounce:
            code = _text(event.get("status")) or "bounce"
            # type "blocked" is the receiving server refusing us (reputation, content), not a
            # dead address: the message failed, but the contact did not withdraw anything.
            blocked = event.get("type") == "blocked"
            consent = None if blocked else ConsentStatus.opted_out
            return MessageStatus.failed, code, reason, consent
        case EmailEventType.dropped:
            # Dropped because the address was already suppressed; consent was changed then.
            return MessageStatus.failed, "dropped", reason, None
        case EmailEventType.spamreport | EmailEventType.unsubscribe:
            return None, None, None, ConsentStatus.opted_out
        case EmailEventType.group_unsubscribe:
            return None, None, None, ConsentStatus.opted_out
        case EmailEventType.group_resubscribe:
            return None, None, None, ConsentStatus.opted_in
        case EmailEventType.deferred | EmailEventType.other:
            # Deferred: SendGrid keeps trying for 72 h; the message stays as it is.
            return None, None, None, None


def _parse_event(event: Any, index: int) -> EmailEvent:
    if not isinstance(event, dict):
        raise MalformedWebhook(f"event {index} is not an object")
    sg_event_id, raw_event = event.get("sg_event_id"), event.get("event")
    if not isinstance(sg_event_id, str) or not sg_event_id:
        raise MalformedWebhook(f"event {index} has no sg_event_id")
    if not isinstance(raw_event, str) or not raw_event:
        raise MalformedWebhook(f"event {index} has no event type")
    timestamp = event.get("timestamp")
    if not isinstance(timestamp, int | float) or isinstance(timestamp, bool):
        raise MalformedWebhook(f"event {index} has no numeric timestamp")
    kind = EmailEventType(raw_event) if raw_event in EmailEventType.__members__ else None
    kind = kind or EmailEventType.other
    status, error_code, error_message, consent = _effects(kind, event)
    sg_message_id = _text(event.get("sg_message_id"))
    return EmailEvent(
        sg_event_id=sg_event_id,
        event=kind,
        raw_event=raw_event,
        sg_message_id=sg_message_id,
        # sg_message_id is the X-Message-Id plus ".filter…" naming the SendGrid host.
        provider_message_id=sg_message_id.split(".filter", 1)[0] if sg_message_id else None,
        message_id=_uuid_arg(event, MESSAGE_ARG),
        workspace_id=_uuid_arg(event, WORKSPACE_ARG),
        email=str(event.get("email") or "").strip().lower(),
        occurred_at=datetime.fromtimestamp(timestamp, UTC),
        status=status,
        error_code=error_code,
        error_message=error_message,
        consent=consent,
        url=_text(event.get("url")) if kind is EmailEventType.click else None,
    )


def parse_events(raw_body: bytes) -> list[EmailEvent]:
    """The events of one Event Webhook POST (a JSON array); `MalformedWebhook` otherwise."""
    try:
        body = json.loads(raw_body)
    except (ValueError, UnicodeDecodeError):
        raise MalformedWebhook("Event Webhook body is not JSON") from None
    if not isinstance(body, list):
        raise MalformedWebhook("Event Webhook body is not a JSON array")
    return [_parse_event(event, index) for index, event in enumerate(body)]


__all__ = [
    "SIGNATURE_HEADER",
    "TIMESTAMP_HEADER",
    "EmailEvent",
    "EmailEventType",
    "EventWebhookVerifier",
    "InboundAttachment",
    "InboundEmail",
    "new_inbound_secret",
    "parse_events",
    "parse_inbound",
    "verify_inbound_secret",
]
