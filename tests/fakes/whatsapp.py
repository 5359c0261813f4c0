"""A local WhatsApp Cloud API (Graph API) as Meta documents it, plus Meta's side of the webhooks.

Endpoints: `POST /{version}/{phone_number_id}/messages` (checks the bearer token and the body's
shape, answers `{"messaging_product", "contacts": [{"input", "wa_id"}], "messages": [{"id":
"wamid.…"}]}`), `GET /{version}/{waba_id}/message_templates` (paged with `limit`/`after` and
`paging.cursors`, `next` only when there is more), `GET /{version}/{media_id}` (the media's
`url`, `mime_type`, `sha256`, `file_size`) and that `url` (the bytes, bearer token required).
Failures come as Graph error objects. Every request is recorded; tests can queue failures.
Webhook payloads are built and signed (`X-Hub-Signature-256`) the way Meta sends them.
"""

import base64
import contextlib
import hashlib
import hmac
import json
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

import httpx
from starlette.applications import Starlette
from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from tests.support.local_server import serving

MESSAGE_TYPES = {
    "text",
    "image",
    "audio",
    "video",
    "document",
    "sticker",
    "location",
    "contacts",
    "interactive",
    "template",
    "reaction",
}


def graph_error(
    status: int,
    code: int,
    message: str,
    *,
    subcode: int | None = None,
    details: str | None = None,
    headers: dict[str, str] | None = None,
) -> JSONResponse:
    error: dict[str, Any] = {
        "message": message,
        "type": "OAuthException",
        "code": code,
        "fbtrace_id": uuid.uuid4().hex[:20],
    }
    if subcode is not None:
        error["error_subcode"] = subcode
    if details is not None:
        error["error_data"] = {"messaging_product": "whatsapp", "details": details}
    return JSONResponse({"error": error}, status_code=status, headers=headers)


@dataclass
class Failure:
    status: int
    code: int
    message: str
    subcode: int | None = None
    details: str | None = None
    retry_after: str | None = None

    def response(self) -> JSONResponse:
        headers = {"Retry-After": self.retry_after} if self.retry_after is not None else None
        return graph_error(
            self.status,
            self.code,
            self.message,
            subcode=self.subcode,
            details=self.details,
            headers=headers,
        )


@dataclass
class RecordedRequest:
    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    body: bytes


def _check_message(body: Any) -> str | None:
    """Why Graph would refuse this send (code 100 / 131008), or None if the shape holds."""
    if not isinstance(body, dict) or body.get("messaging_product") != "whatsapp":
        return "(#100) The parameter messaging_product is required."
    to, kind = body.get("to"), body.get("type", "text")
    if not isinstance(to, str) or not to.lstrip("+").isdigit():
        return "(#100) Invalid parameter: to"
    obj = body.get(kind)
    if kind not in MESSAGE_TYPES or not isinstance(obj, dict):
        return f"(#131008) Required parameter is missing: {kind}"
    if kind == "text" and not obj.get("body"):
        return "(#100) Param text['body'] is required."
    if kind in ("image", "audio", "video", "document", "sticker") and ("id" in obj) == (
        "link" in obj
    ):
        return f"(#100) Param {kind} must have exactly one of id or link."
    if kind == "interactive" and obj.get("type") not in ("button", "list"):
        return "(#100) Invalid parameter: interactive.type"
    if kind == "template" and not (obj.get("name") and (obj.get("language") or {}).get("code")):
        return "(#131008) Required parameter is missing: template name or language.code"
    return None


@dataclass
class FakeWhatsApp:
    access_token: str
    app_secret: str
    phone_number_id: str = "106540352242922"
    waba_id: str = "102290129340398"
    base_url: str = ""
    requests: list[RecordedRequest] = field(default_factory=list)
    sent: list[dict[str, Any]] = field(default_factory=list)
    templates: list[dict[str, Any]] = field(default_factory=list)
    media: dict[str, tuple[bytes, str]] = field(default_factory=dict)
    declared_sizes: dict[str, int] = field(default_factory=dict)
    uploaded: dict[str, tuple[bytes, str, str]] = field(default_factory=dict)
    on_send: Callable[[dict[str, Any], str], Awaitable[None]] | None = None
    _failures: list[Failure] = field(default_factory=list)

    # --- control, for tests ---

    def fail_next(
        self,
        status: int,
        *,
        code: int = 1,
        message: str = "An unknown error occurred",
        times: int = 1,
        subcode: int | None = None,
        details: str | None = None,
        retry_after: str | None = None,
    ) -> None:
        """The next `times` authenticated API calls answer this Graph error instead."""
        failure = Failure(status, code, message, subcode, details, retry_after)
        self._failures.extend([failure] * times)

    def add_template(self, name: str, language: str = "pt_BR", status: str = "APPROVED") -> None:
        self.templates.append(
            {
                "id": str(1000 + len(self.templates)),
                "name": name,
                "language": language,
                "status": status,
                "category": "UTILITY",
                "components": [{"type": "BODY", "text": "Olá {{1}}"}],
            }
        )

    def add_media(
        self, data: bytes, mime_type: str = "image/jpeg", *, declared_size: int | None = None
    ) -> str:
        """Serve `data` as a media id; `declared_size` makes the metadata lie about its size."""
        media_id = str(uuid.uuid4().int)[:15]
        self.media[media_id] = (data, mime_type)
        if declared_size is not None:
            self.declared_sizes[media_id] = declared_size
        return media_id

    def sign(self, raw_body: bytes, secret: str | None = None) -> str:
        key = (secret or self.app_secret).encode()
        return "sha256=" + hmac.new(key, raw_body, hashlib.sha256).hexdigest()

    async def post_webhook(
        self,
        client: httpx.AsyncClient,
        url: str,
        payload: dict[str, Any] | bytes,
        *,
        signature: str | None = None,
    ) -> httpx.Response:
        """POST a notification as Meta does: compact JSON, signed unless `signature` is given."""
        raw = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
        headers = {
            "Content-Type": "application/json",
            "X-Hub-Signature-256": signature if signature is not None else self.sign(raw),
        }
        return await client.post(url, content=raw, headers=headers)

    # --- the Graph API ---

    async def _record(self, request: Request) -> Response | None:
        self.requests.append(
            RecordedRequest(
                request.method,
                request.url.path,
                dict(request.query_params),
                dict(request.headers),
                await request.body(),
            )
        )
        if request.headers.get("authorization") != f"Bearer {self.access_token}":
            return graph_error(401, 190, "Invalid OAuth access token - Cannot parse access token")
        if self._failures:
            return self._failures.pop(0).response()
        return None

    async def _messages(self, request: Request) -> Response:
        refused = await self._record(request)
        if refused is not None:
            return refused
        if request.path_params["node"] != self.phone_number_id:
            node = request.path_params["node"]
            return graph_error(
                400,
                100,
                f"Unsupported post request. Object with ID '{node}' does not exist",
                subcode=33,
            )
        try:
            body = json.loads(await request.body())
        except ValueError:
            return graph_error(400, 100, "(#100) The request body is not valid JSON.")
        problem = _check_message(body)
        if problem is not None:
            return graph_error(400, 100, problem)
        self.sent.append(body)
        message_id = "wamid." + base64.b64encode(uuid.uuid4().bytes * 2).decode().rstrip("=")
        if self.on_send is not None:
            # Lets a test act between Meta accepting a message and the sender hearing so.
            await self.on_send(body, message_id)
        return JSONResponse(
            {
                "messaging_product": "whatsapp",
                "contacts": [{"input": body["to"], "wa_id": body["to"].lstrip("+")}],
                "messages": [{"id": message_id}],
            }
        )

    async def _templates(self, request: Request) -> Response:
        refused = await self._record(request)
        if refused is not None:
            return refused
        wanted = request.query_params.get("status")
        matching = [t for t in self.templates if wanted is None or t["status"] == wanted]
        limit = int(request.query_params.get("limit", "25"))
        after = request.query_params.get("after")
        start = int(base64.b64decode(after)) if after else 0
        page = matching[start : start + limit]
        cursors = {
            "before": base64.b64encode(str(start).encode()).decode(),
            "after": base64.b64encode(str(start + len(page)).encode()).decode(),
        }
        paging: dict[str, Any] = {"cursors": cursors}
        if start + len(page) < len(matching):
            paging["next"] = str(request.url.include_query_params(after=cursors["after"]))
        return JSONResponse({"data": page, "paging": paging})

    async def _media_info(self, request: Request) -> Response:
        refused = await self._record(request)
        if refused is not None:
            return refused
        media_id = request.path_params["node"]
        if media_id not in self.media:
            return graph_error(
                400, 100, f"Unsupported get request. Object '{media_id}'", subcode=33
            )
        data, mime_type = self.media[media_id]
        return JSONResponse(
            {
                "messaging_product": "whatsapp",
                "url": f"{self.base_url}/lookaside/{media_id}",
                "mime_type": mime_type,
                "sha256": hashlib.sha256(data).hexdigest(),
                "file_size": self.declared_sizes.get(media_id, len(data)),
                "id": media_id,
            }
        )

    async def _media_bytes(self, request: Request) -> Response:
        refused = await self._record(request)
        if refused is not None:
            return refused
        media_id = request.path_params["media_id"]
        if media_id not in self.media:
            return Response(status_code=404)
        data, mime_type = self.media[media_id]
        return Response(data, media_type=mime_type)

    async def _upload_media(self, request: Request) -> Response:
        refused = await self._record(request)
        if refused is not None:
            return refused
        form = await request.form()
        upload = form.get("file")
        if form.get("messaging_product") != "whatsapp" or not isinstance(upload, UploadFile):
            return graph_error(400, 100, "(#100) The parameter messaging_product is required.")
        data = await upload.read()
        media_id = str(1000000 + len(self.media) + len(self.uploaded))
        mime_type = str(form.get("type") or upload.content_type or "application/octet-stream")
        self.uploaded[media_id] = (data, mime_type, upload.filename or "")
        self.media[media_id] = (data, mime_type)
        return JSONResponse({"id": media_id})

    def app(self) -> Starlette:
        return Starlette(
            routes=[
                Route("/{version}/{node}/media", self._upload_media, methods=["POST"]),
                Route("/lookaside/{media_id}", self._media_bytes, methods=["GET"]),
                Route("/{version}/{node}/messages", self._messages, methods=["POST"]),
                Route("/{version}/{node}/message_templates", self._templates, methods=["GET"]),
                Route("/{version}/{node}", self._media_info, methods=["GET"]),
            ]
        )


# --- webhook payloads, shaped as Meta sends them ---


def notification(field_name: str, value: dict[str, Any], waba_id: str) -> dict[str, Any]:
    change = {"field": field_name, "value": value}
    return {
        "object": "whatsapp_business_account",
        "entry": [{"id": waba_id, "time": int(time.time()), "changes": [change]}],
    }


def messages_value(
    phone_number_id: str,
    messages: list[dict[str, Any]] | None = None,
    statuses: list[dict[str, Any]] | None = None,
    contacts: list[tuple[str, str]] | None = None,
) -> dict[str, Any]:
    value: dict[str, Any] = {
        "messaging_product": "whatsapp",
        "metadata": {"display_phone_number": "15550001111", "phone_number_id": phone_number_id},
    }
    if contacts:
        value["contacts"] = [{"profile": {"name": n}, "wa_id": w} for w, n in contacts]
    if messages:
        value["messages"] = messages
    if statuses:
        value["statuses"] = statuses
    return value


def inbound(kind: str, body: Any, sender: str = "5511987654321", **extra: Any) -> dict[str, Any]:
    """One `messages[]` item; `body` goes under the key named by its type, as Meta nests it."""
    message_id = extra.pop("id", "wamid." + uuid.uuid4().hex)
    return {
        "from": sender,
        "id": message_id,
        "timestamp": str(int(time.time())),
        "type": kind,
        kind: body,
        **extra,
    }


def status(
    message_id: str, state: str, recipient: str = "5511987654321", **extra: Any
) -> dict[str, Any]:
    return {
        "id": message_id,
        "status": state,
        "timestamp": str(int(time.time())),
        "recipient_id": recipient,
        **extra,
    }


@contextlib.asynccontextmanager
async def running_fake_whatsapp(
    access_token: str = "EAAG-test-token", app_secret: str = "test-app-secret"
) -> AsyncIterator[FakeWhatsApp]:
    """The fake on a free local port, for as long as the context lasts."""
    fake = FakeWhatsApp(access_token=access_token, app_secret=app_secret)
    async with serving(fake.app()) as base_url:
        fake.base_url = base_url
        yield fake
