"""The logged-in user's own account: reading and renaming the profile, changing the password."""

import httpx
from sqlmodel import select

from domain.enums import Role
from domain.security import new_api_key, token_digest
from stores.tables.workspaces import ApiKey, AuditEvent, Membership
from tests.factories import WorkspaceFixture, create_workspace
from tests.support.harness import Harness

NEW_PASSWORD = "a new and long password"


async def _audit_actions(
    app: Harness, account: WorkspaceFixture, workspace_id: object
) -> list[str]:
    async with app.services.sessions() as session:
        events = await session.execute(
            select(AuditEvent).where(
                AuditEvent.workspace_id == workspace_id,
                AuditEvent.actor_user_id == account.user_id,
            )
        )
        return [event.action for event in events.scalars()]


async def _join(app: Harness, account: WorkspaceFixture) -> WorkspaceFixture:
    """Another workspace, which `account` joins as an agent."""
    other = await create_workspace(app.services.sessions)
    async with app.services.sessions() as session, session.begin():
        session.add(
            Membership(workspace_id=other.workspace_id, user_id=account.user_id, role=Role.agent)
        )
    return other


async def test_get_profile_returns_the_logged_in_user(app: Harness) -> None:
    account = await create_workspace(app.services.sessions)
    agent = await app.login(account)
    response = await agent.get("/api/account/profile")
    assert response.status_code == 200, response.text
    assert response.json() == {
        "id": str(account.user_id),
        "email": account.email,
        "full_name": "Test Agent",
    }


async def test_update_profile_renames_the_user(app: Harness) -> None:
    account = await create_workspace(app.services.sessions)
    agent = await app.login(account)
    response = await agent.patch("/api/account/profile", json={"full_name": "  Ada Lovelace "})
    assert response.status_code == 200, response.text
    assert response.json()["full_name"] == "Ada Lovelace"
    assert (await agent.get("/api/auth/me")).json()["user"]["full_name"] == "Ada Lovelace"


async def test_update_profile_with_a_blank_name_is_refused(app: Harness) -> None:
    account = await create_workspace(app.services.sessions)
    agent = await app.login(account)
    for name in ("", "   ", "x" * 201):
        response = await agent.patch("/api/account/profile", json={"full_name": name})
        assert response.status_code == 422, (name, response.text)
    assert (await agent.get("/api/account/profile")).json()["full_name"] == "Test Agent"


async def test_update_profile_with_an_api_key_is_forbidden(sqlite_app: Harness) -> None:
    account = await create_workspace(sqlite_app.services.sessions)
    key, prefix = new_api_key()
    async with sqlite_app.services.sessions() as session, session.begin():
        session.add(
            ApiKey(
                workspace_id=account.workspace_id,
                name="integration",
                prefix=prefix,
                key_hash=token_digest(key),
                scopes=["inbox:read"],
                created_by_user_id=account.user_id,
            )
        )
    client = sqlite_app.http(headers={"Authorization": f"Bearer {key}"})
    for method in ("GET", "PATCH"):
        response = await client.request(method, "/api/account/profile", json={"full_name": "X"})
        assert response.status_code == 403, response.text
    response = await client.post(
        "/api/account/password",
        json={"current_password": account.password, "new_password": NEW_PASSWORD},
    )
    assert response.status_code == 403, response.text


async def test_change_password_with_a_wrong_current_password_is_refused(app: Harness) -> None:
    account = await create_workspace(app.services.sessions)
    agent = await app.login(account)
    response = await agent.post(
        "/api/account/password",
        json={"current_password": "not the password", "new_password": NEW_PASSWORD},
    )
    assert response.status_code == 400
    assert response.json() == {"detail": "The current password is incorrect."}
    assert (await agent.get("/api/auth/me")).status_code == 200
    await app.login(account)


async def test_change_password_to_the_same_password_is_refused(sqlite_app: Harness) -> None:
    account = await create_workspace(sqlite_app.services.sessions)
    agent = await sqlite_app.login(account)
    same = "the same long password"
    response = await agent.post(
        "/api/account/password", json={"current_password": same, "new_password": same}
    )
    assert response.status_code == 422, response.text
    short = await agent.post(
        "/api/account/password",
        json={"current_password": account.password, "new_password": "short"},
    )
    assert short.status_code == 422, short.text


async def _log_in_with(app: Harness, email: str, password: str) -> httpx.Response:
    return await app.http().post("/api/auth/login", json={"email": email, "password": password})


async def test_change_password_logs_out_other_sessions_and_renews_this_one(app: Harness) -> None:
    account = await create_workspace(app.services.sessions)
    other = await _join(app, account)
    # This browser works in the other workspace; a second browser stays in the first one.
    agent = await app.login(account)
    switched = await agent.post(
        "/api/auth/workspace", json={"workspace_id": str(other.workspace_id)}
    )
    assert switched.status_code == 200, switched.text
    second_browser = await app.login(account)
    old_token = agent.cookies["fluxo_session"]

    response = await agent.post(
        "/api/account/password",
        json={"current_password": account.password, "new_password": NEW_PASSWORD},
    )

    assert response.status_code == 204, response.text
    new_token = agent.cookies["fluxo_session"]
    assert new_token != old_token
    me = await agent.get("/api/auth/me")
    assert me.status_code == 200
    assert me.json()["workspace"]["id"] == str(other.workspace_id)
    assert me.json()["role"] == "agent"
    replay = app.http(cookies={"fluxo_session": old_token})
    assert (await replay.get("/api/auth/me")).status_code == 401
    assert (await second_browser.get("/api/auth/me")).status_code == 401
    assert (await _log_in_with(app, account.email, account.password)).status_code == 401
    assert (await _log_in_with(app, account.email, NEW_PASSWORD)).status_code == 200
    assert await _audit_actions(app, account, other.workspace_id) == ["password.changed"]
    assert "password.changed" not in await _audit_actions(app, account, account.workspace_id)
