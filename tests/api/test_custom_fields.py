"""Custom-field definitions through the API, on SQLite and PostgreSQL."""

from typing import Any

import httpx

from tests.factories import create_workspace
from tests.support.harness import Harness


async def contact_with(agent: httpx.AsyncClient, **custom: Any) -> dict[str, Any]:
    response = await agent.post("/api/contacts", json={"name": "Ana", "custom_fields": custom})
    assert response.status_code == 201, response.text
    contact: dict[str, Any] = response.json()["contact"]
    return contact


async def test_create_list_and_duplicate_key(app: Harness) -> None:
    agent = await app.login(await create_workspace(app.services.sessions))
    created = await agent.post(
        "/api/custom-fields",
        json={"key": "plan", "label": "Plan", "type": "single_select", "options": ["Free", "Pro"]},
    )
    assert created.status_code == 201, created.text
    assert created.json()["options"] == ["Free", "Pro"]
    duplicate = await agent.post(
        "/api/custom-fields", json={"key": "plan", "label": "Other", "type": "text"}
    )
    assert duplicate.status_code == 409 and "plan" in duplicate.json()["detail"]
    listed = (await agent.get("/api/custom-fields")).json()["data"]
    assert [(f["key"], f["type"]) for f in listed] == [("plan", "single_select")]


async def test_create_invalid_definition_is_422(app: Harness) -> None:
    agent = await app.login(await create_workspace(app.services.sessions))
    for body in (
        {"key": "Plan", "label": "Plan", "type": "text"},
        {"key": "plan", "label": "Plan", "type": "single_select"},
        {"key": "plan", "label": "Plan", "type": "text", "options": ["a"]},
        {"key": "plan", "label": "Plan", "type": "colour"},
    ):
        response = await agent.post("/api/custom-fields", json=body)
        assert response.status_code == 422, body


async def test_update_label_and_options_only(app: Harness) -> None:
    agent = await app.login(await create_workspace(app.services.sessions))
    field = (
        await agent.post(
            "/api/custom-fields",
            json={"key": "plan", "label": "Plan", "type": "single_select", "options": ["a", "b"]},
        )
    ).json()
    contact = await contact_with(agent, plan="b")
    response = await agent.patch(
        f"/api/custom-fields/{field['id']}", json={"label": "Tier", "options": ["a", "c"]}
    )
    assert response.status_code == 200, response.text
    assert (response.json()["label"], response.json()["options"]) == ("Tier", ["a", "c"])
    # A removed option stays on the contacts that have it.
    kept = (await agent.get(f"/api/contacts/{contact['id']}")).json()
    assert kept["custom_fields"] == {"plan": "b"}
    bodies: list[dict[str, Any]] = [
        {"type": "text"},
        {"key": "tier"},
        {"options": []},
        {"options": ["a", "A"]},
    ]
    for body in bodies:
        refused = await agent.patch(f"/api/custom-fields/{field['id']}", json=body)
        assert refused.status_code == 422, (body, refused.text)
    text_field = (
        await agent.post(
            "/api/custom-fields", json={"key": "city", "label": "City", "type": "text"}
        )
    ).json()
    refused = await agent.patch(f"/api/custom-fields/{text_field['id']}", json={"options": ["x"]})
    assert refused.status_code == 422


async def test_delete_removes_values_from_contacts(app: Harness) -> None:
    agent = await app.login(await create_workspace(app.services.sessions))
    created = await agent.post(
        "/api/custom-fields", json={"key": "score", "label": "Score", "type": "number"}
    )
    await agent.post("/api/custom-fields", json={"key": "vip", "label": "VIP", "type": "boolean"})
    contact = await contact_with(agent, score="42", vip="sim")
    assert contact["custom_fields"] == {"score": 42.0, "vip": True}
    deleted = await agent.delete(f"/api/custom-fields/{created.json()['id']}")
    assert deleted.status_code == 204
    after = (await agent.get(f"/api/contacts/{contact['id']}")).json()
    assert after["custom_fields"] == {"vip": True}
    assert (await agent.delete(f"/api/custom-fields/{created.json()['id']}")).status_code == 404
    unknown = await agent.post("/api/contacts", json={"name": "B", "custom_fields": {"score": 1}})
    assert unknown.status_code == 422
