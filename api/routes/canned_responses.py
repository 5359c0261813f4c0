"""Canned responses: saved answers agents insert by shortcut while replying."""

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Query, status

from api.deps import Principal, ServicesDep, require
from api.inbox_errors import inbox_errors
from api.inbox_schemas import (
    CannedResponseCreate,
    CannedResponsePublic,
    CannedResponsesPublic,
    CannedResponseUpdate,
)
from api.schemas import errors
from domain.permissions import Permission
from stores.inbox.canned_responses import CannedResponseStore

router = APIRouter(prefix="/canned-responses", tags=["inbox"], responses=errors(401, 403))

InboxReader = Annotated[Principal, require(Permission.inbox_read)]
InboxReplier = Annotated[Principal, require(Permission.inbox_reply)]


def get_canned_responses(services: ServicesDep) -> CannedResponseStore:
    return CannedResponseStore(services.sessions)


CannedResponsesDep = Annotated[CannedResponseStore, Depends(get_canned_responses)]


@router.get("", response_model=CannedResponsesPublic)
async def list_canned_responses(
    reader: InboxReader,
    store: CannedResponsesDep,
    q: Annotated[
        str | None, Query(max_length=200, description="In the shortcut, title or body.")
    ] = None,
) -> CannedResponsesPublic:
    """By shortcut."""
    found = await store.search(reader.workspace_id, q)
    return CannedResponsesPublic(data=[CannedResponsePublic.model_validate(r) for r in found])


@router.post(
    "",
    response_model=CannedResponsePublic,
    status_code=status.HTTP_201_CREATED,
    responses=errors(409),
)
async def create_canned_response(
    body: CannedResponseCreate, replier: InboxReplier, store: CannedResponsesDep
) -> CannedResponsePublic:
    """A shortcut is unique within the workspace (409 when taken)."""
    with inbox_errors():
        created = await store.create(replier.workspace_id, body)
    return CannedResponsePublic.model_validate(created)


@router.patch(
    "/{canned_response_id}", response_model=CannedResponsePublic, responses=errors(404, 409)
)
async def update_canned_response(
    canned_response_id: uuid.UUID,
    body: CannedResponseUpdate,
    replier: InboxReplier,
    store: CannedResponsesDep,
) -> CannedResponsePublic:
    with inbox_errors():
        updated = await store.update(replier.workspace_id, canned_response_id, body)
    return CannedResponsePublic.model_validate(updated)


@router.delete(
    "/{canned_response_id}", status_code=status.HTTP_204_NO_CONTENT, responses=errors(404)
)
async def delete_canned_response(
    canned_response_id: uuid.UUID, replier: InboxReplier, store: CannedResponsesDep
) -> None:
    with inbox_errors():
        await store.delete(replier.workspace_id, canned_response_id)
