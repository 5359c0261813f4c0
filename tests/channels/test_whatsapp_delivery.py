"""WhatsAppDelivery against the fake Graph API over real HTTP, with the channel and its files in
each database: what each kind of reply becomes on the wire."""

from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest

from domain.enums import ChannelKind, MessageStatus
from domain.message_content import (
    ButtonsContent,
    ListContent,
    ListRow,
    ListSection,
    MediaContent,
    ReplyButton,
    TemplateButtonValue,
    TemplateContent,
    TextContent,
)
from tests.channels.delivery_support import ChannelUnderTest, channel_under_test
from tests.channels.whatsapp_delivery_support import (
    CREDENTIALS,
    CUSTOMER,
    PDF,
    PNG,
    adapter,
    running_meta,
    wamids,
)
from tests.fakes.whatsapp import FakeWhatsApp
from tests.support.databases import Sessions


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


async def test_text_goes_out_with_link_preview_and_our_id_as_callback_data(
    meta: FakeWhatsApp, http: httpx.AsyncClient, line: ChannelUnderTest
) -> None:
    given = wamids(meta)
    delivery = line.delivery(
        TextContent(text="Seu pedido: https://loja.example.com/p/1"), contact_key=CUSTOMER
    )
    receipt = await adapter(line, http, meta.base_url).deliver(delivery)

    assert receipt.status == MessageStatus.sent
    assert [receipt.provider_message_id] == given
    assert meta.sent == [
        {
            "messaging_product": "whatsapp",
            "recipient_type": "individual",
            "to": CUSTOMER,
            "type": "text",
            "text": {"body": "Seu pedido: https://loja.example.com/p/1", "preview_url": True},
            # The status webhooks echo it: how a send whose answer was lost is recognised.
            "biz_opaque_callback_data": str(delivery.message.id),
        }
    ]
    request = meta.requests[-1]
    assert request.path == f"/v23.0/{CREDENTIALS['phone_number_id']}/messages"
    assert request.headers["authorization"] == f"Bearer {CREDENTIALS['access_token']}"


@pytest.mark.parametrize(
    ("content", "data", "stored_as", "wire"),
    [
        (
            MediaContent(media_type="image", caption="A nota"),
            PNG,
            ("foto.png", "image/png"),
            {"caption": "A nota"},
        ),
        (
            MediaContent(media_type="document", caption="Contrato"),
            PDF,
            ("contrato final.pdf", "application/pdf"),
            {"caption": "Contrato", "filename": "contrato final.pdf"},
        ),
        (
            MediaContent(media_type="document", filename="renamed.pdf"),
            PDF,
            ("original.pdf", "application/pdf"),
            {"filename": "renamed.pdf"},
        ),
        # Voice notes take no caption: WhatsApp refuses one.
        (
            MediaContent(media_type="audio", caption="ignored"),
            b"OggS" + bytes(300),
            ("voz.ogg", "audio/ogg"),
            {},
        ),
    ],
)
async def test_media_is_uploaded_then_sent_by_its_id(
    meta: FakeWhatsApp,
    http: httpx.AsyncClient,
    line: ChannelUnderTest,
    content: MediaContent,
    data: bytes,
    stored_as: tuple[str, str],
    wire: dict[str, str],
) -> None:
    attachment = await line.attach(data, *stored_as)
    content = content.model_copy(update={"attachment_id": attachment.id})
    delivery = line.delivery(content, contact_key=CUSTOMER)
    receipt = await adapter(line, http, meta.base_url).deliver(delivery)

    # Our files are private: the exact bytes go up through /media, the message names the id.
    [(media_id, uploaded)] = meta.uploaded.items()
    assert uploaded == (data, stored_as[1], stored_as[0])
    [sent] = meta.sent
    assert sent["type"] == content.media_type
    assert sent[content.media_type] == {"id": media_id, **wire}
    assert sent["biz_opaque_callback_data"] == str(delivery.message.id)
    assert receipt.status == MessageStatus.sent and receipt.provider_message_id


async def test_buttons_and_list_become_interactive_messages(
    meta: FakeWhatsApp, http: httpx.AsyncClient, line: ChannelUnderTest
) -> None:
    delivery = adapter(line, http, meta.base_url)
    buttons = ButtonsContent(
        text="Confirma a entrega?",
        buttons=[ReplyButton(id="yes", title="Sim"), ReplyButton(id="no", title="Não")],
    )
    menu = ListContent(
        text="Escolha um plano",
        button="Ver planos",
        sections=[
            ListSection(
                title="Planos",
                rows=[
                    ListRow(id="basic", title="Básico", description="R$ 10"),
                    ListRow(id="pro", title="Pro"),
                ],
            )
        ],
    )
    await delivery.deliver(line.delivery(buttons, contact_key=CUSTOMER))
    await delivery.deliver(line.delivery(menu, contact_key=CUSTOMER))

    assert [m["type"] for m in meta.sent] == ["interactive", "interactive"]
    assert meta.sent[0]["interactive"] == {
        "type": "button",
        "body": {"text": "Confirma a entrega?"},
        "action": {
            "buttons": [
                {"type": "reply", "reply": {"id": "yes", "title": "Sim"}},
                {"type": "reply", "reply": {"id": "no", "title": "Não"}},
            ]
        },
    }
    assert meta.sent[1]["interactive"] == {
        "type": "list",
        "body": {"text": "Escolha um plano"},
        "action": {
            "button": "Ver planos",
            "sections": [
                {
                    "title": "Planos",
                    "rows": [
                        {"id": "basic", "title": "Básico", "description": "R$ 10"},
                        {"id": "pro", "title": "Pro"},
                    ],
                }
            ],
        },
    }


async def test_template_with_text_header_positional_values_and_url_button(
    meta: FakeWhatsApp, http: httpx.AsyncClient, line: ChannelUnderTest
) -> None:
    template = TemplateContent(
        name="pedido_enviado",
        language="pt_BR",
        header_text="Pedido 123",
        body_values=["Ada", "#123"],
        buttons=[TemplateButtonValue(sub_type="url", index=0, value="track/123")],
        rendered="Olá Ada, seu pedido #123 foi enviado.",
    )
    await adapter(line, http, meta.base_url).deliver(line.delivery(template, contact_key=CUSTOMER))

    [sent] = meta.sent
    assert sent["type"] == "template"
    assert sent["template"] == {
        "name": "pedido_enviado",
        "language": {"code": "pt_BR"},
        "components": [
            {"type": "header", "parameters": [{"type": "text", "text": "Pedido 123"}]},
            {
                "type": "body",
                "parameters": [{"type": "text", "text": "Ada"}, {"type": "text", "text": "#123"}],
            },
            {
                "type": "button",
                "sub_type": "url",
                "index": "0",
                "parameters": [{"type": "text", "text": "track/123"}],
            },
        ],
    }
    assert meta.uploaded == {}


async def test_template_with_named_values_and_a_media_header(
    meta: FakeWhatsApp, http: httpx.AsyncClient, line: ChannelUnderTest
) -> None:
    banner = await line.attach(PNG, "banner.png", "image/png")
    template = TemplateContent(
        name="order_update",
        language="en_US",
        header_attachment_id=banner.id,
        body_values=["Ada", "A-77"],
        body_parameter_names=["customer_name", "order_id"],
        buttons=[TemplateButtonValue(sub_type="quick_reply", index=1, value="stop-promos")],
    )
    await adapter(line, http, meta.base_url).deliver(line.delivery(template, contact_key=CUSTOMER))

    [(media_id, uploaded)] = meta.uploaded.items()
    assert uploaded == (PNG, "image/png", "banner.png")
    [sent] = meta.sent
    assert sent["template"]["components"] == [
        {"type": "header", "parameters": [{"type": "image", "image": {"id": media_id}}]},
        {
            "type": "body",
            "parameters": [
                {"type": "text", "text": "Ada", "parameter_name": "customer_name"},
                {"type": "text", "text": "A-77", "parameter_name": "order_id"},
            ],
        },
        {
            "type": "button",
            "sub_type": "quick_reply",
            "index": "1",
            "parameters": [{"type": "payload", "payload": "stop-promos"}],
        },
    ]


async def test_a_document_header_carries_its_filename(
    meta: FakeWhatsApp, http: httpx.AsyncClient, line: ChannelUnderTest
) -> None:
    invoice = await line.attach(PDF, "fatura-0042.pdf", "application/pdf")
    template = TemplateContent(
        name="fatura", language="pt_BR", header_attachment_id=invoice.id, body_values=["Ada"]
    )
    await adapter(line, http, meta.base_url).deliver(line.delivery(template, contact_key=CUSTOMER))

    [(media_id, uploaded)] = meta.uploaded.items()
    assert uploaded == (PDF, "application/pdf", "fatura-0042.pdf")
    header = meta.sent[0]["template"]["components"][0]
    assert header == {
        "type": "header",
        "parameters": [
            {"type": "document", "document": {"id": media_id, "filename": "fatura-0042.pdf"}}
        ],
    }
