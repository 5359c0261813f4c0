"""Variables in a flow's texts: `{{contact.name}}`, `{{vars.order_id}}`, `{{message.text}}`.

Substitution only: a placeholder is looked up in the values given and replaced by its text;
nothing a marketer writes is ever evaluated. An unknown placeholder becomes empty.
"""

import re
from collections.abc import Mapping

PLACEHOLDER = re.compile(r"\{\{\s*([a-z]+)\.([A-Za-z0-9_]{1,64})\s*\}\}")


def placeholders(text: str) -> list[tuple[str, str]]:
    """Every (scope, name) a text refers to, in order."""
    return [(m.group(1), m.group(2)) for m in PLACEHOLDER.finditer(text)]


def render(text: str, values: Mapping[str, Mapping[str, str]]) -> str:
    def value(match: re.Match[str]) -> str:
        return values.get(match.group(1), {}).get(match.group(2), "")

    return PLACEHOLDER.sub(value, text)
