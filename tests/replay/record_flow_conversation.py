"""Records a ConversationWorkflow history in which a chatbot flow runs: its start, a question
answered wrongly then rightly (stored on the contact), a condition, a tag, the end; then a
second conversation whose question times out. On the time-skipping server:
`python -m tests.replay.record_flow_conversation NAME`.
"""

import asyncio
import sys
import uuid
from datetime import timedelta
from pathlib import Path

from temporalio.testing import WorkflowEnvironment

from domain.conversations import ConversationRef
from domain.enums import ChannelKind
from infra.eventbus import InProcessEventBus
from infra.file_storage import LocalFileStorage
from stores.conversations.store import ConversationStore
from temporal.names import RECEIVE_MESSAGE_SIGNAL
from tests.factories import create_workspace
from tests.replay.recording import record_on_time_skipping_server, save_history
from tests.support.waiting import eventually
from tests.workflows.flow_support import RecordingChannel, lead_qualification, publish
from tests.workflows.test_conversation_workflow import _inbound, _start
from workers.main import build_worker


async def _record(
    env: WorkflowEnvironment, store: ConversationStore, folder: Path, name: str
) -> None:
    account = await create_workspace(store.sessions)
    triggers = [{"type": "new_contact", "channels": []}]
    await publish(store.sessions, account.workspace_id, lead_qualification(), triggers)
    channel = RecordingChannel()
    queue = f"record-{uuid.uuid4().hex[:8]}"
    client = env.client
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
        storage=LocalFileStorage(folder / "uploads"),
        channels={ChannelKind.webchat: channel},
    ):
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
