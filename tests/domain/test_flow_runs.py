"""What a bot decides on its own: whether an answer is what it asked for, which branch holds."""

import pytest

from domain.flow_runs import ContactFacts, check_answer, rule_holds
from domain.flows import ConditionRule


@pytest.mark.parametrize(
    ("expect", "text", "choices", "stored"),
    [
        ("text", "  qualquer coisa ", [], "qualquer coisa"),
        ("text", "   ", [], None),
        ("number", "1.234,5", [], None),
        ("number", "42", [], "42"),
        ("number", "3,5", [], "3.5"),
        ("number", "três", [], None),
        ("email", "Ana@Example.COM", [], "ana@example.com"),
        ("email", "ana arroba", [], None),
        ("phone", "(11) 98765-4321", [], "+5511987654321"),
        ("phone", "12", [], None),
        ("date", "31/12/2026", [], "2026-12-31"),
        ("date", "2026-02-30", [], None),
        ("choice", "NÃO", ["Sim", "Não"], "Não"),
        ("choice", "talvez", ["Sim", "Não"], None),
    ],
)
def test_answers_are_checked_and_normalised(
    expect: str, text: str, choices: list[str], stored: str | None
) -> None:
    assert check_answer(expect, text, choices) == stored  # type: ignore[arg-type]


FACTS = ContactFacts(fields={"city": "São Paulo", "score": "72"}, tags=["VIP"])


def rule(**values: object) -> ConditionRule:
    return ConditionRule.model_validate({"id": "r", **values})


@pytest.mark.parametrize(
    ("condition", "holds"),
    [
        (rule(subject="message_text", operator="any_keyword", keywords=["preço"]), True),
        (rule(subject="message_text", operator="any_keyword", keywords=["frete"]), False),
        (rule(subject="message_text", operator="contains", value="PRECO"), True),
        (rule(subject="message_text", operator="regex", value=r"\d{5}-\d{3}"), True),
        (rule(subject="message_text", operator="regex", value="(unclosed"), False),
        (rule(subject="contact_field", name="city", operator="equals", value="sao paulo"), True),
        (rule(subject="contact_field", name="score", operator="greater_than", value="70"), True),
        (rule(subject="contact_field", name="score", operator="less_than", value="70"), False),
        (rule(subject="contact_field", name="missing", operator="is_not_set"), True),
        (rule(subject="variable", name="plan", operator="is_set"), True),
        (rule(subject="variable", name="plan", operator="starts_with", value="pro"), True),
        (rule(subject="tag", operator="has_tag", value="vip"), True),
        (rule(subject="tag", operator="lacks_tag", value="vip"), False),
    ],
)
def test_conditions(condition: ConditionRule, holds: bool) -> None:
    text = "Qual o preço do frete para 01310-100?"
    text = text.replace("do frete ", "")
    assert rule_holds(condition, text, {"plan": "pro-anual"}, FACTS) is holds


def test_a_catastrophic_pattern_cannot_hang_the_workflow() -> None:
    # With Python's `re` this pattern backtracks for hours on 40 characters; RE2 is linear.
    hostile = rule(subject="message_text", operator="regex", value=r"(a+)+$")
    assert rule_holds(hostile, "a" * 4000 + "!", {}, FACTS) is False
    assert rule_holds(hostile, "a" * 4000, {}, FACTS) is True


def test_patterns_ignore_case() -> None:
    assert rule_holds(
        rule(subject="message_text", operator="regex", value="^ol[aá]"), "OLÁ!", {}, FACTS
    )
