"""Each provider's delivery report as one `StatusReport`: which message (ours or the provider's
id), what happened, when, and — for a failure — a reason worded for the agent."""

import uuid
from datetime import datetime

from pydantic import BaseModel

from domain.enums import MessageStatus
from providers.sendgrid import EmailEvent, EmailEventType
from providers.twilio import SmsStatusUpdate
from providers.whatsapp import StatusUpdate
from providers.whatsapp.errors import AGENT_MESSAGES


class StatusReport(BaseModel):
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


def whatsapp_report(update: StatusUpdate) -> StatusReport:
    code = message = None
    if update.status is MessageStatus.failed:
        error = update.errors[0] if update.errors else None
        code = str(error.code) if error is not None else None
        known = AGENT_MESSAGES.get(error.code) if error is not None else None
        detail = (error.details or error.message or error.title) if error is not None else None
        message = known or (
            f"WhatsApp could not deliver the message: {detail}."
            if detail
            else "WhatsApp could not deliver the message."
        )
    return StatusReport(
        message_id=our_message_id(update.callback_data),
        provider_message_id=update.provider_message_id,
        status=update.status,
        occurred_at=update.timestamp,
        error_code=code,
        error_message=message,
    )


def _email_failure(event: EmailEvent) -> str:
    reason = f": {event.error_message}" if event.error_message else "."
    if event.event is EmailEventType.dropped:
        return f"SendGrid did not send the e-mail{reason}"
    return f"The e-mail bounced{reason}"


def email_report(event: EmailEvent) -> StatusReport | None:
    """None for events that say nothing about delivery (deferred, spam report…)."""
    if event.status is None:
        return None
    failed = event.status is MessageStatus.failed
    return StatusReport(
        message_id=event.message_id,
        provider_message_id=event.provider_message_id,
        status=event.status,
        occurred_at=event.occurred_at,
        error_code=event.error_code if failed else None,
        error_message=_email_failure(event) if failed else None,
    )


def sms_report(update: SmsStatusUpdate, message_id: uuid.UUID | None) -> StatusReport:
    failed = update.status is MessageStatus.failed
    message = update.error_message or f"The SMS provider reported it {update.provider_status}."
    return StatusReport(
        message_id=message_id,
        provider_message_id=update.provider_message_id,
        status=update.status,
        occurred_at=update.received_at,
        error_code=str(update.error_code) if failed and update.error_code else None,
        error_message=message if failed else None,
    )
