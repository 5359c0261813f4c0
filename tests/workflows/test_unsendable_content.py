"""No event can stall a conversation: content that renders empty (a text made only of a blank
variable) is a recorded step outcome with its reason, and the flow and the conversation go on."""

import contextlib

from sqlmodel import col, select
from temporalio.service import RPCError
from temporalio.testing import WorkflowEnvironment

from domain.flows import FlowGraph
from stores.tables.flows import FlowRunStep
from temporal.names import RECEIVE_MESSAGE_SIGNAL
from tests.support.waiting import eventually
from tests.workflows.flow_support import running_bot
from tests.workflows.test_conversation_workflow import (
    NO_UPLOADS,
    _inbound,
    _start,
    _stored_texts,
)


def greeting_by_name() -> FlowGraph:
    """Greets by a nickname alone (blank until someone sets it), then goes on."""
    return FlowGraph.model_validate(
        {
            "nodes": [
                {"id": "start", "type": "start"},
                {
                    "id": "name",
                    "type": "send_message",
                    "content": {"kind": "text", "text": "{{vars.apelido}}"},
                },
                {
                    "id": "next",
                    "type": "send_message",
                    "content": {"kind": "text", "text": "Seguimos em frente."},
                },
            ],
            "edges": [
                {"id": "e1", "source": "start", "target": "name"},
                {"id": "e2", "source": "name", "target": "next"},
            ],
            "variables": [{"name": "apelido", "default": ""}],
        }
    )


async def test_an_empty_render_is_a_recorded_outcome_and_the_conversation_goes_on(
    time_skipping_env: WorkflowEnvironment, sqlite_url: str
) -> None:
    env = time_skipping_env
    async with running_bot(env, sqlite_url, greeting_by_name(), NO_UPLOADS) as bot:
        handle = await _start(env.client, bot.queue, bot.ref, _inbound("oi"))
        await eventually(lambda: bot.channel.sent_count(1))
        # The conversation still takes the contact's next message.
        await handle.signal(RECEIVE_MESSAGE_SIGNAL, _inbound("m2", "ainda aqui"))

        async def both_stored() -> list[str] | None:
            texts = await _stored_texts(bot.store, bot.account)
            return texts if "ainda aqui" in texts else None

        await eventually(both_stored)
        with contextlib.suppress(RPCError):
            await handle.terminate()
        async with bot.store.sessions() as session:
            steps = (
                (
                    await session.execute(
                        select(FlowRunStep)
                        .where(FlowRunStep.flow_id == bot.flow_id)
                        .order_by(col(FlowRunStep.step_index))
                    )
                )
                .scalars()
                .all()
            )
    assert bot.channel.texts == ["Seguimos em frente."]
    skipped = next(step for step in steps if step.node_id == "name")
    assert "empty once its variables were filled in" in skipped.detail["skipped"]
