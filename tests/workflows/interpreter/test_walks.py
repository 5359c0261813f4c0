"""The core as a whole: jumps enter the next flow like a start, loops are cut, the state given
is never changed, and nothing of Temporal or I/O is imported."""

import ast
import uuid
from functools import partial
from pathlib import Path

import pytest

from domain.flow_runs import ContactFacts
from tests.workflows.interpreter.driver import Driver, graph, published, text
from workflows.interpreter import effects
from workflows.interpreter.core import MAX_STEPS_PER_WALK, advance
from workflows.interpreter.events import Answer, Begin, Sent
from workflows.interpreter.nodes import UnexpectedEvent
from workflows.interpreter.state import Walk

CORE = Path(__file__).parents[3] / "workflows" / "interpreter"


def _jumping(target_id: uuid.UUID) -> Driver:
    first = graph(
        [
            {"id": "start", "type": "start"},
            {"id": "v", "type": "set_variable", "name": "plan", "value": "pro"},
            {"id": "go", "type": "jump", "flow_id": str(target_id)},
        ],
        [("start", "next", "v"), ("v", "next", "go")],
    )
    second = graph(
        [
            {"id": "begin", "type": "start"},
            text("hi", "Plano {{vars.plan}}, cupom {{vars.coupon}}"),
            {"id": "end", "type": "end"},
        ],
        [("begin", "next", "hi"), ("hi", "next", "end")],
        variables=[
            {"name": "plan", "default": "grátis"},
            {"name": "coupon", "default": "BEMVINDO"},
        ],
    )
    return Driver(published(first), flows={target_id: published(second, 3, target_id)})


def test_a_jump_enters_the_target_like_a_start_with_its_defaults() -> None:
    target = uuid.uuid4()
    bot = _jumping(target)
    asked = bot.begin()
    # Declared defaults fill what the run has not set; what it has is kept.
    assert bot.sent() == ["Plano pro, cupom BEMVINDO"]
    assert effects.JumpToFlow(flow_id=target) in asked
    assert bot.steps()[2:] == [
        ("go", "jumped"),
        ("begin", "next"),
        ("hi", "next"),
        ("end", "ended"),
    ]
    assert bot.run is not None and bot.run.flow_ref == bot.flows[target].ref
    record = next(e for e in asked if isinstance(e, effects.RecordSteps))
    assert record.flow == bot.flows[target].ref


def test_a_jump_to_an_unpublished_flow_ends_the_run() -> None:
    bot = _jumping(uuid.uuid4())
    bot.flows.clear()
    asked = bot.begin()
    assert bot.steps()[-1] == ("go", "missing") and asked[-1] == effects.Ended("missing_flow")


def test_a_loop_is_stopped_after_the_step_cap() -> None:
    looping = graph(
        [
            {"id": "start", "type": "start"},
            {"id": "a", "type": "set_variable", "name": "x", "value": "a"},
            {"id": "b", "type": "set_variable", "name": "x", "value": "b"},
        ],
        [("start", "next", "a"), ("a", "next", "b"), ("b", "next", "a")],
    )
    bot = Driver(published(looping))
    asked = bot.begin()
    assert asked[-1] == effects.Ended("loop")
    assert len(bot.steps()) == MAX_STEPS_PER_WALK
    assert bot.run is not None and bot.run.current_node is None


def test_advance_returns_a_new_walk_and_leaves_the_given_one_alone() -> None:
    bot = Driver(
        published(
            graph([{"id": "start", "type": "start"}, text("a", "A")], [("start", "next", "a")])
        )
    )
    bot.begin()
    assert bot.run is not None
    fresh = bot.run.model_copy(update={"current_node": "start", "step_index": 0})
    walk = Walk(run=fresh)
    before = walk.run.model_dump()
    after, todo = advance(bot.flow.graph, walk, Begin(now=bot.now))
    assert todo == [effects.LoadContact()] and after.pending is not None
    assert walk.run.model_dump() == before and walk.pending is None
    again, same = advance(bot.flow.graph, walk, Begin(now=bot.now))
    assert same == todo and again.pending == after.pending


def test_an_answer_the_core_did_not_ask_for_is_refused() -> None:
    bot = Driver(published(graph([{"id": "start", "type": "start"}], [])))
    bot.begin()
    assert bot.run is not None
    with pytest.raises(UnexpectedEvent):
        advance(bot.flow.graph, Walk(run=bot.run), Sent(now=bot.now))
    walk, _ = advance(bot.flow.graph, Walk(run=bot.run), Begin(now=bot.now))
    with pytest.raises(UnexpectedEvent):
        advance(bot.flow.graph, walk, Sent(now=bot.now))
    assert bot.feed(partial(Answer, text="oi")) == []


def test_the_same_events_give_the_same_effects() -> None:
    def play() -> list[effects.Effect]:
        bot = _jumping(uuid.UUID(int=7))
        bot.facts = ContactFacts(fields={"first_name": "Ana"})
        bot.run = None
        asked = bot.begin("oi")
        return [e for e in asked if not isinstance(e, effects.RecordSteps)]

    assert play() == play()


def test_the_core_imports_no_temporal_no_activities_and_no_io() -> None:
    forbidden = (
        "temporalio",
        "activities",
        "stores",
        "providers",
        "channels",
        "infra",
        "random",
        "time",
        "datetime.datetime.now",
        "httpx",
        "asyncio",
    )
    for path in sorted(CORE.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text())):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            for name in names:
                root = name.split(".")[0]
                assert root not in forbidden, f"{path.name} imports {name}"
            if isinstance(node, ast.Attribute) and node.attr in ("now", "utcnow", "today"):
                assert not (
                    isinstance(node.value, ast.Name) and node.value.id in ("datetime", "date")
                ), path.name
