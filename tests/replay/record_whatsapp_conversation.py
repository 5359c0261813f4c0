"""Records a WhatsApp ConversationWorkflow history with every timer and fetch it can take:
a media message (the file fetch), a reply inside the 24-hour window, the window closing, a
reply refused outside it, a template, a snooze that ends, and the idle end.

Recorded on the time-skipping server, where a day passes in an instant:
`python -m tests.replay.record_whatsapp_conversation NAME`.
"""

import asyncio
import sys
import uuid
from datetime import timedelta
from pathlib import Path

from temporalio.testing import WorkflowEnvironment

from domain.conversations import InboundMessage, SnoozeWake
from domain.enums import ChannelKind
from domain.message_content import MediaContent, TemplateContent
from domain.timeutil import utcnow
from infra.eventbus import InProcessEventBus
from infra.file_storage import LocalFileStorage
from stores.conversations.store import ConversationStore
from temporal.names import RECEIVE_MESSAGE_SIGNAL, SCHEDULE_WAKE_SIGNAL, SEND_REPLY_SIGNAL
from tests.factories import create_workspace
from tests.replay.recording import record_on_time_skipping_server, save_history
from tests.support.inbox import conversations_in
from tests.support.waiting import eventually
from tests.workflows.test_conversation_timers import (
    RecordingWhatsApp,
    _reply,
    _start,
    _whatsapp_ref,
)
from workers.main import build_worker


async def _record(
    env: WorkflowEnvironment, store: ConversationStore, folder: Path, name: str
) -> None:
    account = await create_workspace(store.sessions)
    ref = await _whatsapp_ref(store, account)
    queue = f"record-{uuid.uuid4().hex[:8]}"
    client = env.client
    channels = {ChannelKind.whatsapp: RecordingWhatsApp()}
    storage = LocalFileStorage(folder / "uploads")
    async with build_worker(
        client, queue, store, InProcessEventBus(), storage=storage, channels=channels
    ):
        handle = await _start(client, queue, ref)
        [conversation] = await eventually(
            lambda: conversations_in(store.sessions, account.workspace_id)
        )
        photo = InboundMessage(
            client_message_id="wamid.in-2",
            text="[image] a foto",
            received_at=utcnow(),
            content=MediaContent(media_type="image", provider_media_id="1234567890"),
        )
        await handle.signal(RECEIVE_MESSAGE_SIGNAL, photo)
        await handle.signal(SEND_REPLY_SIGNAL, _reply(conversation.id, "recebi a foto"))
        await env.sleep(timedelta(hours=25))
        await handle.signal(SEND_REPLY_SIGNAL, _reply(conversation.id, "fora da janela"))
        template = TemplateContent(name="retomar", language="pt_BR", rendered="Olá de novo")
        await handle.signal(SEND_REPLY_SIGNAL, _reply(conversation.id, "Olá", content=template))
        until = utcnow() + timedelta(days=2)
        await handle.signal(
            SCHEDULE_WAKE_SIGNAL, SnoozeWake(conversation_id=conversation.id, until=until)
        )
        await env.sleep(timedelta(days=3))
        # Thirty idle days end the run.
        await handle.result()
        await save_history(handle, name)


if __name__ == "__main__":
    asyncio.run(
        record_on_time_skipping_server(
            _record, sys.argv[1] if len(sys.argv) > 1 else "conversation-whatsapp-v2"
        )
    )
