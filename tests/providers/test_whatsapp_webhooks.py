"""WhatsApp webhooks: the handshake, `X-Hub-Signature-256` on the raw body, and parsing.

Signed deliveries are POSTed by the fake (as Meta would) over HTTP to a small receiver that does
what the real route will do: verify on the raw bytes, then parse, and answer 200/401/400.
"""

from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import Route

from domain.enums import MessageStatus
from providers.whatsapp import (
    WebhookPayloadError,
    WebhookSignatureError,
    WebhookVerificationError,
    WhatsAppNotification,
    answer_verification,
    parse_notification,
    verified_notification,
)
from providers.whatsapp.models import (
    ButtonContent,
    ContactsContent,
    InteractiveReplyContent,
    LocationContent,
    MediaContent,
    ReactionContent,
    TextContent,
    UnsupportedContent,
)
from tests.fakes.whatsapp import (
    FakeWhatsApp,
    inbound,
    messages_value,
    notification,
    running_fake_whatsapp,
    status,
)

VERIFY_TOKEN = "fluxo-verify-123"
ADA = "5511987654321"


class Receiver:
    """Stands in for the API route of a later step; keeps what it accepted."""

    def __init__(self, app_secret: str) -> None:
        self.app_secret = app_secret
        self.accepted: list[WhatsAppNotification] = []

    async def handshake(self, request: Request) -> Response:
        try:
            return PlainTextResponse(answer_verification(request.query_params, VERIFY_TOKEN))
        except WebhookVerificationError:
            return Response(status_code=403)

    async def deliver(self, request: Request) -> Response:
        raw = await request.body()
        try:
            parsed = verified_notification(
                self.app_secret, raw, request.headers.get("x-hub-signature-256")
            )
        except WebhookSignatureError:
            return Response(status_code=401)
        except WebhookPayloadError:
            return Response(status_code=400)
        self.accepted.append(parsed)
        return JSONResponse({"messages": len(parsed.messages)})

    def app(self) -> Starlette:
        return Starlette(
            routes=[
                Route("/webhooks/whatsapp", self.handshake, methods=["GET"]),
                Route("/webhooks/whatsapp", self.deliver, methods=["POST"]),
            ]
        )


@pytest.fixture
async def whatsapp() -> AsyncIterator[FakeWhatsApp]:
    async with running_fake_whatsapp() as fake:
        yield fake


@pytest.fixture
def receiver(whatsapp: FakeWhatsApp) -> Receiver:
    return Receiver(whatsapp.app_secret)


@pytest.fixture
async def http(receiver: Receiver) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=receiver.app())
    async with httpx.AsyncClient(transport=transport, base_url="http://fluxo.test") as client:
        yield client


URL = "http://fluxo.test/webhooks/whatsapp"


def one_message(fake: FakeWhatsApp, *messages: dict[str, Any]) -> dict[str, Any]:
    value = messages_value(fake.phone_number_id, list(messages), contacts=[(ADA, "Ada")])
    return notification("messages", value, fake.waba_id)


def test_handshake_answers_the_challenge_only_for_our_token() -> None:
    good = {
        "hub.mode": "subscribe",
        "hub.verify_token": VERIFY_TOKEN,
        "hub.challenge": "1158201444",
    }
    assert answer_verification(good, VERIFY_TOKEN) == "1158201444"
    for broken in (
        {**good, "hub.verify_token": "guess"},
        {**good, "hub.mode": "unsubscribe"},
        {k: v for k, v in good.items() if k != "hub.challenge"},
        {},
    ):
        with pytest.raises(WebhookVerificationError):
            answer_verification(broken, VERIFY_TOKEN)


async def test_handshake_over_http(http: httpx.AsyncClient) -> None:
    params = {"hub.mode": "subscribe", "hub.verify_token": VERIFY_TOKEN, "hub.challenge": "42"}
    ok = await http.get(URL, params=params)
    refused = await http.get(URL, params={**params, "hub.verify_token": "nope"})
    assert (ok.status_code, ok.text) == (200, "42")
    assert refused.status_code == 403


async def test_signed_text_message_is_accepted_and_parsed(
    whatsapp: FakeWhatsApp, receiver: Receiver, http: httpx.AsyncClient
) -> None:
    message = inbound("text", {"body": "Oi, tudo bem?"}, sender=ADA, id="wamid.A1")
    response = await whatsapp.post_webhook(http, URL, one_message(whatsapp, message))
    assert response.status_code == 200
    [parsed] = receiver.accepted[0].messages
    assert parsed.provider_message_id == "wamid.A1"
    assert (parsed.sender_wa_id, parsed.sender_name) == (ADA, "Ada")
    assert parsed.phone_number_id == whatsapp.phone_number_id
    assert parsed.content == TextContent(body="Oi, tudo bem?")
    assert parsed.timestamp.tzinfo is not None


@pytest.mark.parametrize("how", ["other secret", "tampered body", "missing", "not sha256"])
async def test_a_wrong_signature_is_refused_before_parsing(
    whatsapp: FakeWhatsApp, receiver: Receiver, http: httpx.AsyncClient, how: str
) -> None:
    raw = notification(
        "messages",
        messages_value(whatsapp.phone_number_id, [inbound("text", {"body": "hi"})]),
        whatsapp.waba_id,
    )
    body = httpx.Request("POST", URL, json=raw).content
    signature = {
        "other secret": whatsapp.sign(body, secret="someone-else"),
        "tampered body": whatsapp.sign(body.replace(b"hi", b"ho")),
        "missing": "",
        "not sha256": "sha1=" + whatsapp.sign(body)[7:],
    }[how]
    response = await whatsapp.post_webhook(http, URL, body, signature=signature)
    assert response.status_code == 401
    assert receiver.accepted == []


@pytest.mark.parametrize(
    "body",
    [
        b"not json at all",
        b'{"object": "page", "entry": []}',
        b'{"object": "whatsapp_business_account"}',
        b'{"object": "whatsapp_business_account", "entry": [{"id": "1", "changes": '
        b'[{"field": "messages", "value": {"messages": []}}]}]}',
        b'{"object": "whatsapp_business_account", "entry": [{"id": "1", "changes": [{"field": '
        b'"messages", "value": {"metadata": {"phone_number_id": "1"}, '
        b'"messages": [{"id": "x"}]}}]}]}',
    ],
)
async def test_a_signed_but_malformed_body_is_refused(
    whatsapp: FakeWhatsApp, receiver: Receiver, http: httpx.AsyncClient, body: bytes
) -> None:
    response = await whatsapp.post_webhook(http, URL, body)
    assert response.status_code == 400
    assert receiver.accepted == []


async def test_a_replayed_delivery_parses_to_the_same_provider_id(
    whatsapp: FakeWhatsApp, receiver: Receiver, http: httpx.AsyncClient
) -> None:
    payload = one_message(whatsapp, inbound("text", {"body": "again"}, sender=ADA))
    first = await whatsapp.post_webhook(http, URL, payload)
    again = await whatsapp.post_webhook(http, URL, payload)
    assert first.status_code == again.status_code == 200
    ids = [n.messages[0].provider_message_id for n in receiver.accepted]
    assert len(ids) == 2 and ids[0] == ids[1]
    assert receiver.accepted[0] == receiver.accepted[1]


def test_every_message_kind_is_typed(whatsapp: FakeWhatsApp) -> None:
    card = {
        "name": {"formatted_name": "Bob Silva", "first_name": "Bob"},
        "phones": [{"phone": "+55 11 91234-5678", "wa_id": "5511912345678", "type": "CELL"}],
        "emails": [{"email": "bob@example.com", "type": "WORK"}],
        "org": {"company": "Acme"},
    }
    messages = [
        inbound("image", {"id": "m1", "mime_type": "image/jpeg", "sha256": "h", "caption": "foto"}),
        inbound("audio", {"id": "m2", "mime_type": "audio/ogg; codecs=opus", "voice": True}),
        inbound("video", {"id": "m3", "mime_type": "video/mp4"}),
        inbound("document", {"id": "m4", "mime_type": "application/pdf", "filename": "nota.pdf"}),
        inbound("sticker", {"id": "m5", "mime_type": "image/webp", "animated": False}),
        inbound("location", {"latitude": -23.55, "longitude": -46.63, "name": "Sé"}),
        inbound("contacts", [card]),
        inbound(
            "interactive", {"type": "button_reply", "button_reply": {"id": "yes", "title": "Sim"}}
        ),
        inbound(
            "interactive",
            {
                "type": "list_reply",
                "list_reply": {"id": "p1", "title": "Básico", "description": "R$10"},
            },
        ),
        inbound(
            "button", {"payload": "stop", "text": "Parar"}, context={"id": "wamid.T", "from": "1"}
        ),
        inbound("reaction", {"message_id": "wamid.OUT", "emoji": "👍"}),
        inbound("reaction", {"message_id": "wamid.OUT"}),
    ]
    raw = notification("messages", messages_value(whatsapp.phone_number_id, messages), "1")
    parsed = parse_notification(httpx.Request("POST", URL, json=raw).content).messages
    contents = [m.content for m in parsed]
    assert contents[0] == MediaContent(
        kind="image", media_id="m1", mime_type="image/jpeg", sha256="h", caption="foto"
    )
    assert isinstance(contents[1], MediaContent) and contents[1].voice
    assert [c.kind for c in contents[2:5]] == ["video", "document", "sticker"]
    assert isinstance(contents[3], MediaContent) and contents[3].filename == "nota.pdf"
    assert contents[5] == LocationContent(latitude=-23.55, longitude=-46.63, name="Sé")
    assert isinstance(contents[6], ContactsContent)
    bob = contents[6].contacts[0]
    assert (bob.formatted_name, bob.phones[0].wa_id, bob.emails, bob.organization) == (
        "Bob Silva",
        "5511912345678",
        ["bob@example.com"],
        "Acme",
    )
    assert contents[7] == InteractiveReplyContent(
        reply_type="button_reply", reply_id="yes", title="Sim"
    )
    assert isinstance(contents[8], InteractiveReplyContent) and contents[8].description == "R$10"
    assert contents[9] == ButtonContent(text="Parar", payload="stop")
    assert parsed[9].reply_to_message_id == "wamid.T"
    assert contents[10] == ReactionContent(message_id="wamid.OUT", emoji="👍")
    assert contents[11] == ReactionContent(message_id="wamid.OUT", emoji=None)


def test_unknown_or_broken_messages_are_kept_as_unsupported(whatsapp: FakeWhatsApp) -> None:
    messages = [
        inbound("order", {"catalog_id": "9", "product_items": []}),
        inbound(
            "unsupported",
            None,
            errors=[{"code": 131051, "title": "Message type unknown", "message": "x"}],
        ),
        inbound("image", {"mime_type": "image/jpeg"}),  # no media id
        inbound("interactive", {"type": "nfm_reply", "nfm_reply": {}}),
        inbound("interactive", None),
    ]
    raw = notification("messages", messages_value(whatsapp.phone_number_id, messages), "1")
    parsed = parse_notification(httpx.Request("POST", URL, json=raw).content).messages
    assert len(parsed) == 5
    assert all(isinstance(m.content, UnsupportedContent) for m in parsed)
    kinds = [m.content.provider_type for m in parsed if isinstance(m.content, UnsupportedContent)]
    assert kinds == ["order", "unsupported", "image", "interactive", "interactive"]
    assert isinstance(parsed[1].content, UnsupportedContent)
    assert parsed[1].content.reason == "Message type unknown"
    assert isinstance(parsed[0].content, UnsupportedContent)
    assert parsed[0].content.raw["order"] == {"catalog_id": "9", "product_items": []}


def test_statuses_map_onto_message_status(whatsapp: FakeWhatsApp) -> None:
    failure = {
        "code": 131047,
        "title": "Re-engagement message",
        "message": "Re-engagement message",
        "error_data": {"details": "Message failed to send because more than 24 hours have passed"},
    }
    statuses = [
        status("wamid.O1", "sent", biz_opaque_callback_data="msg-42"),
        status("wamid.O1", "delivered"),
        status("wamid.O1", "read"),
        status("wamid.O2", "failed", errors=[failure]),
        status("wamid.O3", "deleted"),
    ]
    value = messages_value(whatsapp.phone_number_id, statuses=statuses)
    raw = notification("messages", value, whatsapp.waba_id)
    parsed = parse_notification(httpx.Request("POST", URL, json=raw).content)
    assert [s.status for s in parsed.statuses] == [
        MessageStatus.sent,
        MessageStatus.delivered,
        MessageStatus.read,
        MessageStatus.failed,
    ]
    assert parsed.statuses[0].callback_data == "msg-42"
    assert parsed.statuses[3].error_code == 131047
    assert parsed.statuses[3].errors[0].details is not None
    assert parsed.statuses[0].recipient_wa_id == ADA
    assert parsed.ignored == ["status:deleted"]


def test_template_status_updates_and_other_fields(whatsapp: FakeWhatsApp) -> None:
    approved = {
        "event": "APPROVED",
        "message_template_id": 1234567,
        "message_template_name": "pedido_enviado",
        "message_template_language": "pt_BR",
        "reason": "NONE",
    }
    rejected = {**approved, "event": "REJECTED", "reason": "INVALID_FORMAT"}
    raw = notification("message_template_status_update", approved, whatsapp.waba_id)
    raw["entry"][0]["changes"] += [
        {"field": "message_template_status_update", "value": rejected},
        {"field": "account_update", "value": {"event": "VERIFIED_ACCOUNT"}},
    ]
    parsed = parse_notification(httpx.Request("POST", URL, json=raw).content)
    first, second = parsed.template_updates
    assert (first.waba_id, first.template_id, first.name, first.language, first.event) == (
        whatsapp.waba_id,
        "1234567",
        "pedido_enviado",
        "pt_BR",
        "APPROVED",
    )
    assert (second.event, second.reason) == ("REJECTED", "INVALID_FORMAT")
    assert parsed.ignored == ["field:account_update"]
