"""Inbound MMS media as Twilio serves it, for `tests.fakes.twilio.FakeTwilio`.

`GET /2010-04-01/Accounts/{AccountSid}/Messages/{MessageSid}/Media/{MediaSid}` (the `MediaUrlN`
of an incoming-message webhook) needs HTTP basic auth (401, code 20003, without it; 404, code
20404, for media that is gone) and answers with a redirect to a short-lived signed URL on
another host, Twilio's CDN (served here on a second port), which takes no credentials. Every
media request, on either host, is recorded with its headers.
"""

import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import Route

MEDIA_PATH = "/2010-04-01/Accounts/{account_sid}/Messages/{message_sid}/Media/{media_sid}"
REFUSALS = {401: (20003, "Authenticate"), 404: (20404, "The requested resource was not found")}


def _refused(status: int) -> JSONResponse:
    code, message = REFUSALS[status]
    body = {
        "code": code,
        "message": message,
        "more_info": f"https://www.twilio.com/docs/errors/{code}",
        "status": status,
    }
    return JSONResponse(body, status_code=status)


@dataclass
class MediaRequest:
    host: str
    path: str
    headers: dict[str, str]


@dataclass
class FakeTwilioMedia:
    account_sid: str
    authenticated: Callable[[Request], bool]
    cdn_url: str = ""
    files: dict[str, tuple[bytes, str]] = field(default_factory=dict)
    """By media sid: the bytes and their content type. Remove one to make it 404."""
    requests: list[MediaRequest] = field(default_factory=list)

    def add(self, base_url: str, data: bytes, content_type: str) -> str:
        """Keeps the file; returns its media URL on the API host at `base_url`."""
        media_sid = "ME" + secrets.token_hex(16)
        self.files[media_sid] = (data, content_type)
        message_sid = "MM" + secrets.token_hex(16)
        return (
            f"{base_url}/2010-04-01/Accounts/{self.account_sid}"
            f"/Messages/{message_sid}/Media/{media_sid}"
        )

    def _record(self, request: Request) -> None:
        self.requests.append(
            MediaRequest(request.url.netloc, request.url.path, dict(request.headers))
        )

    async def resource(self, request: Request) -> Response:
        """The media resource on the API host (a route of the fake's main app)."""
        self._record(request)
        if not self.authenticated(request):
            return _refused(401)
        media_sid = request.path_params["media_sid"]
        if request.path_params["account_sid"] != self.account_sid or media_sid not in self.files:
            return _refused(404)
        expires = int(datetime.now(UTC).timestamp()) + 300
        signature = secrets.token_urlsafe(16)
        target = f"{self.cdn_url}/{self.account_sid}/{media_sid}"
        return RedirectResponse(f"{target}?Expires={expires}&Signature={signature}", 307)

    async def _cdn_file(self, request: Request) -> Response:
        self._record(request)
        found = self.files.get(request.path_params["media_sid"])
        if found is None or not request.query_params.get("Signature"):
            return Response("<Error><Code>AccessDenied</Code></Error>", 403)
        data, content_type = found
        return Response(data, media_type=content_type)

    def cdn_app(self) -> Starlette:
        return Starlette(
            routes=[Route("/{account_sid}/{media_sid}", self._cdn_file, methods=["GET"])]
        )
