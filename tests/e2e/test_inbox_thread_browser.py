"""Every kind of message a thread shows, and delivery states that change while the agent
watches: media from the attachment route, locations, contact cards, replies, reactions,
templates, and ticks from queued to read, with a failure worded for the agent."""

import re
import uuid
from datetime import timedelta
from pathlib import Path

import pytest
from playwright.async_api import Locator, Page, expect

from domain.conversations import AgentReply, ConversationRef, InboundMessage
from domain.enums import ChannelKind, MessageStatus, Role
from domain.message_content import (
    ButtonsContent,
    ChoiceReplyContent,
    ContactCard,
    ContactsContent,
    InboundContent,
    LocationContent,
    MediaContent,
    OutboundContent,
    ReactionContent,
    ReplyButton,
    TemplateContent,
    TextContent,
    UnsupportedContent,
    summary,
)
from domain.timeutil import utcnow
from stores.conversations.delivery_statuses import DeliveryStatuses
from temporal.ids import conversation_workflow_id
from tests.e2e.conftest import NewPage
from tests.e2e.test_inbox_browser import WAIT_MS, log_in, tiny_png
from tests.factories import WorkspaceFixture, create_workspace
from tests.support.harness import Harness
from tests.support.inbox import add_channel

pytestmark = pytest.mark.browser


async def whatsapp_thread_of_every_kind(
    app: Harness, account: WorkspaceFixture
) -> tuple[str, dict[str, uuid.UUID]]:
    """A WhatsApp conversation holding each kind of content a contact sends, and replies of ours
    in each delivery state, stored as the workflow's activities store them."""
    store = app.services.store
    channel_id = await add_channel(app.services.sessions, account, ChannelKind.whatsapp)
    ref = ConversationRef(
        workspace_id=account.workspace_id,
        channel_id=channel_id,
        channel_kind=ChannelKind.whatsapp,
        contact_key="5581990000401",
    )
    workflow_id = conversation_workflow_id(ref.workspace_id, ref.channel_id, ref.contact_key)
    photo = await app.services.attachments.save(
        account.workspace_id, tiny_png(), filename="photo.png", mime_type="image/png"
    )
    invoice = await app.services.attachments.save(
        account.workspace_id,
        b"%PDF-1.4\n%%EOF\n",
        filename="invoice.pdf",
        mime_type="application/pdf",
    )
    voice = await app.services.attachments.save(
        account.workspace_id, b"OggS-not-really", filename="voice.ogg", mime_type="audio/ogg"
    )
    start = utcnow() - timedelta(minutes=30)
    inbound: list[InboundContent] = [
        MediaContent(media_type="image", attachment_id=photo.id, caption="My broken kettle"),
        MediaContent(media_type="audio", attachment_id=voice.id),
        MediaContent(
            media_type="document", attachment_id=invoice.id, filename="invoice.pdf", size=16
        ),
        MediaContent(media_type="video", unavailable_reason="The file is larger than 100 MB."),
        LocationContent(latitude=-8.0542812, longitude=-34.8812598, name="Marco Zero"),
        ContactsContent(contacts=[ContactCard(name="Davi Rocha", phones=["+5511990000204"])]),
        ChoiceReplyContent(choice_id="track", title="Track my order"),
        ReactionContent(emoji="👍", target_provider_message_id="wamid.1"),
        UnsupportedContent(description="A poll"),
    ]
    for minute, content in enumerate(inbound):
        await store.record_inbound(
            ref,
            workflow_id,
            InboundMessage(
                client_message_id=f"wamid.in.{minute}",
                text=summary(content),
                received_at=start + timedelta(minutes=minute),
                contact_name="Elisa Melo",
                content=content,
            ),
        )
    conversation_id: uuid.UUID | None = None
    replies: dict[str, uuid.UUID] = {}
    outbound: list[tuple[str, OutboundContent]] = [
        ("delivered", TextContent(text="We are on it.")),
        (
            "read",
            ButtonsContent(text="Pick one", buttons=[ReplyButton(id="a", title="Replace it")]),
        ),
        ("failed", TextContent(text="Here is the courier link")),
        (
            "queued",
            TemplateContent(
                name="order_update",
                language="pt_BR",
                rendered="Olá Elisa, seu pedido está a caminho.",
            ),
        ),
    ]
    for minute, (state, reply_content) in enumerate(outbound, start=len(inbound)):
        if conversation_id is None:
            found = await store.find_by_workflow_id(account.workspace_id, workflow_id)
            assert found is not None
            conversation_id = found.id
        reply = AgentReply(
            message_id=uuid.uuid4(),
            conversation_id=conversation_id,
            author_user_id=account.user_id,
            text=summary(reply_content),
            requested_at=start + timedelta(minutes=minute),
            content=reply_content,
        )
        await store.record_outbound(account.workspace_id, reply)
        replies[state] = reply.message_id
    statuses = DeliveryStatuses(app.services.sessions, app.services.event_bus)
    await statuses.apply_status(
        account.workspace_id,
        message_id=replies["delivered"],
        provider_message_id="wamid.out.1",
        status=MessageStatus.delivered,
        occurred_at=utcnow(),
    )
    await statuses.apply_status(
        account.workspace_id,
        message_id=replies["read"],
        provider_message_id="wamid.out.2",
        status=MessageStatus.read,
        occurred_at=utcnow(),
    )
    await statuses.apply_status(
        account.workspace_id,
        message_id=replies["failed"],
        provider_message_id=None,
        status=MessageStatus.failed,
        occurred_at=utcnow(),
        error_code="131047",
        error_message="More than 24 hours have passed since the customer last replied.",
    )
    assert conversation_id is not None
    return str(conversation_id), replies


def kind(page: Page, name: str) -> Locator:
    return page.locator(f"[data-testid=thread-message][data-kind={name}]")


def reply(page: Page, message_id: uuid.UUID, status: str) -> Locator:
    return page.locator(
        f"[data-testid=thread-message][data-message-id='{message_id}'][data-status={status}]"
    )


async def test_thread_shows_every_kind_and_live_delivery_states(
    sqlite_app: Harness, new_page: NewPage, page_errors: list[str], tmp_path: Path
) -> None:
    app = sqlite_app
    base = app.base_url
    account = await create_workspace(app.services.sessions, role=Role.agent)
    conversation_id, replies = await whatsapp_thread_of_every_kind(app, account)

    page = await new_page()
    await log_in(page, base, account)
    await page.goto(f"{base}/inbox/{conversation_id}")
    await expect(page.get_by_test_id("thread-title")).to_have_text("Elisa Melo", timeout=WAIT_MS)

    media = kind(page, "media")
    await expect(media).to_have_count(4, timeout=WAIT_MS)
    photo = page.locator("img.message-image")
    await expect(photo).to_have_attribute("alt", "My broken kettle")
    await expect(photo).to_have_js_property("naturalWidth", 2, timeout=WAIT_MS)
    await expect(page.locator("audio.message-audio")).to_have_attribute("controls", "")
    document = page.locator("a.message-document")
    await expect(document).to_contain_text("invoice.pdf")
    await expect(document).to_have_attribute("download", "invoice.pdf")
    await expect(page.locator("[data-kind=media][data-media-type=video]").first).to_contain_text(
        "The file is larger than 100 MB."
    )
    location = kind(page, "location")
    await expect(location).to_contain_text("Marco Zero")
    await expect(location).to_contain_text("-8.05428, -34.88126")
    await expect(location.locator("a")).to_have_attribute(
        "href", re.compile(r"openstreetmap\.org/.*mlat=-8\.054281")
    )
    await expect(kind(page, "contacts").locator("a[href='tel:+5511990000204']")).to_be_visible()
    await expect(kind(page, "choice_reply")).to_contain_text("Track my order")
    await expect(kind(page, "reaction")).to_contain_text("Reacted 👍")
    await expect(kind(page, "unsupported")).to_contain_text("Message type not supported: A poll")
    await expect(kind(page, "buttons").locator(".message-options li")).to_have_text(["Replace it"])
    await expect(kind(page, "template")).to_contain_text("Olá Elisa, seu pedido está a caminho.")

    ticks = {
        "delivered": ("✓✓", "tick--delivered"),
        "read": ("✓✓", "tick--read"),
        "failed": ("!", "tick--failed"),
    }
    for state, (glyph, tone) in ticks.items():
        tick = reply(page, replies[state], state).get_by_test_id("message-tick")
        await expect(tick).to_have_text(glyph)
        await expect(tick).to_have_class(re.compile(tone))
    failed = reply(page, replies["failed"], "failed")
    await expect(failed.get_by_test_id("message-error")).to_have_text(
        "More than 24 hours have passed since the customer last replied."
    )
    queued = reply(page, replies["queued"], "queued")
    await expect(queued.locator("[data-testid=message-tick] svg")).to_be_visible()

    # Statuses that arrive while the agent watches move the ticks without a reload.
    statuses = DeliveryStatuses(app.services.sessions, app.services.event_bus)
    await statuses.apply_status(
        account.workspace_id,
        message_id=replies["queued"],
        provider_message_id="wamid.out.4",
        status=MessageStatus.read,
        occurred_at=utcnow(),
    )
    now_read = reply(page, replies["queued"], "read").get_by_test_id("message-tick")
    await expect(now_read).to_have_class(re.compile("tick--read"), timeout=WAIT_MS)
    await page.screenshot(path=tmp_path / "thread.png", full_page=True)
    assert page_errors == []
