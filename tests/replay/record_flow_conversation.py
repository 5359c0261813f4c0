"""Records a ConversationWorkflow history in which a chatbot flow runs: its start, a question
answered wrongly then rightly (stored on the contact), a condition, a tag, the end; then a
second conversation whose question times out. On the time-skipping server:
`python -m tests.replay.record_flow_conversation NAME`.
"""

import asyncio
import sys
from datetime import timedelta
from pathlib import Path

from temporalio.testing import WorkflowEnvironment

from infra.file_storage import LocalFileStorage
from stores.conversations.store import ConversationStore
from temporal.names import RECEIVE_MESSAGE_SIGNAL
from tests.replay.recording import record_on_time_skipping_server, save_history
from tests.support.waiting import eventually
from tests.workflows.flow_support import bot_worker, lead_qualification
from tests.workflows.test_conversation_workflow import _inbound, _start


async def _record(
    env: WorkflowEnvironment, store: ConversationStore, folder: Path, name: str
) -> None:
    uploads = LocalFileStorage(folder / "uploads")
    async with bot_worker(env, store, lead_qualification(), uploads) as bot:
        client, queue, ref, channel = env.client, bot.queue, bot.ref, bot.channel
        handle = await _start(client, queue, ref, _inbound("oi"))
        await eventually(lambda: channel.sent_count(1))
        await handle.signal(RECEIVE_MESSAGE_SIGNAL, _inbound("m2", "ana arroba"))
        await eventually(lambda: channel.sent_count(2))
        await handle.signal(RECEIVE_MESSAGE_SIGNAL, _inbound("m3", "ana@example.com"))
        await eventually(lambda: channel.sent_count(3))
        # The run ended; thirty idle days end the workflow.
        await env.sleep(timedelta(days=31))
        await handle.result()
        await save_history(handle, name)


if __name__ == "__main__":
    asyncio.run(
        record_on_time_skipping_server(
            _record, sys.argv[1] if len(sys.argv) > 1 else "conversation-flow-v4"
        )
    )
