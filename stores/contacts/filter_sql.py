"""Compiles a segment filter into one SQL condition over `Contact`, for SQLite and PostgreSQL.

The filter must have passed `domain.segments.validate_filter` (values in canonical form). On
PostgreSQL custom-field equality is JSONB containment (`custom_fields @> '{"k": v}'`) so the GIN
index `ix_contact_custom_fields` serves it; SQLite reads values with `json_extract`/`json_each`.
`not_*` and `none_of` also match contacts where the field is unset, as a marketer expects
("city is not São Paulo" includes contacts with no city).
"""

import uuid
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Numeric,
    String,
    and_,
    case,
    exists,
    false,
    func,
    literal,
    not_,
    or_,
    select,
    true,
    type_coerce,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlmodel import col

from domain.contact_values import normalize_tag
from domain.custom_fields import CustomFieldDefinition
from domain.enums import CustomFieldType
from domain.segments import (
    ChannelCondition,
    ConditionGroup,
    ConditionValue,
    ConsentCondition,
    CustomFieldCondition,
    FieldCondition,
    Operator,
    SegmentFilter,
    StandardField,
    TagCondition,
)
from stores.tables.contacts import Contact, ContactConsent, ContactIdentity, ContactTag

Clause = ColumnElement[bool]
LIKE_ESCAPE = "\\"
MOMENT_FORMAT = "%Y-%m-%dT%H:%M:%SZ"
# Standard text columns that are never NULL: an empty string means "not set" there.
_NOT_NULL_TEXT = frozenset({StandardField.name, StandardField.source})


def contact_scope(workspace_id: uuid.UUID) -> Clause:
    """The contacts any reader may see: this workspace's, never an erased one."""
    return and_(col(Contact.workspace_id) == workspace_id, col(Contact.erased_at).is_(None))


def like_pattern(text: str, *, prefix: bool = False) -> str:
    """A LIKE pattern matching `text` literally (its `%`, `_` and `\\` escaped)."""
    escaped = text.replace(LIKE_ESCAPE, LIKE_ESCAPE * 2).replace("%", "\\%").replace("_", "\\_")
    return f"{escaped}%" if prefix else f"%{escaped}%"


def compile_filter(
    segment_filter: SegmentFilter,
    custom_fields: Mapping[str, CustomFieldDefinition],
    *,
    workspace_id: uuid.UUID,
    now: datetime,
    dialect: str,
) -> Clause:
    """The condition a contact of `workspace_id` meets to belong to the filter at `now`.

    `now` is explicit so an automation can evaluate a filter at its workflow's time.
    `dialect` is the SQLAlchemy dialect name (`sqlite` or `postgresql`).
    """
    compiler = _Compiler(custom_fields, workspace_id, now, dialect)
    return and_(contact_scope(workspace_id), compiler.group(segment_filter))


class _Compiler:
    def __init__(
        self,
        custom_fields: Mapping[str, CustomFieldDefinition],
        workspace_id: uuid.UUID,
        now: datetime,
        dialect: str,
    ) -> None:
        self.custom_fields = custom_fields
        self.workspace_id = workspace_id
        self.now = now
        self.postgres = dialect == "postgresql"

    def group(self, group: ConditionGroup) -> Clause:
        parts = [self.condition(c) for c in group.conditions]
        if not parts:
            return true()
        return and_(*parts) if group.match == "all" else or_(*parts)

    def condition(self, condition: Any) -> Clause:
        if isinstance(condition, ConditionGroup):
            return self.group(condition)
        if isinstance(condition, FieldCondition):
            return self.standard(condition)
        if isinstance(condition, CustomFieldCondition):
            return self.custom(condition)
        if isinstance(condition, TagCondition):
            return self.tag(condition)
        if isinstance(condition, ChannelCondition):
            return self.channel(condition)
        if isinstance(condition, ConsentCondition):
            return self.consent(condition)
        raise TypeError(f"unknown condition {type(condition).__name__}")

    # Standard fields: plain columns.

    def standard(self, condition: FieldCondition) -> Clause:
        column: Any = getattr(Contact, condition.field.value)
        op, value = condition.operator, condition.value
        if condition.field in (
            StandardField.created_at,
            StandardField.updated_at,
            StandardField.last_seen_at,
            StandardField.last_inbound_at,
        ):
            return self.moment(column, op, value, lambda d: d)
        if condition.field == StandardField.owner_user_id:
            return _compare_text(
                column, op, None if value is None else uuid.UUID(str(value)), blank=False
            )
        return _compare_text(column, op, value, blank=condition.field in _NOT_NULL_TEXT)

    def moment(
        self,
        column: Any,
        op: Operator,
        value: ConditionValue,
        convert: Callable[[datetime], Any],
    ) -> Clause:
        """Compares a moment; `convert` turns a datetime or canonical string into column form."""
        if op == Operator.is_set:
            return column.is_not(None)  # type: ignore[no-any-return]
        if op == Operator.is_not_set:
            return column.is_(None)  # type: ignore[no-any-return]
        if op in (Operator.within_last_days, Operator.more_than_days_ago):
            assert isinstance(value, float)
            threshold = convert(self.now - timedelta(days=value))
            if op == Operator.within_last_days:
                return column >= threshold  # type: ignore[no-any-return]
            return column < threshold  # type: ignore[no-any-return]
        assert isinstance(value, str)
        if op == Operator.before:
            return column < convert_value(value, convert)  # type: ignore[no-any-return]
        return column > convert_value(value, convert)  # type: ignore[no-any-return]

    # Custom fields: values inside the JSON document.

    def custom(self, condition: CustomFieldCondition) -> Clause:
        definition = self.custom_fields[condition.key]
        key, op, value = condition.key, condition.operator, condition.value
        if op in (Operator.is_set, Operator.is_not_set):
            present = self._has_key(key)
            return present if op == Operator.is_set else not_(present)
        if definition.type in (CustomFieldType.date, CustomFieldType.datetime):
            fmt = "%Y-%m-%d" if definition.type == CustomFieldType.date else MOMENT_FORMAT
            # Canonical date strings order like the moments they name, byte by byte.
            stored = self._text(key).collate("C") if self.postgres else self._text(key)
            return self.moment(stored, op, value, lambda d: d.strftime(fmt))
        if definition.type == CustomFieldType.multi_select:
            return self._choices(key, op, value)
        if definition.type == CustomFieldType.number and op in (
            Operator.greater_than,
            Operator.less_than,
        ):
            number = self._number(key)
            compared: Clause = number > value if op == Operator.greater_than else number < value
            return compared
        if op in (Operator.equals, Operator.not_equals, Operator.any_of, Operator.none_of):
            values = value if isinstance(value, list) else [value]
            matched = or_(*(self._equals(key, v) for v in values))
            negate = op in (Operator.not_equals, Operator.none_of)
            return not_(matched) if negate else matched
        return _compare_text(self._text(key), op, value, blank=False)

    def _choices(self, key: str, op: Operator, value: ConditionValue) -> Clause:
        values = value if isinstance(value, list) else [value]
        matched = or_(*(self._has_choice(key, str(v)) for v in values))
        return not_(matched) if op in (Operator.not_contains, Operator.none_of) else matched

    def _document(self) -> Any:
        return type_coerce(Contact.custom_fields, JSONB)

    def _path(self, key: str) -> str:
        # Keys match ^[a-z][a-z0-9_]*$ (FieldKey), so the quoted path is always well formed.
        return f'$."{key}"'

    def _has_key(self, key: str) -> Clause:
        if self.postgres:
            return self._document().has_key(key)  # type: ignore[no-any-return]
        return func.json_type(Contact.custom_fields, self._path(key)).is_not(None)

    def _text(self, key: str) -> Any:
        if self.postgres:
            return self._document()[key].astext
        return func.json_extract(Contact.custom_fields, self._path(key), type_=String)

    def _number(self, key: str) -> Any:
        if self.postgres:
            item = self._document()[key]
            # The cast runs only on numbers: CASE guarantees the order AND would not.
            return case((func.jsonb_typeof(item) == "number", item.astext.cast(Numeric)))
        number = self._kind(key).in_(["integer", "real"])
        return case((number, func.json_extract(Contact.custom_fields, self._path(key))))

    def _kind(self, key: str) -> Any:
        # '' for a missing key, so comparisons on it are false, never NULL: NOT stays exact.
        return func.coalesce(func.json_type(Contact.custom_fields, self._path(key)), "")

    def _equals(self, key: str, value: Any) -> Clause:
        if self.postgres:
            return self._document().contains({key: value})  # type: ignore[no-any-return]
        extracted = func.json_extract(Contact.custom_fields, self._path(key))
        if isinstance(value, bool):
            return self._kind(key) == ("true" if value else "false")  # type: ignore[no-any-return]
        if isinstance(value, float):
            return and_(self._kind(key).in_(["integer", "real"]), extracted == value)
        return and_(self._kind(key) == "text", extracted == value)

    def _has_choice(self, key: str, option: str) -> Clause:
        if self.postgres:
            return self._document().contains({key: [option]})  # type: ignore[no-any-return]
        items = func.json_each(Contact.custom_fields, self._path(key)).table_valued("value")
        return exists(select(literal(1)).select_from(items).where(items.c.value == option))

    # Related rows: tags, channel identities, consent.

    def tag(self, condition: TagCondition) -> Clause:
        tagged = col(Contact.id).in_(
            select(col(ContactTag.contact_id)).where(
                col(ContactTag.workspace_id) == self.workspace_id,
                col(ContactTag.tag) == normalize_tag(condition.tag),
            )
        )
        return tagged if condition.operator == "has" else not_(tagged)

    def channel(self, condition: ChannelCondition) -> Clause:
        known = exists(
            select(literal(1)).where(
                col(ContactIdentity.contact_id) == col(Contact.id),
                col(ContactIdentity.workspace_id) == self.workspace_id,
                col(ContactIdentity.channel_kind) == condition.channel,
            )
        )
        return known if condition.operator == "has" else not_(known)

    def consent(self, condition: ConsentCondition) -> Clause:
        rows = select(literal(1)).where(
            col(ContactConsent.contact_id) == col(Contact.id),
            col(ContactConsent.workspace_id) == self.workspace_id,
            col(ContactConsent.channel) == condition.channel,
        )
        if condition.status == "unknown":
            return not_(exists(rows))
        return exists(rows.where(col(ContactConsent.status) == condition.status))


def convert_value(value: str, convert: Callable[[datetime], Any]) -> Any:
    """A canonical before/after value (`YYYY-MM-DD` or `YYYY-MM-DDTHH:MM:SSZ`) in column form."""
    if len(value) == len("YYYY-MM-DD"):
        # Only date fields get a bare date (validate_filter): their stored form already.
        return value
    return convert(datetime.strptime(value, MOMENT_FORMAT).replace(tzinfo=UTC))


def _compare_text(column: Any, op: Operator, value: Any, *, blank: bool) -> Clause:
    """Text comparisons; `blank` says an empty string counts as "not set" (NOT NULL columns)."""
    unset = or_(column.is_(None), column == "") if blank else column.is_(None)
    if op == Operator.is_set:
        return not_(unset)
    if op == Operator.is_not_set:
        return unset
    if op == Operator.equals:
        return column == value  # type: ignore[no-any-return]
    if op == Operator.not_equals:
        return or_(column.is_(None), column != value)
    if op in (Operator.any_of, Operator.none_of):
        values: Sequence[Any] = value if isinstance(value, list) else [value]
        if not values:
            return false() if op == Operator.any_of else true()
        if op == Operator.any_of:
            return column.in_(values)  # type: ignore[no-any-return]
        return or_(column.is_(None), column.not_in(values))
    if op in (Operator.contains, Operator.not_contains, Operator.starts_with):
        pattern = like_pattern(str(value).lower(), prefix=op == Operator.starts_with)
        matched: Clause = func.lower(column).like(pattern, escape=LIKE_ESCAPE)
        if op == Operator.not_contains:
            return or_(column.is_(None), not_(matched))
        return matched
    raise ValueError(f"{op} does not apply to text")
