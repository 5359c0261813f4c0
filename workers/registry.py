"""The workflows and activities of the `fluxo` task queue."""

from collections.abc import Callable, Sequence
from typing import Any

from activities.conversations import ConversationActivities
from adapters.base import ChannelAdapter
from adapters.conversation_store import ConversationStore
from adapters.eventbus import EventBus
from adapters.webchat import WebchatAdapter
from domain.models import ChannelKind
from workflows.conversation import ConversationWorkflow

WORKFLOWS: Sequence[type] = (ConversationWorkflow,)


def build_activities(store: ConversationStore, event_bus: EventBus) -> list[Callable[..., Any]]:
    channels: dict[ChannelKind, ChannelAdapter] = {ChannelKind.webchat: WebchatAdapter(event_bus)}
    conversations = ConversationActivities(store, event_bus, channels)
    return [
        conversations.record_inbound_message,
        conversations.deliver_reply,
        conversations.mark_reply_failed,
    ]
