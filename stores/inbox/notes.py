"""Private notes agents leave on a conversation; the contact never sees them."""

import uuid

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlmodel import col, select

from domain.conversations import NotePublic
from stores.inbox.agents import display_name
from stores.inbox.conversation_rows import find_conversation
from stores.tables.inbox import ConversationNote
from stores.tables.workspaces import User


def note_public(note: ConversationNote, author: User | None) -> NotePublic:
    return NotePublic(
        id=note.id,
        conversation_id=note.conversation_id,
        author_user_id=note.author_user_id,
        # A removed account's notes stay, unsigned.
        author_name=display_name(author) if author is not None else "",
        body=note.body,
        created_at=note.created_at,
    )


class NoteStore:
    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions

    async def of_conversation(
        self, workspace_id: uuid.UUID, conversation_id: uuid.UUID
    ) -> list[NotePublic]:
        """Oldest first; raises `InboxNotFound` for a conversation not of this workspace."""
        async with self._sessions() as session:
            await find_conversation(session, workspace_id, conversation_id)
            rows = await session.execute(
                select(ConversationNote, User)
                .outerjoin(User, col(User.id) == ConversationNote.author_user_id)
                .where(
                    ConversationNote.workspace_id == workspace_id,
                    ConversationNote.conversation_id == conversation_id,
                )
                .order_by(col(ConversationNote.created_at), col(ConversationNote.id))
            )
            return [note_public(note, author) for note, author in rows.all()]

    async def add(
        self,
        workspace_id: uuid.UUID,
        conversation_id: uuid.UUID,
        author_user_id: uuid.UUID,
        body: str,
    ) -> NotePublic:
        async with self._sessions() as session, session.begin():
            await find_conversation(session, workspace_id, conversation_id)
            note = ConversationNote(
                workspace_id=workspace_id,
                conversation_id=conversation_id,
                author_user_id=author_user_id,
                body=body,
            )
            session.add(note)
            await session.flush()
            return note_public(note, await session.get(User, author_user_id))
