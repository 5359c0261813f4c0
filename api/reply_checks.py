"""Checks on a reply before it is queued: what the workflow could only refuse later."""

import uuid

from fastapi import HTTPException, status

from api.services import Services
from domain.message_content import MediaContent, OutboundContent, TemplateContent


async def check_attachments(
    services: Services, workspace_id: uuid.UUID, content: OutboundContent
) -> None:
    """Every file a reply names must be one of this workspace's uploads."""
    wanted = []
    if isinstance(content, MediaContent):
        if content.attachment_id is None:
            raise HTTPException(
                status.HTTP_422_UNPROCESSABLE_CONTENT,
                detail="A media reply needs the attachment_id of an uploaded file.",
            )
        wanted.append(content.attachment_id)
    if isinstance(content, TemplateContent) and content.header_attachment_id is not None:
        wanted.append(content.header_attachment_id)
    for attachment_id in wanted:
        if await services.attachments.get(workspace_id, attachment_id) is None:
            raise HTTPException(
                status.HTTP_422_UNPROCESSABLE_CONTENT,
                detail=f"Attachment {attachment_id} was not found; upload the file first.",
            )
