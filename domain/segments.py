"""The segment filter: one JSON schema for who a segment, a broadcast or an automation targets.

Shared by the API (validates and saves it), the UI (builds it, from the generated types) and the
contact store (compiles it to SQL). A filter is a group of conditions joined by "all" (AND) or
"any" (OR); groups nest. An empty group matches every contact.

Text `equals` is exact (case and accents matter, so indexes serve it); `contains` and
`starts_with` ignore case.
"""

import uuid
from collections.abc import Mapping
from datetime import UTC, datetime
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import BaseModel, Field

from domain.custom_fields import CustomFieldDefinition, FieldKey, coerce_value
from domain.enums import ChannelKind, ConsentStatus, CustomFieldType

MAX_DEPTH = 4
MAX_CONDITIONS = 50


class StandardField(StrEnum):
    name = "name"
    email = "email"
    phone = "phone"
    language = "language"
    timezone = "timezone"
    country = "country"
    source = "source"
    owner_user_id = "owner_user_id"
    created_at = "created_at"
    updated_at = "updated_at"
    last_seen_at = "last_seen_at"
    last_inbound_at = "last_inbound_at"


class Operator(StrEnum):
    equals = "equals"
    not_equals = "not_equals"
    contains = "contains"
    not_contains = "not_contains"
    starts_with = "starts_with"
    any_of = "any_of"
    none_of = "none_of"
    greater_than = "greater_than"
    less_than = "less_than"
    before = "before"
    after = "after"
    within_last_days = "within_last_days"
    more_than_days_ago = "more_than_days_ago"
    is_set = "is_set"
    is_not_set = "is_not_set"


class ValueKind(StrEnum):
    """What a field holds, which decides the operators it takes."""

    text = "text"
    number = "number"
    boolean = "boolean"
    moment = "moment"
    choices = "choices"
    user = "user"


ConditionValue = str | float | bool | list[str] | None

_PRESENCE = {Operator.is_set, Operator.is_not_set}
_PARTIAL_TEXT = {Operator.contains, Operator.not_contains, Operator.starts_with}
OPERATORS: dict[ValueKind, frozenset[Operator]] = {
    ValueKind.text: frozenset(
        {
            Operator.equals,
            Operator.not_equals,
            Operator.contains,
            Operator.not_contains,
            Operator.starts_with,
            Operator.any_of,
            Operator.none_of,
            *_PRESENCE,
        }
    ),
    ValueKind.number: frozenset(
        {Operator.equals, Operator.not_equals, Operator.greater_than, Operator.less_than}
        | _PRESENCE
    ),
    ValueKind.boolean: frozenset({Operator.equals, *_PRESENCE}),
    ValueKind.moment: frozenset(
        {
            Operator.before,
            Operator.after,
            Operator.within_last_days,
            Operator.more_than_days_ago,
            *_PRESENCE,
        }
    ),
    ValueKind.choices: frozenset(
        {Operator.contains, Operator.not_contains, Operator.any_of, Operator.none_of, *_PRESENCE}
    ),
    ValueKind.user: frozenset({Operator.equals, Operator.not_equals, *_PRESENCE}),
}

STANDARD_KINDS: dict[StandardField, ValueKind] = {
    **{f: ValueKind.text for f in StandardField},
    StandardField.owner_user_id: ValueKind.user,
    StandardField.created_at: ValueKind.moment,
    StandardField.updated_at: ValueKind.moment,
    StandardField.last_seen_at: ValueKind.moment,
    StandardField.last_inbound_at: ValueKind.moment,
}

CUSTOM_KINDS: dict[CustomFieldType, ValueKind] = {
    CustomFieldType.text: ValueKind.text,
    CustomFieldType.url: ValueKind.text,
    CustomFieldType.single_select: ValueKind.text,
    CustomFieldType.number: ValueKind.number,
    CustomFieldType.boolean: ValueKind.boolean,
    CustomFieldType.date: ValueKind.moment,
    CustomFieldType.datetime: ValueKind.moment,
    CustomFieldType.multi_select: ValueKind.choices,
}


class FieldCondition(BaseModel):
    """A standard contact field compared with a value."""

    type: Literal["field"] = "field"
    field: StandardField
    operator: Operator
    value: ConditionValue = Field(
        default=None,
        description="Text, number, true/false, a list for any_of/none_of, an ISO date for "
        "before/after, a number of days for within_last_days/more_than_days_ago; none for is_set.",
    )


class CustomFieldCondition(BaseModel):
    """A workspace-defined custom field compared with a value."""

    type: Literal["custom_field"] = "custom_field"
    key: FieldKey
    operator: Operator
    value: ConditionValue = None


class TagCondition(BaseModel):
    """The contact has (or has not) a tag."""

    type: Literal["tag"] = "tag"
    operator: Literal["has", "has_not"] = "has"
    tag: str = Field(min_length=1, max_length=64)


class ChannelCondition(BaseModel):
    """The contact is (or is not) known on a channel: it has an identity there."""

    type: Literal["channel"] = "channel"
    operator: Literal["has", "has_not"] = "has"
    channel: ChannelKind


class ConsentCondition(BaseModel):
    """The contact's consent on a channel; `unknown` means never recorded."""

    type: Literal["consent"] = "consent"
    channel: ChannelKind
    status: ConsentStatus | Literal["unknown"]


class ConditionGroup(BaseModel):
    """Conditions joined by all (AND) or any (OR); an empty group matches everyone."""

    type: Literal["group"] = "group"
    match: Literal["all", "any"] = "all"
    conditions: list["Condition"] = Field(default_factory=list, max_length=MAX_CONDITIONS)


Condition = Annotated[
    FieldCondition
    | CustomFieldCondition
    | TagCondition
    | ChannelCondition
    | ConsentCondition
    | ConditionGroup,
    Field(discriminator="type"),
]
ConditionGroup.model_rebuild()

SegmentFilter = ConditionGroup


class FilterProblem(BaseModel):
    """Where a filter is wrong (`conditions.0.conditions.2`) and what to fix."""

    path: str
    message: str


class InvalidFilter(ValueError):
    def __init__(self, problems: list[FilterProblem]) -> None:
        super().__init__("; ".join(f"{p.path}: {p.message}" for p in problems))
        self.problems = problems


def validate_filter(
    segment_filter: SegmentFilter, custom_fields: Mapping[str, CustomFieldDefinition]
) -> SegmentFilter:
    """A copy with values in canonical form, or `InvalidFilter` listing every problem."""
    problems: list[FilterProblem] = []
    checked = _check_group(segment_filter, custom_fields, "filter", 1, problems)
    if problems:
        raise InvalidFilter(problems)
    return checked


def _check_group(
    group: ConditionGroup,
    custom_fields: Mapping[str, CustomFieldDefinition],
    path: str,
    depth: int,
    problems: list[FilterProblem],
) -> ConditionGroup:
    if depth > MAX_DEPTH:
        problems.append(FilterProblem(path=path, message=f"groups nest {MAX_DEPTH} deep at most"))
        return group
    checked: list[Condition] = []
    for index, condition in enumerate(group.conditions):
        where = f"{path}.conditions.{index}"
        if isinstance(condition, ConditionGroup):
            checked.append(_check_group(condition, custom_fields, where, depth + 1, problems))
        elif isinstance(condition, FieldCondition):
            kind = STANDARD_KINDS[condition.field]
            value = _check_value(kind, condition.operator, condition.value, None, where, problems)
            checked.append(condition.model_copy(update={"value": value}))
        elif isinstance(condition, CustomFieldCondition):
            definition = custom_fields.get(condition.key)
            if definition is None:
                problems.append(
                    FilterProblem(path=where, message=f"no custom field named {condition.key!r}")
                )
                continue
            kind = CUSTOM_KINDS[definition.type]
            value = _check_value(
                kind, condition.operator, condition.value, definition, where, problems
            )
            checked.append(condition.model_copy(update={"value": value}))
        elif isinstance(condition, TagCondition):
            checked.append(condition.model_copy(update={"tag": " ".join(condition.tag.split())}))
        else:
            checked.append(condition)
    return group.model_copy(update={"conditions": checked})


def _check_value(
    kind: ValueKind,
    operator: Operator,
    value: ConditionValue,
    definition: CustomFieldDefinition | None,
    path: str,
    problems: list[FilterProblem],
) -> ConditionValue:
    if operator not in OPERATORS[kind]:
        allowed = ", ".join(sorted(OPERATORS[kind]))
        problems.append(
            FilterProblem(
                path=path, message=f"{operator} does not apply here; use one of {allowed}"
            )
        )
        return value
    try:
        return _canonical_value(kind, operator, value, definition)
    except ValueError as error:
        problems.append(FilterProblem(path=path, message=str(error)))
        return value


def _canonical_value(
    kind: ValueKind,
    operator: Operator,
    value: ConditionValue,
    definition: CustomFieldDefinition | None,
) -> ConditionValue:
    if operator in _PRESENCE:
        return None
    if operator in (Operator.within_last_days, Operator.more_than_days_ago):
        if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
            raise ValueError(f"{operator} needs a positive number of days")
        return float(value)
    if operator in (Operator.before, Operator.after):
        moment = _moment(value)
        # Date fields are stored as YYYY-MM-DD: compare like with like.
        is_date = definition is not None and definition.type == CustomFieldType.date
        return moment[:10] if is_date else moment
    if operator in (Operator.any_of, Operator.none_of):
        if not isinstance(value, list) or not value:
            raise ValueError(f"{operator} needs a non-empty list of values")
        return [str(_scalar(kind, item, definition)) for item in value]
    if value is None or isinstance(value, list):
        raise ValueError(f"{operator} needs a single value")
    if kind == ValueKind.text and operator in _PARTIAL_TEXT:
        # "city contains Paulo" searches inside the value, even of a single-select field.
        if not isinstance(value, str) or not value.strip():
            raise ValueError(f"{operator} needs some text")
        return value
    return _scalar(kind, value, definition)


def _scalar(
    kind: ValueKind, value: object, definition: CustomFieldDefinition | None
) -> str | float | bool:
    if kind == ValueKind.user:
        try:
            return str(uuid.UUID(str(value)))
        except ValueError:
            raise ValueError(f"{value!r} is not a user id") from None
    if definition is not None and definition.type not in (
        CustomFieldType.text,
        CustomFieldType.url,
        CustomFieldType.multi_select,
    ):
        coerced = coerce_value(definition, value)
        if coerced is None or isinstance(coerced, list):
            raise ValueError("needs a value")
        return coerced
    if definition is not None and definition.type == CustomFieldType.multi_select:
        single = definition.model_copy(update={"type": CustomFieldType.single_select})
        return str(coerce_value(single, value))
    if not isinstance(value, str | int | float) or isinstance(value, bool):
        raise ValueError(f"{value!r} is not text")
    return str(value)


def _moment(value: ConditionValue) -> str:
    if not isinstance(value, str):
        raise ValueError("before/after need an ISO date or date-time, e.g. 2026-01-31")
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise ValueError(f"{value!r} is not an ISO date or date-time") from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
