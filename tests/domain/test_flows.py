"""The flow-graph schema, its texts' variables and what publishing checks."""

import uuid
from typing import Any

import pytest
from pydantic import ValidationError

from domain.flow_text import placeholders, render
from domain.flow_validation import validate_graph
from domain.flows import MAX_GRAPH_BYTES, FlowGraph, SplitNode, graph_json_bytes, outputs


def graph(
    nodes: list[dict[str, Any]], edges: list[tuple[str, str, str]], **extra: Any
) -> FlowGraph:
    return FlowGraph.model_validate(
        {
            "nodes": nodes,
            "edges": [
                {"id": f"e{i}", "source": s, "source_handle": h, "target": t}
                for i, (s, h, t) in enumerate(edges)
            ],
            **extra,
        }
    )


START = {"id": "start", "type": "start"}


def say(node_id: str, text: str) -> dict[str, Any]:
    return {"id": node_id, "type": "send_message", "content": {"kind": "text", "text": text}}


def ask_email(node_id: str) -> dict[str, Any]:
    return {
        "id": node_id,
        "type": "ask_question",
        "prompt": {"kind": "text", "text": "Qual o seu e-mail?"},
        "expect": "email",
        "save_to_variable": "email",
    }


def problems_of(flow: FlowGraph) -> list[tuple[str | None, str | None, str]]:
    return [(p.node_id, p.field, p.message) for p in validate_graph(flow)]


def test_a_runnable_flow_has_no_problems() -> None:
    flow = graph(
        [START, ask_email("ask"), say("thanks", "Obrigado, {{contact.name}}: {{vars.email}}")],
        [("start", "next", "ask"), ("ask", "answered", "thanks")],
    )
    assert problems_of(flow) == []
    assert flow.follow("ask", "answered") == "thanks"
    assert flow.follow("ask", "timeout") is None


def test_publishing_names_the_node_and_field_of_each_problem() -> None:
    flow = graph(
        [START, say("hello", "Oi {{vars.order}}"), say("orphan", "ninguém chega aqui")],
        [("start", "next", "hello"), ("hello", "answered", "ghost")],
    )
    assert problems_of(flow) == [
        ("hello", None, "A connection points to ghost, which is not in the flow."),
        ("orphan", None, "No path from the start reaches this step."),
        ("hello", "content", "The variable 'order' is used before any step sets it."),
    ]


def test_a_variable_set_after_its_use_is_still_a_problem() -> None:
    flow = graph(
        [START, say("early", "{{vars.email}}"), ask_email("ask")],
        [("start", "next", "early"), ("early", "next", "ask")],
    )
    assert [p.node_id for p in validate_graph(flow)] == ["early"]


def test_declared_variables_may_be_used_anywhere() -> None:
    flow = graph(
        [START, say("hi", "{{vars.campaign}}")],
        [("start", "next", "hi")],
        variables=[{"name": "campaign", "default": "black-friday"}],
    )
    assert problems_of(flow) == []


def test_a_flow_needs_one_start_connected_and_outputs_used_once() -> None:
    assert problems_of(graph([say("a", "x")], [])) == [
        (None, None, "A flow needs exactly one start.")
    ]
    twice = graph(
        [START, say("a", "x"), say("b", "y")], [("start", "next", "a"), ("start", "next", "b")]
    )
    assert ("start", None, "One output leads to two steps.") in problems_of(twice)
    wrong_output = graph([START, say("a", "x")], [("start", "yes", "a")])
    assert ("start", None, "This step has no output 'yes'.") in problems_of(wrong_output)


def test_each_node_type_has_its_outputs() -> None:
    flow = graph(
        [
            START,
            {
                "id": "cond",
                "type": "condition",
                "rules": [{"id": "vip", "subject": "tag", "operator": "has_tag", "value": "vip"}],
            },
            {
                "id": "intent",
                "type": "ai_classify",
                "intents": [{"id": "buy", "name": "Comprar"}, {"id": "help", "name": "Ajuda"}],
            },
            {
                "id": "ab",
                "type": "split",
                "branches": [{"id": "a", "percent": 50}, {"id": "b", "percent": 50}],
            },
            {"id": "bye", "type": "end"},
        ],
        [],
    )
    assert [outputs(n) for n in flow.nodes] == [
        ["next"],
        ["vip", "else"],
        ["buy", "help", "fallback"],
        ["a", "b"],
        [],
    ]


def test_split_percentages_must_add_up() -> None:
    with pytest.raises(ValidationError, match="add up to 100"):
        SplitNode.model_validate(
            {"id": "s", "branches": [{"id": "a", "percent": 60}, {"id": "b", "percent": 60}]}
        )


def test_jumps_and_choices_are_checked() -> None:
    missing = uuid.uuid4()
    flow = graph(
        [
            START,
            {
                "id": "pick",
                "type": "ask_question",
                "prompt": {"kind": "text", "text": "Sim ou não?"},
                "expect": "choice",
            },
            {"id": "go", "type": "jump", "flow_id": str(missing)},
        ],
        [("start", "next", "pick"), ("pick", "answered", "go")],
    )
    found = [(p.node_id, p.field) for p in validate_graph(flow, known_flow_ids=set())]
    assert found == [("pick", "choices"), ("go", "flow_id")]


def test_texts_substitute_values_and_never_evaluate() -> None:
    values = {"contact": {"name": "Ana"}, "vars": {"cep": "13010-000"}}
    text = "Oi {{contact.name}}, CEP {{ vars.cep }}; {{vars.nada}}{{__import__.os}}"
    assert render(text, values) == "Oi Ana, CEP 13010-000; {{__import__.os}}"
    assert placeholders(text) == [("contact", "name"), ("vars", "cep"), ("vars", "nada")]


def _knowledge(node_id: str, size: int) -> dict[str, Any]:
    # Two bytes per character in UTF-8: the cap counts bytes, not characters.
    return {"id": node_id, "type": "ai_reply", "system_prompt": "Atenda", "knowledge": "ã" * size}


def test_a_flow_over_the_size_cap_is_refused_on_its_largest_step() -> None:
    nodes = [START, _knowledge("a", 40_000), _knowledge("b", 50_000), _knowledge("c", 45_000)]
    edges = [("start", "next", "a"), ("a", "next", "b"), ("b", "next", "c")]
    flow = graph(nodes, edges)
    size = len(graph_json_bytes(flow.model_dump(mode="json")))
    assert size > MAX_GRAPH_BYTES > 50_000 * 3
    assert problems_of(flow) == [
        (
            "b",
            None,
            f"The flow takes {-(-size // 1024)} KB; a published flow may take at most 256 KB. "
            "This is its largest step: shorten its texts, or move part of the flow into "
            "another flow and jump to it.",
        )
    ]
    nodes[1] = _knowledge("a", 20_000)
    assert problems_of(graph(nodes, edges)) == []


def test_the_size_and_hash_of_a_graph_ignore_how_its_json_was_spelled() -> None:
    assert graph_json_bytes({"b": 1, "a": "ã"}) == graph_json_bytes({"a": "ã", "b": 1})
    assert graph_json_bytes({"a": "ã"}) == '{"a":"ã"}'.encode()


@pytest.mark.parametrize(
    "pattern", [r"(?=\d{5})\d+", r"(?<!não )quero", r"(sim)\s+\1", "(unclosed"]
)
def test_patterns_fluxo_cannot_run_in_linear_time_are_refused_at_publish(pattern: str) -> None:
    check = {
        "id": "check",
        "type": "condition",
        "rules": [{"id": "cep", "subject": "message_text", "operator": "regex", "value": pattern}],
    }
    flow = graph(
        [START, check, say("yes", "ok")],
        [("start", "next", "check"), ("check", "cep", "yes"), ("check", "else", "yes")],
    )
    [(node_id, field, message)] = problems_of(flow)
    assert (node_id, field) == ("check", "rules.0.value")
    assert "look-ahead, look-behind or back-references" in message
