"""Records a ContactErasureWorkflow history for the replay test.

Run after a deliberate change to the workflow's behaviour (one guarded by `workflow.patched`),
keeping the older files: `python -m tests.replay.record_contact_erasure NAME`. The run is real:
a web chat visitor writes, its conversation runs, and the erasure ends it and redacts the data.
"""

import asyncio
import sys
import tempfile
import uuid
from pathlib import Path

from temporalio.client import Client
from temporalio.contrib.pydantic import pydantic_data_converter
from temporalio.testing import WorkflowEnvironment

from adapters.conversation_store import ConversationStore
from adapters.database import create_engine, create_session_factory
from adapters.eventbus import InProcessEventBus
from adapters.file_storage import LocalFileStorage
from api.conversation_commands import receive_message
from domain.conversations import ConversationRef, InboundMessage
from domain.erasure import EraseContactInput, EraseContactResult
from domain.models import ChannelKind
from domain.security import use_fast_password_hashing
from domain.timeutil import utcnow
from temporal import search_attributes
from temporal.ids import contact_erasure_workflow_id
from temporal.names import CONTACT_ERASURE_WORKFLOW
from tests.factories import create_workspace
from tests.support.databases import sqlite_database
from tests.support.waiting import eventually
from workers.main import build_worker

HISTORIES = Path(__file__).parent / "histories"


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
                lambda: store.list_conversations(account.workspace_id)
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
        history = await handle.fetch_history()
        (HISTORIES / f"{name}.json").write_text(history.to_json())
        await engine.dispose()


async def main(name: str) -> None:
    use_fast_password_hashing()
    env = await WorkflowEnvironment.start_local(
        dev_server_existing_path=str(Path(sys.executable).parent / "temporal"),
        data_converter=pydantic_data_converter,
        search_attributes=list(search_attributes.ALL),
    )
    try:
        with tempfile.TemporaryDirectory() as folder:
            await _record_erasure(env.client, Path(folder), name)
    finally:
        await env.shutdown()


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1] if len(sys.argv) > 1 else "contact-erasure-v1"))
