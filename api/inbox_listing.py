"""The inbox list's query parameters and paging, for `GET /api/conversations`."""

import uuid
from typing import Annotated

from fastapi import Depends, HTTPException, Query
from fastapi import status as http_status
from fastapi.exceptions import RequestValidationError

from api.deps import CurrentPrincipal, ServicesDep
from api.inbox_schemas import ConversationPage
from domain.enums import ChannelKind, ConversationStatus
from stores.inbox.conversation_queries import (
    ConversationFilter,
    ConversationQueries,
    InvalidCursor,
    Unassigned,
)

ASSIGNEE_HELP = "`me`, `unassigned` (no agent), or a member's user id."


def get_conversation_queries(services: ServicesDep) -> ConversationQueries:
    return ConversationQueries(services.sessions)


ConversationQueriesDep = Annotated[ConversationQueries, Depends(get_conversation_queries)]


def _assignee(value: str | None, me: uuid.UUID) -> uuid.UUID | Unassigned | None:
    if value is None or value == "":
        return None
    if value == "me":
        return me
    if value == "unassigned":
        return "unassigned"
    try:
        return uuid.UUID(value)
    except ValueError:
        raise RequestValidationError(
            [
                {
                    "type": "value_error",
                    "loc": ("query", "assignee"),
                    "msg": f"assignee must be {ASSIGNEE_HELP}",
                    "input": value,
                }
            ]
        ) from None


def conversation_filter(
    principal: CurrentPrincipal,
    status: Annotated[
        ConversationStatus | None, Query(description="Only this status; all when left out.")
    ] = None,
    channel: Annotated[ChannelKind | None, Query(description="Only this kind of channel.")] = None,
    channel_id: Annotated[uuid.UUID | None, Query(description="Only this channel.")] = None,
    assignee: Annotated[str | None, Query(max_length=36, description=ASSIGNEE_HELP)] = None,
    team_id: Annotated[uuid.UUID | None, Query(description="Assigned to this team.")] = None,
    label: Annotated[str | None, Query(max_length=50, description="Carrying this label.")] = None,
    unread: Annotated[bool, Query(description="Only conversations with unread messages.")] = False,
    q: Annotated[
        str | None,
        Query(max_length=200, description="Contact name, phone, e-mail or channel key."),
    ] = None,
) -> ConversationFilter:
    return ConversationFilter(
        status=status,
        channel=channel,
        channel_id=channel_id,
        # An API key acts as the member who created it.
        assignee=_assignee(assignee, principal.actor_user_id),
        team_id=team_id,
        label=(label or "").strip().lower() or None,
        unread=unread,
        q=(q or "").strip() or None,
    )


ConversationFilterDep = Annotated[ConversationFilter, Depends(conversation_filter)]


async def conversation_page(
    queries: ConversationQueries,
    workspace_id: uuid.UUID,
    selection: ConversationFilter,
    limit: int,
    cursor: str | None,
) -> ConversationPage:
    try:
        page = await queries.page(workspace_id, selection, limit=limit, cursor=cursor)
    except InvalidCursor as error:
        raise HTTPException(http_status.HTTP_422_UNPROCESSABLE_CONTENT, detail=str(error)) from None
    return ConversationPage(data=page.conversations, next_cursor=page.next_cursor)
