"""An agent taking a conversation over stops the bot at once: a delay the bot was waiting out
sends nothing afterwards."""

import asyncio
import contextlib
import uuid
from datetime import timedelta

from temporalio.service import RPCError
from temporalio.testing import WorkflowEnvironment

from domain.conversations import ModeChange
from domain.enums import ConversationMode
from domain.flows import FlowGraph
from temporal.names import SET_MODE_SIGNAL
from tests.support.waiting import eventually
from tests.workflows.flow_support import running_bot
from tests.workflows.test_conversation_workflow import NO_UPLOADS, _inbound, _start


def nudge() -> FlowGraph:
    """Greets, waits an hour, and nudges."""
    return FlowGraph.model_validate(
        {
            "nodes": [
                {"id": "start", "type": "start"},
                {"id": "hi", "type": "send_message", "content": {"kind": "text", "text": "Olá!"}},
                {"id": "wait", "type": "delay", "amount": 1, "unit": "hours"},
                {
                    "id": "nudge",
                    "type": "send_message",
                    "content": {"kind": "text", "text": "Ainda está aí?"},
                },
            ],
            "edges": [
                {"id": "e1", "source": "start", "target": "hi"},
                {"id": "e2", "source": "hi", "target": "wait"},
                {"id": "e3", "source": "wait", "target": "nudge"},
            ],
        }
    )


async def test_taking_over_stops_the_bots_pending_delay(
    time_skipping_env: WorkflowEnvironment, sqlite_url: str
) -> None:
    env = time_skipping_env
    async with running_bot(env, sqlite_url, nudge(), NO_UPLOADS) as bot:
        handle = await _start(env.client, bot.queue, bot.ref, _inbound("oi"))
        await eventually(lambda: bot.channel.sent_count(1))
        await handle.signal(
            SET_MODE_SIGNAL, ModeChange(conversation_id=uuid.uuid4(), mode=ConversationMode.human)
        )
        await env.sleep(timedelta(hours=2))
        await asyncio.sleep(1)  # room for a (wrong) nudge to reach the channel
        with contextlib.suppress(RPCError):
            await handle.terminate()
    assert bot.channel.texts == ["Olá!"]
