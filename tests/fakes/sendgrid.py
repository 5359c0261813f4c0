"""A local SendGrid v3 Mail Send endpoint: `POST /v3/mail/send`, as SendGrid documents it.

Bearer API key or 401; the JSON body's shape checked (personalizations[].to[].email,
from.email, a subject, content[] with type and value, text/plain first) or 400; otherwise
202 with an empty body and an `X-Message-Id` header. Failures come in SendGrid's shape,
`{"errors": [{"field", "message", "help"}]}`. Tests can queue a 429 or 5xx for the next calls.
"""

import contextlib
import json
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from tests.support.local_server import serving

INVALID_KEY = "The provided authorization grant is invalid, expired, or revoked"
FAILURE_MESSAGES = {
    429: "too many requests",
    500: "internal error",
    502: "bad gateway",
    503: "service unavailable",
}

Errors = list[tuple[str | None, str]]


def _errors_response(status: int, errors: Errors) -> JSONResponse:
    body = {"errors": [{"field": f, "message": m, "help": None} for f, m in errors]}
    return JSONResponse(body, status_code=status)


def _is_address(value: Any) -> bool:
    return isinstance(value, str) and value.count("@") == 1 and "." in value.split("@")[1]


def _check_recipients(personalizations: Any) -> Errors:
    if not isinstance(personalizations, list) or not personalizations:
        return [("personalizations", "You must have at least one personalization.")]
    errors: Errors = []
    for i, personalization in enumerate(personalizations):
        to = personalization.get("to") if isinstance(personalization, dict) else None
        if not isinstance(to, list) or not to:
            errors.append((f"personalizations.{i}.to", "The to array is required."))
            continue
        for j, recipient in enumerate(to):
            email = recipient.get("email") if isinstance(recipient, dict) else None
            if not _is_address(email):
                errors.append(
                    (f"personalizations.{i}.to.{j}.email", "Does not contain a valid address.")
                )
    return errors


def _check_content(content: Any) -> Errors:
    if not isinstance(content, list) or not content:
        return [("content", "Unless a valid template_id is provided, content is required.")]
    errors: Errors = []
    for i, part in enumerate(content):
        if not isinstance(part, dict) or not isinstance(part.get("type"), str) or not part["type"]:
            errors.append((f"content.{i}.type", "The content type cannot be blank."))
        elif not isinstance(part.get("value"), str) or not part["value"]:
            errors.append((f"content.{i}.value", "The content value must be a string."))
    types = [part.get("type") for part in content if isinstance(part, dict)]
    if "text/plain" in types and types[0] != "text/plain":
        errors.append(("content", "If present, text/plain must be first."))
    return errors


def validate_mail(body: Any) -> Errors:
    """The documented shape of a Mail Send request; an empty list when it holds."""
    if not isinstance(body, dict):
        return [(None, "Bad Request")]
    errors = _check_recipients(body.get("personalizations"))
    sender = body.get("from")
    if not isinstance(sender, dict) or not _is_address(sender.get("email")):
        errors.append(("from.email", "The from object must be provided for every email send."))
    personalizations = body.get("personalizations")
    every_has_subject = isinstance(personalizations, list) and all(
        isinstance(p, dict) and p.get("subject") for p in personalizations
    )
    if not body.get("subject") and not every_has_subject:
        errors.append(("subject", "The subject is required."))
    errors.extend(_check_content(body.get("content")))
    return errors


@dataclass
class FakeSendGrid:
    api_key: str
    base_url: str = ""
    accepted: list[dict[str, Any]] = field(default_factory=list)
    _failures: list[int] = field(default_factory=list)

    def fail_next(self, status: int, times: int = 1) -> None:
        """The next `times` well-authenticated calls answer `status` instead of sending."""
        self._failures.extend([status] * times)

    async def _send(self, request: Request) -> Response:
        if request.headers.get("authorization") != f"Bearer {self.api_key}":
            return _errors_response(401, [(None, INVALID_KEY)])
        if self._failures:
            status = self._failures.pop(0)
            return _errors_response(status, [(None, FAILURE_MESSAGES.get(status, "error"))])
        try:
            body = json.loads(await request.body())
        except ValueError:
            return _errors_response(400, [(None, "Bad Request")])
        errors = validate_mail(body)
        if errors:
            return _errors_response(400, errors)
        self.accepted.append(body)
        return Response(status_code=202, headers={"X-Message-Id": uuid.uuid4().hex})

    def app(self) -> Starlette:
        return Starlette(routes=[Route("/v3/mail/send", self._send, methods=["POST"])])


@contextlib.asynccontextmanager
async def running_fake_sendgrid(api_key: str = "SG.test-key") -> AsyncIterator[FakeSendGrid]:
    """The fake on a free local port, for as long as the context lasts."""
    fake = FakeSendGrid(api_key=api_key)
    async with serving(fake.app()) as base_url:
        fake.base_url = base_url
        yield fake
