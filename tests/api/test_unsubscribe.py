"""One-click unsubscribe (RFC 8058) at `/u/{token}` and mailto: unsubscribes via Inbound Parse,
through the running app: no login, tokens signed with the key derived from the secret key."""

import base64
import html
import json
import re
import uuid
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import func
from sqlmodel import select
from temporalio.client import Client

from channels.email.unsubscribe_keys import derive_unsubscribe_key, unsubscribe_signer
from domain.timeutil import utcnow
from providers.sendgrid.unsubscribe import UnsubscribeSigner, list_unsubscribe_headers
from stores.contacts.privacy import redact_contact
from stores.tables.contacts import ContactEvent
from stores.tables.workspaces import Workspace
from tests.api.privacy_support import create_contact
from tests.api.test_webhooks_email import connect_email, post_email
from tests.api.webhook_support import conversations, messages_with
from tests.factories import WorkspaceFixture, create_workspace
from tests.fakes.sendgrid_channel import inbound_parse_body
from tests.support.harness import Harness, make_settings, running_app

MAIL_PROVIDER = "Mozilla/5.0 (compatible; GoogleOneClickUnsubscribe)"
ONE_CLICK = {"List-Unsubscribe": "One-Click"}
EVIL_NAME = "<script>alert('x')</script> & Co"


def token_for(app: Harness, workspace_id: uuid.UUID, contact_id: uuid.UUID) -> str:
    return unsubscribe_signer(app.services.secret_key).token(workspace_id, contact_id)


def one_click_url(app: Harness, token: str) -> str:
    """The HTTPS link marketing mail carries, as `list_unsubscribe_headers` writes it."""
    header = list_unsubscribe_headers(app.base_url, token)["List-Unsubscribe"]
    match = re.fullmatch(r"<(.+)>", header)
    assert match is not None, header
    return match.group(1)


async def one_click(app: Harness, token: str, **kwargs: Any) -> httpx.Response:
    """A POST as a mail provider makes it: no cookie, no CSRF header."""
    return await app.http().post(
        f"/u/{token}", headers={"User-Agent": MAIL_PROVIDER}, **({"data": ONE_CLICK} | kwargs)
    )


async def consent_of(owner: httpx.AsyncClient, contact_id: uuid.UUID) -> list[dict[str, Any]]:
    response = await owner.get(f"/api/contacts/{contact_id}/consent")
    assert response.status_code == 200, response.text
    data: list[dict[str, Any]] = response.json()["data"]
    return data


async def consent_lines(owner: httpx.AsyncClient, contact_id: uuid.UUID) -> list[dict[str, Any]]:
    response = await owner.get(f"/api/contacts/{contact_id}/timeline")
    assert response.status_code == 200, response.text
    return [e["details"] for e in response.json()["data"] if e["kind"] == "consent_changed"]


async def suppressed(owner: httpx.AsyncClient) -> list[tuple[str, str]]:
    response = await owner.get("/api/suppressions")
    assert response.status_code == 200, response.text
    return [(s["kind"], s["value"]) for s in response.json()["data"]]


async def rename_workspace(
    app: Harness, account: WorkspaceFixture, name: str, country: str
) -> None:
    async with app.services.sessions() as session, session.begin():
        workspace = await session.get(Workspace, account.workspace_id)
        assert workspace is not None
        workspace.name, workspace.default_country = name, country


async def test_one_click_opts_out_suppresses_and_records_once(app: Harness) -> None:
    account = await create_workspace(app.services.sessions)
    contact_id = await create_contact(app.services.sessions, account)
    owner = await app.login(account)
    token = token_for(app, account.workspace_id, contact_id)

    # The URL in the header is this route; RFC 8058 prefers multipart/form-data.
    async with httpx.AsyncClient(timeout=30) as provider:
        first = await provider.post(
            one_click_url(app, token),
            files={"List-Unsubscribe": (None, "One-Click")},
            headers={"User-Agent": MAIL_PROVIDER},
        )
    assert first.status_code == 200, first.text
    assert first.headers["content-type"].startswith("text/html")

    [consent] = await consent_of(owner, contact_id)
    assert (consent["channel"], consent["status"], consent["source"]) == (
        "email",
        "opted_out",
        "unsubscribe_link",
    )
    assert MAIL_PROVIDER in consent["proof"] and str(utcnow().date()) in consent["proof"]
    assert await suppressed(owner) == [("email", "maria@example.com")]
    [line] = await consent_lines(owner, contact_id)
    assert line == {
        "channel": "email",
        "status": "opted_out",
        "source": "unsubscribe_link",
        "previous": None,
        "proof": consent["proof"],
        "suppressed": "email",
    }

    # The provider retries, then the person clicks too (url-encoded, as our page posts).
    for _ in range(2):
        again = await one_click(app, token)
        assert again.status_code == 200, again.text
    assert await consent_of(owner, contact_id) == [consent]
    assert await consent_lines(owner, contact_id) == [line]
    assert await suppressed(owner) == [("email", "maria@example.com")]


async def test_link_suppresses_an_address_opted_out_by_hand(sqlite_app: Harness) -> None:
    app = sqlite_app
    account = await create_workspace(app.services.sessions)
    contact_id = await create_contact(app.services.sessions, account)
    owner = await app.login(account)
    by_hand = await owner.put(
        f"/api/contacts/{contact_id}/consent/email",
        json={"status": "opted_out", "source": "agent"},
    )
    assert by_hand.status_code == 200, by_hand.text
    assert await suppressed(owner) == []

    response = await one_click(app, token_for(app, account.workspace_id, contact_id))

    assert response.status_code == 200, response.text
    assert await suppressed(owner) == [("email", "maria@example.com")]
    latest = (await consent_lines(owner, contact_id))[0]
    assert (latest["source"], latest["previous"]) == ("unsubscribe_link", "opted_out")


async def test_forged_truncated_and_bodiless_posts_change_nothing(sqlite_app: Harness) -> None:
    app = sqlite_app
    account = await create_workspace(app.services.sessions)
    contact_id = await create_contact(app.services.sessions, account)
    owner = await app.login(account)
    token = token_for(app, account.workspace_id, contact_id)
    flipped = token[:10] + ("A" if token[10] != "A" else "B") + token[11:]
    # Signed with the raw secret or another secret: only the labelled derivation counts.
    raw_secret = UnsubscribeSigner(app.services.secret_key.encode().ljust(32, b"\0"))
    other_secret = UnsubscribeSigner(derive_unsubscribe_key("another-secret"))
    forgeries = [
        token[:-4],
        flipped,
        "not-a-token",
        raw_secret.token(account.workspace_id, contact_id),
        other_secret.token(account.workspace_id, contact_id),
    ]

    for forged in forgeries:
        posted = await one_click(app, forged)
        assert posted.status_code == 400, (forged, posted.text)
        assert posted.headers["content-type"].startswith("text/plain")
        assert "not valid" in posted.text
        assert (await app.http().get(f"/u/{forged}")).status_code == 400
    no_body = await app.http().post(f"/u/{token}")
    assert no_body.status_code == 400 and "List-Unsubscribe=One-Click" in no_body.text
    wrong_value = await one_click(app, token, data={"List-Unsubscribe": "Yes"})
    assert wrong_value.status_code == 400

    assert await consent_of(owner, contact_id) == []
    assert await suppressed(owner) == []
    # The genuine token still works afterwards.
    assert (await one_click(app, token)).status_code == 200
    assert [c["status"] for c in await consent_of(owner, contact_id)] == ["opted_out"]


async def test_a_token_cannot_reach_another_workspaces_contact(app: Harness) -> None:
    ours = await create_workspace(app.services.sessions)
    theirs = await create_workspace(app.services.sessions)
    our_contact = await create_contact(app.services.sessions, ours)
    their_contact = await create_contact(app.services.sessions, theirs)
    our_token = token_for(app, ours.workspace_id, our_contact)
    their_token = token_for(app, theirs.workspace_id, their_contact)

    # Splice the two genuine tokens: workspace from one, contact and tag from the other.
    ours_raw = base64.urlsafe_b64decode(our_token + "==")
    theirs_raw = base64.urlsafe_b64decode(their_token + "==")
    spliced = [
        ours_raw[:1] + theirs_raw[1:17] + ours_raw[17:],
        ours_raw[:17] + theirs_raw[17:33] + ours_raw[33:],
        theirs_raw[:1] + ours_raw[1:17] + theirs_raw[17:],
    ]
    for raw in spliced:
        forged = base64.urlsafe_b64encode(raw).rstrip(b"=").decode()
        assert (await one_click(app, forged)).status_code == 400
    # Even a correctly signed token pairing our workspace with their contact (never issued)
    # finds nothing: the contact is looked up inside the token's workspace only.
    crossed = await one_click(app, token_for(app, ours.workspace_id, their_contact))
    assert crossed.status_code == 200

    for account, contact_id in ((ours, our_contact), (theirs, their_contact)):
        owner = await app.login(account)
        assert await consent_of(owner, contact_id) == []
        assert await suppressed(owner) == []


async def test_erased_contact_is_left_alone(sqlite_app: Harness) -> None:
    app = sqlite_app
    account = await create_workspace(app.services.sessions)
    contact_id = await create_contact(app.services.sessions, account)
    async with app.services.sessions() as session, session.begin():
        await redact_contact(session, account.workspace_id, contact_id, now=utcnow())

    async def events() -> int:
        async with app.services.sessions() as session:
            count = await session.scalar(
                select(func.count())
                .select_from(ContactEvent)
                .where(ContactEvent.contact_id == contact_id)
            )
        return int(count or 0)

    before = await events()
    response = await one_click(app, token_for(app, account.workspace_id, contact_id))

    assert response.status_code == 200, response.text
    assert await events() == before
    owner = await app.login(account)
    assert await suppressed(owner) == []


def form_of(page: str) -> tuple[str, dict[str, str]]:
    """The confirmation form's action and hidden fields, as a browser would submit them."""
    action = re.search(r'<form method="post" action="([^"]+)">', page)
    assert action is not None, page
    fields = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]+)">', page))
    return html.unescape(action.group(1)), fields


async def test_page_asks_in_the_readers_language_and_escapes(sqlite_app: Harness) -> None:
    app = sqlite_app
    account = await create_workspace(app.services.sessions)
    await rename_workspace(app, account, EVIL_NAME, "BR")
    contact_id = await create_contact(app.services.sessions, account)
    token = token_for(app, account.workspace_id, contact_id)
    shown = html.escape(EVIL_NAME)
    browser = app.http()

    async def page(accept_language: str | None) -> httpx.Response:
        headers = {"Accept-Language": accept_language} if accept_language else {}
        response = await browser.get(f"/u/{token}", headers=headers)
        assert response.status_code == 200, response.text
        assert "<script" not in response.text
        return response

    english = await page("en-US,en;q=0.9,pt;q=0.5")
    assert f"Unsubscribe from {shown}?" in english.text and 'lang="en"' in english.text
    assert "script-src" not in english.headers["content-security-policy"]
    assert "frame-ancestors 'none'" in english.headers["content-security-policy"]
    portuguese = await page("pt-BR,pt;q=0.9")
    assert f"Cancelar a inscrição em {shown}?" in portuguese.text
    assert 'lang="pt-BR"' in portuguese.text
    assert "Cancelar a inscrição" in (await page(None)).text  # a Brazilian workspace
    assert "Unsubscribe from" in (await page("fr-FR, en;q=0.5, pt;q=0.1")).text
    owner = await app.login(account)
    assert await consent_of(owner, contact_id) == []  # looking changes nothing

    action, fields = form_of(portuguese.text)
    assert (action, fields) == (f"/u/{token}", ONE_CLICK)
    done = await browser.post(action, data=fields, headers={"Accept-Language": "pt-BR"})
    assert done.status_code == 200, done.text
    assert "Inscrição cancelada" in done.text and shown in done.text
    assert "<script" not in done.text
    assert [c["status"] for c in await consent_of(owner, contact_id)] == ["opted_out"]

    await rename_workspace(app, account, "Acme", "US")
    assert "Unsubscribe from Acme?" in (await page(None)).text
    english_done = await browser.post(action, data=fields)
    assert "You are unsubscribed" in english_done.text


async def test_ui_fallback_does_not_swallow_unsubscribe_pages(
    tmp_path: Path, sqlite_url: str, temporal_client: Client
) -> None:
    dist = tmp_path / "dist"
    dist.mkdir()
    (dist / "index.html").write_text("<!doctype html><title>Fluxo SPA</title>")
    settings = make_settings(tmp_path, sqlite_url, FLUXO_UI_DIST=dist)
    async with running_app(settings, temporal_client, with_worker=False) as app:
        account = await create_workspace(app.services.sessions)
        contact_id = await create_contact(app.services.sessions, account)
        token = token_for(app, account.workspace_id, contact_id)
        client = app.http()

        assert "Fluxo SPA" in (await client.get("/inbox")).text
        unsubscribe_page = await client.get(f"/u/{token}", headers={"Accept-Language": "en"})
        assert unsubscribe_page.status_code == 200
        assert "Unsubscribe from" in unsubscribe_page.text
        assert "Fluxo SPA" not in unsubscribe_page.text
        assert (await client.get("/u/forged")).status_code == 400


def unsubscribe_email(message_id: str, subject: str, sender: str) -> tuple[bytes, str]:
    """What a mail client sends to our List-Unsubscribe mailto: (subject carries the token)."""
    return inbound_parse_body(
        {
            "headers": f"Message-ID: {message_id}\nFrom: {sender}\nSubject: {subject}\n",
            "to": "unsubscribe@inbound.acme.example.com",
            "from": sender,
            "subject": subject,
            "text": "",
            "envelope": json.dumps({"to": ["unsubscribe@inbound.acme.example.com"]}),
        }
    )


async def test_mailto_unsubscribe_through_inbound_parse(app: Harness) -> None:
    connected = await connect_email(app)
    workspace_id = connected.account.workspace_id
    sender = "ada@example.com"
    contact_id = await create_contact(app.services.sessions, connected.account, email=sender)
    token = token_for(app, workspace_id, contact_id)
    request = unsubscribe_email("<u-1@mail.example.com>", f"unsubscribe {token}", sender)

    for _ in range(2):  # SendGrid delivers it again: still one timeline line.
        response = await post_email(app, connected, request)
        assert response.status_code == 200, response.text
        assert response.json()["messages"] == 0

    owner = connected.owner
    [consent] = await consent_of(owner, contact_id)
    assert (consent["status"], consent["source"]) == ("opted_out", "unsubscribe_mailto")
    assert "<u-1@mail.example.com>" in consent["proof"] and sender in consent["proof"]
    assert await suppressed(owner) == [("email", sender)]
    assert len(await consent_lines(owner, contact_id)) == 1

    # Another workspace's genuine token mailed here: not applied, and not stored either.
    other = await create_workspace(app.services.sessions)
    other_contact = await create_contact(app.services.sessions, other, email="bob@example.com")
    foreign = token_for(app, other.workspace_id, other_contact)
    foreign_mail = unsubscribe_email("<u-2@m.example>", f"unsubscribe {foreign}", sender)
    assert (await post_email(app, connected, foreign_mail)).json()["messages"] == 0
    assert await consent_of(await app.login(other), other_contact) == []

    # A subject that only looks like one (forged token) is an ordinary e-mail: it is stored,
    # and it is the only message: the unsubscribe requests never became messages.
    forged_subject = f"unsubscribe {token[:-6]}AAAAAA"
    forged = unsubscribe_email("<u-3@m.example>", forged_subject, sender)
    assert (await post_email(app, connected, forged)).json()["messages"] == 1
    [stored] = await messages_with(app, connected, sender, 1)
    assert stored.client_message_id == "<u-3@m.example>"
    assert len(await conversations(app, connected)) == 1
