"""Files agents attach to replies, and every stored file of a conversation, read back.

Downloads accept the session cookie (an `<img src>` sends it), and only ever serve a file of the
caller's workspace. Media shown in the page is served inline; everything else (and SVG, which can
carry script) downloads, with `nosniff` so no browser guesses another type.
"""

import mimetypes
import uuid
from collections.abc import Iterator
from typing import Annotated, BinaryIO
from urllib.parse import quote

from fastapi import APIRouter, Depends, File, HTTPException, UploadFile, status
from fastapi.responses import StreamingResponse

from api.deps import Principal, ServicesDep, require
from api.schemas import errors
from domain.permissions import Permission
from infra.file_storage import CHUNK, FileTooLarge
from stores.inbox.attachments import MAX_ATTACHMENT_BYTES, AttachmentPublic, attachment_public
from stores.tables.inbox import Attachment

router = APIRouter(prefix="/attachments", tags=["inbox"], responses=errors(401, 403))

InboxReader = Annotated[Principal, require(Permission.inbox_read)]
InboxReplier = Annotated[Principal, require(Permission.inbox_reply)]

NOT_FOUND = "Attachment not found."
INLINE_TYPES = ("image/", "audio/", "video/")
# Shown inline these could run script in our origin.
NEVER_INLINE = frozenset({"image/svg+xml"})


def attachment_max_bytes() -> int:
    """The upload ceiling; a dependency so a test can lower it instead of sending 100 MB."""
    return MAX_ATTACHMENT_BYTES


MaxBytesDep = Annotated[int, Depends(attachment_max_bytes)]


def content_type_of(upload: UploadFile) -> str:
    declared = (upload.content_type or "").split(";", 1)[0].strip().lower()
    if declared and declared != "application/octet-stream":
        return declared
    guessed, _ = mimetypes.guess_type(upload.filename or "")
    return guessed or "application/octet-stream"


def content_disposition(attachment: Attachment) -> str:
    inline = attachment.mime_type.startswith(INLINE_TYPES)
    kind = "inline" if inline and attachment.mime_type not in NEVER_INLINE else "attachment"
    ascii_name = attachment.filename.encode("ascii", "replace").decode().replace("?", "_")
    # RFC 6266: a plain fallback name, and the real one percent-encoded in UTF-8.
    return f"{kind}; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(attachment.filename)}"


def _chunks(file: BinaryIO) -> Iterator[bytes]:
    """Read in Starlette's thread pool, a chunk at a time: a large file is never held whole."""
    with file:
        while chunk := file.read(CHUNK):
            yield chunk


@router.post(
    "",
    response_model=AttachmentPublic,
    status_code=status.HTTP_201_CREATED,
    responses=errors(413),
)
async def upload_attachment(
    replier: InboxReplier,
    services: ServicesDep,
    max_bytes: MaxBytesDep,
    file: Annotated[UploadFile, File(description="The file, up to 100 MB.")],
) -> AttachmentPublic:
    """Stores a file to send in a reply (as `attachment_id` of media content)."""
    if file.size == 0:
        raise HTTPException(
            status.HTTP_422_UNPROCESSABLE_CONTENT, detail="The file is empty: choose another."
        )
    if file.size is not None and file.size > max_bytes:
        raise _too_large(max_bytes)
    try:
        attachment = await services.attachments.save(
            replier.workspace_id,
            file.file,
            filename=file.filename or "file",
            mime_type=content_type_of(file),
            uploaded_by_user_id=replier.actor_user_id,
            max_bytes=max_bytes,
        )
    except FileTooLarge:
        raise _too_large(max_bytes) from None
    return attachment_public(attachment)


def _too_large(max_bytes: int) -> HTTPException:
    limit = f"{max_bytes // (1024 * 1024)} MB" if max_bytes >= 1024 * 1024 else f"{max_bytes} bytes"
    return HTTPException(
        status.HTTP_413_CONTENT_TOO_LARGE,
        detail=f"The file is larger than {limit}: send a smaller one, or a link to it.",
    )


@router.get(
    "/{attachment_id}",
    response_class=StreamingResponse,
    responses={
        **errors(404),
        200: {"content": {"application/octet-stream": {}}, "description": "The file itself."},
    },
)
async def download_attachment(
    attachment_id: uuid.UUID, reader: InboxReader, services: ServicesDep
) -> StreamingResponse:
    """The file with its type and name; only within the caller's workspace."""
    attachment = await services.attachments.get(reader.workspace_id, attachment_id)
    if attachment is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail=NOT_FOUND)
    try:
        file = services.attachments.open(attachment)
    except FileNotFoundError:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail=NOT_FOUND) from None
    return StreamingResponse(
        _chunks(file),
        media_type=attachment.mime_type,
        headers={
            "Content-Length": str(attachment.size),
            "Content-Disposition": content_disposition(attachment),
            "X-Content-Type-Options": "nosniff",
            # Private to the workspace: shared caches must not keep it.
            "Cache-Control": "private, max-age=3600",
        },
    )
