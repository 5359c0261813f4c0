"""Sends a conversation's message through the workspace's WhatsApp Cloud API number."""

import uuid
from collections.abc import Awaitable, Callable
from functools import partial

import httpx

from channels.connection import sending_channel
from channels.ports import DeliveryFailed, DeliveryReceipt, OutboundDelivery, SendCall
from channels.whatsapp.client_factory import client_for
from domain.channel_credentials import WhatsAppChannelCredentials
from domain.enums import ChannelKind, MessageStatus
from domain.message_content import (
    ButtonsContent,
    ListContent,
    MediaContent,
    TemplateContent,
    TextContent,
)
from providers.whatsapp import (
    ButtonsMessage,
    ListMessage,
    ListRow,
    ListSection,
    MediaRef,
    ReplyButton,
    SentMessage,
    TemplateButton,
    TemplateMessage,
    WhatsAppClient,
    WhatsAppError,
    WhatsAppPermanentError,
    WhatsAppRetryableError,
)
from providers.whatsapp.errors import may_have_been_sent
from providers.whatsapp.models import MediaKind
from stores.channel_directory import ChannelDirectory
from stores.inbox.attachments import AttachmentStore
from stores.tables.inbox import Attachment

GraphCall = Callable[[], Awaitable[SentMessage]]


class WhatsAppDelivery:
    kind = ChannelKind.whatsapp
    # The Cloud API takes no idempotency key: a resend after an unknown outcome may deliver twice.
    resend_safe = False

    def __init__(
        self,
        directory: ChannelDirectory,
        attachments: AttachmentStore,
        http: httpx.AsyncClient,
        graph_url: str,
    ) -> None:
        self._directory = directory
        self._attachments = attachments
        self._http = http
        self._graph_url = graph_url

    async def prepare(self, delivery: OutboundDelivery) -> SendCall:
        client = await self._client(delivery)
        try:
            # Files go up first: a failure before the message itself is posted cannot have
            # sent it, whatever it was (a timeout included), so a retry is safe.
            send = await self._prepare(client, delivery)
        except (WhatsAppError, ValueError) as error:
            raise _failed(error, maybe_sent=False) from error

        async def call() -> DeliveryReceipt:
            try:
                sent = await send()
            except WhatsAppError as error:
                raise _failed(error, maybe_sent=may_have_been_sent(error)) from error
            return DeliveryReceipt(status=MessageStatus.sent, provider_message_id=sent.message_id)

        return call

    async def deliver(self, delivery: OutboundDelivery) -> DeliveryReceipt:
        """Prepares and sends at once (no ledger between the two)."""
        return await (await self.prepare(delivery))()

    async def _client(self, delivery: OutboundDelivery) -> WhatsAppClient:
        _, credentials = await sending_channel(
            self._directory, delivery, WhatsAppChannelCredentials, "WhatsApp"
        )
        return client_for(credentials, self._http, self._graph_url)

    async def _prepare(self, client: WhatsAppClient, delivery: OutboundDelivery) -> GraphCall:
        """Uploads what the message needs and gives back the one call that sends it."""
        to = delivery.contact_key
        key = str(delivery.message.id)
        content = delivery.message.content or TextContent(text=delivery.message.text)
        match content:
            case TextContent(text=text):
                return partial(client.send_text, to, text, preview_url=True, idempotency_key=key)
            case MediaContent():
                media = await self._media_ref(client, delivery, content)
                return partial(client.send_media, to, media, idempotency_key=key)
            case ButtonsContent(text=text, buttons=buttons):
                message = ButtonsMessage(
                    body=text, buttons=[ReplyButton(id=b.id, title=b.title) for b in buttons]
                )
                return partial(client.send_buttons, to, message, idempotency_key=key)
            case ListContent(text=text, button=button, sections=sections):
                listing = ListMessage(
                    body=text,
                    button=button,
                    sections=[
                        ListSection(
                            title=s.title,
                            rows=[
                                ListRow(id=r.id, title=r.title, description=r.description)
                                for r in s.rows
                            ],
                        )
                        for s in sections
                    ],
                )
                return partial(client.send_list, to, listing, idempotency_key=key)
            case TemplateContent():
                template = await self._template(client, delivery, content)
                return partial(client.send_template, to, template, idempotency_key=key)
        raise ValueError(f"WhatsApp cannot send {content.kind} messages")

    async def _upload(
        self, client: WhatsAppClient, delivery: OutboundDelivery, attachment_id: uuid.UUID | None
    ) -> tuple[str, Attachment]:
        """Uploads one of the workspace's files to Meta; returns its media id and the file."""
        attachment = (
            None
            if attachment_id is None
            else await self._attachments.get(delivery.workspace_id, attachment_id)
        )
        if attachment is None:
            raise WhatsAppPermanentError(
                "attachment missing", agent_message="The attached file no longer exists."
            )
        data = await self._attachments.read_bytes(attachment)
        media_id = await client.upload_media(
            data, mime_type=attachment.mime_type, filename=attachment.filename
        )
        return media_id, attachment

    async def _media_ref(
        self, client: WhatsAppClient, delivery: OutboundDelivery, content: MediaContent
    ) -> MediaRef:
        media_id, attachment = await self._upload(client, delivery, content.attachment_id)
        kind = content.media_type
        return MediaRef(
            kind=kind,
            media_id=media_id,
            caption=content.caption if kind not in ("audio", "sticker") else None,
            filename=(content.filename or attachment.filename) if kind == "document" else None,
        )

    async def _template(
        self, client: WhatsAppClient, delivery: OutboundDelivery, content: TemplateContent
    ) -> TemplateMessage:
        header: str | MediaRef | None = content.header_text
        if content.header_attachment_id is not None:
            media_id, attachment = await self._upload(
                client, delivery, content.header_attachment_id
            )
            kind = _header_kind(attachment.mime_type)
            # Without its name a document header reaches the contact as "Untitled".
            filename = attachment.filename if kind == "document" else None
            header = MediaRef(kind=kind, media_id=media_id, filename=filename)
        return TemplateMessage(
            name=content.name,
            language=content.language,
            header=header,
            body=content.body_values,
            body_names=content.body_parameter_names,
            buttons=[
                TemplateButton(sub_type=b.sub_type, index=b.index, value=b.value)
                for b in content.buttons
            ],
        )


def _failed(error: WhatsAppError | ValueError, *, maybe_sent: bool) -> DeliveryFailed:
    code = str(error.code) if isinstance(error, WhatsAppError) and error.code is not None else None
    if isinstance(error, WhatsAppPermanentError):
        return DeliveryFailed(
            str(error), permanent=True, agent_message=error.agent_message, code=code
        )
    if not isinstance(error, WhatsAppError):
        return DeliveryFailed(
            str(error), permanent=True, agent_message=f"The message is not valid: {error}"
        )
    return DeliveryFailed(
        str(error),
        permanent=False,
        agent_message="WhatsApp is busy or unreachable; retrying.",
        code=code,
        retry_after=error.retry_after if isinstance(error, WhatsAppRetryableError) else None,
        maybe_sent=maybe_sent,
    )


def _header_kind(mime_type: str) -> MediaKind:
    """A template's media header is an image, a video or a document."""
    if mime_type.startswith("image/"):
        return "image"
    if mime_type.startswith("video/"):
        return "video"
    return "document"
