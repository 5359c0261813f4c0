import uuid
from typing import Annotated

from fastapi import APIRouter, HTTPException, Query, status

from api.conversation_commands import send_reply
from api.deps import Principal, ServicesDep, StoreDep, TemporalClientDep, require
from api.inbox_listing import ConversationFilterDep, ConversationQueriesDep, conversation_page
from api.inbox_schemas import ConversationPage
from api.reply_checks import check_attachments
from api.schemas import MessagesPublic, ReplyCreate, errors
from domain.conversations import (
    WHATSAPP_WINDOW_CLOSED,
    ConversationPublic,
    MessagePublic,
    needs_open_window,
    window_open,
)
from domain.permissions import Permission
from domain.timeutil import utcnow

router = APIRouter(prefix="/conversations", tags=["conversations"], responses=errors(401, 404))

NOT_FOUND = "Conversation not found."

InboxReader = Annotated[Principal, require(Permission.inbox_read)]
InboxReplier = Annotated[Principal, require(Permission.inbox_reply)]


@router.get("", response_model=ConversationPage)
async def list_conversations(
    reader: InboxReader,
    queries: ConversationQueriesDep,
    selection: ConversationFilterDep,
    limit: int = Query(50, ge=1, le=200),
    cursor: Annotated[str | None, Query(max_length=500)] = None,
) -> ConversationPage:
    """Newest activity first, a page at a time: pass `next_cursor` back as `cursor`."""
    return await conversation_page(queries, reader.workspace_id, selection, limit, cursor)


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
    responses=errors(409, 503),
    description="Queues a reply (text, media, buttons, list or template). It is delivered "
    "durably; its status changes arrive over /api/ws. 409 when WhatsApp's 24-hour window is "
    "closed and the reply is not a template.",
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
    content = body.outbound()
    if content is None:
        raise HTTPException(
            status.HTTP_422_UNPROCESSABLE_ENTITY, detail="Send either `text` or `content`."
        )
    if needs_open_window(conversation.channel_kind, content) and not window_open(
        conversation.window_expires_at, utcnow()
    ):
        raise HTTPException(status.HTTP_409_CONFLICT, detail=WHATSAPP_WINDOW_CLOSED)
    await check_attachments(services, principal.workspace_id, content)
    return await send_reply(
        client,
        services.settings.temporal_task_queue,
        principal.workspace_id,
        conversation,
        principal.actor_user_id,
        content,
    )


@router.post("/{conversation_id}/read", response_model=ConversationPublic)
async def mark_read(
    conversation_id: uuid.UUID, reader: InboxReader, store: StoreDep
) -> ConversationPublic:
    conversation = await store.mark_read(reader.workspace_id, conversation_id)
    if conversation is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail=NOT_FOUND)
    return conversation
