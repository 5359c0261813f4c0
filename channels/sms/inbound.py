"""An inbound SMS/MMS (`providers.twilio.InboundSms`) as inbound messages: the text, then one
media message per attached file (its URL at Twilio is the media id the worker fetches)."""

import uuid
from datetime import timedelta

from channels.inbound import (
    Handoff,
    clipped,
    media_type_of,
    one_line,
    safe_message_id,
)
from domain.conversations import ConversationRef, InboundMessage
from domain.enums import ChannelKind
from domain.message_content import InboundContent, MediaContent, TextContent, UnsupportedContent
from providers.twilio import InboundSms

MAX_MEDIA_URL = 200


def _media(url: str, content_type: str) -> MediaContent:
    media_type = media_type_of(content_type)
    if len(url) > MAX_MEDIA_URL:
        return MediaContent(
            media_type=media_type,
            mime_type=clipped(content_type, 200),
            unavailable_reason="The file's address at the SMS provider is too long to keep.",
        )
    return MediaContent(
        media_type=media_type, provider_media_id=url, mime_type=clipped(content_type, 200)
    )


def sms_handoff(workspace_id: uuid.UUID, channel_id: uuid.UUID, sms: InboundSms) -> Handoff:
    phone = sms.sender if sms.sender.startswith("+") else None
    messages: list[InboundMessage] = []

    def add(client_message_id: str, content: InboundContent, fallback: str) -> None:
        messages.append(
            InboundMessage(
                client_message_id=client_message_id,
                text=one_line(content, fallback),
                received_at=sms.received_at + timedelta(microseconds=len(messages)),
                content=content,
                contact_phone=phone,
            )
        )

    text = sms.text.strip()
    if text:
        add(safe_message_id(sms.provider_message_id), TextContent(text=clipped(text, 4096)), text)
    for number, media in enumerate(sms.media, start=1):
        content = _media(media.url, media.content_type)
        add(safe_message_id(sms.provider_message_id, f"#{number}"), content, "[media]")
    if not messages:
        empty = UnsupportedContent(description="An empty message.")
        add(safe_message_id(sms.provider_message_id), empty, "[empty]")
    return Handoff(
        ref=ConversationRef(
            workspace_id=workspace_id,
            channel_id=channel_id,
            channel_kind=ChannelKind.sms,
            contact_key=clipped(sms.sender, 200),
        ),
        messages=messages,
    )
