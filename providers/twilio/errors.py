"""Twilio's REST errors, sorted into the two kinds the send activity acts on.

Twilio answers a failed call with `{"code", "message", "more_info", "status"}`. Only the
transient ones (429 rate limit, 408, 5xx, the network) are worth retrying, and of those only a
429 or a connection that never opened proves nothing was sent; everything else fails the
same way every time, so it is permanent and carries a message an agent can act on.
"""

import email.utils
import json
import time
from enum import StrEnum

import httpx
from pydantic import BaseModel, ValidationError


class PermanentReason(StrEnum):
    """Why a send can never succeed as it is; the later wiring keys consent and UI hints on it."""

    invalid_number = "invalid_number"
    opted_out = "opted_out"
    not_permitted = "not_permitted"
    not_mobile = "not_mobile"
    filtered = "filtered"
    unauthorized = "unauthorized"
    rejected = "rejected"


class TwilioErrorBody(BaseModel):
    code: int | None = None
    message: str | None = None
    more_info: str | None = None
    status: int | None = None


# The codes an agent meets in practice, reworded for someone who is not reading Twilio's docs.
KNOWN_CODES: dict[int, tuple[PermanentReason, str]] = {
    20003: (
        PermanentReason.unauthorized,
        "The SMS credentials were refused; check them in Settings.",
    ),
    21211: (PermanentReason.invalid_number, "The recipient's number is not a valid phone number."),
    21408: (
        PermanentReason.not_permitted,
        "Sending SMS to this country or region is not enabled for this account.",
    ),
    21610: (
        PermanentReason.opted_out,
        "The recipient replied STOP and has unsubscribed; "
        "they must text START to receive SMS again.",
    ),
    21614: (PermanentReason.not_mobile, "The recipient's number is not a mobile number."),
    30007: (
        PermanentReason.filtered,
        "The carrier filtered the message as spam or unwanted content.",
    ),
}

# Delivery-time error codes (status callbacks) that mean the same as the send-time ones above.
DELIVERY_CODES: dict[int, tuple[PermanentReason, str]] = {
    30003: (PermanentReason.rejected, "The recipient's phone is unreachable or switched off."),
    30004: (PermanentReason.rejected, "The recipient's carrier blocked the message."),
    30005: (
        PermanentReason.invalid_number,
        "The recipient's number is unknown or no longer exists.",
    ),
    30006: (
        PermanentReason.not_mobile,
        "The recipient's number is a landline or unreachable carrier.",
    ),
    30008: (PermanentReason.rejected, "The carrier could not deliver the message (unknown error)."),
}


def describe_code(code: int | None) -> tuple[PermanentReason, str] | None:
    if code is None:
        return None
    return KNOWN_CODES.get(code) or DELIVERY_CODES.get(code)


class SmsError(RuntimeError):
    """The message was not accepted by the provider."""

    def __init__(self, message: str, *, status: int | None = None, code: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.status = status
        self.code = code


class SmsRetryableError(SmsError):
    """Worth trying again later: rate limit, provider outage, network.

    `maybe_sent`: Twilio may have created the message before the failure (a 5xx, a 408, a
    timeout or a dropped connection after the request left, a 2xx we could not read). Twilio
    documents no idempotency key for creating messages, so a retry of such a send can deliver
    twice: the caller must not resend it blindly."""

    def __init__(
        self,
        message: str,
        *,
        status: int | None = None,
        code: int | None = None,
        retry_after: float | None = None,
        maybe_sent: bool = False,
    ) -> None:
        super().__init__(message, status=status, code=code)
        self.retry_after = retry_after
        self.maybe_sent = maybe_sent


class SmsPermanentError(SmsError):
    """Will fail the same way every time; surfaced to the agent, never retried."""

    def __init__(
        self,
        message: str,
        *,
        reason: PermanentReason,
        status: int | None = None,
        code: int | None = None,
        more_info: str | None = None,
    ) -> None:
        super().__init__(message, status=status, code=code)
        self.reason = reason
        self.more_info = more_info


def parse_retry_after(value: str | None, now: float | None = None) -> float | None:
    """Seconds to wait, from either form RFC 9110 allows (delta-seconds or an HTTP-date)."""
    if value is None or not value.strip():
        return None
    text = value.strip()
    if text.isdigit():
        return float(text)
    try:
        when = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - (time.time() if now is None else now))


def _error_body(text: str) -> TwilioErrorBody:
    try:
        return TwilioErrorBody.model_validate(json.loads(text))
    except (ValueError, ValidationError):
        # A proxy's HTML 502 page or an empty body: keep what we can show.
        return TwilioErrorBody(message=text[:300] or None)


def error_from_response(status: int, text: str, retry_after: str | None) -> SmsError:
    """The exception for a non-2xx answer of the Messages API."""
    body = _error_body(text)
    detail = body.message or f"HTTP {status}"
    if status in (408, 429) or status >= 500:
        return SmsRetryableError(
            f"Twilio answered {status}: {detail}",
            status=status,
            code=body.code,
            retry_after=parse_retry_after(retry_after),
            # A 429 is a refusal; a 5xx or 408 may come after Twilio created the message.
            maybe_sent=status != 429,
        )
    known = describe_code(body.code)
    if known is not None:
        reason, readable = known
    elif status in (401, 403):
        reason, readable = PermanentReason.unauthorized, f"Twilio refused the credentials: {detail}"
    else:
        reason, readable = PermanentReason.rejected, f"Twilio refused the message: {detail}"
    code_note = f" (Twilio error {body.code})" if body.code is not None else ""
    return SmsPermanentError(
        readable + code_note,
        reason=reason,
        status=status,
        code=body.code,
        more_info=body.more_info,
    )


def error_from_transport(error: httpx.TransportError) -> SmsRetryableError:
    """No answer. Only a failure to connect proves Twilio never saw the request."""
    never_sent = isinstance(error, httpx.ConnectError | httpx.ConnectTimeout | httpx.PoolTimeout)
    return SmsRetryableError(f"Twilio unreachable: {error!r}", maybe_sent=not never_sent)
