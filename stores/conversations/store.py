"""Reads and writes of contacts, conversations and messages, shared by activities and the API.

Every read takes the workspace id: no query here can cross from one workspace into another.
"""

import uuid
from datetime import datetime, timedelta

from pydantic import BaseModel
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlmodel import col, select

from domain.conversations import (
    AgentReply,
    ConversationPublic,
    ConversationRef,
    InboundMessage,
    MessagePublic,
)
from domain.enums import ConversationMode, ConversationStatus, MessageDirection, MessageStatus
from stores.conversations.inbound_contacts import contact_for_inbound
from stores.conversations.views import (
    content_json,
    conversation_public,
    labels_of,
    message_public,
)
from stores.tables.contacts import Contact
from stores.tables.conversations import Channel, Conversation, Message
from stores.tables.inbox import InboxTeam

PREVIEW_LENGTH = 120


class RecordedInbound(BaseModel):
    message: MessagePublic
    conversation: ConversationPublic
    duplicate: bool
    contact_created: bool = False
    conversation_created: bool = False


class RecordedOutbound(BaseModel):
    message: MessagePublic
    conversation: ConversationPublic


class ConversationStore:
    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions

    @property
    def sessions(self) -> async_sessionmaker[AsyncSession]:
        return self._sessions

    async def record_inbound(
        self,
        ref: ConversationRef,
        workflow_id: str,
        inbound: InboundMessage,
        handling: str | None = None,
    ) -> RecordedInbound:
        """Stores the message once. `handling` names this handling of it (a workflow run and
        the message): finding the message stored by the same handling means an earlier
        attempt of this one got that far, which is not a duplicate."""
        async with self._sessions() as session, session.begin():
            conversation, contact_created, conversation_created = await self._ensure_conversation(
                session, ref, workflow_id, inbound
            )
            existing = await self._find_message(
                session, conversation.id, MessageDirection.inbound, inbound.client_message_id
            )
            if existing is not None:
                ours = handling is not None and existing.recorded_by == handling
                # What the earlier attempt created came into being with this message.
                contact = await session.get(Contact, conversation.contact_id)
                born_with_it = contact is not None and contact.created_at == existing.created_at
                return RecordedInbound(
                    message=message_public(existing),
                    conversation=await self._public(session, conversation),
                    duplicate=not ours,
                    contact_created=ours and born_with_it,
                    conversation_created=ours and conversation.created_at == existing.created_at,
                )
            message = Message(
                workspace_id=ref.workspace_id,
                conversation_id=conversation.id,
                direction=MessageDirection.inbound,
                text=inbound.text,
                content=content_json(inbound.content),
                client_message_id=inbound.client_message_id,
                provider_message_id=inbound.client_message_id,
                recorded_by=handling,
                status=MessageStatus.received,
                status_at=inbound.received_at,
                created_at=inbound.received_at,
            )
            session.add(message)
            conversation.unread_count += 1
            self._touch(conversation, message)
            if (
                conversation.last_inbound_at is None
                or conversation.last_inbound_at < inbound.received_at
            ):
                conversation.last_inbound_at = inbound.received_at
            if conversation.status in (ConversationStatus.snoozed, ConversationStatus.closed):
                # The contact wrote again: back into the agents' open view.
                conversation.status = ConversationStatus.open
                conversation.snoozed_until = None
            await self._seen_inbound(session, conversation.contact_id, inbound.received_at)
            await session.flush()
            return RecordedInbound(
                message=message_public(message),
                conversation=await self._public(session, conversation),
                duplicate=False,
                contact_created=contact_created,
                conversation_created=conversation_created,
            )

    async def record_outbound(self, workspace_id: uuid.UUID, reply: AgentReply) -> RecordedOutbound:
        """Stores a reply as queued; a second call with the same message id changes nothing."""
        async with self._sessions() as session, session.begin():
            conversation = await self._get_conversation(
                session, workspace_id, reply.conversation_id
            )
            message = await session.get(Message, reply.message_id)
            if message is None:
                message = Message(
                    id=reply.message_id,
                    workspace_id=workspace_id,
                    conversation_id=conversation.id,
                    direction=MessageDirection.outbound,
                    author_user_id=reply.author_user_id,
                    text=reply.text,
                    content=content_json(reply.content),
                    client_message_id=str(reply.message_id),
                    status=MessageStatus.queued,
                    status_at=reply.requested_at,
                    created_at=reply.requested_at,
                )
                session.add(message)
                conversation.unread_count = 0
                self._touch(conversation, message)
                await session.flush()
            return RecordedOutbound(
                message=message_public(message),
                conversation=await self._public(session, conversation),
            )

    async def open_for_contact(
        self, ref: ConversationRef, workflow_id: str, contact_id: uuid.UUID, now: datetime
    ) -> ConversationPublic | None:
        """The conversation with a contact who has not written on this channel yet (a flow
        started for them), in bot mode; None when the contact is gone."""
        async with self._sessions() as session, session.begin():
            contact = await session.get(Contact, contact_id)
            if contact is None or contact.workspace_id != ref.workspace_id or contact.erased_at:
                return None
            conversation = (
                await session.execute(
                    select(Conversation).where(Conversation.workflow_id == workflow_id)
                )
            ).scalar_one_or_none()
            if conversation is None:
                conversation = Conversation(
                    workspace_id=ref.workspace_id,
                    channel_id=ref.channel_id,
                    contact_id=contact.id,
                    contact_key=ref.contact_key,
                    workflow_id=workflow_id,
                    created_at=now,
                    last_message_at=now,
                )
                session.add(conversation)
            conversation.mode = ConversationMode.bot
            await session.flush()
            return await self._public(session, conversation)

    async def set_mode(
        self,
        workspace_id: uuid.UUID,
        conversation_id: uuid.UUID,
        mode: ConversationMode,
        team_id: uuid.UUID | None = None,
    ) -> ConversationPublic | None:
        """A bot hands over (human, optionally to a team) or a flow takes the conversation."""
        async with self._sessions() as session, session.begin():
            try:
                conversation = await self._get_conversation(session, workspace_id, conversation_id)
            except LookupError:
                return None
            conversation.mode = mode
            if team_id is not None and await session.get(InboxTeam, team_id) is not None:
                conversation.assignee_team_id = team_id
            if mode == ConversationMode.human and conversation.status == ConversationStatus.closed:
                conversation.status = ConversationStatus.open
            await session.flush()
            return await self._public(session, conversation)

    async def wake_if_snoozed(
        self, workspace_id: uuid.UUID, conversation_id: uuid.UUID, until: datetime
    ) -> ConversationPublic | None:
        """Ends the snooze that was set `until` this time; None when the conversation was
        reopened or snoozed again meanwhile (the workflow's timer is the clock here)."""
        async with self._sessions() as session, session.begin():
            try:
                conversation = await self._get_conversation(session, workspace_id, conversation_id)
            except LookupError:
                return None
            same = conversation.snoozed_until is not None and abs(
                conversation.snoozed_until - until
            ) < timedelta(seconds=1)
            if conversation.status != ConversationStatus.snoozed or not same:
                return None
            conversation.status = ConversationStatus.open
            conversation.snoozed_until = None
            await session.flush()
            return await self._public(session, conversation)

    async def update_content(
        self, workspace_id: uuid.UUID, message_id: uuid.UUID, content: BaseModel
    ) -> MessagePublic:
        """Replaces a message's content (an inbound file once it is fetched and stored)."""
        async with self._sessions() as session, session.begin():
            message = await session.get(Message, message_id)
            if message is None or message.workspace_id != workspace_id:
                raise LookupError(f"message {message_id} not found")
            message.content = content_json(content)
            await session.flush()
            return message_public(message)

    async def get_conversation(
        self, workspace_id: uuid.UUID, conversation_id: uuid.UUID
    ) -> ConversationPublic | None:
        async with self._sessions() as session:
            try:
                conversation = await self._get_conversation(session, workspace_id, conversation_id)
            except LookupError:
                return None
            return await self._public(session, conversation)

    async def find_by_workflow_id(
        self, workspace_id: uuid.UUID, workflow_id: str
    ) -> ConversationPublic | None:
        async with self._sessions() as session:
            conversation = (
                await session.execute(
                    select(Conversation).where(
                        Conversation.workflow_id == workflow_id,
                        Conversation.workspace_id == workspace_id,
                    )
                )
            ).scalar_one_or_none()
            return None if conversation is None else await self._public(session, conversation)

    async def list_messages(
        self, workspace_id: uuid.UUID, conversation_id: uuid.UUID, limit: int = 200
    ) -> list[MessagePublic]:
        """The newest `limit` messages, oldest first."""
        async with self._sessions() as session:
            rows = (
                (
                    await session.execute(
                        select(Message)
                        .where(
                            Message.workspace_id == workspace_id,
                            Message.conversation_id == conversation_id,
                        )
                        .order_by(col(Message.created_at).desc(), col(Message.id).desc())
                        .limit(limit)
                    )
                )
                .scalars()
                .all()
            )
            return [message_public(m) for m in reversed(rows)]

    async def mark_read(
        self, workspace_id: uuid.UUID, conversation_id: uuid.UUID
    ) -> ConversationPublic | None:
        async with self._sessions() as session, session.begin():
            try:
                conversation = await self._get_conversation(session, workspace_id, conversation_id)
            except LookupError:
                return None
            conversation.unread_count = 0
            await session.flush()
            return await self._public(session, conversation)

    async def _ensure_conversation(
        self,
        session: AsyncSession,
        ref: ConversationRef,
        workflow_id: str,
        inbound: InboundMessage,
    ) -> tuple[Conversation, bool, bool]:
        """The conversation, and whether this message created its contact, and it."""
        found = (
            await session.execute(
                select(Conversation).where(Conversation.workflow_id == workflow_id)
            )
        ).scalar_one_or_none()
        if found is not None:
            return found, False, False
        contact, created = await contact_for_inbound(session, ref, inbound)
        conversation = Conversation(
            workspace_id=ref.workspace_id,
            channel_id=ref.channel_id,
            contact_id=contact.id,
            contact_key=ref.contact_key,
            workflow_id=workflow_id,
            # It began with this message, whenever the workflow got round to storing it.
            created_at=inbound.received_at,
        )
        session.add(conversation)
        await session.flush()
        return conversation, created, True

    async def _find_message(
        self,
        session: AsyncSession,
        conversation_id: uuid.UUID,
        direction: MessageDirection,
        client_message_id: str,
    ) -> Message | None:
        return (
            await session.execute(
                select(Message).where(
                    Message.conversation_id == conversation_id,
                    Message.direction == direction,
                    Message.client_message_id == client_message_id,
                )
            )
        ).scalar_one_or_none()

    async def _get_conversation(
        self, session: AsyncSession, workspace_id: uuid.UUID, conversation_id: uuid.UUID
    ) -> Conversation:
        conversation = await session.get(Conversation, conversation_id)
        if conversation is None or conversation.workspace_id != workspace_id:
            raise LookupError(f"conversation {conversation_id} not found")
        return conversation

    async def _seen_inbound(
        self, session: AsyncSession, contact_id: uuid.UUID, received_at: datetime
    ) -> None:
        """Segments filter on the last inbound message; `updated_at` stays, as no field changed.

        Never moves backwards: a retried or late message must not hide a newer one."""
        contact = await session.get(Contact, contact_id)
        if contact is None:
            return
        for name in ("last_inbound_at", "last_seen_at"):
            current = getattr(contact, name)
            if current is None or current < received_at:
                setattr(contact, name, received_at)

    def _touch(self, conversation: Conversation, message: Message) -> None:
        conversation.last_message_at = message.created_at
        conversation.last_message_preview = message.text[:PREVIEW_LENGTH]

    async def _public(
        self, session: AsyncSession, conversation: Conversation
    ) -> ConversationPublic:
        contact = await session.get(Contact, conversation.contact_id)
        channel = await session.get(Channel, conversation.channel_id)
        assert contact is not None and channel is not None
        labels = await labels_of(session, [conversation.id])
        return conversation_public(conversation, contact, channel, labels.get(conversation.id, []))
