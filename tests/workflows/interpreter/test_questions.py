"""Questions on the pure core: an answer accepted (and stored), asked again, given up on, or
never given (the timeout)."""

from datetime import timedelta
from functools import partial
from typing import Any

from domain.flows import FlowGraph
from tests.workflows.interpreter.driver import T0, Driver, graph, published, text
from workflows.interpreter import effects
from workflows.interpreter.events import Answer, Deadline


def _question(**overrides: Any) -> FlowGraph:
    ask = {
        "id": "ask",
        "type": "ask_question",
        "prompt": {"kind": "text", "text": "Seu e-mail?"},
        "expect": "email",
        "save_to_variable": "email",
        "save_to_field": "email",
        "retry_message": "{{message.text}} não é um e-mail",
        "max_attempts": 2,
        "timeout_minutes": 60,
        **overrides,
    }
    return graph(
        [
            {"id": "start", "type": "start"},
            ask,
            text("ok", "Anotado: {{vars.email}}"),
            text("bad", "Desisto"),
            text("late", "Fica para depois"),
        ],
        [
            ("start", "next", "ask"),
            ("ask", "answered", "ok"),
            ("ask", "invalid", "bad"),
            ("ask", "timeout", "late"),
        ],
    )


def test_a_question_asks_and_waits_with_its_timeout_from_when_the_prompt_went_out() -> None:
    bot = Driver(published(_question()))
    asked = bot.begin()
    assert bot.sent() == ["Seu e-mail?"] and bot.run is not None
    sent_at = T0 + timedelta(seconds=2)
    assert bot.run.waiting_for_answer and bot.run.resume_at == sent_at + timedelta(hours=1)
    assert asked[-1] == effects.WaitForAnswer(node_id="ask", until=bot.run.resume_at)
    assert bot.steps() == [("start", "next"), ("ask", "asked")]


def test_a_valid_answer_is_normalised_stored_and_followed() -> None:
    bot = Driver(published(_question()))
    bot.begin()
    asked = bot.feed(partial(Answer, text="  Ana@Example.COM "))
    assert asked[0] == effects.SetContactField(field="email", value="ana@example.com")
    assert bot.sent()[-1] == "Anotado: ana@example.com"
    assert ("ask", "answered") in bot.steps() and bot.facts.fields["email"] == "ana@example.com"
    record = next(e for e in asked if isinstance(e, effects.RecordSteps))
    assert record.steps[0].detail == {"answer": "ana@example.com"}
    assert bot.run is not None and bot.run.current_node is None


def test_an_invalid_answer_is_asked_again_then_given_up_on() -> None:
    bot = Driver(published(_question()))
    bot.begin()
    asked = bot.feed(partial(Answer, text="ana arroba"))
    assert bot.kinds(asked) == ["Send", "RecordSteps", "WaitForAnswer"]
    assert bot.sent()[-1] == "ana arroba não é um e-mail"
    assert bot.steps()[-1] == ("ask", "retry")
    assert bot.run is not None and bot.run.waiting_for_answer and bot.run.attempts == 1

    bot.feed(partial(Answer, text="ainda não"))
    assert bot.sent()[-1] == "Desisto" and bot.steps()[-2] == ("ask", "invalid")


def test_without_a_retry_message_the_prompt_is_asked_again() -> None:
    bot = Driver(published(_question(retry_message="")))
    bot.begin()
    bot.feed(partial(Answer, text="nope"))
    assert bot.sent() == ["Seu e-mail?", "Seu e-mail?"]


def test_choices_accept_button_titles_without_accents_or_case() -> None:
    prompt = {
        "kind": "buttons",
        "text": "Quer novidades?",
        "buttons": [{"id": "s", "title": "Sim"}, {"id": "n", "title": "Não"}],
    }
    bot = Driver(published(_question(prompt=prompt, expect="choice", save_to_field=None)))
    bot.begin()
    asked = bot.feed(partial(Answer, text="nao"))
    assert bot.kinds(asked)[0] == "Send" and bot.run is not None
    assert bot.run.variables["email"] == "Não"


def test_an_unanswered_question_takes_its_timeout_output() -> None:
    bot = Driver(published(_question()))
    bot.begin()
    bot.feed(Deadline)
    assert bot.sent()[-1] == "Fica para depois"
    assert ("ask", "timeout") in bot.steps()


def test_an_answer_when_no_question_waits_changes_nothing_but_the_flag() -> None:
    bot = Driver(published(_question()))
    bot.begin()
    assert bot.run is not None
    bot.run = bot.run.model_copy(update={"current_node": "ok"})
    assert bot.feed(partial(Answer, text="oi")) == []
    assert bot.run.waiting_for_answer is False and bot.run.current_node == "ok"
