"""What the channel delivery tests share: a workspace with a channel row whose credentials are
stored the way the Settings page stores them (validated, encrypted), the stores the adapters
read, and a reply of ours to hand to an adapter."""

import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from channels.ports import OutboundDelivery
from domain.channel_credentials import to_storage, validate_credentials
from domain.conversations import MessagePublic
from domain.delivery import ThreadContext
from domain.enums import ChannelKind, MessageDirection, MessageStatus
from domain.message_content import OutboundContent, summary
from domain.security import new_public_key
from domain.timeutil import utcnow
from infra import secrets
from infra.file_storage import LocalFileStorage
from infra.secrets import SecretBox, new_encryption_key
from stores.channel_directory import ChannelDirectory
from stores.inbox.attachments import AttachmentStore
from stores.tables.conversations import Channel
from stores.tables.inbox import Attachment
from tests.factories import create_workspace
from tests.support.databases import Sessions

# One key for every channel these tests write; configured again before each write because a
# running app (another test) configures the process-wide box with its own key.
SECRET_BOX = SecretBox([new_encryption_key()])


@dataclass(frozen=True)
class ChannelUnderTest:
    """A channel in the database and the stores an adapter reads it through."""

    workspace_id: uuid.UUID
    channel_id: uuid.UUID
    webhook_key: str
    directory: ChannelDirectory
    attachments: AttachmentStore

    async def attach(self, data: bytes, filename: str, mime_type: str) -> Attachment:
        """A file of this workspace, as an agent's upload stores it."""
        return await self.attachments.save(
            self.workspace_id, data, filename=filename, mime_type=mime_type
        )

    def delivery(
        self,
        content: OutboundContent,
        *,
        contact_key: str,
        contact_name: str | None = None,
        thread: ThreadContext | None = None,
        message_id: uuid.UUID | None = None,
    ) -> OutboundDelivery:
        """Our reply as `deliver_reply` hands it to the channel's adapter."""
        message = MessagePublic(
            id=message_id or uuid.uuid4(),
            conversation_id=uuid.uuid4(),
            direction=MessageDirection.outbound,
            text=summary(content),
            content=content,
            status=MessageStatus.queued,
            client_message_id=uuid.uuid4().hex,
            author_user_id=None,
            created_at=utcnow(),
        )
        return OutboundDelivery(
            workspace_id=self.workspace_id,
            channel_id=self.channel_id,
            contact_key=contact_key,
            contact_name=contact_name,
            message=message,
            thread=thread or ThreadContext(),
        )


async def channel_under_test(
    sessions: Sessions,
    uploads: Path,
    kind: ChannelKind,
    credentials: dict[str, Any] | None,
) -> ChannelUnderTest:
    """A new workspace with a `kind` channel; `credentials` None leaves it unconnected."""
    secrets.configure(SECRET_BOX)
    account = await create_workspace(sessions)
    stored = None if credentials is None else to_storage(validate_credentials(kind, credentials))
    async with sessions() as session, session.begin():
        channel = Channel(
            workspace_id=account.workspace_id,
            kind=kind,
            name=f"Our {kind.value}",
            public_key=new_public_key(),
            credentials=stored,
        )
        session.add(channel)
    return ChannelUnderTest(
        workspace_id=account.workspace_id,
        channel_id=channel.id,
        webhook_key=channel.webhook_key,
        directory=ChannelDirectory(sessions),
        attachments=AttachmentStore(sessions, LocalFileStorage(uploads)),
    )
