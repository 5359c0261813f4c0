from fastapi import APIRouter, WebSocket, status
from fastapi.websockets import WebSocketDisconnect

from api.deps import SESSION_COOKIE, ServicesDep, principal_from_token, same_origin
from api.live import accept_and_pump
from domain.conversations import workspace_topic
from domain.permissions import Permission

router = APIRouter(tags=["live"])


@router.websocket("/ws")
async def inbox_events(websocket: WebSocket, services: ServicesDep) -> None:
    """Every message and conversation change of the logged-in user's workspace, as JSON frames."""
    if not same_origin(websocket):
        await websocket.close(code=status.WS_1008_POLICY_VIOLATION, reason="Cross-site request.")
        return
    async with services.sessions() as session:
        principal = await principal_from_token(session, websocket.cookies.get(SESSION_COOKIE))
    if principal is None or Permission.inbox_read not in principal.permissions:
        await websocket.close(code=status.WS_1008_POLICY_VIOLATION, reason="Log in to continue.")
        return
    try:
        await accept_and_pump(
            websocket, services.event_bus, workspace_topic(principal.workspace_id)
        )
    except WebSocketDisconnect:
        return
