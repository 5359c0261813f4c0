"""Account mail through SendGridMailer, against a local fake of SendGrid's v3 Mail Send endpoint."""

from collections.abc import AsyncIterator

import httpx
import pytest

from channels.email.account_mail import MailerError, OutgoingEmail, SendGridMailer
from tests.fakes.sendgrid import FakeSendGrid, running_fake_sendgrid
from tests.support.services import free_port

SENDER = "Fluxo <no-reply@example.com>"
EMAIL = OutgoingEmail(
    to="ada@example.com", subject="Hello", text="Plain words.", html="<p>Plain words.</p>"
)


@pytest.fixture
async def sendgrid() -> AsyncIterator[FakeSendGrid]:
    async with running_fake_sendgrid() as fake:
        yield fake


def mailer_for(base_url: str, api_key: str) -> SendGridMailer:
    return SendGridMailer(api_key, SENDER, base_url, httpx.AsyncClient(timeout=5))


async def test_send_delivers_the_documented_payload(sendgrid: FakeSendGrid) -> None:
    mailer = mailer_for(sendgrid.base_url, sendgrid.api_key)
    try:
        await mailer.send(EMAIL)
    finally:
        await mailer.close()
    assert sendgrid.accepted == [
        {
            "from": {"name": "Fluxo", "email": "no-reply@example.com"},
            "subject": "Hello",
            "personalizations": [{"to": [{"email": "ada@example.com"}]}],
            "content": [
                {"type": "text/plain", "value": "Plain words."},
                {"type": "text/html", "value": "<p>Plain words.</p>"},
            ],
        }
    ]


async def test_send_with_a_wrong_key_raises_mailer_error(sendgrid: FakeSendGrid) -> None:
    mailer = mailer_for(sendgrid.base_url, "SG.not-the-key")
    try:
        with pytest.raises(MailerError, match="401"):
            await mailer.send(EMAIL)
    finally:
        await mailer.close()
    assert sendgrid.accepted == []


@pytest.mark.parametrize("status", [429, 500, 503])
async def test_send_when_sendgrid_fails_raises_mailer_error(
    sendgrid: FakeSendGrid, status: int
) -> None:
    sendgrid.fail_next(status)
    mailer = mailer_for(sendgrid.base_url, sendgrid.api_key)
    try:
        with pytest.raises(MailerError, match=str(status)):
            await mailer.send(EMAIL)
        await mailer.send(EMAIL)
    finally:
        await mailer.close()
    assert len(sendgrid.accepted) == 1


async def test_send_when_sendgrid_is_unreachable_raises_mailer_error() -> None:
    mailer = mailer_for(f"http://127.0.0.1:{free_port()}", "SG.key")
    try:
        with pytest.raises(MailerError, match="unreachable"):
            await mailer.send(EMAIL)
    finally:
        await mailer.close()


async def test_fake_refuses_what_sendgrid_refuses(sendgrid: FakeSendGrid) -> None:
    """The fake is only worth testing against if it rejects malformed requests as SendGrid does."""
    auth = {"Authorization": f"Bearer {sendgrid.api_key}"}
    valid = {
        "personalizations": [{"to": [{"email": "ada@example.com"}]}],
        "from": {"email": "no-reply@example.com"},
        "subject": "Hi",
        "content": [{"type": "text/plain", "value": "x"}],
    }
    broken = {
        "personalizations": [{"to": []}],
        "from": {"name": "no address"},
        "content": [
            {"type": "text/html", "value": "<p>x</p>"},
            {"type": "text/plain", "value": "x"},
        ],
    }
    async with httpx.AsyncClient(base_url=sendgrid.base_url) as client:
        anonymous = await client.post("/v3/mail/send", json=valid)
        refused = await client.post("/v3/mail/send", json=broken, headers=auth)
        accepted = await client.post("/v3/mail/send", json=valid, headers=auth)
    assert anonymous.status_code == 401
    assert anonymous.json()["errors"][0]["message"].startswith("The provided authorization")
    assert refused.status_code == 400
    fields = {error["field"] for error in refused.json()["errors"]}
    assert fields == {"personalizations.0.to", "from.email", "subject", "content"}
    assert accepted.status_code == 202 and accepted.content == b""
    assert sendgrid.accepted == [valid]
