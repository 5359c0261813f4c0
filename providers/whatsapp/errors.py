"""Graph API failures mapped onto what a caller can do: retry later, or give up and say why.

The Cloud API reports most failures, rate limits included, as HTTP 400 with a Graph error object
(`error.message`, `type`, `code`, `error_subcode`, `error_data.details`, `fbtrace_id`), so the
decision is made on `error.code` first and on the HTTP status second. The client never retries by
itself: sends run inside a Temporal activity whose retry policy owns backoff, and these classes
tell it whether a retry can help (permanent = `non_retryable`).
"""

from collections.abc import Mapping
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any

import httpx

# Failures to open a connection: the request provably never reached Meta.
NEVER_LEFT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)

# Throughput, app, account, spam and pair rate limits: the same call succeeds later.
RATE_LIMIT_CODES = frozenset({4, 80007, 130429, 131048, 131056})
# Graph's "temporary" family and Cloud API's own transient failures.
TRANSIENT_CODES = frozenset({1, 2, 131000, 131016, 133004})

# What an agent sees in the inbox when a send is refused for good. Keyed by Graph error code.
AGENT_MESSAGES: dict[int, str] = {
    131047: (
        "More than 24 hours have passed since the customer last wrote. "
        "Only an approved template can be sent until they reply."
    ),
    131026: (
        "The message could not be delivered: the number may not be on WhatsApp, "
        "or the customer has not accepted the latest terms."
    ),
    131030: "This number is not in the test recipients list of the WhatsApp account.",
    131049: (
        "WhatsApp held back this marketing message to keep engagement healthy. "
        "Try again later or with different content."
    ),
    131051: "WhatsApp does not support this type of message.",
    131052: "The customer's media file could not be downloaded.",
    131053: "The media file could not be uploaded; check its type and size.",
    131008: "A required field is missing from the message.",
    131009: "A value in the message is not valid (for example a button or template parameter).",
    131042: "The WhatsApp account has a payment problem; messages are paused.",
    132000: "The number of template variables does not match the approved template.",
    132001: "This template does not exist in that language, or is not approved yet.",
    132005: "The template text is too long once its variables are filled in.",
    132007: "The template content breaks WhatsApp's policy.",
    132012: "A template variable has the wrong format.",
    132015: "This template is paused because of low quality.",
    132016: "This template is disabled because of low quality.",
    100: "WhatsApp refused a parameter of this message.",
    190: "The WhatsApp access token has expired or was revoked; reconnect the channel in Settings.",
    10: "The WhatsApp app lacks permission for this; reconnect the channel in Settings.",
    200: "The WhatsApp app lacks permission for this; reconnect the channel in Settings.",
    368: "The WhatsApp account is temporarily blocked for policy violations.",
}


class WhatsAppError(RuntimeError):
    """Anything that kept a Graph API call from succeeding."""

    def __init__(
        self,
        message: str,
        *,
        status: int | None = None,
        code: int | None = None,
        subcode: int | None = None,
        details: str | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.subcode = subcode
        self.details = details


class WhatsAppRetryableError(WhatsAppError):
    """Rate limit, 5xx or network failure: the same request may succeed later."""

    def __init__(self, message: str, *, retry_after: float | None = None, **kw: Any) -> None:
        super().__init__(message, **kw)
        self.retry_after = retry_after


class WhatsAppPermanentError(WhatsAppError):
    """Refused for a reason a retry cannot fix; `agent_message` is fit to show in the inbox."""

    def __init__(self, message: str, *, agent_message: str, **kw: Any) -> None:
        super().__init__(message, **kw)
        self.agent_message = agent_message


def parse_retry_after(value: str | None, now: datetime | None = None) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or an HTTP date), if any."""
    if not value:
        return None
    value = value.strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


def _int_or_none(value: Any) -> int | None:
    # Graph sends codes as numbers, but some proxies and older versions send strings.
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def error_from_response(
    status: int, headers: Mapping[str, str], body: Any
) -> WhatsAppRetryableError | WhatsAppPermanentError:
    """The exception for a non-2xx Graph response (`body` is its decoded JSON, or None)."""
    error = body.get("error") if isinstance(body, dict) else None
    error = error if isinstance(error, dict) else {}
    code = _int_or_none(error.get("code"))
    subcode = _int_or_none(error.get("error_subcode"))
    error_data = error.get("error_data")
    details = error_data.get("details") if isinstance(error_data, dict) else None
    graph_message = str(error.get("message") or f"HTTP {status}")
    message = f"WhatsApp answered {status}" + (f" (code {code})" if code is not None else "")
    message += f": {graph_message}" + (f" — {details}" if details else "")
    common: dict[str, Any] = {
        "status": status,
        "code": code,
        "subcode": subcode,
        "details": details if isinstance(details, str) else None,
    }
    if status == 429 or status >= 500 or code in RATE_LIMIT_CODES or code in TRANSIENT_CODES:
        retry_after = parse_retry_after(headers.get("retry-after"))
        return WhatsAppRetryableError(message, retry_after=retry_after, **common)
    agent_message = AGENT_MESSAGES.get(code) if code is not None else None
    if agent_message is None:
        agent_message = f"WhatsApp refused the message: {graph_message}"
    return WhatsAppPermanentError(message, agent_message=agent_message, **common)


def may_have_been_sent(error: WhatsAppError) -> bool:
    """Whether the request may have been processed by Meta despite the error (decision 27).

    A 4xx answer (429 and Graph's rate-limit codes included) is Meta refusing the request: it
    did not send. A 5xx or a 408 comes from Meta or a gateway in front of it failing while or
    after it handled the request, so it proves nothing; nor does a timeout or a connection
    dropped after the request left, or a 2xx we could not read. Only a connection that never
    opened proves the request stayed here.
    """
    if error.status is not None:
        return error.status == 408 or error.status >= 500
    return not isinstance(error.__cause__, NEVER_LEFT)
