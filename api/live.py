"""Forwarding event-bus notifications to a WebSocket until either side goes away."""

import asyncio
import contextlib
from collections.abc import AsyncIterator

from fastapi import WebSocket

from infra.eventbus import EventBus


async def accept_and_pump(websocket: WebSocket, event_bus: EventBus, topic: str) -> None:
    # Subscribe before accepting: a client that sees the socket open and re-reads its state
    # must not miss an event published in between.
    async with event_bus.subscribe(topic) as events:
        await websocket.accept()
        forward = asyncio.create_task(_forward(websocket, events))
        # Reading is how a closed socket is noticed; clients send nothing we need.
        listen = asyncio.create_task(_until_closed(websocket))
        try:
            await asyncio.wait({forward, listen}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            for task in (forward, listen):
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError, Exception):
                    await task


async def _forward(websocket: WebSocket, events: AsyncIterator[str]) -> None:
    async for payload in events:
        await websocket.send_text(payload)


async def _until_closed(websocket: WebSocket) -> None:
    while True:
        message = await websocket.receive()
        if message["type"] == "websocket.disconnect":
            return
