"""Members: listing, role changes and removal, with the owner rules and workspace scoping."""

import uuid

import httpx
from sqlmodel import select

from domain.enums import Role
from stores.tables.workspaces import AuthSession, Membership
from tests.api.team_support import add_member, create_key, join
from tests.factories import WorkspaceFixture, create_workspace
from tests.support.harness import Harness

NEED_AN_OWNER = "A workspace needs at least one owner."


async def _roles(app: Harness, account: WorkspaceFixture) -> dict[str, str]:
    owner = await app.login(account)
    members = (await owner.get("/api/team/members")).json()["data"]
    return {member["email"]: member["role"] for member in members}


async def _set_role(client: httpx.AsyncClient, user_id: uuid.UUID, role: Role) -> httpx.Response:
    return await client.patch(f"/api/team/members/{user_id}", json={"role": role.value})


async def test_list_members_shows_everyone_ordered_by_email_even_to_agents(app: Harness) -> None:
    account = await create_workspace(app.services.sessions)
    agent = await add_member(app.services.sessions, account, Role.agent)
    marketer = await add_member(app.services.sessions, account, Role.marketer)
    response = await (await app.login(agent)).get("/api/team/members")
    assert response.status_code == 200, response.text
    members = response.json()["data"]
    assert [m["email"] for m in members] == sorted([account.email, agent.email, marketer.email])
    by_email = {m["email"]: m for m in members}
    assert by_email[account.email]["role"] == "owner"
    assert by_email[marketer.email]["user_id"] == str(marketer.user_id)
    assert by_email[agent.email]["full_name"] == "Team Member"
    assert by_email[agent.email]["joined_at"]


async def test_manage_routes_refuse_agents_and_marketers(sqlite_app: Harness) -> None:
    app = sqlite_app
    account = await create_workspace(app.services.sessions)
    for role in (Role.agent, Role.marketer):
        person = await add_member(app.services.sessions, account, role)
        client = await app.login(person)
        for method, path, body in [
            ("GET", "/api/team/invitations", None),
            ("POST", "/api/team/invitations", {"email": "x@example.com", "role": "agent"}),
            ("DELETE", f"/api/team/invitations/{uuid.uuid4()}", None),
            ("PATCH", f"/api/team/members/{account.user_id}", {"role": "agent"}),
            ("DELETE", f"/api/team/members/{account.user_id}", None),
            ("GET", "/api/api-keys", None),
            ("POST", "/api/api-keys", {"name": "k", "scopes": ["inbox:read"]}),
            ("DELETE", f"/api/api-keys/{uuid.uuid4()}", None),
            ("GET", "/api/audit-events", None),
        ]:
            response = await client.request(method, path, json=body)
            assert response.status_code == 403, (role, method, path, response.text)
            assert role.value in response.json()["detail"]
    assert (await _roles(app, account))[account.email] == "owner"


async def test_change_role_by_admin_works_except_for_the_owner_role(app: Harness) -> None:
    account = await create_workspace(app.services.sessions)
    admin = await add_member(app.services.sessions, account, Role.admin)
    agent = await add_member(app.services.sessions, account, Role.agent)
    client = await app.login(admin)

    promoted = await _set_role(client, agent.user_id, Role.marketer)
    assert promoted.status_code == 200, promoted.text
    assert promoted.json()["role"] == "marketer"
    assert promoted.json()["email"] == agent.email
    for target, role in [
        (agent.user_id, Role.owner),
        (admin.user_id, Role.owner),
        (account.user_id, Role.admin),
    ]:
        refused = await _set_role(client, target, role)
        assert refused.status_code == 403, refused.text
        assert "owner" in refused.json()["detail"]
    roles = await _roles(app, account)
    assert roles == {account.email: "owner", admin.email: "admin", agent.email: "marketer"}


async def test_change_role_of_the_last_owner_is_409_until_there_is_another(app: Harness) -> None:
    account = await create_workspace(app.services.sessions)
    agent = await add_member(app.services.sessions, account, Role.agent)
    owner = await app.login(account)

    refused = await _set_role(owner, account.user_id, Role.admin)
    assert refused.status_code == 409
    assert refused.json()["detail"] == NEED_AN_OWNER
    assert (await _set_role(owner, agent.user_id, Role.owner)).status_code == 200
    stepped_down = await _set_role(owner, account.user_id, Role.admin)
    assert stepped_down.status_code == 200, stepped_down.text
    # The former agent is now the last owner; the former owner is an admin and cannot touch them.
    assert (await _set_role(owner, agent.user_id, Role.agent)).status_code == 403
    last = await _set_role(await app.login(agent), agent.user_id, Role.agent)
    assert last.status_code == 409
    assert (await _roles(app, account))[agent.email] == "owner"


async def test_change_role_by_api_key_cannot_touch_owners(sqlite_app: Harness) -> None:
    app = sqlite_app
    account = await create_workspace(app.services.sessions)
    agent = await add_member(app.services.sessions, account, Role.agent)
    key = await create_key(await app.login(account), "team:manage")
    integration = app.http(headers={"Authorization": f"Bearer {key}"})
    assert (await _set_role(integration, agent.user_id, Role.admin)).status_code == 200
    assert (await _set_role(integration, agent.user_id, Role.owner)).status_code == 403


async def test_remove_member_ends_their_sessions_in_this_workspace_only(app: Harness) -> None:
    account = await create_workspace(app.services.sessions)
    other = await create_workspace(app.services.sessions)
    await join(app.services.sessions, other, account, Role.agent)
    in_ours = await app.login(other)
    switched = await in_ours.post(
        "/api/auth/workspace", json={"workspace_id": str(account.workspace_id)}
    )
    assert switched.status_code == 200, switched.text
    in_theirs = await app.login(other)

    removed = await (await app.login(account)).delete(f"/api/team/members/{other.user_id}")
    assert removed.status_code == 204, removed.text
    assert (await in_ours.get("/api/auth/me")).status_code == 401
    me = await in_theirs.get("/api/auth/me")
    assert me.status_code == 200
    assert me.json()["workspace"]["id"] == str(other.workspace_id)
    assert other.email not in await _roles(app, account)
    async with app.services.sessions() as session:
        left = await session.execute(
            select(AuthSession).where(
                AuthSession.user_id == other.user_id,
                AuthSession.workspace_id == account.workspace_id,
            )
        )
        assert left.first() is None


async def test_remove_member_protects_owners(app: Harness) -> None:
    account = await create_workspace(app.services.sessions)
    admin = await add_member(app.services.sessions, account, Role.admin)
    second_owner = await add_member(app.services.sessions, account, Role.owner)
    by_admin = await app.login(admin)
    refused = await by_admin.delete(f"/api/team/members/{account.user_id}")
    assert refused.status_code == 403
    assert refused.json()["detail"] == "Only an owner can give, take or remove the owner role."

    owner = await app.login(account)
    assert (await owner.delete(f"/api/team/members/{second_owner.user_id}")).status_code == 204
    last = await owner.delete(f"/api/team/members/{account.user_id}")
    assert last.status_code == 409
    assert last.json()["detail"] == NEED_AN_OWNER
    # An admin may leave (remove themselves).
    assert (await by_admin.delete(f"/api/team/members/{admin.user_id}")).status_code == 204
    assert await _roles(app, account) == {account.email: "owner"}


async def test_change_or_remove_unknown_member_is_404(sqlite_app: Harness) -> None:
    app = sqlite_app
    account = await create_workspace(app.services.sessions)
    owner = await app.login(account)
    missing = uuid.uuid4()
    changed = await _set_role(owner, missing, Role.agent)
    assert changed.status_code == 404
    assert changed.json()["detail"] == "This user is not a member of the workspace."
    assert (await owner.delete(f"/api/team/members/{missing}")).status_code == 404


async def test_change_or_remove_another_workspaces_member_is_404(app: Harness) -> None:
    ours = await create_workspace(app.services.sessions)
    our_agent = await add_member(app.services.sessions, ours, Role.agent)
    theirs = await create_workspace(app.services.sessions)
    intruder = await app.login(theirs)
    for user_id in (ours.user_id, our_agent.user_id):
        assert (await _set_role(intruder, user_id, Role.owner)).status_code == 404
        assert (await intruder.delete(f"/api/team/members/{user_id}")).status_code == 404
    assert await _roles(app, ours) == {ours.email: "owner", our_agent.email: "agent"}
    async with app.services.sessions() as session:
        kept = await session.execute(
            select(Membership).where(Membership.workspace_id == ours.workspace_id)
        )
        assert len(kept.all()) == 2
