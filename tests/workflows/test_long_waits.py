"""A flow's long waits are kept: a 45-day delay and a 90-day question timeout fire on time,
although the conversation is otherwise idle far longer than its idle timeout (30 days)."""

import contextlib
from datetime import timedelta

from temporalio.service import RPCError
from temporalio.testing import WorkflowEnvironment

from domain.flows import FlowGraph
from tests.support.waiting import eventually
from tests.workflows.flow_support import lead_qualification, running_bot
from tests.workflows.test_conversation_workflow import NO_UPLOADS, _inbound, _start
from workflows.conversation_policies import IDLE_TIMEOUT


def welcome_series() -> FlowGraph:
    """Welcomes a contact, waits 45 days, and checks in."""
    return FlowGraph.model_validate(
        {
            "nodes": [
                {"id": "start", "type": "start"},
                {
                    "id": "welcome",
                    "type": "send_message",
                    "content": {"kind": "text", "text": "Bem-vindo!"},
                },
                {"id": "wait", "type": "delay", "amount": 45, "unit": "days"},
                {
                    "id": "check_in",
                    "type": "send_message",
                    "content": {"kind": "text", "text": "Faz 45 dias: como vai?"},
                },
                {"id": "end", "type": "end"},
            ],
            "edges": [
                {"id": "e1", "source": "start", "target": "welcome"},
                {"id": "e2", "source": "welcome", "target": "wait"},
                {"id": "e3", "source": "wait", "target": "check_in"},
                {"id": "e4", "source": "check_in", "target": "end"},
            ],
        }
    )


def slow_question() -> FlowGraph:
    """The lead flow, whose question waits 90 days for an answer."""
    graph = lead_qualification().model_dump(mode="json")
    for node in graph["nodes"]:
        if node["id"] == "ask_email":
            node["timeout_minutes"] = 60 * 24 * 90
    return FlowGraph.model_validate(graph)


async def _run_until(
    env: WorkflowEnvironment, sqlite_url: str, graph: FlowGraph, wait: timedelta, count: int
) -> list[str]:
    async with running_bot(env, sqlite_url, graph, NO_UPLOADS) as bot:
        handle = await _start(env.client, bot.queue, bot.ref, _inbound("oi"))
        await eventually(lambda: bot.channel.sent_count(1))
        await env.sleep(wait)
        await eventually(lambda: bot.channel.sent_count(count), timeout=30)
        # Time skipping may already have carried the idle run to its end.
        with contextlib.suppress(RPCError):
            await handle.terminate()
    return bot.channel.texts


async def test_a_45_day_delay_fires_on_time(
    time_skipping_env: WorkflowEnvironment, sqlite_url: str
) -> None:
    assert timedelta(days=45) > IDLE_TIMEOUT
    texts = await _run_until(
        time_skipping_env, sqlite_url, welcome_series(), timedelta(days=45, minutes=1), 2
    )
    assert texts == ["Bem-vindo!", "Faz 45 dias: como vai?"]


async def test_a_90_day_question_timeout_takes_its_branch(
    time_skipping_env: WorkflowEnvironment, sqlite_url: str
) -> None:
    texts = await _run_until(
        time_skipping_env, sqlite_url, slow_question(), timedelta(days=90, minutes=1), 2
    )
    assert texts == ["Oi! Qual o seu e-mail?", "Tudo bem, fica para a próxima!"]
