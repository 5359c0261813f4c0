"""The WhatsApp Cloud API (Graph API) client for one workspace's business number.

Sends return Meta's `wamid.…` id. The Cloud API has no idempotency key: a request retried after a
lost response can deliver twice. What it offers is `biz_opaque_callback_data`, echoed back in every
status webhook, so the idempotency key travels there and the status of a send whose response was
lost can still be matched to our message. Retries themselves belong to the calling activity.
"""

import hashlib
from typing import Any, Protocol

import httpx
from pydantic import BaseModel, Field, SecretStr

from providers.whatsapp.errors import (
    WhatsAppError,
    WhatsAppPermanentError,
    WhatsAppRetryableError,
    error_from_response,
)
from providers.whatsapp.outbound import (
    ButtonsMessage,
    ListMessage,
    MediaRef,
    TemplateMessage,
    buttons_object,
    list_object,
    template_object,
)

GRAPH_URL = "https://graph.facebook.com"
DEFAULT_API_VERSION = "v23.0"
MAX_MEDIA_BYTES = 100 * 1024 * 1024  # WhatsApp's own ceiling (documents)
MAX_TEMPLATE_PAGES = 100  # a guard against a cursor that never ends, not a real limit
TEMPLATE_FIELDS = "id,name,language,status,category,components"


class WhatsAppCredentials(BaseModel):
    access_token: SecretStr
    phone_number_id: str
    waba_id: str = Field(description="The WhatsApp Business Account that owns the templates.")
    api_version: str = DEFAULT_API_VERSION


class SentMessage(BaseModel):
    message_id: str
    recipient_wa_id: str | None = Field(
        default=None,
        description="The number WhatsApp resolved `to` into; may differ (e.g. Brazil's 9th digit).",
    )


class MessageTemplate(BaseModel):
    id: str
    name: str
    language: str
    status: str
    category: str | None = None
    components: list[dict[str, Any]] = Field(default_factory=list)


class MediaDownload(BaseModel):
    media_id: str
    mime_type: str | None
    size: int
    sha256: str


class BinarySink(Protocol):
    def write(self, data: bytes, /) -> object: ...


class WhatsAppClient:
    def __init__(
        self,
        http: httpx.AsyncClient,
        credentials: WhatsAppCredentials,
        base_url: str = GRAPH_URL,
    ) -> None:
        self._http = http
        self._credentials = credentials
        self._base = f"{base_url.rstrip('/')}/{credentials.api_version}"

    @property
    def _auth(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self._credentials.access_token.get_secret_value()}"}

    async def send_text(
        self,
        to: str,
        body: str,
        *,
        preview_url: bool = False,
        reply_to: str | None = None,
        idempotency_key: str | None = None,
    ) -> SentMessage:
        text = {"body": body, "preview_url": preview_url}
        return await self._send(to, "text", text, reply_to, idempotency_key)

    async def send_media(
        self,
        to: str,
        media: MediaRef,
        *,
        reply_to: str | None = None,
        idempotency_key: str | None = None,
    ) -> SentMessage:
        return await self._send(to, media.kind, media.wire(), reply_to, idempotency_key)

    async def send_buttons(
        self,
        to: str,
        message: ButtonsMessage,
        *,
        reply_to: str | None = None,
        idempotency_key: str | None = None,
    ) -> SentMessage:
        obj = buttons_object(message)
        return await self._send(to, "interactive", obj, reply_to, idempotency_key)

    async def send_list(
        self,
        to: str,
        message: ListMessage,
        *,
        reply_to: str | None = None,
        idempotency_key: str | None = None,
    ) -> SentMessage:
        return await self._send(to, "interactive", list_object(message), reply_to, idempotency_key)

    async def send_template(
        self, to: str, template: TemplateMessage, *, idempotency_key: str | None = None
    ) -> SentMessage:
        return await self._send(to, "template", template_object(template), None, idempotency_key)

    async def _send(
        self,
        to: str,
        kind: str,
        obj: dict[str, Any],
        reply_to: str | None,
        idempotency_key: str | None,
    ) -> SentMessage:
        payload: dict[str, Any] = {
            "messaging_product": "whatsapp",
            "recipient_type": "individual",
            "to": to,
            "type": kind,
            kind: obj,
        }
        if reply_to is not None:
            payload["context"] = {"message_id": reply_to}
        if idempotency_key is not None:
            payload["biz_opaque_callback_data"] = idempotency_key
        url = f"{self._base}/{self._credentials.phone_number_id}/messages"
        data = await self._json("POST", url, json=payload)
        messages = data.get("messages")
        if not isinstance(messages, list) or not messages or "id" not in messages[0]:
            # Accepted (2xx) but without an id: retrying could send twice, so do not invite it.
            raise WhatsAppPermanentError(
                f"WhatsApp accepted the message without an id: {data!r:.300}",
                agent_message="WhatsApp gave an unexpected answer; check the conversation.",
            )
        contacts = data.get("contacts")
        wa_id = contacts[0].get("wa_id") if isinstance(contacts, list) and contacts else None
        return SentMessage(message_id=str(messages[0]["id"]), recipient_wa_id=wa_id)

    async def list_templates(
        self, *, status: str | None = None, page_size: int = 100
    ) -> list[MessageTemplate]:
        """Every template of the business account, following Graph's `paging.cursors.after`."""
        url = f"{self._base}/{self._credentials.waba_id}/message_templates"
        params: dict[str, str | int] = {"limit": page_size, "fields": TEMPLATE_FIELDS}
        if status is not None:
            params["status"] = status
        templates: list[MessageTemplate] = []
        for _ in range(MAX_TEMPLATE_PAGES):
            page = await self._json("GET", url, params=params)
            templates.extend(MessageTemplate.model_validate(t) for t in page.get("data") or [])
            paging = page.get("paging") or {}
            after = (paging.get("cursors") or {}).get("after")
            # Graph leaves `next` out on the last page even though `cursors` is still present.
            if not paging.get("next") or not after:
                return templates
            params["after"] = after
        raise WhatsAppPermanentError(
            f"template listing did not end after {MAX_TEMPLATE_PAGES} pages",
            agent_message="The WhatsApp template list could not be read completely.",
        )

    async def upload_media(self, data: bytes, *, mime_type: str, filename: str) -> str:
        """Uploads a file for sending (`POST /{phone_number_id}/media`); returns its media id.

        Our attachments are private, so media goes out by id rather than by public link."""
        url = f"{self._base}/{self._credentials.phone_number_id}/media"
        body = await self._json(
            "POST",
            url,
            data={"messaging_product": "whatsapp", "type": mime_type},
            files={"file": (filename, data, mime_type)},
        )
        media_id = body.get("id")
        if not media_id:
            raise WhatsAppRetryableError(
                f"WhatsApp answered the upload without an id: {body!r:.200}"
            )
        return str(media_id)

    async def download_media(
        self, media_id: str, sink: BinarySink, *, max_bytes: int = MAX_MEDIA_BYTES
    ) -> MediaDownload:
        """Stream an inbound media file into `sink`; nothing beyond `max_bytes` is read."""
        info = await self._json("GET", f"{self._base}/{media_id}")
        declared = info.get("file_size")
        if declared is not None and int(declared) > max_bytes:
            raise _too_large(media_id, max_bytes)
        digest = hashlib.sha256()
        size = 0
        try:
            # The URL is short-lived (minutes) and needs the same bearer token as the Graph API.
            async with self._http.stream("GET", str(info["url"]), headers=self._auth) as response:
                if response.status_code >= 300:
                    await response.aread()
                    raise _media_url_error(response)
                async for chunk in response.aiter_bytes():
                    size += len(chunk)
                    # Checked while streaming: the declared size is not a promise.
                    if size > max_bytes:
                        raise _too_large(media_id, max_bytes)
                    digest.update(chunk)
                    sink.write(chunk)
        except httpx.TransportError as error:
            raise WhatsAppRetryableError(f"media download interrupted: {error}") from error
        expected = info.get("sha256")
        if expected and expected != digest.hexdigest():
            raise WhatsAppRetryableError(f"media {media_id} arrived corrupted (sha256 mismatch)")
        mime_type = info.get("mime_type")
        return MediaDownload(
            media_id=media_id,
            mime_type=str(mime_type) if mime_type else None,
            size=size,
            sha256=digest.hexdigest(),
        )

    async def _json(self, method: str, url: str, **kw: Any) -> dict[str, Any]:
        try:
            response = await self._http.request(method, url, headers=self._auth, **kw)
        except httpx.TransportError as error:
            # Includes timeouts after the request left: the send may have happened. The
            # callback data on the status webhook is what reconciles that case.
            raise WhatsAppRetryableError(f"WhatsApp unreachable: {error!r}") from error
        body = _decoded(response)
        if response.status_code >= 300:
            raise error_from_response(response.status_code, response.headers, body)
        if not isinstance(body, dict):
            raise WhatsAppRetryableError(f"WhatsApp answered {response.status_code} without JSON")
        return body


def _decoded(response: httpx.Response) -> Any:
    try:
        return response.json()
    except ValueError:
        return None


def _too_large(media_id: str, max_bytes: int) -> WhatsAppPermanentError:
    return WhatsAppPermanentError(
        f"media {media_id} is larger than {max_bytes} bytes",
        agent_message="The customer's file is too large to store.",
    )


def _media_url_error(response: httpx.Response) -> WhatsAppError:
    if response.status_code in (401, 403, 404, 410):
        # The lookaside URL expires within minutes; the next attempt asks Graph for a fresh one.
        return WhatsAppRetryableError(
            f"media URL refused with {response.status_code}", status=response.status_code
        )
    return error_from_response(response.status_code, response.headers, _decoded(response))
