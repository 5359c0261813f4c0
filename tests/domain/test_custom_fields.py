"""Custom-field definitions and the canonical form of each type's values."""

from datetime import UTC, date, datetime
from typing import Any

import pytest
from pydantic import ValidationError

from domain.custom_fields import CustomFieldDefinition, coerce_value
from domain.enums import CustomFieldType
from stores.contacts.contact_input import ContactFields, ContactInputError, normalise_fields


def field(kind: CustomFieldType, options: list[str] | None = None) -> CustomFieldDefinition:
    return CustomFieldDefinition(key="f", label="F", type=kind, options=options or [])


@pytest.mark.parametrize(
    ("kind", "raw", "stored"),
    [
        (CustomFieldType.text, " São Paulo ", "São Paulo"),
        (CustomFieldType.number, "1.234,56", 1234.56),
        (CustomFieldType.number, 7, 7.0),
        (CustomFieldType.boolean, "Sim", True),
        (CustomFieldType.boolean, False, False),
        (CustomFieldType.date, "31/12/2025", "2025-12-31"),
        (CustomFieldType.date, date(2025, 1, 2), "2025-01-02"),
        (CustomFieldType.datetime, "2026-03-01T14:30:00-03:00", "2026-03-01T17:30:00Z"),
        (CustomFieldType.datetime, datetime(2026, 3, 1, tzinfo=UTC), "2026-03-01T00:00:00Z"),
        (CustomFieldType.url, "https://example.com/a", "https://example.com/a"),
        (CustomFieldType.text, "  ", None),
    ],
)
def test_coerce_value_canonical_forms(kind: CustomFieldType, raw: Any, stored: Any) -> None:
    assert coerce_value(field(kind), raw) == stored


def test_coerce_value_selects_match_options_case_insensitively() -> None:
    single = field(CustomFieldType.single_select, ["Free", "Pro"])
    multi = field(CustomFieldType.multi_select, ["Red", "Blue"])
    assert coerce_value(single, "pro") == "Pro"
    assert coerce_value(multi, "blue; red;blue") == ["Blue", "Red"]
    assert coerce_value(multi, ["RED"]) == ["Red"]


@pytest.mark.parametrize(
    ("kind", "raw"),
    [
        (CustomFieldType.number, "abc"),
        (CustomFieldType.number, True),
        (CustomFieldType.number, float("nan")),
        (CustomFieldType.boolean, "maybe"),
        (CustomFieldType.date, "2025-13-01"),
        (CustomFieldType.datetime, "yesterday"),
        (CustomFieldType.url, "ftp://example.com"),
        (CustomFieldType.text, 5),
        (CustomFieldType.text, "x" * 1001),
    ],
)
def test_coerce_value_rejects_naming_the_key(kind: CustomFieldType, raw: Any) -> None:
    with pytest.raises(ValueError, match=r"^f: "):
        coerce_value(field(kind), raw)


def test_coerce_value_rejects_unknown_option() -> None:
    with pytest.raises(ValueError, match="not one of Free, Pro"):
        coerce_value(field(CustomFieldType.single_select, ["Free", "Pro"]), "Gold")


@pytest.mark.parametrize(
    "body",
    [
        {"key": "City", "label": "City", "type": "text"},
        {"key": "1city", "label": "City", "type": "text"},
        {"key": "city", "label": "", "type": "text"},
        {"key": "plan", "label": "Plan", "type": "single_select"},
        {"key": "plan", "label": "Plan", "type": "multi_select", "options": ["a", "A"]},
        {"key": "city", "label": "City", "type": "text", "options": ["a"]},
    ],
)
def test_definition_rejects_invalid(body: dict[str, Any]) -> None:
    with pytest.raises(ValidationError):
        CustomFieldDefinition.model_validate(body)


def test_normalise_fields_reports_location_and_clears() -> None:
    definitions = {"score": CustomFieldDefinition(key="score", label="S", type="number")}
    result = normalise_fields(
        ContactFields.model_validate(
            {"phone": "(11) 98765-4321", "email": "", "custom_fields": {"score": "3"}}
        ),
        definitions,
        "BR",
        ["VIP", "vip"],
    )
    assert result.draft.phone == "+5511987654321"
    assert result.draft.custom_fields == {"score": 3.0}
    assert result.draft.tags == ["vip"]
    assert result.cleared == {"email"}
    with pytest.raises(ContactInputError) as caught:
        normalise_fields(ContactFields(custom_fields={"score": "x"}), definitions, "BR")
    assert caught.value.loc == ("body", "custom_fields", "score")
    assert "score" in caught.value.message
