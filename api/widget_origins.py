"""Which websites may use a web chat channel, and CORS for the widget's endpoints.

The widget runs on customers' websites, another origin than Fluxo's, so its endpoints (everything
under /api/widget/{public_key}) answer cross-origin requests: to any website, or only to the
channel's "Allowed websites" when it lists some. The rest of the API gets no CORS headers at all,
so browsers keep it same-origin. Never with credentials: the widget carries its visitor token in a
header and sends no cookies (`credentials: 'omit'`), so a page of another site can never act with
a Fluxo user's cookies through these headers.

Checking `Origin` only binds browsers (any other client can send what it likes); what it protects
is a site owner's widget being embedded on someone else's website.
"""

import re
from urllib.parse import urlsplit

from sqlmodel import select
from starlette.datastructures import MutableHeaders
from starlette.requests import HTTPConnection
from starlette.responses import JSONResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.services import Services
from domain.web_origins import origin_allowed
from stores.tables.conversations import Channel

WIDGET_PATH = re.compile(r"^/api/widget/(?P<public_key>[^/]+)(?:/|$)")
ALLOW_METHODS = "GET, POST"
ALLOW_HEADERS = "Content-Type, X-Fluxo-Visitor"
# Retry-After is not a CORS-safelisted response header: without this the widget could not read
# how long to wait after a 429.
EXPOSE_HEADERS = "Retry-After"
PREFLIGHT_MAX_AGE = "600"


def refused(origin: str) -> str:
    return (
        f"This website ({origin}) may not use this chat: add it to the web chat channel's "
        "Allowed websites on the Channels page."
    )


def _origin_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower()


def is_fluxo_itself(connection: HTTPConnection, origin: str, public_url: str) -> bool:
    """A page Fluxo serves (the demo page): always allowed, whatever the list says. Matching
    `Host` too covers a browser that reaches the app under another name than the public URL."""
    if origin.lower() == _origin_of(public_url):
        return True
    return origin.split("://", 1)[-1].lower() == connection.headers.get("host", "").lower()


def website_allowed(
    connection: HTTPConnection, channel: Channel | None, origin: str, public_url: str
) -> bool:
    """Whether a page at `origin` may use the channel. An unknown channel is the route's to
    refuse (404, with a hint about the key), so the answer there is readable anywhere."""
    if channel is None or is_fluxo_itself(connection, origin, public_url):
        return True
    return origin_allowed(channel.allowed_origins, origin)


async def find_channel(services: Services, public_key: str) -> Channel | None:
    async with services.sessions() as session:
        return (
            await session.execute(select(Channel).where(Channel.public_key == public_key))
        ).scalar_one_or_none()


class WidgetCorsMiddleware:
    """CORS, preflight included, on the widget's HTTP endpoints only; a 403 saying why for a
    website the channel does not allow. The WebSocket checks `Origin` in its own route."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        match = WIDGET_PATH.match(scope["path"]) if scope["type"] == "http" else None
        if match is None:
            await self.app(scope, receive, send)
            return
        connection = HTTPConnection(scope)
        origin = connection.headers.get("origin")
        if origin is None:
            # Same-origin GETs and non-browser clients: nothing to allow.
            await self.app(scope, receive, _varying(send, None))
            return
        services: Services = connection.app.state.services
        channel = await find_channel(services, match["public_key"])
        if not website_allowed(connection, channel, origin, services.settings.resolved_public_url):
            # No CORS headers: the browser keeps even this answer from the page.
            response: Response = JSONResponse({"detail": refused(origin)}, status_code=403)
            response.headers["Vary"] = "Origin"
            await response(scope, receive, send)
            return
        if scope["method"] == "OPTIONS" and "access-control-request-method" in connection.headers:
            response = Response(status_code=204, headers=_preflight_headers(origin))
            await response(scope, receive, send)
            return
        await self.app(scope, receive, _varying(send, origin))


def _preflight_headers(origin: str) -> dict[str, str]:
    return {
        "Access-Control-Allow-Origin": origin,
        "Access-Control-Allow-Methods": ALLOW_METHODS,
        "Access-Control-Allow-Headers": ALLOW_HEADERS,
        "Access-Control-Max-Age": PREFLIGHT_MAX_AGE,
        "Vary": "Origin",
    }


def _varying(send: Send, origin: str | None) -> Send:
    """Adds `Vary: Origin` (the answer depends on it, for caches) and, for an allowed website,
    the headers that let it read the answer."""

    async def send_with_cors(message: Message) -> None:
        if message["type"] == "http.response.start":
            headers = MutableHeaders(scope=message)
            headers.add_vary_header("Origin")
            if origin is not None:
                headers["Access-Control-Allow-Origin"] = origin
                headers["Access-Control-Expose-Headers"] = EXPOSE_HEADERS
        await send(message)

    return send_with_cors
