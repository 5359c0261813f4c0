"""Triggers: which message starts which flow, and which keywords two active flows may not share.

Messages and keywords are compared folded (`domain.text_folding`, as a flow's conditions are):
accents dropped, case folded, every run of spaces or punctuation made one space, trimmed
("  Preço!! " and "preco" are the same). `exact` wants the
whole message to be the keyword; `contains` wants the keyword as whole words inside the message,
so that "oi" fires on "oi, tudo bem?" but not on "boa noite".
"""

from collections.abc import Sequence
from dataclasses import dataclass
from enum import IntEnum

from pydantic import TypeAdapter

from domain.enums import ChannelKind
from domain.flows import FallbackTrigger, FlowTrigger, KeywordTrigger, NewContactTrigger
from domain.text_folding import fold

TRIGGERS: TypeAdapter[list[FlowTrigger]] = TypeAdapter(list[FlowTrigger])
_CHANNEL_NAMES = {
    ChannelKind.webchat: "web chat",
    ChannelKind.whatsapp: "WhatsApp",
    ChannelKind.email: "e-mail",
    ChannelKind.sms: "SMS",
}


class Rank(IntEnum):
    """When several flows answer one message, the lowest rank wins."""

    keyword = 0
    new_contact = 1
    fallback = 2


def on_channel(channels: Sequence[ChannelKind], channel: ChannelKind) -> bool:
    """An empty list means every channel."""
    return not channels or channel in channels


def keyword_matches(trigger: KeywordTrigger, folded_text: str) -> bool:
    for keyword in trigger.keywords:
        folded = fold(keyword)
        if not folded:
            continue
        if trigger.match == "exact" and folded_text == folded:
            return True
        if trigger.match == "contains" and f" {folded} " in f" {folded_text} ":
            return True
    return False


def rank(
    triggers: Sequence[FlowTrigger], channel: ChannelKind, text: str, *, first_message: bool
) -> Rank | None:
    """How strongly these triggers claim the message; None when none does."""
    folded_text = fold(text)
    ranks: list[Rank] = []
    for trigger in triggers:
        match trigger:
            case KeywordTrigger():
                if on_channel(trigger.channels, channel) and keyword_matches(trigger, folded_text):
                    ranks.append(Rank.keyword)
            case NewContactTrigger():
                if first_message and on_channel(trigger.channels, channel):
                    ranks.append(Rank.new_contact)
            case FallbackTrigger():
                if on_channel(trigger.channels, channel):
                    ranks.append(Rank.fallback)
    return min(ranks, default=None)


@dataclass(frozen=True)
class KeywordClash:
    keyword: str
    channels: tuple[ChannelKind, ...]
    """Where both flows listen for it; empty: every channel."""

    def describe(self) -> str:
        if not self.channels:
            return "every channel"
        return " and ".join(_CHANNEL_NAMES[kind] for kind in self.channels)


def _shared_channels(
    mine: Sequence[ChannelKind], theirs: Sequence[ChannelKind]
) -> tuple[ChannelKind, ...] | None:
    """Channels both listen on (empty: every channel), or None when they share none."""
    if not mine or not theirs:
        return tuple(theirs or mine)
    shared = tuple(kind for kind in ChannelKind if kind in mine and kind in theirs)
    return shared or None


def keyword_clashes(
    mine: Sequence[FlowTrigger], theirs: Sequence[FlowTrigger]
) -> list[KeywordClash]:
    """Keywords (folded) both sets of triggers listen for on a common channel: a message with
    one of them could start either flow."""
    clashes: list[KeywordClash] = []
    for own in mine:
        if not isinstance(own, KeywordTrigger):
            continue
        own_keywords = {fold(k) for k in own.keywords} - {""}
        for other in theirs:
            if not isinstance(other, KeywordTrigger):
                continue
            channels = _shared_channels(own.channels, other.channels)
            if channels is None:
                continue
            for keyword in other.keywords:
                if fold(keyword) in own_keywords:
                    clashes.append(KeywordClash(keyword.strip(), channels))
    return clashes
