"""Dependencies routes declare: services, database, who is asking, and for which workspace.

Tenant scoping and permissions live here and only here: every route declares
`require(Permission.…)`, receives a `Principal`, and passes its workspace id to every query.
"""

import hmac
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import timedelta
from typing import Annotated, Any

from fastapi import Depends, HTTPException, WebSocket, status
from sqlalchemy import and_
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select
from starlette.requests import HTTPConnection
from temporalio.client import Client

from api.services import Services, TemporalUnavailable
from domain.enums import Role
from domain.permissions import ROLE_PERMISSIONS, Permission
from domain.security import token_digest
from domain.timeutil import utcnow
from stores.conversations.store import ConversationStore
from stores.tables.workspaces import ApiKey, AuthSession, Membership, User, Workspace

SESSION_COOKIE = "fluxo_session"
CSRF_COOKIE = "fluxo_csrf"
CSRF_HEADER = "X-Fluxo-CSRF"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
API_KEY_TOUCH_INTERVAL = timedelta(minutes=1)


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
    """Who is asking, in which workspace, allowed to do what: a logged-in user or an API key."""

    workspace: Workspace
    permissions: frozenset[Permission]
    user: User | None = None
    role: Role | None = None
    api_key: ApiKey | None = None
    session_digest: str | None = None

    @property
    def workspace_id(self) -> uuid.UUID:
        return self.workspace.id

    @property
    def actor_user_id(self) -> uuid.UUID:
        """The person accountable: the user, or whoever created the API key."""
        if self.user is not None:
            return self.user.id
        assert self.api_key is not None
        return self.api_key.created_by_user_id

    @property
    def actor_api_key_id(self) -> uuid.UUID | None:
        return self.api_key.id if self.api_key else None


async def principal_from_token(session: AsyncSession, token: str | None) -> Principal | None:
    """The principal of a browser session cookie, or None."""
    if not token:
        return None
    digest = token_digest(token)
    # One round trip: every API request pays for this lookup.
    found = (
        await session.execute(
            select(AuthSession, User, Workspace, Membership)
            .join(User, col(User.id) == AuthSession.user_id)
            .join(Workspace, col(Workspace.id) == AuthSession.workspace_id)
            .join(
                Membership,
                and_(
                    col(Membership.workspace_id) == AuthSession.workspace_id,
                    col(Membership.user_id) == AuthSession.user_id,
                ),
            )
            .where(AuthSession.token_hash == digest)
        )
    ).first()
    if found is None:
        return None
    auth, user, workspace, membership = found
    if auth.expires_at <= utcnow():
        return None
    return Principal(
        workspace=workspace,
        permissions=ROLE_PERMISSIONS[membership.role],
        user=user,
        role=membership.role,
        session_digest=digest,
    )


async def principal_from_api_key(session: AsyncSession, key: str) -> Principal | None:
    api_key = (
        await session.execute(select(ApiKey).where(ApiKey.key_hash == token_digest(key)))
    ).scalar_one_or_none()
    if api_key is None or api_key.revoked_at is not None:
        return None
    workspace = await session.get(Workspace, api_key.workspace_id)
    if workspace is None:
        return None
    now = utcnow()
    # One write a minute at most: last-used is for people, not an exact counter.
    if api_key.last_used_at is None or now - api_key.last_used_at > API_KEY_TOUCH_INTERVAL:
        api_key.last_used_at = now
        await session.commit()
    # A key never outranks its creator today: demoted, it narrows; removed, it stops working.
    creator = await session.get(Membership, (api_key.workspace_id, api_key.created_by_user_id))
    if creator is None:
        return None
    scopes = frozenset(Permission(scope) for scope in api_key.scopes)
    return Principal(
        workspace=workspace,
        permissions=scopes & ROLE_PERMISSIONS[creator.role],
        api_key=api_key,
    )


async def get_principal(request: HTTPConnection, session: SessionDep) -> Principal:
    authorization = request.headers.get("authorization", "")
    scheme, _, credentials = authorization.partition(" ")
    if scheme.lower() == "bearer" and credentials:
        principal = await principal_from_api_key(session, credentials.strip())
        if principal is None:
            raise HTTPException(status.HTTP_401_UNAUTHORIZED, detail="Invalid or revoked API key.")
        return principal
    principal = await principal_from_token(session, request.cookies.get(SESSION_COOKIE))
    if principal is None:
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, detail="Log in to continue.")
    if not _csrf_ok(request):
        raise HTTPException(
            status.HTTP_403_FORBIDDEN,
            detail=f"Missing or wrong {CSRF_HEADER} header: send the {CSRF_COOKIE} cookie's value.",
        )
    return principal


def _csrf_ok(request: HTTPConnection) -> bool:
    """A cookie-authenticated change must echo the CSRF cookie, which other sites cannot read."""
    method = request.scope.get("method")
    if method is None or method in SAFE_METHODS:
        return True
    cookie = request.cookies.get(CSRF_COOKIE, "")
    header = request.headers.get(CSRF_HEADER, "")
    return bool(cookie) and hmac.compare_digest(cookie.encode(), header.encode())


CurrentPrincipal = Annotated[Principal, Depends(get_principal)]


def require(permission: Permission) -> Any:
    """A dependency that lets the request through only with `permission`; routes declare it."""

    def check(principal: CurrentPrincipal) -> Principal:
        if permission not in principal.permissions:
            who = f"Your role ({principal.role})" if principal.role else "This API key"
            raise HTTPException(
                status.HTTP_403_FORBIDDEN, detail=f"{who} does not allow {permission.value}."
            )
        return principal

    check.__name__ = f"require_{permission.name}"
    return Depends(check)


async def get_user_principal(principal: CurrentPrincipal) -> Principal:
    if principal.user is None:
        raise HTTPException(
            status.HTTP_403_FORBIDDEN, detail="This action needs a logged-in user, not an API key."
        )
    return principal


UserPrincipal = Annotated[Principal, Depends(get_user_principal)]


def same_origin(websocket: WebSocket) -> bool:
    """Browsers send cookies on cross-site WebSocket handshakes; Origin tells them apart."""
    origin = websocket.headers.get("origin")
    if origin is None:
        return True
    host = websocket.headers.get("host", "")
    return origin.split("://", 1)[-1] == host
