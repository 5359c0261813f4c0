"""A workspace's AI endpoint: read for model calls (key decrypted by the column type), and
changed from Settings → AI with the key write-only."""

import uuid
from enum import StrEnum
from urllib.parse import urlsplit

import httpx2
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from domain.ai import DEFAULT_TIMEOUT_SECONDS, AiEndpoint
from domain.channel_credentials import hint
from domain.timeutil import utcnow
from stores.tables.flows import AiSettings


def base_url_checked(value: str) -> str:
    """An http(s) URL with a host that the client can parse; the trailing slash dropped so
    paths join cleanly. Raises ValueError saying what to fix."""
    if any(char.isspace() or not char.isprintable() for char in value):
        raise ValueError("remove the spaces and invisible characters from the address")
    if not value.lower().startswith(("http://", "https://")):
        raise ValueError("use an http:// or https:// URL, such as https://api.openai.com/v1")
    try:
        parts = urlsplit(value)
        parts.port  # noqa: B018 - reading it validates it
        httpx2.URL(value)
    except (ValueError, httpx2.InvalidURL):
        raise ValueError("this is not a valid address: check the host and the port") from None
    if not parts.hostname:
        raise ValueError("add the server's host, such as http://localhost:11434/v1")
    if parts.username is not None or parts.password is not None:
        raise ValueError("put the key in the API key field, not in the URL")
    if parts.query or parts.fragment:
        raise ValueError("leave out ?query and #fragment parts")
    return value.rstrip("/")


class KeyChange(StrEnum):
    kept = "kept"
    set = "set"
    removed = "removed"


def endpoint_of(row: AiSettings, timeout_seconds: float = DEFAULT_TIMEOUT_SECONDS) -> AiEndpoint:
    return AiEndpoint(
        base_url=row.base_url,
        model=row.model,
        api_key=row.api_key or None,
        timeout_seconds=timeout_seconds,
    )


def key_hint(row: AiSettings | None) -> str | None:
    """ "…" and the key's last four characters (only "…" for a short key); None without one."""
    return hint(row.api_key) if row is not None and row.api_key else None


async def settings_of(session: AsyncSession, workspace_id: uuid.UUID) -> AiSettings | None:
    return await session.get(AiSettings, workspace_id)


def apply_settings(
    row: AiSettings | None,
    workspace_id: uuid.UUID,
    *,
    base_url: str,
    model: str,
    api_key: str | None,
) -> tuple[AiSettings, KeyChange]:
    """The row with the new values. `api_key`: None (or the hint the UI was shown) keeps the
    stored key, "" removes it (servers without keys, like a local Ollama), anything else
    replaces it."""
    if row is None:
        row = AiSettings(workspace_id=workspace_id, base_url=base_url, model=model)
    row.base_url, row.model, row.updated_at = base_url, model, utcnow()
    change = KeyChange.kept
    if api_key == "" and row.api_key:
        row.api_key, change = None, KeyChange.removed
    elif api_key and api_key != key_hint(row):
        row.api_key, change = api_key, KeyChange.set
    return row, change


class AiSettingsLoader:
    """What activities use: the workspace's endpoint, or None when AI is not set up."""

    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions

    async def endpoint(
        self, workspace_id: uuid.UUID, *, timeout_seconds: float = DEFAULT_TIMEOUT_SECONDS
    ) -> AiEndpoint | None:
        async with self._sessions() as session:
            row = await settings_of(session, workspace_id)
        return endpoint_of(row, timeout_seconds) if row is not None else None
