"""The workflows and activities of the `fluxo` task queue."""

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import httpx
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from temporalio.client import Client

from activities.contact_erasure import ContactErasureActivities
from activities.contact_imports import ContactImportActivities
from activities.conversations import ConversationActivities
from activities.flows import FlowActivities
from channels.email.delivery import EmailDelivery
from channels.ports import ChannelAdapter, InboundMediaFetcher
from channels.sms.delivery import SmsDelivery
from channels.sms.media import TwilioMediaFetcher
from channels.webchat.delivery import WebchatAdapter
from channels.whatsapp.delivery import WhatsAppDelivery
from channels.whatsapp.media import WhatsAppMediaFetcher
from domain.enums import ChannelKind
from domain.settings import Settings
from infra.eventbus import EventBus
from infra.file_storage import FileStorage
from providers.egress import EgressPolicy, guarded_client
from providers.http_request import FlowHttpCaller
from providers.openai.model import OpenAiCompatibleModel
from stores.ai.workspace_ai import WorkspaceAi
from stores.channel_directory import ChannelDirectory
from stores.contacts.imports import ContactImportStore
from stores.conversations.store import ConversationStore
from stores.inbox.attachments import MAX_ATTACHMENT_BYTES, AttachmentStore
from workflows.contact_erasure import ContactErasureWorkflow
from workflows.contact_import import ContactImportWorkflow
from workflows.conversation import ConversationWorkflow

WORKFLOWS: Sequence[type] = (ConversationWorkflow, ContactErasureWorkflow, ContactImportWorkflow)
# A provider call that takes longer is treated as failed (and retried by the activity).
PROVIDER_TIMEOUT = httpx.Timeout(20.0, connect=5.0)
# The fetchers stop a file over the attachment limit with their own message; the guard's cap
# sits just above, as the backstop.
MEDIA_CAP_SLACK = 64 * 1024


@dataclass(frozen=True)
class ChannelEndpoints:
    """Where the providers are: production by default, local fakes in tests."""

    whatsapp_graph_url: str = "https://graph.facebook.com"
    sendgrid_url: str = "https://api.sendgrid.com"
    twilio_url: str = "https://api.twilio.com"
    public_url: str = "http://127.0.0.1:8000"
    flow_http_allowed_hosts: frozenset[str] = frozenset()
    ai_allowed_hosts: frozenset[str] = frozenset()

    @property
    def provider_hosts(self) -> frozenset[str]:
        """The hosts of the configured provider APIs (local fakes in tests)."""
        urls = (self.whatsapp_graph_url, self.sendgrid_url, self.twilio_url)
        return frozenset(host for url in urls if (host := urlsplit(url).hostname))

    @classmethod
    def from_settings(cls, settings: Settings) -> "ChannelEndpoints":
        return cls(
            whatsapp_graph_url=settings.whatsapp_graph_url,
            sendgrid_url=settings.sendgrid_base_url,
            twilio_url=settings.twilio_base_url,
            public_url=settings.resolved_public_url,
            flow_http_allowed_hosts=EgressPolicy.from_setting(
                settings.flow_http_allowed_hosts
            ).allowed_hosts,
            ai_allowed_hosts=EgressPolicy.from_setting(settings.ai_allowed_hosts).allowed_hosts,
        )


@dataclass(frozen=True)
class ChannelServices:
    adapters: dict[ChannelKind, ChannelAdapter]
    media: dict[ChannelKind, InboundMediaFetcher]
    http: httpx.AsyncClient


def default_channels(
    event_bus: EventBus,
    sessions: async_sessionmaker[AsyncSession],
    storage: FileStorage,
    endpoints: ChannelEndpoints,
) -> ChannelServices:
    directory = ChannelDirectory(sessions)
    attachments = AttachmentStore(sessions, storage)
    http = httpx.AsyncClient(timeout=PROVIDER_TIMEOUT)
    # A contact's media comes from URLs a provider's answer or a tenant-signed webhook names:
    # guarded like every tenant-chosen URL; the configured provider hosts are the operator's.
    media_http = guarded_client(
        EgressPolicy(allowed_hosts=endpoints.provider_hosts),
        timeout=PROVIDER_TIMEOUT,
        max_response_bytes=MAX_ATTACHMENT_BYTES + MEDIA_CAP_SLACK,
    )
    adapters: dict[ChannelKind, ChannelAdapter] = {
        ChannelKind.webchat: WebchatAdapter(event_bus),
        ChannelKind.whatsapp: WhatsAppDelivery(
            directory, attachments, http, endpoints.whatsapp_graph_url
        ),
        ChannelKind.email: EmailDelivery(directory, attachments, http, endpoints.sendgrid_url),
        ChannelKind.sms: SmsDelivery(directory, http, endpoints.twilio_url, endpoints.public_url),
    }
    media: dict[ChannelKind, InboundMediaFetcher] = {
        ChannelKind.whatsapp: WhatsAppMediaFetcher(
            directory, attachments, media_http, endpoints.whatsapp_graph_url
        ),
        ChannelKind.sms: TwilioMediaFetcher(
            directory, attachments, media_http, endpoints.twilio_url
        ),
    }
    return ChannelServices(adapters=adapters, media=media, http=http)


def build_activities(
    client: Client,
    store: ConversationStore,
    event_bus: EventBus,
    storage: FileStorage,
    channels: Mapping[ChannelKind, ChannelAdapter] | None = None,
    endpoints: ChannelEndpoints | None = None,
) -> list[Callable[..., Any]]:
    """`client` is for activities that act on other workflows, `store.sessions` for the
    database, `storage` for uploaded files; `channels` replaces the providers' adapters."""
    services = default_channels(event_bus, store.sessions, storage, endpoints or ChannelEndpoints())
    conversations = ConversationActivities(
        store,
        event_bus,
        channels if channels is not None else services.adapters,
        services.media,
    )
    resolved = endpoints or ChannelEndpoints()
    flows = FlowActivities(
        store,
        event_bus,
        FlowHttpCaller(EgressPolicy(allowed_hosts=resolved.flow_http_allowed_hosts)),
        # Each workspace's own endpoint, model and key, read from its AI settings per call.
        WorkspaceAi(
            store.sessions,
            OpenAiCompatibleModel(EgressPolicy(allowed_hosts=resolved.ai_allowed_hosts)),
        ),
    )
    erasure = ContactErasureActivities(client, store.sessions)
    imports = ContactImportActivities(ContactImportStore(store.sessions, storage), event_bus)
    return [
        conversations.record_inbound_message,
        conversations.deliver_reply,
        conversations.mark_reply_failed,
        conversations.fetch_inbound_media,
        conversations.announce_conversation,
        conversations.wake_snoozed,
        flows.contact_facts,
        flows.set_contact_field,
        flows.change_tag,
        flows.call_http,
        flows.ai_reply,
        flows.ai_classify,
        flows.hand_off,
        flows.record_flow_steps,
        flows.load_published_flow,
        flows.load_flow_version,
        flows.open_conversation,
        erasure.mark_contact_erased,
        erasure.end_contact_workflows,
        erasure.redact_contact,
        erasure.delete_contact_histories,
        imports.import_batch,
        imports.finish_import,
    ]
