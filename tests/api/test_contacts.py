"""The single-contact API on SQLite and PostgreSQL: upsert by identity, read, edit, tags,
notes, merge, permissions and workspace isolation."""

import asyncio
import uuid
from typing import Any

import httpx
from sqlmodel import select

from domain.enums import ChannelKind, ConsentStatus, CustomFieldType, Role
from domain.timeutil import utcnow
from stores.tables.contacts import Contact, ContactConsent, ContactEvent
from stores.tables.conversations import Conversation
from stores.tables.workspaces import AuditEvent
from tests.factories import WorkspaceFixture, create_workspace
from tests.support.harness import Harness
from tests.support.waiting import eventually
from tests.support.widget import post_visitor_message


async def create_contact(agent: httpx.AsyncClient, **body: Any) -> dict[str, Any]:
    response = await agent.post("/api/contacts", json=body)
    assert response.status_code in (200, 201), response.text
    contact: dict[str, Any] = response.json()["contact"]
    return contact


async def define_field(
    agent: httpx.AsyncClient, key: str, kind: CustomFieldType, **extra: Any
) -> dict[str, Any]:
    response = await agent.post(
        "/api/custom-fields", json={"key": key, "label": key.title(), "type": kind, **extra}
    )
    assert response.status_code == 201, response.text
    field: dict[str, Any] = response.json()
    return field


def error_locations(response: httpx.Response) -> list[list[Any]]:
    assert response.status_code == 422, response.text
    return [error["loc"] for error in response.json()["detail"]]


async def test_upsert_creates_then_updates_by_phone(app: Harness) -> None:
    agent = await app.login(await create_workspace(app.services.sessions))
    first = await agent.post("/api/contacts", json={"name": "Ana", "phone": "(11) 98765-4321"})
    assert first.status_code == 201, first.text
    assert first.json()["created"] is True
    assert first.json()["contact"]["phone"] == "+5511987654321"
    second = await agent.post(
        "/api/contacts",
        json={"phone": "+55 11 98765-4321", "email": "Ana@Example.COM", "tags": ["Lead"]},
    )
    assert second.status_code == 200, second.text
    body = second.json()
    assert body["created"] is False and body["merged_contact_ids"] == []
    contact = body["contact"]
    assert contact["id"] == first.json()["contact"]["id"]
    assert (contact["name"], contact["email"], contact["tags"]) == (
        "Ana",
        "ana@example.com",
        ["lead"],
    )
    read = await agent.get(f"/api/contacts/{contact['id']}")
    assert read.status_code == 200 and read.json() == contact


async def test_upsert_concurrent_same_phone_never_fails(app: Harness) -> None:
    agent = await app.login(await create_workspace(app.services.sessions))
    responses = await asyncio.gather(
        *(agent.post("/api/contacts", json={"phone": "+5511955554444"}) for _ in range(5))
    )
    assert sorted(r.status_code for r in responses) == [200, 200, 200, 200, 201]
    assert len({r.json()["contact"]["id"] for r in responses}) == 1


async def test_upsert_invalid_values_answer_422_naming_the_field(app: Harness) -> None:
    account = await create_workspace(app.services.sessions)
    agent = await app.login(account)
    await define_field(agent, "plan", CustomFieldType.single_select, options=["free", "pro"])
    other = await create_workspace(app.services.sessions)
    cases: list[tuple[dict[str, Any], list[Any]]] = [
        ({"phone": "123"}, ["body", "phone"]),
        ({"email": "ana@"}, ["body", "email"]),
        ({"name": "A", "timezone": "Mars/Base"}, ["body", "timezone"]),
        ({"name": "A", "custom_fields": {"plan": "gold"}}, ["body", "custom_fields", "plan"]),
        ({"name": "A", "custom_fields": {"nope": "x"}}, ["body", "custom_fields", "nope"]),
        ({"name": "A", "owner_user_id": str(other.user_id)}, ["body", "owner_user_id"]),
        ({"source": "form"}, ["body"]),
    ]
    for body, loc in cases:
        response = await agent.post("/api/contacts", json=body)
        assert error_locations(response) == [loc], body
    response = await agent.post("/api/contacts", json={"name": "A", "custom_fields": {"nope": 1}})
    assert "nope" in response.json()["detail"][0]["msg"]
    owned = await create_contact(agent, name="A", owner_user_id=str(account.user_id))
    assert owned["owner_user_id"] == str(account.user_id)


async def test_upsert_matching_two_contacts_merges_into_the_older(app: Harness) -> None:
    account = await create_workspace(app.services.sessions)
    agent = await app.login(account)
    token = await app.visitor_token(account)
    assert await post_visitor_message(app, account, token, "olá") == 202

    async def visitor_contact() -> str | None:
        data = (await agent.get("/api/conversations")).json()["data"]
        return str(data[0]["contact_id"]) if data else None

    older_id = await eventually(visitor_contact)
    patched = await agent.patch(f"/api/contacts/{older_id}", json={"email": "ana@example.com"})
    assert patched.status_code == 200, patched.text
    newer = await create_contact(agent, name="Ana Souza", phone="+5511987650000", tags=["vip"])
    note = await agent.post(f"/api/contacts/{newer['id']}/notes", json={"text": "prefers calls"})
    assert note.status_code == 201, note.text
    async with app.services.sessions() as session, session.begin():
        for contact_id, status in ((older_id, "opted_in"), (newer["id"], "opted_out")):
            session.add(
                ContactConsent(
                    contact_id=uuid.UUID(contact_id),
                    channel=ChannelKind.whatsapp,
                    workspace_id=account.workspace_id,
                    status=ConsentStatus(status),
                    source="test",
                )
            )

    response = await agent.post(
        "/api/contacts", json={"email": "ana@example.com", "phone": "11 98765-0000"}
    )
    assert response.status_code == 200, response.text
    body = response.json()
    merged = body["contact"]
    assert merged["id"] == older_id and body["merged_contact_ids"] == [newer["id"]]
    assert (merged["phone"], merged["email"], merged["tags"]) == (
        "+5511987650000",
        "ana@example.com",
        ["vip"],
    )
    assert [i["channel_kind"] for i in merged["identities"]] == ["webchat"]
    assert [(c["channel"], c["status"]) for c in merged["consent"]] == [("whatsapp", "opted_out")]
    notes = (await agent.get(f"/api/contacts/{older_id}/notes")).json()["data"]
    assert [n["text"] for n in notes] == ["prefers calls"]
    assert (await agent.get(f"/api/contacts/{newer['id']}")).status_code == 404
    async with app.services.sessions() as session:
        owners = await session.execute(
            select(Conversation.contact_id).where(Conversation.workspace_id == account.workspace_id)
        )
        assert [str(c) for c in owners.scalars()] == [older_id]


async def test_patch_updates_fields_and_records_changes(app: Harness) -> None:
    agent = await app.login(await create_workspace(app.services.sessions))
    await define_field(agent, "city", CustomFieldType.text)
    await define_field(agent, "birthday", CustomFieldType.date)
    contact = await create_contact(
        agent, name="Ana", country="br", custom_fields={"city": "Rio", "birthday": "01/02/1990"}
    )
    assert contact["custom_fields"] == {"city": "Rio", "birthday": "1990-02-01"}
    response = await agent.patch(
        f"/api/contacts/{contact['id']}",
        json={"country": None, "timezone": "America/Sao_Paulo", "custom_fields": {"city": None}},
    )
    assert response.status_code == 200, response.text
    updated = response.json()
    assert (updated["country"], updated["timezone"]) == (None, "America/Sao_Paulo")
    assert updated["custom_fields"] == {"birthday": "1990-02-01"}
    assert updated["updated_at"] > contact["updated_at"]
    async with app.services.sessions() as session:
        events = await session.execute(
            select(ContactEvent).where(
                ContactEvent.contact_id == uuid.UUID(contact["id"]),
                ContactEvent.kind == "updated",
            )
        )
        [event] = events.scalars().all()
    assert event.details["changes"] == {
        "timezone": [None, "America/Sao_Paulo"],
        "custom_fields.city": ["Rio", None],
        "country": ["BR", None],
    }
    invalid = await agent.patch(f"/api/contacts/{contact['id']}", json={"birthday": "x"})
    assert error_locations(invalid) == [["body", "birthday"]]


async def test_patch_to_another_contacts_phone_conflicts(app: Harness) -> None:
    agent = await app.login(await create_workspace(app.services.sessions))
    first = await create_contact(agent, phone="+5511911112222")
    second = await create_contact(agent, phone="+5511933334444")
    response = await agent.patch(f"/api/contacts/{second['id']}", json={"phone": "11911112222"})
    assert response.status_code == 409, response.text
    assert "merge" in response.json()["detail"].lower()
    assert first["id"] in response.json()["detail"]
    email_taken = await create_contact(agent, email="x@y.co")
    response = await agent.patch(f"/api/contacts/{second['id']}", json={"email": "X@y.co"})
    assert response.status_code == 409 and email_taken["id"] in response.json()["detail"]


async def test_tags_and_notes(app: Harness) -> None:
    account = await create_workspace(app.services.sessions)
    agent = await app.login(account)
    contact = await create_contact(agent, name="Ana")
    tagged = await agent.post(f"/api/contacts/{contact['id']}/tags", json={"tags": ["A b", "c"]})
    assert tagged.status_code == 200 and tagged.json()["tags"] == ["a b", "c"]
    untagged = await agent.delete(f"/api/contacts/{contact['id']}/tags/A%20B")
    assert untagged.status_code == 200 and untagged.json()["tags"] == ["c"]
    blank = await agent.post(f"/api/contacts/{contact['id']}/tags", json={"tags": [" "]})
    assert error_locations(blank) == [["body", "tags", 0]]
    note = (await agent.post(f"/api/contacts/{contact['id']}/notes", json={"text": "hi"})).json()
    assert note["author_user_id"] == str(account.user_id)
    deleted = await agent.delete(f"/api/contacts/{contact['id']}/notes/{note['id']}")
    assert deleted.status_code == 204
    assert (await agent.get(f"/api/contacts/{contact['id']}/notes")).json()["data"] == []


async def test_merge_by_hand(app: Harness) -> None:
    account = await create_workspace(app.services.sessions)
    agent = await app.login(account)
    keep = await create_contact(agent, name="Ana", email="ana@x.co")
    other = await create_contact(agent, phone="+5511977776666", tags=["lead"])
    response = await agent.post(
        f"/api/contacts/{keep['id']}/merge", json={"other_contact_id": other["id"]}
    )
    assert response.status_code == 200, response.text
    merged = response.json()
    assert (merged["id"], merged["phone"], merged["tags"]) == (
        keep["id"],
        "+5511977776666",
        ["lead"],
    )
    again = await agent.post(
        f"/api/contacts/{keep['id']}/merge", json={"other_contact_id": other["id"]}
    )
    assert again.status_code == 404
    itself = await agent.post(
        f"/api/contacts/{keep['id']}/merge", json={"other_contact_id": keep["id"]}
    )
    assert error_locations(itself) == [["body", "other_contact_id"]]
    async with app.services.sessions() as session:
        audited = await session.execute(
            select(AuditEvent).where(
                AuditEvent.workspace_id == account.workspace_id,
                AuditEvent.action == "contact.merged",
            )
        )
        [event] = audited.scalars().all()
    assert event.details == {"merged_contact_id": other["id"]}


async def test_agent_edits_contacts_but_not_custom_fields(sqlite_app: Harness) -> None:
    app = sqlite_app
    agent = await app.login(await create_workspace(app.services.sessions, role=Role.agent))
    contact = await create_contact(agent, name="Ana")
    patched = await agent.patch(f"/api/contacts/{contact['id']}", json={"name": "Ana Lima"})
    assert patched.status_code == 200 and patched.json()["name"] == "Ana Lima"
    assert (await agent.get("/api/custom-fields")).status_code == 200
    refused = await agent.post(
        "/api/custom-fields", json={"key": "city", "label": "City", "type": "text"}
    )
    assert refused.status_code == 403


async def _our_rows(app: Harness, account: WorkspaceFixture) -> dict[str, str]:
    agent = await app.login(account)
    contact = await create_contact(agent, name="Ana", tags=["lead"])
    other = await create_contact(agent, name="Bia")
    note = (await agent.post(f"/api/contacts/{contact['id']}/notes", json={"text": "x"})).json()
    field = await define_field(agent, "city", CustomFieldType.text)
    return {
        "contact": contact["id"],
        "other": other["id"],
        "note": note["id"],
        "field": field["id"],
    }


async def test_other_workspaces_get_404(app: Harness) -> None:
    ours = await create_workspace(app.services.sessions)
    ids = await _our_rows(app, ours)
    intruder = await app.login(await create_workspace(app.services.sessions))
    contact = f"/api/contacts/{ids['contact']}"
    field = f"/api/custom-fields/{ids['field']}"
    for method, path, body in [
        ("GET", contact, None),
        ("PATCH", contact, {"name": "x"}),
        ("POST", f"{contact}/tags", {"tags": ["x"]}),
        ("DELETE", f"{contact}/tags/lead", None),
        ("GET", f"{contact}/notes", None),
        ("POST", f"{contact}/notes", {"text": "x"}),
        ("DELETE", f"{contact}/notes/{ids['note']}", None),
        ("POST", f"{contact}/merge", {"other_contact_id": ids["other"]}),
        ("PATCH", field, {"label": "x"}),
        ("DELETE", field, None),
    ]:
        response = await intruder.request(method, path, json=body)
        assert response.status_code == 404, (method, path, response.text)
    assert (await intruder.get("/api/custom-fields")).json()["data"] == []
    theirs = await intruder.post("/api/contacts", json={"name": "Ana", "tags": ["lead"]})
    assert theirs.status_code == 201 and theirs.json()["contact"]["id"] != ids["contact"]
    agent = await app.login(ours)
    still = (await agent.get(contact)).json()
    assert (still["name"], still["tags"]) == ("Ana", ["lead"])
    assert len((await agent.get(f"{contact}/notes")).json()["data"]) == 1


async def test_erased_contact_answers_404(sqlite_app: Harness) -> None:
    app = sqlite_app
    account = await create_workspace(app.services.sessions)
    agent = await app.login(account)
    contact = await create_contact(agent, name="Ana")
    async with app.services.sessions() as session, session.begin():
        row = await session.get(Contact, uuid.UUID(contact["id"]))
        assert row is not None
        row.erased_at = utcnow()
    for method, path, body in [
        ("GET", f"/api/contacts/{contact['id']}", None),
        ("PATCH", f"/api/contacts/{contact['id']}", {"name": "x"}),
        ("GET", f"/api/contacts/{contact['id']}/notes", None),
    ]:
        assert (await agent.request(method, path, json=body)).status_code == 404
