"""The only anonymous endpoints: what the embeddable web chat widget calls.

A visitor is known by a token the API signs for one channel; it is sent as the
`X-Fluxo-Visitor` header (or `token` query parameter on the WebSocket, where browsers
cannot set headers). They answer other websites: CORS and the allowed websites are in
`api.widget_origins`; new visitors and messages are rate-limited (`api.ratelimits`).
"""

from dataclasses import dataclass
from typing import Annotated

from fastapi import APIRouter, Depends, Header, HTTPException, Request, WebSocket, status
from fastapi.websockets import WebSocketDisconnect
from sqlmodel import select

from api.conversation_commands import receive_message
from api.deps import ServicesDep, SessionDep, StoreDep, TemporalClientDep
from api.live import accept_and_pump
from api.ratelimits import limit_new_visitor, limit_widget_message
from api.schemas import (
    MessagesPublic,
    WidgetMessageAccepted,
    WidgetMessageCreate,
    WidgetSession,
    WidgetSessionRequest,
    errors,
)
from api.widget_origins import find_channel, website_allowed
from domain.conversations import ConversationRef, InboundMessage, visitor_topic
from domain.security import issue_visitor_token, read_visitor_token
from domain.timeutil import utcnow
from stores.tables.conversations import Channel
from temporal.ids import conversation_workflow_id

router = APIRouter(prefix="/widget/{public_key}", tags=["widget"], responses=errors(404))

UNKNOWN_CHANNEL = "Unknown web chat channel: check the data-fluxo-key of the widget script."
BAD_VISITOR = "Missing or invalid visitor token: start a session first."
WEBSITE_REFUSED = "This website is not among the channel's allowed websites."


async def get_channel(public_key: str, session: SessionDep) -> Channel:
    channel = (
        await session.execute(select(Channel).where(Channel.public_key == public_key))
    ).scalar_one_or_none()
    if channel is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail=UNKNOWN_CHANNEL)
    return channel


ChannelDep = Annotated[Channel, Depends(get_channel)]


@dataclass(frozen=True)
class Visitor:
    channel: Channel
    visitor_id: str

    @property
    def ref(self) -> ConversationRef:
        return ConversationRef(
            workspace_id=self.channel.workspace_id,
            channel_id=self.channel.id,
            channel_kind=self.channel.kind,
            contact_key=self.visitor_id,
        )


def get_visitor(
    channel: ChannelDep,
    services: ServicesDep,
    x_fluxo_visitor: Annotated[str | None, Header()] = None,
) -> Visitor:
    visitor_id = read_visitor_token(services.secret_key, channel.id, x_fluxo_visitor or "")
    if visitor_id is None:
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, detail=BAD_VISITOR)
    return Visitor(channel=channel, visitor_id=visitor_id)


VisitorDep = Annotated[Visitor, Depends(get_visitor)]


@router.post("/sessions", response_model=WidgetSession, responses=errors(403, 429))
async def start_session(
    body: WidgetSessionRequest, channel: ChannelDep, services: ServicesDep, request: Request
) -> WidgetSession:
    """Resumes a visitor whose token is still valid, or makes a new visitor (rate-limited per
    IP address: each new visitor may become a contact)."""
    token = body.visitor_token
    if token is None or read_visitor_token(services.secret_key, channel.id, token) is None:
        await limit_new_visitor(services.rate_limiter, request, services.settings)
        token = issue_visitor_token(services.secret_key, channel.id)
    return WidgetSession(visitor_token=token, channel_name=channel.name)


@router.get("/messages", response_model=MessagesPublic, responses=errors(401, 403))
async def list_messages(visitor: VisitorDep, store: StoreDep) -> MessagesPublic:
    ref = visitor.ref
    conversation = await store.find_by_workflow_id(
        ref.workspace_id,
        conversation_workflow_id(ref.workspace_id, ref.channel_id, ref.contact_key),
    )
    if conversation is None:
        return MessagesPublic(data=[])
    return MessagesPublic(data=await store.list_messages(ref.workspace_id, conversation.id))


@router.post(
    "/messages",
    response_model=WidgetMessageAccepted,
    status_code=status.HTTP_202_ACCEPTED,
    responses=errors(401, 403, 429, 503),
)
async def post_message(
    body: WidgetMessageCreate,
    visitor: VisitorDep,
    client: TemporalClientDep,
    services: ServicesDep,
    request: Request,
) -> WidgetMessageAccepted:
    """Accepted once Temporal holds it; a retry with the same client_message_id is stored once.
    Rate-limited per IP address and per visitor: a 429 says in Retry-After when to send again."""
    # Before anything reaches Temporal: a refused message costs no signal.
    await limit_widget_message(
        services.rate_limiter,
        request,
        services.settings,
        visitor.channel.id,
        visitor.visitor_id,
    )
    message = InboundMessage(
        client_message_id=body.client_message_id, text=body.text, received_at=utcnow()
    )
    await receive_message(client, services.settings.temporal_task_queue, visitor.ref, message)
    return WidgetMessageAccepted(client_message_id=body.client_message_id)


@router.websocket("/ws")
async def visitor_events(
    websocket: WebSocket, public_key: str, token: str, services: ServicesDep
) -> None:
    """The visitor's messages as they are stored and delivered. Accepts other websites (browsers
    send `Origin` on every handshake), unless the channel lists its allowed websites."""
    channel = await find_channel(services, public_key)
    origin = websocket.headers.get("origin")
    if origin is not None and not website_allowed(
        websocket, channel, origin, services.settings.resolved_public_url
    ):
        # Short: a close reason must fit in 123 bytes, and the origin could be long.
        await websocket.close(code=status.WS_1008_POLICY_VIOLATION, reason=WEBSITE_REFUSED)
        return
    visitor_id = read_visitor_token(services.secret_key, channel.id, token) if channel else None
    if channel is None or visitor_id is None:
        await websocket.close(code=status.WS_1008_POLICY_VIOLATION, reason=BAD_VISITOR)
        return
    try:
        await accept_and_pump(websocket, services.event_bus, visitor_topic(channel.id, visitor_id))
    except WebSocketDisconnect:
        return
