"""Inbox teams, and the agents conversations can be assigned to."""

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, status

from api.deps import Principal, ServicesDep, SessionDep, StoreDep, require
from api.inbox_errors import inbox_errors
from api.inbox_schemas import (
    InboxAgentsPublic,
    InboxTeamCreate,
    InboxTeamPublic,
    InboxTeamsPublic,
    InboxTeamUpdate,
)
from api.schemas import errors
from domain.conversations import ConversationEvent, workspace_topic
from domain.permissions import Permission
from stores.inbox.agents import inbox_agents
from stores.inbox.teams import InboxTeamStore

router = APIRouter(tags=["inbox"], responses=errors(401, 403))

InboxReader = Annotated[Principal, require(Permission.inbox_read)]
TeamManager = Annotated[Principal, require(Permission.team_manage)]


def get_teams(services: ServicesDep) -> InboxTeamStore:
    return InboxTeamStore(services.sessions)


TeamsDep = Annotated[InboxTeamStore, Depends(get_teams)]


@router.get("/inbox/agents", response_model=InboxAgentsPublic)
async def list_inbox_agents(reader: InboxReader, session: SessionDep) -> InboxAgentsPublic:
    """Members who can be assigned conversations, by name: the assignee picker's choices."""
    return InboxAgentsPublic(data=await inbox_agents(session, reader.workspace_id))


@router.get("/inbox-teams", response_model=InboxTeamsPublic)
async def list_inbox_teams(reader: InboxReader, teams: TeamsDep) -> InboxTeamsPublic:
    """By name."""
    return InboxTeamsPublic(data=await teams.all(reader.workspace_id))


@router.post(
    "/inbox-teams",
    response_model=InboxTeamPublic,
    status_code=status.HTTP_201_CREATED,
    responses=errors(409),
)
async def create_inbox_team(
    body: InboxTeamCreate, manager: TeamManager, teams: TeamsDep
) -> InboxTeamPublic:
    """Names are unique within the workspace (409); members must be able to answer (422)."""
    with inbox_errors():
        return await teams.create(manager.workspace_id, body)


@router.patch("/inbox-teams/{team_id}", response_model=InboxTeamPublic, responses=errors(404, 409))
async def update_inbox_team(
    team_id: uuid.UUID, body: InboxTeamUpdate, manager: TeamManager, teams: TeamsDep
) -> InboxTeamPublic:
    """Renames the team, or replaces its members with `member_ids`."""
    with inbox_errors():
        return await teams.update(manager.workspace_id, team_id, body)


@router.delete(
    "/inbox-teams/{team_id}", status_code=status.HTTP_204_NO_CONTENT, responses=errors(404)
)
async def delete_inbox_team(
    team_id: uuid.UUID,
    manager: TeamManager,
    teams: TeamsDep,
    store: StoreDep,
    services: ServicesDep,
) -> None:
    """Its conversations keep their agent and lose the team; open inboxes are told."""
    with inbox_errors():
        deleted = await teams.delete(manager.workspace_id, team_id)
    topic = workspace_topic(manager.workspace_id)
    for conversation_id in deleted.unassigned_conversation_ids:
        conversation = await store.get_conversation(manager.workspace_id, conversation_id)
        if conversation is not None:
            event = ConversationEvent(conversation=conversation)
            await services.event_bus.publish(topic, event.model_dump_json())
