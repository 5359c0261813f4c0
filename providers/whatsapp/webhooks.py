"""WhatsApp Cloud API webhooks: the subscription handshake, the `X-Hub-Signature-256` check on the
raw body, and parsing of `whatsapp_business_account` notifications into `models.py` types.

Order matters: `verified_notification` checks the signature on the exact bytes received before
anything is decoded, because a re-serialised body would not match and an unverified body must
never reach the parser. Parsing is tolerant where Meta evolves (new message types, new statuses,
new fields are kept as "unsupported" or listed in `ignored`) and strict only on the envelope.
"""

import hashlib
import hmac
import json
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from domain.enums import MessageStatus
from providers.whatsapp.models import (
    ButtonContent,
    ContactsContent,
    DeliveryError,
    InboundContent,
    InboundMessage,
    InteractiveReplyContent,
    LocationContent,
    MediaContent,
    ReactionContent,
    SharedContact,
    SharedPhone,
    StatusUpdate,
    TemplateStatusUpdate,
    TextContent,
    UnsupportedContent,
    WhatsAppNotification,
)

SIGNATURE_HEADER = "X-Hub-Signature-256"
MEDIA_KINDS = ("image", "audio", "video", "document", "sticker")
STATUSES = {
    "sent": MessageStatus.sent,
    "delivered": MessageStatus.delivered,
    "read": MessageStatus.read,
    "failed": MessageStatus.failed,
}


class WebhookVerificationError(ValueError):
    """The subscription handshake did not carry our verify token: answer 403."""


class WebhookSignatureError(ValueError):
    """Missing or wrong `X-Hub-Signature-256`: answer 401/403 and parse nothing."""


class WebhookPayloadError(ValueError):
    """Signed but not a notification we can read: answer 400 (Meta will not fix it by retrying)."""


def answer_verification(params: Mapping[str, str], verify_token: str) -> str:
    """The `hub.challenge` to echo back when Meta's GET carries our verify token, else raise."""
    token = params.get("hub.verify_token") or ""
    challenge = params.get("hub.challenge")
    # Constant-time even here: the verify token is a shared secret an attacker could probe.
    token_matches = hmac.compare_digest(token.encode(), verify_token.encode())
    if params.get("hub.mode") != "subscribe" or challenge is None or not token_matches:
        raise WebhookVerificationError("webhook verification refused")
    return challenge


def signature_for(app_secret: str, raw_body: bytes) -> str:
    """The header value Meta sends: `sha256=` + hex HMAC-SHA256 of the raw body with the secret."""
    digest = hmac.new(app_secret.encode(), raw_body, hashlib.sha256).hexdigest()
    return f"sha256={digest}"


def verify_signature(app_secret: str, raw_body: bytes, header: str | None) -> None:
    if not header or not header.startswith("sha256="):
        raise WebhookSignatureError(f"missing or malformed {SIGNATURE_HEADER}")
    expected = signature_for(app_secret, raw_body)
    # Constant time, so response timing does not leak how much of a forged digest was right.
    # Lowercased because hex case carries no meaning (Meta sends lowercase).
    if not hmac.compare_digest(expected.encode(), header.strip().lower().encode()):
        raise WebhookSignatureError(f"{SIGNATURE_HEADER} does not match the body")


def verified_notification(
    app_secret: str, raw_body: bytes, signature_header: str | None
) -> WhatsAppNotification:
    verify_signature(app_secret, raw_body, signature_header)
    return parse_notification(raw_body)


# --- the wire format (only what we read; Meta adds fields freely, so extras are ignored) ---


class _Change(BaseModel):
    field: str
    value: dict[str, Any]


class _Entry(BaseModel):
    id: str
    time: int | None = None
    changes: list[_Change] = Field(default_factory=list)


class _Envelope(BaseModel):
    object: Literal["whatsapp_business_account"]
    entry: list[_Entry]


class _Metadata(BaseModel):
    phone_number_id: str
    display_phone_number: str | None = None


class _Profile(BaseModel):
    name: str | None = None


class _Contact(BaseModel):
    wa_id: str
    profile: _Profile | None = None


class _Context(BaseModel):
    id: str | None = None
    forwarded: bool = False
    frequently_forwarded: bool = False


class _Message(BaseModel):
    model_config = ConfigDict(populate_by_name=True)

    id: str
    sender: str = Field(alias="from")
    timestamp: int
    type: str
    context: _Context | None = None


class _StatusError(BaseModel):
    code: int
    title: str
    message: str | None = None
    error_data: dict[str, Any] | None = None


class _Status(BaseModel):
    id: str
    status: str
    timestamp: int
    recipient_id: str
    errors: list[_StatusError] = Field(default_factory=list)
    biz_opaque_callback_data: str | None = None


class _MessagesValue(BaseModel):
    metadata: _Metadata
    contacts: list[_Contact] = Field(default_factory=list)
    messages: list[dict[str, Any]] = Field(default_factory=list)
    statuses: list[_Status] = Field(default_factory=list)


class _TemplateValue(BaseModel):
    event: str
    message_template_id: int | str | None = None
    message_template_name: str
    message_template_language: str
    reason: str | None = None


def _utc(seconds: int) -> datetime:
    return datetime.fromtimestamp(seconds, UTC)


def parse_notification(raw_body: bytes) -> WhatsAppNotification:
    """A verified body as typed items; `WebhookPayloadError` if it is not a WABA notification."""
    try:
        envelope = _Envelope.model_validate(json.loads(raw_body))
    except (ValueError, ValidationError) as error:  # JSONDecodeError is a ValueError
        raise WebhookPayloadError(f"not a WhatsApp notification: {error}") from error
    result = WhatsAppNotification()
    for entry in envelope.entry:
        for change in entry.changes:
            try:
                if change.field == "messages":
                    _add_messages(result, _MessagesValue.model_validate(change.value))
                elif change.field == "message_template_status_update":
                    value = _TemplateValue.model_validate(change.value)
                    result.template_updates.append(_template_update(entry, value))
                else:
                    result.ignored.append(f"field:{change.field}")
            except ValidationError as error:
                raise WebhookPayloadError(f"malformed {change.field} change: {error}") from error
    return result


def _template_update(entry: _Entry, value: _TemplateValue) -> TemplateStatusUpdate:
    template_id = value.message_template_id
    return TemplateStatusUpdate(
        waba_id=entry.id,
        template_id=None if template_id is None else str(template_id),
        name=value.message_template_name,
        language=value.message_template_language,
        event=value.event,
        reason=value.reason,
        timestamp=_utc(entry.time) if entry.time is not None else datetime.now(UTC),
    )


def _add_messages(result: WhatsAppNotification, value: _MessagesValue) -> None:
    phone_number_id = value.metadata.phone_number_id
    names = {c.wa_id: c.profile.name for c in value.contacts if c.profile is not None}
    for raw in value.messages:
        message = _Message.model_validate(raw)
        context = message.context
        result.messages.append(
            InboundMessage(
                provider_message_id=message.id,
                phone_number_id=phone_number_id,
                sender_wa_id=message.sender,
                sender_name=names.get(message.sender),
                timestamp=_utc(message.timestamp),
                reply_to_message_id=context.id if context is not None else None,
                forwarded=context is not None
                and (context.forwarded or context.frequently_forwarded),
                content=_content(message.type, raw),
            )
        )
    for status in value.statuses:
        mapped = STATUSES.get(status.status)
        if mapped is None:
            # e.g. "deleted" or "warning": not a delivery state of ours; logged, not fatal.
            result.ignored.append(f"status:{status.status}")
            continue
        result.statuses.append(
            StatusUpdate(
                provider_message_id=status.id,
                phone_number_id=phone_number_id,
                recipient_wa_id=status.recipient_id,
                status=mapped,
                timestamp=_utc(status.timestamp),
                errors=[_delivery_error(e) for e in status.errors],
                callback_data=status.biz_opaque_callback_data,
            )
        )


def _delivery_error(error: _StatusError) -> DeliveryError:
    details = (error.error_data or {}).get("details")
    return DeliveryError(
        code=error.code,
        title=error.title,
        message=error.message,
        details=details if isinstance(details, str) else None,
    )


def _content(kind: str, raw: dict[str, Any]) -> InboundContent:
    """The kind-specific payload; anything unknown or broken becomes `UnsupportedContent`."""
    body = raw.get(kind)
    try:
        return _known_content(kind, body, raw)
    # A payload of the wrong shape (missing key, null, list for dict) must not fail the whole
    # delivery: Meta would retry it for days. ValidationError is a ValueError.
    except (AttributeError, KeyError, TypeError, ValueError) as error:
        return UnsupportedContent(provider_type=kind, reason=f"malformed {kind}: {error}", raw=raw)


def _known_content(kind: str, body: Any, raw: dict[str, Any]) -> InboundContent:
    if kind == "text":
        return TextContent(body=body["body"])
    if kind in MEDIA_KINDS:
        return MediaContent.model_validate(
            {
                "kind": kind,
                "media_id": body["id"],
                "mime_type": body.get("mime_type"),
                "sha256": body.get("sha256"),
                "caption": body.get("caption"),
                "filename": body.get("filename"),
                "voice": bool(body.get("voice", False)),
            }
        )
    if kind == "location":
        return LocationContent.model_validate(body)
    if kind == "contacts":
        return ContactsContent(contacts=[_shared_contact(card) for card in body])
    if kind == "interactive" and body.get("type") in ("button_reply", "list_reply"):
        reply = body[body["type"]]
        return InteractiveReplyContent(
            reply_type=body["type"],
            reply_id=reply["id"],
            title=reply["title"],
            description=reply.get("description"),
        )
    if kind == "button":
        return ButtonContent(text=body["text"], payload=body.get("payload"))
    if kind == "reaction":
        # Meta sends an empty (or absent) emoji when the customer removes their reaction.
        return ReactionContent(message_id=body["message_id"], emoji=body.get("emoji") or None)
    errors = raw.get("errors")
    reason = f"unsupported message type {kind!r}"
    if isinstance(errors, list) and errors and isinstance(errors[0], dict):
        reason = str(errors[0].get("title") or errors[0].get("message") or reason)
    return UnsupportedContent(provider_type=kind, reason=reason, raw=raw)


def _shared_contact(card: dict[str, Any]) -> SharedContact:
    name = card.get("name") or {}
    org = card.get("org") or {}
    return SharedContact(
        formatted_name=name.get("formatted_name") or name.get("first_name") or "",
        phones=[SharedPhone.model_validate(p) for p in card.get("phones") or []],
        emails=[e["email"] for e in card.get("emails") or [] if e.get("email")],
        organization=org.get("company"),
    )
