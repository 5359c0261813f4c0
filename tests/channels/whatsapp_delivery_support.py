"""What the WhatsAppDelivery tests share: the channel's credentials, the fake Graph API that
knows them, and the adapter under test."""

import contextlib
from collections.abc import AsyncIterator
from typing import Any

import httpx

from channels.whatsapp.delivery import WhatsAppDelivery
from tests.channels.delivery_support import ChannelUnderTest
from tests.domain.test_channel_credentials import whatsapp
from tests.fakes.whatsapp import FakeWhatsApp, running_fake_whatsapp

CREDENTIALS = whatsapp()
CUSTOMER = "5511987654321"
PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4
PDF = b"%PDF-1.7\n" + bytes(range(255, -1, -1)) * 3


@contextlib.asynccontextmanager
async def running_meta() -> AsyncIterator[FakeWhatsApp]:
    """The fake Graph API, accepting the channel's token."""
    async with running_fake_whatsapp(
        access_token=CREDENTIALS["access_token"], app_secret=CREDENTIALS["app_secret"]
    ) as fake:
        yield fake


def adapter(line: ChannelUnderTest, http: httpx.AsyncClient, graph_url: str) -> WhatsAppDelivery:
    return WhatsAppDelivery(line.directory, line.attachments, http, graph_url)


def wamids(meta: FakeWhatsApp) -> list[str]:
    """The ids Meta gives the messages it accepts from now on."""
    given: list[str] = []

    async def remember(body: dict[str, Any], message_id: str) -> None:
        given.append(message_id)

    meta.on_send = remember
    return given
