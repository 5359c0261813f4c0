"""Custom fields: how a workspace defines them, and how a value is checked against its type.

Values are stored in `Contact.custom_fields` as JSON in one canonical form per type, chosen so that
comparing the stored JSON compares the values: numbers as numbers, dates as `YYYY-MM-DD`,
datetimes as UTC `YYYY-MM-DDTHH:MM:SSZ`, multi-selects as lists of options.
"""

import math
import re
from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Annotated, Any
from urllib.parse import urlsplit

from pydantic import BaseModel, Field, StringConstraints, model_validator

from domain.enums import CustomFieldType

FieldKey = Annotated[
    str, StringConstraints(pattern=r"^[a-z][a-z0-9_]{0,63}$", min_length=1, max_length=64)
]
FieldValue = str | float | bool | list[str] | None

SELECT_TYPES = frozenset({CustomFieldType.single_select, CustomFieldType.multi_select})
TRUE_WORDS = frozenset({"true", "yes", "y", "1", "sim", "s", "verdadeiro"})
FALSE_WORDS = frozenset({"false", "no", "n", "0", "nao", "não", "falso"})
TEXT_MAX = 1000


class CustomFieldDefinition(BaseModel):
    """A custom field as a workspace defines it."""

    key: FieldKey = Field(description="Stable name used in filters, imports and the API.")
    label: str = Field(min_length=1, max_length=100)
    type: CustomFieldType
    options: list[Annotated[str, StringConstraints(min_length=1, max_length=100)]] = Field(
        default_factory=list, max_length=200, description="Choices of a select field."
    )

    @model_validator(mode="after")
    def _options_fit_type(self) -> "CustomFieldDefinition":
        if self.type in SELECT_TYPES:
            if not self.options:
                raise ValueError(f"a {self.type.value} field needs at least one option")
            if len({o.casefold() for o in self.options}) != len(self.options):
                raise ValueError("options must be different from each other")
        elif self.options:
            raise ValueError(f"a {self.type.value} field takes no options")
        return self


def coerce_value(definition: CustomFieldDefinition, raw: Any) -> FieldValue:
    """The canonical stored value of `raw`, or `ValueError` naming the field and what to fix.

    Accepts JSON values from the API and text from CSV files alike; empty means "no value".
    """
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    try:
        return _COERCERS[definition.type](definition, raw)
    except ValueError as error:
        raise ValueError(f"{definition.key}: {error}") from None


def _text(_: CustomFieldDefinition, raw: Any) -> str:
    if not isinstance(raw, str):
        raise ValueError("expected text")
    if len(raw) > TEXT_MAX:
        raise ValueError(f"longer than {TEXT_MAX} characters")
    return raw.strip()


def _number(_: CustomFieldDefinition, raw: Any) -> float:
    if isinstance(raw, bool):
        raise ValueError("expected a number, got true/false")
    if isinstance(raw, int | float):
        value = float(raw)
    elif isinstance(raw, str):
        text = raw.strip().replace(" ", "")
        # "1.234,56" and "1234,5" are how numbers are written in Brazil.
        if "," in text:
            text = text.replace(".", "").replace(",", ".")
        try:
            value = float(text)
        except ValueError:
            raise ValueError(f"{raw!r} is not a number") from None
    else:
        raise ValueError("expected a number")
    if not math.isfinite(value):
        raise ValueError("expected a finite number")
    return value


def _boolean(_: CustomFieldDefinition, raw: Any) -> bool:
    if isinstance(raw, bool):
        return raw
    word = str(raw).strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ValueError(f"{raw!r} is not true or false")


def _date(_: CustomFieldDefinition, raw: Any) -> str:
    if isinstance(raw, datetime):
        return raw.date().isoformat()
    if isinstance(raw, date):
        return raw.isoformat()
    text = str(raw).strip()
    for pattern in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.strptime(text, pattern).date().isoformat()
        except ValueError:
            continue
    raise ValueError(f"{raw!r} is not a date; write YYYY-MM-DD or DD/MM/YYYY")


def _datetime(_: CustomFieldDefinition, raw: Any) -> str:
    if isinstance(raw, datetime):
        moment = raw
    else:
        try:
            moment = datetime.fromisoformat(str(raw).strip())
        except ValueError:
            raise ValueError(
                f"{raw!r} is not a date and time; write ISO 8601, e.g. 2026-03-01T14:30:00-03:00"
            ) from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _choice(definition: CustomFieldDefinition, raw: Any) -> str:
    text = str(raw).strip()
    for option in definition.options:
        if option.casefold() == text.casefold():
            return option
    raise ValueError(f"{raw!r} is not one of {', '.join(definition.options)}")


def _single_select(definition: CustomFieldDefinition, raw: Any) -> str:
    if not isinstance(raw, str):
        raise ValueError("expected one option as text")
    return _choice(definition, raw)


def _multi_select(definition: CustomFieldDefinition, raw: Any) -> list[str] | None:
    if isinstance(raw, str):
        items: list[Any] = [part for part in re.split(r"[;|,]", raw) if part.strip()]
    elif isinstance(raw, list):
        items = raw
    else:
        raise ValueError("expected a list of options")
    chosen: list[str] = []
    for item in items:
        option = _choice(definition, item)
        if option not in chosen:
            chosen.append(option)
    return chosen or None


def _url(_: CustomFieldDefinition, raw: Any) -> str:
    text = str(raw).strip()
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.netloc or len(text) > 2000:
        raise ValueError(f"{raw!r} is not an http(s) URL")
    return text


_COERCERS: dict[CustomFieldType, Callable[[CustomFieldDefinition, Any], FieldValue]] = {
    CustomFieldType.text: _text,
    CustomFieldType.number: _number,
    CustomFieldType.boolean: _boolean,
    CustomFieldType.date: _date,
    CustomFieldType.datetime: _datetime,
    CustomFieldType.single_select: _single_select,
    CustomFieldType.multi_select: _multi_select,
    CustomFieldType.url: _url,
}
