"""Fetches a file a contact sent on WhatsApp into the workspace's storage.

Meta keeps inbound media for 30 days behind a short-lived URL; the copy is ours to keep.
"""

import tempfile
import uuid

import httpx

from channels.ports import MediaNotReady, MediaUnavailable
from channels.whatsapp.client_factory import whatsapp_client
from domain.message_content import MediaContent
from providers.whatsapp import (
    WhatsAppPermanentError,
    WhatsAppRetryableError,
)
from stores.channel_directory import ChannelDirectory, ChannelNotConnected
from stores.inbox.attachments import MAX_ATTACHMENT_BYTES, AttachmentStore
from stores.tables.inbox import Attachment

# Files up to this size stay in memory while they download; larger ones spill to disk.
IN_MEMORY_BYTES = 1024 * 1024
EXTENSIONS = {"image": ".jpg", "audio": ".ogg", "video": ".mp4", "sticker": ".webp"}


class WhatsAppMediaFetcher:
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

    async def fetch(
        self, workspace_id: uuid.UUID, channel_id: uuid.UUID, media: MediaContent
    ) -> Attachment:
        try:
            return await self._fetch(workspace_id, channel_id, media)
        except WhatsAppPermanentError as error:
            raise MediaUnavailable(error.agent_message) from error
        except WhatsAppRetryableError as error:
            raise MediaNotReady(str(error), retry_after=error.retry_after) from error
        except ChannelNotConnected as error:
            raise MediaUnavailable(
                "The WhatsApp channel was disconnected before the file could be fetched."
            ) from error

    async def _fetch(
        self, workspace_id: uuid.UUID, channel_id: uuid.UUID, media: MediaContent
    ) -> Attachment:
        if not media.provider_media_id:
            raise MediaUnavailable("WhatsApp did not say where the file is.")
        channel = await self._directory.by_id(workspace_id, channel_id)
        client = whatsapp_client(self._http, channel, self._graph_url)
        with tempfile.SpooledTemporaryFile(max_size=IN_MEMORY_BYTES) as buffer:
            download = await client.download_media(
                media.provider_media_id, buffer, max_bytes=MAX_ATTACHMENT_BYTES
            )
            buffer.seek(0)
            filename = media.filename or (
                f"{media.media_type}-{media.provider_media_id}"
                f"{EXTENSIONS.get(media.media_type, '')}"
            )
            return await self._attachments.save(
                workspace_id,
                buffer,  # type: ignore[arg-type]
                filename=filename,
                mime_type=download.mime_type or media.mime_type or "application/octet-stream",
            )
