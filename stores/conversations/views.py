"""The public forms of conversations and messages, as the API, the inboxes and events show them."""

import uuid
from typing import Any

from pydantic import BaseModel
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from domain.conversations import ConversationPublic, MessagePublic, window_expires_at
from stores.tables.contacts import Contact
from stores.tables.conversations import Channel, Conversation, Message
from stores.tables.inbox import ConversationLabel


def content_json(content: BaseModel | None) -> dict[str, Any] | None:
    return None if content is None else content.model_dump(mode="json")


def message_public(message: Message) -> MessagePublic:
    return MessagePublic.model_validate(message, from_attributes=True)


async def labels_of(
    session: AsyncSession, conversation_ids: list[uuid.UUID]
) -> dict[uuid.UUID, list[str]]:
    """Each conversation's labels, sorted, in one query for a whole page."""
    if not conversation_ids:
        return {}
    rows = (
        await session.execute(
            select(ConversationLabel.conversation_id, ConversationLabel.label)
            .where(col(ConversationLabel.conversation_id).in_(conversation_ids))
            .order_by(col(ConversationLabel.label))
        )
    ).all()
    found: dict[uuid.UUID, list[str]] = {}
    for conversation_id, label in rows:
        found.setdefault(conversation_id, []).append(label)
    return found


def conversation_public(
    conversation: Conversation, contact: Contact, channel: Channel, labels: list[str]
) -> ConversationPublic:
    return ConversationPublic(
        id=conversation.id,
        channel_id=channel.id,
        channel_kind=channel.kind,
        contact_id=contact.id,
        contact_name=contact.name,
        contact_key=conversation.contact_key,
        status=conversation.status,
        snoozed_until=conversation.snoozed_until,
        mode=conversation.mode,
        assignee_user_id=conversation.assignee_user_id,
        assignee_team_id=conversation.assignee_team_id,
        labels=labels,
        unread_count=conversation.unread_count,
        last_message_preview=conversation.last_message_preview,
        last_message_at=conversation.last_message_at,
        last_inbound_at=conversation.last_inbound_at,
        window_expires_at=window_expires_at(channel.kind, conversation.last_inbound_at),
        created_at=conversation.created_at,
        workflow_id=conversation.workflow_id,
    )
