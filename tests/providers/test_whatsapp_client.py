"""WhatsAppClient against a local fake of the Cloud API (Graph API) over real HTTP."""

import io
from collections.abc import AsyncIterator
from datetime import UTC, datetime

import httpx
import pytest
from pydantic import SecretStr, ValidationError

from providers.whatsapp import (
    ButtonsMessage,
    ListMessage,
    ListRow,
    ListSection,
    MediaRef,
    ReplyButton,
    TemplateButton,
    TemplateMessage,
    WhatsAppClient,
    WhatsAppCredentials,
    WhatsAppPermanentError,
    WhatsAppRetryableError,
)
from providers.whatsapp.errors import parse_retry_after
from tests.fakes.whatsapp import FakeWhatsApp, running_fake_whatsapp
from tests.support.services import free_port

TO = "5511987654321"


@pytest.fixture
async def whatsapp() -> AsyncIterator[FakeWhatsApp]:
    async with running_fake_whatsapp() as fake:
        yield fake


def client_for(
    fake: FakeWhatsApp,
    http: httpx.AsyncClient,
    token: str | None = None,
    phone_number_id: str | None = None,
) -> WhatsAppClient:
    credentials = WhatsAppCredentials(
        access_token=SecretStr(token or fake.access_token),
        phone_number_id=phone_number_id or fake.phone_number_id,
        waba_id=fake.waba_id,
    )
    return WhatsAppClient(http, credentials, base_url=fake.base_url)


@pytest.fixture
async def client(whatsapp: FakeWhatsApp) -> AsyncIterator[WhatsAppClient]:
    async with httpx.AsyncClient(timeout=5) as http:
        yield client_for(whatsapp, http)


async def test_send_text_posts_the_documented_payload(
    whatsapp: FakeWhatsApp, client: WhatsAppClient
) -> None:
    sent = await client.send_text(TO, "Olá!", reply_to="wamid.IN1", idempotency_key="msg-42")
    assert sent.message_id.startswith("wamid.")
    assert sent.recipient_wa_id == TO
    assert whatsapp.sent == [
        {
            "messaging_product": "whatsapp",
            "recipient_type": "individual",
            "to": TO,
            "type": "text",
            "text": {"body": "Olá!", "preview_url": False},
            "context": {"message_id": "wamid.IN1"},
            "biz_opaque_callback_data": "msg-42",
        }
    ]
    request = whatsapp.requests[0]
    assert request.path == f"/v23.0/{whatsapp.phone_number_id}/messages"
    assert request.headers["authorization"] == f"Bearer {whatsapp.access_token}"


async def test_send_media_by_link_and_by_uploaded_id(
    whatsapp: FakeWhatsApp, client: WhatsAppClient
) -> None:
    await client.send_media(TO, MediaRef(kind="image", link="https://x.test/a.jpg", caption="A"))
    await client.send_media(TO, MediaRef(kind="document", media_id="123", filename="nota.pdf"))
    assert whatsapp.sent[0]["image"] == {"link": "https://x.test/a.jpg", "caption": "A"}
    assert whatsapp.sent[1]["document"] == {"id": "123", "filename": "nota.pdf"}


async def test_send_buttons_and_list(whatsapp: FakeWhatsApp, client: WhatsAppClient) -> None:
    buttons = ButtonsMessage(
        body="Confirma?",
        buttons=[ReplyButton(id="yes", title="Sim"), ReplyButton(id="no", title="Não")],
    )
    menu = ListMessage(
        body="Escolha",
        button="Ver opções",
        header="Menu",
        sections=[
            ListSection(title="Planos", rows=[ListRow(id="p1", title="Básico", description="R$10")])
        ],
    )
    await client.send_buttons(TO, buttons)
    await client.send_list(TO, menu)
    assert whatsapp.sent[0]["interactive"] == {
        "type": "button",
        "body": {"text": "Confirma?"},
        "action": {
            "buttons": [
                {"type": "reply", "reply": {"id": "yes", "title": "Sim"}},
                {"type": "reply", "reply": {"id": "no", "title": "Não"}},
            ]
        },
    }
    assert whatsapp.sent[1]["interactive"] == {
        "type": "list",
        "header": {"type": "text", "text": "Menu"},
        "body": {"text": "Escolha"},
        "action": {
            "button": "Ver opções",
            "sections": [
                {
                    "title": "Planos",
                    "rows": [{"id": "p1", "title": "Básico", "description": "R$10"}],
                }
            ],
        },
    }


async def test_send_template_with_header_body_and_button_variables(
    whatsapp: FakeWhatsApp, client: WhatsAppClient
) -> None:
    template = TemplateMessage(
        name="pedido_enviado",
        language="pt_BR",
        header=MediaRef(kind="image", link="https://x.test/p.png"),
        body=["Ada", "#123"],
        buttons=[
            TemplateButton(sub_type="url", index=0, value="123"),
            TemplateButton(sub_type="quick_reply", index=1, value="stop"),
        ],
    )
    await client.send_template(TO, template, idempotency_key="k1")
    await client.send_template(TO, TemplateMessage(name="oi", language="en_US", header="Hi"))
    assert whatsapp.sent[0]["template"] == {
        "name": "pedido_enviado",
        "language": {"code": "pt_BR"},
        "components": [
            {
                "type": "header",
                "parameters": [{"type": "image", "image": {"link": "https://x.test/p.png"}}],
            },
            {
                "type": "body",
                "parameters": [{"type": "text", "text": "Ada"}, {"type": "text", "text": "#123"}],
            },
            {
                "type": "button",
                "sub_type": "url",
                "index": "0",
                "parameters": [{"type": "text", "text": "123"}],
            },
            {
                "type": "button",
                "sub_type": "quick_reply",
                "index": "1",
                "parameters": [{"type": "payload", "payload": "stop"}],
            },
        ],
    }
    assert whatsapp.sent[1]["template"]["components"] == [
        {"type": "header", "parameters": [{"type": "text", "text": "Hi"}]}
    ]


async def test_send_template_with_named_variables(
    whatsapp: FakeWhatsApp, client: WhatsAppClient
) -> None:
    template = TemplateMessage(
        name="pedido_pronto",
        language="pt_BR",
        body=["Ada", "#123"],
        body_names=["first_name", "order_id"],
    )
    await client.send_template(TO, template)
    assert whatsapp.sent[0]["template"]["components"] == [
        {
            "type": "body",
            "parameters": [
                {"type": "text", "text": "Ada", "parameter_name": "first_name"},
                {"type": "text", "text": "#123", "parameter_name": "order_id"},
            ],
        }
    ]


def test_outbound_limits_are_checked_before_sending() -> None:
    with pytest.raises(ValidationError):
        ButtonsMessage(body="x", buttons=[ReplyButton(id=str(i), title="t") for i in range(4)])
    with pytest.raises(ValidationError):
        MediaRef(kind="image", link="https://x.test/a.jpg", media_id="1")
    with pytest.raises(ValidationError):
        MediaRef(kind="sticker", media_id="1", caption="no captions on stickers")
    rows = [ListRow(id=str(i), title="t") for i in range(6)]
    with pytest.raises(ValidationError):
        ListMessage(
            body="x",
            button="b",
            sections=[ListSection(title="a", rows=rows), ListSection(title="b", rows=rows)],
        )


async def test_send_with_a_wrong_token_is_permanent(whatsapp: FakeWhatsApp) -> None:
    async with httpx.AsyncClient(timeout=5) as http:
        with pytest.raises(WhatsAppPermanentError) as caught:
            await client_for(whatsapp, http, token="EAAG-wrong").send_text(TO, "x")
    assert caught.value.status == 401 and caught.value.code == 190
    assert "Settings" in caught.value.agent_message
    assert whatsapp.sent == []


async def test_429_with_retry_after_is_retryable_and_the_next_send_succeeds(
    whatsapp: FakeWhatsApp, client: WhatsAppClient
) -> None:
    whatsapp.fail_next(429, code=130429, message="(#130429) Rate limit hit", retry_after="7")
    with pytest.raises(WhatsAppRetryableError) as caught:
        await client.send_text(TO, "x")
    assert caught.value.retry_after == 7.0 and caught.value.code == 130429
    await client.send_text(TO, "x")
    assert len(whatsapp.sent) == 1


@pytest.mark.parametrize("code", [4, 80007, 130429, 131048, 131056])
async def test_rate_limit_codes_in_a_400_are_retryable(
    whatsapp: FakeWhatsApp, client: WhatsAppClient, code: int
) -> None:
    # Graph reports most rate limits as HTTP 400; the code, not the status, says "later".
    whatsapp.fail_next(400, code=code, message=f"(#{code}) limit")
    with pytest.raises(WhatsAppRetryableError) as caught:
        await client.send_text(TO, "x")
    assert caught.value.code == code and caught.value.retry_after is None


@pytest.mark.parametrize("status", [500, 503])
async def test_5xx_is_retryable_with_retry_after(
    whatsapp: FakeWhatsApp, client: WhatsAppClient, status: int
) -> None:
    whatsapp.fail_next(status, code=2, message="Service temporarily unavailable", retry_after="30")
    with pytest.raises(WhatsAppRetryableError) as caught:
        await client.send_text(TO, "x")
    assert caught.value.status == status and caught.value.retry_after == 30.0


async def test_outside_the_24_hour_window_is_permanent_and_readable(
    whatsapp: FakeWhatsApp, client: WhatsAppClient
) -> None:
    whatsapp.fail_next(
        400,
        code=131047,
        message="(#131047) Re-engagement message",
        details="Message failed to send because more than 24 hours have passed",
    )
    with pytest.raises(WhatsAppPermanentError) as caught:
        await client.send_text(TO, "x")
    assert caught.value.code == 131047
    assert "24 hours" in caught.value.agent_message and "template" in caught.value.agent_message
    assert "more than 24 hours" in str(caught.value)


async def test_invalid_parameter_is_permanent(whatsapp: FakeWhatsApp) -> None:
    async with httpx.AsyncClient(timeout=5) as http:
        wrong_number = client_for(whatsapp, http, phone_number_id="999")
        with pytest.raises(WhatsAppPermanentError) as caught:
            await wrong_number.send_text(TO, "x")
    assert (caught.value.code, caught.value.subcode) == (100, 33)


async def test_unreachable_graph_is_retryable() -> None:
    credentials = WhatsAppCredentials(access_token=SecretStr("t"), phone_number_id="1", waba_id="2")
    async with httpx.AsyncClient(timeout=5) as http:
        client = WhatsAppClient(http, credentials, base_url=f"http://127.0.0.1:{free_port()}")
        with pytest.raises(WhatsAppRetryableError, match="unreachable"):
            await client.send_text(TO, "x")


def test_retry_after_accepts_seconds_and_http_dates() -> None:
    now = datetime(2026, 1, 1, 12, 0, 0, tzinfo=UTC)
    assert parse_retry_after("12") == 12.0
    assert parse_retry_after("Thu, 01 Jan 2026 12:00:30 GMT", now=now) == 30.0
    assert parse_retry_after("soon") is None and parse_retry_after(None) is None


async def test_list_templates_follows_paging_cursors(
    whatsapp: FakeWhatsApp, client: WhatsAppClient
) -> None:
    for i in range(5):
        whatsapp.add_template(f"t{i}", status="REJECTED" if i == 4 else "APPROVED")
    templates = await client.list_templates(page_size=2)
    assert [t.name for t in templates] == ["t0", "t1", "t2", "t3", "t4"]
    assert [r.query.get("after") is not None for r in whatsapp.requests] == [False, True, True]
    approved = await client.list_templates(status="APPROVED", page_size=2)
    assert [t.name for t in approved] == ["t0", "t1", "t2", "t3"]
    assert approved[0].language == "pt_BR" and approved[0].components


async def test_download_media_streams_the_bytes_with_the_token(
    whatsapp: FakeWhatsApp, client: WhatsAppClient
) -> None:
    data = bytes(range(256)) * 1000
    media_id = whatsapp.add_media(data, "audio/ogg")
    sink = io.BytesIO()
    download = await client.download_media(media_id, sink)
    assert sink.getvalue() == data
    assert (download.size, download.mime_type) == (len(data), "audio/ogg")
    assert [r.path for r in whatsapp.requests] == [f"/v23.0/{media_id}", f"/lookaside/{media_id}"]
    assert all(
        r.headers["authorization"] == f"Bearer {whatsapp.access_token}" for r in whatsapp.requests
    )


async def test_download_media_over_the_cap_is_refused(
    whatsapp: FakeWhatsApp, client: WhatsAppClient
) -> None:
    media_id = whatsapp.add_media(b"x" * 5000)
    sink = io.BytesIO()
    with pytest.raises(WhatsAppPermanentError, match="larger than 1000"):
        await client.download_media(media_id, sink, max_bytes=1000)
    assert sink.getvalue() == b""


async def test_download_media_stops_streaming_at_the_cap_when_the_size_was_understated(
    whatsapp: FakeWhatsApp, client: WhatsAppClient
) -> None:
    media_id = whatsapp.add_media(b"x" * 200_000, declared_size=10)
    sink = io.BytesIO()
    with pytest.raises(WhatsAppPermanentError, match="larger than 1000"):
        await client.download_media(media_id, sink, max_bytes=1000)
    assert len(sink.getvalue()) <= 1000


async def test_fake_refuses_what_graph_refuses(whatsapp: FakeWhatsApp) -> None:
    """The fake is only worth testing against if it rejects malformed sends as Graph does."""
    auth = {"Authorization": f"Bearer {whatsapp.access_token}"}
    url = f"/v23.0/{whatsapp.phone_number_id}/messages"
    async with httpx.AsyncClient(base_url=whatsapp.base_url) as http:
        no_product = await http.post(
            url, json={"to": TO, "type": "text", "text": {"body": "x"}}, headers=auth
        )
        no_body = await http.post(
            url,
            json={"messaging_product": "whatsapp", "to": TO, "type": "image", "image": {}},
            headers=auth,
        )
        anonymous = await http.post(url, json={})
    assert no_product.status_code == no_body.status_code == 400
    assert no_product.json()["error"]["code"] == 100
    assert anonymous.status_code == 401 and anonymous.json()["error"]["code"] == 190
    assert whatsapp.sent == []
