"""SmsDelivery against the fake Twilio Messages API over real HTTP, with the channel in each
database: the form Twilio receives, the status callback that maps back to our message, the
idempotency token that makes a repeated send one SMS, and how refusals are reported."""

import uuid
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest

from channels.ports import DeliveryFailed, OutboundDelivery
from channels.sms.delivery import SmsDelivery
from domain.enums import ChannelKind, MessageStatus
from domain.message_content import MediaContent, OutboundContent, TemplateContent, TextContent
from tests.channels.delivery_support import ChannelUnderTest, channel_under_test
from tests.domain.test_channel_credentials import sms
from tests.fakes.twilio import FakeTwilio, running_fake_twilio
from tests.support.databases import Sessions

CUSTOMER = "+5521998765432"
OUR_NUMBER = "+5511987654321"  # sms()'s "+55 11 98765-4321", as stored
PUBLIC_URL = "https://fluxo.example.com/"


@pytest.fixture
async def twilio() -> AsyncIterator[FakeTwilio]:
    async with running_fake_twilio() as fake:
        yield fake


@pytest.fixture
async def line(sessions: Sessions, tmp_path: Path, twilio: FakeTwilio) -> ChannelUnderTest:
    credentials = sms(account_sid=twilio.account_sid, auth_token=twilio.auth_token)
    return await channel_under_test(sessions, tmp_path, ChannelKind.sms, credentials)


@pytest.fixture
async def texter(twilio: FakeTwilio, line: ChannelUnderTest) -> AsyncIterator[SmsDelivery]:
    async with httpx.AsyncClient(timeout=5) as http:
        yield SmsDelivery(line.directory, http, twilio.base_url, PUBLIC_URL)


async def test_the_body_goes_out_with_a_callback_that_names_our_message(
    twilio: FakeTwilio, line: ChannelUnderTest, texter: SmsDelivery
) -> None:
    delivery = line.delivery(TextContent(text="Seu código é 4821"), contact_key=CUSTOMER)
    receipt = await texter.deliver(delivery)

    [request] = twilio.requests
    message_id = delivery.message.id
    assert request["form"] == {
        "To": [CUSTOMER],
        "From": [OUR_NUMBER],
        "Body": ["Seu código é 4821"],
        "StatusCallback": [
            f"https://fluxo.example.com/api/webhooks/sms/{line.webhook_key}/status?m={message_id}"
        ],
    }
    # Twilio deduplicates on it: our message id, the same on every attempt.
    assert request["idempotency_token"] == str(message_id)
    [sent] = twilio.sent
    assert receipt.provider_message_id == sent["sid"]
    assert receipt.status == MessageStatus.queued


async def test_a_repeated_send_of_one_message_is_one_sms(
    twilio: FakeTwilio, line: ChannelUnderTest, texter: SmsDelivery
) -> None:
    message_id = uuid.uuid4()

    def again() -> OutboundDelivery:
        return line.delivery(TextContent(text="Oi"), contact_key=CUSTOMER, message_id=message_id)

    # Twilio sent the first one but its answer was lost: the send ledger must not send a
    # second (Twilio documents no idempotency key for this; its token is only a backstop).
    twilio.lose_next_responses = 1
    with pytest.raises(DeliveryFailed) as lost:
        await texter.deliver(again())
    assert (lost.value.permanent, lost.value.maybe_sent) == (False, True)
    first = await texter.deliver(again())
    second = await texter.deliver(again())

    assert len(twilio.requests) == 3
    [sent] = twilio.sent
    assert first.provider_message_id == second.provider_message_id == sent["sid"]
    # Another message is another SMS.
    await texter.deliver(line.delivery(TextContent(text="Oi"), contact_key=CUSTOMER))
    assert len(twilio.sent) == 2


async def test_a_template_goes_as_its_rendered_text(
    twilio: FakeTwilio, line: ChannelUnderTest, texter: SmsDelivery
) -> None:
    template = TemplateContent(
        name="lembrete", language="pt_BR", body_values=["Ada"], rendered="Olá Ada, até amanhã."
    )
    await texter.deliver(line.delivery(template, contact_key=CUSTOMER))
    assert twilio.sent[0]["body"] == "Olá Ada, até amanhã."


async def failure(
    texter: SmsDelivery, line: ChannelUnderTest, content: OutboundContent, to: str = CUSTOMER
) -> DeliveryFailed:
    with pytest.raises(DeliveryFailed) as raised:
        await texter.deliver(line.delivery(content, contact_key=to))
    return raised.value


async def test_media_is_refused_before_anything_is_sent(
    twilio: FakeTwilio, line: ChannelUnderTest, texter: SmsDelivery
) -> None:
    photo = await line.attach(b"\xff\xd8\xff photo", "foto.jpg", "image/jpeg")
    failed = await failure(
        texter, line, MediaContent(media_type="image", attachment_id=photo.id, caption="Olha")
    )
    assert (failed.permanent, failed.maybe_sent) == (True, False)
    assert "text only" in failed.agent_message and "WhatsApp or e-mail" in failed.agent_message
    assert twilio.requests == []


async def test_an_invalid_number_is_permanent(
    twilio: FakeTwilio, line: ChannelUnderTest, texter: SmsDelivery
) -> None:
    # Twilio's own verdict on a number that looks plausible here.
    twilio.fail_next(400, code=21211, message=f"The 'To' number {CUSTOMER} is not valid.")
    failed = await failure(texter, line, TextContent(text="Oi"))
    assert (failed.permanent, failed.maybe_sent, failed.code) == (True, False, "21211")
    assert "not a valid phone number" in failed.agent_message

    # A number that is not one at all never reaches Twilio.
    requests_so_far = len(twilio.requests)
    local = await failure(texter, line, TextContent(text="Oi"), to="not-a-number")
    assert local.permanent and local.code == "invalid_number"
    assert len(twilio.requests) == requests_so_far


async def test_an_unsubscribed_recipient_is_permanent_and_says_so(
    twilio: FakeTwilio, line: ChannelUnderTest, texter: SmsDelivery
) -> None:
    twilio.unsubscribed.add(CUSTOMER)
    failed = await failure(texter, line, TextContent(text="Promoção"))
    assert (failed.permanent, failed.code) == (True, "21610")
    assert "START" in failed.agent_message
    assert twilio.sent == []


@pytest.mark.parametrize(
    ("status", "retry_after", "maybe_sent"), [(429, "7", False), (503, None, True)]
)
async def test_rate_limits_and_outages_are_retried(
    twilio: FakeTwilio,
    line: ChannelUnderTest,
    texter: SmsDelivery,
    status: int,
    retry_after: str | None,
    maybe_sent: bool,
) -> None:
    twilio.fail_next(status, retry_after=retry_after)
    failed = await failure(texter, line, TextContent(text="Oi"))
    assert (failed.permanent, failed.maybe_sent) == (False, maybe_sent)
    assert failed.retry_after == (float(retry_after) if retry_after else None)
    assert twilio.sent == []


async def test_a_channel_without_credentials_is_permanent(
    twilio: FakeTwilio, sessions: Sessions, tmp_path: Path
) -> None:
    unconnected = await channel_under_test(sessions, tmp_path, ChannelKind.sms, None)
    async with httpx.AsyncClient(timeout=5) as http:
        texter = SmsDelivery(unconnected.directory, http, twilio.base_url, PUBLIC_URL)
        failed = await failure(texter, unconnected, TextContent(text="Oi"))
    assert failed.permanent and "Settings" in failed.agent_message
    assert twilio.requests == []
