"""Fetches a picture a contact sent by MMS (Twilio's `MediaUrlN`) into the workspace's storage.

The URL arrives in a webhook signed with the channel's auth token, which the tenant typed in
and nothing proves is Twilio's: so the URL (and every redirect) must be on one of Twilio's media
hosts, and the download goes through the outbound guard like every tenant-chosen URL.
"""

import tempfile
import uuid
from urllib.parse import urlsplit

import httpx

from channels.ports import MediaNotReady, MediaUnavailable
from domain.channel_credentials import SmsChannelCredentials
from domain.message_content import MediaContent
from infra.file_storage import FileTooLarge
from providers.egress import EgressRefused
from stores.channel_directory import ChannelDirectory, ChannelNotConnected
from stores.inbox.attachments import MAX_ATTACHMENT_BYTES, AttachmentStore
from stores.tables.inbox import Attachment

IN_MEMORY_BYTES = 1024 * 1024
REDIRECTS = frozenset({301, 302, 303, 307, 308})
# Twilio redirects once, to its CDN; more than a few hops is a loop, not a file.
MAX_REDIRECTS = 3
# Where Twilio serves MMS media: the API host (with the account's credentials), then its CDN.
TWILIO_MEDIA_HOSTS = frozenset({"api.twilio.com", "*.twilio.com", "*.twiliocdn.com"})


def on_media_host(url: str, hosts: frozenset[str]) -> bool:
    """Whether `url` is on one of `hosts` (`*.example.com` names any subdomain)."""
    host = (urlsplit(url).hostname or "").rstrip(".")
    return any(
        host == allowed or (allowed.startswith("*.") and host.endswith(allowed[1:]))
        for allowed in hosts
    )


class TwilioMediaFetcher:
    def __init__(
        self,
        directory: ChannelDirectory,
        attachments: AttachmentStore,
        http: httpx.AsyncClient,
        twilio_url: str,
        media_hosts: frozenset[str] = TWILIO_MEDIA_HOSTS,
    ) -> None:
        """`http` must be a guarded client (`providers.egress.guarded_client`) that does not
        follow redirects: each hop is checked here. `media_hosts`: Twilio's, unless a test
        serves them elsewhere; the configured API host is always one."""
        self._directory = directory
        self._attachments = attachments
        self._http = http
        self._twilio_host = urlsplit(twilio_url).netloc
        self._media_hosts = media_hosts | {urlsplit(twilio_url).hostname or ""}

    async def fetch(
        self, workspace_id: uuid.UUID, channel_id: uuid.UUID, media: MediaContent
    ) -> Attachment:
        url = media.provider_media_id or ""
        try:
            channel = await self._directory.by_id(workspace_id, channel_id)
            credentials = channel.credentials_as(SmsChannelCredentials)
        except ChannelNotConnected as error:
            raise MediaUnavailable("The SMS channel was disconnected.") from error
        # The account's credentials go to Twilio's own host only, never to a redirect target.
        auth = (
            (credentials.account_sid, credentials.auth_token.get_secret_value())
            if urlsplit(url).netloc == self._twilio_host
            else None
        )
        with tempfile.SpooledTemporaryFile(max_size=IN_MEMORY_BYTES) as buffer:
            mime_type = await self._download(url, auth, buffer)
            buffer.seek(0)
            try:
                return await self._attachments.save(
                    workspace_id,
                    buffer,  # type: ignore[arg-type]
                    filename=media.filename or f"mms-{url.rsplit('/', 1)[-1][:40]}",
                    mime_type=mime_type or media.mime_type or "application/octet-stream",
                )
            except FileTooLarge as error:
                raise MediaUnavailable("The contact's file is too large to store.") from error

    async def _download(
        self,
        url: str,
        auth: tuple[str, str] | None,
        buffer: tempfile.SpooledTemporaryFile[bytes],
        redirects_left: int = MAX_REDIRECTS,
    ) -> str | None:
        size = 0
        if not on_media_host(url, self._media_hosts):
            raise MediaUnavailable("The file's address is not one of Twilio's; it was not fetched.")
        try:
            async with self._http.stream("GET", url, auth=auth) as response:
                if response.status_code in REDIRECTS:
                    if redirects_left == 0:
                        raise MediaUnavailable("The provider kept redirecting the file's download.")
                    # Absolute or relative to this URL. The media's own CDN needs no credentials.
                    location = response.url.join(response.headers.get("location", ""))
                    return await self._download(str(location), None, buffer, redirects_left - 1)
                if response.status_code == 404:
                    raise MediaUnavailable("The provider no longer has this file.")
                if response.status_code in (401, 403):
                    # Retrying will not change the account's credentials.
                    raise MediaUnavailable(
                        "The SMS account's credentials were refused; check the channel in Settings."
                    )
                if response.status_code >= 400:
                    raise MediaNotReady(f"media download answered {response.status_code}")
                async for chunk in response.aiter_bytes():
                    size += len(chunk)
                    if size > MAX_ATTACHMENT_BYTES:
                        raise MediaUnavailable("The contact's file is too large to store.")
                    buffer.write(chunk)
                content_type: str | None = response.headers.get("content-type")
                return content_type
        except EgressRefused as error:
            raise MediaUnavailable(f"The file could not be fetched: {error}.") from error
        except httpx.TransportError as error:
            raise MediaNotReady(f"media download interrupted: {error!r}") from error
