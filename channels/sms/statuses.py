"""A Twilio status callback as a `StatusReport`, with a failure worded for the agent."""

import uuid

from domain.delivery import StatusReport
from domain.enums import MessageStatus
from providers.twilio import SmsStatusUpdate


def sms_report(update: SmsStatusUpdate, message_id: uuid.UUID | None) -> StatusReport:
    """`message_id`: ours, from the `?m=` we put on the signed StatusCallback URL."""
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
