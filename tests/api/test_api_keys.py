"""API keys: created by people within their role, limited to their scopes, shown once, revocable."""

import uuid

from domain.enums import Role
from tests.api.team_support import add_member, create_key
from tests.factories import create_workspace
from tests.support.harness import Harness


async def test_create_key_works_within_its_scopes_until_revoked(app: Harness) -> None:
    account = await create_workspace(app.services.sessions)
    owner = await app.login(account)
    created = await owner.post(
        "/api/api-keys", json={"name": " CRM sync ", "scopes": ["inbox:read", "contacts:read"]}
    )
    assert created.status_code == 201, created.text
    body = created.json()
    key = body["key"]
    assert key.startswith(body["prefix"]) and len(key) > len(body["prefix"])
    assert body["name"] == "CRM sync"
    assert body["scopes"] == ["inbox:read", "contacts:read"]
    assert body["created_by_email"] == account.email
    assert body["revoked_at"] is None

    integration = app.http(headers={"Authorization": f"Bearer {key}"})
    allowed = await integration.get("/api/conversations")
    assert allowed.status_code == 200, allowed.text
    outside = await integration.get("/api/team/invitations")
    assert outside.status_code == 403
    assert outside.json()["detail"] == "This API key does not allow team:manage."

    listed = (await owner.get("/api/api-keys")).json()["data"]
    assert [k["id"] for k in listed] == [body["id"]]
    assert "key" not in listed[0]
    assert key not in (await owner.get("/api/api-keys")).text
    assert listed[0]["last_used_at"] is not None

    assert (await owner.delete(f"/api/api-keys/{body['id']}")).status_code == 204
    revoked = await integration.get("/api/conversations")
    assert revoked.status_code == 401
    assert (await owner.delete(f"/api/api-keys/{body['id']}")).status_code == 404
    [after] = (await owner.get("/api/api-keys")).json()["data"]
    assert after["revoked_at"] is not None


async def test_create_key_beyond_the_creators_role_is_403(sqlite_app: Harness) -> None:
    app = sqlite_app
    account = await create_workspace(app.services.sessions)
    admin = await app.login(await add_member(app.services.sessions, account, Role.admin))
    refused = await admin.post(
        "/api/api-keys", json={"name": "too much", "scopes": ["inbox:read", "workspace:manage"]}
    )
    assert refused.status_code == 403
    assert "workspace:manage" in refused.json()["detail"]
    assert (await admin.get("/api/api-keys")).json()["data"] == []
    await create_key(admin, "api_keys:manage", "audit:read")


async def test_create_key_with_an_api_key_is_403(sqlite_app: Harness) -> None:
    app = sqlite_app
    account = await create_workspace(app.services.sessions)
    owner = await app.login(account)
    key = await create_key(owner, "api_keys:manage", "inbox:read")
    integration = app.http(headers={"Authorization": f"Bearer {key}"})
    minted = await integration.post("/api/api-keys", json={"name": "x", "scopes": ["inbox:read"]})
    assert minted.status_code == 403
    assert "not an API key" in minted.json()["detail"]
    assert len((await integration.get("/api/api-keys")).json()["data"]) == 1


async def test_create_key_without_scopes_or_with_repeated_scopes_is_422(
    sqlite_app: Harness,
) -> None:
    app = sqlite_app
    owner = await app.login(await create_workspace(app.services.sessions))
    for body in [
        {"name": "none", "scopes": []},
        {"name": "twice", "scopes": ["inbox:read", "inbox:read"]},
        {"name": "unknown", "scopes": ["root"]},
        {"name": "", "scopes": ["inbox:read"]},
        {"name": "x" * 101, "scopes": ["inbox:read"]},
    ]:
        response = await owner.post("/api/api-keys", json=body)
        assert response.status_code == 422, (body, response.text)
    assert (await owner.get("/api/api-keys")).json()["data"] == []


async def test_list_keys_is_newest_first(sqlite_app: Harness) -> None:
    app = sqlite_app
    owner = await app.login(await create_workspace(app.services.sessions))
    for name in ("first", "second", "third"):
        await create_key(owner, "inbox:read", name=name)
    listed = (await owner.get("/api/api-keys")).json()["data"]
    assert [k["name"] for k in listed] == ["third", "second", "first"]


async def test_revoke_another_workspaces_key_is_404_and_it_keeps_working(app: Harness) -> None:
    ours = await create_workspace(app.services.sessions)
    theirs = await create_workspace(app.services.sessions)
    our_owner = await app.login(ours)
    key = await create_key(our_owner, "inbox:read")
    [listed] = (await our_owner.get("/api/api-keys")).json()["data"]
    intruder = await app.login(theirs)
    assert (await intruder.delete(f"/api/api-keys/{listed['id']}")).status_code == 404
    assert (await intruder.delete(f"/api/api-keys/{uuid.uuid4()}")).status_code == 404
    assert (await intruder.get("/api/api-keys")).json()["data"] == []
    integration = app.http(headers={"Authorization": f"Bearer {key}"})
    assert (await integration.get("/api/conversations")).status_code == 200


async def test_key_follows_its_creators_role_after_demotion_and_removal(
    sqlite_app: Harness,
) -> None:
    app = sqlite_app
    owner_account = await create_workspace(app.services.sessions)
    owner = await app.login(owner_account)
    admin_account = await add_member(app.services.sessions, owner_account, Role.admin)
    admin = await app.login(admin_account)
    key = await create_key(admin, "inbox:read", "audit:read")
    bearer = app.http(headers={"Authorization": f"Bearer {key}"})
    assert (await bearer.get("/api/audit-events")).status_code == 200

    demoted = await owner.patch(
        f"/api/team/members/{admin_account.user_id}", json={"role": "agent"}
    )
    assert demoted.status_code == 200, demoted.text
    assert (await bearer.get("/api/audit-events")).status_code == 403
    assert (await bearer.get("/api/conversations")).status_code == 200

    removed = await owner.delete(f"/api/team/members/{admin_account.user_id}")
    assert removed.status_code == 204
    assert (await bearer.get("/api/conversations")).status_code == 401
