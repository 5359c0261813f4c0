"""ConversationStore on each database: idempotent writes, workspace isolation, ordering, UTC."""

import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone

import pytest
from sqlalchemy import func
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlmodel import select

from domain.conversations import AgentReply, ConversationRef, InboundMessage
from domain.enums import ChannelKind, MessageDirection, MessageStatus
from domain.timeutil import utcnow
from infra.database import create_engine, create_session_factory
from stores.conversations.send_ledger import SendLedger
from stores.conversations.store import ConversationStore, RecordedInbound
from stores.tables.conversations import Message
from tests.factories import WorkspaceFixture, create_workspace
from tests.support.inbox import conversations_in

BERLIN_SUMMER = timezone(timedelta(hours=2))


@dataclass(frozen=True)
class StoreUnderTest:
    store: ConversationStore
    sessions: async_sessionmaker[AsyncSession]


@pytest.fixture
async def db(database_url: str) -> AsyncIterator[StoreUnderTest]:
    engine = create_engine(database_url)
    sessions = create_session_factory(engine)
    yield StoreUnderTest(ConversationStore(sessions), sessions)
    await engine.dispose()


def ref_for(account: WorkspaceFixture) -> ConversationRef:
    return ConversationRef(
        workspace_id=account.workspace_id,
        channel_id=account.channel_id,
        channel_kind=ChannelKind.webchat,
        contact_key=uuid.uuid4().hex,
    )


def inbound(
    client_message_id: str, text: str = "hello", at: datetime | None = None
) -> InboundMessage:
    return InboundMessage(
        client_message_id=client_message_id, text=text, received_at=at or utcnow()
    )


async def start_conversation(
    db: StoreUnderTest, account: WorkspaceFixture, text: str = "hello"
) -> RecordedInbound:
    return await db.store.record_inbound(
        ref_for(account), f"test-conversation-{uuid.uuid4().hex}", inbound("first", text)
    )


def reply(account: WorkspaceFixture, conversation_id: uuid.UUID, text: str) -> AgentReply:
    return AgentReply(
        message_id=uuid.uuid4(),
        conversation_id=conversation_id,
        author_user_id=account.user_id,
        text=text,
        requested_at=utcnow(),
    )


async def count_messages(db: StoreUnderTest, conversation_id: uuid.UUID) -> int:
    async with db.sessions() as session:
        query = (
            select(func.count())
            .select_from(Message)
            .where(Message.conversation_id == conversation_id)
        )
        count: int = (await session.execute(query)).scalar_one()
        return count


async def test_record_inbound_twice_stores_one_message(db: StoreUnderTest) -> None:
    account = await create_workspace(db.sessions)
    ref, workflow_id = ref_for(account), f"test-conversation-{uuid.uuid4().hex}"

    first = await db.store.record_inbound(ref, workflow_id, inbound("retry-me", "once"))
    again = await db.store.record_inbound(ref, workflow_id, inbound("retry-me", "once"))

    assert (first.duplicate, again.duplicate) == (False, True)
    assert again.message.id == first.message.id
    assert again.conversation.id == first.conversation.id
    assert again.conversation.unread_count == 1
    assert await count_messages(db, first.conversation.id) == 1
    stored = await db.store.get_conversation(account.workspace_id, first.conversation.id)
    assert stored is not None and stored.unread_count == 1


async def test_a_retry_of_the_same_handling_is_not_a_duplicate(db: StoreUnderTest) -> None:
    """An activity retried after it stored the message (it failed later) must still let the
    workflow react to it; a provider's late retry, handled by another run, must not."""
    account = await create_workspace(db.sessions)
    ref, workflow_id = ref_for(account), f"test-conversation-{uuid.uuid4().hex}"
    message = inbound("wamid.1", "oi")

    first = await db.store.record_inbound(ref, workflow_id, message, "run-1/wamid.1")
    retried = await db.store.record_inbound(ref, workflow_id, message, "run-1/wamid.1")
    provider_retry = await db.store.record_inbound(ref, workflow_id, message, "run-2/wamid.1")

    assert (first.duplicate, retried.duplicate, provider_retry.duplicate) == (False, False, True)
    assert (first.contact_created, retried.contact_created) == (True, True)
    assert (first.conversation_created, retried.conversation_created) == (True, True)
    assert provider_retry.contact_created is False
    assert await count_messages(db, first.conversation.id) == 1


async def test_record_inbound_new_ids_append_and_count_unread(db: StoreUnderTest) -> None:
    account = await create_workspace(db.sessions)
    ref, workflow_id = ref_for(account), f"test-conversation-{uuid.uuid4().hex}"
    for n in range(3):
        recorded = await db.store.record_inbound(ref, workflow_id, inbound(f"m-{n}", f"text {n}"))
        assert recorded.duplicate is False
    assert recorded.conversation.unread_count == 3
    assert recorded.conversation.last_message_preview == "text 2"
    assert await count_messages(db, recorded.conversation.id) == 3


async def test_record_outbound_twice_stores_one_message(db: StoreUnderTest) -> None:
    account = await create_workspace(db.sessions)
    conversation = (await start_conversation(db, account)).conversation
    answer = reply(account, conversation.id, "on our way")

    first = await db.store.record_outbound(account.workspace_id, answer)
    again = await db.store.record_outbound(account.workspace_id, answer)

    assert again.message == first.message
    assert first.message.status == MessageStatus.queued
    assert first.message.direction == MessageDirection.outbound
    assert first.conversation.unread_count == 0
    assert await count_messages(db, conversation.id) == 2


async def test_record_outbound_to_another_workspace_raises(db: StoreUnderTest) -> None:
    ours = await create_workspace(db.sessions)
    theirs = await create_workspace(db.sessions)
    conversation = (await start_conversation(db, ours)).conversation

    with pytest.raises(LookupError):
        await db.store.record_outbound(
            theirs.workspace_id, reply(theirs, conversation.id, "intrusion")
        )
    assert await count_messages(db, conversation.id) == 1


async def test_a_sent_reply_updates_the_message(db: StoreUnderTest) -> None:
    account = await create_workspace(db.sessions)
    conversation = (await start_conversation(db, account)).conversation
    sent = await db.store.record_outbound(
        account.workspace_id, reply(account, conversation.id, "hi")
    )

    ledger = SendLedger(db.sessions)
    updated = await ledger.sent(
        account.workspace_id, sent.message.id, "provider-1", MessageStatus.sent, utcnow()
    )

    assert updated.status == MessageStatus.sent
    messages = await db.store.list_messages(account.workspace_id, conversation.id)
    assert [m.status for m in messages] == [MessageStatus.received, MessageStatus.sent]


async def test_a_status_for_another_workspace_raises_and_changes_nothing(
    db: StoreUnderTest,
) -> None:
    ours = await create_workspace(db.sessions)
    theirs = await create_workspace(db.sessions)
    recorded = await start_conversation(db, ours)
    ledger = SendLedger(db.sessions)

    with pytest.raises(LookupError):
        await ledger.failed(
            theirs.workspace_id, recorded.message.id, code=None, agent_message="x", now=utcnow()
        )
    with pytest.raises(LookupError):
        await ledger.failed(
            ours.workspace_id, uuid.uuid4(), code=None, agent_message="x", now=utcnow()
        )

    messages = await db.store.list_messages(ours.workspace_id, recorded.conversation.id)
    assert [m.status for m in messages] == [MessageStatus.received]


async def test_reads_never_cross_workspaces(db: StoreUnderTest) -> None:
    ours = await create_workspace(db.sessions)
    theirs = await create_workspace(db.sessions)
    our_conversation = (await start_conversation(db, ours, "ours")).conversation
    their_conversation = (await start_conversation(db, theirs, "theirs")).conversation

    assert [c.id for c in await conversations_in(db.sessions, ours.workspace_id)] == [
        our_conversation.id
    ]
    assert [c.id for c in await conversations_in(db.sessions, theirs.workspace_id)] == [
        their_conversation.id
    ]
    assert await db.store.get_conversation(theirs.workspace_id, our_conversation.id) is None
    assert await db.store.list_messages(theirs.workspace_id, our_conversation.id) == []
    assert (
        await db.store.find_by_workflow_id(theirs.workspace_id, our_conversation.workflow_id)
        is None
    )
    # The same calls with the right workspace do find the data, so the Nones above mean something.
    found = await db.store.get_conversation(ours.workspace_id, our_conversation.id)
    assert found is not None and found.last_message_preview == "ours"
    by_workflow = await db.store.find_by_workflow_id(
        ours.workspace_id, our_conversation.workflow_id
    )
    assert by_workflow is not None and by_workflow.id == our_conversation.id
    messages = await db.store.list_messages(ours.workspace_id, our_conversation.id)
    assert [m.text for m in messages] == ["ours"]


async def test_mark_read_of_another_workspace_returns_none_and_keeps_unread(
    db: StoreUnderTest,
) -> None:
    ours = await create_workspace(db.sessions)
    theirs = await create_workspace(db.sessions)
    conversation = (await start_conversation(db, ours)).conversation

    assert await db.store.mark_read(theirs.workspace_id, conversation.id) is None
    untouched = await db.store.get_conversation(ours.workspace_id, conversation.id)
    assert untouched is not None and untouched.unread_count == 1

    read = await db.store.mark_read(ours.workspace_id, conversation.id)
    assert read is not None and read.unread_count == 0
    stored = await db.store.get_conversation(ours.workspace_id, conversation.id)
    assert stored is not None and stored.unread_count == 0


async def test_list_messages_returns_newest_limit_oldest_first(db: StoreUnderTest) -> None:
    account = await create_workspace(db.sessions)
    ref, workflow_id = ref_for(account), f"test-conversation-{uuid.uuid4().hex}"
    start = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
    # Recorded out of order: the order must come from created_at, not from insertion.
    for n in [3, 0, 4, 1, 2]:
        recorded = await db.store.record_inbound(
            ref, workflow_id, inbound(f"m-{n}", f"text {n}", start + timedelta(minutes=n))
        )
    conversation_id = recorded.conversation.id

    every = await db.store.list_messages(account.workspace_id, conversation_id)
    newest = await db.store.list_messages(account.workspace_id, conversation_id, limit=3)

    assert [m.text for m in every] == [f"text {n}" for n in range(5)]
    assert [m.text for m in newest] == ["text 2", "text 3", "text 4"]


async def test_reads_return_aware_utc_timestamps(db: StoreUnderTest) -> None:
    account = await create_workspace(db.sessions)
    received_at = datetime(2025, 7, 1, 14, 30, 15, 250000, tzinfo=BERLIN_SUMMER)
    recorded = await db.store.record_inbound(
        ref_for(account),
        f"test-conversation-{uuid.uuid4().hex}",
        inbound("m-1", "hallo", received_at),
    )
    conversation_id = recorded.conversation.id
    answer = await db.store.record_outbound(
        account.workspace_id, reply(account, conversation_id, "hi")
    )

    messages = await db.store.list_messages(account.workspace_id, conversation_id)
    conversation = await db.store.get_conversation(account.workspace_id, conversation_id)
    [in_inbox] = await conversations_in(db.sessions, account.workspace_id)

    assert conversation is not None
    stamps = [m.created_at for m in messages] + [conversation.created_at, in_inbox.created_at]
    assert conversation.last_message_at is not None
    stamps.append(conversation.last_message_at)
    assert all(stamp.tzinfo is UTC for stamp in stamps), stamps
    assert messages[0].created_at == received_at
    assert messages[0].created_at.isoformat() == "2025-07-01T12:30:15.250000+00:00"
    assert messages[1].created_at == answer.message.created_at
    assert conversation.last_message_at == answer.message.created_at
