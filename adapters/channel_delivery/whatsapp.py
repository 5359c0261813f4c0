"""Sends a conversation's message through the workspace's WhatsApp Cloud API number."""

import uuid

import httpx

from adapters.attachments import AttachmentStore
from adapters.base import DeliveryFailed, DeliveryReceipt, OutboundDelivery
from adapters.channel_directory import ChannelDirectory
from adapters.whatsapp import (
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
    WhatsAppCredentials,
    WhatsAppPermanentError,
    WhatsAppRetryableError,
)
from adapters.whatsapp.models import MediaKind
from domain.channel_credentials import WhatsAppChannelCredentials
from domain.message_content import (
    ButtonsContent,
    ListContent,
    MediaContent,
    TemplateContent,
    TextContent,
)
from domain.models import ChannelKind, MessageStatus

WINDOW_CLOSED_CODE = 131047


class WhatsAppDelivery:
    kind = ChannelKind.whatsapp

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

    async def deliver(self, delivery: OutboundDelivery) -> DeliveryReceipt:
        channel = await self._directory.by_id(delivery.workspace_id, delivery.channel_id)
        credentials = channel.credentials_as(WhatsAppChannelCredentials)
        client = WhatsAppClient(
            self._http,
            WhatsAppCredentials(
                access_token=credentials.access_token,
                phone_number_id=credentials.phone_number_id,
                waba_id=credentials.business_account_id,
                api_version=credentials.api_version,
            ),
            base_url=self._graph_url,
        )
        try:
            sent = await self._send(client, delivery)
        except WhatsAppRetryableError as error:
            raise DeliveryFailed(
                str(error),
                permanent=False,
                agent_message="WhatsApp is busy or unreachable; retrying.",
                code=str(error.code) if error.code is not None else None,
                retry_after=error.retry_after,
                # Only a connection that never opened proves the message did not leave.
                maybe_sent=error.status is None,
            ) from error
        except WhatsAppPermanentError as error:
            raise DeliveryFailed(
                str(error),
                permanent=True,
                agent_message=error.agent_message,
                code=str(error.code) if error.code is not None else None,
            ) from error
        except ValueError as error:
            raise DeliveryFailed(
                str(error), permanent=True, agent_message=f"The message is not valid: {error}"
            ) from error
        return DeliveryReceipt(status=MessageStatus.sent, provider_message_id=sent.message_id)

    async def _send(self, client: WhatsAppClient, delivery: OutboundDelivery) -> SentMessage:
        to = delivery.contact_key
        key = str(delivery.message.id)
        content = delivery.message.content or TextContent(text=delivery.message.text)
        match content:
            case TextContent(text=text):
                return await client.send_text(to, text, preview_url=True, idempotency_key=key)
            case MediaContent():
                media = await self._media_ref(client, delivery, content)
                return await client.send_media(to, media, idempotency_key=key)
            case ButtonsContent(text=text, buttons=buttons):
                message = ButtonsMessage(
                    body=text, buttons=[ReplyButton(id=b.id, title=b.title) for b in buttons]
                )
                return await client.send_buttons(to, message, idempotency_key=key)
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
                return await client.send_list(to, listing, idempotency_key=key)
            case TemplateContent():
                template = await self._template(client, delivery, content)
                return await client.send_template(to, template, idempotency_key=key)
        raise ValueError(f"WhatsApp cannot send {content.kind} messages")

    async def _upload(
        self, client: WhatsAppClient, delivery: OutboundDelivery, attachment_id: uuid.UUID | None
    ) -> tuple[str, str]:
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
        return media_id, attachment.filename

    async def _media_ref(
        self, client: WhatsAppClient, delivery: OutboundDelivery, content: MediaContent
    ) -> MediaRef:
        media_id, filename = await self._upload(client, delivery, content.attachment_id)
        kind = content.media_type
        return MediaRef(
            kind=kind,
            media_id=media_id,
            caption=content.caption if kind not in ("audio", "sticker") else None,
            filename=(content.filename or filename) if kind == "document" else None,
        )

    async def _template(
        self, client: WhatsAppClient, delivery: OutboundDelivery, content: TemplateContent
    ) -> TemplateMessage:
        header: str | MediaRef | None = content.header_text
        if content.header_attachment_id is not None:
            media_id, _ = await self._upload(client, delivery, content.header_attachment_id)
            attachment = await self._attachments.get(
                delivery.workspace_id, content.header_attachment_id
            )
            header = MediaRef(
                kind=_header_kind(attachment.mime_type if attachment else ""), media_id=media_id
            )
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


def _header_kind(mime_type: str) -> MediaKind:
    """A template's media header is an image, a video or a document."""
    if mime_type.startswith("image/"):
        return "image"
    if mime_type.startswith("video/"):
        return "video"
    return "document"
