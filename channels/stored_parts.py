"""Attachments an earlier delivery of the same e-mail already stored, so a replay (SendGrid
retries for three days) reuses them instead of storing the files again."""

import uuid
from collections.abc import Collection

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlmodel import col, select

from domain.enums import MessageDirection
from stores.tables.conversations import Conversation, Message


async def stored_attachment_ids(
    sessions: async_sessionmaker[AsyncSession],
    workspace_id: uuid.UUID,
    workflow_id: str,
    client_message_ids: Collection[str],
) -> dict[str, uuid.UUID]:
    """client message id → the attachment its stored message holds."""
    if not client_message_ids:
        return {}
    query = (
        select(Message.client_message_id, Message.content)
        .join(Conversation, col(Conversation.id) == Message.conversation_id)
        .where(
            Conversation.workspace_id == workspace_id,
            Conversation.workflow_id == workflow_id,
            Message.workspace_id == workspace_id,
            Message.direction == MessageDirection.inbound,
            col(Message.client_message_id).in_(list(client_message_ids)),
        )
    )
    found: dict[str, uuid.UUID] = {}
    async with sessions() as session:
        for client_message_id, content in (await session.execute(query)).all():
            attachment_id = (content or {}).get("attachment_id")
            if attachment_id:
                found[client_message_id] = uuid.UUID(str(attachment_id))
    return found
