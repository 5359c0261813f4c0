"""Chatbot flows running inside conversation workflows, on the real dev server: a new contact's
first message starts the published flow, a question waits for a valid answer (across a worker
restart), the answer lands on the contact, and every step is recorded."""

import uuid
from datetime import timedelta
from typing import Any

from sqlmodel import col, select
from temporalio.testing import WorkflowEnvironment

from domain.conversations import ConversationRef
from domain.enums import ChannelKind, ConversationMode
from domain.flows import SendMessageNode
from domain.message_content import TextContent
from infra.database import create_engine, create_session_factory
from infra.eventbus import InProcessEventBus
from stores.conversations.store import ConversationStore
from stores.tables.contacts import Contact
from stores.tables.conversations import Conversation
from stores.tables.flows import FlowRunStep
from tests.factories import WorkspaceFixture, create_workspace
from tests.support.harness import Harness
from tests.support.inbox import conversations_in
from tests.support.waiting import eventually
from tests.support.widget import post_visitor_message, visitor_history
from tests.workflows.flow_support import (
    NEW_CONTACT,
    RecordingChannel,
    lead_qualification,
    publish,
    publish_version,
)
from tests.workflows.test_conversation_workflow import NO_UPLOADS, _inbound, _start
from workers.main import build_worker


async def _bot_lines(app: Harness, account: WorkspaceFixture, token: str, count: int) -> Any:
    async def enough() -> list[str] | None:
        history = await visitor_history(app, account, token)
        bot = [m["text"] for m in history if m["direction"] == "outbound"]
        return bot if len(bot) >= count and all(m["status"] != "queued" for m in history) else None

    return await eventually(enough, timeout=30)


async def test_lead_flow_asks_validates_stores_and_survives_a_worker_restart(
    app: Harness,
) -> None:
    account = await create_workspace(app.services.sessions)
    flow_id = await publish(
        app.services.sessions, account.workspace_id, lead_qualification(), NEW_CONTACT
    )
    token = await app.visitor_token(account)

    assert await post_visitor_message(app, account, token, "Olá, quero um orçamento") == 202
    assert await _bot_lines(app, account, token, 1) == ["Oi! Qual o seu e-mail?"]

    assert await post_visitor_message(app, account, token, "ana arroba gmail") == 202
    assert (await _bot_lines(app, account, token, 2))[1] == (
        "Hmm, ana arroba gmail não parece um e-mail. Pode repetir?"
    )

    # The question waits durably: no worker while the answer arrives, then a new one.
    await app.stop_worker()
    assert await post_visitor_message(app, account, token, "Ana@Example.com") == 202
    await app.start_worker()
    assert (await _bot_lines(app, account, token, 3))[2] == (
        "Obrigado! Vamos escrever para ana@example.com."
    )

    async def all_steps() -> list[FlowRunStep] | None:
        async with app.services.sessions() as session:
            rows = await session.execute(
                select(FlowRunStep)
                .where(FlowRunStep.flow_id == flow_id)
                .order_by(col(FlowRunStep.step_index))
            )
            found = list(rows.scalars().all())
        # Recorded when the walk stops, just after its last message went out.
        return found if found and found[-1].node_id == "end" else None

    steps = await eventually(all_steps)
    async with app.services.sessions() as session:
        contact = (
            await session.execute(
                select(Contact).where(Contact.workspace_id == account.workspace_id)
            )
        ).scalar_one()
        conversation = (
            await session.execute(
                select(Conversation).where(Conversation.workspace_id == account.workspace_id)
            )
        ).scalar_one()
    assert contact.email == "ana@example.com"
    assert conversation.mode == ConversationMode.bot
    assert [(s.node_id, s.outcome) for s in steps] == [
        ("start", "next"),
        ("ask_email", "asked"),
        ("ask_email", "retry"),
        ("ask_email", "answered"),
        ("company", "else"),
        ("thanks", "next"),
        ("tag", "next"),
        ("end", "ended"),
    ]
    assert len({s.flow_run_id for s in steps}) == 1 and steps[0].flow_version == 1

    detail = await app.login(account)
    tags = (await detail.get(f"/api/contacts/{contact.id}")).json()["tags"]
    assert tags == ["lead"]
    # The run ended: the next message starts nothing (the trigger was a first message).
    assert await post_visitor_message(app, account, token, "valeu") == 202
    history = await eventually(lambda: _history_length(app, account, token, 7))
    assert [m["text"] for m in history][-1] == "valeu"


async def _history_length(
    app: Harness, account: WorkspaceFixture, token: str, length: int
) -> list[Any] | None:
    history = await visitor_history(app, account, token)
    return history if len(history) >= length else None


async def test_a_company_lead_is_handed_to_the_agents(app: Harness) -> None:
    account = await create_workspace(app.services.sessions)
    await publish(app.services.sessions, account.workspace_id, lead_qualification(), NEW_CONTACT)
    token = await app.visitor_token(account)
    assert await post_visitor_message(app, account, token, "oi") == 202
    await _bot_lines(app, account, token, 1)
    # A company address: the condition reads the words of the answer.
    assert await post_visitor_message(app, account, token, "bia@empresa.com.br") == 202
    assert (await _bot_lines(app, account, token, 2))[1] == (
        "Vou chamar alguém da equipe agora mesmo."
    )

    async def human() -> bool:
        [conversation] = await conversations_in(app.services.sessions, account.workspace_id)
        return conversation.mode == ConversationMode.human

    await eventually(human)


async def test_agents_keep_conversations_the_bot_did_not_start(app: Harness) -> None:
    account = await create_workspace(app.services.sessions)
    token = await app.visitor_token(account)
    assert await post_visitor_message(app, account, token, "antes do bot") == 202
    await eventually(lambda: _history_length(app, account, token, 1))
    # A flow published later, for first messages, does not take an ongoing conversation.
    await publish(
        app.services.sessions,
        account.workspace_id,
        lead_qualification(),
        [{"type": "fallback", "channels": []}],
    )
    assert await post_visitor_message(app, account, token, "de novo") == 202
    history = await eventually(lambda: _history_length(app, account, token, 2))
    assert all(m["direction"] == "inbound" for m in history)


async def test_a_question_left_unanswered_takes_its_timeout_branch(
    time_skipping_env: WorkflowEnvironment, sqlite_url: str
) -> None:
    engine = create_engine(sqlite_url)
    store = ConversationStore(create_session_factory(engine))
    account = await create_workspace(store.sessions)
    await publish(store.sessions, account.workspace_id, lead_qualification(), NEW_CONTACT)
    channel = RecordingChannel()
    queue = f"flows-{uuid.uuid4().hex[:8]}"
    client = time_skipping_env.client
    ref = ConversationRef(
        workspace_id=account.workspace_id,
        channel_id=account.channel_id,
        channel_kind=ChannelKind.webchat,
        contact_key=uuid.uuid4().hex,
    )
    async with build_worker(
        client,
        queue,
        store,
        InProcessEventBus(),
        storage=NO_UPLOADS,
        channels={ChannelKind.webchat: channel},
    ):
        handle = await _start(client, queue, ref, _inbound("oi"))
        await eventually(lambda: channel.sent_count(1))
        # Three days of silence pass in an instant.
        await time_skipping_env.sleep(timedelta(days=3, minutes=1))
        await eventually(lambda: channel.sent_count(2), timeout=30)
        await handle.terminate()
    await engine.dispose()
    assert channel.texts == ["Oi! Qual o seu e-mail?", "Tudo bem, fica para a próxima!"]


async def test_a_new_version_leaves_running_conversations_on_theirs(app: Harness) -> None:
    account = await create_workspace(app.services.sessions)
    flow_id = await publish(
        app.services.sessions, account.workspace_id, lead_qualification(), NEW_CONTACT
    )
    first = await app.visitor_token(account)
    assert await post_visitor_message(app, account, first, "oi") == 202
    await _bot_lines(app, account, first, 1)

    # Version 2 thanks differently; the conversation waiting at v1's question keeps v1.
    changed = lead_qualification()
    thanks = changed.node("thanks")
    assert isinstance(thanks, SendMessageNode) and isinstance(thanks.content, TextContent)
    thanks.content = TextContent(text="Valeu! (v2)")
    await publish_version(app.services.sessions, account.workspace_id, flow_id, changed, 2)

    assert await post_visitor_message(app, account, first, "ana@example.com") == 202
    assert (await _bot_lines(app, account, first, 2))[1] == (
        "Obrigado! Vamos escrever para ana@example.com."
    )
    second = await app.visitor_token(account)
    assert await post_visitor_message(app, account, second, "olá") == 202
    await _bot_lines(app, account, second, 1)
    assert await post_visitor_message(app, account, second, "bia@example.com") == 202
    assert (await _bot_lines(app, account, second, 2))[1] == "Valeu! (v2)"
