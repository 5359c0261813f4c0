"""Records the ConversationWorkflow run that follows a continue-as-new in the middle of a bot
run: it begins with only the run's flow reference in its input, loads the pinned graph when
the answer comes (`load_flow_version`), and finishes the flow. On the time-skipping server:
`python -m tests.replay.record_flow_continued NAME`.
"""

import asyncio
import sys
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
        # One event per run: the question is asked in the first run, answered in the second.
        handle = await _start(client, queue, ref, _inbound("oi"), events_per_run=1)
        await eventually(lambda: channel.sent_count(1))

        async def second_run() -> str | None:
            run_id = (await handle.describe()).run_id
            return run_id if run_id != handle.first_execution_run_id else None

        run_id = await eventually(second_run)
        await handle.signal(RECEIVE_MESSAGE_SIGNAL, _inbound("m2", "ana@example.com"))
        await eventually(lambda: channel.sent_count(2))
        continued = client.get_workflow_handle(handle.id, run_id=run_id)

        async def closed() -> bool:
            return (await continued.describe()).close_time is not None

        await eventually(closed)
        await save_history(continued, name)
        await handle.terminate()


if __name__ == "__main__":
    asyncio.run(
        record_on_time_skipping_server(
            _record, sys.argv[1] if len(sys.argv) > 1 else "conversation-flow-continued-v4"
        )
    )
