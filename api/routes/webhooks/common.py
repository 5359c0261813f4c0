"""What every provider's webhook does the same way: find the channel its URL names, hand
messages to their conversation workflows durably, and answer in one shape."""

import logging
from collections.abc import Sequence

from fastapi import HTTPException, status
from pydantic import BaseModel, Field
from temporalio.service import RPCError

from api.conversation_commands import receive_message
from api.services import Services, TemporalUnavailable
from channels.inbound import Handoff
from domain.enums import ChannelKind
from stores.channel_directory import ConnectedChannel
from stores.conversations.delivery_statuses import DeliveryStatuses

log = logging.getLogger(__name__)

UNKNOWN_WEBHOOK = "Unknown webhook: paste the URL shown for this channel in Settings → Channels."
ENGINE_DOWN = "The workflow engine is unavailable; nothing was accepted, deliver it again."


class WebhookReceipt(BaseModel):
    """What a delivery carried, once it is safely handed over."""

    messages: int = Field(default=0, description="Inbound messages handed to conversations.")
    statuses: int = Field(default=0, description="Delivery statuses read.")
    templates: int = Field(default=0, description="Template status updates applied.")


async def connected_channel(
    services: Services, kind: ChannelKind, webhook_key: str
) -> ConnectedChannel:
    """The channel whose URL this is, with its credentials; 404 for any other key."""
    channel = await services.channels.by_webhook_key(kind, webhook_key)
    if channel is None or channel.credentials is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail=UNKNOWN_WEBHOOK)
    return channel


def delivery_statuses(services: Services) -> DeliveryStatuses:
    return DeliveryStatuses(services.sessions, services.event_bus)


async def hand_off(services: Services, handoffs: Sequence[Handoff]) -> int:
    """Signals each message to its conversation's workflow (signal-with-start), in order.

    Returns once Temporal holds every one; if it cannot, the answer is 503 and the provider
    delivers the whole batch again. The messages already handed over then arrive twice, and
    the workflow and the database's unique key absorb them by client message id.
    """
    count = 0
    if not any(handoff.messages for handoff in handoffs):
        # Statuses alone need no workflow: they are applied even while Temporal is down.
        return 0
    try:
        client = await services.temporal.get()
        for handoff in handoffs:
            for message in handoff.messages:
                await receive_message(
                    client, services.settings.temporal_task_queue, handoff.ref, message
                )
                count += 1
    except (TemporalUnavailable, RPCError) as error:
        log.warning("webhook hand-off failed after %d messages: %s", count, error)
        raise HTTPException(status.HTTP_503_SERVICE_UNAVAILABLE, detail=ENGINE_DOWN) from error
    return count
