"""The part of an e-mail an agent needs to read: the new text, without the quoted thread.

Replies carry the whole conversation below an attribution line ("On … wrote:", "Em …
escreveu:", Outlook's "From:/Sent:" block, "-----Original Message-----") or as `>` lines. The
thread is already in the inbox, and a long one would push the new words past a message's
4,096 characters. When nothing would be left, the text is kept whole.
"""

import html
import re
from html.parser import HTMLParser

ATTRIBUTION = re.compile(
    r"^\s*(On\s.+\swrote:|Em\s.+\sescreveu:|El\s.+\sescribió:|Le\s.+\sa écrit\s?:)\s*$",
    re.IGNORECASE,
)
SEPARATOR = re.compile(
    r"^\s*-{2,}\s*(Original Message|Mensagem original|Forwarded message|"
    r"Mensagem encaminhada)\s*-{2,}\s*$",
    re.IGNORECASE,
)
OUTLOOK_FROM = re.compile(r"^\s*\*?(From|De):\*?\s+\S", re.IGNORECASE)
OUTLOOK_NEXT = re.compile(r"^\s*\*?(Sent|Date|Enviado|Data|To|Para):\*?\s", re.IGNORECASE)
BLOCK_TAGS = frozenset({"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "blockquote"})


class _TextOnly(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style", "head"):
            self._skipping += 1
        elif tag in BLOCK_TAGS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style", "head") and self._skipping:
            self._skipping -= 1
        elif tag in BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self.parts.append(data)


def html_to_text(markup: str) -> str:
    parser = _TextOnly()
    parser.feed(markup)
    parser.close()
    text = html.unescape("".join(parser.parts))
    lines = [" ".join(line.split()) for line in text.splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def _quote_starts(lines: list[str]) -> int | None:
    for index, line in enumerate(lines):
        following = lines[index + 1] if index + 1 < len(lines) else ""
        if ATTRIBUTION.match(line) or SEPARATOR.match(line):
            return index
        # Gmail wraps a long attribution: "On Mon, … Ada <ada@example.com>" / "wrote:".
        if ATTRIBUTION.match(f"{line} {following}") and not ATTRIBUTION.match(following):
            return index
        if OUTLOOK_FROM.match(line) and OUTLOOK_NEXT.match(following):
            return index
        rest = [other for other in lines[index:] if other.strip()]
        if line.startswith(">") and all(other.startswith(">") for other in rest):
            return index
    return None


def trim_quoted_reply(text: str) -> str:
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    start = _quote_starts(lines)
    if start is None:
        return text.strip()
    kept = "\n".join(lines[:start]).strip()
    return kept or text.strip()


def readable_text(plain: str, markup: str) -> str:
    """The plain body (or the HTML's text when there is none), quoted thread removed."""
    text = plain if plain.strip() else html_to_text(markup) if markup.strip() else ""
    return trim_quoted_reply(text)
