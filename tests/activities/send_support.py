"""What the send-path activity tests share: a workspace with a connected WhatsApp channel on
the fake Graph API, a contact who just wrote, and `deliver_reply` run as Temporal runs it
(attempt number, heartbeats, cancellation) through `ActivityEnvironment`."""

import dataclasses
import json
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import httpx
from sqlmodel import select
from temporalio.testing import ActivityEnvironment

from activities.contracts.conversations import (
    DeliverReplyInput,
    DeliverReplyResult,
    MarkReplyFailedInput,
)
from activities.conversations import ConversationActivities
from channels.ports import ChannelAdapter
from domain.conversations import AgentReply, ConversationRef, InboundMessage, workspace_topic
from domain.enums import ChannelKind
from domain.send_consent import SendPurpose
from domain.timeutil import utcnow
from infra.eventbus import InProcessEventBus
from stores.conversations.store import ConversationStore
from stores.tables.conversations import Message
from stores.tables.workspaces import Membership
from tests.channels.delivery_support import ChannelUnderTest
from tests.channels.whatsapp_delivery_support import CUSTOMER, adapter
from tests.fakes.whatsapp import FakeWhatsApp
from tests.support.databases import Sessions


def environment(attempt: int = 1) -> ActivityEnvironment:
    """An activity context as Temporal gives the `attempt`-th try."""
    env = ActivityEnvironment()
    env.info = dataclasses.replace(env.info, attempt=attempt)
    return env


@dataclass
class SendWorld:
    sessions: Sessions
    line: ChannelUnderTest
    meta: FakeWhatsApp
    bus: InProcessEventBus
    activities: ConversationActivities
    ref: ConversationRef
    conversation_id: uuid.UUID
    contact_id: uuid.UUID
    agent_id: uuid.UUID
    heartbeats: list[tuple[Any, ...]] = field(default_factory=list)

    def reply(self, text: str = "Entregamos sim!", *, by_agent: bool = True) -> AgentReply:
        return AgentReply(
            message_id=uuid.uuid4(),
            conversation_id=self.conversation_id,
            author_user_id=self.agent_id if by_agent else None,
            text=text,
            requested_at=utcnow(),
        )

    def environment(self, attempt: int = 1) -> ActivityEnvironment:
        env = environment(attempt)
        env.on_heartbeat = lambda *details: self.heartbeats.append(details)
        return env

    async def deliver(
        self,
        reply: AgentReply,
        *,
        attempt: int = 1,
        purpose: SendPurpose = SendPurpose.reply,
        env: ActivityEnvironment | None = None,
    ) -> DeliverReplyResult:
        run = env or self.environment(attempt)
        return await run.run(
            self.activities.deliver_reply,
            DeliverReplyInput(ref=self.ref, reply=reply, purpose=purpose),
        )

    async def give_up(self, reply: AgentReply) -> None:
        await self.environment().run(
            self.activities.mark_reply_failed, MarkReplyFailedInput(ref=self.ref, reply=reply)
        )

    async def message(self, message_id: uuid.UUID) -> Message:
        async with self.sessions() as session:
            return (
                await session.execute(select(Message).where(Message.id == message_id))
            ).scalar_one()


async def send_world(
    sessions: Sessions,
    line: ChannelUnderTest,
    meta: FakeWhatsApp,
    http: httpx.AsyncClient,
    wrap: Callable[[ChannelAdapter], ChannelAdapter] = lambda channel: channel,
) -> SendWorld:
    """The contact (+CUSTOMER) wrote a minute ago on the workspace's WhatsApp number."""
    store = ConversationStore(sessions)
    bus = InProcessEventBus()
    channel = wrap(adapter(line, http, meta.base_url))
    activities = ConversationActivities(store, bus, {ChannelKind.whatsapp: channel})
    ref = ConversationRef(
        workspace_id=line.workspace_id,
        channel_id=line.channel_id,
        channel_kind=ChannelKind.whatsapp,
        contact_key=CUSTOMER,
    )
    recorded = await store.record_inbound(
        ref,
        f"test/{uuid.uuid4()}",
        InboundMessage(
            client_message_id=f"wamid.{uuid.uuid4().hex}",
            text="Vocês entregam em Campinas?",
            received_at=utcnow(),
            contact_name="Maria Souza",
            contact_phone=f"+{CUSTOMER}",
        ),
    )
    async with sessions() as session:
        agent_id = (
            await session.execute(
                select(Membership.user_id).where(Membership.workspace_id == line.workspace_id)
            )
        ).scalar_one()
    return SendWorld(
        sessions,
        line,
        meta,
        bus,
        activities,
        ref,
        recorded.conversation.id,
        recorded.conversation.contact_id,
        agent_id,
    )


def published_messages(payloads: list[str]) -> list[dict[str, Any]]:
    """The message events among what the inbox was told, in order."""
    events = [json.loads(p) for p in payloads]
    return [e["message"] for e in events if e["type"] == "message"]


def inbox_topic(world: SendWorld) -> str:
    return workspace_topic(world.line.workspace_id)
