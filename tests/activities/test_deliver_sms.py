"""`deliver_reply` on SMS against a Twilio that does not deduplicate (it documents no
idempotency key for creating messages): a send whose answer was lost is never sent again."""

import uuid
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from sqlmodel import select

from activities.contracts.conversations import DeliverReplyInput
from activities.conversations import ConversationActivities
from channels.sms.delivery import SmsDelivery
from domain.conversations import AgentReply, ConversationRef, InboundMessage
from domain.enums import ChannelKind, MessageStatus
from domain.timeutil import utcnow
from infra.eventbus import InProcessEventBus
from stores.conversations.store import ConversationStore
from stores.tables.workspaces import Membership
from tests.activities.send_support import environment
from tests.channels.delivery_support import channel_under_test
from tests.domain.test_channel_credentials import sms
from tests.fakes.twilio import FakeTwilio, running_fake_twilio
from tests.support.databases import Sessions

CUSTOMER = "+5521998765432"


@pytest.fixture
async def twilio() -> AsyncIterator[FakeTwilio]:
    async with running_fake_twilio() as fake:
        fake.honours_idempotency_token = False
        yield fake


@pytest.mark.parametrize("lost", ["answer", "503"])
async def test_an_sms_whose_outcome_is_unknown_is_never_sent_twice(
    sessions: Sessions, tmp_path: Path, twilio: FakeTwilio, lost: str
) -> None:
    credentials = sms(account_sid=twilio.account_sid, auth_token=twilio.auth_token)
    line = await channel_under_test(sessions, tmp_path, ChannelKind.sms, credentials)
    store = ConversationStore(sessions)
    ref = ConversationRef(
        workspace_id=line.workspace_id,
        channel_id=line.channel_id,
        channel_kind=ChannelKind.sms,
        contact_key=CUSTOMER,
    )
    recorded = await store.record_inbound(
        ref,
        f"test/{uuid.uuid4()}",
        InboundMessage(
            client_message_id="SM1", text="Oi", received_at=utcnow(), contact_phone=CUSTOMER
        ),
    )
    async with sessions() as session:
        agent_id = (
            await session.execute(
                select(Membership.user_id).where(Membership.workspace_id == line.workspace_id)
            )
        ).scalar_one()
    reply = AgentReply(
        message_id=uuid.uuid4(),
        conversation_id=recorded.conversation.id,
        author_user_id=agent_id,
        text="Olá!",
        requested_at=utcnow(),
    )
    if lost == "answer":
        # Twilio created the SMS; its answer never reached us.
        twilio.lose_next_responses = 1
    async with httpx.AsyncClient(timeout=5) as http:
        texter = SmsDelivery(line.directory, http, twilio.base_url, "https://fluxo.example.com")
        activities = ConversationActivities(store, InProcessEventBus(), {ChannelKind.sms: texter})
        if lost == "503":
            twilio.fail_next(503)
        for attempt in (1, 2):
            result = await environment(attempt).run(
                activities.deliver_reply, DeliverReplyInput(ref=ref, reply=reply)
            )
            assert result.status == MessageStatus.unconfirmed
    assert len(twilio.requests) == 1
