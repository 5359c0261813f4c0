"""Turning one CSV row into a `ContactDraft`, or into the reasons it cannot be imported.

Every value goes through the same normalisers as the API (`domain.contact_values`,
`domain.custom_fields.coerce_value`), so an imported phone matches the same person's phone
typed in the UI or arriving on WhatsApp.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass

from domain.contact_values import (
    normalize_country,
    normalize_email,
    normalize_language,
    normalize_phone,
    normalize_tag,
    normalize_timezone,
)
from domain.contacts import ContactDraft
from domain.custom_fields import CustomFieldDefinition, coerce_value
from domain.imports import CUSTOM_PREFIX, ImportOptions

NAME_MAX = 200
SOURCE_MAX = 64
TAG_SEPARATORS = re.compile(r"[,;|]")


def _text(limit: int, label: str) -> Callable[[str], str]:
    def check(raw: str) -> str:
        text = " ".join(raw.split())
        if len(text) > limit:
            raise ValueError(f"{label} is longer than {limit} characters")
        return text

    return check


@dataclass(frozen=True)
class RowPlan:
    """A mapping compiled once per batch: which cell feeds which field."""

    width: int
    targets: tuple[tuple[int, str], ...]
    definitions: dict[str, CustomFieldDefinition]
    options: ImportOptions

    @classmethod
    def compile(
        cls,
        columns: list[str],
        mapping: dict[str, str],
        definitions: dict[str, CustomFieldDefinition],
        options: ImportOptions,
    ) -> "RowPlan":
        targets = tuple(
            (index, mapping[column])
            for index, column in enumerate(columns)
            if mapping.get(column, "ignore") != "ignore"
        )
        return cls(len(columns), targets, definitions, options)

    def draft(self, values: list[str]) -> tuple[ContactDraft | None, list[str]]:
        """The row's draft, or None and every problem found (all of them, to fix in one go)."""
        errors: list[str] = []
        if len(values) != self.width:
            errors.append(f"the row has {len(values)} values but the header has {self.width}")
        standard: dict[str, str] = {}
        custom: dict[str, object] = {}
        tags = list(self.options.tags)
        for index, target in self.targets:
            raw = values[index] if index < len(values) else ""
            if not raw.strip():
                continue
            try:
                if target == "tags":
                    tags.extend(normalize_tag(t) for t in TAG_SEPARATORS.split(raw) if t.strip())
                elif target.startswith(CUSTOM_PREFIX):
                    custom.update(self._custom(target[len(CUSTOM_PREFIX) :], raw))
                else:
                    standard[target] = self._standard(target, raw)
            except ValueError as error:
                errors.append(str(error))
        if not errors and not (standard.get("name") or "phone" in standard or "email" in standard):
            errors.append("the row has no name, phone or e-mail")
        if errors:
            return None, errors
        draft = ContactDraft.model_validate(
            {**standard, "custom_fields": custom, "tags": list(dict.fromkeys(tags))}
        )
        return draft, []

    def _standard(self, target: str, raw: str) -> str:
        if target == "phone":
            return normalize_phone(raw, self.options.default_country)
        return _STANDARD[target](raw)

    def _custom(self, key: str, raw: str) -> dict[str, object]:
        definition = self.definitions.get(key)
        if definition is None:
            raise ValueError(f"custom field {key!r} no longer exists")
        value = coerce_value(definition, raw)
        return {} if value is None else {key: value}


_STANDARD: dict[str, Callable[[str], str]] = {
    "name": _text(NAME_MAX, "name"),
    "email": normalize_email,
    "language": normalize_language,
    "timezone": normalize_timezone,
    "country": normalize_country,
    "source": _text(SOURCE_MAX, "source"),
}
