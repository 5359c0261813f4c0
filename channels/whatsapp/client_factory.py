"""A Graph API client for one connected WhatsApp channel (sends, media, templates)."""

import httpx

from domain.channel_credentials import WhatsAppChannelCredentials
from providers.whatsapp import WhatsAppClient, WhatsAppCredentials
from stores.channel_directory import ConnectedChannel


def client_for(
    credentials: WhatsAppChannelCredentials, http: httpx.AsyncClient, graph_url: str
) -> WhatsAppClient:
    return WhatsAppClient(
        http,
        WhatsAppCredentials(
            access_token=credentials.access_token,
            phone_number_id=credentials.phone_number_id,
            waba_id=credentials.business_account_id,
            api_version=credentials.api_version,
        ),
        base_url=graph_url,
    )


def whatsapp_client(
    http: httpx.AsyncClient, channel: ConnectedChannel, graph_url: str
) -> WhatsAppClient:
    """Raises `ChannelNotConnected` when the channel has no WhatsApp credentials."""
    return client_for(channel.credentials_as(WhatsAppChannelCredentials), http, graph_url)
