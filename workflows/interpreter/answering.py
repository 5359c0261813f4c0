"""The contact answers a question: accepted (stored, maybe on the contact too), asked again,
or given up on after `max_attempts`."""

from typing import Literal

from domain.flow_runs import check_answer, choice_titles, render_content
from domain.flow_text import render
from domain.flows import AskQuestionNode
from domain.message_content import TextContent
from workflows.interpreter import effects
from workflows.interpreter.cursor import Cursor
from workflows.interpreter.events import FieldSet, Sent
from workflows.interpreter.nodes import Resume, expect

Then = Literal["walk", "record", "stop"]
"""After an answer: walk on from the next step, only record what happened, or nothing."""


def answer(c: Cursor, text: str) -> Then:
    run = c.run
    node = c.graph.node(run.current_node or "")
    if not isinstance(node, AskQuestionNode):
        run.waiting_for_answer = False
        return "stop"
    started = c.now
    accepted = check_answer(node.expect, text, node.choices + choice_titles(node.prompt))
    if accepted is None:
        run.attempts += 1
        if run.attempts < node.max_attempts:
            values = c.values()
            retry = node.retry_message
            content = (
                TextContent(text=render(retry, values))
                if retry
                else render_content(node.prompt, values)
            )
            c.await_(effects.Send(content), "retry", node, started)
            return "stop"
        c.leave(node, "invalid", started, {"answer": text[:200]})
        return "walk"
    if node.save_to_variable:
        run.variables[node.save_to_variable] = accepted
    if node.save_to_field:
        stored = effects.SetContactField(field=node.save_to_field, value=accepted)
        c.await_(stored, "save_answer", node, started, value=accepted)
        return "stop"
    c.leave(node, "answered", started, {"answer": accepted[:200]})
    return "walk"


def answer_resumed(c: Cursor, node: AskQuestionNode, resume: Resume) -> Then:
    pending, _ = resume
    if pending.stage == "retry":
        # Asked again: the run keeps waiting at the question.
        sent = expect(resume, Sent)
        detail = {"answer": c.walk.message_text[:200], **sent.detail()}
        c.record(node, "retry", pending.started_at, detail)
        return "record"
    # The field refusing the value does not change the branch: the answer was valid.
    c.run.contact = expect(resume, FieldSet).facts
    c.leave(node, "answered", pending.started_at, {"answer": pending.value[:200]})
    return "walk"
