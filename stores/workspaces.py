"""A new workspace as every business starts it: its owner and a web chat channel."""

from sqlalchemy.ext.asyncio import AsyncSession

from domain.enums import ChannelKind, Role
from domain.security import new_public_key
from stores.tables.conversations import Channel
from stores.tables.workspaces import Membership, User, Workspace


async def add_workspace(session: AsyncSession, name: str, owner: User) -> Workspace:
    """Adds the rows to the caller's transaction (the owner may be new in it too)."""
    workspace = Workspace(name=name)
    session.add_all([owner, workspace])
    await session.flush()
    session.add(Membership(workspace_id=workspace.id, user_id=owner.id, role=Role.owner))
    session.add(
        Channel(
            workspace_id=workspace.id,
            kind=ChannelKind.webchat,
            name="Website chat",
            public_key=new_public_key(),
        )
    )
    return workspace
