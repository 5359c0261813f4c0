"""One conversation of a workspace, read for a change and shown as the inbox shows it."""

import uuid

from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from domain.conversations import ConversationPublic
from stores.conversations.views import conversation_public, labels_of
from stores.inbox.errors import InboxNotFound
from stores.tables.contacts import Contact
from stores.tables.conversations import Channel, Conversation

NOT_FOUND = "Conversation not found."


async def find_conversation(
    session: AsyncSession,
    workspace_id: uuid.UUID,
    conversation_id: uuid.UUID,
    *,
    for_update: bool = False,
) -> Conversation:
    """The conversation, if it is this workspace's and its contact was not erased."""
    query = (
        select(Conversation)
        .join(Contact, col(Contact.id) == Conversation.contact_id)
        .where(
            col(Conversation.id) == conversation_id,
            col(Conversation.workspace_id) == workspace_id,
            col(Contact.erased_at).is_(None),
        )
    )
    if for_update:
        # PostgreSQL: two agents changing one conversation apply one after the other.
        query = query.with_for_update(of=Conversation)
    conversation = (await session.execute(query)).scalar_one_or_none()
    if conversation is None:
        raise InboxNotFound(NOT_FOUND)
    return conversation


async def public_of(session: AsyncSession, conversation: Conversation) -> ConversationPublic:
    contact = await session.get(Contact, conversation.contact_id)
    channel = await session.get(Channel, conversation.channel_id)
    assert contact is not None and channel is not None
    labels = await labels_of(session, [conversation.id])
    return conversation_public(conversation, contact, channel, labels.get(conversation.id, []))
