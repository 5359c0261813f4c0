"""The conversation workflow's durable timers on the time-skipping server: WhatsApp's 24-hour
window (enforced, and announced when it closes) and the end of a snooze."""

import asyncio
import json
import uuid
from collections.abc import AsyncIterator
from datetime import datetime, timedelta
from functools import partial
from typing import Any

import pytest
from sqlmodel import select
from temporalio.client import Client, WorkflowHandle
from temporalio.common import WorkflowIDConflictPolicy
from temporalio.testing import WorkflowEnvironment

from channels.ports import DeliveryReceipt, OutboundDelivery, SendCall
from domain.conversations import (
    AgentReply,
    ConversationInput,
    ConversationRef,
    ConversationState,
    InboundMessage,
    SnoozeWake,
    workspace_topic,
)
from domain.enums import ChannelKind, ConversationStatus, MessageStatus
from domain.message_content import TemplateContent
from domain.security import new_public_key
from domain.timeutil import utcnow
from infra.database import create_engine, create_session_factory
from infra.eventbus import InProcessEventBus
from stores.conversations.store import ConversationStore
from stores.tables.conversations import Channel, Conversation, Message
from temporal.ids import conversation_workflow_id
from temporal.names import RECEIVE_MESSAGE_SIGNAL, SCHEDULE_WAKE_SIGNAL, SEND_REPLY_SIGNAL
from tests.factories import WorkspaceFixture, create_workspace
from tests.support.inbox import conversations_in
from tests.support.waiting import eventually
from tests.workflows.test_conversation_workflow import NO_UPLOADS
from workers.main import build_worker


class RecordingWhatsApp:
    kind = ChannelKind.whatsapp
    resend_safe = False

    def __init__(self) -> None:
        self.delivered: list[OutboundDelivery] = []

    async def prepare(self, delivery: OutboundDelivery) -> SendCall:
        return partial(self.deliver, delivery)

    async def deliver(self, delivery: OutboundDelivery) -> DeliveryReceipt:
        self.delivered.append(delivery)
        return DeliveryReceipt(
            status=MessageStatus.sent, provider_message_id=f"wamid.{len(self.delivered)}"
        )


@pytest.fixture
async def store(sqlite_url: str) -> AsyncIterator[ConversationStore]:
    engine = create_engine(sqlite_url)
    yield ConversationStore(create_session_factory(engine))
    await engine.dispose()


async def _whatsapp_ref(store: ConversationStore, account: WorkspaceFixture) -> ConversationRef:
    async with store.sessions() as session, session.begin():
        channel = Channel(
            workspace_id=account.workspace_id,
            kind=ChannelKind.whatsapp,
            name="WhatsApp",
            public_key=new_public_key(),
        )
        session.add(channel)
    return ConversationRef(
        workspace_id=account.workspace_id,
        channel_id=channel.id,
        channel_kind=ChannelKind.whatsapp,
        contact_key="5511987654321",
    )


async def _start(
    client: Client, queue: str, ref: ConversationRef, now: datetime | None = None
) -> WorkflowHandle[Any, Any]:
    """`now`: the test server's clock, which earlier tests' skipped days have moved ahead."""
    hello = InboundMessage(
        client_message_id="wamid.in-1",
        text="oi",
        received_at=now or utcnow(),
        contact_phone="+5511987654321",
    )
    return await client.start_workflow(
        "ConversationWorkflow",
        ConversationInput(ref=ref),
        id=conversation_workflow_id(ref.workspace_id, ref.channel_id, ref.contact_key),
        task_queue=queue,
        start_signal=RECEIVE_MESSAGE_SIGNAL,
        start_signal_args=[hello],
        id_conflict_policy=WorkflowIDConflictPolicy.USE_EXISTING,
        result_type=ConversationState,
    )


def _reply(
    conversation_id: uuid.UUID, text: str, author: uuid.UUID | None = None, **extra: Any
) -> AgentReply:
    return AgentReply(
        message_id=uuid.uuid4(),
        conversation_id=conversation_id,
        author_user_id=author,
        text=text,
        requested_at=utcnow(),
        **extra,
    )


async def _message(store: ConversationStore, message_id: uuid.UUID) -> Message | None:
    async with store.sessions() as session:
        return (
            await session.execute(select(Message).where(Message.id == message_id))
        ).scalar_one_or_none()


async def test_whatsapp_window_closes_after_24_hours_and_only_templates_go_out(
    time_skipping_env: WorkflowEnvironment, store: ConversationStore
) -> None:
    account = await create_workspace(store.sessions)
    ref = await _whatsapp_ref(store, account)
    channel = RecordingWhatsApp()
    bus = InProcessEventBus()
    queue = f"timers-{uuid.uuid4().hex[:8]}"
    client = time_skipping_env.client
    async with (
        build_worker(
            client, queue, store, bus, storage=NO_UPLOADS, channels={ChannelKind.whatsapp: channel}
        ),
        bus.subscribe(workspace_topic(account.workspace_id)) as events,
    ):
        handle = await _start(client, queue, ref, await time_skipping_env.get_current_time())
        [conversation] = await eventually(
            lambda: conversations_in(store.sessions, account.workspace_id)
        )
        inside = _reply(conversation.id, "dentro da janela")
        await handle.signal(SEND_REPLY_SIGNAL, inside)

        async def sent(message_id: uuid.UUID) -> Message | None:
            message = await _message(store, message_id)
            return message if message and message.status != MessageStatus.queued else None

        assert (await eventually(lambda: sent(inside.message_id))).status == MessageStatus.sent

        await time_skipping_env.sleep(timedelta(hours=24, minutes=1))

        async def window_closed_announced() -> dict[str, Any] | None:
            payload = json.loads(await asyncio.wait_for(anext(events), timeout=20))
            conversation = payload.get("conversation") or {}
            expires = conversation.get("window_expires_at")
            return payload if payload["type"] == "conversation" and expires else None

        announced = await eventually(window_closed_announced, timeout=30)
        assert announced["conversation"]["id"] == str(conversation.id)

        outside = _reply(conversation.id, "fora da janela")
        await handle.signal(SEND_REPLY_SIGNAL, outside)
        refused = await eventually(lambda: sent(outside.message_id))
        assert (refused.status, refused.error_code) == (MessageStatus.failed, "window_closed")
        assert refused.error_message and "template" in refused.error_message

        template = TemplateContent(
            name="pedido_enviado", language="pt_BR", body_values=["Maria"], rendered="Oi Maria"
        )
        # An agent's template: a bot's, a day after the contact wrote, would be proactive and
        # need a recorded opt-in (the consent gate's own tests cover that).
        opener = _reply(conversation.id, "Oi Maria", account.user_id, content=template)
        await handle.signal(SEND_REPLY_SIGNAL, opener)
        assert (await eventually(lambda: sent(opener.message_id))).status == MessageStatus.sent

        # A running workflow whose worker is gone would hold the shared test server's clock.
        await handle.terminate()
    assert [d.message.text for d in channel.delivered] == ["dentro da janela", "Oi Maria"]
    assert channel.delivered[1].message.content == template


async def test_snoozed_conversation_reopens_when_its_time_comes(
    time_skipping_env: WorkflowEnvironment, store: ConversationStore
) -> None:
    account = await create_workspace(store.sessions)
    ref = await _whatsapp_ref(store, account)
    queue = f"timers-{uuid.uuid4().hex[:8]}"
    client = time_skipping_env.client
    async with build_worker(client, queue, store, InProcessEventBus(), storage=NO_UPLOADS):
        now = await time_skipping_env.get_current_time()
        handle = await _start(client, queue, ref, now)
        [conversation] = await eventually(
            lambda: conversations_in(store.sessions, account.workspace_id)
        )
        until = now + timedelta(days=3)
        async with store.sessions() as session, session.begin():
            row = await session.get(Conversation, conversation.id)
            assert row is not None
            row.status, row.snoozed_until = ConversationStatus.snoozed, until
        await handle.signal(
            SCHEDULE_WAKE_SIGNAL, SnoozeWake(conversation_id=conversation.id, until=until)
        )
        await time_skipping_env.sleep(timedelta(days=3, minutes=1))

        async def reopened() -> bool:
            found = await store.get_conversation(account.workspace_id, conversation.id)
            return found is not None and found.status == ConversationStatus.open

        await eventually(reopened, timeout=30)
        found = await store.get_conversation(account.workspace_id, conversation.id)
        assert found is not None and found.snoozed_until is None
        await handle.terminate()
