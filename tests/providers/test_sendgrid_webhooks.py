"""SendGrid's Event Webhook (signed with a real P-256 key) and Inbound Parse (URL secret)."""

import json
import uuid
from datetime import UTC, datetime, timedelta

import pytest

from domain.enums import ConsentStatus, MessageStatus
from providers.sendgrid import (
    EmailEventType,
    EventWebhookVerifier,
    InvalidWebhookSignature,
    MalformedWebhook,
    new_inbound_secret,
    parse_events,
    parse_inbound,
    verify_inbound_secret,
)
from providers.sendgrid.webhooks import SIGNATURE_HEADER, TIMESTAMP_HEADER
from tests.fakes.sendgrid_channel import EventWebhookSigner, event, inbound_parse_body

MESSAGE = uuid.UUID("0b6f7a8e-0000-4000-8000-00000000a001")
WORKSPACE = uuid.UUID("0b6f7a8e-0000-4000-8000-00000000b001")
X_MESSAGE_ID = "Sd9PX3jJQpq2j8H1fT3xvQ"
ARGS = {"fluxo_message_id": str(MESSAGE), "fluxo_workspace_id": str(WORKSPACE)}


def every_event() -> list[dict[str, object]]:
    return [
        event("processed", "e-processed", X_MESSAGE_ID, **ARGS),
        event("deferred", "e-deferred", X_MESSAGE_ID, response="400 try again", attempt="5"),
        event("delivered", "e-delivered", X_MESSAGE_ID, response="250 OK", **ARGS),
        event("open", "e-open", X_MESSAGE_ID, sg_machine_open=False, **ARGS),
        event("click", "e-click", X_MESSAGE_ID, url="https://acme.example.com/x", **ARGS),
        event("bounce", "e-bounce", X_MESSAGE_ID, type="bounce", status="5.1.1", reason="no"),
        event("dropped", "e-dropped", X_MESSAGE_ID, reason="Bounced Address"),
        event("spamreport", "e-spam", X_MESSAGE_ID, **ARGS),
        event("unsubscribe", "e-unsub", X_MESSAGE_ID),
        event("group_unsubscribe", "e-group", X_MESSAGE_ID, asm_group_id=10),
    ]


@pytest.fixture(scope="module")
def signer() -> EventWebhookSigner:
    return EventWebhookSigner()


def test_event_webhook_with_a_good_signature_is_parsed(signer: EventWebhookSigner) -> None:
    body = json.dumps(every_event()).encode()
    headers = signer.sign(body)
    EventWebhookVerifier(signer.public_key).verify(
        body, headers[SIGNATURE_HEADER], headers[TIMESTAMP_HEADER]
    )
    events = {e.sg_event_id: e for e in parse_events(body)}

    effects = {key: (e.event, e.status, e.consent) for key, e in events.items()}
    assert effects == {
        "e-processed": (EmailEventType.processed, MessageStatus.sent, None),
        "e-deferred": (EmailEventType.deferred, None, None),
        "e-delivered": (EmailEventType.delivered, MessageStatus.delivered, None),
        "e-open": (EmailEventType.open, MessageStatus.read, None),
        "e-click": (EmailEventType.click, MessageStatus.read, None),
        "e-bounce": (EmailEventType.bounce, MessageStatus.failed, ConsentStatus.opted_out),
        "e-dropped": (EmailEventType.dropped, MessageStatus.failed, None),
        "e-spam": (EmailEventType.spamreport, None, ConsentStatus.opted_out),
        "e-unsub": (EmailEventType.unsubscribe, None, ConsentStatus.opted_out),
        "e-group": (EmailEventType.group_unsubscribe, None, ConsentStatus.opted_out),
    }
    delivered = events["e-delivered"]
    assert delivered.message_id == MESSAGE and delivered.workspace_id == WORKSPACE
    assert delivered.provider_message_id == X_MESSAGE_ID
    assert delivered.email == "ada@example.com"
    assert delivered.occurred_at == datetime.fromtimestamp(1_760_000_000, UTC)
    bounce = events["e-bounce"]
    assert (bounce.error_code, bounce.error_message) == ("5.1.1", "no")
    assert events["e-dropped"].error_message == "Bounced Address"
    assert events["e-click"].url == "https://acme.example.com/x"
    assert events["e-unsub"].message_id is None


def test_event_webhook_signed_by_another_key_is_refused(signer: EventWebhookSigner) -> None:
    body = json.dumps(every_event()).encode()
    headers = EventWebhookSigner().sign(body)
    with pytest.raises(InvalidWebhookSignature):
        EventWebhookVerifier(signer.public_key).verify(
            body, headers[SIGNATURE_HEADER], headers[TIMESTAMP_HEADER]
        )


@pytest.mark.parametrize("tamper", ["body", "timestamp", "garbage", "missing", "latin1"])
def test_event_webhook_with_a_wrong_signature_is_refused(
    signer: EventWebhookSigner, tamper: str
) -> None:
    body = json.dumps(every_event()).encode()
    headers = signer.sign(body, timestamp=1_760_000_100)
    signature, timestamp = headers[SIGNATURE_HEADER], headers[TIMESTAMP_HEADER]
    presented: tuple[bytes, str | None, str | None] = {
        "body": (body.replace(b"bounce", b"delivr"), signature, timestamp),
        "timestamp": (body, signature, "1760000101"),
        "garbage": (body, "not base64 at all!", timestamp),
        "missing": (body, None, timestamp),
        "latin1": (b"\xff" + body, signature, timestamp),
    }[tamper]
    with pytest.raises(InvalidWebhookSignature):
        EventWebhookVerifier(signer.public_key).verify(*presented)


def test_event_webhook_older_than_max_age_is_refused_when_asked(
    signer: EventWebhookSigner,
) -> None:
    body = b"[]"
    headers = signer.sign(body, timestamp=1_760_000_000)
    verifier = EventWebhookVerifier(signer.public_key, max_age=timedelta(minutes=10))
    signed_at = datetime.fromtimestamp(1_760_000_000, UTC)
    verifier.verify(body, headers[SIGNATURE_HEADER], headers[TIMESTAMP_HEADER], now=signed_at)
    with pytest.raises(InvalidWebhookSignature, match="too old"):
        verifier.verify(
            body,
            headers[SIGNATURE_HEADER],
            headers[TIMESTAMP_HEADER],
            now=signed_at + timedelta(hours=1),
        )


def test_event_webhook_replayed_delivery_parses_to_the_same_event_ids(
    signer: EventWebhookSigner,
) -> None:
    """SendGrid retries re-sign the same batch; `sg_event_id` is what makes them duplicates."""
    body = json.dumps(every_event()).encode()
    verifier = EventWebhookVerifier(signer.public_key)
    seen: list[list[str]] = []
    for timestamp in (1_760_000_000, 1_760_003_600):
        headers = signer.sign(body, timestamp=timestamp)
        verifier.verify(body, headers[SIGNATURE_HEADER], headers[TIMESTAMP_HEADER])
        seen.append([e.sg_event_id for e in parse_events(body)])
    assert seen[0] == seen[1] and len(set(seen[0])) == len(every_event())


@pytest.mark.parametrize(
    "body",
    [
        b"not json",
        b'{"event": "delivered"}',
        b'["delivered"]',
        json.dumps([{"event": "delivered", "timestamp": 1}]).encode(),
        json.dumps([{"sg_event_id": "x", "timestamp": 1}]).encode(),
        json.dumps([{"sg_event_id": "x", "event": "open", "timestamp": "soon"}]).encode(),
    ],
)
def test_event_webhook_malformed_body_is_refused_after_a_good_signature(
    signer: EventWebhookSigner, body: bytes
) -> None:
    headers = signer.sign(body)
    EventWebhookVerifier(signer.public_key).verify(
        body, headers[SIGNATURE_HEADER], headers[TIMESTAMP_HEADER]
    )
    with pytest.raises(MalformedWebhook):
        parse_events(body)


def test_event_webhook_edge_events_change_nothing_they_should_not() -> None:
    body = json.dumps(
        [
            event("open", "m", X_MESSAGE_ID, sg_machine_open=True),
            event("bounce", "b", X_MESSAGE_ID, type="blocked", status="4.0.0"),
            event("account_status_change", "a", X_MESSAGE_ID),
            event("delivered", "d", X_MESSAGE_ID, fluxo_message_id="not-a-uuid"),
        ]
    ).encode()
    machine_open, blocked, unknown, odd_arg = parse_events(body)
    assert machine_open.status is None
    assert (blocked.status, blocked.consent) == (MessageStatus.failed, None)
    assert (unknown.event, unknown.raw_event) == (EmailEventType.other, "account_status_change")
    assert unknown.status is None and unknown.consent is None
    assert odd_arg.message_id is None


def test_event_webhook_verifier_refuses_a_bad_key_at_configuration() -> None:
    with pytest.raises(ValueError, match="verification key"):
        EventWebhookVerifier("not a key")


HEADERS = (
    "Received: by mx0047p1mdw1.sendgrid.net\n"
    "Date: Tue, 14 Oct 2025 09:30:00 -0300\n"
    "From: =?UTF-8?Q?Ad=C3=A1?= <ADA@Example.COM>\n"
    "To: support@inbound.acme.example.com\n"
    "Subject: Re: Your order\n"
    "Message-ID: <CAF+reply-1@mail.example.com>\n"
    "In-Reply-To: <b@acme.example.com>\n"
    "References: <a@acme.example.com>\n <b@acme.example.com>\n"
)


def default_mode_fields(**changes: str | bytes) -> dict[str, str | bytes]:
    fields: dict[str, str | bytes] = {
        "headers": HEADERS,
        "dkim": "{@example.com : pass}",
        "to": "support@inbound.acme.example.com",
        "from": "Adá <ADA@Example.COM>",
        "subject": "Re: Your order",
        "text": "Obrigada!".encode("iso-8859-1"),
        "html": "<p>Obrigada!</p>",
        "sender_ip": "209.85.220.41",
        "spam_score": "0.1",
        "envelope": json.dumps(
            {"to": ["support@inbound.acme.example.com"], "from": "ada@example.com"}
        ),
        "attachments": "1",
        "attachment-info": json.dumps(
            {"attachment1": {"filename": "nota.pdf", "name": "nota.pdf", "type": "application/pdf"}}
        ),
        "charsets": json.dumps(
            {
                "to": "UTF-8",
                "html": "UTF-8",
                "subject": "UTF-8",
                "from": "UTF-8",
                "text": "iso-8859-1",
            }
        ),
        "SPF": "pass",
    }
    fields.update(changes)
    return fields


PDF = b"%PDF-1.4\r\n\x00\xff\r\n--xYz not a boundary\r\n%%EOF"


def test_inbound_parse_reads_the_default_mode() -> None:
    body, content_type = inbound_parse_body(
        default_mode_fields(), [("attachment1", "nota.pdf", "application/pdf", PDF)]
    )
    inbound = parse_inbound(body, content_type)

    assert inbound.message_id == "<CAF+reply-1@mail.example.com>"
    assert inbound.in_reply_to == "<b@acme.example.com>"
    assert inbound.references == ["<a@acme.example.com>", "<b@acme.example.com>"]
    assert (inbound.sender, inbound.sender_name) == ("ada@example.com", "Adá")
    assert inbound.recipients == ["support@inbound.acme.example.com"]
    assert (inbound.subject, inbound.text, inbound.html) == (
        "Re: Your order",
        "Obrigada!",
        "<p>Obrigada!</p>",
    )
    assert inbound.sent_at == datetime(2025, 10, 14, 12, 30, tzinfo=UTC)
    assert inbound.spam_score == 0.1
    [attachment] = inbound.attachments
    assert (attachment.filename, attachment.content_type) == ("nota.pdf", "application/pdf")
    assert attachment.content == PDF


def test_inbound_parse_decodes_fields_in_their_charset() -> None:
    fields = default_mode_fields(text="Não, obrigado".encode("iso-8859-1"))
    inbound = parse_inbound(*inbound_parse_body(fields))
    assert inbound.text == "Não, obrigado"


def test_inbound_parse_reads_the_raw_mime_mode() -> None:
    mime = (
        HEADERS.replace("\n", "\r\n") + "MIME-Version: 1.0\r\n"
        "Content-Type: multipart/alternative; boundary=alt\r\n\r\n"
        "--alt\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nSim, por favor.\r\n"
        "--alt\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<p>Sim, por favor.</p>\r\n"
        "--alt--\r\n"
    ).encode()
    fields: dict[str, str | bytes] = {
        "email": mime,
        "to": "support@inbound.acme.example.com",
        "from": "Adá <ADA@Example.COM>",
        "subject": "Re: Your order",
        "envelope": json.dumps({"to": ["support@inbound.acme.example.com"], "from": "x@y.z"}),
        "charsets": json.dumps({"to": "UTF-8", "from": "UTF-8", "subject": "UTF-8"}),
    }
    inbound = parse_inbound(*inbound_parse_body(fields))
    assert inbound.message_id == "<CAF+reply-1@mail.example.com>"
    assert inbound.in_reply_to == "<b@acme.example.com>"
    assert inbound.text.strip() == "Sim, por favor."
    assert inbound.html.strip() == "<p>Sim, por favor.</p>"
    assert inbound.sender == "ada@example.com"


def test_inbound_parse_replayed_delivery_has_the_same_message_id() -> None:
    """Even without a Message-ID header, a retried POST of the same e-mail dedupes."""
    no_id = HEADERS.replace("Message-ID: <CAF+reply-1@mail.example.com>\n", "")
    first = parse_inbound(*inbound_parse_body(default_mode_fields(headers=no_id)))
    again = parse_inbound(*inbound_parse_body(default_mode_fields(headers=no_id), boundary="b2"))
    assert first.message_id == again.message_id
    assert first.message_id.endswith("@inbound.invalid>")


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        (b'{"from": "ada@example.com"}', "application/json"),
        (b"--xYzZY--\r\n", "multipart/form-data; boundary=xYzZY"),
        inbound_parse_body({"from": "ada@example.com", "text": "no headers field"}),
        inbound_parse_body(default_mode_fields(envelope="{not json")),
        inbound_parse_body(default_mode_fields(charsets="[1, 2]")),
        inbound_parse_body(default_mode_fields(**{"from": "nobody"}, envelope="{}")),
    ],
)
def test_inbound_parse_malformed_body_is_refused(body: bytes, content_type: str) -> None:
    with pytest.raises(MalformedWebhook):
        parse_inbound(body, content_type)


def test_inbound_parse_url_secret_is_compared() -> None:
    secret = new_inbound_secret()
    assert len(secret) >= 43
    verify_inbound_secret(secret, secret)
    for presented, expected in ((secret[:-1] + "x", secret), ("", secret), ("", "")):
        with pytest.raises(InvalidWebhookSignature):
            verify_inbound_secret(presented, expected)
