"""Opening and accepting an invitation link. Anonymous by design: the token is the credential."""

from fastapi import APIRouter, HTTPException, Request, Response, status
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel, Field
from sqlalchemy import delete, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from api.audit import audit
from api.deps import SESSION_COOKIE, ServicesDep, SessionDep, principal_from_token
from api.ratelimits import limit_login
from api.routes.auth import _start_session
from api.routes.team_rules import INVITATION_INVALID, FullName, pending
from api.schemas import Me, errors
from api.services import Services
from domain.enums import Role
from domain.security import hash_password, token_digest, verify_password
from domain.timeutil import utcnow
from stores.tables.workspaces import AuthSession, Invitation, Membership, User, Workspace

router = APIRouter(prefix="/invitations", tags=["invitations"], responses=errors(404))

WRONG_PASSWORD = "Incorrect password."
PASSWORD_NEEDED = "Enter the password of your Fluxo account to accept this invitation."
ACCOUNT_RACE = "An account with this e-mail was just created: open the link again and log in."
MIN_PASSWORD = 10


class InvitationPreview(BaseModel):
    workspace_name: str
    email: str
    role: Role
    account_exists: bool = Field(
        description="True: accept with the account's password. False: choose a name and password."
    )


class InvitationAccept(BaseModel):
    full_name: FullName | None = Field(default=None, description="Needed for a new account.")
    password: str | None = Field(
        default=None,
        max_length=200,
        description="A new account's password (at least 10 characters), or the existing "
        "account's; not needed when logged in as the invited account.",
    )


async def _pending(session: AsyncSession, token: str) -> tuple[Invitation, Workspace]:
    invitation = (
        await session.execute(
            select(Invitation).where(Invitation.token_hash == token_digest(token), *pending())
        )
    ).scalar_one_or_none()
    workspace = await session.get(Workspace, invitation.workspace_id) if invitation else None
    if invitation is None or workspace is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail=INVITATION_INVALID)
    return invitation, workspace


async def _user_by_email(session: AsyncSession, email: str) -> User | None:
    found = await session.execute(select(User).where(User.email == email))
    return found.scalar_one_or_none()


def _missing(field: str, message: str) -> RequestValidationError:
    """The same 422 shape as FastAPI's own validation errors, pointing at the field."""
    return RequestValidationError(
        [{"type": "value_error", "loc": ("body", field), "msg": message, "input": None}]
    )


def _new_account(email: str, body: InvitationAccept) -> User:
    if body.full_name is None:
        raise _missing("full_name", "Enter your name to create your account.")
    if body.password is None or len(body.password) < MIN_PASSWORD:
        raise _missing("password", f"Choose a password of at least {MIN_PASSWORD} characters.")
    return User(email=email, full_name=body.full_name, password_hash=hash_password(body.password))


async def _check_existing_account(
    user: User, body: InvitationAccept, request: Request, session: AsyncSession, services: Services
) -> None:
    """The account's own session cookie, or its password (throttled like a log-in)."""
    current = await principal_from_token(session, request.cookies.get(SESSION_COOKIE))
    if current is not None and current.user is not None and current.user.id == user.id:
        return
    if body.password is None:
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, detail=PASSWORD_NEEDED)
    await limit_login(services.rate_limiter, request, user.email)
    if not verify_password(user.password_hash, body.password):
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, detail=WRONG_PASSWORD)


@router.get("/{token}", response_model=InvitationPreview)
async def read_invitation(token: str, session: SessionDep) -> InvitationPreview:
    """What the link offers, and whether the invited e-mail already has an account."""
    invitation, workspace = await _pending(session, token)
    return InvitationPreview(
        workspace_name=workspace.name,
        email=invitation.email,
        role=invitation.role,
        account_exists=await _user_by_email(session, invitation.email) is not None,
    )


@router.post("/{token}/accept", response_model=Me, responses=errors(401, 409, 429))
async def accept_invitation(
    token: str,
    body: InvitationAccept,
    request: Request,
    response: Response,
    session: SessionDep,
    services: ServicesDep,
) -> Me:
    """Joins the workspace (creating the account if the e-mail has none) and logs in to it."""
    invitation, workspace = await _pending(session, token)
    user = await _user_by_email(session, invitation.email)
    new_account = user is None
    if user is None:
        user = _new_account(invitation.email, body)
    else:
        await _check_existing_account(user, body, request, session, services)
    # One conditional UPDATE claims the invitation, so two concurrent acceptances (or an
    # acceptance racing a revocation) cannot both succeed.
    claimed = await session.execute(
        update(Invitation)
        .where(col(Invitation.id) == invitation.id, *pending())
        .values(accepted_at=utcnow())
    )
    if claimed.rowcount != 1:  # type: ignore[attr-defined]
        await session.rollback()
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail=INVITATION_INVALID)
    # This browser's previous session, if any, is replaced by the new cookie: end it too.
    previous = request.cookies.get(SESSION_COOKIE)
    if previous:
        await session.execute(
            delete(AuthSession).where(col(AuthSession.token_hash) == token_digest(previous))
        )
    membership = None if new_account else await session.get(Membership, (workspace.id, user.id))
    if new_account:
        session.add(user)
        try:
            # Flushed on its own, before the rows that refer to it.
            await session.flush()
        except IntegrityError as error:
            # A sign-up with the same e-mail committed between our look-up and this insert.
            await session.rollback()
            raise HTTPException(status.HTTP_409_CONFLICT, detail=ACCOUNT_RACE) from error
    if membership is None:
        membership = Membership(workspace_id=workspace.id, user_id=user.id, role=invitation.role)
        session.add(membership)
    audit(
        session,
        request,
        workspace_id=workspace.id,
        action="invitation.accepted",
        actor_user_id=user.id,
        target_type="invitation",
        target_id=str(invitation.id),
        details={"email": invitation.email, "role": invitation.role.value},
    )
    return await _start_session(session, response, services, user, workspace, membership.role)
