"""Saved segments: named filters over contacts, with their live count and CSV export."""

import uuid
from typing import Annotated

from fastapi import APIRouter, HTTPException, Response, status
from fastapi.responses import JSONResponse, StreamingResponse
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select
from starlette.requests import Request

from api.deps import Principal, SessionDep, require
from api.routes.contact_queries import (
    CSV_RESPONSE,
    FILTER_ERRORS,
    SEGMENT_NOT_FOUND,
    QueriesDep,
    csv_export,
    filter_problems,
    resolve,
)
from api.schemas import errors
from api.segment_schemas import (
    ContactCount,
    ContactSelection,
    SegmentCreate,
    SegmentPublic,
    SegmentsPublic,
    SegmentUpdate,
)
from domain.permissions import Permission
from domain.segments import InvalidFilter, SegmentFilter, validate_filter
from domain.timeutil import utcnow
from infra.database import is_unique_violation
from stores.contacts.queries import load_custom_fields
from stores.tables.contacts import Segment

router = APIRouter(prefix="/segments", tags=["segments"], responses=errors(401, 403))

SegmentReader = Annotated[Principal, require(Permission.contacts_read)]
SegmentManager = Annotated[Principal, require(Permission.contacts_manage)]
NAME_TAKEN = "A segment with this name already exists; choose another name."


def public(segment: Segment) -> SegmentPublic:
    return SegmentPublic(
        id=segment.id,
        name=segment.name,
        filter=SegmentFilter.model_validate(segment.filter),
        created_by_user_id=segment.created_by_user_id,
        created_at=segment.created_at,
        updated_at=segment.updated_at,
    )


async def _get(session: AsyncSession, principal: Principal, segment_id: uuid.UUID) -> Segment:
    segment = await session.get(Segment, segment_id)
    if segment is None or segment.workspace_id != principal.workspace_id:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail=SEGMENT_NOT_FOUND)
    return segment


async def _checked(
    session: AsyncSession, principal: Principal, segment_filter: SegmentFilter
) -> SegmentFilter:
    """The filter in canonical form; raises `InvalidFilter`."""
    return validate_filter(
        segment_filter, await load_custom_fields(session, principal.workspace_id)
    )


async def _save(session: AsyncSession, segment: Segment) -> None:
    session.add(segment)
    try:
        await session.commit()
    except IntegrityError as error:
        await session.rollback()
        if is_unique_violation(error):
            raise HTTPException(status.HTTP_409_CONFLICT, detail=NAME_TAKEN) from None
        raise


@router.get("", response_model=SegmentsPublic)
async def list_segments(reader: SegmentReader, session: SessionDep) -> SegmentsPublic:
    rows = await session.execute(
        select(Segment)
        .where(col(Segment.workspace_id) == reader.workspace_id)
        .order_by(col(Segment.name))
    )
    return SegmentsPublic(data=[public(s) for s in rows.scalars()])


@router.post(
    "",
    response_model=SegmentPublic,
    status_code=status.HTTP_201_CREATED,
    responses=errors(409) | FILTER_ERRORS,
)
async def create_segment(
    body: SegmentCreate, manager: SegmentManager, session: SessionDep
) -> SegmentPublic | JSONResponse:
    try:
        checked = await _checked(session, manager, body.filter)
    except InvalidFilter as error:
        return filter_problems(error)
    now = utcnow()
    segment = Segment(
        workspace_id=manager.workspace_id,
        name=body.name.strip(),
        filter=checked.model_dump(mode="json"),
        created_by_user_id=manager.actor_user_id,
        created_at=now,
        updated_at=now,
    )
    await _save(session, segment)
    return public(segment)


@router.get("/{segment_id}", response_model=SegmentPublic, responses=errors(404))
async def read_segment(
    segment_id: uuid.UUID, reader: SegmentReader, session: SessionDep
) -> SegmentPublic:
    return public(await _get(session, reader, segment_id))


@router.patch(
    "/{segment_id}", response_model=SegmentPublic, responses=errors(404, 409) | FILTER_ERRORS
)
async def update_segment(
    segment_id: uuid.UUID, body: SegmentUpdate, manager: SegmentManager, session: SessionDep
) -> SegmentPublic | JSONResponse:
    segment = await _get(session, manager, segment_id)
    if body.filter is not None:
        try:
            checked = await _checked(session, manager, body.filter)
        except InvalidFilter as error:
            return filter_problems(error)
        segment.filter = checked.model_dump(mode="json")
    if body.name is not None:
        segment.name = body.name.strip()
    segment.updated_at = utcnow()
    await _save(session, segment)
    return public(segment)


@router.delete("/{segment_id}", status_code=status.HTTP_204_NO_CONTENT, responses=errors(404))
async def delete_segment(
    segment_id: uuid.UUID, manager: SegmentManager, session: SessionDep
) -> Response:
    await session.delete(await _get(session, manager, segment_id))
    await session.commit()
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get(
    "/{segment_id}/count", response_model=ContactCount, responses=errors(404) | FILTER_ERRORS
)
async def count_segment(
    segment_id: uuid.UUID, reader: SegmentReader, queries: QueriesDep
) -> ContactCount | JSONResponse:
    """How many contacts are in the segment now (a segment naming a deleted field: 422)."""
    try:
        selection = await resolve(queries, reader, segment_id=segment_id)
    except InvalidFilter as error:
        return filter_problems(error)
    return ContactCount(count=await queries.count(reader.workspace_id, selection, now=utcnow()))


@router.get(
    "/{segment_id}/export",
    response_class=StreamingResponse,
    response_model=None,
    responses=CSV_RESPONSE | errors(404) | FILTER_ERRORS,
    description="Streams the segment's contacts as CSV (UTF-8 with BOM, so Excel opens it).",
)
async def export_segment(
    segment_id: uuid.UUID,
    manager: SegmentManager,
    queries: QueriesDep,
    session: SessionDep,
    request: Request,
) -> StreamingResponse | JSONResponse:
    segment = await _get(session, manager, segment_id)
    try:
        selection = await resolve(queries, manager, segment_id=segment_id)
    except InvalidFilter as error:
        return filter_problems(error)
    asked = ContactSelection(segment_id=segment_id)
    return await csv_export(queries, manager, selection, session, request, asked, segment.name)
