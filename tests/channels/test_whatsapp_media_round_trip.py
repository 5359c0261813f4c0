"""WhatsApp files through the whole app: the real API, the real worker and its activities
(`fetch_inbound_media`, `deliver_reply`), the fake Graph API, on each database.

A photo the contact sends ends as a file of ours that the inbox serves; a photo the agent
uploads and sends reaches Meta byte for byte, once, and the reply ends `sent`.
"""

import uuid
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from temporalio.client import Client

from domain.conversations import MessagePublic
from domain.enums import MessageStatus
from domain.message_content import MediaContent
from tests.api.webhook_support import Connected, connect, conversations, message, messages_with
from tests.domain.test_channel_credentials import whatsapp
from tests.fakes.whatsapp import (
    FakeWhatsApp,
    inbound,
    messages_value,
    notification,
    running_fake_whatsapp,
)
from tests.support.harness import Harness, make_settings, running_app
from tests.support.waiting import eventually

CREDENTIALS = whatsapp()
CUSTOMER = "5511987654321"
RECEIPT = b"\xff\xd8\xff\xe0\x00\x10JFIF receipt " + bytes(range(256)) * 16
ANSWER = b"\x89PNG\r\n\x1a\n answer " + bytes(range(255, -1, -1)) * 16


@pytest.fixture
async def meta() -> AsyncIterator[FakeWhatsApp]:
    async with running_fake_whatsapp(
        access_token=CREDENTIALS["access_token"], app_secret=CREDENTIALS["app_secret"]
    ) as fake:
        yield fake


@pytest.fixture
async def app(
    tmp_path: Path, database_url: str, temporal_client: Client, meta: FakeWhatsApp
) -> AsyncIterator[Harness]:
    """The app and its worker on each database, the worker talking to the fake Graph API."""
    settings = make_settings(tmp_path, database_url, WHATSAPP_GRAPH_URL=meta.base_url)
    async with running_app(settings, temporal_client) as harness:
        yield harness


async def receive_photo(app: Harness, meta: FakeWhatsApp, connected: Connected) -> MessagePublic:
    """The contact sends a photo; returns the stored message once its file is ours."""
    media_id = meta.add_media(RECEIPT, "image/jpeg")
    photo = inbound("image", {"id": media_id, "mime_type": "image/jpeg", "caption": "comprovante"})
    payload = notification(
        "messages",
        messages_value(
            meta.phone_number_id,
            messages=[{**photo, "from": CUSTOMER}],
            contacts=[(CUSTOMER, "Ada")],
        ),
        meta.waba_id,
    )
    url = connected.path("whatsapp_callback_url")
    response = await meta.post_webhook(app.http(), url, payload)
    assert response.status_code == 200, response.text
    [stored] = await messages_with(app, connected, CUSTOMER, 1)

    async def fetched() -> MessagePublic | None:
        found = await message(app, connected, stored.id)
        content = found.content
        return found if isinstance(content, MediaContent) and content.attachment_id else None

    return await eventually(fetched)


async def test_a_photo_in_and_a_photo_out(app: Harness, meta: FakeWhatsApp) -> None:
    connected = await connect(
        app,
        "whatsapp",
        access_token=CREDENTIALS["access_token"],
        app_secret=CREDENTIALS["app_secret"],
        phone_number_id=meta.phone_number_id,
        business_account_id=meta.waba_id,
    )
    agent = connected.owner

    received = await receive_photo(app, meta, connected)
    content = received.content
    assert isinstance(content, MediaContent) and content.attachment_id is not None
    assert (content.mime_type, content.size, content.caption) == (
        "image/jpeg",
        len(RECEIPT),
        "comprovante",
    )
    shown = await agent.get(f"/api/attachments/{content.attachment_id}")
    assert shown.status_code == 200, shown.text
    assert shown.content == RECEIPT
    assert shown.headers["content-type"] == "image/jpeg"

    given: list[str] = []

    async def remember(body: dict[str, Any], message_id: str) -> None:
        given.append(message_id)

    meta.on_send = remember
    uploaded = await agent.post(
        "/api/attachments", files={"file": ("resposta.png", ANSWER, "image/png")}
    )
    assert uploaded.status_code == 201, uploaded.text
    [conversation] = await conversations(app, connected)
    reply = await agent.post(
        f"/api/conversations/{conversation.id}/messages",
        json={
            "content": {
                "kind": "media",
                "media_type": "image",
                "attachment_id": uploaded.json()["id"],
                "caption": "Recebido, obrigado!",
            }
        },
    )
    assert reply.status_code == 202, reply.text
    reply_id = uuid.UUID(reply.json()["id"])

    async def settled() -> MessagePublic | None:
        # The send activity stores the reply, so it may not be there yet.
        listed = await agent.get(f"/api/conversations/{conversation.id}/messages")
        found = [MessagePublic.model_validate(m) for m in listed.json()["data"]]
        ours = [m for m in found if m.id == reply_id and m.status != MessageStatus.queued]
        return ours[0] if ours else None

    sent = await eventually(settled)
    assert (sent.status, sent.error_message) == (MessageStatus.sent, None)
    # Meta received the agent's exact bytes, then one message naming them.
    [(media_id, (data, mime_type, filename))] = meta.uploaded.items()
    assert (data, mime_type, filename) == (ANSWER, "image/png", "resposta.png")
    [out] = meta.sent
    assert out["to"] == CUSTOMER
    assert out["image"] == {"id": media_id, "caption": "Recebido, obrigado!"}
    assert out["biz_opaque_callback_data"] == str(reply_id)
    assert [sent.provider_message_id] == given
