"""Reading contacts in bulk: filtered and searched pages, counts, tag counts, CSV export rows.

Pages use keyset pagination: the cursor carries the sort value and the id of the last row, so a
page costs the same at row 50 and at row 90,000, and rows added meanwhile neither repeat nor
vanish. Ascending order puts missing values last, descending first (PostgreSQL's defaults, so one
index `(workspace_id, column, id)` serves both directions).
"""

import base64
import binascii
import json
import re
import uuid
from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any, Literal

from sqlalchemy import (
    ColumnElement,
    Label,
    Row,
    String,
    and_,
    func,
    literal,
    or_,
    tuple_,
    type_coerce,
)
from sqlalchemy.engine import Dialect, Result
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlalchemy.sql import Select
from sqlalchemy.types import TypeDecorator
from sqlmodel import col, select

from domain.contacts import STANDARD_FIELDS, ContactPublic
from domain.custom_fields import CustomFieldDefinition
from domain.segments import SegmentFilter, validate_filter
from stores.contacts.filter_sql import LIKE_ESCAPE, compile_filter, contact_scope, like_pattern
from stores.tables.contacts import Contact, ContactTag, CustomField, Segment

Order = Literal["asc", "desc"]
EXPORT_CHUNK = 1000
# Pages and exports read plain rows: building an ORM object per contact cost more than the
# query (bench/contact_queries.py).
READ_COLUMNS = [
    Contact.__table__.c[name]  # type: ignore[attr-defined]
    for name in ContactPublic.model_fields
    if name != "tags"
]


class ContactSort(StrEnum):
    """Standard fields a contact list sorts by."""

    name = "name"
    email = "email"
    phone = "phone"
    country = "country"
    language = "language"
    source = "source"
    created_at = "created_at"
    updated_at = "updated_at"
    last_seen_at = "last_seen_at"
    last_inbound_at = "last_inbound_at"


_MOMENTS = frozenset(
    {
        ContactSort.created_at,
        ContactSort.updated_at,
        ContactSort.last_seen_at,
        ContactSort.last_inbound_at,
    }
)


class InvalidCursor(ValueError):
    pass


class SegmentNotFound(LookupError):
    pass


@dataclass(frozen=True)
class Selection:
    """Which contacts: a validated filter (all contacts when None) narrowed by a search text."""

    filter: SegmentFilter | None = None
    custom_fields: Mapping[str, CustomFieldDefinition] = field(default_factory=dict)
    q: str | None = None


@dataclass(frozen=True)
class Page:
    contacts: list[ContactPublic]
    next_cursor: str | None


def definition_of(row: CustomField) -> CustomFieldDefinition:
    return CustomFieldDefinition(key=row.key, label=row.label, type=row.type, options=row.options)


async def load_custom_fields(
    session: AsyncSession, workspace_id: uuid.UUID
) -> dict[str, CustomFieldDefinition]:
    """The workspace's custom fields by key, in the order they were created."""
    rows = await session.execute(
        select(CustomField)
        .where(col(CustomField.workspace_id) == workspace_id)
        .order_by(col(CustomField.created_at), col(CustomField.key))
    )
    return {row.key: definition_of(row) for row in rows.scalars()}


def encode_cursor(sort: ContactSort, order: Order, value: Any, contact_id: uuid.UUID) -> str:
    shown = value.isoformat() if isinstance(value, datetime) else value
    raw = json.dumps([sort.value, order, shown, str(contact_id)], separators=(",", ":"))
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode_cursor(cursor: str, sort: ContactSort, order: Order) -> tuple[Any, uuid.UUID]:
    """The sort value and id a cursor resumes after; `InvalidCursor` if it is not ours."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        cursor_sort, cursor_order, value, contact_id = json.loads(raw)
        after = uuid.UUID(contact_id)
        if value is not None and sort in _MOMENTS:
            value = datetime.fromisoformat(value)
    except (ValueError, TypeError, binascii.Error) as error:
        raise InvalidCursor("cursor is malformed; start again without one") from error
    if (cursor_sort, cursor_order) != (sort.value, order):
        raise InvalidCursor("cursor belongs to another sort or order; start again without one")
    if value is not None and not isinstance(value, str | datetime):
        raise InvalidCursor("cursor is malformed; start again without one")
    return value, after


def search_clause(q: str) -> ColumnElement[bool]:
    """Name or e-mail containing `q` (any case), or a phone containing its digits."""
    text = q.strip().lower()
    pattern = like_pattern(text)
    matches = [
        func.lower(col(Contact.name)).like(pattern, escape=LIKE_ESCAPE),
        # E-mails are stored lower-cased.
        col(Contact.email).like(pattern, escape=LIKE_ESCAPE),
    ]
    digits = re.sub(r"\D", "", text)
    if len(digits) >= 3:
        matches.append(col(Contact.phone).like(like_pattern(digits), escape=LIKE_ESCAPE))
    return or_(*matches)


def _after(sort: ContactSort, order: Order, value: Any, after: uuid.UUID) -> ColumnElement[bool]:
    """Rows that come after (value, id) in the page order; NULLs last ascending, first desc."""
    table = Contact.__table__  # type: ignore[attr-defined]
    column, ident = table.c[sort.value], table.c.id
    key = tuple_(column, ident)
    if value is not None:
        mark = tuple_(literal(value, column.type), literal(after, ident.type))
        if order == "desc":
            return key < mark
        return or_(key > mark, column.is_(None)) if column.nullable else key > mark
    if order == "asc":
        return and_(column.is_(None), ident > after)
    return or_(and_(column.is_(None), ident < after), column.is_not(None))


class ContactQueries:
    """Contact reads for the API and exports; every query is scoped to one workspace."""

    def __init__(
        self, sessions: async_sessionmaker[AsyncSession], session: AsyncSession | None = None
    ) -> None:
        """`session`, when given, serves every read but the export's chunks: an API request
        then reuses the session that authenticated it (fewer round trips on a hot page)."""
        self.sessions = sessions
        self.session = session

    @asynccontextmanager
    async def _reading(self) -> AsyncIterator[AsyncSession]:
        if self.session is not None:
            yield self.session
            return
        async with self.sessions() as session:
            yield session

    async def selection(
        self,
        workspace_id: uuid.UUID,
        *,
        segment_filter: SegmentFilter | None = None,
        segment_id: uuid.UUID | None = None,
        q: str | None = None,
    ) -> Selection:
        """Validates the filter (and the saved segment's, ANDed) against today's custom fields.

        Raises `SegmentNotFound`, or `InvalidFilter` (a segment naming a deleted field, say).
        """
        async with self._reading() as session:
            custom_fields = await load_custom_fields(session, workspace_id)
            groups: list[SegmentFilter] = []
            if segment_id is not None:
                segment = await session.get(Segment, segment_id)
                if segment is None or segment.workspace_id != workspace_id:
                    raise SegmentNotFound(segment_id)
                groups.append(SegmentFilter.model_validate(segment.filter))
        if segment_filter is not None:
            groups.append(segment_filter)
        # Each validated on its own, so nesting them under one AND costs no depth.
        checked = [validate_filter(group, custom_fields) for group in groups]
        combined = checked[0] if len(checked) == 1 else SegmentFilter(conditions=list(checked))
        return Selection(combined if checked else None, custom_fields, (q or "").strip() or None)

    def _where(
        self, session: AsyncSession, workspace_id: uuid.UUID, selection: Selection, now: datetime
    ) -> list[ColumnElement[bool]]:
        clauses = [contact_scope(workspace_id)]
        if selection.filter is not None:
            # The compiled filter carries the workspace scope itself.
            clauses = [
                compile_filter(
                    selection.filter,
                    selection.custom_fields,
                    workspace_id=workspace_id,
                    now=now,
                    dialect=session.get_bind().dialect.name,
                )
            ]
        if selection.q:
            clauses.append(search_clause(selection.q))
        return clauses

    async def page(
        self,
        workspace_id: uuid.UUID,
        selection: Selection,
        *,
        now: datetime,
        sort: ContactSort = ContactSort.created_at,
        order: Order = "desc",
        limit: int = 50,
        cursor: str | None = None,
    ) -> Page:
        """One page of contacts in (sort, id) order; `InvalidCursor` for a foreign cursor."""
        column = Contact.__table__.c[sort.value]  # type: ignore[attr-defined]
        ident = col(Contact.id)
        if order == "asc":
            ordering = [column.asc().nulls_last(), ident.asc()]
        else:
            ordering = [column.desc().nulls_first(), ident.desc()]
        async with self._reading() as session:
            columns = [*READ_COLUMNS, tags_column(session.get_bind().dialect.name)]
            query = select(*columns)
            query = query.where(*self._where(session, workspace_id, selection, now))
            if cursor is not None:
                query = query.where(_after(sort, order, *decode_cursor(cursor, sort, order)))
            query = query.order_by(*ordering).limit(limit + 1)
            rows = list((await core(session, query)).all())
            more = len(rows) > limit
            rows = rows[:limit]
        next_cursor = None
        if more and rows:
            last = rows[-1]
            next_cursor = encode_cursor(sort, order, getattr(last, sort.value), last.id)
        return Page([public(c) for c in rows], next_cursor)

    async def count(self, workspace_id: uuid.UUID, selection: Selection, *, now: datetime) -> int:
        async with self._reading() as session:
            query = select(func.count()).select_from(Contact)
            query = query.where(*self._where(session, workspace_id, selection, now))
            return int((await core(session, query)).scalar_one())

    async def tags(self, workspace_id: uuid.UUID) -> list[tuple[str, int]]:
        """Every tag of the workspace with how many (visible) contacts carry it."""
        async with self._reading() as session:
            query = (
                select(col(ContactTag.tag), func.count())
                .join(Contact, col(Contact.id) == col(ContactTag.contact_id))
                .where(col(ContactTag.workspace_id) == workspace_id, contact_scope(workspace_id))
                .group_by(col(ContactTag.tag))
                .order_by(col(ContactTag.tag))
            )
            return [(tag, int(n)) for tag, n in (await session.execute(query)).all()]

    async def export_rows(
        self, workspace_id: uuid.UUID, selection: Selection, *, now: datetime
    ) -> AsyncIterator[list[str]]:
        """The header, then every selected contact as CSV cells, read in keyset chunks by id.

        Each chunk is its own short session, so a slow download never holds a connection.
        """
        keys = list(selection.custom_fields)
        custom_columns = [f"custom:{key}" for key in keys]
        yield ["id", *STANDARD_FIELDS, "tags", *custom_columns, "created_at", "last_seen_at"]
        after: uuid.UUID | None = None
        while True:
            async with self.sessions() as session:
                columns = [*READ_COLUMNS, tags_column(session.get_bind().dialect.name)]
                query = select(*columns)
                query = query.where(*self._where(session, workspace_id, selection, now))
                if after is not None:
                    query = query.where(col(Contact.id) > after)
                query = query.order_by(col(Contact.id)).limit(EXPORT_CHUNK)
                chunk = list((await core(session, query)).all())
            for contact in chunk:
                yield _export_row(contact, contact.tags, keys)
            if len(chunk) < EXPORT_CHUNK:
                return
            after = chunk[-1].id


async def core(session: AsyncSession, query: Select[Any]) -> Result[Any]:
    """Runs a column query on the session's connection, skipping the ORM's per-statement work
    (a tenth of a page's time in bench/contact_queries.py): these queries load no entities."""
    connection = await session.connection()
    result: Result[Any] = await connection.execute(query)
    return result


class _TagList(TypeDecorator[list[str]]):
    """A contact's tags, aggregated in its own row: PostgreSQL gives an array, SQLite JSON."""

    impl = String
    cache_ok = True

    def process_result_value(self, value: Any, dialect: Dialect) -> list[str]:
        if value is None:
            return []
        if isinstance(value, str):
            value = json.loads(value)
        return sorted(value)


def tags_column(dialect: str) -> Label[list[str]]:
    """The contact's tags as one column of its row: a page needs no second query."""
    aggregate: ColumnElement[Any]
    if dialect == "postgresql":
        aggregate = func.array_agg(col(ContactTag.tag))
    else:
        aggregate = func.json_group_array(col(ContactTag.tag))
    return (
        select(type_coerce(aggregate, _TagList()))
        .where(col(ContactTag.contact_id) == col(Contact.id))
        .scalar_subquery()
        .label("tags")
    )


def public(contact: Row[Any]) -> ContactPublic:
    """A row of `READ_COLUMNS` and `tags_column`, already typed by its columns: no need to
    validate it again."""
    return ContactPublic.model_construct(**contact._mapping)


def _export_row(contact: Row[Any], tags: list[str], keys: list[str]) -> list[str]:
    standard = [_cell(getattr(contact, name)) for name in STANDARD_FIELDS]
    custom = [_cell(contact.custom_fields.get(key)) for key in keys]
    return [
        str(contact.id),
        *standard,
        ";".join(tags),
        *custom,
        _cell(contact.created_at),
        _cell(contact.last_seen_at),
    ]


# A cell starting with one of these is a formula to Excel and LibreOffice (CSV injection).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"^[+-]?[0-9][0-9 .,()-]*$")


def _cell(value: Any) -> str:
    text = _text_of(value)
    # Phones (+55…) and negative numbers stay as they are; anything else that would run as a
    # formula is prefixed with an apostrophe, which spreadsheets show as plain text.
    if text.startswith(_FORMULA_START) and not _PLAIN_NUMBER.match(text):
        return "'" + text
    return text


def _text_of(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, list):
        return ";".join(str(item) for item in value)
    return str(value)
