"""One way to compare what people type: keyword triggers and a flow's conditions and choice
answers fold text the same way, so "  Preço!! " matches "preco" in both.

Folding runs inside workflow code, where it decides a branch: it must stay pure and give the
same answer on every replay. `unicodedata` is tied to the Python version, so an interpreter
upgrade that changes Unicode data is a replay concern (check recorded histories on upgrade).
The pattern is one character class: linear time on any input, no backtracking.
"""

import re
import unicodedata

_SEPARATORS = re.compile(r"[\W_]+")


def fold(text: str) -> str:
    """Accents dropped, case folded ("ß" is "ss"), every run of spaces, punctuation or `_` made
    one space, trimmed. A text of symbols only ("👍", "?") keeps its symbols, spaces collapsed,
    so it still matches itself rather than everything empty."""
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    return _SEPARATORS.sub(" ", bare).strip() or " ".join(bare.split())
