import uuid
from typing import Annotated

from fastapi import APIRouter, HTTPException, Query, status

from api.conversation_commands import send_reply
from api.deps import Principal, ServicesDep, StoreDep, TemporalClientDep, require
from api.schemas import ConversationsPublic, MessagesPublic, ReplyCreate, errors
from domain.conversations import ConversationPublic, MessagePublic
from domain.permissions import Permission

router = APIRouter(prefix="/conversations", tags=["conversations"], responses=errors(401, 404))

NOT_FOUND = "Conversation not found."

InboxReader = Annotated[Principal, require(Permission.inbox_read)]
InboxReplier = Annotated[Principal, require(Permission.inbox_reply)]


@router.get("", response_model=ConversationsPublic)
async def list_conversations(
    reader: InboxReader, store: StoreDep, limit: int = Query(50, ge=1, le=200)
) -> ConversationsPublic:
    return ConversationsPublic(
        data=await store.list_conversations(reader.workspace_id, limit=limit)
    )


@router.get("/{conversation_id}", response_model=ConversationPublic)
async def read_conversation(
    conversation_id: uuid.UUID, reader: InboxReader, store: StoreDep
) -> ConversationPublic:
    conversation = await store.get_conversation(reader.workspace_id, conversation_id)
    if conversation is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail=NOT_FOUND)
    return conversation


@router.get("/{conversation_id}/messages", response_model=MessagesPublic)
async def list_messages(
    conversation_id: uuid.UUID,
    reader: InboxReader,
    store: StoreDep,
    limit: int = Query(200, ge=1, le=500),
) -> MessagesPublic:
    if await store.get_conversation(reader.workspace_id, conversation_id) is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail=NOT_FOUND)
    return MessagesPublic(
        data=await store.list_messages(reader.workspace_id, conversation_id, limit)
    )


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
    principal: InboxReplier,
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
        principal.actor_user_id,
        body.text,
    )


@router.post("/{conversation_id}/read", response_model=ConversationPublic)
async def mark_read(
    conversation_id: uuid.UUID, reader: InboxReader, store: StoreDep
) -> ConversationPublic:
    conversation = await store.mark_read(reader.workspace_id, conversation_id)
    if conversation is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail=NOT_FOUND)
    return conversation
