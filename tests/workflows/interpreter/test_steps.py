"""Each kind of step on the pure core, with no Temporal: what it asks its host for, where it
leaves by, and what it records."""

import uuid
from datetime import timedelta
from typing import Any

from domain.flow_runs import ContactFacts, HttpOutcome
from tests.workflows.interpreter.driver import T0, Driver, graph, published, text
from workflows.interpreter import effects
from workflows.interpreter.events import Deadline


def _one(node: dict[str, Any], *outs: str) -> Driver:
    """start → node → (each output) → a message named after the output."""
    nodes: list[dict[str, Any]] = [{"id": "start", "type": "start"}, node]
    nodes += [text(out, out) for out in outs]
    edges = [("start", "next", str(node["id"]))] + [(str(node["id"]), out, out) for out in outs]
    return Driver(published(graph(nodes, edges)))


def test_a_start_reads_the_contact_then_sends_with_its_facts_and_defaults() -> None:
    g = graph(
        [
            {"id": "start", "type": "start"},
            text("hello", "Oi {{contact.first_name}}, plano {{vars.plan}}"),
            {"id": "end", "type": "end"},
        ],
        [("start", "next", "hello"), ("hello", "next", "end")],
        variables=[{"name": "plan", "default": "básico"}],
    )
    bot = Driver(published(g), facts=ContactFacts(fields={"first_name": "Ana"}))
    asked = bot.begin("oi")
    assert bot.kinds(asked) == ["LoadContact", "Send", "RecordSteps", "Ended"]
    assert bot.sent() == ["Oi Ana, plano básico"]
    assert bot.steps() == [("start", "next"), ("hello", "next"), ("end", "ended")]
    assert asked[-1] == effects.Ended("end")
    assert bot.run is not None and bot.run.current_node is None
    record = asked[2]
    assert isinstance(record, effects.RecordSteps) and record.flow == bot.flow.ref
    # The step took from its start until the send came back.
    hello = record.steps[1]
    assert hello.step_index == 2 and hello.finished_at - hello.started_at == timedelta(seconds=1)


def test_a_dead_end_ends_the_run() -> None:
    bot = Driver(published(graph([{"id": "start", "type": "start"}, text("a", "A")], [])))
    assert bot.begin()[-1] == effects.Ended("dead_end")


def test_conditions_read_the_message_variables_fields_and_tags() -> None:
    rules = [
        {"id": "vip", "subject": "tag", "operator": "has_tag", "value": "VIP"},
        {
            "id": "sp",
            "subject": "contact_field",
            "name": "city",
            "operator": "equals",
            "value": "são paulo",
        },
        {
            "id": "price",
            "subject": "message_text",
            "operator": "any_keyword",
            "keywords": ["preço", "valor"],
        },
    ]
    node = {"id": "check", "type": "condition", "rules": rules}

    def branch(message: str, facts: ContactFacts) -> str:
        bot = _one(node, "vip", "sp", "price", "else")
        bot.facts = facts
        bot.begin(message)
        return bot.sent()[0]

    assert branch("oi", ContactFacts(tags=["vip"])) == "vip"
    assert branch("oi", ContactFacts(fields={"city": "Sao Paulo"})) == "sp"
    assert branch("qual o PRECO?", ContactFacts()) == "price"
    assert branch("oi", ContactFacts()) == "else"


def test_set_variable_and_set_field_render_their_values() -> None:
    g = graph(
        [
            {"id": "start", "type": "start"},
            {"id": "v", "type": "set_variable", "name": "greeting", "value": "Oi {{message.text}}"},
            {"id": "f", "type": "set_field", "field": "nickname", "value": "{{vars.greeting}}"},
            text("done", "{{contact.nickname}}"),
        ],
        [("start", "next", "v"), ("v", "next", "f"), ("f", "next", "done")],
    )
    bot = Driver(published(g))
    asked = bot.begin("Ana")
    assert effects.SetContactField(field="nickname", value="Oi Ana") in asked
    assert bot.sent() == ["Oi Ana"]
    assert bot.steps()[1] == ("v", "next")

    refused = Driver(published(g), field_error="Not a number.")
    refused.begin("Ana")
    record = next(e for e in refused.asked if isinstance(e, effects.RecordSteps))
    assert record.steps[2].detail == {"error": "Not a number."}


def test_a_tag_step_changes_the_tag_and_later_steps_see_it() -> None:
    g = graph(
        [
            {"id": "start", "type": "start"},
            {"id": "t", "type": "tag", "action": "add", "tag": "lead"},
            {
                "id": "c",
                "type": "condition",
                "rules": [{"id": "yes", "subject": "tag", "operator": "has_tag", "value": "lead"}],
            },
            text("yes", "tagged"),
        ],
        [("start", "next", "t"), ("t", "next", "c"), ("c", "yes", "yes")],
    )
    bot = Driver(published(g))
    asked = bot.begin()
    assert effects.ChangeTag(action="add", tag="lead") in asked
    assert bot.sent() == ["tagged"]


def test_an_http_step_fills_variables_or_takes_its_error_output() -> None:
    node = {
        "id": "call",
        "type": "http_request",
        "url": "https://api.example.com/{{vars.x}}",
        "save_response": {"order": "data.id"},
    }
    bot = _one(node, "success", "error")
    bot.http = HttpOutcome(ok=True, status=200, variables={"order": "A-1"})
    asked = bot.begin()
    call = next(e for e in asked if isinstance(e, effects.CallHttp))
    assert call.values["message"] == {"text": ""}
    assert bot.sent() == ["success"] and bot.run is not None
    assert bot.run.variables == {"order": "A-1"}

    failing = _one(node, "success", "error")
    failing.http = HttpOutcome(ok=False, status=503, error="Service Unavailable")
    failing.begin()
    assert failing.sent() == ["error"]
    step = failing.steps()[1]
    assert step == ("call", "error")


def test_an_ai_reply_is_sent_saved_or_takes_its_error_output() -> None:
    node = {
        "id": "ai",
        "type": "ai_reply",
        "system_prompt": "Você atende {{contact.first_name}}",
        "save_to_variable": "answer",
    }
    bot = _one(node, "next", "error")
    bot.facts = ContactFacts(fields={"first_name": "Ana"})
    asked = bot.begin("Quanto custa?")
    ask = next(e for e in asked if isinstance(e, effects.AiReply))
    assert ask.system_prompt == "Você atende Ana" and ask.history_messages == 10
    assert bot.sent() == ["Resposta", "next"]
    assert bot.run is not None and bot.run.variables["answer"] == "Resposta"
    record = next(e for e in asked if isinstance(e, effects.RecordSteps))
    assert record.steps[1].detail == {"tokens": "42"}

    silent = _one({**node, "send_to_contact": False}, "next", "error")
    silent.begin()
    assert silent.sent() == ["next"]

    broken = _one(node, "next", "error")
    broken.ai_error = "model unreachable"
    broken.begin()
    assert broken.sent() == ["error"] and broken.steps()[1] == ("ai", "error")


def test_ai_classify_leaves_by_the_intent_or_fallback() -> None:
    node = {
        "id": "intent",
        "type": "ai_classify",
        "save_to_variable": "topic",
        "intents": [{"id": "billing", "name": "Cobrança"}, {"id": "sales", "name": "Vendas"}],
    }
    bot = _one(node, "billing", "sales", "fallback")
    bot.intent = "sales"
    asked = bot.begin("quero comprar")
    classify = next(e for e in asked if isinstance(e, effects.ClassifyIntent))
    assert classify.text == "quero comprar"
    assert bot.sent() == ["sales"] and bot.run is not None
    assert bot.run.variables["topic"] == "sales"

    unsure = _one(node, "billing", "sales", "fallback")
    unsure.begin("hmm")
    assert unsure.sent() == ["fallback"]


def test_a_split_takes_the_branch_its_roll_falls_in() -> None:
    node = {
        "id": "ab",
        "type": "split",
        "branches": [{"id": "a", "percent": 30}, {"id": "b", "percent": 70}],
    }
    for roll, branch in ((0.0, "a"), (29.99, "a"), (30.0, "b"), (99.99, "b")):
        bot = _one(node, "a", "b")
        bot.rolls = [roll]
        asked = bot.begin()
        assert effects.DrawRoll() in asked
        assert bot.sent() == [branch]


def test_a_delay_waits_until_its_end_then_goes_on() -> None:
    bot = _one({"id": "wait", "type": "delay", "amount": 2, "unit": "hours"}, "next")
    asked = bot.begin()
    assert bot.run is not None
    assert asked[-1] == effects.WaitUntil(node_id="wait", at=bot.run.resume_at)  # type: ignore[arg-type]
    assert bot.run.resume_at == T0 + timedelta(seconds=1) + timedelta(hours=2)
    assert bot.sent() == [] and bot.steps() == [("start", "next"), ("wait", "waiting")]

    at = bot.later(timedelta(hours=2))
    bot.feed(Deadline)
    assert bot.sent() == ["next"]
    assert bot.steps()[-2] == ("wait", "next") and bot.run.resume_at is None
    deadline_step = [e for e in bot.asked if isinstance(e, effects.RecordSteps)][-1].steps[0]
    assert deadline_step.started_at == at


def test_a_handoff_says_goodbye_hands_over_and_ends() -> None:
    team = uuid.uuid4()
    bot = _one({"id": "agents", "type": "handoff", "team_id": str(team), "message": "Já volto"})
    asked = bot.begin()
    assert bot.kinds(asked) == ["LoadContact", "Send", "HandOff", "RecordSteps", "Ended"]
    assert asked[2] == effects.HandOff(team_id=team) and asked[-1] == effects.Ended("handoff")
    assert bot.steps()[-1] == ("agents", "handed_off")

    quiet = _one({"id": "agents", "type": "handoff"})
    assert quiet.kinds(quiet.begin()) == ["LoadContact", "HandOff", "RecordSteps", "Ended"]
