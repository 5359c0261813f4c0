"""The inbox list: conversations filtered, searched and paged; and the counts beside it.

Pages are keyset pages in (last_message_at DESC NULLS LAST, id DESC) order: the cursor carries
the last row's pair, so a page costs the same deep in the list, and a conversation that moves to
the top meanwhile is neither repeated nor skipped on the pages after it. Conversations of erased
contacts are never listed nor counted.
"""

import base64
import binascii
import json
import re
import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from pydantic import BaseModel
from sqlalchemy import ColumnElement, and_, case, exists, func, literal, or_, tuple_
from sqlalchemy import select as sql_select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlmodel import col, select

from domain.conversations import ConversationPublic
from domain.enums import ChannelKind, ConversationStatus
from stores.contacts.filter_sql import LIKE_ESCAPE, like_pattern
from stores.conversations.views import conversation_public, labels_of
from stores.tables.contacts import Contact
from stores.tables.conversations import Channel, Conversation
from stores.tables.inbox import ConversationLabel

Unassigned = Literal["unassigned"]
# Conversations someone should be working on: what "mine", "unassigned" and "unread" count.
ACTIVE = (ConversationStatus.open, ConversationStatus.pending)


class InvalidCursor(ValueError):
    pass


@dataclass(frozen=True)
class ConversationFilter:
    """Which conversations; every field narrows, None (or False) leaves it open."""

    status: ConversationStatus | None = None
    channel: ChannelKind | None = None
    channel_id: uuid.UUID | None = None
    assignee: uuid.UUID | Unassigned | None = None
    team_id: uuid.UUID | None = None
    label: str | None = None
    unread: bool = False
    q: str | None = None


@dataclass(frozen=True)
class ConversationPage:
    conversations: list[ConversationPublic]
    next_cursor: str | None


class ConversationCounts(BaseModel):
    open: int
    pending: int
    snoozed: int
    closed: int
    unread: int
    mine: int
    unassigned: int


def encode_cursor(last_message_at: datetime | None, conversation_id: uuid.UUID) -> str:
    moment = None if last_message_at is None else last_message_at.isoformat()
    raw = json.dumps([moment, str(conversation_id)], separators=(",", ":"))
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[datetime | None, uuid.UUID]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        moment, conversation_id = json.loads(raw)
        after = uuid.UUID(conversation_id)
        at = None if moment is None else datetime.fromisoformat(moment)
    except (ValueError, TypeError, binascii.Error) as error:
        raise InvalidCursor("cursor is malformed; start again without one") from error
    if at is not None and at.tzinfo is None:
        raise InvalidCursor("cursor is malformed; start again without one")
    return at, after


def _after(at: datetime | None, after: uuid.UUID) -> ColumnElement[bool]:
    """Rows after (at, after) in the page order, where NULL moments come last."""
    table = Conversation.__table__  # type: ignore[attr-defined]
    moment, ident = table.c.last_message_at, table.c.id
    if at is None:
        return and_(moment.is_(None), ident < after)
    mark = tuple_(literal(at, moment.type), literal(after, ident.type))
    return or_(tuple_(moment, ident) < mark, moment.is_(None))


def search_clause(q: str) -> ColumnElement[bool]:
    """Contact name, e-mail or channel key containing `q` (any case), or a phone with its digits."""
    text = q.strip().lower()
    pattern = like_pattern(text)
    matches = [
        func.lower(col(Contact.name)).like(pattern, escape=LIKE_ESCAPE),
        # E-mails are stored lower-cased.
        col(Contact.email).like(pattern, escape=LIKE_ESCAPE),
        func.lower(col(Conversation.contact_key)).like(pattern, escape=LIKE_ESCAPE),
    ]
    digits = re.sub(r"\D", "", text)
    if len(digits) >= 3:
        matches.append(col(Contact.phone).like(like_pattern(digits), escape=LIKE_ESCAPE))
    return or_(*matches)


def _visible(workspace_id: uuid.UUID) -> list[ColumnElement[bool]]:
    # The contact join is by id, so the conversation's own workspace column does the scoping.
    return [col(Conversation.workspace_id) == workspace_id, col(Contact.erased_at).is_(None)]


def _conditions(selection: ConversationFilter) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    if selection.status is not None:
        conditions.append(col(Conversation.status) == selection.status)
    if selection.channel is not None:
        conditions.append(col(Channel.kind) == selection.channel)
    if selection.channel_id is not None:
        conditions.append(col(Conversation.channel_id) == selection.channel_id)
    if selection.assignee == "unassigned":
        conditions.append(col(Conversation.assignee_user_id).is_(None))
    elif selection.assignee is not None:
        conditions.append(col(Conversation.assignee_user_id) == selection.assignee)
    if selection.team_id is not None:
        conditions.append(col(Conversation.assignee_team_id) == selection.team_id)
    if selection.label:
        conditions.append(
            exists().where(
                col(ConversationLabel.conversation_id) == col(Conversation.id),
                col(ConversationLabel.label) == selection.label,
            )
        )
    if selection.unread:
        conditions.append(col(Conversation.unread_count) > 0)
    if selection.q:
        conditions.append(search_clause(selection.q))
    return conditions


class ConversationQueries:
    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions

    async def page(
        self,
        workspace_id: uuid.UUID,
        selection: ConversationFilter,
        *,
        limit: int = 50,
        cursor: str | None = None,
    ) -> ConversationPage:
        """Newest activity first; `InvalidCursor` for a cursor this query did not make."""
        query = (
            select(Conversation, Contact, Channel)
            .join(Contact, col(Contact.id) == Conversation.contact_id)
            .join(Channel, col(Channel.id) == Conversation.channel_id)
            .where(*_visible(workspace_id), *_conditions(selection))
        )
        if cursor is not None:
            query = query.where(_after(*decode_cursor(cursor)))
        query = query.order_by(
            col(Conversation.last_message_at).desc().nulls_last(), col(Conversation.id).desc()
        ).limit(limit + 1)
        async with self._sessions() as session:
            rows = list((await session.execute(query)).all())
            more = len(rows) > limit
            rows = rows[:limit]
            labels = await labels_of(session, [c.id for c, _, _ in rows])
        next_cursor = None
        if more and rows:
            last = rows[-1][0]
            next_cursor = encode_cursor(last.last_message_at, last.id)
        return ConversationPage(
            [conversation_public(c, contact, ch, labels.get(c.id, [])) for c, contact, ch in rows],
            next_cursor,
        )

    async def counts(self, workspace_id: uuid.UUID, me: uuid.UUID) -> ConversationCounts:
        """One row of sums: each status, and among active ones unread, mine and unassigned."""
        status = col(Conversation.status)
        active = status.in_(ACTIVE)

        def number(condition: ColumnElement[bool]) -> ColumnElement[int]:
            return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)

        columns = {
            **{s.value: number(status == s) for s in ConversationStatus},
            "unread": number(and_(active, col(Conversation.unread_count) > 0)),
            "mine": number(and_(active, col(Conversation.assignee_user_id) == me)),
            "unassigned": number(and_(active, col(Conversation.assignee_user_id).is_(None))),
        }
        query = (
            sql_select(*(column.label(name) for name, column in columns.items()))
            .select_from(Conversation)
            .join(Contact, col(Contact.id) == Conversation.contact_id)
            .where(*_visible(workspace_id))
        )
        async with self._sessions() as session:
            row = (await session.execute(query)).one()
        return ConversationCounts.model_validate(
            {name: int(value) for name, value in row._mapping.items()}
        )
