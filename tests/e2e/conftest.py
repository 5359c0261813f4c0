"""Playwright in Debian chromium: one browser per run, a fresh context (cookies, storage) per page.

Locally a missing chromium or an unbuilt UI skips the browser tests; with CI=true it fails them.
"""

from collections.abc import AsyncIterator, Awaitable, Callable, Generator
from pathlib import Path

import pytest
from playwright.async_api import Browser, Page, async_playwright

from domain.settings import Settings
from tests.support.services import in_ci

CHROMIUM = Path("/usr/bin/chromium")
# Never `playwright install`: it downloads a browser, which fails on these machines.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

NewPage = Callable[[], Awaitable[Page]]

_FAILED = pytest.StashKey[bool]()


def require_browser() -> None:
    # The same lookup as the harness's make_settings: FLUXO_UI_DIST wins over the repo's ui/dist.
    index = Settings(_env_file=None).ui_dist / "index.html"
    missing = [str(path) for path in (CHROMIUM, index) if not path.is_file()]
    if not missing:
        return
    message = f"browser tests need {' and '.join(missing)}"
    hint = "(apt-get install -y chromium; cd ui && npm ci && npm run build)"
    if in_ci():
        pytest.fail(f"{message}, and CI=true makes them mandatory {hint}", pytrace=False)
    pytest.skip(f"{message} {hint}")


@pytest.fixture(scope="session")
async def browser() -> AsyncIterator[Browser]:
    require_browser()
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        await browser.close()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    report = yield
    if report.when == "call" and report.failed:
        item.stash[_FAILED] = True
    return report


@pytest.fixture
def page_errors() -> list[str]:
    """Uncaught JavaScript errors of the pages `new_page` opened, for tests to assert on."""
    return []


@pytest.fixture
async def new_page(
    browser: Browser, request: pytest.FixtureRequest, tmp_path: Path, page_errors: list[str]
) -> AsyncIterator[NewPage]:
    """Opens pages that share nothing, as two people on two machines. A failed test leaves a
    screenshot and a trace of each in its tmp_path (`playwright show-trace failure-page-1.zip`)."""
    pages: list[Page] = []

    async def open_page() -> Page:
        context = await browser.new_context(viewport={"width": 1280, "height": 800})
        await context.tracing.start(screenshots=True, snapshots=True)
        page = await context.new_page()
        page.on("pageerror", lambda error: page_errors.append(f"{page.url}: {error}"))
        pages.append(page)
        return page

    yield open_page
    failed = request.node.stash.get(_FAILED, False)
    for number, page in enumerate(pages, start=1):
        if failed:
            await page.screenshot(path=tmp_path / f"failure-page-{number}.png", full_page=True)
        await page.context.tracing.stop(
            path=tmp_path / f"failure-page-{number}.zip" if failed else None
        )
        await page.context.close()
