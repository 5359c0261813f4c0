"""First run: a workspace, its owner and a web chat channel, so the product is usable at once."""

import secrets
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlmodel import select

from domain.security import hash_password
from domain.settings import Settings
from stores.tables.workspaces import User
from stores.workspaces import add_workspace


@dataclass(frozen=True)
class FirstLogin:
    email: str
    password: str | None
    credentials_file: Path


def credentials_file(settings: Settings) -> Path:
    return settings.data_dir / "initial-credentials.txt"


async def ensure_first_workspace(
    sessions: async_sessionmaker[AsyncSession], settings: Settings
) -> FirstLogin | None:
    """Creates the first owner when the database has no user; returns who to log in as."""
    async with sessions() as session, session.begin():
        users = (await session.execute(select(func.count()).select_from(User))).scalar_one()
        if users:
            return None
        password = (
            settings.admin_password.get_secret_value()
            if settings.admin_password
            else secrets.token_urlsafe(12)
        )
        user = User(
            email=settings.admin_email.lower(),
            full_name="Admin",
            password_hash=hash_password(password),
        )
        await add_workspace(session, "My workspace", user)
    path = credentials_file(settings)
    if settings.admin_password is None:
        path.write_text(f"e-mail: {user.email}\npassword: {password}\n")
        path.chmod(0o600)
    return FirstLogin(email=user.email, password=password, credentials_file=path)
