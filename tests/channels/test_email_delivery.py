"""EmailDelivery against the fake SendGrid Mail Send over real HTTP, with the channel and its
files in each database: a reply threads under the contact's e-mail, from the workspace's own
sender, carrying our message id; SendGrid's refusals are sorted into retry and give up."""

import base64
import uuid
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest

from channels.email.delivery import EmailDelivery, text_as_html
from channels.ports import DeliveryFailed
from domain.delivery import ThreadContext
from domain.enums import ChannelKind, MessageStatus
from domain.message_content import MediaContent, OutboundContent, TemplateContent, TextContent
from tests.channels.delivery_support import ChannelUnderTest, channel_under_test
from tests.domain.test_channel_credentials import email
from tests.fakes.sendgrid_channel import FakeSendGridChannel, running_fake_sendgrid_channel
from tests.support.databases import Sessions

CREDENTIALS = email(reply_to="replies@parse.example.com")
CUSTOMER = "ada@customer.example.org"
LAST_INBOUND = "<CAF=last.reply@mail.customer.example.org>"
FIRST_INBOUND = "<CAF=first@mail.customer.example.org>"
THREAD = ThreadContext(
    last_inbound_provider_id=LAST_INBOUND,
    subject="Pedido 123 atrasado",
    references=[FIRST_INBOUND, LAST_INBOUND],
)


@pytest.fixture
async def sendgrid() -> AsyncIterator[FakeSendGridChannel]:
    async with running_fake_sendgrid_channel(api_key=CREDENTIALS["api_key"]) as fake:
        yield fake


@pytest.fixture
async def line(sessions: Sessions, tmp_path: Path) -> ChannelUnderTest:
    return await channel_under_test(sessions, tmp_path, ChannelKind.email, CREDENTIALS)


@pytest.fixture
async def mailer(
    sendgrid: FakeSendGridChannel, line: ChannelUnderTest
) -> AsyncIterator[EmailDelivery]:
    async with httpx.AsyncClient(timeout=5) as http:
        yield EmailDelivery(line.directory, line.attachments, http, sendgrid.base_url)


async def test_a_reply_threads_under_the_contacts_last_email(
    sendgrid: FakeSendGridChannel, line: ChannelUnderTest, mailer: EmailDelivery
) -> None:
    delivery = line.delivery(
        TextContent(text="Já foi enviado hoje."),
        contact_key=CUSTOMER,
        contact_name="Ada Lovelace",
        thread=THREAD,
    )
    receipt = await mailer.deliver(delivery)

    [sent] = sendgrid.sent
    assert receipt.status == MessageStatus.sent
    assert receipt.provider_message_id == sent.message_id
    body = sent.body
    assert body["from"] == {"email": "support@example.com", "name": "Example Support"}
    assert body["reply_to"] == {"email": "replies@parse.example.com"}
    assert body["personalizations"][0]["to"] == [{"email": CUSTOMER, "name": "Ada Lovelace"}]
    assert body["subject"] == "Re: Pedido 123 atrasado"
    assert body["content"] == [
        {"type": "text/plain", "value": "Já foi enviado hoje."},
        {"type": "text/html", "value": text_as_html("Já foi enviado hoje.")},
    ]
    assert body["headers"] == {
        "Message-ID": f"<{delivery.message.id}@example.com>",
        "In-Reply-To": LAST_INBOUND,
        "References": f"{FIRST_INBOUND} {LAST_INBOUND}",
    }
    # Every Event Webhook event of this e-mail comes back with our ids.
    assert body["custom_args"] == {
        "fluxo_message_id": str(delivery.message.id),
        "fluxo_workspace_id": str(line.workspace_id),
    }


@pytest.mark.parametrize(
    ("thread", "content", "subject"),
    [
        # Already a reply: no "Re: Re:".
        (ThreadContext(subject="RE: Pedido 123"), TextContent(text="Ok"), "RE: Pedido 123"),
        # Nothing to answer: a subject of its own, with no thread headers.
        (ThreadContext(), TextContent(text="Olá"), "Message from Example Support"),
        (THREAD, TextContent(text="Olá", subject="Nova proposta"), "Nova proposta"),
        (
            ThreadContext(),
            TemplateContent(name="boas_vindas", language="pt_BR", rendered="Bem-vinda, Ada!"),
            "Message from Example Support",
        ),
    ],
)
async def test_the_subject_follows_the_thread_unless_the_agent_sets_one(
    sendgrid: FakeSendGridChannel,
    line: ChannelUnderTest,
    mailer: EmailDelivery,
    thread: ThreadContext,
    content: OutboundContent,
    subject: str,
) -> None:
    await mailer.deliver(line.delivery(content, contact_key=CUSTOMER, thread=thread))
    [sent] = sendgrid.sent
    assert sent.body["subject"] == subject
    assert ("In-Reply-To" in sent.body["headers"]) == (thread.last_inbound_provider_id is not None)
    if isinstance(content, TemplateContent):
        assert sent.body["content"][0]["value"] == "Bem-vinda, Ada!"


async def test_an_attachment_goes_base64_with_its_name_and_type(
    sendgrid: FakeSendGridChannel, line: ChannelUnderTest, mailer: EmailDelivery
) -> None:
    data = b"%PDF-1.7\n" + bytes(range(256)) * 8
    report = await line.attach(data, "relatório junho.pdf", "application/pdf")
    content = MediaContent(media_type="document", attachment_id=report.id, caption="Segue")
    await mailer.deliver(line.delivery(content, contact_key=CUSTOMER, thread=THREAD))

    [sent] = sendgrid.sent
    [attachment] = sent.body["attachments"]
    assert base64.b64decode(attachment["content"]) == data
    assert attachment["filename"] == "relatório junho.pdf"
    assert attachment["type"] == "application/pdf"
    assert attachment["disposition"] == "attachment"
    assert [part["type"] for part in sent.body["content"]] == ["text/plain", "text/html"]
    assert sent.body["content"][0]["value"] == "Segue"


async def failure(
    mailer: EmailDelivery, delivery_content: OutboundContent, line: ChannelUnderTest
) -> DeliveryFailed:
    with pytest.raises(DeliveryFailed) as raised:
        await mailer.deliver(line.delivery(delivery_content, contact_key=CUSTOMER, thread=THREAD))
    return raised.value


async def test_a_refusal_is_permanent_with_sendgrids_reason(
    sendgrid: FakeSendGridChannel, line: ChannelUnderTest, mailer: EmailDelivery
) -> None:
    reason = "The from address does not match a verified Sender Identity."
    sendgrid.fail_next(403, body={"errors": [{"field": "from", "message": reason, "help": None}]})
    failed = await failure(mailer, TextContent(text="Olá"), line)
    assert (failed.permanent, failed.maybe_sent, failed.code) == (True, False, "sendgrid_403")
    assert reason in failed.agent_message
    assert sendgrid.sent == []


@pytest.mark.parametrize(
    ("status", "retry_after", "maybe_sent"),
    [(429, "12", False), (503, "3", True), (500, None, True), (502, None, True), (408, None, True)],
)
async def test_rate_limits_and_outages_are_retried_after_the_hint(
    sendgrid: FakeSendGridChannel,
    line: ChannelUnderTest,
    mailer: EmailDelivery,
    status: int,
    retry_after: str | None,
    maybe_sent: bool,
) -> None:
    sendgrid.fail_next(status, headers={"Retry-After": retry_after} if retry_after else None)
    failed = await failure(mailer, TextContent(text="Olá"), line)
    # A 429 is a refusal; a 5xx or 408 may come after SendGrid accepted the e-mail.
    assert (failed.permanent, failed.maybe_sent) == (False, maybe_sent)
    assert failed.code == f"sendgrid_{status}"
    assert failed.retry_after == (float(retry_after) if retry_after else None)

    # The next attempt goes through.
    receipt = await mailer.deliver(line.delivery(TextContent(text="Olá"), contact_key=CUSTOMER))
    assert receipt.provider_message_id == sendgrid.sent[0].message_id


async def test_a_missing_attachment_or_channel_is_permanent(
    sendgrid: FakeSendGridChannel,
    line: ChannelUnderTest,
    mailer: EmailDelivery,
    sessions: Sessions,
    tmp_path: Path,
) -> None:
    gone = MediaContent(media_type="document", attachment_id=uuid.uuid4())
    failed = await failure(mailer, gone, line)
    assert failed.permanent and failed.agent_message == "The attached file no longer exists."

    unconnected = await channel_under_test(sessions, tmp_path, ChannelKind.email, None)
    async with httpx.AsyncClient(timeout=5) as http:
        orphan = EmailDelivery(
            unconnected.directory, unconnected.attachments, http, sendgrid.base_url
        )
        failed = await failure(orphan, TextContent(text="Olá"), unconnected)
    assert failed.permanent and "Settings" in failed.agent_message
    assert sendgrid.calls == 0


def test_the_html_part_shows_the_agents_text_escaped_with_its_line_breaks() -> None:
    html = text_as_html("Oi <b>Ana</b>,\nsegue o link & o código.\n\nAbraço")
    assert "<p>Oi &lt;b&gt;Ana&lt;/b&gt;,<br>segue o link &amp; o código.</p><p>Abraço</p>" in html
