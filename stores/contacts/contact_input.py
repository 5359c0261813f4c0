"""Turning what a person or an integration typed for one contact into a normalised draft.

Every error names the field it is about (a location such as `("body", "phone")`) and says what
to fix, so the API can answer 422 in FastAPI's own shape.
"""

import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, Field

from domain.contact_values import (
    normalize_country,
    normalize_email,
    normalize_language,
    normalize_phone,
    normalize_tag,
    normalize_timezone,
)
from domain.contacts import STANDARD_FIELDS, ContactDraft
from domain.custom_fields import CustomFieldDefinition, FieldValue, coerce_value

# Fields a contact may lack; clearing name or source leaves them empty instead.
NULLABLE_FIELDS = frozenset({"phone", "email", "language", "timezone", "country", "owner_user_id"})

_NORMALISERS: dict[str, Callable[[str], str]] = {
    "email": normalize_email,
    "language": normalize_language,
    "timezone": normalize_timezone,
    "country": normalize_country,
}


class ContactFields(BaseModel):
    """A contact's values as typed; they are normalised before they are stored."""

    name: str | None = Field(default=None, max_length=200)
    phone: str | None = Field(
        default=None,
        max_length=40,
        description="Any common format; without +country the workspace's default country is "
        "assumed. Stored as E.164.",
    )
    email: str | None = Field(default=None, max_length=320)
    language: str | None = Field(default=None, max_length=35, description="e.g. pt-BR.")
    timezone: str | None = Field(
        default=None, max_length=64, description="IANA, e.g. America/Sao_Paulo."
    )
    country: str | None = Field(default=None, max_length=8, description="ISO 3166, e.g. BR.")
    source: str | None = Field(default=None, max_length=64)
    owner_user_id: uuid.UUID | None = Field(
        default=None, description="The agent who owns the contact: a member of the workspace."
    )
    custom_fields: dict[str, FieldValue] = Field(
        default_factory=dict,
        description="Values by custom-field key, checked against the field's type.",
    )


class ContactInputError(ValueError):
    """A value that cannot be stored; `loc` points at it the way FastAPI's errors do."""

    def __init__(self, loc: tuple[str | int, ...], message: str) -> None:
        super().__init__(message)
        self.loc = loc
        self.message = message


@dataclass
class NormalisedInput:
    draft: ContactDraft
    cleared: set[str] = field(default_factory=set)


def normalise_fields(
    fields: ContactFields,
    definitions: Mapping[str, CustomFieldDefinition],
    default_country: str,
    tags: Sequence[str] = (),
) -> NormalisedInput:
    """The draft of `fields`; `cleared` lists the standard fields explicitly set to null or ''."""
    values: dict[str, Any] = {}
    cleared: set[str] = set()
    for name in (*STANDARD_FIELDS, "owner_user_id"):
        raw = getattr(fields, name)
        # Forms send "" for an emptied input: it means "no value", like null.
        blank = raw is None or (isinstance(raw, str) and not raw.strip())
        if blank:
            if name in fields.model_fields_set:
                cleared.add(name)
            continue
        values[name] = _standard(name, raw, default_country)
    custom = {key: _custom(definitions, key, raw) for key, raw in fields.custom_fields.items()}
    draft = ContactDraft(**values, custom_fields=custom, tags=normalise_tags(tags))
    return NormalisedInput(draft=draft, cleared=cleared)


def normalise_tags(tags: Sequence[str]) -> list[str]:
    result: list[str] = []
    for index, raw in enumerate(tags):
        try:
            tag = normalize_tag(raw)
        except ValueError as error:
            raise ContactInputError(("body", "tags", index), str(error)) from None
        if tag not in result:
            result.append(tag)
    return result


def _standard(name: str, raw: Any, default_country: str) -> Any:
    if not isinstance(raw, str):
        return raw
    try:
        if name == "phone":
            return normalize_phone(raw, default_country)
        if name in _NORMALISERS:
            return _NORMALISERS[name](raw)
    except ValueError as error:
        raise ContactInputError(("body", name), str(error)) from None
    return " ".join(raw.split())


def _custom(definitions: Mapping[str, CustomFieldDefinition], key: str, raw: Any) -> FieldValue:
    definition = definitions.get(key)
    if definition is None:
        raise ContactInputError(
            ("body", "custom_fields", key),
            f"custom field {key!r} does not exist in this workspace; "
            "define it under Settings → Custom fields (POST /api/custom-fields) first",
        )
    try:
        return coerce_value(definition, raw)
    except ValueError as error:
        raise ContactInputError(("body", "custom_fields", key), str(error)) from None
