"""The workspace's suppression list: addresses never to message."""

import uuid
from typing import Annotated

from fastapi import APIRouter, HTTPException, Query, Response, status

from api.deps import Principal, SessionDep, require
from api.privacy_schemas import (
    SuppressionCreate,
    SuppressionPublic,
    SuppressionsPublic,
    decode_cursor,
    encode_cursor,
)
from api.schemas import errors
from domain.enums import SuppressionKind
from domain.permissions import Permission
from domain.timeutil import utcnow
from stores.contacts.privacy import (
    DuplicateSuppression,
    add_suppression,
    list_suppressions,
    normalize_address,
    remove_suppression,
)
from stores.tables.contacts import Suppression

router = APIRouter(prefix="/suppressions", tags=["suppressions"], responses=errors(401, 403))

Manager = Annotated[Principal, require(Permission.contacts_manage)]

NOT_FOUND = "Suppression not found."


def _public(suppression: Suppression) -> SuppressionPublic:
    return SuppressionPublic.model_validate(suppression, from_attributes=True)


@router.get("", response_model=SuppressionsPublic, responses=errors(422))
async def list_workspace_suppressions(
    manager: Manager,
    session: SessionDep,
    kind: SuppressionKind | None = None,
    search: str | None = Query(None, max_length=320, description="Part of the address or reason."),
    limit: int = Query(50, ge=1, le=200),
    before: str | None = Query(None, description="`next_before` of the previous page."),
) -> SuppressionsPublic:
    """Newest first."""
    rows = await list_suppressions(
        session,
        manager.workspace_id,
        limit=limit,
        kind=kind,
        search=search,
        before=decode_cursor(before),
    )
    last = rows[-1] if len(rows) == limit else None
    return SuppressionsPublic(
        data=[_public(row) for row in rows],
        next_before=encode_cursor(last.created_at, last.id) if last else None,
    )


@router.post(
    "",
    response_model=SuppressionPublic,
    status_code=status.HTTP_201_CREATED,
    responses=errors(409, 422),
)
async def create_suppression(
    body: SuppressionCreate, manager: Manager, session: SessionDep
) -> SuppressionPublic:
    """Adds a phone (stored as E.164) or an e-mail (lower-cased); each address once."""
    try:
        value = normalize_address(body.kind, body.value, manager.workspace.default_country)
    except ValueError as error:
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, detail=str(error)) from None
    try:
        suppression = await add_suppression(
            session,
            manager.workspace_id,
            body.kind,
            value,
            body.reason,
            actor_user_id=manager.actor_user_id,
            now=utcnow(),
        )
    except DuplicateSuppression as duplicate:
        raise HTTPException(
            status.HTTP_409_CONFLICT,
            detail=f"{value} is already on the suppression list (id {duplicate.existing.id}).",
        ) from None
    public = _public(suppression)
    await session.commit()
    return public


@router.delete("/{suppression_id}", status_code=status.HTTP_204_NO_CONTENT, responses=errors(404))
async def delete_suppression(
    suppression_id: uuid.UUID, manager: Manager, session: SessionDep
) -> Response:
    """The address may be messaged again (its contacts' consent still applies)."""
    if not await remove_suppression(session, manager.workspace_id, suppression_id):
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail=NOT_FOUND)
    await session.commit()
    return Response(status_code=status.HTTP_204_NO_CONTENT)
