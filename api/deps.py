"""Dependencies routes declare: services, database, who is asking, and for which workspace.

Tenant scoping lives here and only here: routes receive a `CurrentWorkspace` and pass its id
to every query.
"""

import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, HTTPException, Request, WebSocket, status
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.requests import HTTPConnection
from temporalio.client import Client

from adapters.conversation_store import ConversationStore
from api.services import Services, TemporalUnavailable
from domain.models import AuthSession, Membership, Role, User, Workspace
from domain.security import token_digest
from domain.timeutil import utcnow

SESSION_COOKIE = "fluxo_session"


def get_services(request: HTTPConnection) -> Services:
    services: Services = request.app.state.services
    return services


ServicesDep = Annotated[Services, Depends(get_services)]


async def get_session(services: ServicesDep) -> AsyncIterator[AsyncSession]:
    async with services.sessions() as session:
        yield session


SessionDep = Annotated[AsyncSession, Depends(get_session)]


def get_store(services: ServicesDep) -> ConversationStore:
    return services.store


StoreDep = Annotated[ConversationStore, Depends(get_store)]


async def get_temporal_client(services: ServicesDep) -> Client:
    try:
        return await services.temporal.get()
    except TemporalUnavailable as error:
        raise HTTPException(
            status.HTTP_503_SERVICE_UNAVAILABLE,
            detail="The workflow engine is unavailable; nothing was accepted, try again shortly.",
        ) from error


TemporalClientDep = Annotated[Client, Depends(get_temporal_client)]


@dataclass(frozen=True)
class Principal:
    """A logged-in user acting in one workspace with one role."""

    user: User
    workspace: Workspace
    role: Role

    @property
    def workspace_id(self) -> uuid.UUID:
        return self.workspace.id


async def principal_from_token(session: AsyncSession, token: str | None) -> Principal | None:
    if not token:
        return None
    auth = await session.get(AuthSession, token_digest(token))
    if auth is None or auth.expires_at <= utcnow():
        return None
    user = await session.get(User, auth.user_id)
    workspace = await session.get(Workspace, auth.workspace_id)
    membership = await session.get(Membership, (auth.workspace_id, auth.user_id))
    if user is None or workspace is None or membership is None:
        return None
    return Principal(user=user, workspace=workspace, role=membership.role)


async def get_principal(request: Request, session: SessionDep) -> Principal:
    principal = await principal_from_token(session, request.cookies.get(SESSION_COOKIE))
    if principal is None:
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, detail="Log in to continue.")
    return principal


CurrentPrincipal = Annotated[Principal, Depends(get_principal)]


def get_workspace_id(principal: CurrentPrincipal) -> uuid.UUID:
    return principal.workspace_id


CurrentWorkspaceId = Annotated[uuid.UUID, Depends(get_workspace_id)]


def same_origin(websocket: WebSocket) -> bool:
    """Browsers send cookies on cross-site WebSocket handshakes; Origin tells them apart."""
    origin = websocket.headers.get("origin")
    if origin is None:
        return True
    host = websocket.headers.get("host", "")
    return origin.split("://", 1)[-1] == host
