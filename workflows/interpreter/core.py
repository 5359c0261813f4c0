"""The interpreter: `advance(graph, walk, event) -> (walk, effects)`, pure and deterministic.

It reads no clock and draws no random number (both come in events), performs no I/O and
imports nothing of Temporal, so it is tested without a server and any host may run it: the
host feeds an event, performs the effects in order, and feeds the answer to the last one back
until the walk is over.
"""

import copy
import uuid

from domain.flow_runs import FlowRef, FlowRunState
from domain.flows import NEXT, AskQuestionNode, FlowGraph
from workflows.interpreter import effects
from workflows.interpreter.answering import Then, answer, answer_resumed
from workflows.interpreter.cursor import Cursor
from workflows.interpreter.entering import enter_flow
from workflows.interpreter.events import Answer, Begin, ContactLoaded, Deadline, Event, Result
from workflows.interpreter.nodes import UnexpectedEvent, expect, handle
from workflows.interpreter.state import Walk

# A walk that passes this many steps without waiting is a loop in the flow: it is stopped.
MAX_STEPS_PER_WALK = 100


def new_run(flow_run_id: uuid.UUID, flow: FlowRef, graph: FlowGraph) -> FlowRunState:
    """A run of `flow`, standing at its start; `Begin` enters it."""
    start = graph.start()
    return FlowRunState(
        flow_run_id=flow_run_id, flow_ref=flow, current_node=start.id if start else None
    )


def advance(graph: FlowGraph, walk: Walk, event: Event) -> tuple[Walk, list[effects.Effect]]:
    """Applies `event` to the walk of the run following `graph` (the graph of
    `walk.run.flow_ref`). Returns the new walk (`walk` itself is left unchanged) and the
    effects to perform; when the last one needs an answer, feed it back with the new walk."""
    c = Cursor(graph, copy.deepcopy(walk), event.now)
    then: Then
    match event:
        case Begin(message_text=text):
            c.walk.message_text = text
            c.await_(effects.LoadContact(), "contact", None, event.now)
            then = "stop"
        case Answer(text=text):
            c.walk.message_text = text
            then = answer(c, text)
        case Deadline():
            then = _deadline(c)
        case _:
            then = _resume(c, event)
    if then == "walk":
        _walk(c)
    elif then == "record":
        _finish(c)
    return c.walk, c.effects


def _deadline(c: Cursor) -> Then:
    run = c.run
    node = c.graph.node(run.current_node or "")
    run.resume_at = None
    c.walk.message_text = ""
    if node is None:
        c.end("missing_step")
        c.effects.append(effects.Ended("missing_step"))
        return "stop"
    c.leave(node, "timeout" if run.waiting_for_answer else NEXT, c.now, {})
    return "walk"


def _resume(c: Cursor, event: Result) -> Then:
    pending = c.walk.pending
    if pending is None:
        raise UnexpectedEvent(f"{type(event).__name__} came while nothing was asked")
    c.walk.pending = None
    if pending.stage == "contact":
        c.run.contact = expect((pending, event), ContactLoaded).facts
        enter_flow(c.run, c.graph)
        return "walk"
    node = c.graph.node(pending.node_id or "")
    if node is None:
        raise UnexpectedEvent(f"the step {pending.node_id} is not in the flow")
    if pending.stage in ("retry", "save_answer") and isinstance(node, AskQuestionNode):
        return answer_resumed(c, node, (pending, event))
    handle(c, node, pending.started_at, (pending, event))
    return "walk"


def _walk(c: Cursor) -> None:
    """Runs steps from the current one until the run waits or ends, or a step waits for the
    answer to an effect."""
    while c.walk.pending is None:
        run = c.run
        # Checked first: the hundredth step is the last, whatever it did.
        if c.walk.taken >= MAX_STEPS_PER_WALK:
            c.end("loop")
            break
        node = c.graph.node(run.current_node or "")
        if node is None or run.waiting_for_answer or run.resume_at is not None:
            break
        c.walk.taken += 1
        handle(c, node, c.now, None)
    if c.walk.pending is None:
        _finish(c)


def _finish(c: Cursor) -> None:
    """The walk is over: the steps it took, and how the run stands."""
    walk, run = c.walk, c.run
    if walk.steps:
        c.effects.append(effects.RecordSteps(flow=run.flow_ref, steps=walk.steps))
        walk.steps = []
    if run.current_node is None:
        c.effects.append(effects.Ended(c.ended or "dead_end"))
    elif run.waiting_for_answer:
        c.effects.append(effects.WaitForAnswer(node_id=run.current_node, until=run.resume_at))
    elif run.resume_at is not None:
        c.effects.append(effects.WaitUntil(node_id=run.current_node, at=run.resume_at))
