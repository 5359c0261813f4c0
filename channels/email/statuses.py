"""A SendGrid Event Webhook event as a `StatusReport`, with a bounce or drop worded for the
agent."""

from domain.delivery import StatusReport
from domain.enums import MessageStatus
from providers.sendgrid import EmailEvent, EmailEventType


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
