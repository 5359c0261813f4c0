"""The WhatsApp webhook through the running app, with deliveries signed as Meta signs them."""

import json
import time
import uuid
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from temporalio.client import Client

from api.main import create_app
from api.services import create_services
from domain.enums import MessageStatus
from domain.message_content import ChoiceReplyContent, MediaContent, TextContent
from infra.eventbus import InProcessEventBus
from stores.tables.contacts import Contact
from tests.api.test_channel_settings import body
from tests.api.webhook_support import (
    Connected,
    connect,
    conversations,
    message,
    messages_with,
    outbound_message,
)
from tests.fakes.whatsapp import (
    FakeWhatsApp,
    inbound,
    messages_value,
    notification,
    running_fake_whatsapp,
    status,
)
from tests.support.harness import Harness, make_settings, running_app
from tests.support.local_server import serving

SENDER = "5511987654321"


@pytest.fixture
async def meta() -> AsyncIterator[FakeWhatsApp]:
    async with running_fake_whatsapp(
        access_token="EAAG-test-token-for-webhooks", app_secret="app-secret-for-webhooks"
    ) as fake:
        yield fake


@pytest.fixture
async def app(
    tmp_path: Path, database_url: str, temporal_client: Client, meta: FakeWhatsApp
) -> AsyncIterator[Harness]:
    """The app on each database, its worker fetching media from the fake Graph API."""
    settings = make_settings(tmp_path, database_url, WHATSAPP_GRAPH_URL=meta.base_url)
    async with running_app(settings, temporal_client) as harness:
        yield harness


@pytest.fixture
async def sqlite_app(
    tmp_path: Path, sqlite_url: str, temporal_client: Client, meta: FakeWhatsApp
) -> AsyncIterator[Harness]:
    settings = make_settings(tmp_path, sqlite_url, WHATSAPP_GRAPH_URL=meta.base_url)
    async with running_app(settings, temporal_client) as harness:
        yield harness


async def connect_whatsapp(app: Harness, meta: FakeWhatsApp) -> Connected:
    return await connect(
        app,
        "whatsapp",
        access_token=meta.access_token,
        app_secret=meta.app_secret,
        phone_number_id=meta.phone_number_id,
        business_account_id=meta.waba_id,
    )


def url(connected: Connected) -> str:
    return connected.path("whatsapp_callback_url")


async def post(
    app: Harness, meta: FakeWhatsApp, connected: Connected, payload: object, **kw: str
) -> httpx.Response:
    assert isinstance(payload, dict | bytes)
    return await meta.post_webhook(app.http(), url(connected), payload, **kw)


def messages_payload(
    meta: FakeWhatsApp, *items: dict[str, object], name: str = "Ada"
) -> dict[str, object]:
    senders = {str(item["from"]) for item in items}
    return notification(
        "messages",
        messages_value(
            meta.phone_number_id,
            messages=list(items),
            contacts=[(sender, name) for sender in sorted(senders)],
        ),
        meta.waba_id,
    )


async def test_handshake_echoes_the_challenge_for_our_verify_token(
    sqlite_app: Harness, meta: FakeWhatsApp
) -> None:
    app = sqlite_app
    connected = await connect_whatsapp(app, meta)
    token = connected.setup["whatsapp_verify_token"]
    client = app.http()
    params = {"hub.mode": "subscribe", "hub.verify_token": token, "hub.challenge": "1158201444"}

    accepted = await client.get(url(connected), params=params)
    assert accepted.status_code == 200
    assert accepted.text == "1158201444"
    assert accepted.headers["content-type"].startswith("text/plain")

    wrong = await client.get(url(connected), params={**params, "hub.verify_token": "guess"})
    assert wrong.status_code == 403 and "verify token" in wrong.json()["detail"]
    unknown = await client.get(f"/api/webhooks/whatsapp/{uuid.uuid4().hex}", params=params)
    assert unknown.status_code == 404
    # The web chat channel's key names no WhatsApp channel.
    assert (await client.get("/api/webhooks/whatsapp/x" + token, params=params)).status_code == 404


async def test_new_contact_messages_create_contact_conversation_and_messages(
    app: Harness, meta: FakeWhatsApp
) -> None:
    connected = await connect_whatsapp(app, meta)
    media_id = meta.add_media(b"\xff\xd8 a receipt", "image/jpeg")
    photo = inbound("image", {"id": media_id, "mime_type": "image/jpeg", "caption": "nota"})
    batch = messages_payload(
        meta,
        inbound("text", {"body": "Olá, meu pedido?"}, sender=SENDER),
        {**photo, "from": SENDER},
        inbound(
            "interactive",
            {"type": "button_reply", "button_reply": {"id": "track", "title": "Rastrear"}},
            sender=SENDER,
        ),
    )
    response = await post(app, meta, connected, batch)
    assert response.status_code == 200, response.text
    assert response.json() == {"messages": 3, "statuses": 0, "templates": 0}

    stored = await messages_with(app, connected, SENDER, 3)
    wamids = [m["id"] for m in batch["entry"][0]["changes"][0]["value"]["messages"]]  # type: ignore[index]
    assert [m.client_message_id for m in stored] == wamids
    assert [m.text for m in stored] == ["Olá, meu pedido?", "[image] nota", "Rastrear"]
    assert isinstance(stored[0].content, TextContent)
    assert isinstance(stored[1].content, MediaContent)
    assert stored[1].content.provider_media_id == media_id
    assert isinstance(stored[2].content, ChoiceReplyContent)
    assert stored[2].content.choice_id == "track"
    assert {m.status for m in stored} == {MessageStatus.received}

    [conversation] = await conversations(app, connected)
    assert (conversation.channel_id, conversation.contact_name) == (connected.channel_id, "Ada")
    async with app.services.sessions() as session:
        contact = await session.get(Contact, conversation.contact_id)
    assert contact is not None and contact.phone == "+" + SENDER

    # Meta delivers the same batch again days later: nothing new. A later message is the
    # barrier: the workflow handles signals in order, so once it is stored, so is the replay.
    replay = await post(app, meta, connected, batch)
    assert replay.status_code == 200
    next_second = str(int(time.time()) + 5)
    later = messages_payload(
        meta, inbound("text", {"body": "ainda aí?"}, sender=SENDER, timestamp=next_second)
    )
    assert (await post(app, meta, connected, later)).status_code == 200
    stored = await messages_with(app, connected, SENDER, 4)
    assert [m.text for m in stored][-2:] == ["Rastrear", "ainda aí?"]
    assert len(stored) == 4
    assert len(await conversations(app, connected)) == 1


async def test_forged_malformed_and_unknown_deliveries_are_refused(
    sqlite_app: Harness, meta: FakeWhatsApp
) -> None:
    app = sqlite_app
    connected = await connect_whatsapp(app, meta)
    forged = messages_payload(meta, inbound("text", {"body": "forged"}, sender="5511900000001"))
    raw = json.dumps(forged).encode()

    wrong_secret = await post(app, meta, connected, raw, signature=meta.sign(raw, "not-the-secret"))
    missing = await app.http().post(url(connected), content=raw)
    assert (wrong_secret.status_code, missing.status_code) == (403, 403)
    assert "X-Hub-Signature-256" in wrong_secret.json()["detail"]
    # A body changed after signing (one byte) is forged too.
    tampered = raw.replace(b"forged", b"FORGED")
    assert (await post(app, meta, connected, tampered, signature=meta.sign(raw))).status_code == 403

    assert (await post(app, meta, connected, b"{not json")).status_code == 400
    page = await post(app, meta, connected, {"object": "page", "entry": []})
    assert page.status_code == 400 and page.json()["detail"]
    unknown = await meta.post_webhook(
        app.http(), f"/api/webhooks/whatsapp/{uuid.uuid4().hex}", forged
    )
    assert unknown.status_code == 404

    # Nothing was stored: a genuine message afterwards is the only one there.
    genuine = messages_payload(meta, inbound("text", {"body": "real"}, sender="5511900000002"))
    assert (await post(app, meta, connected, genuine)).status_code == 200
    await messages_with(app, connected, "5511900000002", 1)
    assert [c.contact_key for c in await conversations(app, connected)] == ["5511900000002"]


async def test_statuses_move_our_message_forward_only(app: Harness, meta: FakeWhatsApp) -> None:
    connected = await connect_whatsapp(app, meta)
    hello = messages_payload(meta, inbound("text", {"body": "oi"}, sender=SENDER))
    assert (await post(app, meta, connected, hello)).status_code == 200
    await messages_with(app, connected, SENDER, 1)
    [conversation] = await conversations(app, connected)
    message_id = await outbound_message(app, connected, conversation)
    wamid = "wamid.HBgLNTUxMTk4NzY1NDMyMRUCABEYEjQ0"

    def statuses(*items: dict[str, object]) -> dict[str, object]:
        return notification(
            "messages", messages_value(meta.phone_number_id, statuses=list(items)), meta.waba_id
        )

    # `sent` carries our id back (biz_opaque_callback_data): the provider id is recorded.
    sent = statuses(status(wamid, "sent", biz_opaque_callback_data=str(message_id)))
    assert (await post(app, meta, connected, sent)).json()["statuses"] == 1
    after_sent = await message(app, connected, message_id)
    assert (after_sent.status, after_sent.provider_message_id) == (MessageStatus.sent, wamid)

    # Then Meta's usual pair, `read` overtaking `delivered`, in one batch; a stray failure.
    late = statuses(
        status(wamid, "read"),
        status(wamid, "delivered"),
        status(wamid, "failed", errors=[{"code": 131026, "title": "Message undeliverable"}]),
    )
    assert (await post(app, meta, connected, late)).status_code == 200
    final = await message(app, connected, message_id)
    assert final.status == MessageStatus.read
    assert final.error_code is None

    # A failure reported before delivery is shown to the agent in words.
    failing = await outbound_message(app, connected, conversation)
    failed = statuses(
        status(
            "wamid.other",
            "failed",
            biz_opaque_callback_data=str(failing),
            errors=[{"code": 131047, "title": "Re-engagement message"}],
        )
    )
    assert (await post(app, meta, connected, failed)).status_code == 200
    refused = await message(app, connected, failing)
    assert (refused.status, refused.error_code) == (MessageStatus.failed, "131047")
    assert refused.error_message is not None and "24 hours" in refused.error_message

    # A status for a message we never sent is acknowledged (or Meta retries for days).
    stray = statuses(status("wamid.unknown", "delivered"))
    assert (await post(app, meta, connected, stray)).status_code == 200


async def test_a_temporal_outage_is_503_so_meta_retries(
    tmp_path: Path, sqlite_url: str, meta: FakeWhatsApp, sqlite_app: Harness
) -> None:
    connected = await connect_whatsapp(sqlite_app, meta)
    # The same database, but an API whose Temporal address answers nothing.
    settings = make_settings(tmp_path, sqlite_url, TEMPORAL_ADDRESS="127.0.0.1:9")
    services = create_services(settings, event_bus=InProcessEventBus())
    try:
        async with (
            serving(create_app(settings, services), lifespan="on") as base_url,
            httpx.AsyncClient(base_url=base_url, timeout=30) as client,
        ):
            batch = messages_payload(meta, inbound("text", {"body": "oi"}, sender=SENDER))
            refused = await meta.post_webhook(client, url(connected), batch)
            assert refused.status_code == 503
            assert "deliver it again" in refused.json()["detail"]
            # Statuses need no workflow: they are applied even now.
            only_statuses = notification(
                "messages",
                messages_value(meta.phone_number_id, statuses=[status("wamid.x", "sent")]),
                meta.waba_id,
            )
            accepted = await meta.post_webhook(client, url(connected), only_statuses)
            assert accepted.status_code == 200
    finally:
        await services.close()
    assert await conversations(sqlite_app, connected) == []


async def test_a_second_number_on_the_same_app_reaches_its_own_channel(
    sqlite_app: Harness, meta: FakeWhatsApp
) -> None:
    """Meta calls one URL per app: the other number's messages arrive at the first channel's
    URL and must land in the second channel's conversations."""
    app = sqlite_app
    first = await connect_whatsapp(app, meta)
    second_number = "109876543210987"
    created = await first.owner.post(
        "/api/channels",
        json=body(
            "whatsapp",
            access_token=meta.access_token,
            app_secret=meta.app_secret,
            phone_number_id=second_number,
            business_account_id=meta.waba_id,
        ),
    )
    assert created.status_code == 201, created.text
    second_id = uuid.UUID(created.json()["id"])

    def for_number(number: str, text: str, sender: str) -> dict[str, object]:
        value = messages_value(
            number,
            messages=[inbound("text", {"body": text}, sender=sender)],
            contacts=[(sender, "Bia")],
        )
        return notification("messages", value, meta.waba_id)

    for payload in (
        for_number(second_number, "para o segundo", "5511911110002"),
        for_number("999999999999999", "número de ninguém", "5511911110003"),
        for_number(meta.phone_number_id, "para o primeiro", "5511911110001"),
    ):
        assert (await post(app, meta, first, payload)).status_code == 200
    await messages_with(app, first, "5511911110001", 1)
    await messages_with(app, first, "5511911110002", 1)
    routed = {c.contact_key: c.channel_id for c in await conversations(app, first)}
    assert routed == {"5511911110001": first.channel_id, "5511911110002": second_id}
