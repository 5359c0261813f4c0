import uuid

from fastapi import APIRouter, HTTPException, Query, status

from api.conversation_commands import send_reply
from api.deps import (
    CurrentPrincipal,
    CurrentWorkspaceId,
    ServicesDep,
    StoreDep,
    TemporalClientDep,
)
from api.schemas import ConversationsPublic, MessagesPublic, ReplyCreate, errors
from domain.conversations import ConversationPublic, MessagePublic

router = APIRouter(prefix="/conversations", tags=["conversations"], responses=errors(401, 404))

NOT_FOUND = "Conversation not found."


@router.get("", response_model=ConversationsPublic)
async def list_conversations(
    workspace_id: CurrentWorkspaceId, store: StoreDep, limit: int = Query(50, ge=1, le=200)
) -> ConversationsPublic:
    return ConversationsPublic(data=await store.list_conversations(workspace_id, limit=limit))


@router.get("/{conversation_id}", response_model=ConversationPublic)
async def read_conversation(
    conversation_id: uuid.UUID, workspace_id: CurrentWorkspaceId, store: StoreDep
) -> ConversationPublic:
    conversation = await store.get_conversation(workspace_id, conversation_id)
    if conversation is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail=NOT_FOUND)
    return conversation


@router.get("/{conversation_id}/messages", response_model=MessagesPublic)
async def list_messages(
    conversation_id: uuid.UUID,
    workspace_id: CurrentWorkspaceId,
    store: StoreDep,
    limit: int = Query(200, ge=1, le=500),
) -> MessagesPublic:
    if await store.get_conversation(workspace_id, conversation_id) is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail=NOT_FOUND)
    return MessagesPublic(data=await store.list_messages(workspace_id, conversation_id, limit))


@router.post(
    "/{conversation_id}/messages",
    response_model=MessagePublic,
    status_code=status.HTTP_202_ACCEPTED,
    responses=errors(503),
    description="Queues a reply. It is delivered durably; its final status arrives over /api/ws.",
)
async def create_reply(
    conversation_id: uuid.UUID,
    body: ReplyCreate,
    principal: CurrentPrincipal,
    store: StoreDep,
    client: TemporalClientDep,
    services: ServicesDep,
) -> MessagePublic:
    conversation = await store.get_conversation(principal.workspace_id, conversation_id)
    if conversation is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail=NOT_FOUND)
    return await send_reply(
        client,
        services.settings.temporal_task_queue,
        principal.workspace_id,
        conversation,
        principal.user.id,
        body.text,
    )


@router.post("/{conversation_id}/read", response_model=ConversationPublic)
async def mark_read(
    conversation_id: uuid.UUID, workspace_id: CurrentWorkspaceId, store: StoreDep
) -> ConversationPublic:
    conversation = await store.mark_read(workspace_id, conversation_id)
    if conversation is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail=NOT_FOUND)
    return conversation
