"""Saved answers agents insert by shortcut. Placeholders in the body ({{contact.name}}...) are
filled by the UI when inserting; here a body is only text."""

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated

from pydantic import BaseModel, Field, StringConstraints
from sqlalchemy import func, or_
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlmodel import col, select

from domain.timeutil import utcnow
from infra.database import is_unique_violation
from stores.contacts.filter_sql import LIKE_ESCAPE, like_pattern
from stores.inbox.errors import InboxConflict, InboxNotFound
from stores.tables.inbox import CannedResponse

NOT_FOUND = "Canned response not found."
SHORTCUT_TAKEN = "a canned response with this shortcut exists"

Shortcut = Annotated[
    str, StringConstraints(pattern=r"^[a-z0-9_-]{1,40}$", min_length=1, max_length=40)
]
Title = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)]
Body = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=4096)]


class CannedResponseFields(BaseModel):
    shortcut: Shortcut = Field(
        description="Typed after / in the composer: lower-case letters, digits, _ and -."
    )
    title: Title
    body: Body = Field(
        description="May hold {{contact.name}}, {{contact.first_name}} and {{agent.name}}."
    )


class CannedResponseChanges(BaseModel):
    """Fields left out (or null) stay as they are."""

    shortcut: Shortcut | None = None
    title: Title | None = None
    body: Body | None = None


class CannedResponseStore:
    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions

    async def search(self, workspace_id: uuid.UUID, q: str | None = None) -> list[CannedResponse]:
        """By shortcut; `q` matches shortcut, title or body, any case."""
        query = select(CannedResponse).where(CannedResponse.workspace_id == workspace_id)
        if q and q.strip():
            pattern = like_pattern(q.strip().lower())
            query = query.where(
                or_(
                    *(
                        func.lower(column).like(pattern, escape=LIKE_ESCAPE)
                        for column in (
                            col(CannedResponse.shortcut),
                            col(CannedResponse.title),
                            col(CannedResponse.body),
                        )
                    )
                )
            )
        async with self._sessions() as session:
            rows = await session.execute(query.order_by(col(CannedResponse.shortcut)))
            return list(rows.scalars())

    async def create(self, workspace_id: uuid.UUID, fields: CannedResponseFields) -> CannedResponse:
        now = utcnow()
        response = CannedResponse(
            workspace_id=workspace_id, created_at=now, updated_at=now, **fields.model_dump()
        )
        with _shortcut_taken():
            async with self._sessions() as session:
                session.add(response)
                await session.commit()
        return response

    async def update(
        self, workspace_id: uuid.UUID, response_id: uuid.UUID, changes: CannedResponseChanges
    ) -> CannedResponse:
        with _shortcut_taken():
            async with self._sessions() as session:
                response = await _find(session, workspace_id, response_id)
                for name, value in changes.model_dump(exclude_none=True).items():
                    setattr(response, name, value)
                response.updated_at = utcnow()
                await session.commit()
                return response

    async def delete(self, workspace_id: uuid.UUID, response_id: uuid.UUID) -> None:
        async with self._sessions() as session:
            await session.delete(await _find(session, workspace_id, response_id))
            await session.commit()


async def _find(
    session: AsyncSession, workspace_id: uuid.UUID, response_id: uuid.UUID
) -> CannedResponse:
    response = await session.get(CannedResponse, response_id)
    if response is None or response.workspace_id != workspace_id:
        raise InboxNotFound(NOT_FOUND)
    return response


@contextmanager
def _shortcut_taken() -> Iterator[None]:
    """The unique constraint decides a shortcut race, which checking first could not; the
    session's own exit rolls the attempt back."""
    try:
        yield
    except IntegrityError as error:
        if is_unique_violation(error):
            raise InboxConflict(SHORTCUT_TAKEN) from None
        raise
