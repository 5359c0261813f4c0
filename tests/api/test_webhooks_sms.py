"""The SMS webhooks through the running app, signed as Twilio signs them for our public URL
(which is not the address the test calls: as behind a proxy)."""

import uuid
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from starlette.applications import Starlette
from starlette.responses import Response
from starlette.routing import Route

from domain.enums import ChannelKind, MessageStatus
from domain.message_content import MediaContent, TextContent
from tests.api.webhook_support import (
    Connected,
    connect,
    consent_state,
    conversations,
    message,
    messages_with,
    outbound_message,
)
from tests.fakes.twilio import FakeTwilio, SignedCallback, running_fake_twilio
from tests.support.harness import Harness
from tests.support.local_server import serving

SENDER = "+5511987654321"
OUR_NUMBER = "+5511987650000"


@pytest.fixture
async def twilio() -> AsyncIterator[FakeTwilio]:
    async with running_fake_twilio() as fake:
        yield fake


@pytest.fixture
async def media_host() -> AsyncIterator[str]:
    """Where an MMS's picture can be fetched from, as Twilio's media URLs serve it."""

    async def picture(_: Any) -> Response:
        return Response(b"\x89PNG a picture", media_type="image/png")

    async with serving(Starlette(routes=[Route("/Media/{sid}", picture)])) as base_url:
        yield base_url


async def connect_sms(app: Harness, twilio: FakeTwilio) -> Connected:
    return await connect(app, "sms", account_sid=twilio.account_sid, auth_token=twilio.auth_token)


async def deliver(app: Harness, connected: Connected, callback: SignedCallback) -> httpx.Response:
    """POSTs to the app what Twilio signed for our public URL."""
    path = "/api/" + callback.url.split("/api/", 1)[1]
    return await app.http().post(path, content=callback.body, headers=callback.headers)


def inbound(twilio: FakeTwilio, connected: Connected, text: str, **kw: Any) -> SignedCallback:
    return twilio.inbound(
        connected.setup["sms_inbound_url"], sender=SENDER, recipient=OUR_NUMBER, text=text, **kw
    )


async def test_inbound_sms_and_mms_create_the_conversation_once(
    app: Harness, twilio: FakeTwilio, media_host: str
) -> None:
    connected = await connect_sms(app, twilio)
    picture = f"{media_host}/Media/ME{uuid.uuid4().hex}"
    mms = inbound(twilio, connected, "Segue a foto", media=[(picture, "image/png")])
    response = await deliver(app, connected, mms)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/xml")
    assert response.text.endswith("<Response/>")

    stored = await messages_with(app, connected, SENDER, 2)
    sid = dict(mms.params)["MessageSid"]
    assert [m.client_message_id for m in stored] == [sid, f"{sid}#1"]
    assert isinstance(stored[0].content, TextContent)
    assert stored[0].content.text == "Segue a foto"
    assert isinstance(stored[1].content, MediaContent)
    assert (stored[1].content.provider_media_id, stored[1].content.media_type) == (
        picture,
        "image",
    )
    [conversation] = await conversations(app, connected)
    assert conversation.channel_kind == ChannelKind.sms and conversation.contact_key == SENDER

    # Twilio retries the same delivery (same MessageSid) later: nothing new is stored.
    assert (await deliver(app, connected, mms)).status_code == 200
    after = inbound(twilio, connected, "recebeu?")
    assert (await deliver(app, connected, after)).status_code == 200
    stored = await messages_with(app, connected, SENDER, 3)
    assert [m.text for m in stored] == ["Segue a foto", "[image]", "recebeu?"]


async def test_forged_malformed_and_unknown_deliveries_are_refused(
    sqlite_app: Harness, twilio: FakeTwilio
) -> None:
    app = sqlite_app
    connected = await connect_sms(app, twilio)
    url = connected.setup["sms_inbound_url"]
    forged = twilio.signed(url, inbound(twilio, connected, "forged").params, token="0" * 32)
    assert (await deliver(app, connected, forged)).status_code == 403
    # Signed for the address the request reached rather than the public one Twilio calls.
    local = f"{app.base_url}/api/webhooks/sms/{connected.webhook_key}/inbound"
    wrong_url = twilio.signed(local, inbound(twilio, connected, "proxy").params)
    refused = await deliver(app, connected, wrong_url)
    assert refused.status_code == 403 and "FLUXO_PUBLIC_URL" in refused.json()["detail"]
    unsigned = inbound(twilio, connected, "x")
    unsigned.headers.pop("X-Twilio-Signature")
    assert (await deliver(app, connected, unsigned)).status_code == 403

    malformed = twilio.signed(url, [("NumMedia", "many"), ("MessageSid", "SM1")])
    bad = await deliver(app, connected, malformed)
    assert bad.status_code == 400 and bad.json()["detail"]
    unknown = await app.http().post(
        f"/api/webhooks/sms/{uuid.uuid4().hex}/inbound",
        content=inbound(twilio, connected, "x").body,
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert unknown.status_code == 404

    genuine = inbound(twilio, connected, "real one")
    assert (await deliver(app, connected, genuine)).status_code == 200
    assert [m.text for m in await messages_with(app, connected, SENDER, 1)] == ["real one"]


async def test_stop_and_start_change_sms_consent_and_are_still_messages(
    app: Harness, twilio: FakeTwilio
) -> None:
    connected = await connect_sms(app, twilio)
    stop = inbound(twilio, connected, "Parar.")
    assert (await deliver(app, connected, stop)).status_code == 200
    # Consent is recorded before the answer: no waiting.
    state = await consent_state(app, connected, "phone", SENDER)
    assert state.contact_id is not None
    assert state.consent == {ChannelKind.sms: "opted_out"}
    assert state.suppressed == [SENDER]
    [line] = state.consent_events
    assert (line["status"], line["source"], line["suppressed"]) == (
        "opted_out",
        "sms keyword",
        "phone",
    )
    assert "PARAR" in line["proof"]

    # A retried STOP changes nothing and adds no second timeline line.
    assert (await deliver(app, connected, stop)).status_code == 200
    assert (await consent_state(app, connected, "phone", SENDER)).consent_events == [line]

    start = inbound(twilio, connected, "START")
    assert (await deliver(app, connected, start)).status_code == 200
    state = await consent_state(app, connected, "phone", SENDER)
    assert state.consent == {ChannelKind.sms: "opted_in"}
    assert state.suppressed == []
    assert [e["status"] for e in state.consent_events] == ["opted_out", "opted_in"]

    # Both keywords are in the conversation too, on the same contact.
    stored = await messages_with(app, connected, SENDER, 2)
    assert [m.text for m in stored] == ["Parar.", "START"]
    [conversation] = await conversations(app, connected)
    assert conversation.contact_id == state.contact_id


async def test_status_callbacks_move_our_message_forward_only(
    app: Harness, twilio: FakeTwilio
) -> None:
    connected = await connect_sms(app, twilio)
    assert (await deliver(app, connected, inbound(twilio, connected, "oi"))).status_code == 200
    await messages_with(app, connected, SENDER, 1)
    [conversation] = await conversations(app, connected)
    message_id = await outbound_message(app, connected, conversation)
    sent = {
        "sid": "SM" + uuid.uuid4().hex,
        "to": SENDER,
        "from": OUR_NUMBER,
        "status_callback": f"{connected.setup['sms_status_callback_url']}?m={message_id}",
    }

    def callback(state: str, **kw: Any) -> SignedCallback:
        return twilio.status_callback(sent, state, **kw)

    for state in ("sent", "delivered", "sent", "queued"):
        response = await deliver(app, connected, callback(state))
        assert response.status_code == 200, response.text
    stored = await message(app, connected, message_id)
    assert (stored.status, stored.provider_message_id) == (MessageStatus.delivered, sent["sid"])
    late_failure = await deliver(app, connected, callback("undelivered", error_code=30003))
    assert late_failure.status_code == 200
    assert (await message(app, connected, message_id)).status == MessageStatus.delivered

    # Before delivery, a failure reaches the agent in words.
    failing = await outbound_message(app, connected, conversation)
    sent = {**sent, "sid": "SM" + uuid.uuid4().hex}
    sent["status_callback"] = f"{connected.setup['sms_status_callback_url']}?m={failing}"
    assert (await deliver(app, connected, callback("failed", error_code=30003))).status_code == 200
    failed = await message(app, connected, failing)
    assert (failed.status, failed.error_code) == (MessageStatus.failed, "30003")
    assert failed.error_message is not None and "unreachable" in failed.error_message

    # Our id is part of what Twilio signed: pointing the callback at another message is forged.
    tampered = callback("read")
    path = "/api/" + tampered.url.split("/api/", 1)[1].replace(str(failing), str(message_id))
    forged = await app.http().post(path, content=tampered.body, headers=tampered.headers)
    assert forged.status_code == 403
    assert (await message(app, connected, message_id)).status == MessageStatus.delivered
