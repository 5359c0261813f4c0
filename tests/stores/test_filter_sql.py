"""Segment filters compiled to SQL give the same members on SQLite and PostgreSQL."""

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlmodel import col, select

from domain.enums import ChannelKind, ConsentStatus, CustomFieldType
from domain.segments import SegmentFilter, validate_filter
from stores.contacts.filter_sql import compile_filter, like_pattern
from stores.contacts.queries import load_custom_fields
from stores.tables.contacts import Contact, ContactConsent, ContactIdentity, ContactTag, CustomField
from tests.factories import create_workspace
from tests.support.databases import Sessions

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)

FIELDS = [
    ("city", CustomFieldType.single_select, ["São Paulo", "Rio de Janeiro"]),
    ("score", CustomFieldType.number, []),
    ("signup", CustomFieldType.date, []),
    ("last_purchase", CustomFieldType.datetime, []),
    ("vip", CustomFieldType.boolean, []),
    ("interests", CustomFieldType.multi_select, ["shoes", "bags", "hats"]),
    ("nickname", CustomFieldType.text, []),
]

CONTACTS: dict[str, dict[str, Any]] = {
    "ana": {
        "name": "Ana Souza",
        "email": "ana@example.com",
        "phone": "+5511987654321",
        "country": "BR",
        "language": "pt-BR",
        "source": "import",
        "created_at": NOW - timedelta(days=100),
        "last_inbound_at": NOW - timedelta(days=5),
        "custom_fields": {
            "city": "São Paulo",
            "score": 80.0,
            "signup": "2026-01-10",
            "last_purchase": "2026-02-20T10:00:00Z",
            "vip": True,
            "interests": ["shoes", "bags"],
            "nickname": "Aninha",
        },
        "tags": ["lead", "vip"],
        "identities": [ChannelKind.whatsapp],
        "consent": {ChannelKind.whatsapp: ConsentStatus.opted_in},
    },
    "bruno": {
        "name": "Bruno Lima",
        "email": "bruno@example.org",
        "country": "PT",
        "source": "api",
        "created_at": NOW - timedelta(days=50),
        "last_inbound_at": NOW - timedelta(days=40),
        "custom_fields": {
            "city": "Rio de Janeiro",
            "score": 40.5,
            "signup": "2025-06-01",
            "vip": False,
            "interests": ["hats"],
        },
        "tags": ["lead"],
        "identities": [ChannelKind.email],
        "consent": {ChannelKind.email: ConsentStatus.opted_out},
    },
    "carla": {
        "name": "CARLA ÁVILA DE SÃO JOSÉ",
        "phone": "+5521999990000",
        "created_at": NOW - timedelta(days=1),
        "custom_fields": {},
    },
    "dan": {
        "name": "Dan_50%",
        "email": "dan@example.com",
        "created_at": NOW - timedelta(days=10),
        "custom_fields": {"nickname": "50%_off", "score": 80},
        "identities": [ChannelKind.webchat],
    },
}


def f(*conditions: dict[str, Any], match: str = "all") -> dict[str, Any]:
    return {"type": "group", "match": match, "conditions": list(conditions)}


def field(name: str, operator: str, value: Any = None) -> dict[str, Any]:
    return {"type": "field", "field": name, "operator": operator, "value": value}


def custom(key: str, operator: str, value: Any = None) -> dict[str, Any]:
    return {"type": "custom_field", "key": key, "operator": operator, "value": value}


def tag(name: str, operator: str = "has") -> dict[str, Any]:
    return {"type": "tag", "tag": name, "operator": operator}


CASES: list[tuple[str, dict[str, Any], set[str]]] = [
    ("empty group", f(), {"ana", "bruno", "carla", "dan"}),
    ("text equals", f(field("email", "equals", "ana@example.com")), {"ana"}),
    ("text not_equals includes unset", f(field("email", "not_equals", "ana@example.com")),
     {"bruno", "carla", "dan"}),
    ("contains ignores case", f(field("name", "contains", "souza")), {"ana"}),
    ("contains unicode", f(field("name", "contains", "são josé")), {"carla"}),
    ("contains escapes like", f(field("name", "contains", "_50%")), {"dan"}),
    ("percent is literal", f(field("name", "contains", "%")), {"dan"}),
    ("not_contains includes unset", f(field("email", "not_contains", "example.com")),
     {"bruno", "carla"}),
    ("starts_with", f(field("name", "starts_with", "BRU")), {"bruno"}),
    ("any_of", f(field("country", "any_of", ["BR", "PT"])), {"ana", "bruno"}),
    ("none_of includes unset", f(field("country", "none_of", ["BR"])), {"bruno", "carla", "dan"}),
    ("is_set", f(field("phone", "is_set")), {"ana", "carla"}),
    ("is_not_set blank source", f(field("source", "is_not_set")), {"carla", "dan"}),
    ("within_last_days", f(field("last_inbound_at", "within_last_days", 30)), {"ana"}),
    ("more_than_days_ago", f(field("created_at", "more_than_days_ago", 30)), {"ana", "bruno"}),
    ("before", f(field("created_at", "before", "2026-01-01")), {"ana"}),
    ("after", f(field("created_at", "after", "2026-02-15T00:00:00-03:00")), {"carla", "dan"}),
    ("custom equals unicode", f(custom("city", "equals", "São Paulo")), {"ana"}),
    ("custom select any case", f(custom("city", "equals", "são paulo")), {"ana"}),
    ("custom not_equals includes unset", f(custom("city", "not_equals", "São Paulo")),
     {"bruno", "carla", "dan"}),
    ("custom any_of", f(custom("city", "any_of", ["São Paulo", "Rio de Janeiro"])),
     {"ana", "bruno"}),
    ("custom none_of", f(custom("city", "none_of", ["Rio de Janeiro"])), {"ana", "carla", "dan"}),
    ("custom text contains", f(custom("nickname", "contains", "NINH")), {"ana"}),
    ("custom text escapes like", f(custom("nickname", "starts_with", "50%_")), {"dan"}),
    ("custom text not_contains", f(custom("nickname", "not_contains", "anin")),
     {"bruno", "carla", "dan"}),
    ("number equals", f(custom("score", "equals", 80)), {"ana", "dan"}),
    ("number greater_than", f(custom("score", "greater_than", "40,4")), {"ana", "bruno", "dan"}),
    ("number less_than", f(custom("score", "less_than", 50)), {"bruno"}),
    ("number not_equals", f(custom("score", "not_equals", 80)), {"bruno", "carla"}),
    ("boolean true", f(custom("vip", "equals", True)), {"ana"}),
    ("boolean false", f(custom("vip", "equals", "não")), {"bruno"}),
    ("date before", f(custom("signup", "before", "2026-01-01")), {"bruno"}),
    ("date after", f(custom("signup", "after", "2026-01-09")), {"ana"}),
    ("date within_last_days", f(custom("signup", "within_last_days", 60)), {"ana"}),
    ("date more_than_days_ago", f(custom("signup", "more_than_days_ago", 60)), {"bruno"}),
    ("datetime after", f(custom("last_purchase", "after", "2026-02-20T06:59:00-03:00")),
     {"ana"}),
    ("datetime before", f(custom("last_purchase", "before", "2026-02-20T10:00:00Z")), set()),
    ("custom is_set", f(custom("vip", "is_set")), {"ana", "bruno"}),
    ("custom is_not_set", f(custom("nickname", "is_not_set")), {"bruno", "carla"}),
    ("multi contains", f(custom("interests", "contains", "BAGS")), {"ana"}),
    ("multi not_contains", f(custom("interests", "not_contains", "bags")),
     {"bruno", "carla", "dan"}),
    ("multi any_of", f(custom("interests", "any_of", ["bags", "hats"])), {"ana", "bruno"}),
    ("multi none_of", f(custom("interests", "none_of", ["shoes"])), {"bruno", "carla", "dan"}),
    ("tag has any case", f(tag("LEAD")), {"ana", "bruno"}),
    ("tag has_not", f(tag("vip", "has_not")), {"bruno", "carla", "dan"}),
    ("channel has", f({"type": "channel", "channel": "whatsapp"}), {"ana"}),
    ("channel has_not", f({"type": "channel", "channel": "email", "operator": "has_not"}),
     {"ana", "carla", "dan"}),
    ("consent opted_in", f({"type": "consent", "channel": "whatsapp", "status": "opted_in"}),
     {"ana"}),
    ("consent opted_out", f({"type": "consent", "channel": "email", "status": "opted_out"}),
     {"bruno"}),
    ("consent unknown", f({"type": "consent", "channel": "whatsapp", "status": "unknown"}),
     {"bruno", "carla", "dan"}),
    ("issue example", f(tag("lead"), custom("city", "equals", "São Paulo"),
                        field("last_inbound_at", "within_last_days", 30)), {"ana"}),
    ("any group", f(tag("vip"), field("name", "contains", "carla"), match="any"),
     {"ana", "carla"}),
    ("nested groups", f(tag("lead"), f(custom("score", "less_than", 50),
                                        custom("vip", "equals", True), match="any")),
     {"ana", "bruno"}),
    ("empty any group matches all", f(f(match="any"), tag("lead")), {"ana", "bruno"}),
]  # fmt: skip


@dataclass
class Seeded:
    sessions: Sessions
    workspace_id: uuid.UUID
    ids: dict[uuid.UUID, str]


async def seed(
    sessions: Sessions, *, erased_too: bool = True
) -> tuple[uuid.UUID, dict[uuid.UUID, str]]:
    account = await create_workspace(sessions)
    ws = account.workspace_id
    ids: dict[uuid.UUID, str] = {}
    async with sessions() as session, session.begin():
        for key, kind, options in FIELDS:
            session.add(
                CustomField(workspace_id=ws, key=key, label=key, type=kind, options=options)
            )
        everything = dict(CONTACTS)
        if erased_too:
            # Matches most filters, yet an erased contact is gone for every reader.
            everything["erased"] = {**CONTACTS["ana"], "name": "Erased", "email": None,
                                    "phone": None, "erased_at": NOW}  # fmt: skip
        for label, spec in everything.items():
            values = {k: v for k, v in spec.items() if k not in ("tags", "identities", "consent")}
            contact = Contact(workspace_id=ws, updated_at=NOW, **values)
            session.add(contact)
            await session.flush()
            ids[contact.id] = label
            for name in spec.get("tags", []):
                session.add(ContactTag(contact_id=contact.id, tag=name, workspace_id=ws))
            for kind in spec.get("identities", []):
                session.add(
                    ContactIdentity(
                        workspace_id=ws, contact_id=contact.id, channel_kind=kind,
                        external_id=f"{label}-{kind}",
                    )
                )  # fmt: skip
            for channel, status in spec.get("consent", {}).items():
                session.add(
                    ContactConsent(
                        contact_id=contact.id, channel=channel, workspace_id=ws,
                        status=status, source="test",
                    )
                )  # fmt: skip
    return ws, ids


@pytest.fixture
async def seeded(sessions: Sessions) -> Seeded:
    ws, ids = await seed(sessions)
    # Another workspace with the same data: none of it may leak into ours.
    await seed(sessions, erased_too=False)
    return Seeded(sessions, ws, ids)


async def members(seeded: Seeded, raw: dict[str, Any]) -> set[str]:
    async with seeded.sessions() as session:
        fields = await load_custom_fields(session, seeded.workspace_id)
        checked = validate_filter(SegmentFilter.model_validate(raw), fields)
        where = compile_filter(
            checked,
            fields,
            workspace_id=seeded.workspace_id,
            now=NOW,
            dialect=session.get_bind().dialect.name,
        )
        found = (await session.execute(select(col(Contact.id)).where(where))).scalars()
        return {seeded.ids.get(i, f"foreign {i}") for i in found}


@pytest.mark.parametrize(("case", "raw", "expected"), CASES, ids=[c[0] for c in CASES])
async def test_filter_matches_expected_contacts(
    seeded: Seeded, case: str, raw: dict[str, Any], expected: set[str]
) -> None:
    assert await members(seeded, raw) == expected, case


async def test_filter_uses_now_given_not_clock(seeded: Seeded) -> None:
    raw = f(field("last_inbound_at", "within_last_days", 30))
    async with seeded.sessions() as session:
        fields = await load_custom_fields(session, seeded.workspace_id)
        where = compile_filter(
            validate_filter(SegmentFilter.model_validate(raw), fields),
            fields,
            workspace_id=seeded.workspace_id,
            now=NOW + timedelta(days=30),
            dialect=session.get_bind().dialect.name,
        )
        found = set((await session.execute(select(col(Contact.id)).where(where))).scalars())
    assert found == set()


def test_like_pattern_escapes_wildcards() -> None:
    assert like_pattern("50%_a\\b") == "%50\\%\\_a\\\\b%"
    assert like_pattern("ab", prefix=True) == "ab%"
