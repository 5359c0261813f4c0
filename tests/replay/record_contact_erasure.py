"""Records a ContactErasureWorkflow history for the replay test.

Run after a deliberate change to the workflow's behaviour (one guarded by `workflow.patched`),
keeping the older files: `python -m tests.replay.record_contact_erasure NAME`. The run is real:
a web chat visitor writes, its conversation runs, and the erasure ends it and redacts the data.
"""

import asyncio
import sys
import uuid
from pathlib import Path

from temporalio.client import Client

from api.conversation_commands import receive_message
from domain.conversations import ConversationRef, InboundMessage
from domain.enums import ChannelKind
from domain.erasure import EraseContactInput, EraseContactResult
from domain.timeutil import utcnow
from infra.database import create_engine, create_session_factory
from infra.eventbus import InProcessEventBus
from infra.file_storage import LocalFileStorage
from stores.conversations.store import ConversationStore
from temporal.ids import contact_erasure_workflow_id
from temporal.names import CONTACT_ERASURE_WORKFLOW
from tests.factories import create_workspace
from tests.replay.recording import record_on_dev_server, save_history
from tests.support.databases import sqlite_database
from tests.support.inbox import conversations_in
from tests.support.waiting import eventually
from workers.main import build_worker


async def _record_erasure(client: Client, folder: Path, name: str) -> None:
    queue = f"record-{uuid.uuid4().hex[:8]}"
    async with sqlite_database(folder) as url:
        engine = create_engine(url)
        store = ConversationStore(create_session_factory(engine))
        account = await create_workspace(store.sessions)
        ref = ConversationRef(
            workspace_id=account.workspace_id,
            channel_id=account.channel_id,
            channel_kind=ChannelKind.webchat,
            contact_key=uuid.uuid4().hex,
        )
        message = InboundMessage(
            client_message_id="m1", text="dados pessoais", received_at=utcnow()
        )
        async with build_worker(
            client, queue, store, InProcessEventBus(), storage=LocalFileStorage(folder)
        ):
            await receive_message(client, queue, ref, message)
            [conversation] = await eventually(
                lambda: conversations_in(store.sessions, account.workspace_id)
            )
            workflow_id = contact_erasure_workflow_id(account.workspace_id, conversation.contact_id)
            handle = await client.start_workflow(
                CONTACT_ERASURE_WORKFLOW,
                EraseContactInput(
                    workspace_id=account.workspace_id,
                    contact_id=conversation.contact_id,
                    requested_by_user_id=account.user_id,
                ),
                id=workflow_id,
                task_queue=queue,
                result_type=EraseContactResult,
            )
            result = await handle.result()
            assert result.found and result.ended_workflow_ids, result
        await save_history(handle, name)
        await engine.dispose()


if __name__ == "__main__":
    name = sys.argv[1] if len(sys.argv) > 1 else "contact-erasure-v1"
    asyncio.run(record_on_dev_server(_record_erasure, name))
