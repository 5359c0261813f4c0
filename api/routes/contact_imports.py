"""CSV imports of contacts, each run by a ContactImportWorkflow."""

import logging
import re
import uuid
from collections.abc import AsyncIterator
from pathlib import PurePath
from typing import Annotated

from fastapi import APIRouter, Depends, File, HTTPException, Query, Request, UploadFile, status
from fastapi.responses import StreamingResponse
from temporalio.client import Client
from temporalio.common import SearchAttributePair, TypedSearchAttributes
from temporalio.exceptions import WorkflowAlreadyStartedError
from temporalio.service import RPCError, RPCStatusCode

from api.audit import audit_by
from api.deps import Principal, ServicesDep, SessionDep, TemporalClientDep, require
from api.import_schemas import ContactImportPublic, ContactImportsPublic, ContactImportStart
from api.schemas import errors
from domain.enums import ImportStatus
from domain.imports import (
    ContactImportInput,
    mapping_problems,
    suggest_mapping,
)
from domain.permissions import Permission
from infra.file_storage import FileTooLarge, LocalFileStorage
from stores.contacts.import_files import UnreadableFile
from stores.contacts.imports import (
    ContactImportStore,
    ImportNotStartable,
    import_options,
)
from stores.tables.contacts import ContactImport
from temporal import search_attributes
from temporal.ids import contact_import_workflow_id
from temporal.names import CANCEL_IMPORT_SIGNAL, CONTACT_IMPORT_WORKFLOW

log = logging.getLogger(__name__)

router = APIRouter(prefix="/contacts/imports", tags=["contact imports"], responses=errors(401, 403))

NOT_FOUND = "Import not found."

Manager = Annotated[Principal, require(Permission.contacts_manage)]


def get_import_store(services: ServicesDep) -> ContactImportStore:
    return ContactImportStore(services.sessions, LocalFileStorage(services.settings.uploads_dir))


ImportStoreDep = Annotated[ContactImportStore, Depends(get_import_store)]


async def _public(
    store: ContactImportStore, row: ContactImport, *, with_preview: bool = False
) -> ContactImportPublic:
    public = ContactImportPublic.model_validate(
        {
            **row.model_dump(),
            "options": import_options(row) if "import" in row.options else None,
        }
    )
    if with_preview and row.status == ImportStatus.uploaded:
        definitions = await store.custom_fields(row.workspace_id)
        public.sample_rows = await store.sample(row)
        public.suggested_mapping = suggest_mapping(
            row.columns, {key: d.label for key, d in definitions.items()}
        )
    return public


async def _found(
    store: ContactImportStore, principal: Principal, import_id: uuid.UUID
) -> ContactImport:
    row = await store.get(principal.workspace_id, import_id)
    if row is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail=NOT_FOUND)
    return row


@router.post(
    "",
    response_model=ContactImportPublic,
    status_code=status.HTTP_201_CREATED,
    responses=errors(413, 422),
    description="Uploads a CSV file (UTF-8 or Windows-1252, comma or semicolon). Answers its "
    "columns, first rows, row count and a suggested mapping; nothing is imported yet.",
)
async def upload_import(
    principal: Manager,
    store: ImportStoreDep,
    file: Annotated[UploadFile, File(description="The CSV file, 100 MB at most.")],
) -> ContactImportPublic:
    filename = PurePath(file.filename or "contacts.csv").name
    try:
        row, _ = await store.create(
            principal.workspace_id, principal.actor_user_id, filename, file.file
        )
    except FileTooLarge as error:
        raise HTTPException(
            status.HTTP_413_CONTENT_TOO_LARGE, detail=f"{error.args[0].capitalize()}; split it."
        ) from None
    except UnreadableFile as error:
        raise HTTPException(
            status.HTTP_422_UNPROCESSABLE_CONTENT, detail=f"{str(error).capitalize()}."
        ) from None
    return await _public(store, row, with_preview=True)


@router.get("", response_model=ContactImportsPublic)
async def list_imports(
    principal: Manager, store: ImportStoreDep, limit: int = Query(50, ge=1, le=200)
) -> ContactImportsPublic:
    rows = await store.list_recent(principal.workspace_id, limit)
    return ContactImportsPublic(data=[await _public(store, row) for row in rows])


@router.get("/{import_id}", response_model=ContactImportPublic, responses=errors(404))
async def read_import(
    import_id: uuid.UUID, principal: Manager, store: ImportStoreDep
) -> ContactImportPublic:
    return await _public(store, await _found(store, principal, import_id), with_preview=True)


@router.post(
    "/{import_id}/start",
    response_model=ContactImportPublic,
    responses=errors(404, 409, 422, 503),
    description="Checks the mapping and starts importing; poll the import for its progress.",
)
async def start_import(
    import_id: uuid.UUID,
    body: ContactImportStart,
    request: Request,
    principal: Manager,
    store: ImportStoreDep,
    session: SessionDep,
    client: TemporalClientDep,
    services: ServicesDep,
) -> ContactImportPublic:
    row = await _found(store, principal, import_id)
    if row.status != ImportStatus.uploaded:
        raise HTTPException(
            status.HTTP_409_CONFLICT, detail=f"This import has already started ({row.status})."
        )
    problems = mapping_problems(
        dict(body.mapping), row.columns, await store.custom_fields(principal.workspace_id)
    )
    if problems:
        raise HTTPException(
            status.HTTP_422_UNPROCESSABLE_CONTENT, detail=f"Fix the mapping: {'; '.join(problems)}."
        )
    workflow_id = contact_import_workflow_id(principal.workspace_id, import_id)
    try:
        row = await store.start(
            principal.workspace_id, import_id, dict(body.mapping), body.options, workflow_id
        )
    except ImportNotStartable:
        raise HTTPException(
            status.HTTP_409_CONFLICT, detail="This import has already started."
        ) from None
    await _start_workflow(client, services.settings.temporal_task_queue, store, row, body)
    audit_by(
        session,
        request,
        principal,
        "contacts.imported",
        target_type="contact_import",
        target_id=str(import_id),
        details={"filename": row.filename, "rows": str(row.total_rows)},
    )
    await session.commit()
    return await _public(store, row)


async def _start_workflow(
    client: Client,
    task_queue: str,
    store: ContactImportStore,
    row: ContactImport,
    body: ContactImportStart,
) -> None:
    try:
        await client.start_workflow(
            CONTACT_IMPORT_WORKFLOW,
            ContactImportInput(
                workspace_id=row.workspace_id,
                import_id=row.id,
                offset=row.next_offset,
                batch_size=body.options.batch_size,
            ),
            id=row.workflow_id or contact_import_workflow_id(row.workspace_id, row.id),
            task_queue=task_queue,
            search_attributes=TypedSearchAttributes(
                [
                    SearchAttributePair(search_attributes.WORKSPACE, str(row.workspace_id)),
                    SearchAttributePair(search_attributes.KIND, search_attributes.KIND_IMPORT),
                ]
            ),
        )
    except WorkflowAlreadyStartedError:
        # The id is the import's: a run already exists, which is exactly what was asked for.
        return
    except RPCError as error:
        log.warning("could not start import %s: %s", row.id, error)
        await store.unstart(row.workspace_id, row.id)
        raise HTTPException(
            status.HTTP_503_SERVICE_UNAVAILABLE,
            detail="The workflow engine is unavailable; the import did not start, try again.",
        ) from error


@router.post(
    "/{import_id}/cancel",
    response_model=ContactImportPublic,
    status_code=status.HTTP_202_ACCEPTED,
    responses=errors(404, 409, 503),
    description="Stops the import after the batch in progress; its status becomes cancelled.",
)
async def cancel_import(
    import_id: uuid.UUID, principal: Manager, store: ImportStoreDep, client: TemporalClientDep
) -> ContactImportPublic:
    row = await _found(store, principal, import_id)
    if row.status != ImportStatus.running or row.workflow_id is None:
        raise HTTPException(
            status.HTTP_409_CONFLICT,
            detail=f"Only a running import can be cancelled ({row.status}).",
        )
    try:
        await client.get_workflow_handle(row.workflow_id).signal(CANCEL_IMPORT_SIGNAL)
    except RPCError as error:
        # The run ended between the read and the signal: its final status is already stored.
        if error.status != RPCStatusCode.NOT_FOUND:
            raise
    return await _public(store, row)


@router.get(
    "/{import_id}/errors.csv",
    response_class=StreamingResponse,
    responses={200: {"content": {"text/csv": {}}}, **errors(404)},
    description="The rows that failed, with the original header and an `error` column: fix "
    "them in a spreadsheet and import this file again.",
)
async def download_errors(
    import_id: uuid.UUID, principal: Manager, store: ImportStoreDep
) -> StreamingResponse:
    row = await _found(store, principal, import_id)
    # Only safe characters in a header: the user's file name may hold quotes or accents.
    stem = re.sub(r"[^A-Za-z0-9._-]+", "_", PurePath(row.filename).stem) or "contacts"

    async def lines() -> AsyncIterator[bytes]:
        async for text in store.error_report(row):
            yield text.encode("utf-8")

    return StreamingResponse(
        lines(),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{stem}-errors.csv"'},
    )
