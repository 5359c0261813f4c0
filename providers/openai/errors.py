"""Why a model call failed, worded for the marketer who reads it in the run inspector.

`permanent` errors cannot be fixed by retrying (the settings must change): an activity raises
them as non-retryable and the flow takes its error branch. The others are retryable; when the
server said how long to wait, `retry_after` (seconds) carries it to the retry policy.
"""

import email.utils
import time
from enum import StrEnum
from typing import ClassVar

import httpx2
import openai

from domain.ai import AiEndpoint
from providers.egress import EgressRefused

SETTINGS_HINT = "Settings → AI"
MAX_SERVER_MESSAGE = 200


class AiErrorKind(StrEnum):
    not_configured = "not_configured"
    refused = "refused"
    quota_exceeded = "quota_exceeded"
    model_not_found = "model_not_found"
    endpoint_not_found = "endpoint_not_found"
    rejected = "rejected"
    incompatible = "incompatible"
    unavailable = "unavailable"


class AiError(Exception):
    kind: ClassVar[AiErrorKind]
    permanent: ClassVar[bool] = True

    def __init__(self, message: str, *, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.retry_after = retry_after


class AiNotConfigured(AiError):
    kind = AiErrorKind.not_configured

    def __init__(self) -> None:
        super().__init__(f"Set up an AI model in {SETTINGS_HINT}: this workspace has none yet.")


class AiRefused(AiError):
    kind = AiErrorKind.refused


class AiQuotaExceeded(AiError):
    kind = AiErrorKind.quota_exceeded


class AiModelNotFound(AiError):
    kind = AiErrorKind.model_not_found


class AiEndpointNotFound(AiError):
    kind = AiErrorKind.endpoint_not_found


class AiRequestRejected(AiError):
    kind = AiErrorKind.rejected


class AiIncompatible(AiError):
    kind = AiErrorKind.incompatible


class AiUnavailable(AiError):
    kind = AiErrorKind.unavailable
    permanent = False


def retry_after_seconds(headers: httpx2.Headers, now: float | None = None) -> float | None:
    """The server's wait hint: `retry-after-ms` (OpenAI), or `Retry-After` in seconds or as a
    date."""
    millis = headers.get("retry-after-ms")
    if millis:
        try:
            return max(float(millis) / 1000, 0.0)
        except ValueError:
            pass
    value = headers.get("retry-after")
    if not value:
        return None
    try:
        return max(float(value), 0.0)
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(when.timestamp() - (time.time() if now is None else now), 0.0)


def _server_message(error: openai.APIStatusError) -> str:
    body = error.body
    text = body.get("message") if isinstance(body, dict) else None
    if not isinstance(text, str) or not text.strip():
        return ""
    text = " ".join(text.split())
    return text if len(text) <= MAX_SERVER_MESSAGE else text[: MAX_SERVER_MESSAGE - 1] + "…"


def _said(error: openai.APIStatusError) -> str:
    message = _server_message(error)
    return f' It said: "{message}"' if message else ""


def _code(error: openai.APIStatusError) -> str:
    body = error.body
    code = body.get("code") if isinstance(body, dict) else None
    return str(code) if code is not None else ""


def _status_error(error: openai.APIStatusError, endpoint: AiEndpoint) -> AiError:
    url, status = endpoint.base_url, error.status_code
    if status in (401, 403):
        return AiRefused(
            f"The API key was refused by {url} ({status}): check it in {SETTINGS_HINT}."
            + _said(error)
        )
    if status == 404:
        # An OpenAI-shaped error naming the model, or a plain 404 from a wrong base URL.
        message = _server_message(error)
        if _code(error) == "model_not_found" or "model" in message.lower():
            return AiModelNotFound(
                f"Model {endpoint.model} not found at {url}: check its name in {SETTINGS_HINT}."
                + _said(error)
            )
        return AiEndpointNotFound(
            f"Nothing at {url} answers chat completions: check the base URL in "
            f"{SETTINGS_HINT} (it usually ends in /v1)."
        )
    if status == 429 and _code(error) == "insufficient_quota":
        return AiQuotaExceeded(
            f"The account behind the API key has no quota left at {url}: check its plan and "
            "billing." + _said(error)
        )
    if status in (408, 409, 429) or status >= 500:
        what = "is rate limiting requests" if status == 429 else "had a problem"
        return AiUnavailable(
            f"The AI model at {url} {what} ({status}); it will be tried again." + _said(error),
            retry_after=retry_after_seconds(error.response.headers),
        )
    return AiRequestRejected(f"{url} refused the request ({status})." + _said(error))


def refused_error(error: EgressRefused, endpoint: AiEndpoint) -> AiError:
    """The outbound guard stopped the call: retrying cannot help."""
    return AiRequestRejected(
        f"{endpoint.base_url} cannot be called: {error}. A server on a private network (an "
        "Ollama box beside Fluxo) must be allowed by the operator with FLUXO_AI_ALLOWED_HOSTS."
    )


def ai_error(error: openai.OpenAIError, endpoint: AiEndpoint) -> AiError:
    """Our error for what the `openai` client raised."""
    url = endpoint.base_url
    if isinstance(error, openai.APITimeoutError):
        return AiUnavailable(
            f"The AI model at {url} did not answer within {endpoint.timeout_seconds:g} s."
        )
    if isinstance(error, openai.APIConnectionError):
        if isinstance(error.__cause__, EgressRefused):
            return refused_error(error.__cause__, endpoint)
        return AiUnavailable(f"Could not connect to {url}: is the server running and reachable?")
    if isinstance(error, openai.APIStatusError):
        return _status_error(error, endpoint)
    return AiIncompatible(
        f"The server at {url} did not answer like an OpenAI-compatible API ({error})."
    )
