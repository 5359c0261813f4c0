"""An agent works the unified inbox: saved replies, filters, a reply with its delivery status, a
private note, assignment, snooze; a WhatsApp conversation past its 24-hour window offers only
templates; and the same inbox reads in Portuguese."""

import re
import struct
import uuid
import zlib
from datetime import timedelta
from pathlib import Path

import httpx
import pytest
from playwright.async_api import FilePayload, Locator, Page, expect

from domain.enums import ChannelKind, Role
from domain.timeutil import utcnow
from stores.tables.inbox import MessageTemplateRecord
from tests.e2e.conftest import NewPage
from tests.e2e.test_contact_page_browser import Dialogs
from tests.factories import WorkspaceFixture, create_workspace
from tests.support.harness import Harness
from tests.support.inbox import add_channel, start_conversation
from tests.support.waiting import eventually
from tests.support.widget import post_visitor_message

pytestmark = pytest.mark.browser

# Each wait is an explicit deadline on an outcome, never a fixed sleep.
WAIT_MS = 20_000

ORDER_QUESTION = "Where is my order 1234?"
SHIPPING_QUESTION = "Do you ship to Recife?"
SUNDAY_QUESTION = "Are you open on Sunday?"
CANNED_BODY = "Thanks {{contact.first_name}}, this is {{agent.name}}. Anything else?"
CANNED_FILLED = "Thanks Ana, this is Test Agent. Anything else?"
TEMPLATE_BODY = "Olá {{1}}, seu pedido {{2}} está a caminho."


async def visitor_conversation(
    app: Harness, account: WorkspaceFixture, client: httpx.AsyncClient, text: str, name: str
) -> str:
    """A web chat visitor writes (through the widget API and the workflow); the agent then
    names the contact, as they would on the contact page."""
    token = await app.visitor_token(account)
    assert await post_visitor_message(app, account, token, text) == 202

    async def listed() -> dict[str, str] | None:
        response = await client.get("/api/conversations", params={"status": "open"})
        assert response.status_code == 200, response.text
        found = [c for c in response.json()["data"] if c["last_message_preview"] == text]
        return found[0] if found else None

    conversation = await eventually(listed)
    response = await client.patch(
        f"/api/contacts/{conversation['contact_id']}", json={"name": name}
    )
    assert response.status_code == 200, response.text
    return conversation["id"]


async def whatsapp_past_its_window(app: Harness, account: WorkspaceFixture) -> str:
    """A WhatsApp conversation whose contact last wrote two days ago, and one approved template."""
    sessions = app.services.sessions
    channel_id = await add_channel(sessions, account, ChannelKind.whatsapp)
    conversation = await start_conversation(
        sessions,
        account,
        text="Oi, tudo bem?",
        channel_id=channel_id,
        kind=ChannelKind.whatsapp,
        contact_key="5581990000301",
        contact={"name": "Carla Dias", "phone": "+5581990000301"},
        last_inbound_at=utcnow() - timedelta(days=2),
    )
    async with sessions() as session, session.begin():
        session.add(
            MessageTemplateRecord(
                workspace_id=account.workspace_id,
                channel_id=channel_id,
                provider_template_id=uuid.uuid4().hex,
                name="order_update",
                language="pt_BR",
                status="APPROVED",
                category="UTILITY",
                components=[{"type": "BODY", "text": TEMPLATE_BODY}],
            )
        )
    return str(conversation.id)


def item(page: Page, conversation_id: str) -> Locator:
    return page.locator(
        f"[data-testid=conversation-item][data-conversation-id='{conversation_id}']"
    )


def tab_count(page: Page, status: str) -> Locator:
    return page.locator(
        f"[data-testid=status-tab][data-status={status}] [data-testid=status-count]"
    )


async def log_in(page: Page, base: str, account: WorkspaceFixture) -> None:
    await page.goto(f"{base}/login")
    await page.locator("input[name=email]").fill(account.email)
    await page.locator("input[name=password]").fill(account.password)
    await page.locator("button[type=submit]").click()
    await expect(page).to_have_url(f"{base}/inbox", timeout=WAIT_MS)


async def manage_canned_responses(page: Page, base: str, dialogs: Dialogs) -> None:
    """Settings → Canned responses: create two, edit one, delete the other."""
    await page.get_by_test_id("nav-cannedResponses").click()
    await expect(page).to_have_url(f"{base}/settings/canned-responses", timeout=WAIT_MS)
    await expect(page.get_by_text("No canned responses yet.")).to_be_visible(timeout=WAIT_MS)
    form = page.get_by_test_id("canned-form")
    # A shortcut with a space is refused on its field before anything is sent.
    await form.locator("input[name=shortcut]").fill("say thanks")
    await form.locator("button[type=submit]").click()
    await expect(form.locator("input[name=shortcut]")).to_have_attribute("aria-invalid", "true")
    for shortcut, title, body in (
        ("/Thanks", "Thank you", "Thanks!"),
        ("hours", "Opening hours", "We open at 9."),
    ):
        await form.locator("input[name=shortcut]").fill(shortcut)
        await form.locator("input[name=title]").fill(title)
        await form.locator("textarea[name=body]").fill(body)
        await form.locator("button[type=submit]").click()
        row = page.locator(f"[data-testid=canned-row][data-shortcut={shortcut.strip('/').lower()}]")
        await expect(row).to_be_visible(timeout=WAIT_MS)

    thanks = page.locator("[data-testid=canned-row][data-shortcut=thanks]")
    await thanks.get_by_test_id("canned-edit").click()
    edit = page.get_by_test_id("canned-edit-form")
    await edit.locator("textarea[name=body]").fill(CANNED_BODY)
    await edit.locator("button[type=submit]").click()
    await expect(thanks).to_contain_text(CANNED_BODY, timeout=WAIT_MS)

    hours = page.locator("[data-testid=canned-row][data-shortcut=hours]")
    await hours.get_by_test_id("canned-delete").click()
    await expect(hours).to_have_count(0, timeout=WAIT_MS)
    assert dialogs.asked[-1] == "Delete the canned response /hours?", dialogs.asked
    await page.reload()
    await expect(thanks).to_contain_text(CANNED_BODY, timeout=WAIT_MS)
    await expect(page.get_by_test_id("canned-row")).to_have_count(1)


async def filter_the_list(
    app: Harness, account: WorkspaceFixture, page: Page, ana: str, bruno: str, carla: str
) -> None:
    await expect(tab_count(page, "open")).to_have_text("3", timeout=WAIT_MS)
    for conversation_id in (ana, bruno, carla):
        await expect(item(page, conversation_id)).to_be_visible()
    channel = page.locator("select[name=inbox_channel]")
    await channel.select_option("whatsapp")
    await expect(page.get_by_test_id("conversation-item")).to_have_count(1, timeout=WAIT_MS)
    await expect(item(page, carla)).to_be_visible()
    await channel.select_option("")
    # A new conversation that matches the filter shows up live, at the top.
    visitor = await app.visitor_token(account)
    assert await post_visitor_message(app, account, visitor, SUNDAY_QUESTION) == 202
    first = page.get_by_test_id("conversation-item").first
    await expect(first).to_contain_text(SUNDAY_QUESTION, timeout=WAIT_MS)
    await expect(first.get_by_test_id("unread-badge")).to_have_text("1")
    await expect(tab_count(page, "open")).to_have_text("4", timeout=WAIT_MS)
    await page.locator("input[name=inbox_search]").fill("ana sou")
    await expect(page.get_by_test_id("conversation-item")).to_have_count(1, timeout=WAIT_MS)
    await expect(item(page, ana)).to_contain_text(ORDER_QUESTION)


async def reply_with_canned_response(page: Page) -> None:
    await expect(page.get_by_test_id("contact-panel-name")).to_have_text(
        "Ana Souza", timeout=WAIT_MS
    )
    inbound = page.locator("[data-testid=thread-message][data-direction=inbound]")
    await expect(inbound.locator(".thread-message__bubble")).to_have_text(
        ORDER_QUESTION, timeout=WAIT_MS
    )
    box = page.get_by_test_id("reply-input")
    await box.click()
    await box.press_sequentially("/tha")
    option = page.locator("[data-testid=canned-option][data-shortcut=thanks]")
    await expect(option).to_be_visible(timeout=WAIT_MS)
    await expect(option).to_have_attribute("aria-selected", "true")
    await box.press("Enter")
    await expect(page.get_by_test_id("canned-picker")).to_have_count(0)
    await expect(box).to_have_value(CANNED_FILLED)
    await box.press("Enter")
    sent = page.locator(
        "[data-testid=thread-message][data-direction=outbound]", has_text=CANNED_FILLED
    )
    # "sent" comes from the workflow's delivery activity, pushed over the inbox socket.
    await expect(sent).to_have_attribute("data-status", "sent", timeout=WAIT_MS)
    await expect(sent.get_by_test_id("message-tick")).to_have_text("✓")
    await expect(sent.get_by_test_id("message-tick")).to_have_attribute("aria-label", "Sent")
    await expect(box).to_have_value("")


async def add_note(page: Page) -> None:
    await page.get_by_test_id("composer-mode-note").click()
    await expect(page.get_by_test_id("composer")).to_have_attribute("data-mode", "note")
    box = page.get_by_test_id("reply-input")
    await box.fill("VIP customer: check the courier first ")
    await page.get_by_test_id("emoji-open").click()
    await page.get_by_test_id("emoji-option").nth(24).click()
    await expect(box).to_have_value("VIP customer: check the courier first 👍")
    await box.press("Enter")
    note = page.get_by_test_id("thread-note")
    await expect(note).to_contain_text("VIP customer: check the courier first 👍", timeout=WAIT_MS)
    await expect(note).to_contain_text("Test Agent")
    # Interleaved by time: after the reply it was written about.
    last = page.locator(".thread__list > li").last
    await expect(last).to_have_attribute("data-testid", "thread-note")
    await page.get_by_test_id("composer-mode-reply").click()


def tiny_png() -> bytes:
    """A real 2x2 PNG, so the browser decodes what the attachment route serves."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 2, 2, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00" + b"\xff\x00\x00" * 2 + b"\x00" + b"\x00\x00\xff" * 2)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


async def send_a_picture(page: Page) -> None:
    await page.get_by_test_id("attach-input").set_input_files(
        files=FilePayload(name="label.png", mimeType="image/png", buffer=tiny_png())
    )
    await expect(page.get_by_test_id("attachment-draft")).to_contain_text(
        "label.png", timeout=WAIT_MS
    )
    box = page.get_by_test_id("reply-input")
    await box.fill("The shipping label")
    await box.press("Enter")
    sent = page.locator("[data-testid=thread-message][data-kind=media]")
    await expect(sent).to_have_attribute("data-status", "sent", timeout=WAIT_MS)
    await expect(sent).to_contain_text("The shipping label")
    await expect(page.get_by_test_id("attachment-draft")).to_have_count(0)
    # The image is served by the attachment route with the session cookie, and decodes.
    image = sent.locator("img.message-image")
    await expect(image).to_have_attribute("src", re.compile(r"^/api/attachments/[0-9a-f-]{36}$"))
    await expect(image).to_have_js_property("naturalWidth", 2, timeout=WAIT_MS)


async def assign_label_and_snooze(page: Page, ana: str) -> None:
    await page.get_by_test_id("assign-me").click()
    await expect(page.get_by_test_id("assign-me")).to_have_count(0, timeout=WAIT_MS)
    await expect(item(page, ana).get_by_test_id("assignee-avatar")).to_have_text("TA")
    await expect(page.get_by_test_id("assign-select").locator("option:checked")).to_have_text(
        "Test Agent (me)"
    )

    label = page.get_by_test_id("labels-editor").locator("input[name=label]")
    await label.fill("VIP, Delivery")
    await label.press("Enter")
    await expect(page.get_by_test_id("conversation-label")).to_have_count(2, timeout=WAIT_MS)
    await expect(item(page, ana).locator(".chip--label")).to_have_text(["delivery", "vip"])

    await page.get_by_test_id("snooze-open").click()
    await page.locator("[data-testid=snooze-preset][data-preset=tomorrow]").click()
    header = page.get_by_test_id("thread-header")
    await expect(header).to_have_attribute("data-status", "snoozed", timeout=WAIT_MS)
    await expect(page.get_by_test_id("thread-status")).to_contain_text("Snoozed until")
    # The list shows open conversations: the snoozed one leaves it, and the counts follow.
    await expect(item(page, ana)).to_have_count(0, timeout=WAIT_MS)
    await expect(tab_count(page, "snoozed")).to_have_text("1", timeout=WAIT_MS)
    await expect(tab_count(page, "open")).to_have_text("3", timeout=WAIT_MS)
    await page.locator("[data-testid=status-tab][data-status=snoozed]").click()
    await expect(item(page, ana)).to_be_visible(timeout=WAIT_MS)


async def wake_hand_over_close_and_reopen(page: Page, ana: str) -> None:
    header = page.get_by_test_id("thread-header")
    await page.get_by_test_id("unsnooze").click()
    await expect(header).to_have_attribute("data-status", "open", timeout=WAIT_MS)
    await expect(item(page, ana)).to_have_count(0, timeout=WAIT_MS)
    await expect(tab_count(page, "snoozed")).to_have_text("0", timeout=WAIT_MS)

    await page.get_by_test_id("mode-bot").click()
    await expect(header).to_have_attribute("data-mode", "bot", timeout=WAIT_MS)
    await expect(page.get_by_test_id("mode-human")).to_have_text("Take over")
    await page.get_by_test_id("mode-human").click()
    await expect(header).to_have_attribute("data-mode", "human", timeout=WAIT_MS)

    await page.get_by_test_id("close").click()
    await expect(header).to_have_attribute("data-status", "closed", timeout=WAIT_MS)
    await expect(tab_count(page, "closed")).to_have_text("1", timeout=WAIT_MS)
    await page.get_by_test_id("reopen").click()
    await expect(header).to_have_attribute("data-status", "open", timeout=WAIT_MS)
    await expect(tab_count(page, "closed")).to_have_text("0", timeout=WAIT_MS)


async def template_only_outside_the_window(page: Page, base: str, carla: str) -> None:
    await page.goto(f"{base}/inbox/{carla}")
    await expect(page.get_by_test_id("thread-title")).to_have_text("Carla Dias", timeout=WAIT_MS)
    composer = page.get_by_test_id("composer")
    await expect(composer).to_have_attribute("data-window", "closed")
    await expect(page.get_by_test_id("window-closed")).to_contain_text(
        "The 24-hour window closed at"
    )
    await expect(page.get_by_test_id("reply-input")).to_have_count(0)
    await page.get_by_test_id("template-select").select_option(label="order_update (pt_BR)")
    variables = page.get_by_test_id("template-variable")
    await expect(variables).to_have_count(2)
    send = page.get_by_test_id("template-send")
    await expect(send).to_be_disabled()
    await variables.nth(0).fill("Carla")
    await variables.nth(1).fill("1234")
    await expect(page.get_by_test_id("template-preview-body")).to_have_text(
        "Olá Carla, seu pedido 1234 está a caminho."
    )
    await expect(send).to_be_enabled()
    # A private note needs no window.
    await page.get_by_test_id("composer-mode-note").click()
    await expect(page.get_by_test_id("reply-input")).to_be_visible()


async def read_in_portuguese(page: Page, tmp_path: Path) -> None:
    await page.get_by_test_id("language-select").select_option("pt-BR")
    await expect(page.locator("html")).to_have_attribute("lang", "pt-BR")
    await page.get_by_test_id("composer-mode-reply").click()
    await expect(page.get_by_test_id("window-closed")).to_contain_text(
        "A janela de 24 horas fechou em", timeout=WAIT_MS
    )
    await page.get_by_test_id("template-select").select_option(label="order_update (pt_BR)")
    await expect(page.get_by_test_id("template-preview")).to_contain_text("Prévia")
    await expect(page.get_by_test_id("template-composer")).to_contain_text(
        "Preencha mais 2 campos."
    )
    await expect(page.get_by_test_id("template-send")).to_have_text("Enviar modelo")
    await expect(page.locator("[data-testid=status-tab][data-status=open]")).to_contain_text(
        "Abertas"
    )
    await expect(page.get_by_test_id("close")).to_contain_text("Encerrar")
    await expect(page.get_by_test_id("snooze-open")).to_contain_text("Adiar")
    await page.screenshot(path=tmp_path / "inbox-pt-BR.png", full_page=True)


async def test_agent_works_the_inbox(
    sqlite_app: Harness, new_page: NewPage, page_errors: list[str], tmp_path: Path
) -> None:
    app = sqlite_app
    base = app.base_url
    account = await create_workspace(app.services.sessions, role=Role.agent)
    client = await app.login(account)
    ana = await visitor_conversation(app, account, client, ORDER_QUESTION, "Ana Souza")
    bruno = await visitor_conversation(app, account, client, SHIPPING_QUESTION, "Bruno Lima")
    carla = await whatsapp_past_its_window(app, account)

    page = await new_page()
    dialogs = Dialogs(page)
    await log_in(page, base, account)
    await manage_canned_responses(page, base, dialogs)
    await page.get_by_test_id("nav-inbox").click()
    await filter_the_list(app, account, page, ana, bruno, carla)
    await item(page, ana).click()
    await expect(page).to_have_url(f"{base}/inbox/{ana}", timeout=WAIT_MS)
    await reply_with_canned_response(page)
    await add_note(page)
    await send_a_picture(page)
    await assign_label_and_snooze(page, ana)
    await wake_hand_over_close_and_reopen(page, ana)
    await template_only_outside_the_window(page, base, carla)
    await read_in_portuguese(page, tmp_path)
    assert page_errors == []
