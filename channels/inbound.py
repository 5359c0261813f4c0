"""Pieces every channel's translation shares: the one-line text, safe ids, media kinds."""

import hashlib

from pydantic import BaseModel

from domain.conversations import ConversationRef, InboundMessage
from domain.message_content import MediaType, summary

MAX_TEXT = 4096
MAX_CLIENT_MESSAGE_ID = 200


class Handoff(BaseModel):
    """Messages for one conversation, in the order the contact sent them."""

    ref: ConversationRef
    messages: list[InboundMessage]


def one_line(content: BaseModel, fallback: str) -> str:
    """`summary(content)`, never empty and never longer than a message's text may be."""
    text = summary(content).strip() or fallback
    return text[: MAX_TEXT - 1] + "…" if len(text) > MAX_TEXT else text


def clipped(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def media_type_of(mime_type: str | None) -> MediaType:
    major = (mime_type or "").split("/", 1)[0].lower()
    if major == "image":
        return "image"
    if major == "audio":
        return "audio"
    if major == "video":
        return "video"
    return "document"


def safe_message_id(provider_id: str, suffix: str = "") -> str:
    """The provider's id as a client message id (printable ASCII, at most 200 characters).

    An id that does not fit becomes a digest of itself: still the same on every retry of the
    delivery, which is all deduplication needs.
    """
    candidate = provider_id + suffix
    printable = all(0x21 <= ord(c) <= 0x7E for c in candidate)
    if printable and 0 < len(candidate) <= MAX_CLIENT_MESSAGE_ID:
        return candidate
    digest = hashlib.sha256(provider_id.encode("utf-8", "replace")).hexdigest()
    return f"sha256:{digest}{suffix}"
