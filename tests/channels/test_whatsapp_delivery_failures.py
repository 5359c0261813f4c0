"""WhatsAppDelivery's failures against the fake Graph API over real HTTP, with the channel in
each database: whether a retry can help, whether the message may have gone out anyway, and
what the agent is told."""

import asyncio
import contextlib
import uuid
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from starlette.requests import ClientDisconnect

from channels.ports import DeliveryFailed
from channels.whatsapp.delivery import WhatsAppDelivery
from domain.enums import ChannelKind
from domain.message_content import (
    MediaContent,
    OutboundContent,
    TemplateContent,
    TextContent,
)
from tests.channels.delivery_support import ChannelUnderTest, channel_under_test
from tests.channels.whatsapp_delivery_support import (
    CREDENTIALS,
    CUSTOMER,
    PNG,
    adapter,
    running_meta,
)
from tests.domain.test_channel_credentials import whatsapp
from tests.fakes.whatsapp import FakeWhatsApp
from tests.support.databases import Sessions
from tests.support.local_server import serving
from tests.support.services import free_port


@pytest.fixture
async def meta() -> AsyncIterator[FakeWhatsApp]:
    async with running_meta() as fake:
        yield fake


@pytest.fixture
async def http() -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(timeout=5) as client:
        yield client


@pytest.fixture
async def line(sessions: Sessions, tmp_path: Path) -> ChannelUnderTest:
    return await channel_under_test(sessions, tmp_path, ChannelKind.whatsapp, CREDENTIALS)


async def failure_of(
    delivery: WhatsAppDelivery, line: ChannelUnderTest, content: OutboundContent | None = None
) -> DeliveryFailed:
    """The `DeliveryFailed` a text (or the given content) ends in."""
    message = content or TextContent(text="Olá")
    with pytest.raises(DeliveryFailed) as raised:
        await delivery.deliver(line.delivery(message, contact_key=CUSTOMER))
    return raised.value


async def test_rate_limit_is_retried_after_metas_hint_and_did_not_send(
    meta: FakeWhatsApp, http: httpx.AsyncClient, line: ChannelUnderTest
) -> None:
    meta.fail_next(429, code=130429, message="(#130429) Rate limit hit", retry_after="30")
    failed = await failure_of(adapter(line, http, meta.base_url), line)
    assert (failed.permanent, failed.maybe_sent, failed.code) == (False, False, "130429")
    assert failed.retry_after == pytest.approx(30)
    assert meta.sent == []


async def test_closed_window_is_permanent_and_says_why(
    meta: FakeWhatsApp, http: httpx.AsyncClient, line: ChannelUnderTest
) -> None:
    meta.fail_next(
        400,
        code=131047,
        message="Re-engagement message",
        details="Message failed to send because more than 24 hours have passed",
    )
    failed = await failure_of(adapter(line, http, meta.base_url), line)
    assert (failed.permanent, failed.maybe_sent, failed.code) == (True, False, "131047")
    assert "24 hours" in failed.agent_message and "template" in failed.agent_message


async def test_a_revoked_token_is_permanent_and_points_to_settings(
    meta: FakeWhatsApp, http: httpx.AsyncClient, sessions: Sessions, tmp_path: Path
) -> None:
    revoked = await channel_under_test(
        sessions,
        tmp_path,
        ChannelKind.whatsapp,
        whatsapp(access_token="EAAG-a-token-meta-no-longer-knows-1234"),
    )
    failed = await failure_of(adapter(revoked, http, meta.base_url), revoked)
    assert (failed.permanent, failed.code) == (True, "190")
    assert "access token" in failed.agent_message and "Settings" in failed.agent_message
    assert meta.sent == []


async def test_a_timeout_after_the_request_left_may_have_sent(
    meta: FakeWhatsApp, line: ChannelUnderTest
) -> None:
    async def slow_answer(body: dict[str, Any], message_id: str) -> None:
        await asyncio.sleep(1.5)

    meta.on_send = slow_answer
    async with httpx.AsyncClient(timeout=0.3) as impatient:
        failed = await failure_of(adapter(line, impatient, meta.base_url), line)
    # Meta took it; only the answer was lost. A blind retry would send it twice.
    assert len(meta.sent) == 1
    assert (failed.permanent, failed.maybe_sent) == (False, True)


async def test_a_connection_dropped_after_the_request_left_may_have_sent(
    line: ChannelUnderTest, http: httpx.AsyncClient
) -> None:
    received: list[bytes] = []

    async def hang_up(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        # A proxy in the way that takes the request and closes without an answer.
        received.append(await reader.read(65536))
        writer.close()

    server = await asyncio.start_server(hang_up, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    async with server:
        failed = await failure_of(adapter(line, http, f"http://127.0.0.1:{port}"), line)
    assert received and b"/messages" in received[0]
    assert (failed.permanent, failed.maybe_sent) == (False, True)


@pytest.mark.parametrize(
    ("status", "code", "maybe_sent"),
    [(500, 1, True), (502, 1, True), (503, 2, True), (504, 131000, True), (408, 1, True)],
)
async def test_a_server_or_gateway_error_on_the_message_may_have_sent(
    meta: FakeWhatsApp,
    line: ChannelUnderTest,
    http: httpx.AsyncClient,
    status: int,
    code: int,
    maybe_sent: bool,
) -> None:
    # Meta (or a gateway before it) failed while or after handling the request (decision 27).
    meta.fail_next(status, code=code, message="Something went wrong")
    failed = await failure_of(adapter(line, http, meta.base_url), line)
    assert (failed.permanent, failed.maybe_sent) == (False, maybe_sent)


async def test_a_refused_connection_did_not_send(
    http: httpx.AsyncClient, line: ChannelUnderTest
) -> None:
    nobody = f"http://127.0.0.1:{free_port()}"
    failed = await failure_of(adapter(line, http, nobody), line)
    assert (failed.permanent, failed.maybe_sent) == (False, False)


class SlowUploads:
    """Meta's /media endpoint answering later than the sender waits."""

    def __init__(self, app: Any, delay: float) -> None:
        self._app = app
        self._delay = delay

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] == "http" and scope["path"].endswith("/media"):
            await asyncio.sleep(self._delay)
        # By now the sender has hung up: reading its form finds the client gone.
        with contextlib.suppress(ClientDisconnect):
            await self._app(scope, receive, send)


async def test_a_failed_upload_did_not_send_the_message(
    meta: FakeWhatsApp, line: ChannelUnderTest
) -> None:
    photo = await line.attach(PNG, "foto.png", "image/png")
    content = MediaContent(media_type="image", attachment_id=photo.id)
    async with (
        serving(SlowUploads(meta.app(), delay=1.5)) as slow_meta,
        httpx.AsyncClient(timeout=0.3) as impatient,
    ):
        timed_out = await failure_of(adapter(line, impatient, slow_meta), line, content=content)
    assert meta.sent == []
    # Only the file went up (or not): the message itself was never posted, so retrying is safe.
    assert (timed_out.permanent, timed_out.maybe_sent) == (False, False)

    meta.fail_next(503, code=2, message="Service temporarily unavailable", retry_after="4")
    async with httpx.AsyncClient(timeout=5) as http:
        busy = await failure_of(adapter(line, http, meta.base_url), line, content=content)
    assert (busy.permanent, busy.maybe_sent, busy.retry_after) == (False, False, 4)
    assert meta.sent == []


async def test_a_missing_or_foreign_attachment_is_permanent(
    meta: FakeWhatsApp,
    http: httpx.AsyncClient,
    line: ChannelUnderTest,
    sessions: Sessions,
    tmp_path: Path,
) -> None:
    other = await channel_under_test(sessions, tmp_path, ChannelKind.whatsapp, None)
    theirs = await other.attach(PNG, "theirs.png", "image/png")
    delivery = adapter(line, http, meta.base_url)
    for attachment_id in (uuid.uuid4(), theirs.id):
        for content in (
            MediaContent(media_type="image", attachment_id=attachment_id),
            TemplateContent(name="promo", language="pt_BR", header_attachment_id=attachment_id),
        ):
            failed = await failure_of(delivery, line, content=content)
            assert (
                failed.permanent and failed.agent_message == "The attached file no longer exists."
            )
    assert meta.uploaded == {} and meta.sent == []


async def test_a_channel_without_credentials_is_permanent(
    meta: FakeWhatsApp, http: httpx.AsyncClient, sessions: Sessions, tmp_path: Path
) -> None:
    unconnected = await channel_under_test(sessions, tmp_path, ChannelKind.whatsapp, None)
    failed = await failure_of(adapter(unconnected, http, meta.base_url), unconnected)
    assert (failed.permanent, failed.maybe_sent) == (True, False)
    assert "Settings" in failed.agent_message
    assert meta.requests == []
