"""WhatsApp end to end, with the worker as its own process that is killed mid-send.

A signed webhook from a new number creates the contact and the conversation and reaches the
inbox over the WebSocket; the agent's reply reaches the (fake) Graph API exactly once even
though the worker dies after Meta accepted it and before it could record that; the delivery
statuses Meta sends come back and show.
"""

import asyncio
import json
import os
import signal
import subprocess
import sys
import uuid
from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest
import websockets
from sqlmodel import col, select
from temporalio.client import Client

from domain.conversations import ConversationSnapshot
from domain.enums import MessageDirection, MessageStatus
from infra.eventbus import create_event_bus
from stores.tables.contacts import Contact
from stores.tables.conversations import Message
from temporal.ids import conversation_workflow_id
from temporal.names import GET_STATE_QUERY
from tests.domain.test_channel_credentials import whatsapp
from tests.factories import create_workspace
from tests.fakes.whatsapp import (
    FakeWhatsApp,
    inbound,
    messages_value,
    notification,
    running_fake_whatsapp,
    status,
)
from tests.support.harness import Harness, make_settings, running_app
from tests.support.waiting import eventually
from tests.workflows.flow_support import lead_qualification
from workflows.conversation_policies import SEND_HEARTBEAT_TIMEOUT

FLUXO = Path(sys.executable).parent / "fluxo"
CUSTOMER = "5511987654321"
CREDENTIALS = whatsapp()


@pytest.fixture
async def fake() -> AsyncIterator[FakeWhatsApp]:
    async with running_fake_whatsapp(
        access_token=CREDENTIALS["access_token"], app_secret=CREDENTIALS["app_secret"]
    ) as running:
        running.phone_number_id = CREDENTIALS["phone_number_id"]
        running.waba_id = CREDENTIALS["business_account_id"]
        yield running


@pytest.fixture
async def app(
    tmp_path: Path,
    database_url: str,
    redis_url: str,
    temporal_client: Client,
    fake: FakeWhatsApp,
) -> AsyncIterator[Harness]:
    """The API in this process; the worker runs apart (see `worker`), events go through Redis."""
    settings = make_settings(
        tmp_path, database_url, REDIS_URL=redis_url, WHATSAPP_GRAPH_URL=fake.base_url
    )
    async with running_app(
        settings, temporal_client, event_bus=create_event_bus(redis_url), with_worker=False
    ) as harness:
        yield harness


CRASH_POINTS = Path(__file__).resolve().parents[1] / "support" / "crash_points"


@contextmanager
def worker_process(
    app: Harness, temporal_client: Client, log: Path, kill_at: str | None = None
) -> Iterator[subprocess.Popen[bytes]]:
    """`fluxo worker` as its own process; `kill_at` names a point of the send where it SIGKILLs
    itself (`tests/support/crash_points`)."""
    settings = app.settings
    crash: dict[str, str] = {}
    if kill_at is not None:
        path = os.pathsep.join(p for p in (str(CRASH_POINTS), os.environ.get("PYTHONPATH")) if p)
        crash = {"PYTHONPATH": path, "FLUXO_TEST_KILL_AT": kill_at}
    env = {
        **os.environ,
        "DATABASE_URL": settings.resolved_database_url,
        "REDIS_URL": settings.redis_url or "",
        "TEMPORAL_ADDRESS": temporal_client.service_client.config.target_host,
        "FLUXO_TASK_QUEUE": settings.temporal_task_queue,
        "FLUXO_DATA_DIR": str(settings.data_dir),
        "FLUXO_SECRET_KEY": "test-secret-key",
        "WHATSAPP_GRAPH_URL": settings.whatsapp_graph_url,
        **crash,
    }
    with log.open("ab") as out:
        process = subprocess.Popen(
            [str(FLUXO), "worker"], env=env, stdout=out, stderr=subprocess.STDOUT
        )
    try:
        yield process
    finally:
        if process.poll() is None:
            process.terminate()
            process.wait(30)
        sys.stdout.write(f"--- fluxo worker ---\n{log.read_text()}\n")


async def _connect_channel(agent: httpx.AsyncClient) -> tuple[uuid.UUID, str]:
    response = await agent.post(
        "/api/channels",
        json={"kind": "whatsapp", "name": "WhatsApp Vendas", "credentials": CREDENTIALS},
    )
    assert response.status_code == 201, response.text
    callback_url: str = response.json()["setup"][0]["value"]
    return uuid.UUID(response.json()["id"]), callback_url.split("/api/webhooks/whatsapp/", 1)[1]


async def _next_event(socket: Any, wanted: str, **match: Any) -> dict[str, Any]:
    """The next event of type `wanted` whose object has these values (others are skipped)."""
    while True:
        event = json.loads(await asyncio.wait_for(socket.recv(), timeout=60))
        if event["type"] != wanted:
            continue
        body = event[wanted]
        if all(body.get(key) == value for key, value in match.items()):
            return dict(body)


async def test_whatsapp_message_reply_and_statuses_survive_a_killed_worker(
    app: Harness, fake: FakeWhatsApp, temporal_client: Client, tmp_path: Path
) -> None:
    account = await create_workspace(app.services.sessions)
    agent = await app.login(account)
    channel_id, webhook_key = await _connect_channel(agent)
    webhook_url = f"{app.base_url}/api/webhooks/whatsapp/{webhook_key}"
    webhooks = app.http()

    cookie = f"fluxo_session={agent.cookies['fluxo_session']}"
    log = tmp_path / "worker.log"
    first_worker = worker_process(app, temporal_client, log)
    worker = first_worker.__enter__()
    async with websockets.connect(
        f"{app.ws_base}/api/ws", additional_headers={"Cookie": cookie}
    ) as socket:
        # 1. A new customer writes.
        hello = inbound("text", {"body": "Oi, vocês entregam em Campinas?"}, sender=CUSTOMER)
        payload = notification(
            "messages",
            messages_value(fake.phone_number_id, [hello], contacts=[(CUSTOMER, "Maria Souza")]),
            fake.waba_id,
        )
        answered = await fake.post_webhook(webhooks, webhook_url, payload)
        assert answered.status_code == 200, answered.text
        shown = await _next_event(socket, "message", direction="inbound")
        assert shown["text"] == "Oi, vocês entregam em Campinas?"
        conversation_id = shown["conversation_id"]
        async with app.services.sessions() as session:
            contact = (
                await session.execute(
                    select(Contact).where(Contact.workspace_id == account.workspace_id)
                )
            ).scalar_one()
        assert (contact.name, contact.phone) == ("Maria Souza", f"+{CUSTOMER}")

        # 2. Meta accepts the reply, and the worker dies before it hears so; Meta's status
        #    webhooks (carrying our id as callback data) arrive later, and settle it.
        async def die_then_report(body: dict[str, Any], wamid: str) -> None:
            worker.send_signal(signal.SIGKILL)
            callback = body["biz_opaque_callback_data"]

            async def report() -> None:
                # Later than the retry of the send (the heartbeat timeout is 10 s): the retry
                # finds the ledger mark, never sends again, and leaves the reply unconfirmed
                # for this confirmation to settle.
                await asyncio.sleep(SEND_HEARTBEAT_TIMEOUT.total_seconds() + 8)
                for state in ("sent", "delivered"):
                    update = status(wamid, state, CUSTOMER, biz_opaque_callback_data=callback)
                    value = messages_value(fake.phone_number_id, statuses=[update])
                    response = await fake.post_webhook(
                        webhooks, webhook_url, notification("messages", value, fake.waba_id)
                    )
                    assert response.status_code == 200, response.text

            asyncio.get_running_loop().create_task(report())

        fake.on_send = die_then_report
        reply = await agent.post(
            f"/api/conversations/{conversation_id}/messages",
            json={"text": "Entregamos sim! Qual o seu CEP?"},
        )
        assert reply.status_code == 202, reply.text
        reply_id = reply.json()["id"]

        async def worker_died() -> bool:
            return worker.poll() is not None

        await eventually(worker_died, timeout=60)
        first_worker.__exit__(None, None, None)
        fake.on_send = None

        # 3. A new worker picks up where the dead one stopped.
        with worker_process(app, temporal_client, log):
            delivered = await _next_event(socket, "message", id=reply_id, status="delivered")
            assert delivered["provider_message_id"].startswith("wamid.")

            workflow = app.temporal.get_workflow_handle(
                conversation_workflow_id(account.workspace_id, channel_id, CUSTOMER)
            )

            async def reply_handled() -> bool:
                snapshot = await workflow.query(GET_STATE_QUERY, result_type=ConversationSnapshot)
                return uuid.UUID(reply_id) in snapshot.state.recent_reply_ids

            # The retried send finished without sending again; Meta's statuses settled it.
            await eventually(reply_handled, timeout=90)
            history = await workflow.fetch_history()
            send_attempts = [
                e.activity_task_started_event_attributes.attempt
                for e in history.events
                if e.HasField("activity_task_started_event_attributes")
            ]
            assert max(send_attempts) >= 2, "the send was never retried: the kill came too late"

    assert len(fake.sent) == 1, fake.sent
    assert fake.sent[0]["text"]["body"] == "Entregamos sim! Qual o seu CEP?"
    assert fake.sent[0]["to"] == CUSTOMER
    async with app.services.sessions() as session:
        messages = (
            (
                await session.execute(
                    select(Message).where(Message.workspace_id == account.workspace_id)
                )
            )
            .scalars()
            .all()
        )
    outbound = [m for m in messages if m.direction == MessageDirection.outbound]
    assert [(m.status.value, m.error_code) for m in outbound] == [("delivered", None)]


async def test_a_bot_question_survives_a_killed_worker(
    app: Harness, fake: FakeWhatsApp, temporal_client: Client, tmp_path: Path
) -> None:
    account = await create_workspace(app.services.sessions)
    agent = await app.login(account)
    _, webhook_key = await _connect_channel(agent)
    webhook_url = f"{app.base_url}/api/webhooks/whatsapp/{webhook_key}"
    flow = (await agent.post("/api/flows", json={"name": "Cadastro"})).json()
    triggers = [{"type": "keyword", "keywords": ["cadastro"], "channels": ["whatsapp"]}]
    draft = lead_qualification().model_dump(mode="json")
    saved = await agent.put(
        f"/api/flows/{flow['id']}/draft", json={"draft": draft, "triggers": triggers}
    )
    assert saved.status_code == 200 and saved.json()["problems"] == [], saved.text
    assert (await agent.post(f"/api/flows/{flow['id']}/publish")).status_code == 201
    assert (await agent.patch(f"/api/flows/{flow['id']}", json={"active": True})).status_code == 200
    webhooks = app.http()

    async def customer_says(text: str) -> None:
        value = messages_value(
            fake.phone_number_id, [inbound("text", {"body": text}, sender=CUSTOMER)]
        )
        response = await fake.post_webhook(
            webhooks, webhook_url, notification("messages", value, fake.waba_id)
        )
        assert response.status_code == 200, response.text

    async def sent(count: int) -> list[str] | None:
        texts = [m["text"]["body"] for m in fake.sent]
        return texts if len(texts) >= count else None

    log = tmp_path / "worker.log"
    with worker_process(app, temporal_client, log) as worker:
        await customer_says("Cadastro")
        assert await eventually(lambda: sent(1), timeout=60) == ["Oi! Qual o seu e-mail?"]
        worker.send_signal(signal.SIGKILL)
        worker.wait(10)
    # Accepted with no worker alive: Temporal holds the answer for the question.
    await customer_says("maria@example.com")
    with worker_process(app, temporal_client, log):
        texts = await eventually(lambda: sent(2), timeout=90)
    assert texts == ["Oi! Qual o seu e-mail?", "Obrigado! Vamos escrever para maria@example.com."]


async def _outbound(app: Harness, workspace_id: uuid.UUID) -> list[Message]:
    async with app.services.sessions() as session:
        rows = (
            await session.execute(
                select(Message)
                .where(
                    Message.workspace_id == workspace_id,
                    Message.direction == MessageDirection.outbound,
                )
                .order_by(col(Message.created_at))
            )
        ).scalars()
        return list(rows)


@pytest.mark.parametrize("kill_at", ["credentials", "ledger-mark"])
async def test_a_worker_killed_inside_the_send_loses_nothing_silently_and_sends_nothing_twice(
    app: Harness, fake: FakeWhatsApp, temporal_client: Client, tmp_path: Path, kill_at: str
) -> None:
    """SIGKILL at a chosen point of `deliver_reply`, before Meta was called.

    Killed after the credentials were read (where the ledger used to be marked): no mark was
    made, so the retry sends the reply, once. Killed right after the ledger mark: the retry
    cannot tell whether the request left (the instant between the mark and the request is the
    one no ledger can close without the provider's help), so it never sends again; the reply is
    `unconfirmed` at once, with the reason for the agent, and the conversation moves on.
    """
    account = await create_workspace(app.services.sessions)
    agent = await app.login(account)
    channel_id, webhook_key = await _connect_channel(agent)
    webhook_url = f"{app.base_url}/api/webhooks/whatsapp/{webhook_key}"
    log = tmp_path / "worker.log"
    hello = inbound("text", {"body": "Oi, tem entrega hoje?"}, sender=CUSTOMER)
    payload = notification(
        "messages",
        messages_value(fake.phone_number_id, [hello], contacts=[(CUSTOMER, "Maria Souza")]),
        fake.waba_id,
    )
    assert (await fake.post_webhook(app.http(), webhook_url, payload)).status_code == 200

    with worker_process(app, temporal_client, log, kill_at=kill_at) as doomed:

        async def conversation_id() -> str | None:
            listed = (await agent.get("/api/conversations")).json()["data"]
            return str(listed[0]["id"]) if listed else None

        conversation = await eventually(conversation_id, timeout=60)
        reply = await agent.post(
            f"/api/conversations/{conversation}/messages", json={"text": "Tem sim!"}
        )
        assert reply.status_code == 202, reply.text

        async def died() -> bool:
            return doomed.poll() is not None

        await eventually(died, timeout=60)
    assert doomed.returncode == -signal.SIGKILL
    assert fake.sent == []

    with worker_process(app, temporal_client, log):
        workflow = app.temporal.get_workflow_handle(
            conversation_workflow_id(account.workspace_id, channel_id, CUSTOMER)
        )
        reply_id = uuid.UUID(reply.json()["id"])

        async def reply_handled() -> bool:
            snapshot = await workflow.query(GET_STATE_QUERY, result_type=ConversationSnapshot)
            return reply_id in snapshot.state.recent_reply_ids

        # Within the heartbeat timeout and one retry, not after a confirmation wait.
        await eventually(reply_handled, timeout=SEND_HEARTBEAT_TIMEOUT.total_seconds() + 30)
        [message] = await _outbound(app, account.workspace_id)
        if kill_at == "credentials":
            assert message.status == MessageStatus.sent
            assert [m["text"]["body"] for m in fake.sent] == ["Tem sim!"]
        else:
            assert (message.status, message.error_code) == (
                MessageStatus.unconfirmed,
                "unconfirmed",
            )
            assert fake.sent == []
            # The conversation is not blocked: the agent's next reply goes out at once.
            again = await agent.post(
                f"/api/conversations/{conversation}/messages", json={"text": "Tem sim!"}
            )
            assert again.status_code == 202, again.text

            async def resent() -> bool:
                return len(fake.sent) == 1

            await eventually(resent, timeout=30)
