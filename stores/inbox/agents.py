"""Who works the inbox: the workspace's members whose role allows replying."""

import uuid
from collections.abc import Collection

from pydantic import BaseModel
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from domain.enums import Role
from domain.permissions import Permission, can
from stores.inbox.errors import InboxInputError
from stores.tables.workspaces import Membership, User


class InboxAgent(BaseModel):
    id: uuid.UUID
    full_name: str
    email: str
    role: Role


def display_name(user: User) -> str:
    """What agents call each other: the full name, else the e-mail."""
    return user.full_name.strip() or user.email


async def inbox_agents(session: AsyncSession, workspace_id: uuid.UUID) -> list[InboxAgent]:
    """Members who may be assigned conversations, by name."""
    rows = await session.execute(
        select(User, Membership.role)
        .join(Membership, col(Membership.user_id) == User.id)
        .where(Membership.workspace_id == workspace_id)
        .order_by(col(User.full_name), col(User.email))
    )
    return [
        InboxAgent(id=user.id, full_name=user.full_name, email=user.email, role=Role(role))
        for user, role in rows
        if can(Role(role), Permission.inbox_reply)
    ]


async def require_agents(
    session: AsyncSession,
    workspace_id: uuid.UUID,
    user_ids: Collection[uuid.UUID],
    loc: tuple[str, ...],
) -> None:
    """Raises `InboxInputError` at `loc` unless every id is an agent of this workspace.

    A user of another workspace gets the same answer as an unknown id: nothing leaks."""
    if not user_ids:
        return
    rows = await session.execute(
        select(Membership.user_id, Membership.role).where(
            Membership.workspace_id == workspace_id, col(Membership.user_id).in_(list(user_ids))
        )
    )
    agents = {user_id for user_id, role in rows if can(Role(role), Permission.inbox_reply)}
    missing = sorted(str(user_id) for user_id in set(user_ids) - agents)
    if missing:
        raise InboxInputError(
            loc,
            f"not a member of this workspace who can answer conversations: {', '.join(missing)}",
        )
