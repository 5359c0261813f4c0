"""SendGridEmailChannel against a local fake of SendGrid's v3 Mail Send endpoint."""

import time
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime

import httpx
import pytest
from pydantic import SecretStr

from providers.sendgrid import (
    InvalidUnsubscribeToken,
    OutboundEmail,
    PermanentEmailError,
    RetryableEmailError,
    SenderIdentity,
    SendGridChannelConfig,
    SendGridEmailChannel,
    UnsubscribeSigner,
)
from providers.sendgrid.errors import retry_after_seconds
from providers.sendgrid.unsubscribe import token_from_subject
from tests.fakes.sendgrid_channel import FakeSendGridChannel, running_fake_sendgrid_channel
from tests.support.services import free_port

WORKSPACE = uuid.UUID("6f1c2a4e-0000-4000-8000-000000000001")
CONTACT = uuid.UUID("6f1c2a4e-0000-4000-8000-0000000000c1")
KEY = b"k" * 32
SENDER = SenderIdentity(
    email="support@acme.example.com",
    name="Acme Support",
    reply_to_email="reply@inbound.acme.example.com",
)


def config(api_key: str) -> SendGridChannelConfig:
    return SendGridChannelConfig(
        workspace_id=WORKSPACE,
        api_key=SecretStr(api_key),
        sender=SENDER,
        unsubscribe_mailto="unsubscribe@inbound.acme.example.com",
    )


def email(**changes: object) -> OutboundEmail:
    base = OutboundEmail(
        message_id=uuid.uuid4(),
        to_email="ada@example.com",
        to_name="Ada",
        subject="Your order",
        text="It ships today.",
        html="<p>It ships today.</p>",
    )
    return base.model_copy(update=changes)


@pytest.fixture
async def sendgrid() -> AsyncIterator[FakeSendGridChannel]:
    async with running_fake_sendgrid_channel() as fake:
        yield fake


@pytest.fixture
async def http() -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(timeout=5) as client:
        yield client


def channel(
    http: httpx.AsyncClient, base_url: str, api_key: str = "SG.channel-key"
) -> SendGridEmailChannel:
    return SendGridEmailChannel(
        config(api_key),
        http,
        base_url=base_url,
        unsubscribe=UnsubscribeSigner(KEY),
        public_base_url="https://app.fluxo.example/",
    )


async def test_send_posts_the_documented_payload(
    sendgrid: FakeSendGridChannel, http: httpx.AsyncClient
) -> None:
    outgoing = email()
    sent = await channel(http, sendgrid.base_url).send(outgoing)

    [request] = sendgrid.sent
    assert sent.provider_message_id == request.message_id
    assert sent.message_id_header == f"<{outgoing.message_id}@acme.example.com>"
    assert request.body == {
        "from": {"name": "Acme Support", "email": "support@acme.example.com"},
        "reply_to": {"email": "reply@inbound.acme.example.com"},
        "subject": "Your order",
        "personalizations": [{"to": [{"name": "Ada", "email": "ada@example.com"}]}],
        "content": [
            {"type": "text/plain", "value": "It ships today."},
            {"type": "text/html", "value": "<p>It ships today.</p>"},
        ],
        "headers": {"Message-ID": sent.message_id_header},
        "custom_args": {
            "fluxo_message_id": str(outgoing.message_id),
            "fluxo_workspace_id": str(WORKSPACE),
        },
    }


async def test_send_reply_threads_with_in_reply_to_and_references(
    sendgrid: FakeSendGridChannel, http: httpx.AsyncClient
) -> None:
    reply = email(in_reply_to="<b@mail.example.com>", references=["<a@mail.example.com>"])
    await channel(http, sendgrid.base_url).send(reply)

    headers = sendgrid.sent[0].body["headers"]
    assert headers["In-Reply-To"] == "<b@mail.example.com>"
    assert headers["References"] == "<a@mail.example.com> <b@mail.example.com>"
    assert "List-Unsubscribe" not in headers


async def test_send_refuses_a_header_value_with_a_line_break(
    sendgrid: FakeSendGridChannel, http: httpx.AsyncClient
) -> None:
    with pytest.raises(ValueError, match="line breaks"):
        await channel(http, sendgrid.base_url).send(email(in_reply_to="<a@b>\r\nBcc: x@y.z"))
    assert sendgrid.calls == 0


async def test_send_marketing_carries_one_click_unsubscribe(
    sendgrid: FakeSendGridChannel, http: httpx.AsyncClient
) -> None:
    await channel(http, sendgrid.base_url).send(email(marketing=True, contact_id=CONTACT))

    headers = sendgrid.sent[0].body["headers"]
    assert headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    https_link, mailto_link = headers["List-Unsubscribe"].split(", ")
    assert https_link.startswith("<https://app.fluxo.example/u/") and https_link.endswith(">")
    token = https_link.removeprefix("<https://app.fluxo.example/u/").removesuffix(">")
    target = UnsubscribeSigner(KEY).verify(token)
    assert (target.workspace_id, target.contact_id) == (WORKSPACE, CONTACT)
    assert mailto_link == (
        f"<mailto:unsubscribe@inbound.acme.example.com?subject=unsubscribe%20{token}>"
    )
    assert token_from_subject(f"Re: unsubscribe {token}") == token


async def test_send_marketing_without_a_contact_is_refused_before_calling(
    sendgrid: FakeSendGridChannel, http: httpx.AsyncClient
) -> None:
    with pytest.raises(ValueError, match="contact id"):
        await channel(http, sendgrid.base_url).send(email(marketing=True))
    assert sendgrid.calls == 0


async def test_send_with_a_wrong_key_is_permanent(
    sendgrid: FakeSendGridChannel, http: httpx.AsyncClient
) -> None:
    with pytest.raises(PermanentEmailError) as caught:
        await channel(http, sendgrid.base_url, api_key="SG.wrong").send(email())
    assert caught.value.status == 401 and caught.value.code == "sendgrid_401"
    assert "authorization grant is invalid" in caught.value.message
    assert sendgrid.sent == []


async def test_send_from_an_unverified_sender_is_permanent_with_sendgrids_message(
    sendgrid: FakeSendGridChannel, http: httpx.AsyncClient
) -> None:
    message = "The from address does not match a verified Sender Identity."
    body = {"errors": [{"field": "from", "message": message, "help": None}]}
    sendgrid.fail_next(403, body=body)
    with pytest.raises(PermanentEmailError) as caught:
        await channel(http, sendgrid.base_url).send(email())
    assert caught.value.status == 403
    assert caught.value.message == f"SendGrid answered 403: from: {message}"
    assert caught.value.fields == ("from",)


async def test_send_refused_as_a_bad_request_is_permanent(
    sendgrid: FakeSendGridChannel, http: httpx.AsyncClient
) -> None:
    broken = email(to_email="not-an-address")
    with pytest.raises(PermanentEmailError) as caught:
        await channel(http, sendgrid.base_url).send(broken)
    assert caught.value.status == 400
    assert "personalizations.0.to.0.email: Does not contain a valid address." in str(caught.value)


async def test_send_rate_limited_is_retryable_after_retry_after(
    sendgrid: FakeSendGridChannel, http: httpx.AsyncClient
) -> None:
    sendgrid.fail_next(429, headers={"Retry-After": "7"})
    adapter = channel(http, sendgrid.base_url)
    with pytest.raises(RetryableEmailError) as caught:
        await adapter.send(email())
    assert caught.value.status == 429 and caught.value.retry_after == 7.0
    assert not caught.value.maybe_sent
    await adapter.send(email())
    assert len(sendgrid.sent) == 1


async def test_send_rate_limited_without_retry_after_uses_the_rate_limit_reset(
    sendgrid: FakeSendGridChannel, http: httpx.AsyncClient
) -> None:
    reset = int(time.time()) + 30
    sendgrid.fail_next(429, headers={"X-RateLimit-Limit": "600", "X-RateLimit-Reset": str(reset)})
    with pytest.raises(RetryableEmailError) as caught:
        await channel(http, sendgrid.base_url).send(email())
    assert caught.value.retry_after is not None and 25 <= caught.value.retry_after <= 30


@pytest.mark.parametrize("status", [500, 502, 503])
async def test_send_when_sendgrid_fails_is_retryable(
    sendgrid: FakeSendGridChannel, http: httpx.AsyncClient, status: int
) -> None:
    sendgrid.fail_next(status, times=2)
    adapter = channel(http, sendgrid.base_url)
    for _ in range(2):
        with pytest.raises(RetryableEmailError) as caught:
            await adapter.send(email())
        assert caught.value.status == status and caught.value.retry_after is None
        # SendGrid (or a gateway before it) may have failed after accepting the e-mail.
        assert caught.value.maybe_sent is True
    await adapter.send(email())
    assert len(sendgrid.sent) == 1


async def test_send_when_sendgrid_is_unreachable_is_retryable_and_surely_unsent(
    http: httpx.AsyncClient,
) -> None:
    with pytest.raises(RetryableEmailError, match="unreachable") as caught:
        await channel(http, f"http://127.0.0.1:{free_port()}").send(email())
    assert caught.value.maybe_sent is False


def test_retry_after_reads_an_http_date() -> None:
    now = datetime(2026, 1, 1, 12, 0, 0, tzinfo=UTC)
    headers = httpx.Headers({"Retry-After": "Thu, 01 Jan 2026 12:01:30 GMT"})
    assert retry_after_seconds(headers, now) == 90.0
    assert retry_after_seconds(httpx.Headers(), now) is None


def test_unsubscribe_token_refuses_forgeries() -> None:
    signer = UnsubscribeSigner(KEY)
    token = signer.token(WORKSPACE, CONTACT)
    flipped = token[:-2] + ("A" if token[-2] != "A" else "B") + token[-1]
    for bad in (flipped, token[:-4], "not a token!", ""):
        with pytest.raises(InvalidUnsubscribeToken):
            signer.verify(bad)
    with pytest.raises(InvalidUnsubscribeToken):
        UnsubscribeSigner(b"x" * 32).verify(token)


def test_unsubscribe_token_survives_a_key_rotation() -> None:
    old_token = UnsubscribeSigner(KEY).token(WORKSPACE, CONTACT)
    rotated = UnsubscribeSigner(b"n" * 32, previous_keys=[KEY])
    assert rotated.verify(old_token).contact_id == CONTACT
    assert rotated.token(WORKSPACE, CONTACT) != old_token


async def test_fake_refuses_reserved_headers_and_non_string_custom_args(
    sendgrid: FakeSendGridChannel, http: httpx.AsyncClient
) -> None:
    """The fake is only worth testing against if it refuses what SendGrid refuses."""
    payload = channel(http, sendgrid.base_url).build_payload(email())
    payload["headers"]["Reply-To"] = "x@example.com"
    payload["custom_args"]["attempt"] = 1
    response = await http.post(
        f"{sendgrid.base_url}/v3/mail/send",
        json=payload,
        headers={"Authorization": f"Bearer {sendgrid.api_key}"},
    )
    assert response.status_code == 400
    fields = {error["field"] for error in response.json()["errors"]}
    assert fields == {"headers.Reply-To", "custom_args.attempt"}
