"""Published flows for workflow tests, written straight into the tables the API fills, and a
bot world to run them in: a worker whose web chat channel records what the bot says."""

import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from functools import partial
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from temporalio.testing import WorkflowEnvironment

from channels.ports import DeliveryReceipt, OutboundDelivery, SendCall
from domain.conversations import ConversationRef
from domain.enums import ChannelKind, MessageStatus
from domain.flows import FlowGraph
from infra.database import create_engine, create_session_factory
from infra.eventbus import InProcessEventBus
from infra.file_storage import LocalFileStorage
from stores.conversations.store import ConversationStore
from stores.tables.flows import Flow, FlowVersion
from tests.factories import WorkspaceFixture, create_workspace
from workers.main import build_worker

NEW_CONTACT = [{"type": "new_contact", "channels": []}]


class RecordingChannel:
    kind = ChannelKind.webchat
    resend_safe = True

    def __init__(self) -> None:
        self.texts: list[str] = []

    async def prepare(self, delivery: OutboundDelivery) -> SendCall:
        return partial(self.deliver, delivery)

    async def deliver(self, delivery: OutboundDelivery) -> DeliveryReceipt:
        self.texts.append(delivery.message.text)
        return DeliveryReceipt(status=MessageStatus.sent)

    async def sent_count(self, count: int) -> bool:
        return len(self.texts) >= count


@dataclass
class BotWorld:
    store: ConversationStore
    account: WorkspaceFixture
    flow_id: uuid.UUID
    channel: RecordingChannel
    queue: str
    ref: ConversationRef


@asynccontextmanager
async def bot_worker(
    env: WorkflowEnvironment, store: ConversationStore, graph: FlowGraph, uploads: LocalFileStorage
) -> AsyncIterator[BotWorld]:
    """`graph` published for new contacts of a new workspace in `store`, and a worker serving
    it whose web chat channel records what the bot says."""
    account = await create_workspace(store.sessions)
    flow_id = await publish(store.sessions, account.workspace_id, graph, NEW_CONTACT)
    channel = RecordingChannel()
    queue = f"bot-{uuid.uuid4().hex[:8]}"
    ref = ConversationRef(
        workspace_id=account.workspace_id,
        channel_id=account.channel_id,
        channel_kind=ChannelKind.webchat,
        contact_key=uuid.uuid4().hex,
    )
    async with build_worker(
        env.client,
        queue,
        store,
        InProcessEventBus(),
        storage=uploads,
        channels={ChannelKind.webchat: channel},
    ):
        yield BotWorld(store, account, flow_id, channel, queue, ref)


@asynccontextmanager
async def running_bot(
    env: WorkflowEnvironment, database_url: str, graph: FlowGraph, uploads: LocalFileStorage
) -> AsyncIterator[BotWorld]:
    """The same on a database of its own."""
    engine = create_engine(database_url)
    try:
        async with bot_worker(
            env, ConversationStore(create_session_factory(engine)), graph, uploads
        ) as bot:
            yield bot
    finally:
        await engine.dispose()


def lead_qualification() -> FlowGraph:
    """Asks for an e-mail (re-asking when it is not one), stores it on the contact, hands a
    company address to the sales team, and thanks everybody else."""
    return FlowGraph.model_validate(
        {
            "nodes": [
                {"id": "start", "type": "start"},
                {
                    "id": "ask_email",
                    "type": "ask_question",
                    "prompt": {"kind": "text", "text": "Oi! Qual o seu e-mail?"},
                    "expect": "email",
                    "save_to_variable": "email",
                    "save_to_field": "email",
                    "retry_message": "Hmm, {{message.text}} não parece um e-mail. Pode repetir?",
                    "max_attempts": 3,
                    "timeout_minutes": 60 * 24 * 3,
                },
                {
                    "id": "company",
                    "type": "condition",
                    "rules": [
                        {
                            "id": "yes",
                            "subject": "message_text",
                            "operator": "any_keyword",
                            "keywords": ["empresa", "corp"],
                        }
                    ],
                },
                {
                    "id": "thanks",
                    "type": "send_message",
                    "content": {
                        "kind": "text",
                        "text": "Obrigado! Vamos escrever para {{vars.email}}.",
                    },
                },
                {"id": "tag", "type": "tag", "action": "add", "tag": "lead"},
                {
                    "id": "handoff",
                    "type": "handoff",
                    "message": "Vou chamar alguém da equipe agora mesmo.",
                },
                {
                    "id": "late",
                    "type": "send_message",
                    "content": {"kind": "text", "text": "Tudo bem, fica para a próxima!"},
                },
                {"id": "end", "type": "end"},
            ],
            "edges": [
                {"id": "e1", "source": "start", "target": "ask_email"},
                {
                    "id": "e2",
                    "source": "ask_email",
                    "source_handle": "answered",
                    "target": "company",
                },
                {"id": "e3", "source": "company", "source_handle": "else", "target": "thanks"},
                {"id": "e4", "source": "company", "source_handle": "yes", "target": "handoff"},
                {"id": "e5", "source": "thanks", "target": "tag"},
                {"id": "e6", "source": "tag", "target": "end"},
                {"id": "e7", "source": "ask_email", "source_handle": "timeout", "target": "late"},
            ],
        }
    )


async def publish(
    sessions: async_sessionmaker[AsyncSession],
    workspace_id: uuid.UUID,
    graph: FlowGraph,
    triggers: list[dict[str, Any]],
    name: str = "Qualificação",
) -> uuid.UUID:
    async with sessions() as session, session.begin():
        flow = Flow(
            workspace_id=workspace_id,
            name=f"{name} {uuid.uuid4().hex[:6]}",
            draft=graph.model_dump(mode="json"),
            triggers=triggers,
            published_version=1,
            active=True,
        )
        session.add(flow)
        await session.flush()
        session.add(
            FlowVersion(
                workspace_id=workspace_id,
                flow_id=flow.id,
                version=1,
                graph=graph.model_dump(mode="json"),
                triggers=triggers,
            )
        )
        return flow.id


async def publish_version(
    sessions: async_sessionmaker[AsyncSession],
    workspace_id: uuid.UUID,
    flow_id: uuid.UUID,
    graph: FlowGraph,
    version: int,
) -> None:
    """A newer version goes live for new runs, as publishing through the API does."""
    async with sessions() as session, session.begin():
        flow = await session.get(Flow, flow_id)
        assert flow is not None
        session.add(
            FlowVersion(
                workspace_id=workspace_id,
                flow_id=flow_id,
                version=version,
                graph=graph.model_dump(mode="json"),
                triggers=flow.triggers,
            )
        )
        flow.published_version = version
