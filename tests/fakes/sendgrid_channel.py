"""SendGrid as the e-mail channel sees it: Mail Send on a local port, and SendGrid's two webhooks.

- `FakeSendGridChannel`: `POST /v3/mail/send` with the Bearer key checked (401 in SendGrid's
  error shape), the body checked as `tests.fakes.sendgrid.validate_mail` does plus the rules the
  channel's extras meet (custom args are strings, reserved headers refused), every accepted
  request recorded with its headers, 202 and an `X-Message-Id`. `fail_next` queues failures with
  any status, body and headers (e.g. a 429 with `Retry-After`).
- `EventWebhookSigner`: a real ECDSA P-256 key; signs timestamp + body as SendGrid does and gives
  the base64 DER public key as SendGrid's settings page shows it.
- `inbound_parse_body`: a multipart/form-data body shaped like an Inbound Parse POST.
"""

import base64
import contextlib
import json
import time
import uuid
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from tests.fakes.sendgrid import INVALID_KEY, Errors, validate_mail
from tests.support.local_server import serving

# Headers SendGrid sets itself and refuses in `headers` (its documented reserved list).
RESERVED_HEADERS = frozenset(
    name.lower()
    for name in (
        "x-sg-id",
        "x-sg-eid",
        "received",
        "dkim-signature",
        "Content-Type",
        "Content-Transfer-Encoding",
        "To",
        "From",
        "Subject",
        "Reply-To",
        "CC",
        "BCC",
    )
)


def _errors(status: int, errors: Errors) -> JSONResponse:
    body = {"errors": [{"field": f, "message": m, "help": None} for f, m in errors]}
    return JSONResponse(body, status_code=status)


def validate_channel_extras(body: dict[str, Any]) -> Errors:
    errors: Errors = []
    for name, value in (body.get("headers") or {}).items():
        if name.lower() in RESERVED_HEADERS:
            errors.append((f"headers.{name}", f"The '{name}' header is reserved."))
        elif not isinstance(value, str):
            errors.append((f"headers.{name}", "Header values must be strings."))
    for name, value in (body.get("custom_args") or {}).items():
        if not isinstance(value, str):
            errors.append((f"custom_args.{name}", "Custom arg values must be strings."))
    return errors


@dataclass
class Failure:
    status: int
    body: dict[str, Any] | None
    headers: dict[str, str]


@dataclass
class SentRequest:
    body: dict[str, Any]
    message_id: str


@dataclass
class FakeSendGridChannel:
    api_key: str
    base_url: str = ""
    sent: list[SentRequest] = field(default_factory=list)
    calls: int = 0
    _failures: list[Failure] = field(default_factory=list)

    def fail_next(
        self,
        status: int,
        times: int = 1,
        *,
        body: dict[str, Any] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        """The next `times` well-authenticated calls answer this instead of sending."""
        self._failures.extend([Failure(status, body, headers or {})] * times)

    async def _send(self, request: Request) -> Response:
        self.calls += 1
        if request.headers.get("authorization") != f"Bearer {self.api_key}":
            return _errors(401, [(None, INVALID_KEY)])
        if self._failures:
            failure = self._failures.pop(0)
            body = failure.body or {"errors": [{"field": None, "message": "error", "help": None}]}
            return JSONResponse(body, status_code=failure.status, headers=failure.headers)
        try:
            body = json.loads(await request.body())
        except ValueError:
            return _errors(400, [(None, "Bad Request")])
        errors = validate_mail(body) or validate_channel_extras(body)
        if errors:
            return _errors(400, errors)
        # SendGrid's ids are 22 URL-safe base64 characters.
        message_id = base64.urlsafe_b64encode(uuid.uuid4().bytes).decode().rstrip("=")
        self.sent.append(SentRequest(body=body, message_id=message_id))
        return Response(status_code=202, headers={"X-Message-Id": message_id})

    def app(self) -> Starlette:
        return Starlette(routes=[Route("/v3/mail/send", self._send, methods=["POST"])])


@contextlib.asynccontextmanager
async def running_fake_sendgrid_channel(
    api_key: str = "SG.channel-key",
) -> AsyncIterator[FakeSendGridChannel]:
    fake = FakeSendGridChannel(api_key=api_key)
    async with serving(fake.app()) as base_url:
        fake.base_url = base_url
        yield fake


class EventWebhookSigner:
    """SendGrid's side of the Signed Event Webhook, with a key made for the test."""

    def __init__(self) -> None:
        self._key = ec.generate_private_key(ec.SECP256R1())
        der = self._key.public_key().public_bytes(
            serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
        )
        self.public_key = base64.b64encode(der).decode("ascii")

    def sign(self, body: bytes, timestamp: int | None = None) -> dict[str, str]:
        """The two headers SendGrid sends with `body`."""
        stamp = str(timestamp if timestamp is not None else int(time.time()))
        signature = self._key.sign(stamp.encode() + body, ec.ECDSA(hashes.SHA256()))
        return {
            "X-Twilio-Email-Event-Webhook-Signature": base64.b64encode(signature).decode(),
            "X-Twilio-Email-Event-Webhook-Timestamp": stamp,
        }


def event(kind: str, sg_event_id: str, x_message_id: str, **extra: Any) -> dict[str, Any]:
    """One event as the Event Webhook documents it; custom args go in `extra`."""
    return {
        "email": "ada@example.com",
        "timestamp": 1_760_000_000,
        "smtp-id": "<14c5d75ce93.dfd.64b469@ismtpd-555>",
        "event": kind,
        "category": ["fluxo"],
        "sg_event_id": sg_event_id,
        "sg_message_id": f"{x_message_id}.filterdrecv-p3mdw1-756b745b58-kmzbl-18-5F5FC1F2-9.0",
        **extra,
    }


def inbound_parse_body(
    fields: dict[str, str | bytes],
    files: Sequence[tuple[str, str, str, bytes]] = (),
    boundary: str = "xYzZY",
) -> tuple[bytes, str]:
    """(body, content type) of an Inbound Parse POST; files are (field, filename, type, data).

    `bytes` field values go out as they are, which is how SendGrid posts a field in a
    non-UTF-8 charset (it names the charset in the `charsets` field).
    """
    chunks: list[bytes] = []
    for name, value in fields.items():
        data = value if isinstance(value, bytes) else value.encode("utf-8")
        chunks.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'.encode()
            + data
            + b"\r\n"
        )
    for name, filename, content_type, data in files:
        head = (
            f"--{boundary}\r\n"
            f'Content-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
            f"Content-Type: {content_type}\r\n\r\n"
        )
        chunks.append(head.encode() + data + b"\r\n")
    chunks.append(f"--{boundary}--\r\n".encode())
    return b"".join(chunks), f"multipart/form-data; boundary={boundary}"
