"""The interface every channel implements (web chat now; WhatsApp, e-mail and SMS next)."""

import uuid
from typing import Protocol

from pydantic import BaseModel

from domain.conversations import MessagePublic
from domain.models import ChannelKind, MessageStatus


class OutboundDelivery(BaseModel):
    channel_id: uuid.UUID
    contact_key: str
    message: MessagePublic


class DeliveryReceipt(BaseModel):
    status: MessageStatus
    provider_message_id: str | None = None


class ChannelAdapter(Protocol):
    kind: ChannelKind

    async def deliver(self, delivery: OutboundDelivery) -> DeliveryReceipt: ...
