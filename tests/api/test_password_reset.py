"""Password reset by e-mail: the link arrives, works once, expires, and reveals no accounts."""

import re
import uuid
from datetime import timedelta
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path

from sqlmodel import col, select
from temporalio.client import Client

from channels.email.account_mail import MailerError, OutgoingEmail
from domain.enums import Role
from domain.timeutil import utcnow
from stores.tables.workspaces import AuditEvent, Membership, PasswordResetToken
from tests.factories import WorkspaceFixture, create_workspace
from tests.fakes.sendgrid import running_fake_sendgrid
from tests.support.harness import Harness, make_settings, running_app
from tests.support.waiting import eventually

REQUESTED = {
    "detail": "If an account exists for this e-mail, we sent a link to reset the password."
}
INVALID = {"detail": "This reset link is invalid or has expired."}
NEW_PASSWORD = "a brand new password"
LINK = re.compile(r"(\S+)/reset-password/([A-Za-z0-9_-]+)")


def _outbox(app: Harness) -> list[EmailMessage]:
    folder: Path = app.settings.data_dir / "outbox"
    return [
        message_from_bytes(path.read_bytes(), _class=EmailMessage, policy=policy.default)
        for path in sorted(folder.glob("*.eml"))
    ]


def _links(app: Harness, email: str) -> list[tuple[str, str]]:
    """The (base URL, token) of each reset link in the outbox for `email`."""
    links = []
    for message in _outbox(app):
        body = message.get_body(("plain",))
        # A file still being written parses without its body: the next poll sees it whole.
        found = LINK.search(str(body.get_content())) if body is not None else None
        if message["To"] == email and found is not None:
            links.append((found.group(1), found.group(2)))
    return links


async def _mailed_links(app: Harness, email: str, count: int = 1) -> list[tuple[str, str]]:
    """Waits for `count` links: the e-mail goes out after the answer."""

    async def arrived() -> list[tuple[str, str]] | None:
        links = _links(app, email)
        return links if len(links) == count else None

    return await eventually(arrived, timeout=10)


async def _request_reset(app: Harness, email: str) -> str:
    response = await app.http().post("/api/auth/password-reset", json={"email": email})
    assert response.status_code == 202, response.text
    assert response.json() == REQUESTED
    [(base, token)] = await _mailed_links(app, email)
    assert base == app.base_url
    return token


async def _log_in(app: Harness, account: WorkspaceFixture, password: str) -> int:
    response = await app.http().post(
        "/api/auth/login", json={"email": account.email, "password": password}
    )
    return response.status_code


async def test_password_reset_sets_a_new_password_and_logs_out_everywhere(app: Harness) -> None:
    account = await create_workspace(app.services.sessions)
    other = await create_workspace(app.services.sessions)
    async with app.services.sessions() as session, session.begin():
        session.add(
            Membership(workspace_id=other.workspace_id, user_id=account.user_id, role=Role.agent)
        )
    browser = await app.login(account)

    token = await _request_reset(app, account.email)
    response = await app.http().post(
        f"/api/auth/password-reset/{token}", json={"new_password": NEW_PASSWORD}
    )

    assert response.status_code == 204, response.text
    assert (await browser.get("/api/auth/me")).status_code == 401
    assert await _log_in(app, account, account.password) == 401
    assert await _log_in(app, account, NEW_PASSWORD) == 200
    async with app.services.sessions() as session:
        events = await session.execute(
            select(AuditEvent.workspace_id).where(
                AuditEvent.action == "password.reset", AuditEvent.actor_user_id == account.user_id
            )
        )
        assert set(events.scalars()) == {account.workspace_id, other.workspace_id}


async def test_password_reset_link_works_only_once(app: Harness) -> None:
    account = await create_workspace(app.services.sessions)
    token = await _request_reset(app, account.email)
    client = app.http()
    first = await client.post(
        f"/api/auth/password-reset/{token}", json={"new_password": NEW_PASSWORD}
    )
    assert first.status_code == 204, first.text
    again = await client.post(
        f"/api/auth/password-reset/{token}", json={"new_password": "yet another password"}
    )
    assert again.status_code == 400
    assert again.json() == INVALID
    assert await _log_in(app, account, NEW_PASSWORD) == 200


async def test_password_reset_with_an_expired_link_is_refused(app: Harness) -> None:
    account = await create_workspace(app.services.sessions)
    token = await _request_reset(app, account.email)
    async with app.services.sessions() as session, session.begin():
        reset = (
            await session.execute(
                select(PasswordResetToken).where(PasswordResetToken.user_id == account.user_id)
            )
        ).scalar_one()
        reset.expires_at = utcnow() - timedelta(seconds=1)
    response = await app.http().post(
        f"/api/auth/password-reset/{token}", json={"new_password": NEW_PASSWORD}
    )
    assert response.status_code == 400
    assert response.json() == INVALID
    assert await _log_in(app, account, account.password) == 200


async def test_password_reset_with_an_unknown_link_is_refused(sqlite_app: Harness) -> None:
    response = await sqlite_app.http().post(
        "/api/auth/password-reset/not-a-real-token", json={"new_password": NEW_PASSWORD}
    )
    assert response.status_code == 400
    assert response.json() == INVALID


async def test_password_reset_earlier_links_die_with_the_first_use(app: Harness) -> None:
    account = await create_workspace(app.services.sessions)
    client = app.http()
    for _ in range(2):
        assert (
            await client.post("/api/auth/password-reset", json={"email": account.email})
        ).status_code == 202

    # Either link will do: using one outdates the other.
    [(_, first), (_, second)] = await _mailed_links(app, account.email, count=2)
    used = await client.post(
        f"/api/auth/password-reset/{second}", json={"new_password": NEW_PASSWORD}
    )
    assert used.status_code == 204
    stale = await client.post(
        f"/api/auth/password-reset/{first}", json={"new_password": "another long password"}
    )
    assert stale.status_code == 400


async def test_password_reset_for_an_unknown_email_gets_the_identical_answer(app: Harness) -> None:
    account = await create_workspace(app.services.sessions)
    client = app.http()
    unknown = await client.post(
        "/api/auth/password-reset", json={"email": f"nobody-{uuid.uuid4().hex[:8]}@example.com"}
    )
    known = await client.post("/api/auth/password-reset", json={"email": account.email.upper()})
    assert unknown.status_code == known.status_code == 202
    assert unknown.content == known.content
    assert unknown.json() == REQUESTED
    assert sorted(unknown.headers.keys()) == sorted(known.headers.keys())
    await _mailed_links(app, account.email)
    assert len(_outbox(app)) == 1
    async with app.services.sessions() as session:
        rows = await session.execute(select(col(PasswordResetToken.user_id)))
        assert account.user_id in set(rows.scalars())


class _BrokenMailer:
    def __init__(self) -> None:
        self.attempts = 0

    async def send(self, email: OutgoingEmail) -> None:
        self.attempts += 1
        raise MailerError("SendGrid answered 500")

    async def close(self) -> None:
        return None


async def test_password_reset_when_the_mailer_fails_still_answers_the_same(
    sqlite_app: Harness,
) -> None:
    account = await create_workspace(sqlite_app.services.sessions)
    mailer = _BrokenMailer()
    sqlite_app.services.mailer = mailer
    response = await sqlite_app.http().post(
        "/api/auth/password-reset", json={"email": account.email}
    )
    assert response.status_code == 202
    assert response.json() == REQUESTED

    async def tried() -> bool:
        return mailer.attempts == 1

    await eventually(tried, timeout=10)


async def test_password_reset_email_goes_out_through_sendgrid(
    tmp_path: Path, sqlite_url: str, temporal_client: Client
) -> None:
    async with running_fake_sendgrid() as sendgrid:
        settings = make_settings(
            tmp_path,
            sqlite_url,
            SENDGRID_API_KEY=sendgrid.api_key,
            SENDGRID_BASE_URL=sendgrid.base_url,
        )
        async with running_app(settings, temporal_client, with_worker=False) as app:
            account = await create_workspace(app.services.sessions)
            client = app.http()
            response = await client.post("/api/auth/password-reset", json={"email": account.email})
            assert response.status_code == 202

            async def delivered() -> bool:
                return len(sendgrid.accepted) == 1

            await eventually(delivered, timeout=10)
            mail = sendgrid.accepted[0]
            assert mail["personalizations"][0]["to"] == [{"email": account.email}]
            assert mail["from"]["email"] == "no-reply@example.com"
            text = mail["content"][0]["value"]
            found = LINK.search(text)
            assert found is not None, text
            assert found.group(1) == app.base_url
            reset = await client.post(
                f"/api/auth/password-reset/{found.group(2)}", json={"new_password": NEW_PASSWORD}
            )
            assert reset.status_code == 204, reset.text
            assert not (app.settings.data_dir / "outbox").exists()
