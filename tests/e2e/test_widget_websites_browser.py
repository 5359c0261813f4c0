"""The web chat snippet pasted on a customer's website: another origin than Fluxo's.

The host page is served by its own server at http://localhost:<port>, while the app is at
http://127.0.0.1:<port>: another host and port, so the browser applies its cross-origin rules
to everything the widget does (a page Fluxo serves itself would prove nothing about them).
"""

import html
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import pytest
from playwright.async_api import ConsoleMessage, Page, expect
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse
from starlette.routing import Route
from temporalio.client import Client

from infra.ratelimit import InProcessRateLimiter
from tests.e2e.conftest import NewPage
from tests.e2e.test_browser import (
    WAIT_MS,
    assert_not_reloaded,
    log_in,
    mark_loaded,
    send_from_widget,
    widget_message,
)
from tests.factories import WorkspaceFixture, create_workspace
from tests.support.harness import Harness, make_settings, running_app
from tests.support.local_server import serving
from tests.support.waiting import eventually

pytestmark = pytest.mark.browser


@asynccontextmanager
async def customer_website(snippet: str) -> AsyncIterator[str]:
    """A plain shop page with the snippet pasted before </body>; yields its origin."""

    async def page(request: Request) -> HTMLResponse:
        return HTMLResponse(
            "<!doctype html><html lang='pt-BR'><head><meta charset='utf-8'>"
            "<link rel='icon' href='data:,'><title>Loja da Ana</title></head>"
            "<body><h1>Loja da Ana</h1>"
            f"<p>Chaleiras e bules.</p>{snippet}</body></html>"
        )

    async with serving(Starlette(routes=[Route("/", page)])) as url:
        yield url.replace("http://127.0.0.1:", "http://localhost:")


async def snippet_from_channels_page(page: Page, base_url: str, account: WorkspaceFixture) -> str:
    await log_in(page, base_url, account)
    await page.goto(f"{base_url}/channels")
    snippet = page.locator("[data-testid=channel-snippet]")
    await expect(snippet).to_be_visible(timeout=WAIT_MS)
    # As the person copies it: the text shown, entities and all resolved.
    return html.unescape(await snippet.inner_text())


def console_errors(page: Page) -> list[str]:
    """What the browser logs when it blocks a request (CORS, refused socket)."""
    errors: list[str] = []

    def keep(message: ConsoleMessage) -> None:
        if message.type == "error":
            errors.append(message.text)

    page.on("console", keep)
    return errors


async def open_bubble(page: Page, url: str) -> None:
    await page.goto(url)
    await page.locator("[data-testid=fluxo-widget-bubble]").click(timeout=WAIT_MS)
    await expect(page.locator("[data-testid=fluxo-widget-input]")).to_be_visible(timeout=WAIT_MS)


async def conversation_of(agent: Any) -> str:
    async def found() -> str | None:
        data = (await agent.get("/api/conversations")).json()["data"]
        return str(data[0]["id"]) if data else None

    return await eventually(found)


async def test_snippet_on_another_website_chats_with_an_agent_live(
    sqlite_app: Harness, new_page: NewPage, page_errors: list[str]
) -> None:
    app = sqlite_app
    account = await create_workspace(app.services.sessions)
    owner = await new_page()
    snippet = await snippet_from_channels_page(owner, app.base_url, account)
    assert snippet.startswith(f'<script src="{app.base_url}/widget.js"')

    async with customer_website(snippet) as shop:
        assert shop.split(":")[:2] != app.base_url.split(":")[:2]
        visitor = await new_page()
        blocked = console_errors(visitor)
        await open_bubble(visitor, shop)
        assert await visitor.evaluate("location.origin") == shop
        await expect(visitor.locator("[data-testid=fluxo-widget-notice]")).to_be_hidden(
            timeout=WAIT_MS
        )
        await send_from_widget(visitor, "Oi! A chaleira azul ainda está disponível?")
        await mark_loaded(visitor)

        agent = await app.login(account)
        conversation_id = await conversation_of(agent)
        reply = await agent.post(
            f"/api/conversations/{conversation_id}/messages",
            json={"text": "Sim, temos duas em estoque!"},
        )
        assert reply.status_code == 202, reply.text

        # Over the widget's socket to Fluxo, from the shop's page: no reload, no polling.
        await expect(
            widget_message(visitor, "Sim, temos duas em estoque!", "outbound")
        ).to_be_visible(timeout=WAIT_MS)
        await send_from_widget(visitor, "Ótimo, obrigada")
        await assert_not_reloaded(visitor)
        assert blocked == []
    assert page_errors == []


async def test_channel_with_allowed_websites_refuses_another_website(
    sqlite_app: Harness, new_page: NewPage, page_errors: list[str]
) -> None:
    app = sqlite_app
    account = await create_workspace(app.services.sessions)
    owner = await new_page()
    snippet = await snippet_from_channels_page(owner, app.base_url, account)

    # The owner restricts the chat to the shop's real website on the Channels page.
    await owner.locator("[data-testid=allowed-websites-edit]").click()
    websites = owner.locator("[data-testid=allowed-websites-input]")
    await websites.fill("shop.example.com.br")
    await owner.locator("[data-testid=allowed-websites-save]").click()
    await expect(owner.locator("[data-testid=allowed-websites-errors]")).to_contain_text(
        "must start with https:// or http://", timeout=WAIT_MS
    )
    await websites.fill("https://Shop.Example.com.br/")
    await owner.locator("[data-testid=allowed-websites-save]").click()
    await expect(owner.locator("[data-testid=allowed-website]")).to_have_text(
        ["https://shop.example.com.br"], timeout=WAIT_MS
    )

    async with customer_website(snippet) as elsewhere:
        visitor = await new_page()
        await open_bubble(visitor, elsewhere)
        await expect(visitor.locator("[data-testid=fluxo-widget-notice]")).to_have_text(
            "Chat is unavailable right now.", timeout=WAIT_MS
        )
        await visitor.locator("[data-testid=fluxo-widget-input]").fill("Alguém aí?")
        await visitor.locator("[data-testid=fluxo-widget-send]").click()
        await expect(widget_message(visitor, "Alguém aí?", "inbound")).to_have_attribute(
            "data-status", "failed", timeout=WAIT_MS
        )
        agent = await app.login(account)
        assert (await agent.get("/api/conversations")).json()["data"] == []

        # Listing this website lets the same page in.
        await owner.reload()
        await owner.locator("[data-testid=allowed-websites-edit]").click()
        await websites.fill(f"https://shop.example.com.br\n{elsewhere}")
        await owner.locator("[data-testid=allowed-websites-save]").click()
        await expect(owner.locator("[data-testid=allowed-website]")).to_have_count(
            2, timeout=WAIT_MS
        )
        admitted = await new_page()
        await open_bubble(admitted, elsewhere)
        await send_from_widget(admitted, "Agora foi!")
    assert page_errors == []


class ManualClock:
    """The rate limiter's clock, moved by the test instead of waiting out a real minute."""

    def __init__(self) -> None:
        self.now = 1_000.0

    def __call__(self) -> float:
        return self.now


async def test_throttled_message_stays_pending_and_goes_out_after_retry_after(
    tmp_path: Path, sqlite_url: str, temporal_client: Client, new_page: NewPage
) -> None:
    settings = make_settings(tmp_path, sqlite_url, FLUXO_WIDGET_MESSAGES_PER_VISITOR_PER_MINUTE=1)
    async with running_app(settings, temporal_client) as app:
        clock = ManualClock()
        app.services.rate_limiter = InProcessRateLimiter(clock=clock)
        account = await create_workspace(app.services.sessions)
        agent = await app.login(account)
        snippet = (await agent.get(f"/api/channels/{account.channel_id}")).json()["widget_snippet"]
        async with customer_website(snippet) as shop:
            visitor = await new_page()
            # The widget's own waiting runs on a clock the test moves too.
            await visitor.clock.install()
            await open_bubble(visitor, shop)
            await send_from_widget(visitor, "Primeira mensagem")

            second = widget_message(visitor, "Segunda mensagem", "inbound")
            await visitor.locator("[data-testid=fluxo-widget-input]").fill("Segunda mensagem")
            await visitor.locator("[data-testid=fluxo-widget-send]").click()
            # Refused with 429 from another origin: the widget read Retry-After and waits.
            await expect(visitor.locator("[data-testid=fluxo-widget-notice]")).to_have_text(
                "Many messages at once: yours will be sent in a moment.", timeout=WAIT_MS
            )
            await expect(second).to_have_attribute("data-status", "pending")

            # Leaving the page does not lose it: the next page view sends it again.
            await visitor.reload()
            await visitor.locator("[data-testid=fluxo-widget-bubble]").click(timeout=WAIT_MS)
            await expect(second).to_have_attribute("data-status", "pending", timeout=WAIT_MS)

            clock.now += 61
            await visitor.clock.fast_forward(62_000)
            await expect(second).to_have_attribute("data-status", "received", timeout=WAIT_MS)
            await expect(visitor.locator("[data-testid=fluxo-widget-notice]")).to_be_hidden()

        conversation_id = await conversation_of(agent)
        stored = (await agent.get(f"/api/conversations/{conversation_id}/messages")).json()
        assert [message["text"] for message in stored["data"]] == [
            "Primeira mensagem",
            "Segunda mensagem",
        ]
