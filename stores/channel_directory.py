"""Finds a connected channel with its decrypted credentials: by the webhook key a provider calls,
or by id for a send. The one place that turns a `channel` row into something adapters can use."""

import uuid
from typing import TypeVar

from pydantic import BaseModel, ConfigDict
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlmodel import select

from domain.channel_credentials import (
    ChannelCredentials,
    EmailChannelCredentials,
    SmsChannelCredentials,
    WhatsAppChannelCredentials,
    from_storage,
)
from domain.enums import ChannelKind
from stores.tables.conversations import Channel

CredentialsT = TypeVar(
    "CredentialsT", WhatsAppChannelCredentials, EmailChannelCredentials, SmsChannelCredentials
)


class ChannelNotConnected(LookupError):
    """The channel is gone, or its credentials are not of the kind the caller needs."""


class ConnectedChannel(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: uuid.UUID
    workspace_id: uuid.UUID
    kind: ChannelKind
    name: str
    webhook_key: str
    verify_token: str
    credentials: ChannelCredentials | None

    def credentials_as(self, model: type[CredentialsT]) -> CredentialsT:
        if not isinstance(self.credentials, model):
            raise ChannelNotConnected(f"channel {self.id} has no {model.__name__}")
        return self.credentials


def _connected(channel: Channel) -> ConnectedChannel:
    return ConnectedChannel(
        id=channel.id,
        workspace_id=channel.workspace_id,
        kind=channel.kind,
        name=channel.name,
        webhook_key=channel.webhook_key,
        verify_token=channel.verify_token,
        credentials=from_storage(channel.credentials) if channel.credentials else None,
    )


class ChannelDirectory:
    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions

    async def by_webhook_key(self, kind: ChannelKind, webhook_key: str) -> ConnectedChannel | None:
        """The channel a provider's webhook names; None for an unknown key or another kind."""
        async with self._sessions() as session:
            channel = (
                await session.execute(
                    select(Channel).where(Channel.webhook_key == webhook_key, Channel.kind == kind)
                )
            ).scalar_one_or_none()
            return None if channel is None else _connected(channel)

    async def by_id(self, workspace_id: uuid.UUID, channel_id: uuid.UUID) -> ConnectedChannel:
        async with self._sessions() as session:
            channel = await session.get(Channel, channel_id)
            if channel is None or channel.workspace_id != workspace_id:
                raise ChannelNotConnected(f"channel {channel_id} not found")
            return _connected(channel)
