"""A local Twilio Messages API: `POST /2010-04-01/Accounts/{AccountSid}/Messages.json`.

HTTP basic auth with the account SID and auth token, or an API key SID and secret, or 401 (code
20003). The form is checked as Twilio checks it (To, From or MessagingServiceSid, Body or
MediaUrl, E.164 `To`, Body ≤ 1600) and answered with a Twilio-shaped message (`sid` `SM…`, 201).
Failures come in Twilio's shape, `{"code", "message", "more_info", "status"}`. An
`I-Twilio-Idempotency-Token` seen before answers the message it created, without sending again.

Inbound MMS media (`MediaUrlN`) as Twilio serves it: see `tests.fakes.twilio_media`.

It also plays Twilio's other half: it builds correctly signed inbound-message webhooks and
status callbacks for the tests to post.
"""

import base64
import contextlib
import email.utils
import re
import secrets
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlencode

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from providers.twilio.client import IDEMPOTENCY_HEADER
from providers.twilio.webhooks import SIGNATURE_HEADER, compute_signature
from tests.fakes.twilio_media import MEDIA_PATH, FakeTwilioMedia
from tests.support.local_server import serving

E164 = re.compile(r"^\+[1-9]\d{6,14}$")
MESSAGES_PATH = "/2010-04-01/Accounts/{account_sid}/Messages.json"

# Twilio's own wording for the errors this fake produces.
MESSAGES = {
    20003: "Authenticate",
    20404: "The requested resource was not found",
    20429: "Too Many Requests",
    21211: "The 'To' number {to} is not a valid phone number.",
    21408: "Permission to send an SMS has not been enabled for the region indicated by the 'To' "
    "number: {to}.",
    21602: "Message body is required.",
    21603: "A 'From' phone number is required.",
    21604: "A 'To' phone number is required.",
    21610: "Attempt to send to unsubscribed recipient",
    21614: "'To' number is not a valid mobile number",
    21617: "The concatenated message body exceeds the 1600 character limit.",
    30007: "Message filtered",
}


def _first(form: dict[str, list[str]], name: str) -> str | None:
    values = form.get(name)
    return values[0] if values else None


def new_sid(prefix: str) -> str:
    return prefix + secrets.token_hex(16)


def twilio_error(status: int, code: int, message: str | None = None, **fmt: str) -> JSONResponse:
    body = {
        "code": code,
        "message": message or MESSAGES.get(code, "Error").format(**fmt),
        "more_info": f"https://www.twilio.com/docs/errors/{code}",
        "status": status,
    }
    return JSONResponse(body, status_code=status)


@dataclass
class Failure:
    status: int
    code: int
    message: str | None
    retry_after: str | None


@dataclass
class SignedCallback:
    """A webhook as Twilio would send it: post `body` to `url` with `headers`."""

    url: str
    params: list[tuple[str, str]]
    headers: dict[str, str]

    @property
    def body(self) -> bytes:
        return urlencode(self.params).encode()


@dataclass
class FakeTwilio:
    account_sid: str
    auth_token: str
    api_key_sid: str | None = None
    api_key_secret: str | None = None
    base_url: str = ""
    requests: list[dict[str, Any]] = field(default_factory=list)
    """Every authenticated request's form and headers, replays included."""
    sent: list[dict[str, Any]] = field(default_factory=list)
    """Messages actually sent: one per distinct idempotency token."""
    unsubscribed: set[str] = field(default_factory=set)
    landlines: set[str] = field(default_factory=set)
    blocked_regions: set[str] = field(default_factory=set)
    """`To` prefixes (`+7`) for which this account has no geo permission."""
    lose_next_responses: int = 0
    """Send the next N messages, then answer 500 as if the answer were lost on the way back."""
    honours_idempotency_token: bool = True
    """Twilio documents the header only on the webhooks it sends; tests of our own safety turn
    this off, so a second request is a second SMS, as it may be in production."""
    mms: FakeTwilioMedia = field(init=False)
    """Inbound MMS files and every request for them."""
    _failures: list[Failure] = field(default_factory=list)
    _by_token: dict[str, dict[str, Any]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.mms = FakeTwilioMedia(self.account_sid, self._authenticated)

    def fail_next(
        self,
        status: int,
        times: int = 1,
        *,
        code: int | None = None,
        message: str | None = None,
        retry_after: str | None = None,
    ) -> None:
        """The next `times` authenticated calls answer this error instead of sending."""
        failure = Failure(status, code or (20429 if status == 429 else 20500), message, retry_after)
        self._failures.extend([failure] * times)

    def _authenticated(self, request: Request) -> bool:
        header = request.headers.get("authorization", "")
        scheme, _, encoded = header.partition(" ")
        if scheme.lower() != "basic":
            return False
        try:
            user, _, password = base64.b64decode(encoded).decode().partition(":")
        except ValueError:
            return False
        accepted = {(self.account_sid, self.auth_token)}
        if self.api_key_sid and self.api_key_secret:
            accepted.add((self.api_key_sid, self.api_key_secret))
        return (user, password) in accepted

    def _refusal(self, form: dict[str, list[str]]) -> JSONResponse | None:
        to = _first(form, "To") or ""
        if not to:
            return twilio_error(400, 21604)
        if not form.get("From") and not form.get("MessagingServiceSid"):
            return twilio_error(400, 21603)
        body = _first(form, "Body") or ""
        if not body and not form.get("MediaUrl"):
            return twilio_error(400, 21602)
        if len(body) > 1600:
            return twilio_error(400, 21617)
        if not E164.match(to):
            return twilio_error(400, 21211, to=to)
        if any(to.startswith(prefix) for prefix in self.blocked_regions):
            return twilio_error(400, 21408, to=to)
        if to in self.unsubscribed:
            return twilio_error(400, 21610)
        if to in self.landlines:
            return twilio_error(400, 21614)
        return None

    def _message(self, form: dict[str, list[str]]) -> dict[str, Any]:
        sid = new_sid("SM")
        now = email.utils.format_datetime(datetime.now(UTC))
        service = _first(form, "MessagingServiceSid")
        return {
            "account_sid": self.account_sid,
            "api_version": "2010-04-01",
            "body": _first(form, "Body") or "",
            "date_created": now,
            "date_sent": None,
            "date_updated": now,
            "direction": "outbound-api",
            "error_code": None,
            "error_message": None,
            "from": _first(form, "From"),
            "messaging_service_sid": service,
            "num_media": str(len(form.get("MediaUrl", []))),
            "num_segments": "1",
            "price": None,
            "price_unit": "USD",
            "sid": sid,
            # A Messaging Service picks the sender later, so Twilio answers "accepted" then.
            "status": "accepted" if service else "queued",
            "to": form["To"][0],
            "uri": f"/2010-04-01/Accounts/{self.account_sid}/Messages/{sid}.json",
            "status_callback": _first(form, "StatusCallback"),
        }

    async def _create(self, request: Request) -> JSONResponse:
        if not self._authenticated(request):
            return twilio_error(401, 20003)
        if request.path_params["account_sid"] != self.account_sid:
            return twilio_error(404, 20404)
        multi = await request.form()
        form = {key: [str(v) for v in multi.getlist(key)] for key in multi}
        token = request.headers.get(IDEMPOTENCY_HEADER)
        self.requests.append({"form": form, "idempotency_token": token})
        if self._failures:
            failure = self._failures.pop(0)
            response = twilio_error(failure.status, failure.code, failure.message)
            if failure.retry_after is not None:
                response.headers["Retry-After"] = failure.retry_after
            return response
        if self.honours_idempotency_token and token is not None and token in self._by_token:
            # Same token, same answer: the retry of a send that already went out.
            return JSONResponse(self._by_token[token], status_code=201)
        refusal = self._refusal(form)
        if refusal is not None:
            return refusal
        message = self._message(form)
        self.sent.append(message)
        if token is not None:
            self._by_token[token] = message
        if self.lose_next_responses:
            self.lose_next_responses -= 1
            return twilio_error(500, 20500, "Internal Server Error")
        return JSONResponse(message, status_code=201)

    def add_media(self, data: bytes, content_type: str) -> str:
        """A file a contact sent by MMS; returns its `MediaUrl`, as a webhook carries it."""
        return self.mms.add(self.base_url, data, content_type)

    def app(self) -> Starlette:
        return Starlette(
            routes=[
                Route(MESSAGES_PATH, self._create, methods=["POST"]),
                Route(MEDIA_PATH, self.mms.resource, methods=["GET"]),
            ]
        )

    # --- Twilio calling us ---------------------------------------------------------------------

    def signed(
        self, url: str, params: Sequence[tuple[str, str]], token: str | None = None
    ) -> SignedCallback:
        """Any form, signed for `url` with this account's auth token (or `token`)."""
        signature = compute_signature(token or self.auth_token, url, params)
        headers = {
            "Content-Type": "application/x-www-form-urlencoded",
            SIGNATURE_HEADER: signature,
            IDEMPOTENCY_HEADER: new_sid("")[:32],
        }
        return SignedCallback(url=url, params=list(params), headers=headers)

    def inbound(
        self,
        url: str,
        *,
        sender: str,
        recipient: str,
        text: str,
        media: Sequence[tuple[str, str]] = (),
        message_sid: str | None = None,
        extra: Sequence[tuple[str, str]] = (),
    ) -> SignedCallback:
        """An incoming SMS/MMS webhook with the fields Twilio documents; `media` is (url, type)."""
        sid = message_sid or new_sid("MM" if media else "SM")
        params = [
            ("ToCountry", "BR"),
            ("SmsMessageSid", sid),
            ("NumMedia", str(len(media))),
            ("SmsSid", sid),
            ("SmsStatus", "received"),
            ("Body", text),
            ("To", recipient),
            ("NumSegments", "1"),
            ("MessageSid", sid),
            ("AccountSid", self.account_sid),
            ("From", sender),
            ("ApiVersion", "2010-04-01"),
        ]
        for index, (media_url, content_type) in enumerate(media):
            params += [(f"MediaUrl{index}", media_url), (f"MediaContentType{index}", content_type)]
        return self.signed(url, [*params, *extra])

    def status_callback(
        self, message: dict[str, Any], status: str, *, error_code: int | None = None
    ) -> SignedCallback:
        """The callback Twilio posts to a sent message's StatusCallback URL."""
        url = message.get("status_callback")
        if not url:
            raise ValueError("this message was sent without a StatusCallback")
        params = [
            ("SmsSid", message["sid"]),
            ("SmsStatus", status),
            ("MessageStatus", status),
            ("To", message["to"]),
            ("MessageSid", message["sid"]),
            ("AccountSid", self.account_sid),
            ("From", message["from"] or ""),
            ("ApiVersion", "2010-04-01"),
        ]
        if error_code is not None:
            params.append(("ErrorCode", str(error_code)))
        return self.signed(url, params)


@contextlib.asynccontextmanager
async def running_fake_twilio(
    api_key: tuple[str, str] | None = None,
) -> AsyncIterator[FakeTwilio]:
    """The fake on a free local port, for as long as the context lasts."""
    fake = FakeTwilio(
        account_sid=new_sid("AC"),
        auth_token=secrets.token_hex(16),
        api_key_sid=api_key[0] if api_key else None,
        api_key_secret=api_key[1] if api_key else None,
    )
    async with serving(fake.app()) as base_url, serving(fake.mms.cdn_app()) as cdn_url:
        fake.base_url = base_url
        fake.mms.cdn_url = cdn_url
        yield fake
