"""The workflows and activities of the `fluxo` task queue."""

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from temporalio.client import Client

from activities.contact_erasure import ContactErasureActivities
from activities.contact_imports import ContactImportActivities
from activities.conversations import ConversationActivities
from adapters.base import ChannelAdapter
from adapters.contacts.imports import ContactImportStore
from adapters.conversation_store import ConversationStore
from adapters.eventbus import EventBus
from adapters.file_storage import FileStorage
from adapters.webchat import WebchatAdapter
from domain.models import ChannelKind
from workflows.contact_erasure import ContactErasureWorkflow
from workflows.contact_import import ContactImportWorkflow
from workflows.conversation import ConversationWorkflow

WORKFLOWS: Sequence[type] = (ConversationWorkflow, ContactErasureWorkflow, ContactImportWorkflow)


def default_channels(event_bus: EventBus) -> dict[ChannelKind, ChannelAdapter]:
    return {ChannelKind.webchat: WebchatAdapter(event_bus)}


def build_activities(
    client: Client,
    store: ConversationStore,
    event_bus: EventBus,
    storage: FileStorage,
    channels: Mapping[ChannelKind, ChannelAdapter] | None = None,
) -> list[Callable[..., Any]]:
    """`client` is for activities that act on other workflows, `store.sessions` for the
    database, `storage` for uploaded files."""
    conversations = ConversationActivities(
        store, event_bus, channels if channels is not None else default_channels(event_bus)
    )
    erasure = ContactErasureActivities(client, store.sessions)
    imports = ContactImportActivities(ContactImportStore(store.sessions, storage), event_bus)
    return [
        conversations.record_inbound_message,
        conversations.deliver_reply,
        conversations.mark_reply_failed,
        erasure.mark_contact_erased,
        erasure.end_contact_workflows,
        erasure.redact_contact,
        erasure.delete_contact_histories,
        imports.import_batch,
        imports.finish_import,
    ]
