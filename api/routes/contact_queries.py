"""Listing, searching, counting and exporting contacts."""

import csv
import io
import json
import re
import uuid
from collections.abc import AsyncIterator
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, HTTPException, Query, status
from fastapi.responses import JSONResponse, Response, StreamingResponse
from starlette.requests import Request

from api.audit import audit_by
from api.deps import Principal, ServicesDep, SessionDep, require
from api.schemas import errors
from api.segment_schemas import (
    ContactCount,
    ContactSearch,
    ContactSelection,
    ContactsPage,
    FilterProblems,
    TagCount,
)
from domain.permissions import Permission
from domain.segments import InvalidFilter, SegmentFilter
from domain.timeutil import utcnow
from stores.contacts.queries import (
    ContactQueries,
    ContactSort,
    InvalidCursor,
    SegmentNotFound,
    Selection,
)

router = APIRouter(prefix="/contacts", tags=["contacts"], responses=errors(401, 403))

ContactReader = Annotated[Principal, require(Permission.contacts_read)]
ContactManager = Annotated[Principal, require(Permission.contacts_manage)]
SEGMENT_NOT_FOUND = "Segment not found."
FILTER_ERRORS: dict[int | str, dict[str, object]] = {422: {"model": FilterProblems}}
CSV_RESPONSE: dict[int | str, dict[str, object]] = {
    200: {"content": {"text/csv": {}}, "description": "UTF-8 CSV with a byte-order mark."}
}
CSV_FLUSH_ROWS = 200


def get_queries(services: ServicesDep, session: SessionDep) -> ContactQueries:
    # The session that authenticated the request serves its reads too: fewer round trips.
    return ContactQueries(services.sessions, session)


QueriesDep = Annotated[ContactQueries, Depends(get_queries)]


def filter_problems(error: InvalidFilter) -> JSONResponse:
    """422 naming every wrong condition by its path, so the UI can mark each one."""
    body = FilterProblems(detail=f"The filter cannot be used: {error}", problems=error.problems)
    return JSONResponse(body.model_dump(), status_code=status.HTTP_422_UNPROCESSABLE_CONTENT)


async def resolve(
    queries: ContactQueries,
    principal: Principal,
    *,
    segment_filter: SegmentFilter | None = None,
    segment_id: uuid.UUID | None = None,
    q: str | None = None,
) -> Selection:
    """The validated selection; 404 for a segment of no one we know. Raises `InvalidFilter`."""
    try:
        return await queries.selection(
            principal.workspace_id, segment_filter=segment_filter, segment_id=segment_id, q=q
        )
    except SegmentNotFound:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail=SEGMENT_NOT_FOUND) from None


async def page_of(
    queries: ContactQueries, principal: Principal, selection: Selection, search: ContactSearch
) -> Response:
    """The page as JSON, serialised once: FastAPI would validate every contact again."""
    try:
        page = await queries.page(
            principal.workspace_id,
            selection,
            now=utcnow(),
            sort=search.sort,
            order=search.order,
            limit=search.limit,
            cursor=search.cursor,
        )
    except InvalidCursor as error:
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, detail=str(error)) from None
    body = ContactsPage(data=page.contacts, next_cursor=page.next_cursor)
    return Response(body.model_dump_json(), media_type="application/json")


@router.get("", response_model=ContactsPage, responses=errors(404) | FILTER_ERRORS)
async def list_contacts(
    reader: ContactReader,
    queries: QueriesDep,
    q: Annotated[str | None, Query(max_length=200)] = None,
    segment_id: uuid.UUID | None = None,
    sort: ContactSort = ContactSort.created_at,
    order: Literal["asc", "desc"] = "desc",
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    cursor: Annotated[str | None, Query(max_length=2000)] = None,
) -> Response:
    search = ContactSearch(
        segment_id=segment_id, q=q, sort=sort, order=order, limit=limit, cursor=cursor
    )
    try:
        selection = await resolve(queries, reader, segment_id=segment_id, q=q)
    except InvalidFilter as error:
        return filter_problems(error)
    return await page_of(queries, reader, selection, search)


@router.post("/search", response_model=ContactsPage, responses=errors(404) | FILTER_ERRORS)
async def search_contacts(
    body: ContactSearch, reader: ContactReader, queries: QueriesDep
) -> Response:
    """The contacts table's filter builder: an unsaved filter, optionally within a segment."""
    try:
        selection = await resolve(
            queries, reader, segment_filter=body.filter, segment_id=body.segment_id, q=body.q
        )
    except InvalidFilter as error:
        return filter_problems(error)
    return await page_of(queries, reader, selection, body)


@router.post("/count", response_model=ContactCount, responses=errors(404) | FILTER_ERRORS)
async def count_contacts(
    body: ContactSelection, reader: ContactReader, queries: QueriesDep
) -> ContactCount | JSONResponse:
    try:
        selection = await resolve(
            queries, reader, segment_filter=body.filter, segment_id=body.segment_id, q=body.q
        )
    except InvalidFilter as error:
        return filter_problems(error)
    return ContactCount(count=await queries.count(reader.workspace_id, selection, now=utcnow()))


@router.get("/tags", response_model=list[TagCount])
async def list_tags(reader: ContactReader, queries: QueriesDep) -> list[TagCount]:
    """Every tag in the workspace with how many contacts carry it."""
    found = await queries.tags(reader.workspace_id)
    return [TagCount(tag=tag, contacts=n) for tag, n in found]


@router.post(
    "/export",
    response_class=StreamingResponse,
    response_model=None,
    responses=CSV_RESPONSE | errors(404) | FILTER_ERRORS,
    description="Streams the selected contacts as CSV (UTF-8 with BOM, so Excel opens it).",
)
async def export_contacts(
    body: ContactSelection,
    manager: ContactManager,
    queries: QueriesDep,
    session: SessionDep,
    request: Request,
) -> StreamingResponse | JSONResponse:
    try:
        selection = await resolve(
            queries, manager, segment_filter=body.filter, segment_id=body.segment_id, q=body.q
        )
    except InvalidFilter as error:
        return filter_problems(error)
    return await csv_export(queries, manager, selection, session, request, body, "contacts")


async def csv_export(
    queries: ContactQueries,
    principal: Principal,
    selection: Selection,
    session: SessionDep,
    request: Request,
    asked: ContactSelection,
    name: str,
) -> StreamingResponse:
    """Records who exported what (audit first: the download may be cut), then streams it."""
    details = {
        "filter": json.dumps(selection.filter.model_dump(mode="json")) if selection.filter else "",
        "segment_id": str(asked.segment_id or ""),
        "q": selection.q or "",
    }
    audit_by(session, request, principal, "contacts.exported", target_type="contact",
             details=details)  # fmt: skip
    await session.commit()
    now = utcnow()
    rows = queries.export_rows(principal.workspace_id, selection, now=now)
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "contacts"
    filename = f"{slug}-{now:%Y-%m-%d}.csv"
    return StreamingResponse(
        _csv_bytes(rows),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


async def _csv_bytes(rows: AsyncIterator[list[str]]) -> AsyncIterator[bytes]:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    buffer.write("\ufeff")  # the BOM tells Excel the file is UTF-8 ("São Paulo", not "SÃ£o")
    pending = 0
    async for row in rows:
        writer.writerow(row)
        pending += 1
        if pending >= CSV_FLUSH_ROWS:
            yield buffer.getvalue().encode()
            buffer.seek(0)
            buffer.truncate()
            pending = 0
    yield buffer.getvalue().encode()
