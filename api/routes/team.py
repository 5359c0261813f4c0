"""The workspace's members and the invitations sent to join it."""

import logging
import uuid
from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, HTTPException, Request, status
from pydantic import BaseModel, EmailStr
from sqlalchemy import delete
from sqlmodel import col, select

from api.audit import audit_by
from api.deps import Principal, ServicesDep, SessionDep, UserPrincipal, require
from api.routes.team_rules import (
    INVITATION_LIFETIME,
    ensure_another_owner,
    find_member,
    has_pending_invitation,
    invitation_email,
    is_member,
    pending,
    require_owner_for,
)
from api.schemas import errors
from channels.email.account_mail import MailerError
from domain.enums import Role
from domain.permissions import Permission
from domain.security import new_token, token_digest
from domain.timeutil import utcnow
from stores.tables.workspaces import AuthSession, Invitation, Membership, User

log = logging.getLogger(__name__)

router = APIRouter(prefix="/team", tags=["team"], responses=errors(401, 403))

TeamReader = Annotated[Principal, require(Permission.team_read)]
TeamManager = Annotated[Principal, require(Permission.team_manage)]

INVITATION_NOT_FOUND = "Invitation not found, or no longer pending."
MAIL_FAILED = (
    "The invitation e-mail could not be sent, so no invitation was created; "
    "try again in a few minutes."
)


class MemberPublic(BaseModel):
    user_id: uuid.UUID
    email: str
    full_name: str
    role: Role
    joined_at: datetime


class MembersPublic(BaseModel):
    data: list[MemberPublic]


class MemberUpdate(BaseModel):
    role: Role


class InvitationCreate(BaseModel):
    email: EmailStr
    role: Role


class InvitationPublic(BaseModel):
    id: uuid.UUID
    email: str
    role: Role
    invited_by_email: str
    created_at: datetime
    expires_at: datetime


class InvitationsPublic(BaseModel):
    data: list[InvitationPublic]


def _member(membership: Membership, user: User) -> MemberPublic:
    return MemberPublic(
        user_id=user.id,
        email=user.email,
        full_name=user.full_name,
        role=membership.role,
        joined_at=membership.created_at,
    )


def _invitation(invitation: Invitation, invited_by_email: str) -> InvitationPublic:
    return InvitationPublic(
        id=invitation.id,
        email=invitation.email,
        role=invitation.role,
        invited_by_email=invited_by_email,
        created_at=invitation.created_at,
        expires_at=invitation.expires_at,
    )


@router.get("/members", response_model=MembersPublic)
async def list_members(reader: TeamReader, session: SessionDep) -> MembersPublic:
    rows = await session.execute(
        select(Membership, User)
        .join(User, col(User.id) == Membership.user_id)
        .where(Membership.workspace_id == reader.workspace_id)
        .order_by(col(User.email))
    )
    return MembersPublic(data=[_member(membership, user) for membership, user in rows])


@router.patch("/members/{user_id}", response_model=MemberPublic, responses=errors(404, 409))
async def change_member_role(
    user_id: uuid.UUID,
    body: MemberUpdate,
    manager: TeamManager,
    request: Request,
    session: SessionDep,
) -> MemberPublic:
    """Only owners give or take the owner role, and the last owner keeps it."""
    membership, user = await find_member(session, manager.workspace_id, user_id)
    old = membership.role
    require_owner_for(manager, old, body.role)
    if body.role == old:
        return _member(membership, user)
    if old == Role.owner:
        await ensure_another_owner(session, manager.workspace_id, user_id)
    membership.role = body.role
    audit_by(
        session,
        request,
        manager,
        "member.role_changed",
        target_type="user",
        target_id=str(user_id),
        details={"from": old.value, "to": body.role.value},
    )
    await session.commit()
    return _member(membership, user)


@router.delete(
    "/members/{user_id}", status_code=status.HTTP_204_NO_CONTENT, responses=errors(404, 409)
)
async def remove_member(
    user_id: uuid.UUID, manager: TeamManager, request: Request, session: SessionDep
) -> None:
    """Removes the member and ends their sessions in this workspace at once."""
    membership, user = await find_member(session, manager.workspace_id, user_id)
    require_owner_for(manager, membership.role)
    if membership.role == Role.owner:
        await ensure_another_owner(session, manager.workspace_id, user_id)
    await session.delete(membership)
    await session.execute(
        delete(AuthSession).where(
            col(AuthSession.user_id) == user_id,
            col(AuthSession.workspace_id) == manager.workspace_id,
        )
    )
    audit_by(
        session,
        request,
        manager,
        "member.removed",
        target_type="user",
        target_id=str(user_id),
        details={"email": user.email, "role": membership.role.value},
    )
    await session.commit()


@router.get("/invitations", response_model=InvitationsPublic)
async def list_invitations(manager: TeamManager, session: SessionDep) -> InvitationsPublic:
    """Pending invitations only: not accepted, revoked or expired; newest first."""
    rows = await session.execute(
        select(Invitation, User.email)
        .join(User, col(User.id) == Invitation.invited_by_user_id)
        .where(Invitation.workspace_id == manager.workspace_id, *pending())
        .order_by(col(Invitation.created_at).desc())
    )
    return InvitationsPublic(data=[_invitation(row, email) for row, email in rows])


@router.post(
    "/invitations",
    response_model=InvitationPublic,
    status_code=status.HTTP_201_CREATED,
    responses=errors(409, 502),
    dependencies=[require(Permission.team_manage)],
)
async def create_invitation(
    body: InvitationCreate,
    principal: UserPrincipal,
    request: Request,
    session: SessionDep,
    services: ServicesDep,
) -> InvitationPublic:
    """E-mails a link to join this workspace with `role`; it works once, within 7 days."""
    inviter = principal.user
    assert inviter is not None
    email = body.email.lower()
    require_owner_for(principal, body.role)
    if await is_member(session, principal.workspace_id, email):
        raise HTTPException(
            status.HTTP_409_CONFLICT, detail=f"{email} is already a member of this workspace."
        )
    if await has_pending_invitation(session, principal.workspace_id, email):
        raise HTTPException(
            status.HTTP_409_CONFLICT,
            detail=f"{email} already has a pending invitation: revoke it to send a new one.",
        )
    token = new_token()
    invitation = Invitation(
        workspace_id=principal.workspace_id,
        email=email,
        role=body.role,
        token_hash=token_digest(token),
        invited_by_user_id=inviter.id,
        expires_at=utcnow() + INVITATION_LIFETIME,
    )
    # The configured public URL when there is one: behind a proxy the request's own URL may be
    # an internal address that the invitee cannot open.
    base = services.settings.public_url or str(request.base_url)
    link = f"{base.rstrip('/')}/invite/{token}"
    # Sent before anything is written, so a failed send keeps nothing and no write lock is held
    # (on SQLite, for every writer) while the provider answers.
    try:
        await services.mailer.send(invitation_email(principal.workspace, inviter, invitation, link))
    except MailerError as error:
        log.warning("the invitation e-mail could not be sent: %s", error)
        raise HTTPException(status.HTTP_502_BAD_GATEWAY, detail=MAIL_FAILED) from error
    session.add(invitation)
    audit_by(
        session,
        request,
        principal,
        "invitation.created",
        target_type="invitation",
        target_id=str(invitation.id),
        details={"email": email, "role": body.role.value},
    )
    await session.commit()
    return _invitation(invitation, inviter.email)


@router.delete(
    "/invitations/{invitation_id}", status_code=status.HTTP_204_NO_CONTENT, responses=errors(404)
)
async def revoke_invitation(
    invitation_id: uuid.UUID, manager: TeamManager, request: Request, session: SessionDep
) -> None:
    invitation = (
        await session.execute(
            select(Invitation)
            .where(
                Invitation.id == invitation_id,
                Invitation.workspace_id == manager.workspace_id,
                *pending(),
            )
            # Locked, so an acceptance running at the same time either wins or finds it revoked.
            .with_for_update()
        )
    ).scalar_one_or_none()
    if invitation is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail=INVITATION_NOT_FOUND)
    invitation.revoked_at = utcnow()
    audit_by(
        session,
        request,
        manager,
        "invitation.revoked",
        target_type="invitation",
        target_id=str(invitation.id),
        details={"email": invitation.email},
    )
    await session.commit()
