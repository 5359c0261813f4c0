"""The import store on SQLite and PostgreSQL: files read by offset, batches applied once."""

import io
import uuid
from pathlib import Path

import pytest
from sqlalchemy import func
from sqlmodel import col, select

from domain.enums import ChannelKind, ConsentStatus, CustomFieldType, ImportStatus, SuppressionKind
from domain.imports import BatchProgress, ConsentToRecord, ImportOptions
from infra.file_storage import FileTooLarge, LocalFileStorage
from stores.contacts.import_files import UnreadableFile
from stores.contacts.imports import ContactImportStore
from stores.tables.contacts import (
    Contact,
    ContactConsent,
    ContactImportError,
    ContactTag,
    CustomField,
    Suppression,
)
from tests.factories import WorkspaceFixture, create_workspace
from tests.support.contact_csv import csv_bytes, people
from tests.support.databases import Sessions

MAPPING = {"nome": "name", "telefone": "phone", "email": "email"}


@pytest.fixture
def store(sessions: Sessions, tmp_path: Path) -> ContactImportStore:
    return ContactImportStore(sessions, LocalFileStorage(tmp_path / "uploads"))


@pytest.fixture
async def account(sessions: Sessions) -> WorkspaceFixture:
    return await create_workspace(sessions)


async def started(
    store: ContactImportStore,
    account: WorkspaceFixture,
    data: bytes,
    mapping: dict[str, str] = MAPPING,
    options: ImportOptions | None = None,
) -> uuid.UUID:
    row, _ = await store.create(account.workspace_id, account.user_id, "c.csv", io.BytesIO(data))
    await store.start(account.workspace_id, row.id, mapping, options or ImportOptions(), "wf")
    return row.id


async def run_all(
    store: ContactImportStore, account: WorkspaceFixture, import_id: uuid.UUID, batch: int
) -> BatchProgress:
    row = await store.get(account.workspace_id, import_id)
    assert row is not None
    offset = row.next_offset
    while True:
        progress = await store.apply_batch(account.workspace_id, import_id, offset, batch)
        if progress.done:
            return progress
        offset = progress.next_offset


async def count(sessions: Sessions, model: type, workspace_id: uuid.UUID) -> int:
    async with sessions() as session:
        query = select(func.count()).select_from(model).where(model.workspace_id == workspace_id)  # type: ignore[attr-defined]
        return int((await session.execute(query)).scalar_one())


async def test_apply_batch_twice_with_the_same_offset_changes_nothing(
    store: ContactImportStore, sessions: Sessions, account: WorkspaceFixture
) -> None:
    data = csv_bytes(["nome", "telefone", "email"], [*people(5), ["", "", ""], ["X", "bad", ""]])
    import_id = await started(store, account, data)
    row = await store.get(account.workspace_id, import_id)
    assert row is not None and row.total_rows == 6  # the blank line is no row
    first = await store.apply_batch(account.workspace_id, import_id, row.next_offset, 4)
    again = await store.apply_batch(account.workspace_id, import_id, row.next_offset, 4)

    assert again == first
    assert (first.processed_rows, first.created_count, first.done) == (4, 4, False)
    assert await count(sessions, Contact, account.workspace_id) == 4
    last = await store.apply_batch(account.workspace_id, import_id, first.next_offset, 4)
    assert (last.processed_rows, last.created_count, last.error_count) == (6, 5, 1)
    assert last.status == ImportStatus.completed and last.done
    repeat = await store.apply_batch(account.workspace_id, import_id, first.next_offset, 4)
    assert repeat == last
    assert await count(sessions, ContactImportError, account.workspace_id) == 1


async def test_import_dedupes_phone_formats_and_emails_across_batches(
    store: ContactImportStore, sessions: Sessions, account: WorkspaceFixture
) -> None:
    rows = people(40)
    rows.append(["Pessoa 0 again", "+55 11 97000-0000", ""])  # row 0's phone, other format
    rows.append(["", "", "PESSOA1@Example.com"])  # row 1's e-mail, other case
    rows.append(["Pessoa 2", "011 97000 0002", "pessoa2@example.com"])
    rows.append(["Nobody", "123", "not-an-e-mail"])
    rows.append(["", "", ""])  # only delimiters: no row
    import_id = await started(store, account, csv_bytes(["nome", "telefone", "email"], rows))

    progress = await run_all(store, account, import_id, batch=7)

    assert progress.processed_rows == 44
    assert (progress.created_count, progress.updated_count, progress.error_count) == (40, 3, 1)
    assert await count(sessions, Contact, account.workspace_id) == 40
    async with sessions() as session:
        query = select(Contact).where(
            Contact.workspace_id == account.workspace_id, Contact.phone == "+5511970000000"
        )
        renamed = (await session.execute(query)).scalar_one()
    assert renamed.name == "Pessoa 0 again" and renamed.email == "pessoa0@example.com"


async def test_semicolon_cp1252_file_imports_accents_and_custom_fields(
    store: ContactImportStore, sessions: Sessions, account: WorkspaceFixture
) -> None:
    async with sessions() as session, session.begin():
        session.add(
            CustomField(
                workspace_id=account.workspace_id,
                key="cidade",
                label="Cidade",
                type=CustomFieldType.text,
            )
        )
        session.add(
            CustomField(
                workspace_id=account.workspace_id,
                key="pontos",
                label="Pontos",
                type=CustomFieldType.number,
            )
        )
    data = csv_bytes(
        ["Nome", "Celular", "Cidade", "Pontos", "Etiquetas"],
        [
            ["José Antônio", "11 97000-0001", "São Paulo", "1.234,5", "VIP; Lead"],
            ["Conceição", "11 97000-0002", "Belém", "dez", ""],
        ],
        delimiter=";",
        encoding="cp1252",
    )
    row, inspection = await store.create(account.workspace_id, None, "c.csv", io.BytesIO(data))
    assert (inspection.format.encoding, inspection.format.delimiter) == ("cp1252", ";")
    assert inspection.sample_rows[0][0] == "José Antônio"
    mapping = {
        "Nome": "name",
        "Celular": "phone",
        "Cidade": "custom:cidade",
        "Pontos": "custom:pontos",
        "Etiquetas": "tags",
    }
    await store.start(
        account.workspace_id, row.id, mapping, ImportOptions(tags=["Feira 2026"]), "wf"
    )
    progress = await run_all(store, account, row.id, batch=1000)

    assert (progress.created_count, progress.error_count) == (1, 1)
    async with sessions() as session:
        contact = (
            await session.execute(
                select(Contact).where(Contact.workspace_id == account.workspace_id)
            )
        ).scalar_one()
        tags = (
            await session.execute(select(ContactTag.tag).where(ContactTag.contact_id == contact.id))
        ).scalars()
        error = (
            await session.execute(
                select(ContactImportError).where(ContactImportError.import_id == row.id)
            )
        ).scalar_one()
    assert contact.name == "José Antônio"
    assert contact.custom_fields == {"cidade": "São Paulo", "pontos": 1234.5}
    assert sorted(tags) == ["feira 2026", "lead", "vip"]
    assert error.row_number == 3 and error.values[0] == "Conceição"
    assert "pontos" in error.errors[0]
    report = "".join([line async for line in store.error_report(row)])
    assert report.startswith("\ufeffNome;Celular;Cidade;Pontos;Etiquetas;error\r\n")
    assert "Conceição;11 97000-0002;Belém;dez;;pontos: 'dez' is not a number" in report


async def test_consent_is_recorded_except_opt_ins_of_suppressed_addresses(
    store: ContactImportStore, sessions: Sessions, account: WorkspaceFixture
) -> None:
    async with sessions() as session, session.begin():
        session.add(
            Suppression(
                workspace_id=account.workspace_id,
                kind=SuppressionKind.email,
                value="pessoa1@example.com",
            )
        )
    consent = ConsentToRecord(
        channel=ChannelKind.whatsapp, status=ConsentStatus.opted_in, source="feira"
    )
    import_id = await started(
        store,
        account,
        csv_bytes(["nome", "telefone", "email"], people(3)),
        options=ImportOptions(consent=consent),
    )
    progress = await run_all(store, account, import_id, batch=1000)

    assert progress.created_count == 3  # the suppressed person is still imported
    async with sessions() as session:
        query = (
            select(Contact.email, ContactConsent.status, ContactConsent.source)
            .join(ContactConsent, col(ContactConsent.contact_id) == Contact.id)
            .where(Contact.workspace_id == account.workspace_id)
        )
        consents = sorted((await session.execute(query)).all())
    assert consents == [
        ("pessoa0@example.com", ConsentStatus.opted_in, "feira"),
        ("pessoa2@example.com", ConsentStatus.opted_in, "feira"),
    ]


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty"),
        (b"\r\n\r\n", "empty"),
        (b"nome,telefone\r\n", "no rows"),
        (b",,\r\nAna,1,2\r\n", "header"),
        (b"PK\x03\x04\x00\x00binary", "not a CSV"),
    ],
)
async def test_create_rejects_unusable_files(
    store: ContactImportStore, account: WorkspaceFixture, tmp_path: Path, data: bytes, reason: str
) -> None:
    with pytest.raises(UnreadableFile, match=reason):
        await store.create(account.workspace_id, None, "c.csv", io.BytesIO(data))
    assert not any((tmp_path / "uploads").rglob("*.csv"))  # nothing kept


async def test_a_carriage_return_outside_quotes_is_read_as_a_space(
    store: ContactImportStore, account: WorkspaceFixture
) -> None:
    data = b"nome,tele\rfone\nAna,11 9\r8765-4321\n"
    _, inspection = await store.create(account.workspace_id, None, "c.csv", io.BytesIO(data))
    assert inspection.columns == ["nome", "tele fone"]
    assert inspection.sample_rows == [["Ana", "11 9 8765-4321"]]


async def test_create_refuses_files_over_the_limit(
    store: ContactImportStore, account: WorkspaceFixture, tmp_path: Path
) -> None:
    data = csv_bytes(["nome"], [["Ana"]] * 100)
    with pytest.raises(FileTooLarge):
        await store.create(account.workspace_id, None, "c.csv", io.BytesIO(data), max_bytes=64)
    assert not any((tmp_path / "uploads").rglob("*.csv"))
