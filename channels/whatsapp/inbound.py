"""WhatsApp Cloud API messages (`providers.whatsapp.models`) as the domain's inbound messages.

Media arrives as Meta's media id only: the bytes are fetched later by the worker (the id stays
valid for 30 days), so the webhook answers fast and a slow download never makes Meta retry.
"""

import uuid
from datetime import timedelta
from typing import assert_never

from pydantic import ValidationError

from channels.inbound import Handoff, clipped, one_line, safe_message_id
from domain.conversations import ConversationRef, InboundMessage
from domain.enums import ChannelKind
from domain.message_content import (
    ChoiceReplyContent,
    ContactCard,
    ContactsContent,
    InboundContent,
    LocationContent,
    MediaContent,
    ReactionContent,
    TextContent,
    UnsupportedContent,
)
from providers.whatsapp import models as wa


def _content(content: wa.InboundContent) -> InboundContent:
    match content:
        case wa.TextContent(body=body):
            return TextContent(text=clipped(body, 4096))
        case wa.MediaContent():
            return MediaContent(
                media_type=content.kind,
                provider_media_id=content.media_id,
                mime_type=content.mime_type,
                filename=clipped(content.filename, 255) if content.filename else None,
                caption=clipped(content.caption, 1024) if content.caption else None,
            )
        case wa.LocationContent():
            return LocationContent(
                latitude=content.latitude,
                longitude=content.longitude,
                name=clipped(content.name, 300) if content.name else None,
                address=clipped(content.address, 500) if content.address else None,
            )
        case wa.ContactsContent(contacts=cards):
            return ContactsContent(
                contacts=[
                    ContactCard(
                        name=clipped(card.formatted_name, 300),
                        phones=[phone.phone for phone in card.phones][:20],
                        emails=card.emails[:20],
                    )
                    for card in cards[:20]
                ]
            )
        case wa.InteractiveReplyContent(reply_id=reply_id, title=title):
            return ChoiceReplyContent(choice_id=clipped(reply_id, 256), title=clipped(title, 300))
        case wa.ButtonContent(text=text, payload=payload):
            # A template's quick-reply button: the payload is what we set, the text what it said.
            return ChoiceReplyContent(
                choice_id=clipped(payload or text, 256), title=clipped(text, 300)
            )
        case wa.ReactionContent(message_id=target, emoji=emoji):
            return ReactionContent(emoji=emoji, target_provider_message_id=clipped(target, 200))
        case wa.UnsupportedContent(reason=reason):
            return UnsupportedContent(description=clipped(reason, 500))
        case _:
            assert_never(content)


def inbound_content(content: wa.InboundContent) -> InboundContent:
    """The domain's content; anything that does not fit its limits is kept as unsupported."""
    try:
        return _content(content)
    except ValidationError as error:
        problem = error.errors()[0]["msg"]
        reason = f"A WhatsApp {content.kind} message that could not be read: {problem}"
        return UnsupportedContent(description=clipped(reason, 500))


def inbound_message(message: wa.InboundMessage, position: int = 0) -> InboundMessage:
    """`position`: its place among the sender's messages in one delivery. Meta's timestamps
    are whole seconds, so a burst shares one; a microsecond apart each keeps the thread in the
    order the contact wrote."""
    content = inbound_content(message.content)
    return InboundMessage(
        client_message_id=safe_message_id(message.provider_message_id),
        text=one_line(content, f"[{message.content.kind}]"),
        received_at=message.timestamp + timedelta(microseconds=position),
        contact_name=clipped(message.sender_name or "", 200),
        content=content,
        contact_phone=f"+{message.sender_wa_id}",
    )


def handoffs(
    workspace_id: uuid.UUID, channel_id: uuid.UUID, messages: list[wa.InboundMessage]
) -> list[Handoff]:
    """One hand-off per sender, messages in the order Meta listed them."""
    grouped: dict[str, list[InboundMessage]] = {}
    for message in messages:
        batch = grouped.setdefault(message.sender_wa_id, [])
        batch.append(inbound_message(message, position=len(batch)))
    return [
        Handoff(
            ref=ConversationRef(
                workspace_id=workspace_id,
                channel_id=channel_id,
                channel_kind=ChannelKind.whatsapp,
                contact_key=sender,
            ),
            messages=batch,
        )
        for sender, batch in grouped.items()
    ]
