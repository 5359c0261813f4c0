"""TwilioSmsClient against a local fake of Twilio's Messages REST API."""

import secrets
from collections.abc import AsyncIterator, Callable

import httpx
import pytest
from pydantic import ValidationError

from domain.enums import MessageStatus
from providers.twilio import (
    OutgoingSms,
    PermanentReason,
    SmsPermanentError,
    SmsRetryableError,
    SmsSender,
    TwilioCredentials,
    TwilioSmsClient,
)
from providers.twilio.errors import error_from_response, parse_retry_after
from tests.fakes.twilio import FakeTwilio, new_sid, running_fake_twilio
from tests.support.services import free_port

SENDER = SmsSender(from_="+5511900000000")
MESSAGE = OutgoingSms(to="(11) 98765-4321", body="Olá! Seu pedido saiu para entrega.")
RECIPIENT = "+5511987654321"
API_KEY = ("SK" + "0" * 32, "key-secret")

ClientFactory = Callable[..., TwilioSmsClient]


@pytest.fixture
async def twilio() -> AsyncIterator[FakeTwilio]:
    async with running_fake_twilio(api_key=API_KEY) as fake:
        yield fake


@pytest.fixture
async def make_client(twilio: FakeTwilio) -> AsyncIterator[ClientFactory]:
    http = httpx.AsyncClient(timeout=5)

    def make(
        sender: SmsSender = SENDER,
        token: str | None = None,
        api_key: tuple[str, str] | None = None,
        base_url: str | None = None,
    ) -> TwilioSmsClient:
        credentials = TwilioCredentials(
            account_sid=twilio.account_sid,
            auth_token=token or twilio.auth_token,
            api_key_sid=api_key[0] if api_key else None,
            api_key_secret=api_key[1] if api_key else None,
        )
        return TwilioSmsClient(credentials, sender, http, base_url or twilio.base_url)

    yield make
    await http.aclose()


def key() -> str:
    return secrets.token_hex(8)


async def test_send_posts_the_documented_form(
    twilio: FakeTwilio, make_client: ClientFactory
) -> None:
    message = OutgoingSms(
        to="(11) 98765-4321",
        body="Seu boleto",
        media_urls=["https://cdn.example.com/a.pdf", "https://cdn.example.com/b.png"],
        status_callback="https://fluxo.example.com/webhooks/sms/status",
    )
    sent = await make_client().send(message, idempotency_key="msg-1")

    assert sent.provider_message_id.startswith("SM") and len(sent.provider_message_id) == 34
    assert (sent.status, sent.provider_status, sent.to) == (
        MessageStatus.queued,
        "queued",
        RECIPIENT,
    )
    assert twilio.requests == [
        {
            "form": {
                "To": [RECIPIENT],
                "From": ["+5511900000000"],
                "Body": ["Seu boleto"],
                "MediaUrl": ["https://cdn.example.com/a.pdf", "https://cdn.example.com/b.png"],
                "StatusCallback": ["https://fluxo.example.com/webhooks/sms/status"],
            },
            "idempotency_token": "msg-1",
        }
    ]
    assert [m["sid"] for m in twilio.sent] == [sent.provider_message_id]


async def test_send_through_a_messaging_service_is_queued(
    twilio: FakeTwilio, make_client: ClientFactory
) -> None:
    service = SmsSender(messaging_service_sid="MG" + "a" * 32)
    sent = await make_client(sender=service).send(MESSAGE, idempotency_key=key())
    assert (sent.status, sent.provider_status) == (MessageStatus.queued, "accepted")
    form = twilio.requests[0]["form"]
    assert form["MessagingServiceSid"] == ["MG" + "a" * 32] and "From" not in form


async def test_send_with_an_api_key_authenticates(
    twilio: FakeTwilio, make_client: ClientFactory
) -> None:
    sent = await make_client(token="not-used-for-rest", api_key=API_KEY).send(MESSAGE, key())
    assert twilio.sent[0]["sid"] == sent.provider_message_id


async def test_send_with_wrong_credentials_is_permanent(
    twilio: FakeTwilio, make_client: ClientFactory
) -> None:
    with pytest.raises(SmsPermanentError) as raised:
        await make_client(token="wrong").send(MESSAGE, key())
    assert raised.value.reason is PermanentReason.unauthorized
    assert (raised.value.status, raised.value.code) == (401, 20003)
    assert "Settings" in raised.value.message
    assert twilio.sent == []


async def test_retried_send_with_the_same_key_is_sent_once(
    twilio: FakeTwilio, make_client: ClientFactory
) -> None:
    client = make_client()
    first = await client.send(MESSAGE, idempotency_key="conversation-1/message-7")
    again = await client.send(MESSAGE, idempotency_key="conversation-1/message-7")
    other = await client.send(MESSAGE, idempotency_key="conversation-1/message-8")

    assert again.provider_message_id == first.provider_message_id
    assert other.provider_message_id != first.provider_message_id
    assert len(twilio.requests) == 3
    assert [m["sid"] for m in twilio.sent] == [first.provider_message_id, other.provider_message_id]


async def test_429_with_retry_after_is_retryable_then_sends_once(
    twilio: FakeTwilio, make_client: ClientFactory
) -> None:
    twilio.fail_next(429, retry_after="7")
    client = make_client()
    with pytest.raises(SmsRetryableError) as raised:
        await client.send(MESSAGE, idempotency_key="m-1")
    assert (raised.value.status, raised.value.code, raised.value.retry_after) == (429, 20429, 7.0)
    # A 429 is Twilio refusing the request: nothing was created.
    assert raised.value.maybe_sent is False

    sent = await client.send(MESSAGE, idempotency_key="m-1")
    assert [m["sid"] for m in twilio.sent] == [sent.provider_message_id]
    assert [r["idempotency_token"] for r in twilio.requests] == ["m-1", "m-1"]


async def test_a_send_whose_answer_was_lost_is_not_sent_again(
    twilio: FakeTwilio, make_client: ClientFactory
) -> None:
    twilio.lose_next_responses = 1
    client = make_client()
    with pytest.raises(SmsRetryableError) as lost:
        await client.send(MESSAGE, idempotency_key="m-1")
    # Twilio documents no idempotency key for creating messages: the caller is told the SMS
    # may have gone, and must not resend it blindly (the fake's dedupe is only a backstop).
    assert lost.value.maybe_sent is True
    sent = await client.send(MESSAGE, idempotency_key="m-1")
    assert [m["sid"] for m in twilio.sent] == [sent.provider_message_id]


@pytest.mark.parametrize("status", [500, 502, 503])
async def test_5xx_is_retryable(
    twilio: FakeTwilio, make_client: ClientFactory, status: int
) -> None:
    twilio.fail_next(status, times=2)
    client = make_client()
    for _ in range(2):
        with pytest.raises(SmsRetryableError, match=str(status)) as raised:
            await client.send(MESSAGE, idempotency_key="m-1")
        assert raised.value.retry_after is None
        # Twilio (or a gateway before it) may have failed after creating the message.
        assert raised.value.maybe_sent is True
    await client.send(MESSAGE, idempotency_key="m-1")
    assert len(twilio.sent) == 1


@pytest.mark.parametrize(
    ("arrange", "code", "reason", "words"),
    [
        (lambda f: f.unsubscribed.add(RECIPIENT), 21610, PermanentReason.opted_out, "START"),
        (lambda f: f.landlines.add(RECIPIENT), 21614, PermanentReason.not_mobile, "mobile"),
        (lambda f: f.blocked_regions.add("+55"), 21408, PermanentReason.not_permitted, "country"),
        (
            lambda f: f.fail_next(400, code=21211, message="The 'To' number is not valid."),
            21211,
            PermanentReason.invalid_number,
            "not a valid phone number",
        ),
        (
            lambda f: f.fail_next(400, code=30007, message="Message filtered"),
            30007,
            PermanentReason.filtered,
            "spam",
        ),
        (
            lambda f: f.fail_next(400, code=21999, message="Something new went wrong"),
            21999,
            PermanentReason.rejected,
            "Something new went wrong",
        ),
    ],
)
async def test_refusals_are_permanent_with_a_readable_message(
    twilio: FakeTwilio,
    make_client: ClientFactory,
    arrange: Callable[[FakeTwilio], object],
    code: int,
    reason: PermanentReason,
    words: str,
) -> None:
    arrange(twilio)
    with pytest.raises(SmsPermanentError) as raised:
        await make_client().send(MESSAGE, key())
    error = raised.value
    assert (error.code, error.reason, error.status) == (code, reason, 400)
    assert words in error.message and f"Twilio error {code}" in error.message
    assert error.more_info == f"https://www.twilio.com/docs/errors/{code}"
    assert twilio.sent == []


async def test_an_invalid_number_is_refused_before_calling_twilio(
    twilio: FakeTwilio, make_client: ClientFactory
) -> None:
    with pytest.raises(SmsPermanentError) as raised:
        await make_client().send(OutgoingSms(to="12", body="hi"), key())
    assert raised.value.reason is PermanentReason.invalid_number
    assert twilio.requests == []


async def test_send_when_twilio_is_unreachable_is_retryable(
    make_client: ClientFactory,
) -> None:
    client = make_client(base_url=f"http://127.0.0.1:{free_port()}")
    with pytest.raises(SmsRetryableError, match="unreachable") as raised:
        await client.send(MESSAGE, key())
    # The connection never opened: surely not sent.
    assert raised.value.maybe_sent is False


def test_a_proxy_error_page_is_retryable_and_an_http_date_is_understood() -> None:
    error = error_from_response(502, "<html>Bad Gateway</html>", "Wed, 21 Oct 2015 07:28:10 GMT")
    assert isinstance(error, SmsRetryableError) and "Bad Gateway" in error.message
    assert error.retry_after == 0.0  # that date is in the past
    assert parse_retry_after("Wed, 21 Oct 2015 07:28:10 GMT", now=1445412480.0) == 10.0
    assert parse_retry_after("soon") is None and parse_retry_after(None) is None


def test_models_refuse_incomplete_settings() -> None:
    sid = new_sid("AC")
    with pytest.raises(ValidationError, match="both"):
        TwilioCredentials(account_sid=sid, auth_token="t", api_key_sid="SK" + "1" * 32)
    with pytest.raises(ValidationError, match="either"):
        SmsSender(from_="+5511900000000", messaging_service_sid="MG" + "a" * 32)
    with pytest.raises(ValidationError, match="either"):
        SmsSender()
    with pytest.raises(ValidationError, match="body or"):
        OutgoingSms(to=RECIPIENT)
    with pytest.raises(ValidationError, match="1600"):
        OutgoingSms(to=RECIPIENT, body="x" * 1601)


async def test_fake_refuses_what_twilio_refuses(twilio: FakeTwilio) -> None:
    """The fake is only worth testing against if it rejects malformed requests as Twilio does."""
    auth = (twilio.account_sid, twilio.auth_token)
    path = f"/2010-04-01/Accounts/{twilio.account_sid}/Messages.json"
    cases: list[tuple[dict[str, str], int]] = [
        ({"From": "+5511900000000", "Body": "x"}, 21604),
        ({"To": RECIPIENT, "Body": "x"}, 21603),
        ({"To": RECIPIENT, "From": "+5511900000000"}, 21602),
        ({"To": "011 98765", "From": "+5511900000000", "Body": "x"}, 21211),
        ({"To": RECIPIENT, "From": "+5511900000000", "Body": "x" * 1601}, 21617),
    ]
    async with httpx.AsyncClient(base_url=twilio.base_url) as client:
        post = client.post
        anonymous = await post(path, data={"To": RECIPIENT})
        other_account = await post(
            f"/2010-04-01/Accounts/{new_sid('AC')}/Messages.json", data={}, auth=auth
        )
        refused = [(await post(path, data=form, auth=auth)).json() for form, _ in cases]
    assert (anonymous.status_code, anonymous.json()["code"]) == (401, 20003)
    assert (other_account.status_code, other_account.json()["code"]) == (404, 20404)
    assert [body["code"] for body in refused] == [code for _, code in cases]
    assert all(body["status"] == 400 and body["more_info"] for body in refused)
    assert twilio.sent == []
