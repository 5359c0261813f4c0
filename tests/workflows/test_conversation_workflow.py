"""ConversationWorkflow against a real Temporal server: restarts, continue-as-new, idling."""

import tempfile
import uuid
from collections.abc import AsyncIterator
from functools import partial
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import select
from temporalio.client import Client, WorkflowHandle
from temporalio.common import WorkflowIDConflictPolicy
from temporalio.testing import WorkflowEnvironment

from channels.ports import DeliveryFailed, DeliveryReceipt, OutboundDelivery, SendCall
from domain.conversations import (
    AgentReply,
    ConversationInput,
    ConversationRef,
    ConversationSnapshot,
    ConversationState,
    InboundMessage,
)
from domain.enums import ChannelKind, MessageStatus
from domain.timeutil import utcnow
from infra.database import create_engine, create_session_factory
from infra.eventbus import InProcessEventBus
from infra.file_storage import LocalFileStorage
from stores.conversations.store import ConversationStore
from stores.tables.conversations import Message
from temporal.ids import conversation_workflow_id
from temporal.names import GET_STATE_QUERY, RECEIVE_MESSAGE_SIGNAL, SEND_REPLY_SIGNAL
from tests.factories import WorkspaceFixture, create_workspace
from tests.support.harness import Harness
from tests.support.inbox import conversations_in
from tests.support.waiting import eventually
from tests.support.widget import next_event, post_visitor_message, visitor_history, visitor_socket
from workers.main import build_worker

# These workers import no files; a folder that is never written is enough.
NO_UPLOADS = LocalFileStorage(Path(tempfile.gettempdir()) / "fluxo-no-uploads")


async def test_conversation_survives_a_worker_restart(app: Harness) -> None:
    account = await create_workspace(app.services.sessions)
    token = await app.visitor_token(account)
    agent = await app.login(account)

    assert await post_visitor_message(app, account, token, "before the restart") == 202
    first = await eventually(lambda: _history_of_length(app, account, token, 1))
    conversation_id = first[0]["conversation_id"]

    await app.stop_worker()
    # With no worker at all, the API still accepts: Temporal holds the message durably.
    assert await post_visitor_message(app, account, token, "while no worker runs") == 202
    reply = await agent.post(
        f"/api/conversations/{conversation_id}/messages", json={"text": "answered after"}
    )
    assert reply.status_code == 202
    assert len(await visitor_history(app, account, token)) == 1

    async with visitor_socket(app, account, token) as socket:
        await app.start_worker()
        seen = [await next_event(socket), await next_event(socket)]
    assert [e["message"]["text"] for e in seen] == ["while no worker runs", "answered after"]
    history = await eventually(lambda: _history_of_length(app, account, token, 3))
    assert [(m["text"], m["status"]) for m in history] == [
        ("before the restart", "received"),
        ("while no worker runs", "received"),
        ("answered after", "sent"),
    ]


async def _history_of_length(
    app: Harness, account: WorkspaceFixture, token: str, length: int
) -> list[Any] | None:
    history = await visitor_history(app, account, token)
    if length == 3 and any(m["status"] == "queued" for m in history):
        return None
    return history if len(history) == length else None


def _inbound(client_message_id: str, text: str | None = None) -> InboundMessage:
    return InboundMessage(
        client_message_id=client_message_id, text=text or client_message_id, received_at=utcnow()
    )


async def _start(
    client: Client, harness_queue: str, ref: ConversationRef, first: InboundMessage, **extra: Any
) -> WorkflowHandle[Any, Any]:
    return await client.start_workflow(
        "ConversationWorkflow",
        ConversationInput(ref=ref, **extra),
        id=conversation_workflow_id(ref.workspace_id, ref.channel_id, ref.contact_key),
        task_queue=harness_queue,
        start_signal=RECEIVE_MESSAGE_SIGNAL,
        start_signal_args=[first],
        id_conflict_policy=WorkflowIDConflictPolicy.USE_EXISTING,
        result_type=ConversationState,
    )


def _ref(account: WorkspaceFixture) -> ConversationRef:
    return ConversationRef(
        workspace_id=account.workspace_id,
        channel_id=account.channel_id,
        channel_kind=ChannelKind.webchat,
        contact_key=uuid.uuid4().hex,
    )


async def _stored_texts(app_or_store: ConversationStore, account: WorkspaceFixture) -> list[str]:
    conversations = await conversations_in(app_or_store.sessions, account.workspace_id)
    if not conversations:
        return []
    messages = await app_or_store.list_messages(account.workspace_id, conversations[0].id)
    return [m.text for m in messages]


async def test_continue_as_new_carries_state_and_dedupe(sqlite_app: Harness) -> None:
    app = sqlite_app
    account = await create_workspace(app.services.sessions)
    ref = _ref(account)
    queue = app.settings.temporal_task_queue
    handle = await _start(app.temporal, queue, ref, _inbound("m1"), events_per_run=2)
    first_run = (await handle.describe()).run_id
    for message_id in ("m2", "m3", "m1", "m4"):
        await handle.signal(RECEIVE_MESSAGE_SIGNAL, _inbound(message_id))

    async def all_stored() -> list[str] | None:
        texts = await _stored_texts(app.services.store, account)
        return texts if len(texts) >= 4 else None

    assert await eventually(all_stored) == ["m1", "m2", "m3", "m4"]
    latest = app.temporal.get_workflow_handle(handle.id)

    async def settled() -> ConversationSnapshot | None:
        # The last message is stored a moment before the run that stored it answers queries.
        found = await latest.query(GET_STATE_QUERY, result_type=ConversationSnapshot)
        return found if found.state.messages_handled >= 4 else None

    snapshot = await eventually(settled)
    assert (await latest.describe()).run_id != first_run
    assert snapshot.state.messages_handled == 4
    assert snapshot.state.recent_inbound_ids[-4:] == ["m1", "m2", "m3", "m4"]


class FailingChannel:
    kind = ChannelKind.webchat
    resend_safe = False

    def __init__(self) -> None:
        self.attempts = 0

    async def prepare(self, delivery: OutboundDelivery) -> SendCall:
        return partial(self.deliver, delivery)

    async def deliver(self, delivery: OutboundDelivery) -> DeliveryReceipt:
        self.attempts += 1
        # The connection never opened: nothing left, so every retry may send.
        raise DeliveryFailed(
            "the provider is down", permanent=False, agent_message="down", maybe_sent=False
        )


@pytest.fixture
async def skipping_store(tmp_path: Any, sqlite_url: str) -> AsyncIterator[ConversationStore]:
    engine = create_engine(sqlite_url)
    yield ConversationStore(create_session_factory(engine))
    await engine.dispose()


async def test_idle_conversation_ends_and_the_next_message_starts_it_again(
    time_skipping_env: WorkflowEnvironment, skipping_store: ConversationStore
) -> None:
    store = skipping_store
    account = await create_workspace(store._sessions)
    ref = _ref(account)
    queue = f"skip-{uuid.uuid4().hex[:8]}"
    client = time_skipping_env.client
    async with build_worker(client, queue, store, InProcessEventBus(), storage=NO_UPLOADS):
        handle = await _start(client, queue, ref, _inbound("hello"))
        # Thirty days of silence pass in an instant on the time-skipping server.
        state = await handle.result()
        assert state.messages_handled == 1

        again = await _start(client, queue, ref, _inbound("back-again"))
        assert again.result_run_id != handle.result_run_id
        assert (await again.result()).messages_handled == 1
    assert await _stored_texts(store, account) == ["hello", "back-again"]


async def test_reply_that_cannot_be_delivered_ends_up_failed(
    time_skipping_env: WorkflowEnvironment, skipping_store: ConversationStore
) -> None:
    store = skipping_store
    account = await create_workspace(store._sessions)
    ref = _ref(account)
    queue = f"skip-{uuid.uuid4().hex[:8]}"
    client = time_skipping_env.client
    channel = FailingChannel()
    worker = build_worker(
        client,
        queue,
        store,
        InProcessEventBus(),
        storage=NO_UPLOADS,
        channels={ChannelKind.webchat: channel},
    )
    async with worker:
        handle = await _start(client, queue, ref, _inbound("hi"))
        conversation = await eventually(
            lambda: conversations_in(store.sessions, account.workspace_id)
        )
        reply = AgentReply(
            message_id=uuid.uuid4(),
            conversation_id=conversation[0].id,
            author_user_id=account.user_id,
            text="this will not arrive",
            requested_at=utcnow(),
        )
        await handle.signal(SEND_REPLY_SIGNAL, reply)
        await handle.result()
    async with store._sessions() as session:
        message = (
            await session.execute(select(Message).where(Message.id == reply.message_id))
        ).scalar_one()
    assert message.status == MessageStatus.failed
    assert channel.attempts == 20
