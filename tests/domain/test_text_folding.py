"""Folding, and that keyword triggers and a flow's conditions and choices agree on it."""

import pytest

from domain.flow_runs import ContactFacts, check_answer, rule_holds
from domain.flows import ConditionRule, KeywordTrigger
from domain.text_folding import fold
from stores.flows.triggers import keyword_matches


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("  Preço!! ", "preco"),
        ("preco", "preco"),
        ("PROMOÇÃO   de\tNatal", "promocao de natal"),
        ("Ação_rápida", "acao rapida"),
        ("Não, obrigado.", "nao obrigado"),
        ("Straße", "strasse"),
        ("\uff26\uff35\uff2c\uff2c-width", "full width"),  # full-width letters (NFKD)
        ("👍", "👍"),
        (" 👍  👍 ", "👍 👍"),
        ("?!", "?!"),
        ("   ", ""),
        ("", ""),
    ],
)
def test_fold_drops_accents_case_punctuation_and_spacing(text: str, folded: str) -> None:
    assert fold(text) == folded


def test_fold_is_idempotent() -> None:
    for text in ("  Preço!! ", "Ação_rápida", "👍", "Straße"):
        assert fold(fold(text)) == fold(text)


@pytest.mark.parametrize(("said", "expected"), [("preço!", "preco"), ("PRECO", "Preço!")])
def test_triggers_conditions_and_choices_fold_alike(said: str, expected: str) -> None:
    trigger = KeywordTrigger(keywords=[expected], match="exact")
    rule = ConditionRule(id="r", subject="message_text", operator="equals", value=expected)

    assert keyword_matches(trigger, fold(said))
    assert rule_holds(rule, said, {}, ContactFacts())
    assert check_answer("choice", said, ["Outro", expected]) == expected


def test_tags_in_conditions_fold_like_keywords() -> None:
    rule = ConditionRule(id="r", subject="tag", operator="has_tag", value="cliente vip!")
    assert rule_holds(rule, "", {}, ContactFacts(tags=["Cliente_VIP"]))
