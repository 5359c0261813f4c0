"""SendGrid's Inbound Parse and signed Event Webhook through the running app."""

import json
import uuid
from typing import Any

import httpx
from sqlalchemy import func
from sqlmodel import select

from domain.enums import ChannelKind, MessageStatus
from domain.message_content import MediaContent, TextContent
from stores.tables.inbox import Attachment
from tests.api.webhook_support import (
    Connected,
    connect,
    consent_state,
    conversations,
    message,
    messages_with,
    outbound_message,
)
from tests.fakes.sendgrid_channel import EventWebhookSigner, event, inbound_parse_body
from tests.support.harness import Harness

SENDER = "ada@example.com"
PDF = b"%PDF-1.4\r\n\x00\xff\r\n%%EOF"


def headers(message_id: str) -> str:
    return (
        f"Message-ID: {message_id}\n"
        "Date: Tue, 14 Oct 2025 12:30:00 +0000\n"
        "From: Ada <ada@example.com>\n"
        "To: support@inbound.acme.example.com\n"
        "Subject: Order 42\n"
    )


def inbound_email(
    message_id: str, text: str, files: list[tuple[str, str, str, bytes]] | None = None
) -> tuple[bytes, str]:
    fields: dict[str, str | bytes] = {
        "headers": headers(message_id),
        "to": "support@inbound.acme.example.com",
        "from": "Ada Lovelace <ADA@Example.COM>",
        "subject": "Order 42",
        "text": text,
        "envelope": json.dumps({"to": ["support@inbound.acme.example.com"], "from": SENDER}),
        "charsets": json.dumps({"text": "UTF-8", "subject": "UTF-8", "from": "UTF-8"}),
    }
    files = files or []
    if files:
        fields["attachments"] = str(len(files))
        fields["attachment-info"] = json.dumps(
            {name: {"filename": filename, "type": kind} for name, filename, kind, _ in files}
        )
    return inbound_parse_body(fields, files)


async def connect_email(app: Harness, signer: EventWebhookSigner | None = None) -> Connected:
    key = (signer or EventWebhookSigner()).public_key
    return await connect(app, "email", event_webhook_public_key=key)


async def post_email(
    app: Harness, connected: Connected, email: tuple[bytes, str]
) -> httpx.Response:
    body, content_type = email
    return await app.http().post(
        connected.path("email_inbound_parse_url"),
        content=body,
        headers={"Content-Type": content_type},
    )


async def post_events(
    app: Harness,
    connected: Connected,
    signer: EventWebhookSigner,
    events: list[dict[str, Any]] | bytes,
    signature: dict[str, str] | None = None,
) -> httpx.Response:
    raw = events if isinstance(events, bytes) else json.dumps(events).encode()
    return await app.http().post(
        connected.path("email_event_webhook_url"),
        content=raw,
        headers={"Content-Type": "application/json", **(signature or signer.sign(raw))},
    )


async def attachment_count(app: Harness, connected: Connected) -> int:
    async with app.services.sessions() as session:
        count = await session.scalar(
            select(func.count())
            .select_from(Attachment)
            .where(Attachment.workspace_id == connected.account.workspace_id)
        )
    return int(count or 0)


async def test_inbound_email_with_attachment_is_stored_once(app: Harness) -> None:
    connected = await connect_email(app)
    email = inbound_email(
        "<CAF+1@mail.example.com>",
        "Where is it?\n\nOn Mon, Support <s@acme.example.com> wrote:\n> It ships soon",
        [("attachment1", "nota.pdf", "application/pdf", PDF)],
    )
    response = await post_email(app, connected, email)
    assert response.status_code == 200, response.text
    assert response.json()["messages"] == 2

    text, pdf = await messages_with(app, connected, SENDER, 2)
    assert text.client_message_id == "<CAF+1@mail.example.com>"
    assert isinstance(text.content, TextContent)
    assert (text.content.text, text.content.subject) == ("Where is it?", "Order 42")
    assert pdf.client_message_id == "<CAF+1@mail.example.com>#1"
    assert isinstance(pdf.content, MediaContent)
    assert (pdf.content.media_type, pdf.content.filename) == ("document", "nota.pdf")
    assert pdf.content.attachment_id is not None
    stored = await app.services.attachments.get(
        connected.account.workspace_id, pdf.content.attachment_id
    )
    assert stored is not None
    assert await app.services.attachments.read_bytes(stored) == PDF
    [conversation] = await conversations(app, connected)
    assert conversation.contact_key == SENDER and conversation.contact_name == "Ada Lovelace"
    assert conversation.channel_kind == ChannelKind.email

    # SendGrid posts it again (its retries last three days): no new message, no new file.
    assert (await post_email(app, connected, email)).status_code == 200
    later = inbound_email("<CAF+2@mail.example.com>", "Any news?")
    assert (await post_email(app, connected, later)).status_code == 200
    stored_messages = await messages_with(app, connected, SENDER, 3)
    assert [m.text for m in stored_messages] == [
        "Order 42 — Where is it?",
        "[document] nota.pdf",
        "Order 42 — Any news?",
    ]
    assert await attachment_count(app, connected) == 1


async def test_inbound_parse_refuses_unknown_urls_and_malformed_posts(
    sqlite_app: Harness,
) -> None:
    app = sqlite_app
    connected = await connect_email(app)
    body, content_type = inbound_email("<x@mail.example.com>", "hello")
    unknown = await app.http().post(
        f"/api/webhooks/email/{uuid.uuid4().hex}/inbound",
        content=body,
        headers={"Content-Type": content_type},
    )
    assert unknown.status_code == 404
    # An SMS channel's key is no e-mail channel's.
    sms = await connect(app, "sms")
    other_kind = await app.http().post(
        f"/api/webhooks/email/{sms.webhook_key}/inbound",
        content=body,
        headers={"Content-Type": content_type},
    )
    assert other_kind.status_code == 404
    not_multipart = await app.http().post(
        connected.path("email_inbound_parse_url"), json={"from": "ada@example.com"}
    )
    assert not_multipart.status_code == 400 and "multipart" in not_multipart.json()["detail"]
    no_sender = inbound_parse_body({"headers": "Subject: x\n", "text": "hi"})
    assert (await post_email(app, connected, no_sender)).status_code == 400

    assert (await post_email(app, connected, (body, content_type))).status_code == 200
    assert [m.text for m in await messages_with(app, connected, SENDER, 1)] == ["Order 42 — hello"]


async def test_events_move_statuses_forward_and_bounces_opt_out(app: Harness) -> None:
    signer = EventWebhookSigner()
    connected = await connect_email(app, signer)
    assert (
        await post_email(app, connected, inbound_email("<a@x.example>", "hi"))
    ).status_code == 200
    await messages_with(app, connected, SENDER, 1)
    [conversation] = await conversations(app, connected)
    message_id = await outbound_message(app, connected, conversation)
    x_message_id = "Sd9PX3jJQpq2j8H1fT3xvQ"
    args = {
        "fluxo_message_id": str(message_id),
        "fluxo_workspace_id": str(connected.account.workspace_id),
    }

    first = [
        event("processed", "e-1", x_message_id, **args),
        event("delivered", "e-2", x_message_id, **args),
        event("open", "e-3", x_message_id, sg_machine_open=False, **args),
    ]
    response = await post_events(app, connected, signer, first)
    assert response.status_code == 200 and response.json()["statuses"] == 3
    opened = await message(app, connected, message_id)
    assert (opened.status, opened.provider_message_id) == (MessageStatus.read, x_message_id)

    # A bounce after the open fails nothing, but the dead address is opted out and suppressed.
    bounce = [
        event("delivered", "e-2", x_message_id, **args),
        event("bounce", "e-4", x_message_id, type="bounce", status="5.1.1", reason="no such user"),
    ]
    assert (await post_events(app, connected, signer, bounce)).status_code == 200
    assert (await message(app, connected, message_id)).status == MessageStatus.read
    state = await consent_state(app, connected, "email", SENDER)
    assert state.consent == {ChannelKind.email: "opted_out"}
    assert state.suppressed == [SENDER]
    [line] = state.consent_events
    assert (line["source"], line["suppressed"]) == ("sendgrid bounce", "email")
    assert "e-4" in line["proof"] and "no such user" in line["proof"]

    # The same batch delivered again: no second timeline line.
    assert (await post_events(app, connected, signer, bounce)).status_code == 200
    assert (await consent_state(app, connected, "email", SENDER)).consent_events == [line]

    # Dropped before delivery: failed, with a reason for the agent.
    dropped_id = await outbound_message(app, connected, conversation)
    dropped = event(
        "dropped",
        "e-5",
        "Other22charactersXXXXX",
        reason="Bounced Address",
        fluxo_message_id=str(dropped_id),
    )
    assert (await post_events(app, connected, signer, [dropped])).status_code == 200
    failed = await message(app, connected, dropped_id)
    assert (failed.status, failed.error_code) == (MessageStatus.failed, "dropped")
    assert failed.error_message == "SendGrid did not send the e-mail: Bounced Address"


async def test_forged_malformed_and_foreign_events_change_nothing(sqlite_app: Harness) -> None:
    app = sqlite_app
    signer = EventWebhookSigner()
    connected = await connect_email(app, signer)
    assert (
        await post_email(app, connected, inbound_email("<a@x.example>", "hi"))
    ).status_code == 200
    await messages_with(app, connected, SENDER, 1)
    [conversation] = await conversations(app, connected)
    message_id = await outbound_message(app, connected, conversation)
    ours = {"fluxo_message_id": str(message_id)}
    delivered = [event("delivered", "e-1", "Xid", **ours)]

    other_signer = EventWebhookSigner()
    raw = json.dumps(delivered).encode()
    forged = await post_events(app, connected, signer, raw, signature=other_signer.sign(raw))
    assert forged.status_code == 403 and "signature" in forged.json()["detail"]
    stale_body = await post_events(
        app, connected, signer, raw.replace(b"delivered", b"bounce"), signature=signer.sign(raw)
    )
    assert stale_body.status_code == 403
    unsigned = await app.http().post(connected.path("email_event_webhook_url"), content=raw)
    assert unsigned.status_code == 403
    assert (await post_events(app, connected, signer, b"not json")).status_code == 400
    assert (await post_events(app, connected, signer, [{"event": "open"}])).status_code == 400

    # Signed by our key but naming another workspace (a shared SendGrid account): not ours.
    foreign = [
        event(
            "spamreport",
            "e-9",
            "Xid",
            fluxo_message_id=str(message_id),
            fluxo_workspace_id=str(uuid.uuid4()),
        )
    ]
    assert (await post_events(app, connected, signer, foreign)).status_code == 200

    assert (await message(app, connected, message_id)).status == MessageStatus.queued
    state = await consent_state(app, connected, "email", SENDER)
    assert state.consent == {} and state.suppressed == []

    # The spam report of our own mail does count.
    complaint = [event("spamreport", "e-10", "Xid", **ours)]
    assert (await post_events(app, connected, signer, complaint)).status_code == 200
    state = await consent_state(app, connected, "email", SENDER)
    assert state.consent == {ChannelKind.email: "opted_out"} and state.suppressed == [SENDER]
