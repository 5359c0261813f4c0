"""How a message meets a keyword, and which keywords two active flows may not share."""

from typing import Any

import pytest

from domain.enums import ChannelKind
from domain.flows import FlowTrigger, KeywordTrigger
from stores.flows.triggers import TRIGGERS, KeywordClash, Rank, keyword_clashes, rank

WHATSAPP, SMS, EMAIL = ChannelKind.whatsapp, ChannelKind.sms, ChannelKind.email


def triggers(*raw: dict[str, Any]) -> list[FlowTrigger]:
    return TRIGGERS.validate_python(list(raw))


def kw(*words: str, match: str = "exact", channels: list[str] | None = None) -> dict[str, Any]:
    return {"type": "keyword", "keywords": list(words), "match": match, "channels": channels or []}


@pytest.mark.parametrize(
    ("match", "text", "fires"),
    [
        ("exact", "preço", True),
        ("exact", "  PRECO? ", True),
        ("exact", "qual o preço", False),
        ("contains", "qual o PREÇO do plano?", True),
        ("contains", "preço", True),
        ("contains", "precos", False),
        ("contains", "apreço", False),
    ],
)
def test_keywords_match_exactly_or_as_whole_words(match: str, text: str, fires: bool) -> None:
    found = rank(triggers(kw("Preço", match=match)), WHATSAPP, text, first_message=False)
    assert (found == Rank.keyword) is fires


def test_a_short_contains_keyword_does_not_fire_inside_other_words() -> None:
    hello = triggers(kw("oi", match="contains"))
    assert rank(hello, SMS, "Oi, tudo bem?", first_message=False) == Rank.keyword
    assert rank(hello, SMS, "boa noite", first_message=False) is None


def test_a_multi_word_keyword_matches_as_a_phrase() -> None:
    phrase = triggers(kw("Quanto custa", match="contains"))
    assert rank(phrase, SMS, "Oi! quanto   CUSTA o pro?", first_message=False) == Rank.keyword
    assert rank(phrase, SMS, "quanto o pro custa", first_message=False) is None


def test_triggers_listen_only_on_their_channels() -> None:
    only_sms = triggers(kw("sair", channels=["sms"]), {"type": "fallback", "channels": ["sms"]})
    assert rank(only_sms, SMS, "sair", first_message=False) == Rank.keyword
    assert rank(only_sms, SMS, "outra coisa", first_message=False) == Rank.fallback
    assert rank(only_sms, WHATSAPP, "sair", first_message=False) is None


def test_the_strongest_trigger_of_a_flow_counts() -> None:
    mixed = triggers({"type": "fallback"}, {"type": "new_contact"}, kw("menu"), {"type": "manual"})
    assert rank(mixed, EMAIL, "menu", first_message=True) == Rank.keyword
    assert rank(mixed, EMAIL, "olá", first_message=True) == Rank.new_contact
    assert rank(mixed, EMAIL, "olá", first_message=False) == Rank.fallback
    assert rank(triggers({"type": "manual"}), EMAIL, "olá", first_message=True) is None
    assert rank([], EMAIL, "olá", first_message=True) is None


def test_clashes_are_the_same_folded_keyword_on_a_shared_channel() -> None:
    mine = triggers(kw("Preço", "menu", channels=["whatsapp", "sms"]))
    assert keyword_clashes(mine, triggers(kw("PRECO", match="contains"))) == [
        _clash("PRECO", WHATSAPP, SMS)
    ]
    assert keyword_clashes(mine, triggers(kw(" menu ", channels=["sms", "email"]))) == [
        _clash("menu", SMS)
    ]
    assert keyword_clashes(mine, triggers(kw("preço", channels=["email"]))) == []
    assert keyword_clashes(mine, triggers(kw("preços"), {"type": "fallback"})) == []
    everywhere = keyword_clashes(triggers(kw("oi")), triggers(kw("OI")))
    assert everywhere == [_clash("OI")]
    assert everywhere[0].describe() == "every channel"
    assert _clash("x", WHATSAPP, SMS).describe() == "WhatsApp and SMS"


def _clash(keyword: str, *channels: ChannelKind) -> KeywordClash:
    return KeywordClash(keyword, tuple(channels))


def test_keyword_triggers_need_a_keyword() -> None:
    with pytest.raises(ValueError, match="at least 1 item"):
        KeywordTrigger.model_validate({"keywords": []})
