"""The segment filter schema: validation answers every problem with its path, values canonical."""

from typing import Any

import pytest

from domain.custom_fields import CustomFieldDefinition
from domain.enums import CustomFieldType
from domain.segments import CustomFieldCondition, InvalidFilter, SegmentFilter, validate_filter

FIELDS = {
    "city": CustomFieldDefinition(
        key="city", label="City", type=CustomFieldType.single_select, options=["São Paulo"]
    ),
    "score": CustomFieldDefinition(key="score", label="Score", type=CustomFieldType.number),
    "signup": CustomFieldDefinition(key="signup", label="Signup", type=CustomFieldType.date),
}


def check(*conditions: dict[str, Any]) -> SegmentFilter:
    return validate_filter(SegmentFilter.model_validate({"conditions": list(conditions)}), FIELDS)


def test_validate_canonicalises_values() -> None:
    checked = check(
        {"type": "custom_field", "key": "city", "operator": "equals", "value": "SÃO PAULO"},
        {"type": "custom_field", "key": "score", "operator": "greater_than", "value": "1.234,5"},
        {"type": "custom_field", "key": "signup", "operator": "before", "value": "2026-01-31"},
        {"type": "field", "field": "created_at", "operator": "after",
         "value": "2026-01-31T10:00:00-03:00"},
    )  # fmt: skip
    assert [c.value for c in checked.conditions] == [  # type: ignore[union-attr]
        "São Paulo",
        1234.5,
        "2026-01-31",
        "2026-01-31T13:00:00Z",
    ]


def test_validate_lists_every_problem_with_its_path() -> None:
    with pytest.raises(InvalidFilter) as caught:
        check(
            {"type": "field", "field": "name", "operator": "within_last_days", "value": 3},
            {"type": "group", "conditions": [
                {"type": "custom_field", "key": "city", "operator": "equals", "value": "Recife"},
                {"type": "field", "field": "last_seen_at", "operator": "within_last_days",
                 "value": -1},
            ]},
        )  # fmt: skip
    paths = [p.path for p in caught.value.problems]
    assert paths == [
        "filter.conditions.0",
        "filter.conditions.1.conditions.0",
        "filter.conditions.1.conditions.1",
    ]
    assert "not one of São Paulo" in caught.value.problems[1].message


def test_validate_refuses_unknown_field_and_deep_nesting() -> None:
    deep: dict[str, Any] = {"type": "group", "conditions": []}
    for _ in range(4):
        deep = {"type": "group", "conditions": [deep]}
    with pytest.raises(InvalidFilter) as caught:
        check({"type": "custom_field", "key": "gone", "operator": "is_set"}, deep)
    messages = [p.message for p in caught.value.problems]
    assert messages == ["no custom field named 'gone'", "groups nest 4 deep at most"]


def test_filter_schema_round_trips_through_json() -> None:
    raw = {
        "type": "group",
        "match": "any",
        "conditions": [
            {"type": "tag", "operator": "has_not", "tag": "vip"},
            {"type": "channel", "operator": "has", "channel": "whatsapp"},
            {"type": "consent", "channel": "email", "status": "unknown"},
        ],
    }
    parsed = SegmentFilter.model_validate(raw)
    assert SegmentFilter.model_validate(parsed.model_dump(mode="json")) == parsed


def test_validate_filter_keeps_free_text_for_contains_on_a_select() -> None:
    city = CustomFieldDefinition(
        key="city", label="City", type=CustomFieldType.single_select, options=["São Paulo"]
    )
    checked = validate_filter(
        SegmentFilter.model_validate(
            {
                "conditions": [
                    {
                        "type": "custom_field",
                        "key": "city",
                        "operator": "contains",
                        "value": "Paulo",
                    }
                ]
            }
        ),
        {"city": city},
    )
    [condition] = checked.conditions
    assert isinstance(condition, CustomFieldCondition) and condition.value == "Paulo"
