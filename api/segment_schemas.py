"""Request and response bodies of contact listing, search, count, export and saved segments."""

import uuid
from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field

from domain.contacts import ContactPublic
from domain.segments import FilterProblem, SegmentFilter
from stores.contacts.queries import ContactSort


class ContactsPage(BaseModel):
    data: list[ContactPublic]
    next_cursor: str | None = Field(
        description="Pass as `cursor` with the same sort and order for the next page; "
        "null on the last page."
    )


class ContactSelection(BaseModel):
    """Which contacts: a filter, a saved segment, a search text; given together they AND."""

    filter: SegmentFilter | None = None
    segment_id: uuid.UUID | None = None
    q: str | None = Field(
        default=None, max_length=200, description="Name, e-mail or phone digits contain this."
    )


class ContactSearch(ContactSelection):
    sort: ContactSort = ContactSort.created_at
    order: Literal["asc", "desc"] = "desc"
    limit: int = Field(default=50, ge=1, le=200)
    cursor: str | None = Field(default=None, max_length=2000)


class ContactCount(BaseModel):
    count: int


class TagCount(BaseModel):
    tag: str
    contacts: int


class FilterProblems(BaseModel):
    """A filter that cannot be used: `problems` point at each wrong condition."""

    detail: str
    problems: list[FilterProblem]


class SegmentCreate(BaseModel):
    name: str = Field(min_length=1, max_length=100)
    filter: SegmentFilter


class SegmentUpdate(BaseModel):
    name: str | None = Field(default=None, min_length=1, max_length=100)
    filter: SegmentFilter | None = None


class SegmentPublic(BaseModel):
    id: uuid.UUID
    name: str
    filter: SegmentFilter
    created_by_user_id: uuid.UUID | None
    created_at: datetime
    updated_at: datetime


class SegmentsPublic(BaseModel):
    data: list[SegmentPublic]
