"""A marketer imports contacts, fixes the failed rows, segments them, exports and opts one out."""

import csv
import io
from pathlib import Path

import pytest
from playwright.async_api import Page, expect

from domain.enums import Role
from tests.e2e.conftest import NewPage
from tests.factories import WorkspaceFixture, create_workspace
from tests.support.harness import Harness

pytestmark = pytest.mark.browser

# Each wait is an explicit deadline on an outcome, never a fixed sleep.
WAIT_MS = 20_000
IMPORT_WAIT_MS = 60_000

HEADER = ["name", "phone", "email", "city", "tags"]
GOOD_ROWS = [
    ["Ana Souza", "+5581990000001", "ana@example.com", "Recife", "lead"],
    ["Bruno Lima", "+5581990000002", "bruno@example.com", "Recife", "lead"],
    ["Carla Dias", "+5581990000003", "carla@example.com", "Recife", "customer"],
    ["Davi Rocha", "+5511990000004", "davi@example.com", "São Paulo", "lead"],
    ["Elisa Melo", "+5511990000005", "elisa@example.com", "São Paulo", "customer"],
    ["Fábio Nunes", "+5521990000006", "fabio@example.com", "Rio de Janeiro", "lead"],
    ["Gabi Torres", "+5581990000007", "gabi@example.com", "Recife", "lead"],
    ["Hugo Alves", "+5581990000008", "hugo@example.com", "Olinda", "lead"],
    ["Iara Costa", "+5511990000009", "iara@example.com", "São Paulo", "lead"],
    ["João Pinto", "+5521990000010", "joao@example.com", "Rio de Janeiro", "customer"],
]
# Two rows the import must refuse: a phone too short to be one, an e-mail without an @.
BAD_ROWS = [
    ["Kátia Ramos", "123", "katia@example.com", "Recife", "lead"],
    ["Lucas Prado", "+5581990000012", "lucas(at)example.com", "Recife", "lead"],
]
FIXES = {"Kátia Ramos": ("phone", "+5581990000011"), "Lucas Prado": ("email", "lucas@example.com")}
RECIFE_LEADS = {"Ana Souza", "Bruno Lima", "Gabi Torres", "Kátia Ramos", "Lucas Prado"}


def write_csv(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as file:
        writer = csv.writer(file)
        writer.writerow(header)
        writer.writerows(rows)
    return path


async def log_in(page: Page, base_url: str, account: WorkspaceFixture) -> None:
    await page.goto(f"{base_url}/login")
    await page.locator("input[name=email]").fill(account.email)
    await page.locator("input[name=password]").fill(account.password)
    await page.locator("button[type=submit]").click()
    await expect(page.get_by_test_id("nav-contacts")).to_be_visible(timeout=WAIT_MS)


async def define_custom_field(page: Page, base_url: str) -> None:
    await page.get_by_test_id("nav-customFields").click()
    await expect(page).to_have_url(f"{base_url}/settings/custom-fields", timeout=WAIT_MS)
    form = page.get_by_test_id("custom-field-form")
    await form.locator("input[name=label]").fill("City")
    # The key follows the label until edited.
    await expect(form.locator("input[name=key]")).to_have_value("city")
    await form.locator("select[name=type]").select_option("text")
    await form.locator("button[type=submit]").click()
    await expect(page.locator("[data-testid=custom-field-row][data-key=city]")).to_be_visible(
        timeout=WAIT_MS
    )


async def import_file(
    page: Page, csv_path: Path, mapping: dict[str, str], rows: int
) -> tuple[str, str, str]:
    """Uploads, maps and starts a file, then waits for its end: created, updated, errors."""
    upload = page.get_by_test_id("import-upload")
    await upload.locator("input[type=file]").set_input_files(csv_path)
    await upload.locator("button[type=submit]").click()
    mapping_form = page.get_by_test_id("import-mapping")
    await expect(mapping_form).to_be_visible(timeout=WAIT_MS)
    await expect(page.get_by_test_id("import-total-rows")).to_contain_text(str(rows))
    for column, target in mapping.items():
        await mapping_form.locator(f"select[name='mapping.{column}']").select_option(target)
    await expect(page.get_by_test_id("mapping-problem")).to_have_count(0)
    await page.get_by_test_id("import-start").click()
    progress = page.get_by_test_id("import-progress")
    await expect(progress).to_be_visible(timeout=WAIT_MS)
    await expect(progress).to_have_attribute("data-status", "completed", timeout=IMPORT_WAIT_MS)
    await expect(page.get_by_test_id("import-processed")).to_contain_text(f"{rows} of {rows}")
    await expect(page.get_by_role("progressbar")).to_have_attribute("aria-valuenow", "100")
    return (
        await page.get_by_test_id("import-created").inner_text(),
        await page.get_by_test_id("import-updated").inner_text(),
        await page.get_by_test_id("import-errors").inner_text(),
    )


async def download_text(page: Page, test_id: str) -> tuple[str, str]:
    async with page.expect_download(timeout=WAIT_MS) as started:
        await page.get_by_test_id(test_id).click()
    download = await started.value
    saved = await download.path()
    return download.suggested_filename, Path(saved).read_text(encoding="utf-8-sig")


def fixed_report(report: str) -> tuple[list[str], list[list[str]]]:
    """The error report with each refused row corrected, as a person would in a spreadsheet."""
    rows = list(csv.reader(io.StringIO(report)))
    header, body = rows[0], [row for row in rows[1:] if row]
    assert header[: len(HEADER)] == HEADER, header
    assert sorted(row[0] for row in body) == sorted(FIXES), body
    for row in body:
        column, value = FIXES[row[0]]
        row[HEADER.index(column)] = value
    return header, body


async def build_segment(page: Page, name: str) -> None:
    builder = page.get_by_test_id("filter-builder")
    await builder.get_by_test_id("filter-add-condition").first.click()
    await builder.get_by_test_id("filter-tag").fill("lead")
    await builder.get_by_test_id("filter-add-condition").first.click()
    second = builder.get_by_test_id("filter-condition").nth(1)
    await second.get_by_test_id("filter-subject").select_option("custom:city")
    await second.get_by_test_id("filter-operator").select_option("equals")
    await second.get_by_test_id("filter-value").fill("Recife")
    count = page.get_by_test_id("contacts-count")
    await expect(count).to_have_attribute("data-count", str(len(RECIFE_LEADS)), timeout=WAIT_MS)
    await expect(page.get_by_test_id("contact-row")).to_have_count(len(RECIFE_LEADS))

    form = page.get_by_test_id("segment-form")
    await form.locator("input[name=segment_name]").fill(name)
    await form.locator("button[type=submit]").click()
    await expect(page.locator(f"[data-testid=segment-item][data-name='{name}']")).to_be_visible(
        timeout=WAIT_MS
    )
    await expect(page.get_by_test_id("segment-error")).to_have_count(0)
    # The saved segment is selected, so its count is what the page shows.
    await expect(count).to_have_attribute("data-count", str(len(RECIFE_LEADS)), timeout=WAIT_MS)


async def test_marketer_imports_fixes_segments_exports_and_opts_out(
    sqlite_app: Harness, new_page: NewPage, page_errors: list[str], tmp_path: Path
) -> None:
    app = sqlite_app
    base = app.base_url
    account = await create_workspace(app.services.sessions, role=Role.marketer)
    page = await new_page()
    await log_in(page, base, account)
    await define_custom_field(page, base)

    # A dozen rows, two of them invalid: ten contacts and an error report.
    await page.get_by_test_id("nav-contacts").click()
    await page.get_by_test_id("contacts-import").click()
    await expect(page).to_have_url(f"{base}/contacts/import", timeout=WAIT_MS)
    first = write_csv(tmp_path / "leads.csv", HEADER, GOOD_ROWS + BAD_ROWS)
    mapping = {
        "name": "name",
        "phone": "phone",
        "email": "email",
        "city": "custom:city",
        "tags": "tags",
    }
    created, updated, failed = await import_file(page, first, mapping, rows=12)
    assert (created, updated, failed) == ("10", "0", "2")

    filename, report = await download_text(page, "import-error-report")
    assert filename.endswith(".csv"), filename
    header, fixed_rows = fixed_report(report)

    # The fixed report goes back through the wizard; its extra `error` column is not imported.
    await page.get_by_test_id("import-another").click()
    second = write_csv(tmp_path / "leads-fixed.csv", header, fixed_rows)
    extra = {column: "ignore" for column in header if column not in HEADER}
    created, updated, failed = await import_file(page, second, {**mapping, **extra}, rows=2)
    assert (created, updated, failed) == ("2", "0", "0")
    await expect(page.get_by_test_id("import-error-report")).to_have_count(0)
    await expect(page.get_by_test_id("recent-import")).to_have_count(2, timeout=WAIT_MS)

    await page.get_by_test_id("nav-contacts").click()
    await expect(page.get_by_test_id("contacts-count")).to_have_attribute(
        "data-count", "12", timeout=WAIT_MS
    )
    await build_segment(page, "Recife leads")

    filename, exported = await download_text(page, "contacts-export")
    assert filename.endswith(".csv"), filename
    rows = list(csv.DictReader(io.StringIO(exported)))
    assert {row["name"] for row in rows} == RECIFE_LEADS, rows

    # Ana opts out of WhatsApp, and her number goes on the suppression list.
    await (
        page.locator("[data-testid=contact-row]", has_text="Ana Souza").get_by_role("link").click()
    )
    await expect(page.get_by_test_id("contact-title")).to_have_text("Ana Souza", timeout=WAIT_MS)
    whatsapp = page.locator("[data-testid=consent-row][data-channel=whatsapp]")
    await expect(whatsapp).to_have_attribute("data-status", "unknown")
    await page.get_by_test_id("consent-suppress").check()
    await whatsapp.get_by_test_id("consent-opt-out").click()
    await expect(whatsapp).to_have_attribute("data-status", "opted_out", timeout=WAIT_MS)
    await expect(page.get_by_test_id("contact-suppressed")).to_contain_text("+5581990000001")
    await expect(
        page.locator("[data-testid=timeline-entry][data-kind=consent_changed]")
    ).to_have_count(1, timeout=WAIT_MS)

    assert page_errors == []
