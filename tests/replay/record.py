"""Records ConversationWorkflow histories for the replay test.

Run after a deliberate change to the workflow's behaviour (one guarded by `workflow.patched`),
keeping the older files: `python -m tests.replay.record NAME`. Each file is a real run on a
real dev server, so replaying it proves the current code still makes the same decisions.
"""

import asyncio
import sys
import uuid
from pathlib import Path

from temporalio.client import Client, WorkflowHandle

from domain.conversations import AgentReply, ConversationState, InboundMessage
from domain.timeutil import utcnow
from temporal.names import RECEIVE_MESSAGE_SIGNAL, SEND_REPLY_SIGNAL
from tests.factories import create_workspace
from tests.replay.recording import record_on_dev_server, save_history
from tests.support.databases import sqlite_database
from tests.support.harness import make_settings, running_app
from tests.support.inbox import conversations_in
from tests.support.waiting import eventually


def _inbound(client_message_id: str) -> InboundMessage:
    return InboundMessage(
        client_message_id=client_message_id, text=f"text {client_message_id}", received_at=utcnow()
    )


async def _record_conversation(client: Client, folder: Path, name: str) -> None:
    async with (
        sqlite_database(folder) as url,
        running_app(make_settings(folder, url), client) as app,
    ):
        account = await create_workspace(app.services.sessions)
        from tests.workflows.test_conversation_workflow import _ref, _start

        ref = _ref(account)
        queue = app.settings.temporal_task_queue
        handle: WorkflowHandle[object, ConversationState] = await _start(
            client, queue, ref, _inbound("first"), events_per_run=4
        )
        await handle.signal(RECEIVE_MESSAGE_SIGNAL, _inbound("first"))  # a client retry
        conversations = await eventually(
            lambda: conversations_in(app.services.sessions, account.workspace_id)
        )
        reply = AgentReply(
            message_id=uuid.uuid4(),
            conversation_id=conversations[0].id,
            author_user_id=account.user_id,
            text="an agent's answer",
            requested_at=utcnow(),
        )
        await handle.signal(SEND_REPLY_SIGNAL, reply)
        await handle.signal(SEND_REPLY_SIGNAL, reply)  # the same reply twice
        for message_id in ("second", "third"):
            await handle.signal(RECEIVE_MESSAGE_SIGNAL, _inbound(message_id))

        async def stored_all() -> bool:
            messages = await app.services.store.list_messages(
                account.workspace_id, conversations[0].id
            )
            return len(messages) == 4 and all(m.status != "queued" for m in messages)

        await eventually(stored_all)
        # The first run ended in continue-as-new after 4 events: record that run, whole.
        first_run = client.get_workflow_handle(handle.id, run_id=handle.result_run_id)
        await save_history(first_run, name)


if __name__ == "__main__":
    name = sys.argv[1] if len(sys.argv) > 1 else "conversation-v1"
    asyncio.run(record_on_dev_server(_record_conversation, name))
