"""Which of a workspace's WhatsApp channels a notification is for.

Meta delivers an app's notifications to the one callback URL configured on that app, whatever
number or business account they concern. A business with two numbers on one app connects two
channels but can paste only one URL, so a notification arriving at one channel's URL may be for
its sibling: it is routed by `phone_number_id` (messages) or business account (templates),
never outside the workspace whose app secret signed it.
"""

import uuid
from collections.abc import Callable

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlmodel import col, select

from domain.channel_credentials import WhatsAppChannelCredentials
from domain.enums import ChannelKind
from stores.channel_directory import ChannelDirectory, ChannelNotConnected, ConnectedChannel
from stores.tables.conversations import Channel


class WhatsAppChannels:
    """The receiving channel first; its siblings are read only when a notification needs one."""

    def __init__(
        self,
        receiving: ConnectedChannel,
        sessions: async_sessionmaker[AsyncSession],
        directory: ChannelDirectory,
    ) -> None:
        self._receiving = receiving
        self._sessions = sessions
        self._directory = directory
        self._all: list[ConnectedChannel] | None = None

    async def for_number(self, phone_number_id: str) -> ConnectedChannel | None:
        return await self._find(lambda c: c.phone_number_id == phone_number_id)

    async def for_business_account(self, waba_id: str) -> ConnectedChannel | None:
        return await self._find(lambda c: c.business_account_id == waba_id)

    async def _find(
        self, matches: Callable[[WhatsAppChannelCredentials], bool]
    ) -> ConnectedChannel | None:
        if matches(self._receiving.credentials_as(WhatsAppChannelCredentials)):
            return self._receiving
        for channel in await self._siblings():
            if matches(channel.credentials_as(WhatsAppChannelCredentials)):
                return channel
        return None

    async def _siblings(self) -> list[ConnectedChannel]:
        if self._all is None:
            async with self._sessions() as session:
                ids = (
                    await session.execute(
                        select(Channel.id).where(
                            Channel.workspace_id == self._receiving.workspace_id,
                            Channel.kind == ChannelKind.whatsapp,
                            col(Channel.id) != self._receiving.id,
                        )
                    )
                ).scalars()
                channel_ids: list[uuid.UUID] = list(ids)
            self._all = []
            for channel_id in channel_ids:
                try:
                    channel = await self._directory.by_id(self._receiving.workspace_id, channel_id)
                    channel.credentials_as(WhatsAppChannelCredentials)
                except ChannelNotConnected:
                    continue
                self._all.append(channel)
        return self._all
