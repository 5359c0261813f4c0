"""What stores and channels share about an outbound message's delivery: the thread a reply
continues, and a provider's report on a message we sent."""

import uuid
from datetime import datetime

from pydantic import BaseModel

from domain.enums import MessageStatus


class ThreadContext(BaseModel):
    """What a reply needs from the conversation so far (e-mail threading, WhatsApp context)."""

    last_inbound_provider_id: str | None = None
    subject: str | None = None
    references: list[str] = []


class StatusReport(BaseModel):
    """A provider's delivery report, whichever the provider: which message (ours or the
    provider's id), what happened, when, and — for a failure — a reason worded for the agent.
    Each channel kind's `statuses` module makes one from its provider's webhook."""

    message_id: uuid.UUID | None
    provider_message_id: str | None
    status: MessageStatus
    occurred_at: datetime
    error_code: str | None = None
    error_message: str | None = None


def our_message_id(value: str | None) -> uuid.UUID | None:
    """Our id as echoed back by a provider; anything else (another sender's data) is None."""
    if not value:
        return None
    try:
        return uuid.UUID(value.strip())
    except ValueError:
        return None
