"""Two businesses sign up in the browser, each invites an agent by e-mail, and they stay apart."""

import email
import email.message
import email.policy
import re
import uuid
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.async_api import Page, expect

from tests.e2e.conftest import NewPage
from tests.support.harness import Harness

pytestmark = pytest.mark.browser

# Each wait is an explicit deadline on an outcome, never a fixed sleep.
WAIT_MS = 20_000
PASSWORD = "correct horse battery"
INVITE_LINK = re.compile(r"https?://\S+/invite/[\w\-.~%]+")


@dataclass(frozen=True)
class Business:
    workspace_name: str
    owner_name: str
    owner_email: str
    agent_name: str
    agent_email: str


def business(label: str) -> Business:
    # The SQLite database lives for the whole session: every run needs addresses of its own.
    run = uuid.uuid4().hex[:8]
    return Business(
        workspace_name=f"{label} {run}",
        owner_name=f"{label} Owner",
        owner_email=f"owner-{label.lower()}-{run}@example.com",
        agent_name=f"{label} Agent",
        agent_email=f"agent-{label.lower()}-{run}@example.com",
    )


async def sign_up(page: Page, base_url: str, account: Business) -> None:
    await page.goto(f"{base_url}/signup")
    await page.locator("input[name=full_name]").fill(account.owner_name)
    await page.locator("input[name=email]").fill(account.owner_email)
    await page.locator("input[name=password]").fill(PASSWORD)
    await page.locator("input[name=workspace_name]").fill(account.workspace_name)
    await page.locator("button[type=submit]").click()
    await expect(page).to_have_url(f"{base_url}/inbox", timeout=WAIT_MS)
    await expect(page.get_by_test_id("current-user")).to_contain_text(
        account.workspace_name, timeout=WAIT_MS
    )


async def invite_agent(page: Page, base_url: str, address: str) -> None:
    await page.goto(f"{base_url}/settings/team")
    form = page.get_by_test_id("invite-form")
    await form.locator("input[name=email]").fill(address, timeout=WAIT_MS)
    await form.locator("select[name=role]").select_option("agent")
    await form.locator("button[type=submit]").click()
    # The API writes the e-mail before it answers, so the listed row means the .eml is there.
    await expect(
        page.locator(f"[data-testid=invitation-row][data-email='{address}']")
    ).to_be_visible(timeout=WAIT_MS)


def invitation_link(app: Harness, address: str) -> str:
    """The link in the one e-mail the outbox holds for `address`, its body decoded (the .eml
    is quoted-printable, whose soft line breaks could split a long link)."""
    folder: Path = app.settings.data_dir / "outbox"
    sent = []
    for path in sorted(folder.glob("*.eml")):
        message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
        assert isinstance(message, email.message.EmailMessage)
        if str(message["To"]).lower() == address.lower():
            sent.append(message)
    assert len(sent) == 1, f"{len(sent)} e-mails to {address}"
    body = sent[0].get_body(preferencelist=("plain",))
    assert body is not None
    found = INVITE_LINK.search(body.get_content())
    assert found is not None, body.get_content()
    link = found.group(0)
    assert link.startswith(f"{app.base_url}/invite/"), link
    return link


async def accept_invitation(page: Page, base_url: str, link: str, account: Business) -> None:
    await page.goto(link)
    await expect(page.get_by_test_id("invite-workspace")).to_have_text(
        account.workspace_name, timeout=WAIT_MS
    )
    await expect(page.get_by_test_id("invite-email")).to_have_text(account.agent_email)
    await page.locator("input[name=full_name]").fill(account.agent_name)
    await page.locator("input[name=password]").fill(PASSWORD)
    await page.get_by_test_id("invite-accept").click()
    await expect(page).to_have_url(f"{base_url}/inbox", timeout=WAIT_MS)
    await expect(page.get_by_test_id("current-user")).to_contain_text(
        account.workspace_name, timeout=WAIT_MS
    )


async def assert_agent_cannot_manage(page: Page, base_url: str) -> None:
    # The profile entry is always there: once it shows, the sidebar is complete.
    await expect(page.get_by_test_id("nav-profile")).to_be_visible(timeout=WAIT_MS)
    await expect(page.get_by_test_id("nav-inbox")).to_be_visible()
    for hidden in ("nav-apiKeys", "nav-audit"):
        await expect(page.get_by_test_id(hidden)).to_have_count(0)

    # Agents read the team but manage nothing on it.
    await page.get_by_test_id("nav-team").click()
    await expect(page).to_have_url(f"{base_url}/settings/team", timeout=WAIT_MS)
    await expect(page.get_by_test_id("member-row").first).to_be_visible(timeout=WAIT_MS)
    await expect(page.get_by_test_id("invite-form")).to_have_count(0)
    await expect(page.get_by_test_id("member-remove")).to_have_count(0)
    await expect(page.locator("[data-testid=member-row] select")).to_have_count(0)

    await page.goto(f"{base_url}/settings/api-keys")
    await expect(page.get_by_test_id("no-access")).to_be_visible(timeout=WAIT_MS)


async def assert_team_is(page: Page, base_url: str, emails: set[str], strangers: set[str]) -> None:
    """The team page lists exactly `emails`, and none of the other business's people."""
    await page.goto(f"{base_url}/settings/team")
    rows = page.get_by_test_id("member-row")
    for address in emails:
        await expect(
            page.locator(f"[data-testid=member-row][data-email='{address}']")
        ).to_be_visible(timeout=WAIT_MS)
    await expect(rows).to_have_count(len(emails))
    for address in strangers:
        await expect(page.locator(f"[data-email='{address}']")).to_have_count(0)
    listed = await rows.evaluate_all("rows => rows.map(row => row.dataset.email)")
    assert set(listed) == emails, listed


async def test_two_businesses_sign_up_invite_agents_and_stay_apart(
    sqlite_app: Harness, new_page: NewPage, page_errors: list[str]
) -> None:
    app = sqlite_app
    base = app.base_url
    first, second = business("Acme"), business("Globex")

    owners: list[Page] = []
    for account in (first, second):
        owner = await new_page()
        await sign_up(owner, base, account)
        await invite_agent(owner, base, account.agent_email)
        owners.append(owner)

    agents: list[Page] = []
    for account in (first, second):
        agent = await new_page()
        await accept_invitation(agent, base, invitation_link(app, account.agent_email), account)
        await assert_agent_cannot_manage(agent, base)
        agents.append(agent)

    people = {
        account.workspace_name: {account.owner_email, account.agent_email}
        for account in (first, second)
    }
    for account, other, owner, agent in (
        (first, second, owners[0], agents[0]),
        (second, first, owners[1], agents[1]),
    ):
        mine, theirs = people[account.workspace_name], people[other.workspace_name]
        await assert_team_is(owner, base, mine, theirs)
        await assert_team_is(agent, base, mine, theirs)

    assert page_errors == []
