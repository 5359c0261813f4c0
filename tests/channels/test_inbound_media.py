"""Files contacts send, fetched into the workspace's storage from the fake Graph API and the fake
Twilio over real HTTP, with the channel and the attachment rows in each database."""

import hashlib
import uuid
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from channels.ports import MediaNotReady, MediaUnavailable
from channels.sms.media import TwilioMediaFetcher
from channels.whatsapp.media import WhatsAppMediaFetcher
from domain.enums import ChannelKind
from domain.message_content import MediaContent
from providers.egress import EgressPolicy, guarded_client
from stores.inbox.attachments import MAX_ATTACHMENT_BYTES
from tests.channels.delivery_support import ChannelUnderTest, channel_under_test
from tests.domain.test_channel_credentials import sms, whatsapp
from tests.fakes.twilio import FakeTwilio, running_fake_twilio
from tests.fakes.whatsapp import FakeWhatsApp, running_fake_whatsapp
from tests.support.databases import Sessions
from tests.support.local_server import serving
from workers.registry import MEDIA_CAP_SLACK

WHATSAPP = whatsapp()
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF" + bytes(range(256)) * 40
PDF = b"%PDF-1.4\n" + bytes(range(255, -1, -1)) * 10


@pytest.fixture
async def http() -> AsyncIterator[httpx.AsyncClient]:
    # As the worker builds it: guarded, the configured provider hosts (the local fakes) allowed.
    async with guarded_client(
        EgressPolicy(allowed_hosts=frozenset({"127.0.0.1"})),
        timeout=5,
        max_response_bytes=MAX_ATTACHMENT_BYTES + MEDIA_CAP_SLACK,
    ) as client:
        yield client


@pytest.fixture
async def meta() -> AsyncIterator[FakeWhatsApp]:
    async with running_fake_whatsapp(
        access_token=WHATSAPP["access_token"], app_secret=WHATSAPP["app_secret"]
    ) as fake:
        yield fake


@pytest.fixture
async def twilio() -> AsyncIterator[FakeTwilio]:
    async with running_fake_twilio() as fake:
        yield fake


async def whatsapp_line(
    sessions: Sessions, tmp_path: Path, connected: bool = True
) -> ChannelUnderTest:
    credentials = WHATSAPP if connected else None
    return await channel_under_test(sessions, tmp_path, ChannelKind.whatsapp, credentials)


def graph_fetcher(
    line: ChannelUnderTest, http: httpx.AsyncClient, meta: FakeWhatsApp
) -> WhatsAppMediaFetcher:
    return WhatsAppMediaFetcher(line.directory, line.attachments, http, meta.base_url)


async def stored_bytes(line: ChannelUnderTest, attachment_id: uuid.UUID) -> bytes:
    found = await line.attachments.get(line.workspace_id, attachment_id)
    assert found is not None, "the attachment row is in this workspace"
    return await line.attachments.read_bytes(found)


@pytest.mark.parametrize(
    ("data", "mime_type", "media", "filename"),
    [
        (JPEG, "image/jpeg", MediaContent(media_type="image"), "image-{id}.jpg"),
        (
            PDF,
            "application/pdf",
            MediaContent(media_type="document", filename="boleto março.pdf"),
            "boleto março.pdf",
        ),
    ],
)
async def test_whatsapp_media_is_copied_byte_for_byte(
    sessions: Sessions,
    tmp_path: Path,
    http: httpx.AsyncClient,
    meta: FakeWhatsApp,
    data: bytes,
    mime_type: str,
    media: MediaContent,
    filename: str,
) -> None:
    line = await whatsapp_line(sessions, tmp_path)
    media_id = meta.add_media(data, mime_type)
    media = media.model_copy(update={"provider_media_id": media_id})

    attachment = await graph_fetcher(line, http, meta).fetch(
        line.workspace_id, line.channel_id, media
    )

    assert await stored_bytes(line, attachment.id) == data
    assert attachment.sha256 == hashlib.sha256(data).hexdigest()
    assert (attachment.mime_type, attachment.size) == (mime_type, len(data))
    assert attachment.filename == filename.format(id=media_id)
    assert attachment.workspace_id == line.workspace_id
    # Both the Graph lookup and the download carry the channel's token.
    assert [r.path for r in meta.requests] == [f"/v23.0/{media_id}", f"/lookaside/{media_id}"]
    assert {r.headers["authorization"] for r in meta.requests} == {
        f"Bearer {WHATSAPP['access_token']}"
    }


async def test_whatsapp_media_too_large_is_unavailable_without_downloading(
    sessions: Sessions, tmp_path: Path, http: httpx.AsyncClient, meta: FakeWhatsApp
) -> None:
    line = await whatsapp_line(sessions, tmp_path)
    huge = meta.add_media(b"x" * 10, "video/mp4", declared_size=MAX_ATTACHMENT_BYTES + 1)
    with pytest.raises(MediaUnavailable) as raised:
        await graph_fetcher(line, http, meta).fetch(
            line.workspace_id,
            line.channel_id,
            MediaContent(media_type="video", provider_media_id=huge),
        )
    assert "too large" in raised.value.reason
    assert [r.path for r in meta.requests] == [f"/v23.0/{huge}"]


@pytest.mark.parametrize(("status", "code", "retry_after"), [(500, 2, None), (503, 1, "9")])
async def test_whatsapp_outage_is_not_ready_yet(
    sessions: Sessions,
    tmp_path: Path,
    http: httpx.AsyncClient,
    meta: FakeWhatsApp,
    status: int,
    code: int,
    retry_after: str | None,
) -> None:
    line = await whatsapp_line(sessions, tmp_path)
    media_id = meta.add_media(JPEG)
    meta.fail_next(
        status, code=code, message="Service temporarily unavailable", retry_after=retry_after
    )
    media = MediaContent(media_type="image", provider_media_id=media_id)
    fetcher = graph_fetcher(line, http, meta)
    with pytest.raises(MediaNotReady) as raised:
        await fetcher.fetch(line.workspace_id, line.channel_id, media)
    assert raised.value.retry_after == (float(retry_after) if retry_after else None)
    # The next attempt (the activity's retry) gets the file.
    attachment = await fetcher.fetch(line.workspace_id, line.channel_id, media)
    assert await stored_bytes(line, attachment.id) == JPEG


async def test_whatsapp_media_meta_no_longer_has_or_never_named_is_unavailable(
    sessions: Sessions, tmp_path: Path, http: httpx.AsyncClient, meta: FakeWhatsApp
) -> None:
    line = await whatsapp_line(sessions, tmp_path)
    fetcher = graph_fetcher(line, http, meta)
    for media in (
        MediaContent(media_type="image", provider_media_id="999000111222333"),
        MediaContent(media_type="image"),
    ):
        with pytest.raises(MediaUnavailable):
            await fetcher.fetch(line.workspace_id, line.channel_id, media)


async def test_whatsapp_channel_without_credentials_is_unavailable(
    sessions: Sessions, tmp_path: Path, http: httpx.AsyncClient, meta: FakeWhatsApp
) -> None:
    line = await whatsapp_line(sessions, tmp_path, connected=False)
    media = MediaContent(media_type="image", provider_media_id=meta.add_media(JPEG))
    with pytest.raises(MediaUnavailable) as raised:
        await graph_fetcher(line, http, meta).fetch(line.workspace_id, line.channel_id, media)
    assert "disconnected" in raised.value.reason
    assert meta.requests == []


async def sms_line(sessions: Sessions, tmp_path: Path, twilio: FakeTwilio) -> ChannelUnderTest:
    credentials = sms(account_sid=twilio.account_sid, auth_token=twilio.auth_token)
    return await channel_under_test(sessions, tmp_path, ChannelKind.sms, credentials)


def mms_fetcher(
    line: ChannelUnderTest, http: httpx.AsyncClient, twilio: FakeTwilio
) -> TwilioMediaFetcher:
    return TwilioMediaFetcher(line.directory, line.attachments, http, twilio.base_url)


async def test_mms_media_follows_twilios_redirect_without_our_credentials(
    sessions: Sessions, tmp_path: Path, http: httpx.AsyncClient, twilio: FakeTwilio
) -> None:
    line = await sms_line(sessions, tmp_path, twilio)
    url = twilio.add_media(JPEG, "image/jpeg")
    media = MediaContent(media_type="image", provider_media_id=url, mime_type="image/jpeg")

    attachment = await mms_fetcher(line, http, twilio).fetch(
        line.workspace_id, line.channel_id, media
    )

    assert await stored_bytes(line, attachment.id) == JPEG
    assert attachment.sha256 == hashlib.sha256(JPEG).hexdigest()
    assert attachment.mime_type == "image/jpeg"
    assert attachment.filename == f"mms-{url.rsplit('/', 1)[-1]}"
    to_twilio, to_cdn = twilio.mms.requests
    assert to_twilio.host == httpx.URL(twilio.base_url).netloc.decode()
    assert (
        to_twilio.headers["authorization"]
        == httpx.BasicAuth(twilio.account_sid, twilio.auth_token)._auth_header
    )
    # The account's secret goes to Twilio's host only, never to where it redirects.
    assert to_cdn.host == httpx.URL(twilio.mms.cdn_url).netloc.decode()
    assert "authorization" not in to_cdn.headers


def metadata_service(seen: list[str]) -> Starlette:
    """Stands in for a cloud metadata service on the worker's network."""

    async def leak(request: Request) -> Response:
        seen.append(request.url.path)
        return Response('{"AccessKeyId": "ASIA...", "SecretAccessKey": "wJalr..."}')

    return Starlette(routes=[Route("/{path:path}", leak)])


async def test_a_media_url_off_twilios_hosts_is_never_fetched(
    sessions: Sessions, tmp_path: Path, http: httpx.AsyncClient, twilio: FakeTwilio
) -> None:
    # A tenant signs its own webhook (the auth token is whatever it typed in) naming an
    # internal URL as MMS media: nothing is requested, nothing is stored.
    line = await sms_line(sessions, tmp_path, twilio)
    seen: list[str] = []
    async with serving(metadata_service(seen)) as imds:
        internal = imds.replace("127.0.0.1", "localhost") + "/latest/meta-data/iam/worker-role"
        with pytest.raises(MediaUnavailable) as raised:
            await mms_fetcher(line, http, twilio).fetch(
                line.workspace_id,
                line.channel_id,
                MediaContent(media_type="image", provider_media_id=internal),
            )
    assert "not one of Twilio's" in raised.value.reason
    assert seen == []


async def test_a_redirect_off_twilios_hosts_is_not_followed(
    sessions: Sessions, tmp_path: Path, http: httpx.AsyncClient, twilio: FakeTwilio
) -> None:
    line = await sms_line(sessions, tmp_path, twilio)
    seen: list[str] = []
    async with serving(metadata_service(seen)) as imds:
        target = imds.replace("127.0.0.1", "localhost") + "/latest/meta-data/"

        async def bounce(request: Request) -> Response:
            return RedirectResponse(target, 302)

        async with serving(Starlette(routes=[Route("/media", bounce)])) as host:
            with pytest.raises(MediaUnavailable):
                await mms_fetcher(line, http, twilio).fetch(
                    line.workspace_id,
                    line.channel_id,
                    MediaContent(media_type="image", provider_media_id=f"{host}/media"),
                )
    assert seen == []


async def test_a_media_url_off_twilios_host_gets_no_credentials(
    sessions: Sessions, tmp_path: Path, http: httpx.AsyncClient, twilio: FakeTwilio
) -> None:
    line = await sms_line(sessions, tmp_path, twilio)
    media_sid = twilio.add_media(JPEG, "image/jpeg").rsplit("/", 1)[-1]
    elsewhere = f"{twilio.mms.cdn_url}/{twilio.account_sid}/{media_sid}?Signature=s"
    attachment = await mms_fetcher(line, http, twilio).fetch(
        line.workspace_id,
        line.channel_id,
        MediaContent(media_type="image", provider_media_id=elsewhere),
    )
    assert await stored_bytes(line, attachment.id) == JPEG
    [request] = twilio.mms.requests
    assert "authorization" not in request.headers


async def test_mms_media_twilio_no_longer_has_is_unavailable(
    sessions: Sessions, tmp_path: Path, http: httpx.AsyncClient, twilio: FakeTwilio
) -> None:
    line = await sms_line(sessions, tmp_path, twilio)
    url = twilio.add_media(JPEG, "image/jpeg")
    twilio.mms.files.clear()
    with pytest.raises(MediaUnavailable) as raised:
        await mms_fetcher(line, http, twilio).fetch(
            line.workspace_id,
            line.channel_id,
            MediaContent(media_type="image", provider_media_id=url),
        )
    assert "no longer has" in raised.value.reason


def media_host(hops: list[str]) -> Starlette:
    """A file host that redirects relatively (`/hop` → `/file`), or forever (`/loop`)."""

    async def record(request: Request) -> Response:
        hops.append(request.url.path)
        if request.url.path == "/hop":
            return RedirectResponse("/file?Signature=s", 302)
        if request.url.path == "/loop":
            return RedirectResponse("/loop", 302)
        return Response(PDF, media_type="application/pdf")

    return Starlette(routes=[Route("/{name}", record, methods=["GET"])])


async def test_mms_redirects_resolve_relative_urls_and_stop_at_a_loop(
    sessions: Sessions, tmp_path: Path, http: httpx.AsyncClient, twilio: FakeTwilio
) -> None:
    line = await sms_line(sessions, tmp_path, twilio)
    fetcher = mms_fetcher(line, http, twilio)
    hops: list[str] = []
    async with serving(media_host(hops)) as host:
        attachment = await fetcher.fetch(
            line.workspace_id,
            line.channel_id,
            MediaContent(media_type="document", provider_media_id=f"{host}/hop"),
        )
        assert await stored_bytes(line, attachment.id) == PDF
        assert attachment.mime_type == "application/pdf"
        assert hops == ["/hop", "/file"]

        hops.clear()
        with pytest.raises(MediaUnavailable) as raised:
            await fetcher.fetch(
                line.workspace_id,
                line.channel_id,
                MediaContent(media_type="image", provider_media_id=f"{host}/loop"),
            )
    assert "redirecting" in raised.value.reason
    assert len(hops) == 4  # the first request and three redirects, then it gives up
