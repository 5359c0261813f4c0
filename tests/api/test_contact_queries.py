"""Listing, searching, counting and exporting contacts through the API, on both databases."""

import csv
import io
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
from sqlmodel import col, select

from domain.enums import CustomFieldType, Role
from stores.tables.contacts import Contact, ContactTag, CustomField
from stores.tables.workspaces import AuditEvent
from tests.factories import create_workspace
from tests.support.harness import Harness

T0 = datetime(2026, 1, 1, tzinfo=UTC)


async def add_contacts(
    app: Harness, workspace_id: uuid.UUID, rows: list[dict[str, Any]]
) -> list[uuid.UUID]:
    """Inserts contacts as given (tags under "tags"), fast: no upsert, no events."""
    ids: list[uuid.UUID] = []
    async with app.services.sessions() as session, session.begin():
        for row in rows:
            values = {k: v for k, v in row.items() if k != "tags"}
            values.setdefault("created_at", T0)
            values.setdefault("updated_at", values["created_at"])
            contact = Contact(workspace_id=workspace_id, **values)
            session.add(contact)
            ids.append(contact.id)
        await session.flush()
        for contact_id, row in zip(ids, rows, strict=True):
            for tag in row.get("tags", []):
                session.add(ContactTag(contact_id=contact_id, tag=tag, workspace_id=workspace_id))
    return ids


async def add_field(
    app: Harness, workspace_id: uuid.UUID, key: str, kind: CustomFieldType, options: list[str]
) -> None:
    async with app.services.sessions() as session, session.begin():
        session.add(
            CustomField(workspace_id=workspace_id, key=key, label=key, type=kind, options=options)
        )


def tie_heavy_rows() -> list[dict[str, Any]]:
    """23 contacts whose sort values tie in groups and are often missing."""
    return [
        {
            "name": f"Contact {i % 4}",
            "country": [None, "BR", "PT", None, "BR"][i % 5],
            "created_at": T0 + timedelta(hours=i // 3),
            "last_seen_at": None if i % 3 == 0 else T0 + timedelta(days=i % 4),
            "email": f"c{i}@example.com" if i % 2 else None,
        }
        for i in range(23)
    ]


async def walk(client: httpx.AsyncClient, sort: str, order: str) -> list[str]:
    seen: list[str] = []
    cursor = None
    for _ in range(50):
        params: dict[str, Any] = {"sort": sort, "order": order, "limit": 4}
        if cursor:
            params["cursor"] = cursor
        response = await client.get("/api/contacts", params=params)
        assert response.status_code == 200, response.text
        page = response.json()
        seen += [c["id"] for c in page["data"]]
        cursor = page["next_cursor"]
        if cursor is None:
            return seen
    raise AssertionError("pagination did not end")


def expected_order(
    rows: list[dict[str, Any]], ids: list[uuid.UUID], sort: str, order: str
) -> list[str]:
    present = [(row.get(sort), i) for row, i in zip(rows, ids, strict=True)]
    known = sorted((p for p in present if p[0] is not None), key=lambda p: (p[0], p[1]))
    missing = sorted((p for p in present if p[0] is None), key=lambda p: p[1])
    ordered = known + missing  # ascending puts missing values last
    if order == "desc":
        ordered.reverse()
    return [str(i) for _, i in ordered]


async def test_list_walks_every_contact_once_over_ties_and_nulls(app: Harness) -> None:
    account = await create_workspace(app.services.sessions)
    rows = tie_heavy_rows()
    ids = await add_contacts(app, account.workspace_id, rows)
    client = await app.login(account)
    for sort in ("created_at", "country", "last_seen_at", "name", "email"):
        for order in ("asc", "desc"):
            walked = await walk(client, sort, order)
            assert walked == expected_order(rows, ids, sort, order), (sort, order)


async def test_list_rejects_a_cursor_of_another_sort(sqlite_app: Harness) -> None:
    account = await create_workspace(sqlite_app.services.sessions)
    await add_contacts(sqlite_app, account.workspace_id, tie_heavy_rows())
    client = await sqlite_app.login(account)
    first = (await client.get("/api/contacts", params={"limit": 2})).json()
    response = await client.get(
        "/api/contacts", params={"sort": "name", "cursor": first["next_cursor"]}
    )
    assert response.status_code == 422
    assert "start again" in response.json()["detail"]
    garbage = await client.get("/api/contacts", params={"cursor": "not-a-cursor"})
    assert garbage.status_code == 422


async def test_search_matches_phone_digits_email_and_name(app: Harness) -> None:
    account = await create_workspace(app.services.sessions)
    await add_contacts(
        app,
        account.workspace_id,
        [
            {"name": "João Ávila", "phone": "+5511987654321", "email": "joao@example.com"},
            {"name": "Maria", "phone": "+5521912345678", "email": "maria@empresa.com.br"},
            {"name": "100%_real", "email": "real@example.com"},
        ],
    )
    client = await app.login(account)

    async def names(q: str) -> list[str]:
        response = await client.get("/api/contacts", params={"q": q, "sort": "name"})
        assert response.status_code == 200, response.text
        return [c["name"] for c in response.json()["data"]]

    assert await names("(11) 98765-4321") == ["João Ávila"]
    assert await names("98765") == ["João Ávila"]
    assert await names("EMPRESA.com") == ["Maria"]
    assert await names("JOÃO ÁV") == ["João Ávila"]
    assert await names("%_") == ["100%_real"]
    assert await names("nobody") == []


async def test_search_and_count_apply_filter_and_tags(app: Harness) -> None:
    account = await create_workspace(app.services.sessions)
    ws = account.workspace_id
    await add_field(app, ws, "city", CustomFieldType.single_select, ["São Paulo", "Recife"])
    await add_contacts(
        app,
        ws,
        [
            {"name": "A", "custom_fields": {"city": "São Paulo"}, "tags": ["lead"]},
            {"name": "B", "custom_fields": {"city": "Recife"}, "tags": ["lead"]},
            {"name": "C", "custom_fields": {"city": "São Paulo"}},
            {
                "name": "D",
                "erased_at": T0,
                "custom_fields": {"city": "São Paulo"},
                "tags": ["lead"],
            },
        ],
    )
    client = await app.login(account)
    segment_filter = {
        "conditions": [
            {"type": "tag", "tag": "lead"},
            {"type": "custom_field", "key": "city", "operator": "equals", "value": "São Paulo"},
        ]
    }
    found = await client.post(
        "/api/contacts/search", json={"filter": segment_filter, "sort": "name", "order": "asc"}
    )
    assert found.status_code == 200, found.text
    assert [(c["name"], c["tags"]) for c in found.json()["data"]] == [("A", ["lead"])]
    counted = await client.post("/api/contacts/count", json={"filter": segment_filter})
    assert counted.json() == {"count": 1}
    assert (await client.post("/api/contacts/count", json={})).json() == {"count": 3}
    tags = await client.get("/api/contacts/tags")
    assert tags.json() == [{"tag": "lead", "contacts": 2}]


async def test_search_with_invalid_filter_lists_problems(sqlite_app: Harness) -> None:
    account = await create_workspace(sqlite_app.services.sessions)
    client = await sqlite_app.login(account)
    bad = {
        "conditions": [
            {"type": "field", "field": "name", "operator": "greater_than", "value": "x"},
            {"type": "custom_field", "key": "ghost", "operator": "equals", "value": "x"},
        ]
    }
    response = await client.post("/api/contacts/search", json={"filter": bad})
    assert response.status_code == 422
    body = response.json()
    assert [p["path"] for p in body["problems"]] == [
        "filter.conditions.0",
        "filter.conditions.1",
    ]
    assert "no custom field named 'ghost'" in body["detail"]


@pytest.mark.parametrize("path", ["/api/contacts/count", "/api/contacts/search"])
async def test_foreign_segment_id_is_not_found(sqlite_app: Harness, path: str) -> None:
    ours = await create_workspace(sqlite_app.services.sessions)
    theirs = await create_workspace(sqlite_app.services.sessions)
    owner = await sqlite_app.login(ours)
    created = await owner.post("/api/segments", json={"name": "Mine", "filter": {}})
    segment_id = created.json()["id"]
    await add_contacts(sqlite_app, ours.workspace_id, [{"name": "Secret", "tags": ["vip"]}])
    intruder = await sqlite_app.login(theirs)
    assert (await intruder.post(path, json={"segment_id": segment_id})).status_code == 404
    listed = await intruder.get("/api/contacts", params={"segment_id": segment_id})
    assert listed.status_code == 404
    assert (await intruder.get("/api/contacts")).json()["data"] == []
    assert (await intruder.get("/api/contacts/tags")).json() == []


async def test_export_streams_csv_with_bom_and_audits(app: Harness) -> None:
    account = await create_workspace(app.services.sessions)
    ws = account.workspace_id
    await add_field(app, ws, "city", CustomFieldType.single_select, ["São Paulo"])
    await add_field(app, ws, "interests", CustomFieldType.multi_select, ["a", "b"])
    await add_contacts(
        app,
        ws,
        [
            {
                "name": "=HYPERLINK(1)",
                "phone": "+5511987654321",
                "custom_fields": {"city": "São Paulo", "interests": ["a", "b"]},
                "tags": ["lead", "vip"],
            },
        ],
    )
    client = await app.login(account)
    response = await client.post("/api/contacts/export", json={"q": "hyperlink"})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/csv")
    assert "attachment; filename=" in response.headers["content-disposition"]
    assert response.content.startswith("\ufeff".encode())
    header, row = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    cells = dict(zip(header, row, strict=True))
    assert header[0] == "id" and header[-2:] == ["created_at", "last_seen_at"]
    assert cells["name"] == "'=HYPERLINK(1)"  # neutralised formula
    assert cells["phone"] == "+5511987654321"
    assert (cells["tags"], cells["custom:city"], cells["custom:interests"]) == (
        "lead;vip",
        "São Paulo",
        "a;b",
    )
    async with app.services.sessions() as session:
        events = await session.execute(
            select(AuditEvent).where(
                col(AuditEvent.workspace_id) == ws, col(AuditEvent.action) == "contacts.exported"
            )
        )
        [event] = events.scalars()
    assert event.details["q"] == "hyperlink"


async def test_agent_reads_but_cannot_export(sqlite_app: Harness) -> None:
    account = await create_workspace(sqlite_app.services.sessions, role=Role.agent)
    client = await sqlite_app.login(account)
    assert (await client.get("/api/contacts")).status_code == 200
    assert (await client.post("/api/contacts/export", json={})).status_code == 403
