"""SendGrid's refusals, sorted into the two outcomes a send activity acts on.

Retryable (429, 5xx, network): the activity lets Temporal retry, no sooner than `retry_after`,
unless the e-mail may have been accepted (`maybe_sent`: a 5xx, a 408, a timeout after the request
left), which a retry could deliver twice.
Permanent (400/401/403/413 and other 4xx): retrying cannot help; the message is marked failed and
the agent reads `message`, which is SendGrid's own `errors[].message` text.
"""

from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

import httpx


class EmailChannelError(Exception):
    """The e-mail was not handed to SendGrid."""

    def __init__(self, message: str, *, status: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.status = status


class RetryableEmailError(EmailChannelError):
    """Try again later; `retry_after` (seconds) is SendGrid's hint when it gave one.

    `maybe_sent` is true when the request may have reached SendGrid before the connection
    failed: Mail Send has no idempotency key, so a retry of such a send can deliver twice.
    """

    def __init__(
        self,
        message: str,
        *,
        status: int | None = None,
        retry_after: float | None = None,
        maybe_sent: bool = False,
    ) -> None:
        super().__init__(message, status=status)
        self.retry_after = retry_after
        self.maybe_sent = maybe_sent


class PermanentEmailError(EmailChannelError):
    """SendGrid refused the e-mail itself or our credentials; `code` is `sendgrid_<status>`."""

    def __init__(self, message: str, *, status: int, fields: tuple[str, ...] = ()) -> None:
        super().__init__(message, status=status)
        self.code = f"sendgrid_{status}"
        self.fields = fields


# 408 and 429 are the 4xx answers that mean "not now" rather than "never".
RETRYABLE_4XX = frozenset({408, 429})


def may_have_been_sent(status: int) -> bool:
    """A 5xx or 408 is SendGrid (or a gateway before it) failing while or after it handled the
    request: Mail Send may have accepted the e-mail (decision 27). A 429 is a refusal."""
    return status == 408 or status >= 500


def _error_messages(response: httpx.Response) -> tuple[list[str], tuple[str, ...]]:
    """SendGrid's documented error body: `{"errors": [{"field", "message", "help"}]}`."""
    try:
        body = response.json()
    except ValueError:
        return [], ()
    errors = body.get("errors") if isinstance(body, dict) else None
    if not isinstance(errors, list):
        return [], ()
    messages: list[str] = []
    fields: list[str] = []
    for error in errors:
        if not isinstance(error, dict):
            continue
        message = error.get("message")
        field = error.get("field")
        if isinstance(message, str) and message:
            messages.append(f"{field}: {message}" if isinstance(field, str) and field else message)
        if isinstance(field, str) and field:
            fields.append(field)
    return messages, tuple(fields)


def retry_after_seconds(headers: httpx.Headers, now: datetime | None = None) -> float | None:
    """`Retry-After` (seconds or an HTTP date), else `X-RateLimit-Reset` (a Unix time)."""
    current = now or datetime.now(UTC)
    retry_after = headers.get("retry-after")
    if retry_after:
        try:
            return max(0.0, float(retry_after))
        except ValueError:
            pass
        try:
            when = parsedate_to_datetime(retry_after)
        except (TypeError, ValueError):
            when = None
        if when is not None:
            if when.tzinfo is None:
                when = when.replace(tzinfo=UTC)
            return max(0.0, (when - current).total_seconds())
    reset = headers.get("x-ratelimit-reset")
    if reset:
        try:
            return max(0.0, float(reset) - current.timestamp())
        except ValueError:
            return None
    return None


def error_from_response(response: httpx.Response, now: datetime | None = None) -> EmailChannelError:
    """The exception for a non-202 answer from `POST /v3/mail/send`."""
    status = response.status_code
    messages, fields = _error_messages(response)
    detail = "; ".join(messages) or response.reason_phrase or response.text[:300]
    text = f"SendGrid answered {status}: {detail}"
    if status in RETRYABLE_4XX or status >= 500:
        return RetryableEmailError(
            text,
            status=status,
            retry_after=retry_after_seconds(response.headers, now),
            maybe_sent=may_have_been_sent(status),
        )
    return PermanentEmailError(text, status=status, fields=fields)


def error_from_transport(error: httpx.TransportError) -> RetryableEmailError:
    """No answer. Only a failure to connect proves SendGrid never saw the request."""
    never_sent = isinstance(error, httpx.ConnectError | httpx.ConnectTimeout | httpx.PoolTimeout)
    return RetryableEmailError(
        f"SendGrid unreachable: {type(error).__name__}: {error}", maybe_sent=not never_sent
    )


class WebhookRefused(Exception):
    """A webhook delivery we must not act on; the route answers 4xx and stores nothing."""


class InvalidWebhookSignature(WebhookRefused):
    """Missing or wrong Event Webhook signature, or a wrong Inbound Parse URL secret."""


class MalformedWebhook(WebhookRefused, ValueError):
    """Authentic but not in SendGrid's documented shape."""
