"""The audit log: the team and key actions with their actors, pages, and one workspace each."""

from datetime import UTC, datetime, timedelta
from typing import Any

import httpx

from domain.enums import Role
from stores.tables.workspaces import AuditEvent
from tests.api.team_support import add_member, create_key, invite
from tests.factories import WorkspaceFixture, create_workspace
from tests.support.harness import Harness


async def _events(client: httpx.AsyncClient, **params: Any) -> list[dict[str, Any]]:
    response = await client.get("/api/audit-events", params=params)
    assert response.status_code == 200, response.text
    data: list[dict[str, Any]] = response.json()["data"]
    return data


async def test_audit_records_team_and_key_actions_with_their_actor(app: Harness) -> None:
    account = await create_workspace(app.services.sessions)
    agent = await add_member(app.services.sessions, account, Role.agent)
    owner = await app.login(account)
    token = await invite(app, owner, "joiner@example.com")
    newcomer = app.http()
    joined = await newcomer.post(
        f"/api/invitations/{token}/accept",
        json={"full_name": "Joiner", "password": "a long password"},
    )
    assert joined.status_code == 200, joined.text
    await owner.patch(f"/api/team/members/{agent.user_id}", json={"role": "marketer"})
    key = await create_key(owner, "team:manage", name="HR sync")
    integration = app.http(headers={"Authorization": f"Bearer {key}"})
    removed = await integration.delete(f"/api/team/members/{agent.user_id}")
    assert removed.status_code == 204, removed.text

    events = await _events(owner)
    seen = [(e["action"], e["actor_email"], e["actor_api_key_name"]) for e in events]
    assert seen[:5] == [
        ("member.removed", account.email, "HR sync"),
        ("api_key.created", account.email, None),
        ("member.role_changed", account.email, None),
        ("invitation.accepted", "joiner@example.com", None),
        ("invitation.created", account.email, None),
    ]
    by_action = {e["action"]: e for e in events}
    changed = by_action["member.role_changed"]
    assert (changed["target_type"], changed["target_id"]) == ("user", str(agent.user_id))
    assert changed["details"] == {"from": "agent", "to": "marketer"}
    assert by_action["invitation.created"]["details"] == {
        "email": "joiner@example.com",
        "role": "agent",
    }
    assert by_action["api_key.created"]["details"] == {"name": "HR sync"}
    assert by_action["api_key.created"]["target_type"] == "api_key"
    assert by_action["member.removed"]["ip_address"] == "127.0.0.1"

    only = await _events(owner, action="member.role_changed")
    assert [e["id"] for e in only] == [changed["id"]]


async def test_audit_records_revocations(sqlite_app: Harness) -> None:
    app = sqlite_app
    account = await create_workspace(app.services.sessions)
    owner = await app.login(account)
    await invite(app, owner, "later@example.com")
    [pending] = (await owner.get("/api/team/invitations")).json()["data"]
    await owner.delete(f"/api/team/invitations/{pending['id']}")
    await create_key(owner, "inbox:read")
    [key] = (await owner.get("/api/api-keys")).json()["data"]
    await owner.delete(f"/api/api-keys/{key['id']}")
    actions = [(e["action"], e["target_id"]) for e in await _events(owner)]
    assert ("invitation.revoked", pending["id"]) in actions
    assert ("api_key.revoked", key["id"]) in actions


async def _seed(app: Harness, account: WorkspaceFixture, count: int) -> list[datetime]:
    """`count` events a second apart, oldest first; returns their times."""
    start = datetime(2020, 1, 1, tzinfo=UTC)
    times = [start + timedelta(seconds=i) for i in range(count)]
    async with app.services.sessions() as session, session.begin():
        for i, at in enumerate(times):
            session.add(
                AuditEvent(
                    workspace_id=account.workspace_id,
                    actor_user_id=account.user_id,
                    action="test.seeded",
                    target_id=str(i),
                    created_at=at,
                )
            )
    return times


async def test_list_audit_events_pages_with_before(app: Harness) -> None:
    account = await create_workspace(app.services.sessions)
    await _seed(app, account, 5)
    owner = await app.login(account)
    seen: list[str] = []
    before: str | None = None
    pages = 0
    while True:
        params: dict[str, Any] = {"limit": 2, "action": "test.seeded"}
        if before is not None:
            params["before"] = before
        response = await owner.get("/api/audit-events", params=params)
        assert response.status_code == 200, response.text
        page = response.json()
        seen += [e["target_id"] for e in page["data"]]
        pages += 1
        if page["next_before"] is None:
            break
        assert page["next_before"] == page["data"][-1]["created_at"]
        before = page["next_before"]
    assert seen == ["4", "3", "2", "1", "0"]
    assert pages == 3
    exact = await _events(
        owner, limit=200, action="test.seeded", before="2020-01-01T01:00:03+01:00"
    )
    assert [e["target_id"] for e in exact] == ["2", "1", "0"]


async def test_list_audit_events_rejects_bad_parameters(sqlite_app: Harness) -> None:
    app = sqlite_app
    owner = await app.login(await create_workspace(app.services.sessions))
    bad: list[dict[str, str | int]] = [
        {"limit": 0},
        {"limit": 201},
        {"before": "2020-01-01T00:00:00"},
        {"before": "0001-01-01T00:00:00+01:00"},
        {"before": "yesterday"},
        {"action": "a" * 65},
        {"action": "with space"},
    ]
    for params in bad:
        response = await owner.get("/api/audit-events", params=params)
        assert response.status_code == 422, (params, response.text)


async def test_list_audit_events_never_shows_another_workspaces(app: Harness) -> None:
    ours = await create_workspace(app.services.sessions)
    theirs = await create_workspace(app.services.sessions)
    await _seed(app, ours, 3)
    our_owner = await app.login(ours)
    await create_key(our_owner, "inbox:read")
    their_owner = await app.login(theirs)
    their_events = await _events(their_owner, limit=200)
    assert their_events, "their own log-in is recorded"
    assert all(e["actor_email"] == theirs.email for e in their_events)
    assert await _events(their_owner, action="test.seeded") == []
    assert await _events(their_owner, action="api_key.created") == []
    assert len(await _events(our_owner, action="test.seeded")) == 3
