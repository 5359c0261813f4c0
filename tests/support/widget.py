"""What the embeddable widget does over HTTP and WebSocket, as test helpers."""

import json
import uuid
from typing import Any

import websockets

from tests.factories import WorkspaceFixture
from tests.support.harness import Harness


async def post_visitor_message(
    app: Harness,
    account: WorkspaceFixture,
    token: str,
    text: str,
    client_message_id: str | None = None,
) -> int:
    response = await app.http().post(
        f"/api/widget/{account.channel_key}/messages",
        headers={"X-Fluxo-Visitor": token},
        json={"client_message_id": client_message_id or uuid.uuid4().hex, "text": text},
    )
    return response.status_code


async def visitor_history(app: Harness, account: WorkspaceFixture, token: str) -> list[Any]:
    response = await app.http().get(
        f"/api/widget/{account.channel_key}/messages", headers={"X-Fluxo-Visitor": token}
    )
    assert response.status_code == 200, response.text
    data: list[Any] = response.json()["data"]
    return data


def visitor_socket(app: Harness, account: WorkspaceFixture, token: str) -> Any:
    return websockets.connect(f"{app.ws_base}/api/widget/{account.channel_key}/ws?token={token}")


async def next_event(socket: Any, timeout: float = 20.0) -> dict[str, Any]:
    import asyncio

    raw = await asyncio.wait_for(socket.recv(), timeout=timeout)
    event: dict[str, Any] = json.loads(raw)
    return event
