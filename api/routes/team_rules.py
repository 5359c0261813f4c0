"""Rules and queries the team and invitation routes share: who may touch owners, which
invitations are still pending, and the invitation e-mail."""

import uuid
from datetime import timedelta
from typing import Annotated, Any

from fastapi import HTTPException, status
from pydantic import StringConstraints
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from api.deps import Principal
from channels.email.account_mail import OutgoingEmail
from domain.enums import Role
from domain.timeutil import utcnow
from stores.tables.workspaces import Invitation, Membership, User, Workspace

INVITATION_LIFETIME = timedelta(days=7)
NEED_AN_OWNER = "A workspace needs at least one owner."
ONLY_OWNERS = "Only an owner can give, take or remove the owner role."
MEMBER_NOT_FOUND = "This user is not a member of the workspace."
INVITATION_INVALID = "This invitation is invalid or has expired."

# No control characters: they have no place in a name, and PostgreSQL refuses NUL in text.
PRINTABLE = r"^[^\x00-\x1f\x7f]*$"
FullName = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200, pattern=PRINTABLE)
]


def is_owner(principal: Principal) -> bool:
    """API keys are never owners, whoever created them: owner changes need the person."""
    return principal.role == Role.owner


def require_owner_for(principal: Principal, *roles: Role) -> None:
    """403 when the owner role is involved and the caller is not an owner."""
    if Role.owner in roles and not is_owner(principal):
        raise HTTPException(status.HTTP_403_FORBIDDEN, detail=ONLY_OWNERS)


async def ensure_another_owner(
    session: AsyncSession, workspace_id: uuid.UUID, user_id: uuid.UUID
) -> None:
    """409 unless an owner besides `user_id` remains.

    The owner rows are locked (FOR UPDATE on PostgreSQL; SQLite serialises writers anyway), so
    two owners demoting or removing each other at the same time cannot both succeed: the second
    re-reads the rows after the first commits and finds itself the last owner.
    """
    owners = (
        await session.execute(
            select(Membership.user_id)
            .where(Membership.workspace_id == workspace_id, Membership.role == Role.owner)
            .with_for_update()
        )
    ).scalars()
    if not any(owner != user_id for owner in owners):
        raise HTTPException(status.HTTP_409_CONFLICT, detail=NEED_AN_OWNER)


async def find_member(
    session: AsyncSession, workspace_id: uuid.UUID, user_id: uuid.UUID
) -> tuple[Membership, User]:
    """The membership in this workspace only: 404 for anyone else, wherever they belong."""
    membership = await session.get(Membership, (workspace_id, user_id))
    user = await session.get(User, user_id) if membership is not None else None
    if membership is None or user is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail=MEMBER_NOT_FOUND)
    return membership, user


def pending() -> tuple[Any, ...]:
    """WHERE conditions of an invitation that can still be accepted."""
    return (
        col(Invitation.accepted_at).is_(None),
        col(Invitation.revoked_at).is_(None),
        col(Invitation.expires_at) > utcnow(),
    )


async def is_member(session: AsyncSession, workspace_id: uuid.UUID, email: str) -> bool:
    found = await session.execute(
        select(Membership.user_id)
        .join(User, col(User.id) == Membership.user_id)
        .where(Membership.workspace_id == workspace_id, User.email == email)
    )
    return found.first() is not None


async def has_pending_invitation(
    session: AsyncSession, workspace_id: uuid.UUID, email: str
) -> bool:
    found = await session.execute(
        select(Invitation.id).where(
            Invitation.workspace_id == workspace_id, Invitation.email == email, *pending()
        )
    )
    return found.first() is not None


def invitation_email(
    workspace: Workspace, inviter: User, invitation: Invitation, link: str
) -> OutgoingEmail:
    # Names are free text: folding whitespace keeps a line break out of the Subject header.
    workspace_name = " ".join(workspace.name.split())
    inviter_name = " ".join(inviter.full_name.split()) or inviter.email
    return OutgoingEmail(
        to=invitation.email,
        subject=f"You are invited to {workspace_name} on Fluxo",
        text=(
            f"{inviter_name} invited you to join {workspace_name} on Fluxo "
            f"as {invitation.role}.\n\n"
            f"Accept the invitation here; the link works once, within 7 days:\n{link}\n\n"
            "If you did not expect this invitation, ignore this e-mail.\n"
        ),
    )
