"""Helpers for the team, invitation, API key and audit tests: more people in one workspace,
invitation links from the outbox, API keys."""

import email
import email.policy
import re
import secrets
import uuid
from dataclasses import replace
from pathlib import Path

import httpx
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from domain.enums import Role
from domain.security import hash_password
from stores.tables.workspaces import Membership, User
from tests.factories import WorkspaceFixture
from tests.support.harness import Harness

LINK = re.compile(r"https?://\S+/invite/(\S+)")


async def add_member(
    sessions: async_sessionmaker[AsyncSession], account: WorkspaceFixture, role: Role
) -> WorkspaceFixture:
    """A new user with `role` in the account's workspace; log in with harness.login."""
    password = secrets.token_urlsafe(12)
    address = f"member-{uuid.uuid4().hex[:10]}@example.com"
    async with sessions() as session, session.begin():
        user = User(email=address, full_name="Team Member", password_hash=hash_password(password))
        session.add(user)
        await session.flush()
        session.add(Membership(workspace_id=account.workspace_id, user_id=user.id, role=role))
    return replace(account, user_id=user.id, email=address, password=password)


async def join(
    sessions: async_sessionmaker[AsyncSession],
    person: WorkspaceFixture,
    workspace: WorkspaceFixture,
    role: Role,
) -> None:
    """Makes `person` a member of `workspace` too; log-in still lands in their own first."""
    async with sessions() as session, session.begin():
        session.add(
            Membership(workspace_id=workspace.workspace_id, user_id=person.user_id, role=role)
        )


def outbox(app: Harness) -> list[email.message.EmailMessage]:
    """The e-mails the default mailer wrote, oldest first."""
    folder: Path = app.settings.data_dir / "outbox"
    files = sorted(folder.glob("*.eml")) if folder.exists() else []
    messages = []
    for path in files:
        message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
        assert isinstance(message, email.message.EmailMessage)
        messages.append(message)
    return messages


def invitation_token(message: email.message.EmailMessage) -> str:
    body = message.get_body(preferencelist=("plain",))
    assert body is not None
    found = LINK.search(body.get_content())
    assert found is not None, body.get_content()
    return found.group(1)


async def invite(
    app: Harness, inviter: httpx.AsyncClient, address: str, role: Role = Role.agent
) -> str:
    """Invites `address` and returns the token from the link in the e-mail it was sent."""
    response = await inviter.post(
        "/api/team/invitations", json={"email": address, "role": role.value}
    )
    assert response.status_code == 201, response.text
    sent = [m for m in outbox(app) if m["To"] == address.lower()]
    assert len(sent) == 1, sent
    return invitation_token(sent[0])


async def create_key(owner: httpx.AsyncClient, *scopes: str, name: str = "integration") -> str:
    response = await owner.post("/api/api-keys", json={"name": name, "scopes": list(scopes)})
    assert response.status_code == 201, response.text
    key: str = response.json()["key"]
    return key
