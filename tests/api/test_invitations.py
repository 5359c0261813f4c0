"""Invitations end to end: the e-mail, the link, joining with a new or an existing account."""

import uuid
from datetime import timedelta

import pytest
from sqlalchemy import update
from sqlmodel import col, select

from channels.email.account_mail import MailerError, OutgoingEmail
from domain.enums import Role
from domain.timeutil import utcnow
from stores.tables.workspaces import Invitation
from tests.api.team_support import add_member, create_key, invite, outbox
from tests.factories import create_workspace
from tests.support.harness import Harness

INVALID = "This invitation is invalid or has expired."


def _address() -> str:
    return f"Invitee-{uuid.uuid4().hex[:8]}@Example.com"


async def test_invite_new_person_who_creates_an_account_and_joins(app: Harness) -> None:
    account = await create_workspace(app.services.sessions)
    owner = await app.login(account)
    address = _address()
    token = await invite(app, owner, address, Role.marketer)
    [sent] = [m for m in outbox(app) if m["To"] == address.lower()]
    assert sent["Subject"] == f"You are invited to Workspace {account.email} on Fluxo"
    assert f"{app.base_url}/invite/{token}" in sent.get_body().get_content()  # type: ignore[union-attr]

    visitor = app.http()
    preview = await visitor.get(f"/api/invitations/{token}")
    assert preview.status_code == 200, preview.text
    assert preview.json() == {
        "workspace_name": f"Workspace {account.email}",
        "email": address.lower(),
        "role": "marketer",
        "account_exists": False,
    }
    accepted = await visitor.post(
        f"/api/invitations/{token}/accept",
        json={"full_name": "New Person", "password": "a long password"},
    )
    assert accepted.status_code == 200, accepted.text
    me = (await visitor.get("/api/auth/me")).json()
    assert me["workspace"]["id"] == str(account.workspace_id)
    assert me["role"] == "marketer"
    assert me["user"] == {
        "id": me["user"]["id"],
        "email": address.lower(),
        "full_name": "New Person",
    }

    members = (await owner.get("/api/team/members")).json()["data"]
    assert {m["email"]: m["role"] for m in members}[address.lower()] == "marketer"
    assert (await owner.get("/api/team/invitations")).json()["data"] == []
    again = await app.http().post(
        f"/api/invitations/{token}/accept",
        json={"full_name": "Someone Else", "password": "another password"},
    )
    assert again.status_code == 404
    assert again.json()["detail"] == INVALID
    assert (await app.http().get(f"/api/invitations/{token}")).status_code == 404
    relogin = await app.http().post(
        "/api/auth/login", json={"email": address.lower(), "password": "a long password"}
    )
    assert relogin.status_code == 200


async def test_accept_with_existing_account_needs_its_password(app: Harness) -> None:
    inviting = await create_workspace(app.services.sessions)
    invitee = await create_workspace(app.services.sessions)
    token = await invite(app, await app.login(inviting), invitee.email, Role.admin)
    visitor = app.http()
    assert (await visitor.get(f"/api/invitations/{token}")).json()["account_exists"] is True

    wrong = await visitor.post(f"/api/invitations/{token}/accept", json={"password": "nope"})
    assert wrong.status_code == 401
    assert wrong.json()["detail"] == "Incorrect password."
    missing = await visitor.post(f"/api/invitations/{token}/accept", json={})
    assert missing.status_code == 401
    accepted = await visitor.post(
        f"/api/invitations/{token}/accept", json={"password": invitee.password}
    )
    assert accepted.status_code == 200, accepted.text
    assert accepted.json()["workspace"]["id"] == str(inviting.workspace_id)
    assert accepted.json()["role"] == "admin"
    assert accepted.json()["user"]["id"] == str(invitee.user_id)

    mine = (await visitor.get("/api/auth/workspaces")).json()["data"]
    assert {m["workspace"]["id"] for m in mine} == {
        str(inviting.workspace_id),
        str(invitee.workspace_id),
    }
    back = await visitor.post(
        "/api/auth/workspace", json={"workspace_id": str(invitee.workspace_id)}
    )
    assert back.status_code == 200, back.text
    assert back.json()["role"] == "owner"
    assert (await visitor.get("/api/auth/me")).json()["workspace"]["id"] == str(
        invitee.workspace_id
    )


async def test_accept_when_logged_in_as_the_invited_account_needs_no_password(
    sqlite_app: Harness,
) -> None:
    app = sqlite_app
    inviting = await create_workspace(app.services.sessions)
    invitee = await create_workspace(app.services.sessions)
    stranger = await create_workspace(app.services.sessions)
    token = await invite(app, await app.login(inviting), invitee.email)

    as_stranger = await app.login(stranger)
    refused = await as_stranger.post(f"/api/invitations/{token}/accept", json={})
    assert refused.status_code == 401
    as_invitee = await app.login(invitee)
    accepted = await as_invitee.post(f"/api/invitations/{token}/accept", json={})
    assert accepted.status_code == 200, accepted.text
    assert (await as_invitee.get("/api/auth/me")).json()["workspace"]["id"] == str(
        inviting.workspace_id
    )


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"password": "a long password"}, "full_name"),
        ({"full_name": "New Person"}, "password"),
        ({"full_name": "New Person", "password": "short"}, "password"),
        ({"full_name": "   ", "password": "a long password"}, "full_name"),
    ],
)
async def test_accept_new_account_without_name_or_good_password_is_422(
    sqlite_app: Harness, body: dict[str, str], field: str
) -> None:
    app = sqlite_app
    account = await create_workspace(app.services.sessions)
    token = await invite(app, await app.login(account), _address())
    response = await app.http().post(f"/api/invitations/{token}/accept", json=body)
    assert response.status_code == 422, response.text
    assert response.json()["detail"][0]["loc"] == ["body", field]
    assert (await app.http().get(f"/api/invitations/{token}")).status_code == 200


async def test_accept_expired_or_revoked_invitation_is_404(app: Harness) -> None:
    account = await create_workspace(app.services.sessions)
    owner = await app.login(account)
    expired, revoked = _address(), _address()
    expired_token = await invite(app, owner, expired)
    revoked_token = await invite(app, owner, revoked)
    async with app.services.sessions() as session, session.begin():
        await session.execute(
            update(Invitation)
            .where(col(Invitation.email) == expired.lower())
            .values(expires_at=utcnow() - timedelta(seconds=1))
        )
    pending = (await owner.get("/api/team/invitations")).json()["data"]
    assert [i["email"] for i in pending] == [revoked.lower()]
    revoking = await owner.delete(f"/api/team/invitations/{pending[0]['id']}")
    assert revoking.status_code == 204
    assert (await owner.delete(f"/api/team/invitations/{pending[0]['id']}")).status_code == 404
    assert (await owner.get("/api/team/invitations")).json()["data"] == []

    body = {"full_name": "Late Person", "password": "a long password"}
    for token in (expired_token, revoked_token, "not-a-token"):
        assert (await app.http().get(f"/api/invitations/{token}")).json()["detail"] == INVALID
        accepted = await app.http().post(f"/api/invitations/{token}/accept", json=body)
        assert accepted.status_code == 404
    members = (await owner.get("/api/team/members")).json()["data"]
    assert [m["email"] for m in members] == [account.email]


async def test_list_invitations_is_newest_first_with_the_inviter(sqlite_app: Harness) -> None:
    app = sqlite_app
    account = await create_workspace(app.services.sessions)
    owner = await app.login(account)
    first, second = _address(), _address()
    await invite(app, owner, first)
    await invite(app, owner, second, Role.admin)
    listed = (await owner.get("/api/team/invitations")).json()["data"]
    assert [(i["email"], i["role"]) for i in listed] == [
        (second.lower(), "admin"),
        (first.lower(), "agent"),
    ]
    assert {i["invited_by_email"] for i in listed} == {account.email}
    assert listed[0]["expires_at"] > listed[0]["created_at"]


async def test_invite_member_or_pending_address_again_is_409(sqlite_app: Harness) -> None:
    app = sqlite_app
    account = await create_workspace(app.services.sessions)
    member = await add_member(app.services.sessions, account, Role.agent)
    owner = await app.login(account)
    address = _address()
    await invite(app, owner, address)
    for again in (member.email.upper(), address):
        response = await owner.post("/api/team/invitations", json={"email": again, "role": "agent"})
        assert response.status_code == 409, response.text
    assert len((await owner.get("/api/team/invitations")).json()["data"]) == 1


async def test_invite_owner_needs_an_owner_and_an_api_key_cannot_invite(
    sqlite_app: Harness,
) -> None:
    app = sqlite_app
    account = await create_workspace(app.services.sessions)
    admin = await app.login(await add_member(app.services.sessions, account, Role.admin))
    refused = await admin.post("/api/team/invitations", json={"email": _address(), "role": "owner"})
    assert refused.status_code == 403
    await invite(app, admin, _address(), Role.admin)

    key = await create_key(await app.login(account), "team:manage")
    integration = app.http(headers={"Authorization": f"Bearer {key}"})
    by_key = await integration.post(
        "/api/team/invitations", json={"email": _address(), "role": "agent"}
    )
    assert by_key.status_code == 403
    assert "not an API key" in by_key.json()["detail"]
    assert (await integration.get("/api/team/invitations")).status_code == 200


class _BrokenMailer:
    async def send(self, email: OutgoingEmail) -> None:
        raise MailerError("provider down")

    async def close(self) -> None:
        return None


async def test_invite_when_the_mailer_fails_is_502_and_keeps_nothing(sqlite_app: Harness) -> None:
    app = sqlite_app
    account = await create_workspace(app.services.sessions)
    owner = await app.login(account)
    working = app.services.mailer
    app.services.mailer = _BrokenMailer()
    try:
        response = await owner.post(
            "/api/team/invitations", json={"email": _address(), "role": "agent"}
        )
    finally:
        app.services.mailer = working
    assert response.status_code == 502
    assert "could not be sent" in response.json()["detail"]
    async with app.services.sessions() as session:
        kept = await session.execute(
            select(Invitation).where(Invitation.workspace_id == account.workspace_id)
        )
        assert kept.first() is None
    events = (await owner.get("/api/audit-events?action=invitation.created")).json()["data"]
    assert events == []


async def test_revoke_another_workspaces_invitation_is_404(app: Harness) -> None:
    ours = await create_workspace(app.services.sessions)
    theirs = await create_workspace(app.services.sessions)
    our_owner = await app.login(ours)
    token = await invite(app, our_owner, _address())
    [pending] = (await our_owner.get("/api/team/invitations")).json()["data"]
    intruder = await app.login(theirs)
    assert (await intruder.delete(f"/api/team/invitations/{pending['id']}")).status_code == 404
    assert (await intruder.get("/api/team/invitations")).json()["data"] == []
    assert (await our_owner.get("/api/team/invitations")).json()["data"] == [pending]
    assert (await app.http().get(f"/api/invitations/{token}")).status_code == 200
