"""Twilio's message statuses onto ours (`domain.models.MessageStatus`)."""

from domain.enums import MessageStatus

# Every status the Message resource documents. The in-between ones (accepted, scheduled,
# sending) are still "queued" for us: nothing has left the provider yet.
TWILIO_STATUSES: dict[str, MessageStatus] = {
    "accepted": MessageStatus.queued,
    "scheduled": MessageStatus.queued,
    "queued": MessageStatus.queued,
    "sending": MessageStatus.queued,
    "sent": MessageStatus.sent,
    "delivered": MessageStatus.delivered,
    # Group MMS reached some recipients: delivered is the best single answer we can give.
    "partially_delivered": MessageStatus.delivered,
    "read": MessageStatus.read,
    "undelivered": MessageStatus.failed,
    "failed": MessageStatus.failed,
    "canceled": MessageStatus.failed,
    "receiving": MessageStatus.received,
    "received": MessageStatus.received,
}


def map_status(provider_status: str) -> MessageStatus:
    """Our status for Twilio's; ValueError for a status Twilio does not document."""
    try:
        return TWILIO_STATUSES[provider_status.strip().lower()]
    except KeyError:
        raise ValueError(f"unknown Twilio message status {provider_status!r}") from None
