"""`deliver_reply` on each database against the fake Graph API: the consent gate before the
ledger, transient failures shown while retries go on, unknown outcomes `unconfirmed` and never
resent, and the ledger marked only right before the provider call."""

import asyncio
import contextlib
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession
from temporalio.exceptions import ApplicationError

from channels.ports import ChannelAdapter, DeliveryReceipt, OutboundDelivery, SendCall
from domain.enums import ChannelKind, ConsentStatus, MessageStatus, SuppressionKind
from domain.send_consent import SendPurpose
from domain.timeutil import utcnow
from infra.eventbus import InProcessEventBus
from stores.contacts.channel_consent import AddressConsent, record_address_consent
from stores.contacts.privacy import add_suppression
from stores.conversations.delivery_statuses import DeliveryStatuses
from stores.tables.contacts import ContactConsent
from stores.tables.workspaces import Workspace
from tests.activities.send_support import SendWorld, inbox_topic, send_world
from tests.channels.delivery_support import channel_under_test
from tests.channels.whatsapp_delivery_support import CREDENTIALS, CUSTOMER, running_meta
from tests.fakes.whatsapp import FakeWhatsApp
from tests.support.databases import Sessions


@pytest.fixture
async def meta() -> AsyncIterator[FakeWhatsApp]:
    async with running_meta() as fake:
        yield fake


@pytest.fixture
async def http() -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(timeout=5) as client:
        yield client


@pytest.fixture
async def world(
    sessions: Sessions, tmp_path: Path, meta: FakeWhatsApp, http: httpx.AsyncClient
) -> SendWorld:
    line = await channel_under_test(sessions, tmp_path, ChannelKind.whatsapp, CREDENTIALS)
    return await send_world(sessions, line, meta, http)


async def _consent(world: SendWorld, status: ConsentStatus, *, suppress: bool = False) -> None:
    await record_address_consent(
        world.sessions,
        world.line.workspace_id,
        AddressConsent(
            channel=ChannelKind.whatsapp,
            address_kind=SuppressionKind.phone,
            address=f"+{CUSTOMER}",
            status=status,
            source="form",
            suppress=suppress,
        ),
        now=utcnow(),
    )


@pytest.mark.parametrize("suppress", [False, True])
async def test_an_opt_out_wins_even_over_a_reply_to_a_contact_who_just_wrote(
    world: SendWorld, suppress: bool
) -> None:
    await _consent(world, ConsentStatus.opted_out, suppress=suppress)
    reply = world.reply()

    result = await world.deliver(reply)

    assert result.status == MessageStatus.skipped
    message = await world.message(reply.message_id)
    assert (message.status, message.error_code) == (MessageStatus.skipped, "opted_out")
    assert message.error_message and "opted out of WhatsApp" in message.error_message
    # Stopped before the ledger: nothing marked, nothing sent; a retry changes nothing.
    assert message.send_attempted_at is None
    assert (await world.deliver(reply, attempt=2)).status == MessageStatus.skipped
    assert world.meta.sent == []


async def test_a_suppressed_address_gets_nothing(world: SendWorld) -> None:
    # Suppressed by hand (or by another channel's opt-out): no consent row says so.
    async with world.sessions() as session, session.begin():
        await add_suppression(
            session,
            world.line.workspace_id,
            SuppressionKind.phone,
            f"+{CUSTOMER}",
            "asked us by phone",
            actor_user_id=None,
            now=utcnow(),
        )
    reply = world.reply()
    assert (await world.deliver(reply)).status == MessageStatus.skipped
    message = await world.message(reply.message_id)
    assert message.error_code == "suppressed"
    assert message.error_message and "asked us by phone" in message.error_message
    assert world.meta.sent == []


async def test_a_proactive_send_needs_an_opt_in_unless_the_workspace_turns_it_off(
    world: SendWorld,
) -> None:
    first = world.reply("Novidades!", by_agent=False)
    assert (await world.deliver(first, purpose=SendPurpose.proactive)).status == (
        MessageStatus.skipped
    )
    skipped = await world.message(first.message_id)
    assert skipped.error_code == "no_opt_in"
    # The same message as a reply to the contact goes out: only proactive sends need opt-in.
    answer = world.reply("Entregamos sim!", by_agent=False)
    assert (await world.deliver(answer)).status == MessageStatus.sent

    await _consent(world, ConsentStatus.opted_in)
    opted_in = world.reply("Novidades!", by_agent=False)
    assert (await world.deliver(opted_in, purpose=SendPurpose.proactive)).status == (
        MessageStatus.sent
    )

    await _consent(world, ConsentStatus.opted_out)
    async with world.sessions() as session, session.begin():
        workspace = await session.get(Workspace, world.line.workspace_id)
        assert workspace is not None
        workspace.proactive_needs_opt_in = False
    # The rule off lets proactive sends go without an opt-in, never past an opt-out.
    opted_out = world.reply("Novidades!", by_agent=False)
    assert (await world.deliver(opted_out, purpose=SendPurpose.proactive)).status == (
        MessageStatus.skipped
    )
    async with world.sessions() as session, session.begin():
        await session.delete(await _consent_row(session, world))
    rule_off = world.reply("Novidades!", by_agent=False)
    assert (await world.deliver(rule_off, purpose=SendPurpose.proactive)).status == (
        MessageStatus.sent
    )
    assert [m["text"]["body"] for m in world.meta.sent] == [
        "Entregamos sim!",
        "Novidades!",
        "Novidades!",
    ]


async def _consent_row(session: AsyncSession, world: SendWorld) -> ContactConsent:
    row = await session.get(ContactConsent, (world.contact_id, ChannelKind.whatsapp))
    assert row is not None
    return row


async def test_a_transient_failure_shows_its_reason_while_retries_go_on(
    world: SendWorld,
) -> None:
    world.meta.fail_next(429, code=130429, message="(#130429) Rate limit hit", retry_after="30")
    reply = world.reply()
    async with world.bus.subscribe(inbox_topic(world)) as stream:
        with pytest.raises(ApplicationError) as raised:
            await world.deliver(reply)
        events = [await asyncio.wait_for(anext(stream), 5) for _ in range(3)]
    assert raised.value.type == "DeliveryRetryable"
    assert raised.value.next_retry_delay == timedelta(seconds=30)
    message = await world.message(reply.message_id)
    assert (message.status, message.error_code) == (MessageStatus.queued, "130429")
    assert message.error_message == "WhatsApp is busy or unreachable; retrying."
    # Meta refused it: no mark stays, so the retry sends.
    assert message.send_attempted_at is None
    assert '"error_message":"WhatsApp is busy or unreachable; retrying."' in events[-1]

    assert (await world.deliver(reply, attempt=2)).status == MessageStatus.sent
    sent = await world.message(reply.message_id)
    assert (sent.error_code, sent.error_message) == (None, None)
    assert len(world.meta.sent) == 1


@pytest.mark.parametrize("status", [500, 502, 503, 504])
async def test_an_unknown_outcome_is_unconfirmed_at_once_and_never_resent(
    world: SendWorld, status: int
) -> None:
    world.meta.fail_next(status, code=2, message="Service temporarily unavailable")
    reply = world.reply()
    # No retry is spent waiting: the activity ends, the conversation moves on.
    assert (await world.deliver(reply)).status == MessageStatus.unconfirmed
    message = await world.message(reply.message_id)
    assert message.error_code == "unconfirmed"
    assert message.error_message and "could not confirm" in message.error_message
    calls = len(world.meta.requests)
    # Replayed (a retry after a crash): still unconfirmed, and Meta is not asked again.
    assert (await world.deliver(reply, attempt=2)).status == MessageStatus.unconfirmed
    assert len(world.meta.requests) == calls

    # Meta's status webhook (our id in the callback data) settles it.
    statuses = DeliveryStatuses(world.sessions, InProcessEventBus())
    outcome = await statuses.apply_status(
        world.line.workspace_id,
        message_id=reply.message_id,
        provider_message_id="wamid.late",
        status=MessageStatus.sent,
        occurred_at=utcnow(),
    )
    assert outcome.changed
    settled = await world.message(reply.message_id)
    assert (settled.status, settled.provider_message_id) == (MessageStatus.sent, "wamid.late")
    assert (settled.error_code, settled.error_message) == (None, None)


async def test_out_of_retries_after_a_mark_is_unconfirmed_not_failed(world: SendWorld) -> None:
    reply = world.reply()
    await world.activities._store.record_outbound(world.line.workspace_id, reply)
    # An attempt marked the ledger and its worker died in the provider call.
    await world.activities._ledger.begin(
        world.line.workspace_id, reply.message_id, utcnow(), resend_safe=False
    )
    await world.give_up(reply)
    message = await world.message(reply.message_id)
    assert message.status == MessageStatus.unconfirmed
    assert world.meta.sent == []


async def test_out_of_retries_without_a_mark_is_failed_with_the_last_reason(
    world: SendWorld,
) -> None:
    world.meta.fail_next(429, code=130429, message="(#130429) Rate limit hit")
    reply = world.reply()
    with pytest.raises(ApplicationError):
        await world.deliver(reply)
    await world.give_up(reply)
    message = await world.message(reply.message_id)
    assert message.status == MessageStatus.failed
    assert message.error_message == (
        "The message could not be delivered after repeated attempts. "
        "Last error: WhatsApp is busy or unreachable; retrying."
    )


class SlowPreparation:
    """The real WhatsApp channel, whose preparation (credentials, uploads) takes its time."""

    def __init__(self, channel: ChannelAdapter, started: asyncio.Event) -> None:
        self.kind = channel.kind
        self.resend_safe = channel.resend_safe
        self._channel = channel
        self._started = started

    async def prepare(self, delivery: OutboundDelivery) -> SendCall:
        self._started.set()
        await asyncio.sleep(30)
        return await self._channel.prepare(delivery)

    async def deliver(self, delivery: OutboundDelivery) -> DeliveryReceipt:
        return await (await self.prepare(delivery))()


async def test_an_attempt_cancelled_before_the_call_is_resent_and_heartbeats_throughout(
    sessions: Sessions, tmp_path: Path, meta: FakeWhatsApp, http: httpx.AsyncClient
) -> None:
    line = await channel_under_test(sessions, tmp_path, ChannelKind.whatsapp, CREDENTIALS)
    started = asyncio.Event()
    slow = await send_world(sessions, line, meta, http, lambda c: SlowPreparation(c, started))
    reply = slow.reply()
    env = slow.environment()
    attempt = asyncio.create_task(slow.deliver(reply, env=env))
    await asyncio.wait_for(started.wait(), 10)
    # Heartbeating from the first line: the attempt is alive, not a dead worker.
    assert slow.heartbeats
    # The heartbeat timeout (or a shutdown) cancels it before it reached the provider.
    env.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await attempt
    message = await slow.message(reply.message_id)
    assert (message.status, message.send_attempted_at) == (MessageStatus.queued, None)

    world = await send_world(sessions, line, meta, http)
    assert (await world.deliver(reply, attempt=2)).status == MessageStatus.sent
    assert len(meta.sent) == 1


async def test_the_ledger_is_marked_only_after_credentials_and_files(
    sessions: Sessions, tmp_path: Path, meta: FakeWhatsApp, http: httpx.AsyncClient
) -> None:
    line = await channel_under_test(sessions, tmp_path, ChannelKind.whatsapp, None)
    world = await send_world(sessions, line, meta, http)
    reply = world.reply()
    # The channel has no credentials: refused while preparing, so no mark was ever made.
    assert (await world.deliver(reply)).status == MessageStatus.failed
    message = await world.message(reply.message_id)
    assert message.send_attempted_at is None
    assert meta.requests == []
