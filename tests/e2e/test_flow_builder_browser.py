"""A marketer builds a chatbot on the canvas: steps dragged from the palette (and one clicked in),
connected by their handles, filled in the side panel; publishing an incomplete flow shows the
problems on the steps and fields; fixed, it publishes as version 1 and the list shows it live.
Undo/redo, copy/paste, auto-layout and the saved draft are exercised on the way; the builder
then reads in Portuguese."""

import re
from pathlib import Path

import pytest
from playwright.async_api import Locator, Page, expect

from domain.enums import Role
from tests.e2e.conftest import NewPage
from tests.e2e.test_contact_page_browser import Dialogs
from tests.factories import WorkspaceFixture, create_workspace
from tests.support.harness import Harness

pytestmark = pytest.mark.browser

# Each wait is an explicit deadline on an outcome, never a fixed sleep.
WAIT_MS = 20_000

GREETING = "Hi! You are on the {{vars.plan}} plan."
QUESTION = "What is your e-mail?"


def node(page: Page, node_type: str) -> Locator:
    return page.locator(f"[data-testid=flow-node][data-node-type={node_type}]")


def card(page: Page, node_id: str) -> Locator:
    return page.locator(f"[data-testid=flow-node][data-node-id='{node_id}']")


def handle(page: Page, node_id: str, kind: str, output: str | None = None) -> Locator:
    """A node's input (`target`) or one of its outputs (`source`, by name)."""
    selector = f".react-flow__handle.{kind}[data-nodeid='{node_id}']"
    if output is not None:
        selector += f"[data-handleid='{output}']"
    return page.locator(selector)


async def center(locator: Locator) -> tuple[float, float]:
    box = await locator.bounding_box()
    assert box is not None, "the element is not on screen"
    return box["x"] + box["width"] / 2, box["y"] + box["height"] / 2


async def log_in(page: Page, base: str, account: WorkspaceFixture) -> None:
    await page.goto(f"{base}/login")
    await page.locator("input[name=email]").fill(account.email)
    await page.locator("input[name=password]").fill(account.password)
    await page.locator("button[type=submit]").click()
    await expect(page.get_by_test_id("nav-flows")).to_be_visible(timeout=WAIT_MS)


async def drag_from_palette(page: Page, node_type: str, x: float, y: float) -> str:
    """Drags a palette step to (x, y) on the canvas with the mouse; returns the new node's id."""
    before = await node(page, node_type).count()
    item = page.locator(f"[data-testid=palette-item][data-node-type={node_type}]")
    await item.drag_to(page.get_by_test_id("flow-canvas"), target_position={"x": x, "y": y})
    await expect(node(page, node_type)).to_have_count(before + 1, timeout=WAIT_MS)
    new_id = await node(page, node_type).last.get_attribute("data-node-id")
    assert new_id
    return new_id


async def connect(page: Page, source_id: str, output: str, target_id: str) -> None:
    """Draws an edge from an output handle to a node's input, as a person drags it."""
    edges = page.locator(".react-flow__edge")
    before = await edges.count()
    start_x, start_y = await center(handle(page, source_id, "source", output))
    end_x, end_y = await center(handle(page, target_id, "target"))
    await page.mouse.move(start_x, start_y)
    await page.mouse.down()
    await page.mouse.move((start_x + end_x) / 2, (start_y + end_y) / 2, steps=8)
    await page.mouse.move(end_x, end_y, steps=8)
    await page.mouse.up()
    await expect(edges).to_have_count(before + 1, timeout=WAIT_MS)


async def select_node(page: Page, node_id: str) -> Locator:
    """Clicks a card; its properties open in the side panel."""
    await card(page, node_id).locator(".flow-node__header").click()
    panel = page.locator(f"[data-testid=node-panel][data-node-id='{node_id}']")
    await expect(panel).to_be_visible(timeout=WAIT_MS)
    return panel


async def create_flow(page: Page, base: str) -> str:
    await page.get_by_test_id("nav-flows").click()
    await expect(page).to_have_url(f"{base}/flows", timeout=WAIT_MS)
    await expect(page.get_by_text("No flows yet.")).to_be_visible(timeout=WAIT_MS)
    form = page.get_by_test_id("flow-create")
    await form.locator("button[type=submit]").click()
    await expect(form.locator("input[name=name]")).to_have_attribute("aria-invalid", "true")
    await form.locator("input[name=name]").fill("Lead qualification")
    await form.locator("input[name=description]").fill("Asks for the e-mail, then hands over")
    await form.locator("button[type=submit]").click()
    await expect(page).to_have_url(re.compile(rf"{base}/flows/[0-9a-f-]{{36}}$"), timeout=WAIT_MS)
    await expect(node(page, "start")).to_have_count(1, timeout=WAIT_MS)
    return page.url.rsplit("/", 1)[1]


async def build_the_flow(page: Page) -> dict[str, str]:
    """Two steps dragged in, one clicked in; start → message → question; fields filled."""
    # The start sits in the middle of the canvas: the message goes above-left, the question below.
    send = await drag_from_palette(page, "send_message", 40, 50)
    ask = await drag_from_palette(page, "ask_question", 40, 500)
    await page.locator("[data-testid=palette-item][data-node-type=end]").click()
    await expect(node(page, "end")).to_have_count(1, timeout=WAIT_MS)
    end = await node(page, "end").get_attribute("data-node-id")
    assert end
    # The view followed the new step below the start; "fit view" shows all of them again.
    await page.locator(".react-flow__controls-fitview").click()
    # A new message has no text yet: the card says it needs filling in.
    await expect(node(page, "send_message")).to_have_class(re.compile("flow-node--incomplete"))

    panel = await select_node(page, send)
    text = panel.locator("textarea[name='content.text']")
    await text.fill("")
    await expect(panel.get_by_test_id("field-error").first).to_have_text("Required.")
    await text.fill(GREETING)
    await expect(node(page, "send_message").get_by_test_id("node-summary")).to_contain_text(
        "You are on the {{vars.plan}} plan."
    )

    panel = await select_node(page, ask)
    await panel.locator("textarea[name='prompt.text']").fill(QUESTION)
    await panel.locator("select[name=expect]").select_option("email")
    variable = panel.locator("input[name=save_to_variable]")
    await variable.fill("E-mail")
    await expect(variable).to_have_attribute("aria-invalid", "true")
    await variable.fill("email")
    await expect(variable).not_to_have_attribute("aria-invalid", "true")
    await expect(node(page, "ask_question").get_by_test_id("node-summary")).to_contain_text(
        "Answer: E-mail"
    )

    await connect(page, "start", "next", send)
    await connect(page, send, "next", ask)
    return {"send": send, "ask": ask, "end": end}


async def add_keyword_trigger(page: Page) -> None:
    await page.get_by_test_id("flow-tab-triggers").click()
    await page.get_by_test_id("add-trigger-keyword").click()
    trigger = page.locator("[data-testid=trigger][data-trigger-type=keyword]")
    await trigger.locator("input[name='triggers.0.keywords']").fill("oi, hello")
    await trigger.locator("select[name='triggers.0.match']").select_option("contains")
    await trigger.locator("input[name='triggers.0.channels.webchat']").check()
    await expect(node(page, "start")).to_contain_text("Keyword: oi, hello")


async def publish_refused(page: Page, ids: dict[str, str]) -> None:
    """The end step is not connected and `plan` is never set: both show where they are."""
    await page.get_by_test_id("flow-publish").click()
    await expect(page.get_by_test_id("flow-notice")).to_contain_text(
        "Not published", timeout=WAIT_MS
    )
    end = card(page, ids["end"])
    await expect(end).to_have_class(re.compile("flow-node--problem"))
    await expect(end.get_by_test_id("node-problem")).to_have_text(
        "No path from the start reaches this step."
    )
    send = card(page, ids["send"])
    await expect(send.get_by_test_id("node-problem")).to_have_text(
        "The variable “plan” is used before any step sets it."
    )
    # On the field, too: the message's content is where the variable is used.
    panel = await select_node(page, ids["send"])
    await expect(panel.locator("select[name='content.kind']")).to_have_attribute(
        "aria-invalid", "true"
    )


async def undo_copy_paste_and_layout(page: Page, ids: dict[str, str]) -> None:
    edges = page.locator(".react-flow__edge")
    # The publish notice took some of the canvas's height: "fit view" brings every step back in.
    await page.locator(".react-flow__controls-fitview").click()
    await connect(page, ids["ask"], "answered", ids["end"])
    await page.locator(".react-flow__pane").click(position={"x": 40, "y": 40})
    await page.keyboard.press("Control+z")
    await expect(edges).to_have_count(2)
    await page.keyboard.press("Control+Shift+z")
    await expect(edges).to_have_count(3)
    await page.get_by_test_id("flow-undo").click()
    await expect(edges).to_have_count(2)
    await page.get_by_test_id("flow-redo").click()
    await expect(edges).to_have_count(3)

    # The message and the question, copied and pasted: new steps, with the edge between them.
    await select_node(page, ids["send"])
    await card(page, ids["ask"]).click(modifiers=["Control"])
    await expect(page.locator(".react-flow__node.selected")).to_have_count(2)
    await page.keyboard.press("Control+c")
    await page.keyboard.press("Control+v")
    await expect(page.get_by_test_id("flow-node")).to_have_count(6)
    await expect(edges).to_have_count(4)
    pasted = await page.locator(".react-flow__node.selected").evaluate_all(
        "nodes => nodes.map(n => n.dataset.id)"
    )
    assert len(pasted) == 2 and not set(pasted) & set(ids.values()), pasted
    await page.keyboard.press("Delete")
    await expect(page.get_by_test_id("flow-node")).to_have_count(4)
    await expect(edges).to_have_count(3)

    # The two steps dropped one above the other end up in columns, left to right along the flow.
    async def left(node_id: str) -> float:
        box = await card(page, node_id).bounding_box()
        assert box is not None
        return box["x"]

    assert await left(ids["send"]) == await left(ids["ask"])
    await page.get_by_test_id("flow-layout").click()
    order = [await left(node_id) for node_id in ("start", ids["send"], ids["ask"], ids["end"])]
    assert order == sorted(order) and len(set(order)) == 4, order


async def fix_and_publish(page: Page) -> None:
    await page.get_by_test_id("flow-tab-variables").click()
    await page.get_by_test_id("add-variable").click()
    await page.locator("input[name='variables.0.name']").fill("plan")
    await page.locator("input[name='variables.0.default']").fill("free")
    await page.get_by_test_id("flow-save").click()
    await expect(page.get_by_test_id("flow-dirty")).to_have_attribute(
        "data-dirty", "false", timeout=WAIT_MS
    )
    await page.get_by_test_id("flow-publish").click()
    await expect(page.get_by_test_id("flow-notice")).to_have_text(
        "Version 1 published.", timeout=WAIT_MS
    )
    await expect(page.get_by_test_id("node-problem")).to_have_count(0)
    await page.get_by_test_id("flow-tab-versions").click()
    await expect(page.locator("[data-testid=version][data-version='1']")).to_be_visible(
        timeout=WAIT_MS
    )


async def draft_survives_a_reload(page: Page, ids: dict[str, str]) -> None:
    await page.reload()
    await expect(page.get_by_test_id("flow-node")).to_have_count(4, timeout=WAIT_MS)
    await expect(page.locator(".react-flow__edge")).to_have_count(3)
    summary = card(page, ids["ask"])
    await expect(summary).to_contain_text(QUESTION)
    await expect(page.get_by_test_id("flow-dirty")).to_have_attribute("data-dirty", "false")


async def listed_and_activated(page: Page, base: str) -> None:
    await page.get_by_test_id("flow-back").click()
    await expect(page).to_have_url(f"{base}/flows", timeout=WAIT_MS)
    row = page.locator("[data-testid=flow-row][data-flow-name='Lead qualification']")
    await expect(row.get_by_test_id("flow-version")).to_have_text("v1", timeout=WAIT_MS)
    await expect(row.get_by_test_id("flow-status")).to_have_attribute("data-status", "inactive")
    await row.get_by_test_id("flow-toggle").click()
    await expect(row.get_by_test_id("flow-status")).to_have_attribute(
        "data-status", "active", timeout=WAIT_MS
    )


async def chat_in_preview(page: Page) -> None:
    await page.get_by_test_id("flow-tab-preview").click()
    await page.get_by_test_id("preview-start").click()
    composer = page.locator("input[name=preview-text]")
    await composer.fill("oi")
    await composer.press("Enter")
    bot = page.locator("[data-testid=preview-message][data-direction=outbound]")
    await expect(bot.first).to_contain_text("You are on the free plan.", timeout=WAIT_MS)
    await expect(bot.nth(1)).to_contain_text(QUESTION, timeout=WAIT_MS)
    # The run so far, over the canvas: start → message → question.
    await page.get_by_test_id("preview-show-run").click()
    await expect(page.get_by_test_id("run-steps")).to_be_visible(timeout=WAIT_MS)
    for node_type in ("start", "send_message", "ask_question"):
        await expect(node(page, node_type)).to_have_class(re.compile("flow-node--path"))


async def drop_off_of_the_previews(page: Page) -> None:
    """The preview's one run, counted per step: it went on from the start and stopped at the
    question (it waits for the answer); the end step is never reached and only counts."""
    await page.get_by_test_id("flow-tab-runs").click()
    panel = page.get_by_test_id("dropoff-panel")
    await panel.locator("select[name=dropoff_version]").select_option(label="Preview runs")
    await panel.get_by_test_id("dropoff-show").click()
    start = node(page, "start").get_by_test_id("node-traffic")
    await expect(start).to_have_attribute("data-entered", "1", timeout=WAIT_MS)
    await expect(start).to_have_text("Entered: 1 · Drop-off: 0%")
    await expect(node(page, "ask_question").get_by_test_id("node-traffic")).to_have_text(
        "Entered: 1 · Drop-off: 100%"
    )
    await expect(node(page, "end").get_by_test_id("node-traffic")).to_have_text("Entered: 0")
    await panel.get_by_test_id("dropoff-hide").click()
    await expect(page.get_by_test_id("node-traffic")).to_have_count(0)


async def read_in_portuguese(page: Page, base: str, flow_id: str, tmp_path: Path) -> None:
    await page.get_by_test_id("language-select").select_option("pt-BR")
    await expect(page.locator("html")).to_have_attribute("lang", "pt-BR")
    await expect(page.get_by_role("heading", name="Fluxos de chatbot")).to_be_visible()
    await page.goto(f"{base}/flows/{flow_id}")
    await expect(page.get_by_test_id("flow-publish")).to_have_text("Publicar", timeout=WAIT_MS)
    await expect(page.get_by_test_id("flow-palette")).to_contain_text("Fazer uma pergunta")
    await expect(node(page, "ask_question")).to_contain_text("Resposta: E-mail")
    await page.screenshot(path=tmp_path / "flow-builder-pt-BR.png", full_page=True)


async def test_marketer_builds_and_publishes_a_flow(
    sqlite_app: Harness, new_page: NewPage, page_errors: list[str], tmp_path: Path
) -> None:
    app = sqlite_app
    base = app.base_url
    account = await create_workspace(app.services.sessions, role=Role.marketer)

    page = await new_page()
    Dialogs(page)
    await log_in(page, base, account)
    flow_id = await create_flow(page, base)
    ids = await build_the_flow(page)
    await add_keyword_trigger(page)
    await publish_refused(page, ids)
    await undo_copy_paste_and_layout(page, ids)
    await fix_and_publish(page)
    await draft_survives_a_reload(page, ids)
    await chat_in_preview(page)
    await drop_off_of_the_previews(page)
    await listed_and_activated(page, base)
    await read_in_portuguese(page, base, flow_id, tmp_path)
    assert page_errors == []


PALETTE = (
    "send_message",
    "ask_question",
    "condition",
    "split",
    "delay",
    "jump",
    "set_field",
    "tag",
    "set_variable",
    "http_request",
    "ai_reply",
    "ai_classify",
    "handoff",
    "end",
)


async def split_must_add_up(page: Page, panel: Locator) -> None:
    """The split's branches must add up to 100: the panel says so as soon as they do not."""
    await panel.locator("input[name='branches.0.percent']").fill("70")
    await expect(panel.get_by_test_id("split-total")).to_have_text(
        "The percentages must add up to 100 (now 120)."
    )
    await expect(node(page, "split")).to_contain_text("A · 70%")


async def test_every_step_type_adds_and_edits(
    sqlite_app: Harness, new_page: NewPage, page_errors: list[str]
) -> None:
    """Each palette step can be clicked in and opened in the side panel; a draft whose steps
    miss required fields is not sent, and says why."""
    app = sqlite_app
    account = await create_workspace(app.services.sessions, role=Role.marketer)
    client = await app.login(account)
    created = await client.post("/api/flows", json={"name": "Every step"})
    assert created.status_code == 201, created.text
    flow_id = created.json()["id"]

    page = await new_page()
    dialogs = Dialogs(page)
    await log_in(page, app.base_url, account)
    await page.goto(f"{app.base_url}/flows/{flow_id}")
    await expect(node(page, "start")).to_have_count(1, timeout=WAIT_MS)
    palette = page.get_by_test_id("flow-palette")
    for node_type in PALETTE:
        await palette.locator(f"[data-testid=palette-item][data-node-type={node_type}]").click()
        panel = page.locator(f"[data-testid=node-panel][data-node-type={node_type}]")
        await expect(panel).to_be_visible(timeout=WAIT_MS)
        await expect(node(page, node_type)).to_have_count(1)
        if node_type == "split":
            await split_must_add_up(page, panel)
    await expect(page.get_by_test_id("flow-node")).to_have_count(len(PALETTE) + 1)

    await page.get_by_test_id("flow-save").click()
    await expect(page.get_by_test_id("flow-notice")).to_have_text(
        "Some steps have fields to fix (dashed outline) before the draft can be saved."
    )
    stored = await client.get(f"/api/flows/{flow_id}")
    assert len(stored.json()["draft"]["nodes"]) == 1

    # Leaving with unsaved changes asks first (the person here says yes).
    await page.get_by_test_id("flow-back").click()
    await expect(page).to_have_url(f"{app.base_url}/flows", timeout=WAIT_MS)
    assert dialogs.asked == ["You have unsaved changes. Leave without saving them?"]
    assert page_errors == []
