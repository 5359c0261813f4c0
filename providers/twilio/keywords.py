"""Carrier opt-out / opt-in keywords in an inbound SMS, as a typed decision.

A message counts only when it is the keyword alone (Twilio's rule too): "stop" opts out, "please
stop calling me at work" is a conversation an agent should read. Case, surrounding and repeated
whitespace, and trailing punctuation ("Stop.", "PARAR!") do not matter, because a missed STOP is a
compliance problem while a matched one costs nothing.
"""

import re
import unicodedata
from enum import StrEnum

from pydantic import BaseModel


class KeywordAction(StrEnum):
    opt_out = "opt_out"
    opt_in = "opt_in"
    help = "help"
    none = "none"


class KeywordDecision(BaseModel):
    action: KeywordAction
    keyword: str | None = None
    """The keyword as matched (upper case), or None when the message is ordinary text."""
    source: str = "body"
    """`body` when we read it from the text, `provider` when Twilio's OptOutType said so."""


# Twilio's default Advanced Opt-Out lists (US/CA carrier practice), plus the Portuguese words
# people in Brazil actually send. OPTOUT and REVOKE joined Twilio's defaults later on.
OPT_OUT = frozenset(
    {"STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "OPTOUT", "REVOKE"}
    | {"PARAR", "SAIR", "CANCELAR"}
)
OPT_IN = frozenset({"START", "YES", "UNSTOP"})
HELP = frozenset({"HELP", "INFO", "AJUDA"})

_TRAILING_PUNCTUATION = re.compile(r"[\s.!?,;:]+$")
_PROVIDER_TYPES = {
    "STOP": KeywordAction.opt_out,
    "START": KeywordAction.opt_in,
    "HELP": KeywordAction.help,
}


def normalize_keyword(text: str) -> str:
    # NFKC folds the full-width letters some phone keyboards produce (full-width "STOP" is STOP).
    folded = unicodedata.normalize("NFKC", text).casefold().upper()
    collapsed = " ".join(folded.split())
    return _TRAILING_PUNCTUATION.sub("", collapsed)


def classify_keyword(text: str, provider_opt_out_type: str | None = None) -> KeywordDecision:
    """What the message asks for; Twilio's own OptOutType (Advanced Opt-Out) wins when present.

    The provider's verdict wins because Twilio has already acted on it (a STOP it recognised
    blocks further sends with error 21610), so our consent must follow it, not second-guess it.
    """
    if provider_opt_out_type:
        action = _PROVIDER_TYPES.get(provider_opt_out_type.strip().upper())
        if action is not None:
            return KeywordDecision(
                action=action, keyword=normalize_keyword(text) or None, source="provider"
            )
    word = normalize_keyword(text)
    for words, action in ((OPT_OUT, KeywordAction.opt_out), (OPT_IN, KeywordAction.opt_in)):
        if word in words:
            return KeywordDecision(action=action, keyword=word)
    if word in HELP:
        return KeywordDecision(action=KeywordAction.help, keyword=word)
    return KeywordDecision(action=KeywordAction.none)
