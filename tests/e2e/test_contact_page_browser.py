"""A marketer works one contact at a time (create, edit, tag, note, merge, erase), then tends the
workspace's custom fields, suppression list and segments in Portuguese."""

import asyncio
import time
from typing import Any

import httpx
import pytest
from playwright.async_api import Dialog, Locator, Page, expect

from domain.enums import Role
from tests.e2e.conftest import NewPage
from tests.e2e.test_contacts_browser import log_in
from tests.factories import WorkspaceFixture, create_workspace
from tests.support.harness import Harness

pytestmark = pytest.mark.browser

# Each wait is an explicit deadline on an outcome, never a fixed sleep.
WAIT_MS = 20_000
ERASE_WAIT_S = 30.0


class Dialogs:
    """Answers the page's confirm and prompt dialogs as a person would. Playwright dismisses them
    by default, which is the person pressing Cancel: the button would seem to do nothing."""

    def __init__(self, page: Page) -> None:
        self.asked: list[str] = []
        self.answers: list[str] = []
        page.on("dialog", self._answer)

    async def _answer(self, dialog: Dialog) -> None:
        self.asked.append(dialog.message)
        if dialog.type == "prompt":
            await dialog.accept(self.answers.pop(0))
        else:
            await dialog.accept()


async def api_post(client: httpx.AsyncClient, path: str, body: dict[str, Any]) -> dict[str, Any]:
    response = await client.post(path, json=body)
    assert response.status_code in (200, 201), response.text
    answer: dict[str, Any] = response.json()
    return answer


async def create_contact(client: httpx.AsyncClient, **fields: Any) -> str:
    answer = await api_post(client, "/api/contacts", fields)
    contact_id: str = answer["contact"]["id"]
    return contact_id


async def create_field(
    client: httpx.AsyncClient, label: str, key: str, kind: str, options: list[str]
) -> None:
    await api_post(
        client,
        "/api/custom-fields",
        {"label": label, "key": key, "type": kind, "options": options},
    )


def timeline(page: Page, kind: str, text: str | None = None) -> Locator:
    entries = page.locator(f"[data-testid=timeline-entry][data-kind={kind}]")
    return entries.filter(has_text=text) if text is not None else entries


async def create_in_form(page: Page, base: str) -> str:
    """The New contact form: a phone that is none is refused on its field; then a good one."""
    await page.get_by_test_id("nav-contacts").click()
    await page.get_by_test_id("new-contact").click()
    form = page.get_by_test_id("new-contact-form")
    await form.locator("input[name=name]").fill("Ana Souza")
    phone = form.locator("input[name=phone]")
    await phone.fill("123")
    await form.get_by_test_id("new-contact-submit").click()
    await expect(phone).to_have_attribute("aria-invalid", "true", timeout=WAIT_MS)
    message = form.locator(".field:has(input[name=phone]) .field__error")
    await expect(message).to_contain_text("not a valid number")
    assert await message.get_attribute("id") == await phone.get_attribute("aria-describedby")
    await expect(page).to_have_url(f"{base}/contacts")

    await phone.fill("+5581990000101")
    await form.get_by_test_id("new-contact-submit").click()
    await expect(page.get_by_test_id("contact-title")).to_have_text("Ana Souza", timeout=WAIT_MS)
    contact_id = await page.get_by_test_id("contact-page").get_attribute("data-id")
    assert contact_id is not None
    await expect(page).to_have_url(f"{base}/contacts/{contact_id}")
    await expect(page.locator("input[name=phone]")).to_have_value("+5581990000101")
    await expect(timeline(page, "created")).to_have_count(1, timeout=WAIT_MS)
    return contact_id


async def edit_details(page: Page) -> None:
    form = page.get_by_test_id("contact-form")
    await form.locator("input[name=source]").fill("Trade fair")
    await form.locator("input[name='custom.city']").fill("Recife")
    await form.get_by_test_id("contact-save").click()
    await expect(form.get_by_role("status")).to_have_text("Saved.", timeout=WAIT_MS)
    await expect(timeline(page, "updated", "Changed Source, city")).to_have_count(
        1, timeout=WAIT_MS
    )

    owner = page.locator("select[name=owner_user_id]")
    await expect(owner.locator("option", has_text="Test Agent")).to_have_count(1, timeout=WAIT_MS)
    await owner.select_option(label="Test Agent")
    await form.get_by_test_id("contact-save").click()
    await expect(timeline(page, "updated", "Changed Owner")).to_have_count(1, timeout=WAIT_MS)
    # Nothing left unsaved: the button waits for the next change.
    await expect(form.get_by_test_id("contact-save")).to_be_disabled()


async def tag_and_note(page: Page, dialogs: Dialogs) -> None:
    tags = page.get_by_test_id("contact-tags")
    await tags.locator("input[name=tag]").fill("VIP, lead")
    await tags.get_by_test_id("contact-tag-form").locator("button[type=submit]").click()
    await expect(tags.get_by_test_id("contact-tag")).to_have_count(2, timeout=WAIT_MS)
    await (
        tags.locator("[data-testid=contact-tag][data-tag=lead]")
        .get_by_test_id("contact-tag-remove")
        .click()
    )
    await expect(tags.get_by_test_id("contact-tag")).to_have_count(1, timeout=WAIT_MS)
    # Tags are stored lower-cased.
    await expect(tags.locator("[data-testid=contact-tag][data-tag=vip]")).to_be_visible()
    await expect(timeline(page, "tag_added")).to_have_count(2, timeout=WAIT_MS)
    await expect(timeline(page, "tag_removed", "lead")).to_have_count(1, timeout=WAIT_MS)

    notes = page.get_by_test_id("contact-notes")
    await notes.locator("textarea[name=note]").fill("Called about the trial; call back Monday.")
    await notes.get_by_test_id("contact-note-form").locator("button[type=submit]").click()
    note = notes.get_by_test_id("contact-note")
    await expect(note.locator(".note__text")).to_have_text(
        "Called about the trial; call back Monday.", timeout=WAIT_MS
    )
    await expect(timeline(page, "note_added")).to_have_count(1, timeout=WAIT_MS)
    await note.get_by_test_id("contact-note-delete").click()
    await expect(note).to_have_count(0, timeout=WAIT_MS)
    assert dialogs.asked[-1] == "Delete this note?", dialogs.asked
    # Only that a note was added stays in the history; its text went with it.
    await expect(timeline(page, "note_added")).to_have_count(1)
    await expect(page.get_by_test_id("contact-timeline")).not_to_contain_text("call back Monday")


async def merge_in(page: Page, other_id: str) -> None:
    await page.get_by_test_id("contact-merge").click()
    dialog = page.get_by_test_id("merge-dialog")
    await dialog.locator("input[name=merge_q]").fill("ana.souza@")
    candidate = dialog.locator(f"[data-testid=merge-candidate][data-id='{other_id}']")
    await expect(candidate).to_be_visible(timeout=WAIT_MS)
    confirm = dialog.get_by_test_id("merge-confirm")
    await expect(confirm).to_be_disabled()
    await candidate.locator("input[type=radio]").check()
    await expect(confirm).to_have_text("Merge Ana S. (newsletter) into this contact")
    await confirm.click()
    await expect(dialog).to_have_count(0, timeout=WAIT_MS)
    # The survivor took the other's e-mail (it had none) and its tags; its own name stays.
    await expect(page.locator("input[name=email]")).to_have_value("ana.souza@example.com")
    await expect(page.get_by_test_id("contact-title")).to_have_text("Ana Souza")
    for tag in ("vip", "newsletter"):
        await expect(page.locator(f"[data-testid=contact-tag][data-tag={tag}]")).to_be_visible()
    await expect(timeline(page, "merged", "Merged with Ana S. (newsletter)")).to_have_count(
        1, timeout=WAIT_MS
    )


async def erase(page: Page, base: str, contact_id: str) -> None:
    await page.get_by_test_id("contact-erase").click()
    dialog = page.get_by_test_id("erase-dialog")
    confirm = dialog.get_by_test_id("erase-confirm")
    await dialog.locator("input[name=erase_confirm]").fill("Ana")
    await expect(confirm).to_be_disabled()
    await dialog.locator("input[name=erase_confirm]").fill("Ana Souza")
    await confirm.click()
    await expect(page).to_have_url(f"{base}/contacts", timeout=WAIT_MS)

    # The worker erases in the background: a person refreshes until the row is gone.
    row = page.locator(f"[data-testid=contact-row][data-id='{contact_id}']")
    bystander = page.locator("[data-testid=contact-row]", has_text="Bruno Lima")
    deadline = time.monotonic() + ERASE_WAIT_S
    while True:
        await expect(bystander).to_be_visible(timeout=WAIT_MS)
        if await row.count() == 0:
            break
        assert time.monotonic() < deadline, "the erased contact is still listed"
        await asyncio.sleep(0.5)
        await page.reload()
    await page.goto(f"{base}/contacts/{contact_id}")
    await expect(page.get_by_test_id("contact-not-found")).to_be_visible(timeout=WAIT_MS)


async def test_marketer_creates_edits_merges_and_erases_a_contact(
    sqlite_app: Harness, new_page: NewPage, page_errors: list[str]
) -> None:
    app = sqlite_app
    base = app.base_url
    account = await create_workspace(app.services.sessions, role=Role.marketer)
    client = await app.login(account)
    await create_field(client, "City", "city", "text", [])
    other_id = await create_contact(
        client, name="Ana S. (newsletter)", email="ana.souza@example.com", tags=["newsletter"]
    )
    await create_contact(client, name="Bruno Lima", phone="+5581990000102")

    page = await new_page()
    dialogs = Dialogs(page)
    await log_in(page, base, account)
    contact_id = await create_in_form(page, base)
    await edit_details(page)
    await tag_and_note(page, dialogs)

    # What was saved is what a fresh load shows.
    await page.reload()
    await expect(page.locator("input[name=source]")).to_have_value("Trade fair", timeout=WAIT_MS)
    await expect(page.locator("input[name='custom.city']")).to_have_value("Recife")
    await expect(page.locator("select[name=owner_user_id] option:checked")).to_have_text(
        "Test Agent"
    )

    await merge_in(page, other_id)
    await erase(page, base, contact_id)
    assert page_errors == []


async def edit_custom_fields(page: Page, base: str, dialogs: Dialogs) -> None:
    await page.get_by_test_id("nav-customFields").click()
    await expect(page).to_have_url(f"{base}/settings/custom-fields", timeout=WAIT_MS)
    await expect(page.get_by_role("heading", name="Campos personalizados")).to_be_visible()
    plan = page.locator("[data-testid=custom-field-row][data-key=plan]")
    await expect(plan).to_contain_text("Escolha única", timeout=WAIT_MS)
    edit = plan.get_by_test_id("custom-field-edit-open")
    await expect(edit).to_have_text("Editar")
    await edit.click()

    row = page.get_by_test_id("custom-field-edit")
    await row.get_by_label("Rótulo").fill("Plano")
    await row.get_by_label("Opções").fill("Básico\nPro\n\nEnterprise\npro")
    save = row.get_by_test_id("custom-field-save")
    await expect(save).to_have_text("Salvar")
    await save.click()
    await expect(row).to_have_count(0, timeout=WAIT_MS)
    await expect(plan.locator("strong")).to_have_text("Plano")
    # Blank lines and repeats (in any case) are dropped.
    await expect(plan.locator(".chip")).to_have_text(["Básico", "Pro", "Enterprise"])

    nickname = page.locator("[data-testid=custom-field-row][data-key=nickname]")
    delete = nickname.get_by_test_id("custom-field-delete")
    await expect(delete).to_have_text("Excluir")
    await delete.click()
    await expect(nickname).to_have_count(0, timeout=WAIT_MS)
    assert dialogs.asked[-1] == "Excluir o campo “Nickname”?", dialogs.asked

    await page.reload()
    await expect(plan.locator("strong")).to_have_text("Plano", timeout=WAIT_MS)
    await expect(plan.locator(".chip")).to_have_text(["Básico", "Pro", "Enterprise"])
    await expect(nickname).to_have_count(0)


async def edit_suppressions(page: Page, base: str, dialogs: Dialogs) -> None:
    await page.get_by_test_id("nav-suppressions").click()
    await expect(page).to_have_url(f"{base}/settings/suppressions", timeout=WAIT_MS)
    await expect(page.get_by_role("heading", name="Lista de supressão")).to_be_visible()
    await expect(page.get_by_text("A lista está vazia.")).to_be_visible(timeout=WAIT_MS)
    form = page.get_by_test_id("suppression-form")
    await form.locator("select[name=kind]").select_option("email")
    await form.get_by_label("Telefone ou e-mail").fill("  Carla.Dias@Example.COM ")
    await form.get_by_label("Motivo").fill("Pediu por telefone")
    submit = form.locator("button[type=submit]")
    await expect(submit).to_have_text("Adicionar")
    await submit.click()

    row = page.locator("[data-testid=suppression-row][data-value='carla.dias@example.com']")
    await expect(row).to_be_visible(timeout=WAIT_MS)
    await expect(row).to_contain_text("Pediu por telefone")
    await expect(row.locator("td").nth(1)).to_have_text("E-mail")
    await expect(page.get_by_test_id("suppression-row")).to_have_count(1)
    remove = row.get_by_test_id("suppression-remove")
    await expect(remove).to_have_text("Remover")
    await remove.click()
    await expect(page.get_by_test_id("suppression-row")).to_have_count(0, timeout=WAIT_MS)
    assert dialogs.asked[-1] == "Remover carla.dias@example.com da lista de supressão?"
    await page.reload()
    await expect(page.get_by_text("A lista está vazia.")).to_be_visible(timeout=WAIT_MS)


async def edit_segments(page: Page, dialogs: Dialogs) -> None:
    await page.get_by_test_id("nav-contacts").click()
    count = page.get_by_test_id("contacts-count")
    await expect(count).to_have_attribute("data-count", "3", timeout=WAIT_MS)
    segments = page.get_by_test_id("segments")
    await expect(segments).to_contain_text("Nenhum segmento salvo ainda.")
    builder = page.get_by_test_id("filter-builder")
    await builder.get_by_test_id("filter-add-condition").first.click()
    await builder.get_by_test_id("filter-tag").fill("lead")
    await expect(count).to_have_attribute("data-count", "2", timeout=WAIT_MS)

    form = page.get_by_test_id("segment-form")
    await form.locator("input[name=segment_name]").fill("Leads")
    await form.locator("button[type=submit]").click()
    item = page.locator("[data-testid=segment-item][data-name='Leads']")
    await expect(item).to_be_visible(timeout=WAIT_MS)
    await expect(segments.get_by_role("status")).to_have_text("Segmento “Leads” salvo.")

    dialogs.answers.append("Leads quentes")
    rename = item.get_by_test_id("segment-rename")
    await expect(rename).to_have_text("Renomear")
    await rename.click()
    renamed = page.locator("[data-testid=segment-item][data-name='Leads quentes']")
    await expect(renamed).to_be_visible(timeout=WAIT_MS)
    await expect(item).to_have_count(0)
    assert dialogs.asked[-1] == "Novo nome para “Leads”", dialogs.asked
    # No stale "“Leads” saved" under a segment that is no longer called that.
    await expect(segments.get_by_role("status")).to_have_count(0)

    await renamed.get_by_test_id("segment-delete").click()
    await expect(page.get_by_test_id("segment-item")).to_have_count(0, timeout=WAIT_MS)
    assert dialogs.asked[-1] == "Excluir o segmento “Leads quentes”? Os contatos são mantidos."
    await expect(segments).to_contain_text("Nenhum segmento salvo ainda.")
    await expect(segments.get_by_role("status")).to_have_count(0)
    # The segment is gone on the server too, and the contacts stay.
    await page.reload()
    await expect(count).to_have_attribute("data-count", "3", timeout=WAIT_MS)
    await expect(segments).to_contain_text("Nenhum segmento salvo ainda.")


async def test_marketer_manages_fields_suppressions_and_segments_in_portuguese(
    sqlite_app: Harness, new_page: NewPage, page_errors: list[str]
) -> None:
    app = sqlite_app
    base = app.base_url
    account: WorkspaceFixture = await create_workspace(app.services.sessions, role=Role.marketer)
    client = await app.login(account)
    await create_field(client, "Plan", "plan", "single_select", ["Basic", "Pro"])
    await create_field(client, "Nickname", "nickname", "text", [])
    await create_contact(client, name="Davi Rocha", phone="+5511990000201", tags=["lead"])
    await create_contact(client, name="Elisa Melo", phone="+5511990000202", tags=["lead"])
    await create_contact(client, name="Fábio Nunes", phone="+5521990000203", tags=["customer"])

    page = await new_page()
    dialogs = Dialogs(page)
    await log_in(page, base, account)
    await page.get_by_test_id("language-select").select_option("pt-BR")
    await expect(page.locator("html")).to_have_attribute("lang", "pt-BR")

    await edit_custom_fields(page, base, dialogs)
    await edit_suppressions(page, base, dialogs)
    await edit_segments(page, dialogs)
    assert page_errors == []
