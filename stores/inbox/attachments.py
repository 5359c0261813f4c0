"""Files of conversations: an agent's upload, an e-mail's attachment, a WhatsApp photo.

The bytes go to the workspace's file storage, the facts (name, type, size, hash) to the
`attachment` table; every read takes the workspace id.
"""

import asyncio
import hashlib
import io
import uuid
from typing import BinaryIO

from pydantic import BaseModel
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from infra.file_storage import FileStorage
from stores.tables.inbox import Attachment

# WhatsApp's own ceiling (documents); images and audio are far smaller.
MAX_ATTACHMENT_BYTES = 100 * 1024 * 1024


class AttachmentPublic(BaseModel):
    id: uuid.UUID
    filename: str
    mime_type: str
    size: int
    url: str


def attachment_url(attachment_id: uuid.UUID) -> str:
    return f"/api/attachments/{attachment_id}"


def attachment_public(attachment: Attachment) -> AttachmentPublic:
    return AttachmentPublic(
        id=attachment.id,
        filename=attachment.filename,
        mime_type=attachment.mime_type,
        size=attachment.size,
        url=attachment_url(attachment.id),
    )


class _HashingReader:
    """Hashes what the storage reads, so a file is read once."""

    def __init__(self, source: BinaryIO) -> None:
        self._source = source
        self.digest = hashlib.sha256()

    def read(self, size: int = -1) -> bytes:
        chunk = self._source.read(size)
        self.digest.update(chunk)
        return chunk


class AttachmentStore:
    def __init__(self, sessions: async_sessionmaker[AsyncSession], storage: FileStorage) -> None:
        self._sessions = sessions
        self._storage = storage

    async def save(
        self,
        workspace_id: uuid.UUID,
        source: BinaryIO | bytes,
        *,
        filename: str,
        mime_type: str,
        uploaded_by_user_id: uuid.UUID | None = None,
        max_bytes: int = MAX_ATTACHMENT_BYTES,
    ) -> Attachment:
        """Stores the file (raises `FileTooLarge` past `max_bytes`, keeping nothing)."""
        attachment_id = uuid.uuid4()
        key = self._storage.new_key(workspace_id, f"attachments/{attachment_id}")
        reader = _HashingReader(io.BytesIO(source) if isinstance(source, bytes) else source)
        size = await asyncio.to_thread(self._storage.save, key, reader, max_bytes)  # type: ignore[arg-type]
        attachment = Attachment(
            id=attachment_id,
            workspace_id=workspace_id,
            storage_key=key,
            filename=_safe_filename(filename),
            mime_type=mime_type or "application/octet-stream",
            size=size,
            sha256=reader.digest.hexdigest(),
            uploaded_by_user_id=uploaded_by_user_id,
        )
        async with self._sessions() as session, session.begin():
            session.add(attachment)
        return attachment

    async def get(self, workspace_id: uuid.UUID, attachment_id: uuid.UUID) -> Attachment | None:
        async with self._sessions() as session:
            attachment = await session.get(Attachment, attachment_id)
            if attachment is None or attachment.workspace_id != workspace_id:
                return None
            return attachment

    def open(self, attachment: Attachment) -> BinaryIO:
        return self._storage.open(attachment.storage_key)

    async def read_bytes(self, attachment: Attachment) -> bytes:
        def read() -> bytes:
            with self._storage.open(attachment.storage_key) as file:
                return file.read()

        return await asyncio.to_thread(read)


def _safe_filename(name: str) -> str:
    """A name fit for a Content-Disposition header and a provider's `filename` field."""
    cleaned = "".join(c for c in name if c.isprintable() and c not in '/\\"').strip()
    return (cleaned or "file")[:255]
