"""WhatsApp templates on each database: a sync replaces the list, a webhook decides at once,
and a webhook that lands during a sync is not undone by the sync's older listing."""

import uuid
from datetime import timedelta
from typing import Any

from channels.whatsapp.templates import MessageTemplateStore, template_layout
from domain.enums import ChannelKind
from domain.security import new_public_key
from domain.timeutil import utcnow
from providers.whatsapp import MessageTemplate, TemplateStatusUpdate
from stores.tables.conversations import Channel
from tests.factories import create_workspace
from tests.support.databases import Sessions

COMPONENTS: list[dict[str, Any]] = [
    {"type": "HEADER", "format": "TEXT", "text": "Pedido {{1}}"},
    {"type": "BODY", "text": "Olá {{1}}, seu pedido {{2}} chega {{3}}. Obrigado, {{1}}!"},
    {"type": "FOOTER", "text": "Responda PARAR para sair"},
    {
        "type": "BUTTONS",
        "buttons": [
            {"type": "QUICK_REPLY", "text": "Tudo certo"},
            {"type": "URL", "text": "Rastrear", "url": "https://acme.example.com/t/{{1}}"},
            {"type": "PHONE_NUMBER", "text": "Ligar", "phone_number": "+5511999990000"},
        ],
    },
]


def template(name: str, status: str = "APPROVED", language: str = "pt_BR") -> MessageTemplate:
    return MessageTemplate(
        id=f"id-{name}-{language}",
        name=name,
        language=language,
        status=status,
        category="UTILITY",
        components=COMPONENTS,
    )


def update(name: str, event: str, reason: str | None = None) -> TemplateStatusUpdate:
    return TemplateStatusUpdate(
        waba_id="102290129340398",
        template_id=f"id-{name}-pt_BR",
        name=name,
        language="pt_BR",
        event=event,
        reason=reason,
        timestamp=utcnow(),
    )


async def whatsapp_channel(sessions: Sessions) -> tuple[uuid.UUID, uuid.UUID]:
    account = await create_workspace(sessions)
    async with sessions() as session, session.begin():
        channel = Channel(
            workspace_id=account.workspace_id,
            kind=ChannelKind.whatsapp,
            name="WhatsApp",
            public_key=new_public_key(),
        )
        session.add(channel)
    return account.workspace_id, channel.id


def test_layout_counts_what_a_form_must_fill_in() -> None:
    layout = template_layout(COMPONENTS)
    assert (layout.header_format, layout.header_text, layout.header_variables) == (
        "TEXT",
        "Pedido {{1}}",
        1,
    )
    assert layout.body_variables == 3, "{{1}} twice is one variable"
    assert layout.footer_text == "Responda PARAR para sair"
    assert [(b.index, b.type, b.variables) for b in layout.buttons] == [
        (0, "QUICK_REPLY", 0),
        (1, "URL", 1),
        (2, "PHONE_NUMBER", 0),
    ]
    image = template_layout([{"type": "HEADER", "format": "IMAGE"}, {"type": "BODY", "text": "x"}])
    assert (image.header_format, image.header_variables, image.body_variables) == ("IMAGE", 0, 0)
    named = template_layout([{"type": "BODY", "text": "Oi {{first_name}}, {{ order }}"}])
    assert named.body_variables == 2


async def test_sync_replaces_and_webhook_decides_at_once(sessions: Sessions) -> None:
    store = MessageTemplateStore(sessions)
    workspace_id, channel_id = await whatsapp_channel(sessions)
    await store.replace_all(
        workspace_id,
        channel_id,
        [template("welcome"), template("promo", "PENDING"), template("old")],
        listed_since=utcnow(),
    )
    listed = await store.for_channel(workspace_id, channel_id, approved_only=True)
    assert [t.name for t in listed] == ["old", "welcome"]

    approved = await store.apply_update(workspace_id, channel_id, update("promo", "APPROVED"))
    assert approved.known
    rejected = await store.apply_update(
        workspace_id, channel_id, update("welcome", "REJECTED", "INCORRECT_CATEGORY")
    )
    assert rejected.record.reason == "INCORRECT_CATEGORY"
    listed = await store.for_channel(workspace_id, channel_id, approved_only=True)
    assert [t.name for t in listed] == ["old", "promo"]

    # A template first heard of by webhook is recorded, and said to need its text.
    fresh = await store.apply_update(workspace_id, channel_id, update("new_one", "APPROVED"))
    assert not fresh.known and fresh.record.components == []
    reinstated = await store.apply_update(workspace_id, channel_id, update("old", "REINSTATED"))
    assert reinstated.record.status == "APPROVED"

    # A later sync drops what Meta no longer lists (deleted in the console).
    await store.replace_all(
        workspace_id,
        channel_id,
        [template("promo"), template("new_one")],
        listed_since=utcnow(),
    )
    everything = await store.for_channel(workspace_id, channel_id, approved_only=False)
    assert [(t.name, t.status, bool(t.components)) for t in everything] == [
        ("new_one", "APPROVED", True),
        ("promo", "APPROVED", True),
    ]


async def test_a_sync_does_not_undo_a_webhook_that_landed_while_it_listed(
    sessions: Sessions,
) -> None:
    store = MessageTemplateStore(sessions)
    workspace_id, channel_id = await whatsapp_channel(sessions)
    other_workspace, other_channel = await whatsapp_channel(sessions)
    await store.replace_all(
        workspace_id, channel_id, [template("promo", "PENDING")], listed_since=utcnow()
    )
    listing_began = utcnow() - timedelta(milliseconds=1)
    # Meta approves it (webhook) after the sync asked Graph, before the sync writes.
    await store.apply_update(workspace_id, channel_id, update("promo", "APPROVED"))
    await store.apply_update(workspace_id, channel_id, update("brand_new", "APPROVED"))
    await store.replace_all(
        workspace_id, channel_id, [template("promo", "PENDING")], listed_since=listing_began
    )
    everything = await store.for_channel(workspace_id, channel_id, approved_only=False)
    assert [(t.name, t.status) for t in everything] == [
        ("brand_new", "APPROVED"),
        ("promo", "APPROVED"),
    ]
    assert await store.for_channel(other_workspace, other_channel, approved_only=False) == []
    assert await store.for_channel(other_workspace, channel_id, approved_only=False) == []
