"""The suppression list: normalised addresses, once each, paged, for marketers and above."""

import uuid

from domain.enums import Role, SuppressionKind
from stores.contacts.privacy import is_suppressed
from tests.api.team_support import add_member
from tests.factories import create_workspace
from tests.support.harness import Harness


async def test_create_suppression_normalises_and_rejects_duplicates(app: Harness) -> None:
    account = await create_workspace(app.services.sessions)
    owner = await app.login(account)

    phone = await owner.post(
        "/api/suppressions", json={"kind": "phone", "value": "(11) 98765-4321", "reason": "asked"}
    )
    email = await owner.post(
        "/api/suppressions", json={"kind": "email", "value": " Maria@Example.COM "}
    )
    same_phone = await owner.post(
        "/api/suppressions", json={"kind": "phone", "value": "+55 11 98765 4321"}
    )
    same_email = await owner.post(
        "/api/suppressions", json={"kind": "email", "value": "maria@example.com"}
    )

    assert phone.status_code == 201, phone.text
    assert (phone.json()["value"], phone.json()["reason"]) == ("+5511987654321", "asked")
    assert phone.json()["created_by_user_id"] == str(account.user_id)
    assert email.status_code == 201 and email.json()["value"] == "maria@example.com"
    assert same_phone.status_code == 409
    assert "+5511987654321" in same_phone.json()["detail"]
    assert same_email.status_code == 409
    async with app.services.sessions() as session:
        ws = account.workspace_id
        assert await is_suppressed(session, ws, SuppressionKind.phone, "+5511987654321")
        assert await is_suppressed(session, ws, SuppressionKind.email, "maria@example.com")
        assert not await is_suppressed(session, ws, SuppressionKind.email, "joao@example.com")


async def test_create_suppression_rejects_bad_addresses(sqlite_app: Harness) -> None:
    app = sqlite_app
    owner = await app.login(await create_workspace(app.services.sessions))

    for body in (
        {"kind": "phone", "value": "12"},
        {"kind": "email", "value": "not an e-mail"},
        {"kind": "fax", "value": "+5511987654321"},
        {"kind": "email", "value": ""},
    ):
        response = await owner.post("/api/suppressions", json=body)
        assert response.status_code == 422, body
        assert response.json()["detail"]
    assert (await owner.get("/api/suppressions")).json()["data"] == []


async def test_list_suppressions_pages_filters_and_searches(sqlite_app: Harness) -> None:
    app = sqlite_app
    owner = await app.login(await create_workspace(app.services.sessions))
    for index in range(5):
        created = await owner.post(
            "/api/suppressions",
            json={"kind": "email", "value": f"person{index}@example.com", "reason": "bounce"},
        )
        assert created.status_code == 201
    await owner.post("/api/suppressions", json={"kind": "phone", "value": "+5521987654321"})

    seen: list[str] = []
    before: str | None = None
    while True:
        params: dict[str, str | int] = {"limit": 2, "kind": "email"}
        if before:
            params["before"] = before
        page = (await owner.get("/api/suppressions", params=params)).json()
        seen += [s["value"] for s in page["data"]]
        before = page["next_before"]
        if before is None:
            break
    assert seen == [f"person{i}@example.com" for i in reversed(range(5))]
    phones = (await owner.get("/api/suppressions", params={"kind": "phone"})).json()["data"]
    assert [s["value"] for s in phones] == ["+5521987654321"]
    found = (await owner.get("/api/suppressions", params={"search": "SON3"})).json()["data"]
    assert [s["value"] for s in found] == ["person3@example.com"]
    by_reason = (await owner.get("/api/suppressions", params={"search": "Bounce"})).json()
    assert len(by_reason["data"]) == 5
    bad = await owner.get("/api/suppressions", params={"before": "not-a-cursor!"})
    assert bad.status_code == 422


async def test_delete_suppression_lets_the_address_be_added_again(sqlite_app: Harness) -> None:
    app = sqlite_app
    owner = await app.login(await create_workspace(app.services.sessions))
    body = {"kind": "email", "value": "maria@example.com"}
    created = (await owner.post("/api/suppressions", json=body)).json()

    deleted = await owner.delete(f"/api/suppressions/{created['id']}")
    again = await owner.delete(f"/api/suppressions/{created['id']}")

    assert (deleted.status_code, again.status_code) == (204, 404)
    assert (await owner.post("/api/suppressions", json=body)).status_code == 201


async def test_suppressions_are_per_workspace_and_for_managers(sqlite_app: Harness) -> None:
    app = sqlite_app
    ours = await create_workspace(app.services.sessions)
    theirs = await create_workspace(app.services.sessions)
    owner = await app.login(ours)
    body = {"kind": "email", "value": "maria@example.com"}
    created = (await owner.post("/api/suppressions", json=body)).json()
    intruder = await app.login(theirs)
    agent = await app.login(await add_member(app.services.sessions, ours, Role.agent))

    assert (await intruder.get("/api/suppressions")).json()["data"] == []
    assert (await intruder.delete(f"/api/suppressions/{created['id']}")).status_code == 404
    assert (await intruder.delete(f"/api/suppressions/{uuid.uuid4()}")).status_code == 404
    # The same address is theirs to suppress too: the list is per workspace.
    assert (await intruder.post("/api/suppressions", json=body)).status_code == 201
    for method in ("GET", "POST"):
        response = await agent.request(method, "/api/suppressions", json=body)
        assert response.status_code == 403, method
    assert (await agent.delete(f"/api/suppressions/{created['id']}")).status_code == 403
    assert len((await owner.get("/api/suppressions")).json()["data"]) == 1
