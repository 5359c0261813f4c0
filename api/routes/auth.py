"""Sign-up, log-in, log-out, password reset, who am I, and which workspace I am acting in."""

import logging
import uuid
from datetime import timedelta

from fastapi import APIRouter, BackgroundTasks, HTTPException, Request, Response, status
from pydantic import BaseModel, EmailStr, Field
from sqlalchemy import delete, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from api.audit import audit
from api.deps import CSRF_COOKIE, SESSION_COOKIE, Principal, ServicesDep, SessionDep, UserPrincipal
from api.ratelimits import limit_login, limit_password_reset, limit_signup
from api.schemas import (
    LoginRequest,
    Me,
    MembershipPublic,
    MembershipsPublic,
    SignupRequest,
    SwitchWorkspace,
    UserPublic,
    WorkspacePublic,
    errors,
)
from api.services import Services
from channels.email.account_mail import Mailer, OutgoingEmail
from domain.enums import Role
from domain.permissions import ROLE_PERMISSIONS
from domain.security import hash_password, new_token, token_digest, verify_password
from domain.timeutil import utcnow
from stores.tables.workspaces import AuthSession, Membership, PasswordResetToken, User, Workspace
from stores.workspaces import add_workspace

log = logging.getLogger(__name__)

router = APIRouter(prefix="/auth", tags=["auth"])

BAD_CREDENTIALS = "Incorrect e-mail or password."
RESET_REQUESTED = "If an account exists for this e-mail, we sent a link to reset the password."
RESET_INVALID = "This reset link is invalid or has expired."
RESET_LINK_LIFETIME = timedelta(hours=1)


def _me(principal: Principal, temporal_ui_url: str | None) -> Me:
    assert principal.user is not None and principal.role is not None
    return Me(
        user=UserPublic.model_validate(principal.user, from_attributes=True),
        workspace=WorkspacePublic.model_validate(principal.workspace, from_attributes=True),
        role=principal.role,
        permissions=sorted(principal.permissions),
        temporal_ui_url=temporal_ui_url,
    )


async def _start_session(
    session: AsyncSession,
    response: Response,
    services: Services,
    user: User,
    workspace: Workspace,
    role: Role,
) -> Me:
    """A new random token (never reused across log-ins) in an HttpOnly cookie."""
    token = new_token()
    lifetime = timedelta(days=services.settings.session_days)
    session.add(
        AuthSession(
            token_hash=token_digest(token),
            user_id=user.id,
            workspace_id=workspace.id,
            expires_at=utcnow() + lifetime,
        )
    )
    await session.commit()
    response.set_cookie(
        SESSION_COOKIE,
        token,
        max_age=int(lifetime.total_seconds()),
        httponly=True,
        secure=services.settings.secure_cookies,
        samesite="lax",
        path="/",
    )
    # Readable by the page's script, which echoes it in a header (double-submit CSRF check).
    response.set_cookie(
        CSRF_COOKIE,
        new_token(),
        max_age=int(lifetime.total_seconds()),
        httponly=False,
        secure=services.settings.secure_cookies,
        samesite="lax",
        path="/",
    )
    principal = Principal(
        workspace=workspace, permissions=ROLE_PERMISSIONS[role], user=user, role=role
    )
    return _me(principal, services.settings.temporal_ui_url)


@router.post(
    "/signup", response_model=Me, status_code=status.HTTP_201_CREATED, responses=errors(409, 429)
)
async def signup(
    body: SignupRequest,
    request: Request,
    response: Response,
    session: SessionDep,
    services: ServicesDep,
) -> Me:
    """Creates an account, its first workspace (owned by it) and a web chat channel."""
    await limit_signup(services.rate_limiter, request)
    email = body.email.lower()
    if (await session.execute(select(User).where(User.email == email))).first() is not None:
        raise HTTPException(
            status.HTTP_409_CONFLICT,
            detail="An account with this e-mail already exists: log in instead.",
        )
    user = User(email=email, full_name=body.full_name, password_hash=hash_password(body.password))
    workspace = await add_workspace(session, body.workspace_name, user)
    audit(
        session,
        request,
        workspace_id=workspace.id,
        action="workspace.created",
        actor_user_id=user.id,
    )
    return await _start_session(session, response, services, user, workspace, Role.owner)


@router.post("/login", response_model=Me, responses=errors(401, 403, 429))
async def login(
    body: LoginRequest,
    request: Request,
    response: Response,
    session: SessionDep,
    services: ServicesDep,
) -> Me:
    await limit_login(services.rate_limiter, request, body.email)
    user = (
        await session.execute(select(User).where(User.email == body.email.lower()))
    ).scalar_one_or_none()
    memberships = (
        (
            await session.execute(
                select(Membership)
                .where(Membership.user_id == user.id)
                .order_by(col(Membership.created_at))
            )
        )
        .scalars()
        .all()
        if user is not None
        else []
    )
    # Verify even for an unknown e-mail, so timing does not reveal which accounts exist.
    if not verify_password(user.password_hash if user else None, body.password) or user is None:
        for membership in memberships:
            audit(
                session,
                request,
                workspace_id=membership.workspace_id,
                action="login.failed",
                target_type="user",
                target_id=str(membership.user_id),
            )
        await session.commit()
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, detail=BAD_CREDENTIALS)
    if not memberships:
        raise HTTPException(status.HTTP_403_FORBIDDEN, detail="This account has no workspace.")
    first = memberships[0]
    workspace = await session.get(Workspace, first.workspace_id)
    assert workspace is not None
    audit(
        session, request, workspace_id=workspace.id, action="login.succeeded", actor_user_id=user.id
    )
    return await _start_session(session, response, services, user, workspace, first.role)


@router.post("/logout", status_code=status.HTTP_204_NO_CONTENT)
async def logout(request: Request, response: Response, session: SessionDep) -> None:
    token = request.cookies.get(SESSION_COOKIE)
    if token:
        auth = await session.get(AuthSession, token_digest(token))
        if auth is not None:
            await session.delete(auth)
            await session.commit()
    response.delete_cookie(SESSION_COOKIE, path="/")
    response.delete_cookie(CSRF_COOKIE, path="/")


@router.get("/me", response_model=Me, responses=errors(401, 403))
async def me(principal: UserPrincipal, services: ServicesDep) -> Me:
    return _me(principal, services.settings.temporal_ui_url)


@router.get("/workspaces", response_model=MembershipsPublic, responses=errors(401, 403))
async def list_my_workspaces(principal: UserPrincipal, session: SessionDep) -> MembershipsPublic:
    """Every workspace the logged-in user belongs to, for the workspace switcher."""
    assert principal.user is not None
    rows = (
        await session.execute(
            select(Membership, Workspace)
            .join(Workspace, col(Workspace.id) == Membership.workspace_id)
            .where(Membership.user_id == principal.user.id)
            .order_by(col(Workspace.name))
        )
    ).all()
    return MembershipsPublic(
        data=[
            MembershipPublic(
                workspace=WorkspacePublic.model_validate(workspace, from_attributes=True),
                role=membership.role,
            )
            for membership, workspace in rows
        ]
    )


@router.post("/workspace", response_model=Me, responses=errors(401, 403, 404))
async def switch_workspace(
    body: SwitchWorkspace,
    principal: UserPrincipal,
    session: SessionDep,
    services: ServicesDep,
) -> Me:
    """Moves this browser session to another workspace the user belongs to."""
    assert principal.user is not None and principal.session_digest is not None
    membership = await session.get(Membership, (body.workspace_id, principal.user.id))
    workspace = await session.get(Workspace, body.workspace_id)
    if membership is None or workspace is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail="Workspace not found.")
    auth = await session.get(AuthSession, principal.session_digest)
    assert auth is not None
    auth.workspace_id = workspace.id
    await session.commit()
    switched = Principal(
        workspace=workspace,
        permissions=ROLE_PERMISSIONS[membership.role],
        user=principal.user,
        role=membership.role,
    )
    return _me(switched, services.settings.temporal_ui_url)


class PasswordResetRequest(BaseModel):
    email: EmailStr


class PasswordResetRequested(BaseModel):
    detail: str = Field(examples=[RESET_REQUESTED])


class PasswordResetConfirm(BaseModel):
    new_password: str = Field(min_length=10, max_length=200, description="At least 10 characters.")


async def revoke_reset_links(session: AsyncSession, user_id: uuid.UUID) -> None:
    """Marks every outstanding reset link of the user used: a new password outdates them."""
    await session.execute(
        update(PasswordResetToken)
        .where(
            col(PasswordResetToken.user_id) == user_id,
            col(PasswordResetToken.used_at).is_(None),
        )
        .values(used_at=utcnow())
    )


async def _send_reset_link(mailer: Mailer, to: str, link: str) -> None:
    """Runs after the answer has gone out: its duration and outcome must not reveal the account."""
    email = OutgoingEmail(
        to=to,
        subject="Reset your Fluxo password",
        text=(
            "Someone (hopefully you) asked to reset the password of your Fluxo account.\n\n"
            f"Choose a new password here; the link works once, within an hour:\n{link}\n\n"
            "If you did not ask for this, ignore this e-mail: your password stays as it is.\n"
        ),
    )
    try:
        await mailer.send(email)
    except Exception:
        # Nobody is waiting for this answer any more; the user can ask for another link.
        log.exception("the password reset e-mail could not be sent")


@router.post(
    "/password-reset",
    response_model=PasswordResetRequested,
    status_code=status.HTTP_202_ACCEPTED,
    responses=errors(429),
)
async def request_password_reset(
    body: PasswordResetRequest,
    request: Request,
    background: BackgroundTasks,
    session: SessionDep,
    services: ServicesDep,
) -> PasswordResetRequested:
    """E-mails a one-time link to reset the password. The answer is the same whether or not an
    account has this e-mail, so it cannot be used to find out who has an account."""
    await limit_password_reset(services.rate_limiter, request, body.email)
    # The token is made and hashed in both branches, and the e-mail goes out after the answer,
    # so both branches take about as long.
    token = new_token()
    digest = token_digest(token)
    user = (
        await session.execute(select(User).where(User.email == body.email.lower()))
    ).scalar_one_or_none()
    if user is not None:
        session.add(
            PasswordResetToken(
                token_hash=digest, user_id=user.id, expires_at=utcnow() + RESET_LINK_LIFETIME
            )
        )
        await session.commit()
        # The configured public URL when there is one: the Host header is the caller's to choose,
        # and a forged one would otherwise send the victim a link to the attacker's site.
        base = services.settings.public_url or str(request.base_url)
        link = f"{base.rstrip('/')}/reset-password/{token}"
        background.add_task(_send_reset_link, services.mailer, user.email, link)
    return PasswordResetRequested(detail=RESET_REQUESTED)


@router.post(
    "/password-reset/{token}", status_code=status.HTTP_204_NO_CONTENT, responses=errors(400)
)
async def reset_password(
    token: str, body: PasswordResetConfirm, request: Request, session: SessionDep
) -> None:
    """Sets a new password with a reset link, and logs the account out everywhere."""
    now = utcnow()
    digest = token_digest(token)
    # One conditional UPDATE claims the link, so two concurrent uses cannot both succeed.
    claimed = await session.execute(
        update(PasswordResetToken)
        .where(
            col(PasswordResetToken.token_hash) == digest,
            col(PasswordResetToken.used_at).is_(None),
            col(PasswordResetToken.expires_at) > now,
        )
        .values(used_at=now)
    )
    if claimed.rowcount != 1:  # type: ignore[attr-defined]
        await session.rollback()
        raise HTTPException(status.HTTP_400_BAD_REQUEST, detail=RESET_INVALID)
    reset = await session.get(PasswordResetToken, digest)
    assert reset is not None
    user = await session.get(User, reset.user_id)
    assert user is not None
    user.password_hash = hash_password(body.new_password)
    await revoke_reset_links(session, user.id)
    await session.execute(delete(AuthSession).where(col(AuthSession.user_id) == user.id))
    workspace_ids = (
        await session.execute(select(Membership.workspace_id).where(Membership.user_id == user.id))
    ).scalars()
    for workspace_id in workspace_ids:
        audit(
            session,
            request,
            workspace_id=workspace_id,
            action="password.reset",
            actor_user_id=user.id,
            target_type="user",
            target_id=str(user.id),
        )
    await session.commit()
