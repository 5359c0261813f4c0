"""A lead-qualification bot built through the API, end to end on WhatsApp: a signed webhook
starts it by keyword, it asks for an e-mail (re-asking once), stores it in a custom field,
asks what the lead needs, has an LLM classify the answer (a local OpenAI-compatible server,
through the real client) and branches; every bot message reaches the fake Graph API."""

import uuid
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlmodel import col, select
from temporalio.client import Client

from domain.enums import MessageDirection, MessageStatus
from stores.tables.conversations import Conversation, Message
from tests.domain.test_channel_credentials import whatsapp
from tests.factories import create_workspace
from tests.fakes.openai import FakeOpenAI, running_fake_openai
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
CUSTOMER = "5511912345678"

FLOW: dict[str, Any] = {
    "nodes": [
        {"id": "start", "type": "start"},
        {
            "id": "email",
            "type": "ask_question",
            "prompt": {"kind": "text", "text": "Olá! Qual o seu e-mail de trabalho?"},
            "expect": "email",
            "save_to_field": "work_email",
            "retry_message": "Não parece um e-mail. Tente de novo?",
        },
        {
            "id": "need",
            "type": "ask_question",
            "prompt": {"kind": "text", "text": "Obrigado! Em que podemos ajudar?"},
            "expect": "text",
            "save_to_variable": "need",
        },
        {
            "id": "intent",
            "type": "ai_classify",
            "text": "{{vars.need}}",
            "intents": [
                {"id": "buy", "name": "Comprar", "description": "quer um orçamento ou comprar"},
                {"id": "support", "name": "Suporte", "description": "tem um problema"},
            ],
        },
        {
            "id": "sales",
            "type": "send_message",
            "content": {
                "kind": "text",
                "text": "Ótimo! Um vendedor fala com você em {{contact.work_email}}.",
            },
        },
        {
            "id": "help",
            "type": "send_message",
            "content": {"kind": "text", "text": "Vamos abrir um chamado."},
        },
        {
            "id": "unknown",
            "type": "send_message",
            "content": {"kind": "text", "text": "Não entendi, vou chamar alguém."},
        },
    ],
    "edges": [
        {"id": "a", "source": "start", "target": "email"},
        {"id": "b", "source": "email", "source_handle": "answered", "target": "need"},
        {"id": "c", "source": "need", "source_handle": "answered", "target": "intent"},
        {"id": "d", "source": "intent", "source_handle": "buy", "target": "sales"},
        {"id": "e", "source": "intent", "source_handle": "support", "target": "help"},
        {"id": "f", "source": "intent", "source_handle": "fallback", "target": "unknown"},
    ],
}


@pytest.fixture
async def fakes() -> AsyncIterator[tuple[FakeWhatsApp, FakeOpenAI]]:
    async with (
        running_fake_whatsapp(
            access_token=CREDENTIALS["access_token"], app_secret=CREDENTIALS["app_secret"]
        ) as graph,
        running_fake_openai() as model,
    ):
        graph.phone_number_id = CREDENTIALS["phone_number_id"]
        graph.waba_id = CREDENTIALS["business_account_id"]
        yield graph, model


@pytest.fixture
async def app(
    tmp_path: Path,
    database_url: str,
    temporal_client: Client,
    fakes: tuple[FakeWhatsApp, FakeOpenAI],
) -> AsyncIterator[Harness]:
    settings = make_settings(tmp_path, database_url, WHATSAPP_GRAPH_URL=fakes[0].base_url)
    async with running_app(settings, temporal_client) as harness:
        yield harness


async def _build_bot(owner: httpx.AsyncClient, model: FakeOpenAI) -> str:
    assert (
        await owner.post(
            "/api/custom-fields",
            json={"key": "work_email", "label": "E-mail de trabalho", "type": "text"},
        )
    ).status_code == 201
    settings = {"base_url": model.base_url, "model": "gpt-4o-mini", "api_key": model.api_key}
    assert (await owner.put("/api/ai-settings", json=settings)).status_code == 200
    created = await owner.post("/api/flows", json={"name": "Qualificação de leads"})
    assert created.status_code == 201, created.text
    flow_id: str = created.json()["id"]
    triggers = [{"type": "keyword", "keywords": ["orçamento"], "match": "contains"}]
    saved = await owner.put(
        f"/api/flows/{flow_id}/draft", json={"draft": FLOW, "triggers": triggers}
    )
    assert saved.status_code == 200 and saved.json()["problems"] == [], saved.text
    assert (await owner.post(f"/api/flows/{flow_id}/publish")).status_code == 201
    assert (await owner.patch(f"/api/flows/{flow_id}", json={"active": True})).status_code == 200
    return flow_id


async def test_a_lead_bot_with_an_llm_step_answers_on_whatsapp(
    app: Harness, fakes: tuple[FakeWhatsApp, FakeOpenAI]
) -> None:
    graph, model = fakes
    account = await create_workspace(app.services.sessions)
    owner = await app.login(account)
    channel = await owner.post(
        "/api/channels",
        json={"kind": "whatsapp", "name": "WhatsApp", "credentials": CREDENTIALS},
    )
    assert channel.status_code == 201, channel.text
    webhook_url = channel.json()["setup"][0]["value"].replace(
        app.settings.resolved_public_url, app.base_url
    )
    await _build_bot(owner, model)
    model.reply_with({"intent": "buy"})
    webhooks = app.http()

    async def customer_says(text: str) -> None:
        message = inbound("text", {"body": text}, sender=CUSTOMER)
        value = messages_value(graph.phone_number_id, [message], contacts=[(CUSTOMER, "Rita")])
        response = await graph.post_webhook(
            webhooks, webhook_url, notification("messages", value, graph.waba_id)
        )
        assert response.status_code == 200, response.text

    async def bot_said(count: int) -> list[str] | None:
        texts = [m["text"]["body"] for m in graph.sent]
        return texts if len(texts) >= count else None

    await customer_says("Oi, queria um orçamento")
    await eventually(lambda: bot_said(1), timeout=30)
    await customer_says("rita(at)empresa")
    await eventually(lambda: bot_said(2), timeout=30)
    await customer_says("rita@empresa.com.br")
    await eventually(lambda: bot_said(3), timeout=30)
    await customer_says("Preciso de 200 canecas personalizadas")
    said = await eventually(lambda: bot_said(4), timeout=30)

    assert said == [
        "Olá! Qual o seu e-mail de trabalho?",
        "Não parece um e-mail. Tente de novo?",
        "Obrigado! Em que podemos ajudar?",
        "Ótimo! Um vendedor fala com você em rita@empresa.com.br.",
    ]
    assert all(m["to"] == CUSTOMER for m in graph.sent)
    [classify] = model.requests
    assert "Preciso de 200 canecas personalizadas" in str(classify.messages)
    contacts = (await owner.get("/api/contacts")).json()["data"]
    assert [(c["name"], c["custom_fields"]) for c in contacts] == [
        ("Rita", {"work_email": "rita@empresa.com.br"})
    ]
    usage = (await owner.get("/api/ai-usage")).json()["data"]
    assert usage and usage[0]["requests"] == 1


OPT_IN_FLOW: dict[str, Any] = {
    "nodes": [
        {"id": "start", "type": "start"},
        {
            "id": "hello",
            "type": "ask_question",
            "prompt": {
                "kind": "template",
                "name": "boas_vindas",
                "language": "pt_BR",
                "body_values": ["{{contact.first_name}}"],
                "rendered": "Oi {{contact.first_name}}! Quer receber novidades? Responda SIM.",
            },
            "expect": "choice",
            "choices": ["Sim", "Não"],
        },
        {"id": "tag", "type": "tag", "action": "add", "tag": "novidades"},
        {
            "id": "done",
            "type": "send_message",
            "content": {"kind": "text", "text": "Combinado, {{contact.first_name}}!"},
        },
    ],
    "edges": [
        {"id": "a", "source": "start", "target": "hello"},
        {"id": "b", "source": "hello", "source_handle": "answered", "target": "tag"},
        {"id": "c", "source": "tag", "target": "done"},
    ],
}


async def test_an_automation_starts_a_flow_that_opens_with_a_template(
    app: Harness, fakes: tuple[FakeWhatsApp, FakeOpenAI]
) -> None:
    graph, _ = fakes
    account = await create_workspace(app.services.sessions)
    owner = await app.login(account)
    channel = await owner.post(
        "/api/channels",
        json={"kind": "whatsapp", "name": "WhatsApp", "credentials": CREDENTIALS},
    )
    assert channel.status_code == 201, channel.text
    webhook_url = channel.json()["setup"][0]["value"].replace(
        app.settings.resolved_public_url, app.base_url
    )
    contact = await owner.post(
        "/api/contacts", json={"name": "Rita Souza", "phone": f"+{CUSTOMER}"}
    )
    assert contact.status_code == 201, contact.text
    flow = (await owner.post("/api/flows", json={"name": "Novidades"})).json()
    manual = [{"type": "manual"}]
    saved = await owner.put(
        f"/api/flows/{flow['id']}/draft", json={"draft": OPT_IN_FLOW, "triggers": manual}
    )
    assert saved.json()["problems"] == [], saved.text
    contact_id = contact.json()["contact"]["id"]
    # A flow started from outside speaks first: WhatsApp needs the contact's recorded opt-in.
    opted_in = await owner.put(
        f"/api/contacts/{contact_id}/consent/whatsapp",
        json={"status": "opted_in", "source": "form", "proof": "checkout checkbox"},
    )
    assert opted_in.status_code == 200, opted_in.text
    body = {"contact_id": contact_id, "channel_id": channel.json()["id"]}
    unpublished = await owner.post(f"/api/flows/{flow['id']}/start", json=body)
    assert unpublished.status_code == 409
    assert (await owner.post(f"/api/flows/{flow['id']}/publish")).status_code == 201

    started = await owner.post(f"/api/flows/{flow['id']}/start", json=body)
    assert started.status_code == 202, started.text

    async def sent(count: int) -> list[dict[str, Any]] | None:
        return graph.sent if len(graph.sent) >= count else None

    [opener] = await eventually(lambda: sent(1), timeout=30)
    assert opener["type"] == "template" and opener["to"] == CUSTOMER
    assert opener["template"]["components"] == [
        {"type": "body", "parameters": [{"type": "text", "text": "Rita"}]}
    ]
    reply = inbound("button", {"text": "Sim", "payload": "sim"}, sender=CUSTOMER)
    value = messages_value(graph.phone_number_id, [reply], contacts=[(CUSTOMER, "Rita")])
    answered = await graph.post_webhook(
        app.http(), webhook_url, notification("messages", value, graph.waba_id)
    )
    assert answered.status_code == 200
    [_, closing] = await eventually(lambda: sent(2), timeout=30)
    assert closing["text"]["body"] == "Combinado, Rita!"
    tags = (await owner.get(f"/api/contacts/{contact_id}")).json()["tags"]
    assert tags == ["novidades"]


async def test_a_flow_started_for_a_contact_without_opt_in_sends_nothing_unless_allowed(
    app: Harness, fakes: tuple[FakeWhatsApp, FakeOpenAI]
) -> None:
    graph, _ = fakes
    account = await create_workspace(app.services.sessions)
    owner = await app.login(account)
    channel = await owner.post(
        "/api/channels",
        json={"kind": "whatsapp", "name": "WhatsApp", "credentials": CREDENTIALS},
    )
    assert channel.status_code == 201, channel.text
    flow = (await owner.post("/api/flows", json={"name": "Novidades"})).json()
    saved = await owner.put(
        f"/api/flows/{flow['id']}/draft",
        json={"draft": OPT_IN_FLOW, "triggers": [{"type": "manual"}]},
    )
    assert saved.json()["problems"] == [], saved.text
    assert (await owner.post(f"/api/flows/{flow['id']}/publish")).status_code == 201

    async def start_for(phone: str) -> str:
        made = await owner.post("/api/contacts", json={"name": "Rita Souza", "phone": phone})
        assert made.status_code == 201, made.text
        contact_id: str = made.json()["contact"]["id"]
        body = {"contact_id": contact_id, "channel_id": channel.json()["id"]}
        started = await owner.post(f"/api/flows/{flow['id']}/start", json=body)
        assert started.status_code == 202, started.text
        return contact_id

    async def opener_of(contact_id: str) -> Message | None:
        async with app.services.sessions() as session:
            return (
                (
                    await session.execute(
                        select(Message)
                        .join(Conversation, col(Conversation.id) == Message.conversation_id)
                        .where(
                            Conversation.contact_id == uuid.UUID(contact_id),
                            Message.direction == MessageDirection.outbound,
                            Message.status != MessageStatus.queued,
                        )
                    )
                )
                .scalars()
                .first()
            )

    assert (await owner.get("/api/sending-rules")).json() == {"proactive_needs_opt_in": True}
    no_opt_in = await start_for(f"+{CUSTOMER}")
    skipped = await eventually(lambda: opener_of(no_opt_in), timeout=30)
    assert (skipped.status, skipped.error_code) == (MessageStatus.skipped, "no_opt_in")
    assert skipped.error_message and "opt-in" in skipped.error_message
    assert graph.sent == []

    turned_off = await owner.put("/api/sending-rules", json={"proactive_needs_opt_in": False})
    assert turned_off.status_code == 200, turned_off.text
    allowed = await start_for("+5511912340000")
    sent = await eventually(lambda: opener_of(allowed), timeout=30)
    assert sent.status == MessageStatus.sent
    assert [m["to"] for m in graph.sent] == ["5511912340000"]
