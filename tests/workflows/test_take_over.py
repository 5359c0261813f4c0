"""An agent taking a conversation over stops the bot at once: a delay the bot was waiting out
sends nothing afterwards."""

import asyncio
import contextlib
import uuid
from datetime import timedelta

from temporalio.service import RPCError
from temporalio.testing import WorkflowEnvironment

from domain.conversations import ConversationRef, ModeChange
from domain.enums import ChannelKind, ConversationMode
from domain.flows import FlowGraph
from infra.database import create_engine, create_session_factory
from infra.eventbus import InProcessEventBus
from stores.conversations.store import ConversationStore
from temporal.names import SET_MODE_SIGNAL
from tests.factories import create_workspace
from tests.support.waiting import eventually
from tests.workflows.flow_support import publish
from tests.workflows.test_conversation_workflow import NO_UPLOADS, _inbound, _start
from tests.workflows.test_flow_runs import NEW_CONTACT, RecordingChannel
from workers.main import build_worker


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
    engine = create_engine(sqlite_url)
    store = ConversationStore(create_session_factory(engine))
    account = await create_workspace(store.sessions)
    await publish(store.sessions, account.workspace_id, nudge(), NEW_CONTACT)
    channel = RecordingChannel()
    queue = f"takeover-{uuid.uuid4().hex[:8]}"
    ref = ConversationRef(
        workspace_id=account.workspace_id,
        channel_id=account.channel_id,
        channel_kind=ChannelKind.webchat,
        contact_key=uuid.uuid4().hex,
    )
    async with build_worker(
        env.client,
        queue,
        store,
        InProcessEventBus(),
        storage=NO_UPLOADS,
        channels={ChannelKind.webchat: channel},
    ):
        handle = await _start(env.client, queue, ref, _inbound("oi"))
        await eventually(lambda: channel.sent_count(1))
        await handle.signal(
            SET_MODE_SIGNAL, ModeChange(conversation_id=uuid.uuid4(), mode=ConversationMode.human)
        )
        await env.sleep(timedelta(hours=2))
        await asyncio.sleep(1)  # room for a (wrong) nudge to reach the channel
        with contextlib.suppress(RPCError):
            await handle.terminate()
    await engine.dispose()
    assert channel.texts == ["Olá!"]
