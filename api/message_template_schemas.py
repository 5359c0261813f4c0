"""Response bodies of `/api/channels/{channel_id}/templates`: WhatsApp templates with what a
form needs to fill them in."""

import uuid
from datetime import datetime

from pydantic import BaseModel, Field

from channels.whatsapp.templates import TemplateLayout, is_usable, template_layout
from stores.tables.inbox import MessageTemplateRecord


class MessageTemplatePublic(TemplateLayout):
    id: uuid.UUID
    channel_id: uuid.UUID
    name: str
    language: str = Field(description="Meta's language code, e.g. pt_BR.")
    status: str = Field(description="APPROVED, PENDING, REJECTED, PAUSED, DISABLED…")
    usable: bool = Field(description="Only approved templates can be sent.")
    category: str | None = Field(description="MARKETING, UTILITY or AUTHENTICATION.")
    reason: str | None = Field(description="Why Meta rejected or paused it, when it said.")
    updated_at: datetime


class MessageTemplatesPublic(BaseModel):
    data: list[MessageTemplatePublic]


def template_public(record: MessageTemplateRecord) -> MessageTemplatePublic:
    return MessageTemplatePublic(
        **template_layout(record.components).model_dump(),
        id=record.id,
        channel_id=record.channel_id,
        name=record.name,
        language=record.language,
        status=record.status,
        usable=is_usable(record),
        category=record.category,
        reason=record.reason,
        updated_at=record.updated_at,
    )
