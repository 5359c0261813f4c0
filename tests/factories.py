"""Rows tests need. Each test makes its own workspace, so tests never see each other's data."""

import secrets
import uuid
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from domain.enums import ChannelKind, Role
from domain.security import hash_password, new_public_key
from stores.tables.conversations import Channel
from stores.tables.workspaces import Membership, User, Workspace


@dataclass(frozen=True)
class WorkspaceFixture:
    workspace_id: uuid.UUID
    user_id: uuid.UUID
    email: str
    password: str
    channel_id: uuid.UUID
    channel_key: str


async def create_workspace(
    sessions: async_sessionmaker[AsyncSession], role: Role = Role.owner
) -> WorkspaceFixture:
    password = secrets.token_urlsafe(12)
    email = f"agent-{uuid.uuid4().hex[:10]}@example.com"
    async with sessions() as session, session.begin():
        workspace = Workspace(name=f"Workspace {email}")
        user = User(email=email, full_name="Test Agent", password_hash=hash_password(password))
        session.add_all([workspace, user])
        await session.flush()
        session.add(Membership(workspace_id=workspace.id, user_id=user.id, role=role))
        channel = Channel(
            workspace_id=workspace.id,
            kind=ChannelKind.webchat,
            name="Site chat",
            public_key=new_public_key(),
        )
        session.add(channel)
        await session.flush()
        return WorkspaceFixture(
            workspace_id=workspace.id,
            user_id=user.id,
            email=email,
            password=password,
            channel_id=channel.id,
            channel_key=channel.public_key,
        )
