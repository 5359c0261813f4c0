"""A WhatsApp Cloud API status (sent, delivered, read, failed) as a `StatusReport`, with a
failure worded for the agent."""

from domain.delivery import StatusReport, our_message_id
from domain.enums import MessageStatus
from providers.whatsapp import StatusUpdate
from providers.whatsapp.errors import AGENT_MESSAGES


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
        # Our id travels in `biz_opaque_callback_data`; another sender's data there is ignored.
        message_id=our_message_id(update.callback_data),
        provider_message_id=update.provider_message_id,
        status=update.status,
        occurred_at=update.timestamp,
        error_code=code,
        error_message=message,
    )
