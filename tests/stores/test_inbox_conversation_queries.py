"""The inbox list on each database: every filter, the keyset walk (ties and NULL moments), and
the counts, never crossing into another workspace or showing an erased contact."""

import base64
import json
import uuid
from datetime import timedelta

import pytest

from domain.conversations import ConversationPublic
from domain.enums import ChannelKind, ConversationStatus
from domain.timeutil import utcnow
from stores.inbox.conversation_queries import (
    ConversationFilter,
    ConversationQueries,
    InvalidCursor,
)
from stores.tables.inbox import ConversationLabel, InboxTeam
from tests.factories import create_workspace
from tests.support.databases import Sessions
from tests.support.inbox import add_channel, set_last_message_at, start_conversation


async def walk(
    queries: ConversationQueries, workspace_id: uuid.UUID, limit: int
) -> list[list[uuid.UUID]]:
    pages: list[list[uuid.UUID]] = []
    cursor: str | None = None
    while True:
        page = await queries.page(workspace_id, ConversationFilter(), limit=limit, cursor=cursor)
        pages.append([c.id for c in page.conversations])
        if page.next_cursor is None:
            return pages
        cursor = page.next_cursor


async def test_cursor_walk_visits_each_conversation_once_newest_first_nulls_last(
    sessions: Sessions,
) -> None:
    account = await create_workspace(sessions)
    noon = utcnow().replace(microsecond=0) - timedelta(days=1)
    moments = [noon, noon, noon, noon + timedelta(hours=1), noon - timedelta(hours=1), None, None]
    made: list[tuple[ConversationPublic, object]] = []
    for at in moments:
        conversation = await start_conversation(sessions, account)
        await set_last_message_at(sessions, conversation.id, at)
        made.append((conversation, at))
    dated = sorted(
        ((at, c.id) for c, at in made if at is not None), reverse=True
    )  # (moment, id) descending
    undated = sorted((c.id for c, at in made if at is None), reverse=True)
    expected = [ident for _, ident in dated] + undated

    queries = ConversationQueries(sessions)
    for limit in (1, 2, 3, 7):
        pages = await walk(queries, account.workspace_id, limit)
        assert [ident for page in pages for ident in page] == expected, limit
        assert all(len(page) <= limit for page in pages)
    # Seven rows in pages of seven: one page, and no cursor to an empty one.
    assert len(await walk(queries, account.workspace_id, 7)) == 1


async def test_a_conversation_moving_to_the_top_is_not_repeated_on_later_pages(
    sessions: Sessions,
) -> None:
    account = await create_workspace(sessions)
    base = utcnow() - timedelta(days=1)
    made = []
    for hours in range(4):
        conversation = await start_conversation(sessions, account)
        await set_last_message_at(sessions, conversation.id, base + timedelta(hours=hours))
        made.append(conversation.id)
    queries = ConversationQueries(sessions)
    first = await queries.page(account.workspace_id, ConversationFilter(), limit=2)
    assert [c.id for c in first.conversations] == [made[3], made[2]]
    # The oldest one gets a new message while the agent reads page one.
    await set_last_message_at(sessions, made[0], utcnow())
    second = await queries.page(
        account.workspace_id, ConversationFilter(), limit=2, cursor=first.next_cursor
    )
    assert [c.id for c in second.conversations] == [made[1]]
    assert second.next_cursor is None


def _encoded(value: object) -> str:
    raw = value if isinstance(value, str) else json.dumps(value)
    return base64.urlsafe_b64encode(raw.encode()).decode()


async def test_a_malformed_cursor_is_refused(sessions: Sessions) -> None:
    account = await create_workspace(sessions)
    queries = ConversationQueries(sessions)
    naive = json.dumps(["2025-01-01T00:00:00", str(uuid.uuid4())])
    for cursor in ("not-a-cursor", _encoded([None, "not-a-uuid"]), _encoded(naive), _encoded(7)):
        with pytest.raises(InvalidCursor):
            await queries.page(account.workspace_id, ConversationFilter(), cursor=cursor)


async def test_every_filter_narrows_to_exactly_its_conversations(sessions: Sessions) -> None:
    account = await create_workspace(sessions)
    sms_channel = await add_channel(sessions, account, ChannelKind.sms)
    async with sessions() as session, session.begin():
        team = InboxTeam(workspace_id=account.workspace_id, name="Sales")
        session.add(team)
    plain = await start_conversation(
        sessions, account, contact={"name": "Ana Souza"}, unread_count=0
    )
    sms = await start_conversation(
        sessions,
        account,
        channel_id=sms_channel,
        kind=ChannelKind.sms,
        contact_key="+5511987654321",
        contact={"name": "Bruno", "phone": "+5511987654321"},
        status=ConversationStatus.pending,
        unread_count=0,
    )
    mine = await start_conversation(
        sessions,
        account,
        contact={"name": "Carla", "email": "carla@example.com"},
        assignee_user_id=account.user_id,
        assignee_team_id=team.id,
        status=ConversationStatus.closed,
    )
    keyed = await start_conversation(
        sessions, account, contact_key="VisitorKEY42", contact={"name": "Davi"}, unread_count=3
    )
    async with sessions() as session, session.begin():
        session.add(
            ConversationLabel(
                conversation_id=sms.id, label="vip", workspace_id=account.workspace_id
            )
        )
    other = await create_workspace(sessions)
    await start_conversation(sessions, other, contact={"name": "Ana Souza"}, unread_count=5)

    queries = ConversationQueries(sessions)

    async def ids(**criteria: object) -> set[uuid.UUID]:
        page = await queries.page(account.workspace_id, ConversationFilter(**criteria))  # type: ignore[arg-type]
        return {c.id for c in page.conversations}

    assert await ids() == {plain.id, sms.id, mine.id, keyed.id}
    assert await ids(status=ConversationStatus.pending) == {sms.id}
    assert await ids(status=ConversationStatus.closed) == {mine.id}
    assert await ids(status=ConversationStatus.snoozed) == set()
    assert await ids(channel=ChannelKind.sms) == {sms.id}
    assert await ids(channel=ChannelKind.webchat) == {plain.id, mine.id, keyed.id}
    assert await ids(channel_id=sms_channel) == {sms.id}
    assert await ids(assignee=account.user_id) == {mine.id}
    assert await ids(assignee="unassigned") == {plain.id, sms.id, keyed.id}
    assert await ids(team_id=team.id) == {mine.id}
    assert await ids(label="vip") == {sms.id}
    assert await ids(label="vi") == set()
    # The fresh message of `mine` is unread; `keyed` has three.
    assert await ids(unread=True) == {mine.id, keyed.id}
    assert await ids(q="souza") == {plain.id}
    assert await ids(q="CARLA@") == {mine.id}
    assert await ids(q="98765") == {sms.id}
    assert await ids(q="visitorkey") == {keyed.id}
    assert await ids(q="100%") == set()
    assert await ids(channel=ChannelKind.sms, label="vip", status=ConversationStatus.pending) == {
        sms.id
    }
    assert await ids(channel=ChannelKind.sms, status=ConversationStatus.open) == set()


async def test_counts_by_status_and_of_active_ones_unread_mine_unassigned(
    sessions: Sessions,
) -> None:
    account = await create_workspace(sessions)
    me = account.user_id
    snooze = utcnow() + timedelta(hours=2)
    await start_conversation(sessions, account)  # open, unread, unassigned
    await start_conversation(sessions, account, assignee_user_id=me, unread_count=0)
    await start_conversation(sessions, account, status=ConversationStatus.pending)
    await start_conversation(
        sessions, account, status=ConversationStatus.snoozed, snoozed_until=snooze
    )
    await start_conversation(
        sessions, account, status=ConversationStatus.closed, assignee_user_id=me
    )
    await start_conversation(sessions, account, status=ConversationStatus.closed)
    erased = await start_conversation(sessions, account, contact={"erased_at": utcnow()})
    other = await create_workspace(sessions)
    await start_conversation(sessions, other)

    counts = await ConversationQueries(sessions).counts(account.workspace_id, me)
    assert counts.model_dump() == {
        "open": 2,
        "pending": 1,
        "snoozed": 1,
        "closed": 2,
        # Open and pending only: the snoozed and closed ones wait, unread or not.
        "unread": 2,
        "mine": 1,
        "unassigned": 2,
    }
    page = await ConversationQueries(sessions).page(account.workspace_id, ConversationFilter())
    assert erased.id not in {c.id for c in page.conversations}
    assert len(page.conversations) == 6

    empty = await ConversationQueries(sessions).counts(uuid.uuid4(), me)
    assert set(empty.model_dump().values()) == {0}
