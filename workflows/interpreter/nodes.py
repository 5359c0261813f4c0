"""One handler per node kind: what a step does when the walk reaches it, and how it finishes
when the answer to its effect comes back (`resume`: the pause and that answer)."""

from datetime import datetime, timedelta
from typing import TypeVar, assert_never

from domain.flow_runs import render_content, rule_holds
from domain.flow_text import render
from domain.flows import (
    NEXT,
    AiClassifyNode,
    AiReplyNode,
    AskQuestionNode,
    ConditionNode,
    DelayNode,
    EndNode,
    FlowNode,
    HandoffNode,
    HttpRequestNode,
    JumpNode,
    SendMessageNode,
    SetFieldNode,
    SetVariableNode,
    SplitNode,
    StartNode,
    TagNode,
)
from domain.message_content import TextContent
from workflows.interpreter import effects
from workflows.interpreter.cursor import Cursor
from workflows.interpreter.entering import enter_flow
from workflows.interpreter.events import (
    AiReplied,
    Classified,
    FieldSet,
    FlowLoaded,
    HandedOff,
    HttpAnswered,
    Result,
    Rolled,
    Sent,
    TagChanged,
)
from workflows.interpreter.state import Pending

UNIT_SECONDS = {"seconds": 1, "minutes": 60, "hours": 3600, "days": 86400}

Resume = tuple[Pending, Result]
ResultT = TypeVar("ResultT", bound=Result)


class UnexpectedEvent(ValueError):
    """The host answered a pause with the wrong kind of event (a bug in the host)."""


def expect(resume: Resume, kind: type[ResultT]) -> ResultT:
    pending, event = resume
    if not isinstance(event, kind):
        raise UnexpectedEvent(
            f"{pending.stage} of {pending.node_id} waits for {kind.__name__}, "
            f"not {type(event).__name__}"
        )
    return event


def handle(c: Cursor, node: FlowNode, started: datetime, resume: Resume | None) -> None:
    """Runs `node`: it was just reached (`resume` None), or the effect it paused on answered."""
    match node:
        case StartNode():
            c.leave(node, NEXT, started, {})
        case SendMessageNode():
            send_message(c, node, started, resume)
        case AskQuestionNode():
            ask_question(c, node, started, resume)
        case ConditionNode():
            condition(c, node, started)
        case SetVariableNode():
            set_variable(c, node, started)
        case SetFieldNode():
            set_field(c, node, started, resume)
        case TagNode():
            tag(c, node, started, resume)
        case HttpRequestNode():
            http_request(c, node, started, resume)
        case AiReplyNode():
            ai_reply(c, node, started, resume)
        case AiClassifyNode():
            ai_classify(c, node, started, resume)
        case DelayNode():
            delay(c, node, started)
        case SplitNode():
            split(c, node, started, resume)
        case JumpNode():
            jump(c, node, started, resume)
        case HandoffNode():
            handoff(c, node, started, resume)
        case EndNode():
            c.record(node, "ended", started, {})
            c.end("end")
        case _:
            assert_never(node)


def send_message(
    c: Cursor, node: SendMessageNode, started: datetime, resume: Resume | None
) -> None:
    if resume is None:
        c.await_(effects.Send(render_content(node.content, c.values())), "send", node, started)
        return
    sent = expect(resume, Sent)
    c.leave(node, NEXT, started, sent.detail())


def ask_question(
    c: Cursor, node: AskQuestionNode, started: datetime, resume: Resume | None
) -> None:
    """Sends the prompt and waits; the answer comes as its own walk (`answering.answer`)."""
    if resume is None:
        c.await_(effects.Send(render_content(node.prompt, c.values())), "prompt", node, started)
        return
    sent = expect(resume, Sent)
    run = c.run
    run.waiting_for_answer = True
    run.attempts = 0
    if node.timeout_minutes:
        # From when the prompt went out, not from when the step began.
        run.resume_at = c.now + timedelta(minutes=node.timeout_minutes)
    c.record(node, "asked", started, sent.detail())


def condition(c: Cursor, node: ConditionNode, started: datetime) -> None:
    run = c.run
    held = next(
        (
            rule.id
            for rule in node.rules
            if rule_holds(rule, c.walk.message_text, run.variables, run.contact)
        ),
        "else",
    )
    c.leave(node, held, started, {})


def set_variable(c: Cursor, node: SetVariableNode, started: datetime) -> None:
    value = render(node.value, c.values())
    c.run.variables[node.name] = value
    c.leave(node, NEXT, started, {node.name: value[:200]})


def set_field(c: Cursor, node: SetFieldNode, started: datetime, resume: Resume | None) -> None:
    if resume is None:
        value = render(node.value, c.values())
        c.await_(effects.SetContactField(field=node.field, value=value), "field", node, started)
        return
    outcome = expect(resume, FieldSet)
    c.run.contact = outcome.facts
    c.leave(node, NEXT, started, {"error": outcome.error} if outcome.error else {})


def tag(c: Cursor, node: TagNode, started: datetime, resume: Resume | None) -> None:
    if resume is None:
        c.await_(effects.ChangeTag(action=node.action, tag=node.tag), "tag", node, started)
        return
    c.run.contact = expect(resume, TagChanged).facts
    c.leave(node, NEXT, started, {})


def http_request(
    c: Cursor, node: HttpRequestNode, started: datetime, resume: Resume | None
) -> None:
    if resume is None:
        c.await_(effects.CallHttp(node=node, values=c.values()), "http", node, started)
        return
    outcome = expect(resume, HttpAnswered).outcome
    c.run.variables.update(outcome.variables)
    detail = {"status": str(outcome.status or ""), "error": outcome.error or ""}
    c.leave(node, "success" if outcome.ok else "error", started, detail)


def ai_reply(c: Cursor, node: AiReplyNode, started: datetime, resume: Resume | None) -> None:
    if resume is None:
        values = c.values()
        ask = effects.AiReply(
            system_prompt=render(node.system_prompt, values),
            knowledge=render(node.knowledge, values),
            history_messages=node.history_messages,
        )
        c.await_(ask, "ai_reply", node, started)
        return
    pending, _ = resume
    if pending.stage == "ai_reply_send":
        sent = expect(resume, Sent)
        c.leave(node, NEXT, started, {"tokens": pending.value, **sent.detail()})
        return
    reply = expect(resume, AiReplied)
    if reply.error is not None:
        c.leave(node, "error", started, {"error": reply.error})
        return
    if node.save_to_variable:
        c.run.variables[node.save_to_variable] = reply.text
    if node.send_to_contact and reply.text:
        said = effects.Send(TextContent(text=reply.text[:4096]))
        c.await_(said, "ai_reply_send", node, started, value=str(reply.tokens))
        return
    c.leave(node, NEXT, started, {"tokens": str(reply.tokens)})


def ai_classify(c: Cursor, node: AiClassifyNode, started: datetime, resume: Resume | None) -> None:
    if resume is None:
        text = render(node.text, c.values()) or c.walk.message_text
        c.await_(effects.ClassifyIntent(text=text, intents=node.intents), "classify", node, started)
        return
    choice = expect(resume, Classified)
    if node.save_to_variable and choice.intent_id:
        c.run.variables[node.save_to_variable] = choice.intent_id
    detail = {"error": choice.error} if choice.error else {}
    c.leave(node, choice.intent_id or "fallback", started, detail)


def delay(c: Cursor, node: DelayNode, started: datetime) -> None:
    c.run.resume_at = c.now + timedelta(seconds=node.amount * UNIT_SECONDS[node.unit])
    c.record(node, "waiting", started, {})


def split(c: Cursor, node: SplitNode, started: datetime, resume: Resume | None) -> None:
    if resume is None:
        c.await_(effects.DrawRoll(), "roll", node, started)
        return
    roll = expect(resume, Rolled).roll
    total = 0
    chosen = node.branches[-1].id
    for branch in node.branches:
        total += branch.percent
        if roll < total:
            chosen = branch.id
            break
    c.leave(node, chosen, started, {})


def jump(c: Cursor, node: JumpNode, started: datetime, resume: Resume | None) -> None:
    if resume is None:
        c.await_(effects.JumpToFlow(flow_id=node.flow_id), "jump", node, started)
        return
    target = expect(resume, FlowLoaded).flow
    c.record(node, "missing" if target is None else "jumped", started, {})
    if target is None:
        c.end("missing_flow")
        return
    c.run.flow_ref = target.ref
    c.graph = target.graph
    enter_flow(c.run, target.graph)


def handoff(c: Cursor, node: HandoffNode, started: datetime, resume: Resume | None) -> None:
    if resume is None and node.message:
        said = effects.Send(TextContent(text=render(node.message, c.values())))
        c.await_(said, "handoff_message", node, started)
        return
    if resume is None or resume[0].stage == "handoff_message":
        if resume is not None:
            expect(resume, Sent)
        c.await_(effects.HandOff(team_id=node.team_id), "handoff", node, started)
        return
    expect(resume, HandedOff)
    c.record(node, "handed_off", started, {})
    c.end("handoff")
