"""CSV imports in the database: uploads, progress, batches applied exactly once, error rows.

A batch is claimed by moving the import's `next_offset` from the offset it expects to the offset
after its rows, in the same transaction that writes its contacts. A retry of a batch that did
commit finds the offset already moved and changes nothing, so a worker killed at any point
resumes without duplicates or double counts.
"""

import asyncio
import csv
import io
import uuid
from collections.abc import AsyncIterator, Sequence
from typing import BinaryIO

from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlmodel import col, select

from domain.contacts import ContactDraft
from domain.custom_fields import CustomFieldDefinition
from domain.enums import ImportStatus
from domain.import_rows import RowPlan
from domain.imports import MAX_UPLOAD_BYTES, BatchProgress, FileFormat, ImportOptions
from domain.timeutil import utcnow
from infra.file_storage import FileStorage
from stores.contacts import import_files
from stores.contacts.import_consent import record_consent
from stores.contacts.upsert import upsert_contacts
from stores.tables.contacts import ContactImport, ContactImportError, CustomField

ERROR_PAGE = 1000
BOM = "\ufeff"


class ImportNotFound(LookupError):
    pass


class ImportNotStartable(ValueError):
    """The import has already started (or ended)."""


def progress_of(row: ContactImport) -> BatchProgress:
    return BatchProgress(
        import_id=row.id,
        status=row.status,
        next_offset=row.next_offset,
        processed_rows=row.processed_rows,
        created_count=row.created_count,
        updated_count=row.updated_count,
        error_count=row.error_count,
        done=row.status != ImportStatus.running,
    )


def file_format(row: ContactImport) -> FileFormat:
    return FileFormat.model_validate(row.options["file"])


def import_options(row: ContactImport) -> ImportOptions:
    return ImportOptions.model_validate(row.options.get("import", {}))


class ContactImportStore:
    def __init__(self, sessions: async_sessionmaker[AsyncSession], storage: FileStorage) -> None:
        self._sessions = sessions
        self._storage = storage

    async def create(
        self,
        workspace_id: uuid.UUID,
        user_id: uuid.UUID | None,
        filename: str,
        source: BinaryIO,
        max_bytes: int = MAX_UPLOAD_BYTES,
    ) -> tuple[ContactImport, import_files.Inspection]:
        """Keeps the upload and what it contains; raises `UnreadableFile` or `FileTooLarge`."""
        import_id = uuid.uuid4()
        key = self._storage.new_key(workspace_id, f"{import_id}.csv")
        size = await asyncio.to_thread(self._storage.save, key, source, max_bytes)
        try:
            inspection = await asyncio.to_thread(self._inspect, key)
        except import_files.UnreadableFile:
            await asyncio.to_thread(self._storage.delete, key)
            raise
        row = ContactImport(
            id=import_id,
            workspace_id=workspace_id,
            created_by_user_id=user_id,
            filename=filename[:255],
            storage_key=key,
            size_bytes=size,
            columns=inspection.columns,
            total_rows=inspection.total_rows,
            options={"file": inspection.format.model_dump()},
            next_offset=inspection.format.data_offset,
        )
        async with self._sessions() as session, session.begin():
            session.add(row)
        return row, inspection

    def _inspect(self, key: str) -> import_files.Inspection:
        with self._storage.open(key) as stream:
            return import_files.inspect(stream)

    async def get(self, workspace_id: uuid.UUID, import_id: uuid.UUID) -> ContactImport | None:
        async with self._sessions() as session:
            return await _load(session, workspace_id, import_id)

    async def list_recent(self, workspace_id: uuid.UUID, limit: int) -> Sequence[ContactImport]:
        query = (
            select(ContactImport)
            .where(ContactImport.workspace_id == workspace_id)
            .order_by(col(ContactImport.created_at).desc(), col(ContactImport.id).desc())
            .limit(limit)
        )
        async with self._sessions() as session:
            return (await session.execute(query)).scalars().all()

    async def sample(self, row: ContactImport) -> list[list[str]]:
        def read() -> list[list[str]]:
            with self._storage.open(row.storage_key) as stream:
                return import_files.read_sample(stream, file_format(row))

        try:
            return await asyncio.to_thread(read)
        except FileNotFoundError:
            return []

    async def custom_fields(self, workspace_id: uuid.UUID) -> dict[str, CustomFieldDefinition]:
        async with self._sessions() as session:
            return await _definitions(session, workspace_id)

    async def start(
        self,
        workspace_id: uuid.UUID,
        import_id: uuid.UUID,
        mapping: dict[str, str],
        options: ImportOptions,
        workflow_id: str,
    ) -> ContactImport:
        """Moves an uploaded import to running with its mapping; only one caller wins."""
        async with self._sessions() as session, session.begin():
            row = await _load(session, workspace_id, import_id)
            if row is None:
                raise ImportNotFound(import_id)
            claimed = await session.execute(
                update(ContactImport)
                .where(
                    col(ContactImport.id) == import_id,
                    col(ContactImport.status) == ImportStatus.uploaded,
                )
                .values(
                    status=ImportStatus.running,
                    mapping=mapping,
                    options={**row.options, "import": options.model_dump(mode="json")},
                    workflow_id=workflow_id,
                    started_at=utcnow(),
                )
            )
            if claimed.rowcount != 1:  # type: ignore[attr-defined]
                raise ImportNotStartable(row.status)
        started = await self.get(workspace_id, import_id)
        assert started is not None
        return started

    async def unstart(self, workspace_id: uuid.UUID, import_id: uuid.UUID) -> None:
        """Back to uploaded when the workflow could not be started, so the user may retry."""
        async with self._sessions() as session, session.begin():
            await session.execute(
                update(ContactImport)
                .where(
                    col(ContactImport.id) == import_id,
                    col(ContactImport.workspace_id) == workspace_id,
                    col(ContactImport.processed_rows) == 0,
                )
                .values(status=ImportStatus.uploaded, workflow_id=None, started_at=None)
            )

    async def finish(
        self, workspace_id: uuid.UUID, import_id: uuid.UUID, status: ImportStatus, message: str
    ) -> BatchProgress:
        """Ends a running import (cancelled or failed); an ended one is left as it is."""
        async with self._sessions() as session, session.begin():
            await session.execute(
                update(ContactImport)
                .where(
                    col(ContactImport.id) == import_id,
                    col(ContactImport.workspace_id) == workspace_id,
                    col(ContactImport.status) == ImportStatus.running,
                )
                .values(status=status, failure_message=message[:2000], finished_at=utcnow())
            )
            row = await _load(session, workspace_id, import_id)
        if row is None:
            raise ImportNotFound(import_id)
        return progress_of(row)

    async def apply_batch(
        self, workspace_id: uuid.UUID, import_id: uuid.UUID, offset: int, batch_size: int
    ) -> BatchProgress:
        """Imports the rows from byte `offset`, once: a stale offset changes nothing."""
        async with self._sessions() as session:
            row = await _load(session, workspace_id, import_id)
            if row is None:
                raise ImportNotFound(import_id)
            if row.status != ImportStatus.running or row.next_offset != offset:
                return progress_of(row)
            plan = RowPlan.compile(
                row.columns,
                row.mapping,
                await _definitions(session, workspace_id),
                import_options(row),
            )
        # Reading and validating is CPU work: off the event loop, before any lock is taken.
        batch = await asyncio.to_thread(self._read, row, offset, batch_size)
        drafts = [plan.draft(values) for values in batch.rows]
        async with self._sessions() as session, session.begin():
            # A lost claim wrote nothing: committing it is as good as rolling back.
            await self._apply(session, row, plan, batch, drafts)
        fresh = await self.get(workspace_id, import_id)
        assert fresh is not None
        return progress_of(fresh)

    def _read(self, row: ContactImport, offset: int, limit: int) -> import_files.Batch:
        with self._storage.open(row.storage_key) as stream:
            return import_files.read_batch(stream, file_format(row), offset, limit)

    async def _apply(
        self,
        session: AsyncSession,
        row: ContactImport,
        plan: RowPlan,
        batch: import_files.Batch,
        drafts: list[tuple[ContactDraft | None, list[str]]],
    ) -> bool:
        now = utcnow()
        valid = [draft for draft, _ in drafts if draft is not None]
        failed = len(drafts) - len(valid)
        finished = {"status": ImportStatus.completed, "finished_at": now}
        # The claim: only the attempt that finds the offset where it expects it goes on.
        claimed = await session.execute(
            update(ContactImport)
            .where(
                col(ContactImport.id) == row.id,
                col(ContactImport.next_offset) == row.next_offset,
                col(ContactImport.status) == ImportStatus.running,
            )
            .values(
                next_offset=batch.next_offset,
                processed_rows=col(ContactImport.processed_rows) + len(drafts),
                error_count=col(ContactImport.error_count) + failed,
                **(finished if batch.end_of_file else {}),
            )
        )
        if claimed.rowcount != 1:  # type: ignore[attr-defined]
            return False
        outcomes = await upsert_contacts(
            session,
            row.workspace_id,
            valid,
            now=now,
            actor_user_id=row.created_by_user_id,
            event_details={"import_id": str(row.id)},
        )
        created = sum(1 for outcome in outcomes if outcome.created)
        first_row = row.processed_rows + 2  # the header is row 1
        for position, (draft, errors) in enumerate(drafts):
            if draft is None:
                session.add(
                    ContactImportError(
                        workspace_id=row.workspace_id,
                        import_id=row.id,
                        row_number=first_row + position,
                        values=batch.rows[position],
                        errors=errors,
                    )
                )
        if plan.options.consent is not None:
            await record_consent(session, row, plan.options, valid, outcomes, now)
        await session.execute(
            update(ContactImport)
            .where(col(ContactImport.id) == row.id)
            .values(
                created_count=col(ContactImport.created_count) + created,
                updated_count=col(ContactImport.updated_count) + len(outcomes) - created,
            )
        )
        return True

    async def error_report(self, row: ContactImport) -> AsyncIterator[str]:
        """The original header plus an `error` column, then one line per failed row."""
        fmt = file_format(row)

        def header() -> list[str]:
            with self._storage.open(row.storage_key) as stream:
                return import_files.read_header(stream, fmt)

        try:
            columns = await asyncio.to_thread(header)
        except FileNotFoundError:
            columns = list(row.columns)
        # A BOM so spreadsheet programs read the UTF-8 right; the user's delimiter kept.
        yield BOM + _csv_line([*columns, "error"], fmt.delimiter)
        after = 0
        while True:
            query = (
                select(ContactImportError)
                .where(
                    ContactImportError.workspace_id == row.workspace_id,
                    ContactImportError.import_id == row.id,
                    col(ContactImportError.row_number) > after,
                )
                .order_by(col(ContactImportError.row_number))
                .limit(ERROR_PAGE)
            )
            async with self._sessions() as session:
                page = (await session.execute(query)).scalars().all()
            if not page:
                return
            yield "".join(
                _csv_line([*error.values, "; ".join(error.errors)], fmt.delimiter) for error in page
            )
            after = page[-1].row_number


def _csv_line(values: list[str], delimiter: str) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerow(values)
    return buffer.getvalue()


async def _load(
    session: AsyncSession, workspace_id: uuid.UUID, import_id: uuid.UUID
) -> ContactImport | None:
    query = select(ContactImport).where(
        ContactImport.id == import_id, ContactImport.workspace_id == workspace_id
    )
    return (
        await session.execute(query.execution_options(populate_existing=True))
    ).scalar_one_or_none()


async def _definitions(
    session: AsyncSession, workspace_id: uuid.UUID
) -> dict[str, CustomFieldDefinition]:
    query = select(CustomField).where(CustomField.workspace_id == workspace_id)
    return {
        field.key: CustomFieldDefinition.model_validate(field, from_attributes=True)
        for field in (await session.execute(query)).scalars()
    }
