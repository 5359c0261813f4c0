"""Chatbot flows: the builder's draft, publishing (validated, versioned), versions and restore,
activation. Everything needs `flows:manage`; publishing, activation, restore and deletion are
audited."""

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Request, status
from fastapi.responses import JSONResponse
from sqlalchemy.ext.asyncio import AsyncSession

from api.audit import audit_by
from api.deps import Principal, ServicesDep, require
from api.flow_schemas import (
    FlowCreate,
    FlowDraftUpdate,
    FlowPublic,
    FlowsPublic,
    FlowUpdate,
    FlowVersionDetail,
    FlowVersionPublic,
    FlowVersionsPublic,
    PublishRefused,
    flow_public,
    flow_summary,
    version_detail,
    version_public,
)
from api.schemas import errors
from domain.permissions import Permission
from stores.flows.errors import FlowConflict, FlowNotFound, FlowNotPublishable
from stores.flows.rows import AuditHook
from stores.flows.store import FlowStore

router = APIRouter(prefix="/flows", tags=["flows"], responses=errors(401, 403))

Manager = Annotated[Principal, require(Permission.flows_manage)]


def get_flow_store(services: ServicesDep) -> FlowStore:
    return FlowStore(services.sessions)


FlowStoreDep = Annotated[FlowStore, Depends(get_flow_store)]


def recorder(request: Request, principal: Principal) -> AuditHook:
    def record(
        session: AsyncSession, action: str, flow_id: uuid.UUID, details: dict[str, str]
    ) -> None:
        audit_by(
            session,
            request,
            principal,
            action,
            target_type="flow",
            target_id=str(flow_id),
            details=details,
        )

    return record


@contextmanager
def flow_errors() -> Iterator[None]:
    """The store's refusals as HTTP answers whose `detail` says what to do."""
    try:
        yield
    except FlowNotFound as error:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail=str(error)) from None
    except FlowConflict as error:
        raise HTTPException(status.HTTP_409_CONFLICT, detail=str(error)) from None


@router.get("", response_model=FlowsPublic)
async def list_flows(manager: Manager, store: FlowStoreDep) -> FlowsPublic:
    """By name."""
    return FlowsPublic(data=[flow_summary(f) for f in await store.all(manager.workspace_id)])


@router.post(
    "", response_model=FlowPublic, status_code=status.HTTP_201_CREATED, responses=errors(409)
)
async def create_flow(
    body: FlowCreate, request: Request, manager: Manager, store: FlowStoreDep
) -> FlowPublic:
    """A new, inactive flow whose draft holds only its start. Names are unique (409)."""
    with flow_errors():
        draft = await store.create(
            manager.workspace_id,
            body.name,
            body.description,
            actor_user_id=manager.actor_user_id,
            record=recorder(request, manager),
        )
    return flow_public(draft)


@router.get("/{flow_id}", response_model=FlowPublic, responses=errors(404))
async def read_flow(flow_id: uuid.UUID, manager: Manager, store: FlowStoreDep) -> FlowPublic:
    with flow_errors():
        return flow_public(await store.get(manager.workspace_id, flow_id))


@router.put("/{flow_id}/draft", response_model=FlowPublic, responses=errors(404))
async def save_draft(
    flow_id: uuid.UUID, body: FlowDraftUpdate, manager: Manager, store: FlowStoreDep
) -> FlowPublic:
    """Saves any graph the schema accepts (422 names the field otherwise); `problems` in the
    answer say what publishing would refuse. Live runs keep their published version."""
    with flow_errors():
        draft = await store.save_draft(manager.workspace_id, flow_id, body.draft, body.triggers)
    return flow_public(draft)


@router.patch("/{flow_id}", response_model=FlowPublic, responses=errors(404, 409))
async def update_flow(
    flow_id: uuid.UUID,
    body: FlowUpdate,
    request: Request,
    manager: Manager,
    store: FlowStoreDep,
) -> FlowPublic:
    """Renames, describes, activates or deactivates. Activating is refused (409) without a
    published version, or when another active flow uses one of its keywords on a channel."""
    with flow_errors():
        draft = await store.update(
            manager.workspace_id,
            flow_id,
            name=body.name,
            description=body.description,
            active=body.active,
            record=recorder(request, manager),
        )
    return flow_public(draft)


@router.delete("/{flow_id}", status_code=status.HTTP_204_NO_CONTENT, responses=errors(404, 409))
async def delete_flow(
    flow_id: uuid.UUID, request: Request, manager: Manager, store: FlowStoreDep
) -> None:
    """Deletes the flow with its versions. A flow that has run (its steps stay for the run
    inspector), or that another published flow jumps to, is refused (409): deactivate it."""
    with flow_errors():
        await store.delete(manager.workspace_id, flow_id, record=recorder(request, manager))


@router.post(
    "/{flow_id}/publish",
    response_model=FlowVersionPublic,
    status_code=status.HTTP_201_CREATED,
    responses={
        **errors(404, 409),
        422: {"model": PublishRefused, "description": "The draft has problems to fix."},
    },
)
async def publish_flow(
    flow_id: uuid.UUID, request: Request, manager: Manager, store: FlowStoreDep
) -> FlowVersionPublic | JSONResponse:
    """Validates the draft and publishes it as the next version; an active flow answers with
    it at once (new conversations only: running ones keep their version). Refused with 422 and
    the `problems` on each node and field, or 409 when an active flow's new keyword is taken."""
    try:
        with flow_errors():
            row = await store.versions.publish(
                manager.workspace_id,
                flow_id,
                actor_user_id=manager.actor_user_id,
                record=recorder(request, manager),
            )
    except FlowNotPublishable as refused:
        body = PublishRefused(detail=str(refused), problems=refused.problems)
        return JSONResponse(body.model_dump(mode="json"), status.HTTP_422_UNPROCESSABLE_CONTENT)
    return version_public(row)


@router.get("/{flow_id}/versions", response_model=FlowVersionsPublic, responses=errors(404))
async def list_versions(
    flow_id: uuid.UUID, manager: Manager, store: FlowStoreDep
) -> FlowVersionsPublic:
    """Newest first."""
    with flow_errors():
        rows = await store.versions.all(manager.workspace_id, flow_id)
    return FlowVersionsPublic(data=[version_public(row) for row in rows])


@router.get(
    "/{flow_id}/versions/{version}", response_model=FlowVersionDetail, responses=errors(404)
)
async def read_version(
    flow_id: uuid.UUID, version: int, manager: Manager, store: FlowStoreDep
) -> FlowVersionDetail:
    with flow_errors():
        return version_detail(await store.versions.get(manager.workspace_id, flow_id, version))


@router.post(
    "/{flow_id}/versions/{version}/restore", response_model=FlowPublic, responses=errors(404)
)
async def restore_version(
    flow_id: uuid.UUID, version: int, request: Request, manager: Manager, store: FlowStoreDep
) -> FlowPublic:
    """The draft becomes a copy of this version (graph and triggers); publish to make it live."""
    with flow_errors():
        draft = await store.versions.restore(
            manager.workspace_id, flow_id, version, record=recorder(request, manager)
        )
    return flow_public(draft)
