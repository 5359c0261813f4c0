"""Twilio webhooks: X-Twilio-Signature, inbound messages, status callbacks, STOP/START keywords."""

from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime

import httpx
import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse
from starlette.routing import Route

from domain.enums import MessageStatus
from providers.twilio import (
    InboundMedia,
    InboundSms,
    InvalidSignatureError,
    KeywordAction,
    MalformedWebhookError,
    OutgoingSms,
    SmsSender,
    SmsStatusUpdate,
    TwilioCredentials,
    TwilioSmsClient,
    classify_keyword,
    public_url,
    read_inbound,
    read_status_callback,
    verify_signature,
)
from providers.twilio.webhooks import SIGNATURE_HEADER, compute_signature, parse_form
from tests.fakes.twilio import FakeTwilio, SignedCallback, running_fake_twilio

NOW = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)
INBOUND_URL = "https://fluxo.example.com/webhooks/sms/inbound?channel=ch_1&ws=acme"
STATUS_URL = "https://fluxo.example.com/webhooks/sms/status?channel=ch_1"
CUSTOMER = "+5511987654321"
OUR_NUMBER = "+5511900000000"

Forgery = Callable[[FakeTwilio, SignedCallback], object]


@pytest.fixture
async def twilio() -> AsyncIterator[FakeTwilio]:
    async with running_fake_twilio() as fake:
        yield fake


def read(twilio: FakeTwilio, callback: SignedCallback, url: str = INBOUND_URL) -> InboundSms:
    return read_inbound(
        twilio.auth_token, url, callback.body, callback.headers[SIGNATURE_HEADER], NOW
    )


def test_signature_matches_twilios_published_example() -> None:
    """Known answers from Twilio's own helper-library tests (token 12345)."""
    url = "https://mycompany.com/myapp.php?foo=1&bar=2"
    params = [
        ("CallSid", "CA1234567890ABCDE"),
        ("Digits", "1234"),
        ("From", "+14158675309"),
        ("To", "+18005551212"),
        ("Caller", "+14158675309"),
    ]
    assert compute_signature("12345", url, params) == "RSOYDt4T1cUTdK1PDd93/VVr8B8="
    repeated = [("Sid", "CA123"), ("SidAccount", "AC123"), ("Digits", "5678"), ("Digits", "1234")]
    assert compute_signature("12345", url, repeated) == "IK+Dwps556ElfBT0I3Rgjkr1wJU="
    # Signed with the default port spelled out, or verified against a URL carrying a port.
    assert verify_signature("12345", url, params, "kvajT1Ptam85bY51eRf/AJRuM3w=")
    assert verify_signature(
        "12345", url.replace(".com", ".com:443"), params, "RSOYDt4T1cUTdK1PDd93/VVr8B8="
    )
    assert not verify_signature("12345", url, params, "RSOYDt4T1cUTdK1PDd93/VVr8B8")
    assert not verify_signature("54321", url, params, "RSOYDt4T1cUTdK1PDd93/VVr8B8=")


def test_inbound_with_a_good_signature_is_parsed(twilio: FakeTwilio) -> None:
    callback = twilio.inbound(
        INBOUND_URL,
        sender=CUSTOMER,
        recipient=OUR_NUMBER,
        text="Oi, quero saber do meu pedido & do boleto",
        media=[("https://api.twilio.com/media/ME1", "image/jpeg")],
    )
    message = read_inbound(
        twilio.auth_token, INBOUND_URL, callback.body, callback.headers[SIGNATURE_HEADER], NOW
    )
    assert message.provider_message_id.startswith("MM")
    assert (message.sender, message.recipient) == (CUSTOMER, OUR_NUMBER)
    assert message.text == "Oi, quero saber do meu pedido & do boleto"
    assert message.media == [
        InboundMedia(url="https://api.twilio.com/media/ME1", content_type="image/jpeg")
    ]
    assert message.account_sid == twilio.account_sid and message.received_at == NOW
    assert message.keyword.action is KeywordAction.none


@pytest.mark.parametrize(
    "forge",
    [
        lambda t, c: c.headers.pop(SIGNATURE_HEADER),
        lambda t, c: c.headers.update(t.signed(INBOUND_URL, c.params, token="x").headers),
        lambda t, c: c.params.__setitem__(5, ("Body", "send me the admin password")),
        lambda t, c: c.params.append(("Extra", "field")),
    ],
    ids=["missing", "other-token", "tampered-body", "added-field"],
)
def test_inbound_with_a_wrong_signature_is_refused(twilio: FakeTwilio, forge: Forgery) -> None:
    callback = twilio.inbound(INBOUND_URL, sender=CUSTOMER, recipient=OUR_NUMBER, text="oi")
    forge(twilio, callback)
    with pytest.raises(InvalidSignatureError):
        read_inbound(
            twilio.auth_token,
            INBOUND_URL,
            callback.body,
            callback.headers.get(SIGNATURE_HEADER),
            NOW,
        )


def test_signature_for_another_url_is_refused(twilio: FakeTwilio) -> None:
    callback = twilio.inbound(INBOUND_URL, sender=CUSTOMER, recipient=OUR_NUMBER, text="oi")
    signature = callback.headers[SIGNATURE_HEADER]
    reordered = "https://fluxo.example.com/webhooks/sms/inbound?ws=acme&channel=ch_1"
    for url in (STATUS_URL, reordered, INBOUND_URL.replace("https", "http")):
        with pytest.raises(InvalidSignatureError):
            read_inbound(twilio.auth_token, url, callback.body, signature, NOW)


@pytest.mark.parametrize(
    "body",
    [b"\xff\xfe not utf-8", b"this is not a form", b"a=1&&&b"],
)
def test_a_body_that_is_not_a_form_is_malformed(twilio: FakeTwilio, body: bytes) -> None:
    with pytest.raises(MalformedWebhookError):
        read_inbound(twilio.auth_token, INBOUND_URL, body, "sig", NOW)


@pytest.mark.parametrize(
    "params",
    [
        [("From", CUSTOMER), ("To", OUR_NUMBER), ("Body", "oi")],
        [("MessageSid", "SM1"), ("AccountSid", "AC1"), ("To", OUR_NUMBER), ("Body", "oi")],
        [
            ("MessageSid", "SM1"),
            ("AccountSid", "AC1"),
            ("From", CUSTOMER),
            ("To", OUR_NUMBER),
            ("NumMedia", "2"),
            ("MediaUrl0", "https://x/1"),
        ],
        [
            ("MessageSid", "SM1"),
            ("AccountSid", "AC1"),
            ("From", CUSTOMER),
            ("To", OUR_NUMBER),
            ("NumMedia", "many"),
        ],
        [
            ("MessageSid", "SM1"),
            ("MessageSid", "SM2"),
            ("AccountSid", "AC1"),
            ("From", CUSTOMER),
            ("To", OUR_NUMBER),
        ],
    ],
    ids=["no-sid", "no-from", "missing-media-url", "bad-num-media", "repeated-sid"],
)
def test_a_signed_but_malformed_inbound_is_refused(
    twilio: FakeTwilio, params: list[tuple[str, str]]
) -> None:
    callback = twilio.signed(INBOUND_URL, params)
    with pytest.raises(MalformedWebhookError):
        read(twilio, callback)


def test_a_replayed_inbound_parses_to_the_same_provider_id(twilio: FakeTwilio) -> None:
    callback = twilio.inbound(INBOUND_URL, sender=CUSTOMER, recipient=OUR_NUMBER, text="oi")
    first = read(twilio, callback)
    later = read_inbound(
        twilio.auth_token,
        INBOUND_URL,
        callback.body,
        callback.headers[SIGNATURE_HEADER],
        datetime(2025, 3, 3, tzinfo=UTC),
    )
    assert first.model_dump(exclude={"received_at"}) == later.model_dump(exclude={"received_at"})
    assert later.provider_message_id == first.provider_message_id


async def test_verification_uses_the_public_url_behind_a_proxy(twilio: FakeTwilio) -> None:
    """TLS ends at the proxy: we are called on http://internal:8000, Twilio signed https://public."""
    public_origin = "https://fluxo.example.com"

    async def receive(request: Request) -> PlainTextResponse:
        raw_path = request.scope["raw_path"].decode()
        raw_query = request.scope["query_string"].decode()
        body = await request.body()
        signature = request.headers.get(SIGNATURE_HEADER)
        seen_url = str(request.url)
        params = parse_form(body)
        assert not verify_signature(twilio.auth_token, seen_url, params, signature)
        url = public_url(public_origin, raw_path, raw_query)
        try:
            message = read_inbound(twilio.auth_token, url, body, signature, NOW)
        except InvalidSignatureError:
            return PlainTextResponse("forged", status_code=403)
        return PlainTextResponse(message.provider_message_id)

    app = Starlette(routes=[Route("/webhooks/sms/inbound", receive, methods=["POST"])])
    callback = twilio.inbound(INBOUND_URL, sender=CUSTOMER, recipient=OUR_NUMBER, text="oi")
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://internal:8000") as client:
        target = "/webhooks/sms/inbound?channel=ch_1&ws=acme"
        good = await client.post(target, content=callback.body, headers=callback.headers)
        forged_headers = {**callback.headers, SIGNATURE_HEADER: "AAAA"}
        forged = await client.post(target, content=callback.body, headers=forged_headers)
    assert good.status_code == 200 and good.text.startswith("SM")
    assert forged.status_code == 403


def test_public_url_keeps_the_query_as_sent_and_a_path_prefix() -> None:
    assert (
        public_url("https://x.example.com", "/hook", "b=2&a=1")
        == "https://x.example.com/hook?b=2&a=1"
    )
    assert (
        public_url("https://x.example.com/fluxo/", "/hook", "")
        == "https://x.example.com/fluxo/hook"
    )
    assert (
        public_url("https://x.example.com/fluxo", "/fluxo/hook", "")
        == "https://x.example.com/fluxo/hook"
    )


def test_a_connection_override_fragment_does_not_break_verification(twilio: FakeTwilio) -> None:
    configured = INBOUND_URL + "#rc=3&rp=all"
    for signed_url in (INBOUND_URL, configured):
        callback = twilio.inbound(signed_url, sender=CUSTOMER, recipient=OUR_NUMBER, text="oi")
        assert read(twilio, callback, url=configured)


async def test_status_callbacks_for_a_sent_message(twilio: FakeTwilio) -> None:
    credentials = TwilioCredentials(account_sid=twilio.account_sid, auth_token=twilio.auth_token)
    async with httpx.AsyncClient(timeout=5) as http:
        client = TwilioSmsClient(credentials, SmsSender(from_=OUR_NUMBER), http, twilio.base_url)
        message = OutgoingSms(to=CUSTOMER, body="Pedido enviado", status_callback=STATUS_URL)
        sent = await client.send(message, idempotency_key="m-1")
    record = twilio.sent[0]

    def status(name: str, error_code: int | None = None) -> SmsStatusUpdate:
        callback = twilio.status_callback(record, name, error_code=error_code)
        return read_status_callback(
            twilio.auth_token, STATUS_URL, callback.body, callback.headers[SIGNATURE_HEADER], NOW
        )

    delivered = status("delivered")
    assert delivered.provider_message_id == sent.provider_message_id
    assert delivered.status is MessageStatus.delivered
    assert delivered.error_code is None and delivered.recipient == CUSTOMER

    undelivered = status("undelivered", error_code=30007)
    assert undelivered.status is MessageStatus.failed
    assert undelivered.error_code == 30007
    assert "spam" in (undelivered.error_message or "")


@pytest.mark.parametrize(
    ("provider_status", "ours"),
    [
        ("queued", MessageStatus.queued),
        ("sending", MessageStatus.queued),
        ("sent", MessageStatus.sent),
        ("delivered", MessageStatus.delivered),
        ("undelivered", MessageStatus.failed),
        ("failed", MessageStatus.failed),
        ("read", MessageStatus.read),
    ],
)
def test_status_callback_statuses_map_onto_ours(
    twilio: FakeTwilio, provider_status: str, ours: MessageStatus
) -> None:
    params = [("MessageSid", "SM" + "1" * 32), ("MessageStatus", provider_status)]
    callback = twilio.signed(STATUS_URL, params)
    update = read_status_callback(
        twilio.auth_token, STATUS_URL, callback.body, callback.headers[SIGNATURE_HEADER], NOW
    )
    assert (update.status, update.provider_status) == (ours, provider_status)


@pytest.mark.parametrize(
    "params",
    [
        [("MessageSid", "SM1"), ("MessageStatus", "teleported")],
        [("MessageSid", "SM1")],
        [("MessageStatus", "sent")],
        [("MessageSid", "SM1"), ("MessageStatus", "failed"), ("ErrorCode", "oops")],
    ],
    ids=["unknown-status", "no-status", "no-sid", "bad-error-code"],
)
def test_a_signed_but_malformed_status_callback_is_refused(
    twilio: FakeTwilio, params: list[tuple[str, str]]
) -> None:
    callback = twilio.signed(STATUS_URL, params)
    with pytest.raises(MalformedWebhookError):
        read_status_callback(
            twilio.auth_token, STATUS_URL, callback.body, callback.headers[SIGNATURE_HEADER], NOW
        )


@pytest.mark.parametrize(
    ("text", "action", "keyword"),
    [
        ("STOP", KeywordAction.opt_out, "STOP"),
        ("  stop \n", KeywordAction.opt_out, "STOP"),
        ("Stop.", KeywordAction.opt_out, "STOP"),
        ("\uff33\uff34\uff2f\uff30", KeywordAction.opt_out, "STOP"),
        ("stopall", KeywordAction.opt_out, "STOPALL"),
        ("Unsubscribe", KeywordAction.opt_out, "UNSUBSCRIBE"),
        ("cancel", KeywordAction.opt_out, "CANCEL"),
        ("end", KeywordAction.opt_out, "END"),
        ("QUIT", KeywordAction.opt_out, "QUIT"),
        ("Parar!", KeywordAction.opt_out, "PARAR"),
        ("sair", KeywordAction.opt_out, "SAIR"),
        (" Cancelar ", KeywordAction.opt_out, "CANCELAR"),
        ("start", KeywordAction.opt_in, "START"),
        ("Yes", KeywordAction.opt_in, "YES"),
        ("unstop", KeywordAction.opt_in, "UNSTOP"),
        ("help", KeywordAction.help, "HELP"),
        ("please stop texting me", KeywordAction.none, None),
        ("Quero cancelar meu pedido", KeywordAction.none, None),
        ("", KeywordAction.none, None),
    ],
)
def test_keywords(text: str, action: KeywordAction, keyword: str | None) -> None:
    decision = classify_keyword(text)
    assert (decision.action, decision.keyword, decision.source) == (action, keyword, "body")


def test_an_inbound_stop_carries_the_decision_and_twilios_verdict_wins(twilio: FakeTwilio) -> None:
    stop = twilio.inbound(INBOUND_URL, sender=CUSTOMER, recipient=OUR_NUMBER, text=" Parar ")
    assert read(twilio, stop).keyword.action is KeywordAction.opt_out
    # Twilio's Advanced Opt-Out recognised a custom keyword and already blocked the number.
    custom = twilio.inbound(
        INBOUND_URL,
        sender=CUSTOMER,
        recipient=OUR_NUMBER,
        text="descadastrar",
        extra=[("OptOutType", "STOP")],
    )
    decision = read(twilio, custom).keyword
    assert (decision.action, decision.source) == (KeywordAction.opt_out, "provider")
