"""SendGrid Inbound Parse: the multipart/form-data POST of a received e-mail, parsed.

Parsed from the raw body (not a framework's form object) because SendGrid posts each text
field in the e-mail's own charset and names it in the `charsets` field; a framework would
already have decoded it as UTF-8. Both documented modes are read: the default (fields `from`,
`to`, `subject`, `text`, `html`, `headers`, `envelope`, `charsets`, `attachments`,
`attachment-info`, `attachmentN` files) and "POST the raw, full MIME message" (field `email`).
"""

import hashlib
import json
import re
from datetime import datetime
from email import policy
from email.message import EmailMessage, Message
from email.parser import BytesParser, HeaderParser
from email.utils import getaddresses, parseaddr, parsedate_to_datetime
from typing import Any

from pydantic import BaseModel, Field

from domain.contact_values import normalize_email
from providers.sendgrid.errors import MalformedWebhook

MESSAGE_ID = re.compile(r"<[^<>\s]+>")


class InboundAttachment(BaseModel):
    field: str = Field(description="The form field it came in: attachment1, attachment2, …")
    filename: str
    content_type: str
    content_id: str | None = Field(default=None, description="Set for inline images.")
    content: bytes


class InboundEmail(BaseModel):
    message_id: str = Field(
        description="The Message-ID header: the provider message id that makes retries dedupe."
    )
    in_reply_to: str | None = None
    references: list[str] = Field(default_factory=list)
    sender: str = Field(description="From address, normalised like contacts' e-mails.")
    sender_name: str | None = None
    recipients: list[str] = Field(description="Envelope recipients: which of our addresses.")
    subject: str = ""
    text: str = ""
    html: str = ""
    sent_at: datetime | None = Field(default=None, description="The Date header, if readable.")
    spam_score: float | None = None
    attachments: list[InboundAttachment] = Field(default_factory=list)


class _Part(BaseModel):
    name: str
    filename: str | None
    content_type: str
    data: bytes


def _form_parts(raw_body: bytes, content_type: str) -> list[_Part]:
    if not content_type.lower().startswith("multipart/form-data") or "boundary=" not in (
        content_type.lower()
    ):
        raise MalformedWebhook("Inbound Parse posts multipart/form-data with a boundary")
    if "\r" in content_type or "\n" in content_type:
        raise MalformedWebhook("the Content-Type header has a line break")
    head = f"Content-Type: {content_type}\r\n\r\n".encode("latin-1", "replace")
    message = BytesParser(policy=policy.HTTP).parsebytes(head + raw_body)
    if not isinstance(message, EmailMessage) or not message.is_multipart():
        raise MalformedWebhook("the multipart body could not be read")
    parts: list[_Part] = []
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        if not isinstance(name, str):
            continue
        data = part.get_payload(decode=True)
        parts.append(
            _Part(
                name=name,
                filename=part.get_filename(),
                content_type=part.get_content_type(),
                data=data if isinstance(data, bytes) else b"",
            )
        )
    if not parts:
        raise MalformedWebhook("the multipart body has no fields")
    return parts


def _json_field(fields: dict[str, str], name: str) -> Any:
    if name not in fields or not fields[name].strip():
        return None
    try:
        return json.loads(fields[name])
    except ValueError:
        raise MalformedWebhook(f"field {name!r} is not JSON") from None


def _decode_fields(parts: list[_Part]) -> dict[str, str]:
    """Text fields decoded with the charset `charsets` gives each (UTF-8 when it gives none)."""
    raw = {part.name: part.data for part in parts if part.filename is None}
    charsets_raw = raw.get("charsets", b"").decode("utf-8", "replace")
    try:
        charsets = json.loads(charsets_raw) if charsets_raw.strip() else {}
    except ValueError:
        raise MalformedWebhook("field 'charsets' is not JSON") from None
    if not isinstance(charsets, dict):
        raise MalformedWebhook("field 'charsets' is not a JSON object")
    fields: dict[str, str] = {}
    for name, data in raw.items():
        charset = charsets.get(name)
        try:
            fields[name] = data.decode(charset if isinstance(charset, str) else "utf-8", "replace")
        except LookupError:
            fields[name] = data.decode("utf-8", "replace")
    return fields


def _ids(value: str | None) -> list[str]:
    return MESSAGE_ID.findall(value or "")


def _fallback_message_id(headers: Message, body: str) -> str:
    # No Message-ID (rare, but RFC 5322 only says "should"): a digest of what SendGrid sends
    # again on a retry, so a retried delivery still dedupes.
    digest = hashlib.sha256((str(headers) + body).encode("utf-8", "replace")).hexdigest()
    return f"<{digest[:40]}@inbound.invalid>"


def _sent_at(headers: Message) -> datetime | None:
    date = headers.get("Date")
    if not date:
        return None
    try:
        return parsedate_to_datetime(str(date))
    except (TypeError, ValueError):
        return None


def _sender(from_field: str, envelope: Any) -> tuple[str, str | None]:
    name, address = parseaddr(from_field)
    if not address and isinstance(envelope, dict) and isinstance(envelope.get("from"), str):
        address = envelope["from"]
    try:
        return normalize_email(address), name or None
    except ValueError as error:
        raise MalformedWebhook(f"sender: {error}") from None


def _recipients(envelope: Any, to_field: str) -> list[str]:
    to = envelope.get("to") if isinstance(envelope, dict) else None
    addresses = to if isinstance(to, list) else [a for _, a in getaddresses([to_field]) if a]
    return [str(address).strip().lower() for address in addresses if str(address).strip()]


def _attachments(parts: list[_Part], info: Any) -> list[InboundAttachment]:
    described = info if isinstance(info, dict) else {}
    found: list[InboundAttachment] = []
    for part in parts:
        if part.filename is None:
            continue
        meta = described.get(part.name)
        meta = meta if isinstance(meta, dict) else {}
        found.append(
            InboundAttachment(
                field=part.name,
                filename=str(meta.get("filename") or part.filename),
                content_type=str(meta.get("type") or part.content_type),
                content_id=meta.get("content-id")
                if isinstance(meta.get("content-id"), str)
                else None,
                content=part.data,
            )
        )
    return found


def _raw_mime_bodies(raw_email: bytes) -> tuple[Message, str, str, list[InboundAttachment]]:
    """The "send raw" mode: headers, bodies and attachments read from the full MIME message."""
    message = BytesParser(policy=policy.default).parsebytes(raw_email)
    if not isinstance(message, EmailMessage):
        raise MalformedWebhook("field 'email' is not a MIME message")
    texts = {}
    for kind in ("plain", "html"):
        body = message.get_body(preferencelist=(kind,))
        texts[kind] = str(body.get_content()) if isinstance(body, EmailMessage) else ""
    attachments: list[InboundAttachment] = []
    for index, part in enumerate(message.iter_attachments(), start=1):
        payload = part.get_payload(decode=True)
        cid = part.get("Content-ID")
        attachments.append(
            InboundAttachment(
                field=f"attachment{index}",
                filename=part.get_filename() or f"attachment{index}",
                content_type=part.get_content_type(),
                content_id=str(cid).strip("<>") if cid else None,
                content=payload if isinstance(payload, bytes) else b"",
            )
        )
    return message, texts["plain"], texts["html"], attachments


def parse_inbound(raw_body: bytes, content_type: str) -> InboundEmail:
    """The e-mail in one Inbound Parse POST; `MalformedWebhook` if it is not one."""
    parts = _form_parts(raw_body, content_type)
    fields = _decode_fields(parts)
    envelope = _json_field(fields, "envelope")
    raw_email = next((p.data for p in parts if p.name == "email"), None)
    if raw_email is not None:
        headers, text, html, attachments = _raw_mime_bodies(raw_email)
    else:
        if "headers" not in fields:
            raise MalformedWebhook("field 'headers' is missing")
        headers = HeaderParser(policy=policy.compat32).parsestr(fields["headers"])
        text, html = fields.get("text", ""), fields.get("html", "")
        attachments = _attachments(parts, _json_field(fields, "attachment-info"))
    from_field = fields.get("from") or str(headers.get("From") or "")
    sender, sender_name = _sender(from_field, envelope)
    message_ids = _ids(str(headers.get("Message-ID") or ""))
    in_reply_to = _ids(str(headers.get("In-Reply-To") or ""))
    try:
        spam_score = float(fields["spam_score"]) if fields.get("spam_score") else None
    except ValueError:
        spam_score = None
    return InboundEmail(
        message_id=message_ids[0] if message_ids else _fallback_message_id(headers, text + html),
        in_reply_to=in_reply_to[0] if in_reply_to else None,
        references=_ids(str(headers.get("References") or "")),
        sender=sender,
        sender_name=sender_name,
        recipients=_recipients(envelope, fields.get("to") or str(headers.get("To") or "")),
        subject=fields.get("subject") or str(headers.get("Subject") or ""),
        text=text,
        html=html,
        sent_at=_sent_at(headers),
        spam_score=spam_score,
        attachments=attachments,
    )
