"""Conversations made the way the conversation workflow's activity makes them (through the
store), then shaped for inbox tests: another channel, a set moment, a named contact."""

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from domain.conversations import ConversationPublic, ConversationRef, InboundMessage
from domain.enums import ChannelKind
from domain.security import new_public_key
from domain.timeutil import utcnow
from stores.conversations.store import ConversationStore
from stores.inbox.conversation_queries import ConversationFilter, ConversationQueries
from stores.tables.contacts import Contact
from stores.tables.conversations import Channel, Conversation
from temporal.ids import conversation_workflow_id
from tests.factories import WorkspaceFixture


async def add_channel(
    sessions: async_sessionmaker[AsyncSession], account: WorkspaceFixture, kind: ChannelKind
) -> uuid.UUID:
    async with sessions() as session, session.begin():
        channel = Channel(
            workspace_id=account.workspace_id,
            kind=kind,
            name=f"{kind.value} line",
            public_key=new_public_key(),
        )
        session.add(channel)
    return channel.id


async def start_conversation(
    sessions: async_sessionmaker[AsyncSession],
    account: WorkspaceFixture,
    *,
    text: str = "hello",
    channel_id: uuid.UUID | None = None,
    kind: ChannelKind = ChannelKind.webchat,
    contact_key: str | None = None,
    contact: dict[str, Any] | None = None,
    **conversation: Any,
) -> ConversationPublic:
    """A conversation with one inbound message; `contact` and `conversation` values are then
    written over the contact's and the conversation's rows (None included)."""
    ref = ConversationRef(
        workspace_id=account.workspace_id,
        channel_id=channel_id or account.channel_id,
        channel_kind=kind,
        contact_key=contact_key or uuid.uuid4().hex,
    )
    store = ConversationStore(sessions)
    workflow_id = conversation_workflow_id(ref.workspace_id, ref.channel_id, ref.contact_key)
    recorded = await store.record_inbound(
        ref,
        workflow_id,
        InboundMessage(client_message_id=uuid.uuid4().hex, text=text, received_at=utcnow()),
    )
    conversation_id = recorded.conversation.id
    async with sessions() as session, session.begin():
        row = await session.get(Conversation, conversation_id)
        assert row is not None
        for name, value in conversation.items():
            setattr(row, name, value)
        person = await session.get(Contact, row.contact_id)
        assert person is not None
        for name, value in (contact or {}).items():
            setattr(person, name, value)
    found = await store.get_conversation(account.workspace_id, conversation_id)
    assert found is not None
    return found


async def set_last_message_at(
    sessions: async_sessionmaker[AsyncSession], conversation_id: uuid.UUID, at: datetime | None
) -> None:
    async with sessions() as session, session.begin():
        row = await session.get(Conversation, conversation_id)
        assert row is not None
        row.last_message_at = at


async def conversations_in(
    sessions: async_sessionmaker[AsyncSession], workspace_id: uuid.UUID
) -> list[ConversationPublic]:
    """The workspace's conversations as the inbox lists them, newest activity first."""
    page = await ConversationQueries(sessions).page(workspace_id, ConversationFilter())
    return page.conversations
