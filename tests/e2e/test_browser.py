"""A visitor on a website and an agent in the inbox, chatting in two real browsers."""

from pathlib import Path

import pytest
from playwright.async_api import Locator, Page, expect

from tests.e2e.conftest import NewPage
from tests.factories import WorkspaceFixture, create_workspace
from tests.support.harness import Harness

pytestmark = pytest.mark.browser

# Each wait is an explicit deadline on an outcome, never a fixed sleep.
WAIT_MS = 20_000


async def open_widget(page: Page, base_url: str, account: WorkspaceFixture) -> None:
    await page.goto(f"{base_url}/widget-demo.html?key={account.channel_key}&lang=en")
    # CSS locators pierce the widget's open shadow root.
    await page.locator("[data-testid=fluxo-widget-bubble]").click(timeout=WAIT_MS)
    await expect(page.locator("[data-testid=fluxo-widget-input]")).to_be_visible(timeout=WAIT_MS)


def widget_message(page: Page, text: str, direction: str) -> Locator:
    return page.locator(
        f"[data-testid=fluxo-widget-message][data-direction={direction}]", has_text=text
    )


async def send_from_widget(page: Page, text: str) -> None:
    await page.locator("[data-testid=fluxo-widget-input]").fill(text)
    await page.locator("[data-testid=fluxo-widget-send]").click()
    # "received" is the server's status: the widget saw the stored message (socket or history).
    await expect(widget_message(page, text, "inbound")).to_have_attribute(
        "data-status", "received", timeout=WAIT_MS
    )


async def log_in(page: Page, base_url: str, account: WorkspaceFixture) -> None:
    await page.goto(f"{base_url}/login")
    await page.locator("input[name=email]").fill(account.email)
    await page.locator("input[name=password]").fill(account.password)
    await page.locator("button[type=submit]").click()
    await expect(page).to_have_url(f"{base_url}/inbox", timeout=WAIT_MS)


def thread_message(page: Page, text: str, direction: str) -> Locator:
    return page.locator(f"[data-testid=thread-message][data-direction={direction}]", has_text=text)


async def reply_from_inbox(page: Page, text: str) -> None:
    await page.locator("[data-testid=reply-input]").fill(text)
    await page.locator("[data-testid=reply-send]").click()
    # "sent" comes from the workflow's delivery activity, pushed over the inbox socket.
    await expect(thread_message(page, text, "outbound")).to_have_attribute(
        "data-status", "sent", timeout=WAIT_MS
    )


async def mark_loaded(page: Page) -> None:
    """Tags the loaded document; a reload or full navigation would drop the tag."""
    await page.evaluate("window.fluxoE2eLoad = 'original'")


async def assert_not_reloaded(page: Page) -> None:
    assert await page.evaluate("window.fluxoE2eLoad") == "original", f"{page.url} was reloaded"


async def test_widget_chat_with_agent_updates_both_pages_live(
    sqlite_app: Harness, new_page: NewPage, page_errors: list[str], tmp_path: Path
) -> None:
    app = sqlite_app
    account = await create_workspace(app.services.sessions)
    first, reply, second = "Hi, is the blue kettle in stock?", "Yes, two left!", "Great, thanks"

    visitor = await new_page()
    await open_widget(visitor, app.base_url, account)
    await send_from_widget(visitor, first)

    agent = await new_page()
    await log_in(agent, app.base_url, account)
    await expect(agent.locator("[data-testid=live-status][data-state=open]")).to_be_visible(
        timeout=WAIT_MS
    )
    conversation = agent.locator("[data-testid=conversation-item]", has_text=first)
    await conversation.click(timeout=WAIT_MS)
    await expect(thread_message(agent, first, "inbound")).to_be_visible(timeout=WAIT_MS)
    await mark_loaded(visitor)
    await mark_loaded(agent)
    await reply_from_inbox(agent, reply)

    # Neither page reloads: both sides learn of new messages over their sockets.
    await expect(widget_message(visitor, reply, "outbound")).to_be_visible(timeout=WAIT_MS)
    await send_from_widget(visitor, second)
    await expect(thread_message(agent, second, "inbound")).to_be_visible(timeout=WAIT_MS)
    await expect(agent.locator("[data-testid=thread-message]")).to_have_count(3, timeout=WAIT_MS)
    await assert_not_reloaded(visitor)
    await assert_not_reloaded(agent)

    await visitor.screenshot(path=tmp_path / "visitor.png")
    await agent.screenshot(path=tmp_path / "agent.png")
    assert page_errors == []


async def test_inbox_opened_anonymously_redirects_to_login(
    sqlite_app: Harness, new_page: NewPage, page_errors: list[str]
) -> None:
    page = await new_page()
    await page.goto(f"{sqlite_app.base_url}/inbox")
    await expect(page).to_have_url(f"{sqlite_app.base_url}/login", timeout=WAIT_MS)
    await expect(page.locator("input[name=email]")).to_be_visible(timeout=WAIT_MS)
    assert page_errors == []
