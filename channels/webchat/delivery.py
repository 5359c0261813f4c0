"""Web chat: the visitor's widget holds a WebSocket to the API, fed through the event bus."""

from functools import partial

from channels.ports import DeliveryReceipt, OutboundDelivery, SendCall
from domain.conversations import MessageEvent, visitor_topic
from domain.enums import ChannelKind, MessageStatus
from infra.eventbus import EventBus


class WebchatAdapter:
    kind = ChannelKind.webchat
    # Publishing the same message twice is absorbed by the widget (by message id).
    resend_safe = True

    def __init__(self, event_bus: EventBus) -> None:
        self._event_bus = event_bus

    async def prepare(self, delivery: OutboundDelivery) -> SendCall:
        return partial(self.deliver, delivery)

    async def deliver(self, delivery: OutboundDelivery) -> DeliveryReceipt:
        sent = delivery.message.model_copy(update={"status": MessageStatus.sent})
        await self._event_bus.publish(
            visitor_topic(delivery.channel_id, delivery.contact_key),
            MessageEvent(message=sent).model_dump_json(),
        )
        # The widget also re-reads its history on (re)connect, so a visitor who was offline
        # when this was published still sees the reply.
        return DeliveryReceipt(status=MessageStatus.sent)
