"""Saved segments: create, read, update, delete, count and export, each within one workspace."""

import csv
import io
from datetime import timedelta

from sqlmodel import col, delete

from domain.enums import CustomFieldType, Role
from stores.tables.contacts import CustomField
from tests.api.test_contact_queries import T0, add_contacts, add_field
from tests.factories import create_workspace
from tests.support.harness import Harness

LEADS_IN_SP = {
    "match": "all",
    "conditions": [
        {"type": "tag", "tag": "Lead"},
        {"type": "custom_field", "key": "city", "operator": "equals", "value": "são paulo"},
    ],
}


async def test_segment_lifecycle_and_canonical_filter(sqlite_app: Harness) -> None:
    app = sqlite_app
    account = await create_workspace(app.services.sessions)
    await add_field(app, account.workspace_id, "city", CustomFieldType.single_select, ["São Paulo"])
    client = await app.login(account)

    created = await client.post("/api/segments", json={"name": "Leads SP", "filter": LEADS_IN_SP})
    assert created.status_code == 201, created.text
    segment = created.json()
    # Values are saved in canonical form: the option as defined.
    assert segment["filter"]["conditions"][1]["value"] == "São Paulo"
    segment_id = segment["id"]

    assert (await client.get(f"/api/segments/{segment_id}")).json()["name"] == "Leads SP"
    listed = (await client.get("/api/segments")).json()["data"]
    assert [s["id"] for s in listed] == [segment_id]

    renamed = await client.patch(f"/api/segments/{segment_id}", json={"name": "SP leads"})
    assert renamed.status_code == 200 and renamed.json()["name"] == "SP leads"
    assert renamed.json()["filter"] == segment["filter"]

    duplicate = await client.post("/api/segments", json={"name": "SP leads", "filter": {}})
    assert duplicate.status_code == 409
    assert "already exists" in duplicate.json()["detail"]

    assert (await client.delete(f"/api/segments/{segment_id}")).status_code == 204
    assert (await client.get(f"/api/segments/{segment_id}")).status_code == 404


async def test_segment_with_invalid_filter_lists_problems(sqlite_app: Harness) -> None:
    account = await create_workspace(sqlite_app.services.sessions)
    client = await sqlite_app.login(account)
    bad = {
        "conditions": [
            {"type": "tag", "tag": "ok"},
            {
                "type": "group",
                "match": "any",
                "conditions": [
                    {"type": "field", "field": "created_at", "operator": "before", "value": "x"}
                ],
            },
        ]
    }
    response = await client.post("/api/segments", json={"name": "Bad", "filter": bad})
    assert response.status_code == 422
    [problem] = response.json()["problems"]
    assert problem["path"] == "filter.conditions.1.conditions.0"
    assert "not an ISO date" in problem["message"]


async def test_segment_count_and_export_follow_members(app: Harness) -> None:
    account = await create_workspace(app.services.sessions)
    ws = account.workspace_id
    await add_field(app, ws, "city", CustomFieldType.single_select, ["São Paulo", "Recife"])
    # More members than one export chunk (1,000), so the export walks several chunks.
    members = [
        {
            "name": f"Member {i}",
            "created_at": T0 + timedelta(seconds=i % 7),
            "custom_fields": {"city": "São Paulo"},
            "tags": ["lead"],
        }
        for i in range(1205)
    ]
    others = [{"name": "Recife lead", "custom_fields": {"city": "Recife"}, "tags": ["lead"]}]
    member_ids = await add_contacts(app, ws, members + others)
    client = await app.login(account)
    created = await client.post("/api/segments", json={"name": "SP", "filter": LEADS_IN_SP})
    segment_id = created.json()["id"]

    assert (await client.get(f"/api/segments/{segment_id}/count")).json() == {"count": 1205}
    page = await client.get("/api/contacts", params={"segment_id": segment_id, "limit": 3})
    assert len(page.json()["data"]) == 3

    export = await client.get(f"/api/segments/{segment_id}/export")
    assert export.status_code == 200, export.text
    assert 'filename="sp-' in export.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(export.content.decode("utf-8-sig"))))
    assert sorted(r["id"] for r in rows) == sorted(str(i) for i in member_ids[:1205])
    assert {r["custom:city"] for r in rows} == {"São Paulo"}


async def test_segment_naming_a_deleted_field_fails_clearly(sqlite_app: Harness) -> None:
    app = sqlite_app
    account = await create_workspace(app.services.sessions)
    await add_field(app, account.workspace_id, "city", CustomFieldType.single_select, ["São Paulo"])
    client = await app.login(account)
    created = await client.post("/api/segments", json={"name": "SP", "filter": LEADS_IN_SP})
    segment_id = created.json()["id"]
    async with app.services.sessions() as session, session.begin():
        await session.execute(
            delete(CustomField).where(col(CustomField.workspace_id) == account.workspace_id)
        )
    response = await client.get(f"/api/segments/{segment_id}/count")
    assert response.status_code == 422
    assert response.json()["problems"][0]["message"] == "no custom field named 'city'"
    # It can still be read, and fixed.
    assert (await client.get(f"/api/segments/{segment_id}")).status_code == 200
    fixed = await client.patch(f"/api/segments/{segment_id}", json={"filter": {}})
    assert fixed.status_code == 200
    assert (await client.get(f"/api/segments/{segment_id}/count")).json() == {"count": 0}


async def test_segments_of_another_workspace_are_not_found(sqlite_app: Harness) -> None:
    app = sqlite_app
    ours = await create_workspace(app.services.sessions)
    theirs = await create_workspace(app.services.sessions)
    owner = await app.login(ours)
    segment_id = (await owner.post("/api/segments", json={"name": "Ours", "filter": {}})).json()[
        "id"
    ]
    intruder = await app.login(theirs)
    assert (await intruder.get("/api/segments")).json()["data"] == []
    for method, path, body in [
        ("GET", f"/api/segments/{segment_id}", None),
        ("PATCH", f"/api/segments/{segment_id}", {"name": "Taken"}),
        ("DELETE", f"/api/segments/{segment_id}", None),
        ("GET", f"/api/segments/{segment_id}/count", None),
        ("GET", f"/api/segments/{segment_id}/export", None),
    ]:
        response = await intruder.request(method, path, json=body)
        assert response.status_code == 404, (method, path)
    assert (await owner.get(f"/api/segments/{segment_id}")).json()["name"] == "Ours"


async def test_agent_reads_segments_but_cannot_change_them(sqlite_app: Harness) -> None:
    app = sqlite_app
    owner_account = await create_workspace(app.services.sessions)
    owner = await app.login(owner_account)
    segment_id = (await owner.post("/api/segments", json={"name": "S", "filter": {}})).json()["id"]
    agent_account = await create_workspace(app.services.sessions, role=Role.agent)
    agent = await app.login(agent_account)
    assert (await agent.get("/api/segments")).status_code == 200
    assert (await agent.post("/api/segments", json={"name": "X", "filter": {}})).status_code == 403
    assert (await agent.delete(f"/api/segments/{segment_id}")).status_code == 403
