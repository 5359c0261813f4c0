"""Delivery statuses on each database: forward only, idempotent, scoped to a workspace, found by
our id or the provider's, one inbox event per real change."""

import asyncio
import json
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest

from domain.conversations import AgentReply, ConversationRef, InboundMessage, workspace_topic
from domain.enums import ChannelKind, MessageStatus
from domain.timeutil import utcnow
from infra.eventbus import InProcessEventBus
from stores.conversations.delivery_statuses import DeliveryStatuses, StatusOutcome
from stores.conversations.send_ledger import SendLedger
from stores.conversations.store import ConversationStore
from tests.factories import WorkspaceFixture, create_workspace
from tests.support.databases import Sessions

S = MessageStatus


@dataclass
class World:
    sessions: Sessions
    store: ConversationStore
    statuses: DeliveryStatuses
    account: WorkspaceFixture
    conversation_id: uuid.UUID
    events: list[dict[str, Any]]


@pytest.fixture
async def world(sessions: Sessions) -> AsyncIterator[World]:
    bus = InProcessEventBus()
    store = ConversationStore(sessions)
    account = await create_workspace(sessions)
    ref = ConversationRef(
        workspace_id=account.workspace_id,
        channel_id=account.channel_id,
        channel_kind=ChannelKind.webchat,
        contact_key=uuid.uuid4().hex,
    )
    recorded = await store.record_inbound(
        ref,
        f"test/{uuid.uuid4()}",
        InboundMessage(client_message_id="in-1", text="hi", received_at=utcnow()),
    )
    events: list[dict[str, Any]] = []
    async with bus.subscribe(workspace_topic(account.workspace_id)) as stream:

        async def collect() -> None:
            async for payload in stream:
                events.append(json.loads(payload))

        task = asyncio.create_task(collect())
        yield World(
            sessions,
            store,
            DeliveryStatuses(sessions, bus),
            account,
            recorded.conversation.id,
            events,
        )
        task.cancel()


async def queued_reply(world: World) -> uuid.UUID:
    reply = AgentReply(
        message_id=uuid.uuid4(),
        conversation_id=world.conversation_id,
        author_user_id=world.account.user_id,
        text="an answer",
        requested_at=utcnow(),
    )
    await world.store.record_outbound(world.account.workspace_id, reply)
    return reply.message_id


async def apply(
    world: World,
    status: MessageStatus,
    *,
    message_id: uuid.UUID | None = None,
    provider_id: str | None = None,
    error: tuple[str, str] | None = None,
    workspace_id: uuid.UUID | None = None,
) -> StatusOutcome:
    return await world.statuses.apply_status(
        workspace_id or world.account.workspace_id,
        message_id=message_id,
        provider_message_id=provider_id,
        status=status,
        occurred_at=utcnow(),
        error_code=error[0] if error else None,
        error_message=error[1] if error else None,
    )


async def settle() -> None:
    # The in-process bus delivers on the next turns of the loop.
    for _ in range(5):
        await asyncio.sleep(0)


async def test_statuses_move_forward_and_never_back(world: World) -> None:
    message_id = await queued_reply(world)
    # The send activity records the provider's answer through the ledger.
    sent = await SendLedger(world.sessions).sent(
        world.account.workspace_id, message_id, "wamid.A", S.sent, utcnow()
    )
    assert (sent.status, sent.provider_message_id) == (S.sent, "wamid.A")

    # Later statuses name the message by the provider's id only.
    assert (await apply(world, S.read, provider_id="wamid.A")).changed
    stale = [
        await apply(world, status, provider_id="wamid.A")
        for status in (S.delivered, S.sent, S.queued, S.failed, S.read)
    ]
    assert [outcome.changed for outcome in stale] == [False] * 5
    assert stale[-1].message is not None and stale[-1].message.status == S.read
    assert stale[-1].message.error_code is None

    await settle()
    published = [e["message"]["status"] for e in world.events if e["type"] == "message"]
    assert published == ["read"], "one event per change, none for the stale ones"


async def test_failure_only_before_delivery_and_worded_for_the_agent(world: World) -> None:
    message_id = await queued_reply(world)
    failed = await apply(
        world, S.failed, message_id=message_id, error=("131026", "The number is not on WhatsApp.")
    )
    assert failed.changed and failed.message is not None
    assert failed.message.status == S.failed
    assert (failed.message.error_code, failed.message.error_message) == (
        "131026",
        "The number is not on WhatsApp.",
    )
    assert failed.message.status_at is not None
    # A late `sent` is no proof it arrived; `delivered` is, and clears the failure.
    assert not (await apply(world, S.sent, message_id=message_id)).changed
    delivered = await apply(world, S.delivered, message_id=message_id)
    assert delivered.changed and delivered.message is not None
    assert (delivered.message.status, delivered.message.error_code) == (S.delivered, None)
    assert delivered.message.error_message is None
    refused = await apply(world, S.failed, message_id=message_id, error=("x", "too late"))
    assert not refused.changed
    assert refused.message is not None and refused.message.status == S.delivered

    bare = await queued_reply(world)
    outcome = await apply(world, S.failed, message_id=bare)
    assert outcome.message is not None and outcome.message.error_code == "failed"
    assert outcome.message.error_message, "a failure always tells the agent something"


async def test_provider_id_is_recorded_once_and_finds_the_message(world: World) -> None:
    message_id = await queued_reply(world)
    first = await apply(world, S.sent, message_id=message_id, provider_id="SM1")
    assert first.message is not None and first.message.provider_message_id == "SM1"
    # Our id wins over a different provider id, which does not overwrite the first.
    again = await apply(world, S.delivered, message_id=message_id, provider_id="SM-other")
    assert again.message is not None
    assert (again.message.status, again.message.provider_message_id) == (S.delivered, "SM1")
    # Replays change nothing.
    assert not (await apply(world, S.delivered, message_id=message_id, provider_id="SM1")).changed
    # An id that is not ours (another workspace's message, a random one) falls back to the
    # provider id, which still finds it.
    by_provider = await apply(world, S.read, message_id=uuid.uuid4(), provider_id="SM1")
    assert by_provider.message is not None and by_provider.message.id == message_id


async def test_unknown_foreign_and_inbound_messages_are_ignored(world: World) -> None:
    message_id = await queued_reply(world)
    await apply(world, S.sent, message_id=message_id, provider_id="shared-id")
    unknown = await apply(world, S.delivered, message_id=uuid.uuid4(), provider_id="nope")
    assert unknown == StatusOutcome(message=None, changed=False)

    other = await create_workspace(world.sessions)
    foreign = await apply(
        world,
        S.read,
        message_id=message_id,
        provider_id="shared-id",
        workspace_id=other.workspace_id,
    )
    assert foreign.message is None
    # The contact's own message is never an outbound status target, even by its provider id.
    inbound = await apply(world, S.read, provider_id="in-1")
    assert inbound.message is None

    messages = await world.store.list_messages(world.account.workspace_id, world.conversation_id)
    statuses = {m.id: m.status for m in messages}
    assert statuses[message_id] == S.sent


async def test_racing_webhooks_leave_the_newest_status(world: World) -> None:
    ids = [await queued_reply(world) for _ in range(8)]
    for message_id in ids:
        await apply(world, S.sent, message_id=message_id)
    later = utcnow() + timedelta(seconds=1)

    async def report(message_id: uuid.UUID, status: MessageStatus) -> None:
        await world.statuses.apply_status(
            world.account.workspace_id,
            message_id=message_id,
            provider_message_id=None,
            status=status,
            occurred_at=later,
        )

    await asyncio.gather(
        *(report(i, status) for i in ids for status in (S.delivered, S.read, S.failed))
    )
    messages = await world.store.list_messages(world.account.workspace_id, world.conversation_id)
    final = {m.id: m.status for m in messages if m.id in ids}
    assert set(final.values()) == {S.read}, final
