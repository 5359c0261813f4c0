from datetime import timedelta

from fastapi import APIRouter, HTTPException, Request, Response, status
from sqlmodel import col, select

from api.deps import (
    SESSION_COOKIE,
    CurrentPrincipal,
    ServicesDep,
    SessionDep,
    principal_from_token,
)
from api.schemas import LoginRequest, Me, UserPublic, WorkspacePublic, errors
from domain.models import AuthSession, Membership, User
from domain.security import new_token, token_digest, verify_password
from domain.timeutil import utcnow

router = APIRouter(prefix="/auth", tags=["auth"])

BAD_CREDENTIALS = "Incorrect e-mail or password."


def _me(principal: CurrentPrincipal, temporal_ui_url: str | None) -> Me:
    return Me(
        user=UserPublic.model_validate(principal.user, from_attributes=True),
        workspace=WorkspacePublic.model_validate(principal.workspace, from_attributes=True),
        role=principal.role,
        temporal_ui_url=temporal_ui_url,
    )


@router.post("/login", response_model=Me, responses=errors(401, 403))
async def login(
    body: LoginRequest, response: Response, session: SessionDep, services: ServicesDep
) -> Me:
    user = (
        await session.execute(select(User).where(User.email == body.email.lower()))
    ).scalar_one_or_none()
    # Verify even for an unknown e-mail, so timing does not reveal which accounts exist.
    if not verify_password(user.password_hash if user else None, body.password) or user is None:
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, detail=BAD_CREDENTIALS)
    membership = (
        (
            await session.execute(
                select(Membership)
                .where(Membership.user_id == user.id)
                .order_by(col(Membership.created_at))
            )
        )
        .scalars()
        .first()
    )
    if membership is None:
        raise HTTPException(status.HTTP_403_FORBIDDEN, detail="This account has no workspace yet.")

    token = new_token()
    lifetime = timedelta(days=services.settings.session_days)
    session.add(
        AuthSession(
            token_hash=token_digest(token),
            user_id=user.id,
            workspace_id=membership.workspace_id,
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
    principal = await principal_from_token(session, token)
    assert principal is not None
    return _me(principal, services.settings.temporal_ui_url)


@router.post("/logout", status_code=status.HTTP_204_NO_CONTENT)
async def logout(request: Request, response: Response, session: SessionDep) -> None:
    token = request.cookies.get(SESSION_COOKIE)
    if token:
        auth = await session.get(AuthSession, token_digest(token))
        if auth is not None:
            await session.delete(auth)
            await session.commit()
    response.delete_cookie(SESSION_COOKIE, path="/")


@router.get("/me", response_model=Me, responses=errors(401))
async def me(principal: CurrentPrincipal, services: ServicesDep) -> Me:
    return _me(principal, services.settings.temporal_ui_url)
