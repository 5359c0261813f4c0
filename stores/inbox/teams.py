"""Inbox teams: groups of agents a conversation can be assigned to (sales, support...)."""

import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, Field, StringConstraints
from sqlalchemy import delete, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlmodel import col, select

from infra.database import is_unique_violation
from stores.inbox.agents import require_agents
from stores.inbox.errors import InboxConflict, InboxNotFound
from stores.tables.conversations import Conversation
from stores.tables.inbox import InboxTeam, InboxTeamMember

NOT_FOUND = "Team not found."
NAME_TAKEN = "a team with this name exists"
MAX_MEMBERS = 500

TeamName = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)]


class InboxTeamPublic(BaseModel):
    id: uuid.UUID
    name: str
    member_ids: list[uuid.UUID]
    created_at: datetime


class InboxTeamFields(BaseModel):
    name: TeamName
    member_ids: list[uuid.UUID] = Field(
        default_factory=list,
        max_length=MAX_MEMBERS,
        description="Members of the workspace who can answer conversations.",
    )


class InboxTeamChanges(BaseModel):
    """Fields left out (or null) stay; `member_ids` replaces the whole membership."""

    name: TeamName | None = None
    member_ids: list[uuid.UUID] | None = Field(default=None, max_length=MAX_MEMBERS)


class DeletedTeam(BaseModel):
    unassigned_conversation_ids: list[uuid.UUID]


class InboxTeamStore:
    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions

    async def all(self, workspace_id: uuid.UUID) -> list[InboxTeamPublic]:
        """By name."""
        async with self._sessions() as session:
            teams = (
                await session.execute(
                    select(InboxTeam)
                    .where(InboxTeam.workspace_id == workspace_id)
                    .order_by(col(InboxTeam.name))
                )
            ).scalars()
            members = await _members(session, workspace_id)
            return [_public(team, members.get(team.id, [])) for team in teams]

    async def create(self, workspace_id: uuid.UUID, fields: InboxTeamFields) -> InboxTeamPublic:
        """Raises `InboxInputError` for a member who is not an agent, `InboxConflict` for a name
        another team has."""
        with _name_taken():
            async with self._sessions() as session:
                member_ids = await _checked(session, workspace_id, fields.member_ids)
                team = InboxTeam(workspace_id=workspace_id, name=fields.name)
                session.add(team)
                _add_members(session, team, member_ids)
                await session.commit()
                return _public(team, member_ids)

    async def update(
        self, workspace_id: uuid.UUID, team_id: uuid.UUID, changes: InboxTeamChanges
    ) -> InboxTeamPublic:
        with _name_taken():
            async with self._sessions() as session:
                team = await _find(session, workspace_id, team_id)
                if changes.name is not None:
                    team.name = changes.name
                if changes.member_ids is not None:
                    member_ids = await _checked(session, workspace_id, changes.member_ids)
                    await session.execute(
                        delete(InboxTeamMember).where(col(InboxTeamMember.team_id) == team.id)
                    )
                    _add_members(session, team, member_ids)
                await session.commit()
                members = await _members(session, workspace_id, team.id)
                return _public(team, members.get(team.id, []))

    async def delete(self, workspace_id: uuid.UUID, team_id: uuid.UUID) -> DeletedTeam:
        """Deletes the team; its conversations keep their agent and lose the team."""
        async with self._sessions() as session, session.begin():
            team = await _find(session, workspace_id, team_id)
            unassigned = (
                await session.execute(
                    update(Conversation)
                    .where(
                        col(Conversation.workspace_id) == workspace_id,
                        col(Conversation.assignee_team_id) == team.id,
                    )
                    .values(assignee_team_id=None)
                    .returning(col(Conversation.id))
                )
            ).scalars()
            ids = list(unassigned)
            await session.execute(
                delete(InboxTeamMember).where(col(InboxTeamMember.team_id) == team.id)
            )
            await session.delete(team)
        return DeletedTeam(unassigned_conversation_ids=ids)


def _public(team: InboxTeam, member_ids: Sequence[uuid.UUID]) -> InboxTeamPublic:
    return InboxTeamPublic(
        id=team.id, name=team.name, member_ids=sorted(member_ids), created_at=team.created_at
    )


async def _find(session: AsyncSession, workspace_id: uuid.UUID, team_id: uuid.UUID) -> InboxTeam:
    team = await session.get(InboxTeam, team_id)
    if team is None or team.workspace_id != workspace_id:
        raise InboxNotFound(NOT_FOUND)
    return team


async def _checked(
    session: AsyncSession, workspace_id: uuid.UUID, member_ids: Sequence[uuid.UUID]
) -> list[uuid.UUID]:
    unique = list(dict.fromkeys(member_ids))
    await require_agents(session, workspace_id, unique, ("body", "member_ids"))
    return unique


def _add_members(session: AsyncSession, team: InboxTeam, member_ids: Sequence[uuid.UUID]) -> None:
    session.add_all(
        InboxTeamMember(team_id=team.id, user_id=user_id, workspace_id=team.workspace_id)
        for user_id in member_ids
    )


async def _members(
    session: AsyncSession, workspace_id: uuid.UUID, team_id: uuid.UUID | None = None
) -> dict[uuid.UUID, list[uuid.UUID]]:
    query = select(InboxTeamMember.team_id, InboxTeamMember.user_id).where(
        InboxTeamMember.workspace_id == workspace_id
    )
    if team_id is not None:
        query = query.where(InboxTeamMember.team_id == team_id)
    found: dict[uuid.UUID, list[uuid.UUID]] = {}
    for team, user in (await session.execute(query)).all():
        found.setdefault(team, []).append(user)
    return found


@contextmanager
def _name_taken() -> Iterator[None]:
    """The unique constraint decides a name race, which checking first could not; the
    session's own exit rolls the attempt back."""
    try:
        yield
    except IntegrityError as error:
        if is_unique_violation(error):
            raise InboxConflict(NAME_TAKEN) from None
        raise
