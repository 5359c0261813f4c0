"""The logged-in user's own account: profile and password."""

from typing import Annotated

from fastapi import APIRouter, HTTPException, Request, Response, status
from pydantic import BaseModel, Field, StringConstraints, model_validator
from sqlalchemy import delete
from sqlmodel import col

from api.audit import audit
from api.deps import ServicesDep, SessionDep, UserPrincipal
from api.routes.auth import _start_session, revoke_reset_links
from api.schemas import UserPublic, errors
from domain.security import hash_password, verify_password
from stores.tables.workspaces import AuthSession

router = APIRouter(prefix="/account", tags=["account"])

WRONG_CURRENT_PASSWORD = "The current password is incorrect."


FullName = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]


class ProfileUpdate(BaseModel):
    full_name: FullName


class PasswordChange(BaseModel):
    current_password: str = Field(min_length=1, max_length=200)
    new_password: str = Field(
        min_length=10, max_length=200, description="At least 10 characters; not the current one."
    )

    @model_validator(mode="after")
    def _new_differs(self) -> "PasswordChange":
        if self.new_password == self.current_password:
            raise ValueError("The new password must differ from the current one.")
        return self


@router.get("/profile", response_model=UserPublic, responses=errors(401, 403))
async def get_profile(principal: UserPrincipal) -> UserPublic:
    return UserPublic.model_validate(principal.user, from_attributes=True)


@router.patch("/profile", response_model=UserPublic, responses=errors(401, 403))
async def update_profile(
    body: ProfileUpdate, principal: UserPrincipal, session: SessionDep
) -> UserPublic:
    user = principal.user
    assert user is not None
    # The principal's user was loaded in this request's session, so this change is tracked.
    user.full_name = body.full_name
    await session.commit()
    return UserPublic.model_validate(user, from_attributes=True)


@router.post("/password", status_code=status.HTTP_204_NO_CONTENT, responses=errors(400, 401, 403))
async def change_password(
    body: PasswordChange,
    principal: UserPrincipal,
    request: Request,
    response: Response,
    session: SessionDep,
    services: ServicesDep,
) -> None:
    """Logs out every other session of the user; this one continues with a new cookie."""
    user, role = principal.user, principal.role
    assert user is not None and role is not None
    if not verify_password(user.password_hash, body.current_password):
        raise HTTPException(status.HTTP_400_BAD_REQUEST, detail=WRONG_CURRENT_PASSWORD)
    user.password_hash = hash_password(body.new_password)
    await revoke_reset_links(session, user.id)
    # Every session of the user, in every workspace, this one included: whoever knew the old
    # password may hold one. The caller gets a fresh token below, in the same workspace.
    await session.execute(delete(AuthSession).where(col(AuthSession.user_id) == user.id))
    audit(
        session,
        request,
        workspace_id=principal.workspace_id,
        action="password.changed",
        actor_user_id=user.id,
        target_type="user",
        target_id=str(user.id),
    )
    # One commit for all of it, inside _start_session: the password, the logged-out sessions,
    # the audit event and the new session are kept together or not at all.
    await _start_session(session, response, services, user, principal.workspace, role)
