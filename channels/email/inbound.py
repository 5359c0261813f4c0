"""An Inbound Parse e-mail (`providers.sendgrid.InboundEmail`) as inbound messages.

The body becomes one text message with the subject; each attachment, already stored by the
caller (the webhook must not answer before the bytes are safe: SendGrid does not keep them),
becomes a media message of its own, with the e-mail's Message-ID plus `#n` as its id, so a
replayed delivery finds every part already there.
"""

import uuid
from datetime import datetime, timedelta

from pydantic import BaseModel

from channels.email.quoted_text import readable_text
from channels.inbound import (
    Handoff,
    clipped,
    media_type_of,
    one_line,
    safe_message_id,
)
from domain.conversations import ConversationRef, InboundMessage
from domain.enums import ChannelKind
from domain.message_content import InboundContent, MediaContent, TextContent
from providers.sendgrid import InboundEmail

EMPTY_EMAIL = "(empty e-mail)"


class StoredFile(BaseModel):
    """An attachment of the e-mail, saved in the workspace's file storage."""

    attachment_id: uuid.UUID
    filename: str
    mime_type: str
    size: int


def email_contact_key(email: InboundEmail) -> str:
    """Who the conversation is with: the sender's address (already lower-cased)."""
    return clipped(email.sender, 200)


def part_message_id(email: InboundEmail, part: int) -> str:
    """The client message id of the e-mail's `part`-th attachment (from 1)."""
    return safe_message_id(email.message_id, f"#{part}")


def email_handoff(
    workspace_id: uuid.UUID,
    channel_id: uuid.UUID,
    email: InboundEmail,
    files: list[StoredFile],
    received_at: datetime,
) -> Handoff:
    subject = clipped(email.subject.strip(), 500) or None
    body = readable_text(email.text, email.html)
    messages: list[InboundMessage] = []

    def add(client_message_id: str, content: InboundContent, fallback: str) -> None:
        messages.append(
            InboundMessage(
                client_message_id=client_message_id,
                text=one_line(content, fallback),
                # Apart by a microsecond each, so the thread shows the parts in order.
                received_at=received_at + timedelta(microseconds=len(messages)),
                contact_name=clipped(email.sender_name or "", 200),
                content=content,
                contact_email=email.sender,
            )
        )

    if body or not files:
        text = TextContent(text=clipped(body or EMPTY_EMAIL, 4096), subject=subject)
        add(safe_message_id(email.message_id), text, EMPTY_EMAIL)
    for number, file in enumerate(files, start=1):
        # Without a body, the first file carries the subject, so it is not lost.
        caption = subject if not body and number == 1 else None
        media = MediaContent(
            media_type=media_type_of(file.mime_type),
            attachment_id=file.attachment_id,
            mime_type=clipped(file.mime_type, 200),
            filename=clipped(file.filename, 255),
            caption=clipped(caption, 1024) if caption else None,
            size=file.size,
        )
        add(part_message_id(email, number), media, f"[{media.media_type}]")
    return Handoff(
        ref=ConversationRef(
            workspace_id=workspace_id,
            channel_id=channel_id,
            channel_kind=ChannelKind.email,
            contact_key=email_contact_key(email),
        ),
        messages=messages,
    )
