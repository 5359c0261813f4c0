"""WhatsApp Cloud API webhook: Meta's subscription handshake (GET) and notifications (POST)."""

import logging
from dataclasses import dataclass
from typing import Annotated

from fastapi import APIRouter, BackgroundTasks, HTTPException, Query, Request, status
from fastapi.responses import PlainTextResponse

from api.deps import ServicesDep
from api.routes.webhooks.common import (
    WebhookReceipt,
    connected_channel,
    delivery_statuses,
    hand_off,
)
from api.schemas import errors
from api.services import Services
from channels.inbound import Handoff
from channels.whatsapp.inbound import handoffs
from channels.whatsapp.numbers import WhatsAppChannels
from channels.whatsapp.statuses import whatsapp_report
from channels.whatsapp.templates import MessageTemplateStore, sync_channel_templates
from domain.channel_credentials import WhatsAppChannelCredentials
from domain.enums import ChannelKind
from providers.whatsapp import (
    TemplateStatusUpdate,
    WebhookPayloadError,
    WebhookSignatureError,
    WebhookVerificationError,
    WhatsAppError,
    WhatsAppNotification,
    answer_verification,
    verified_notification,
)
from providers.whatsapp.webhooks import SIGNATURE_HEADER
from stores.channel_directory import ConnectedChannel

log = logging.getLogger(__name__)

router = APIRouter(prefix="/whatsapp/{webhook_key}")

BAD_TOKEN = (
    "hub.verify_token does not match: paste the verify token shown for this channel "
    "in Settings → Channels."
)
BAD_SIGNATURE = (
    f"{SIGNATURE_HEADER} is missing or does not match the body: check the channel's app secret."
)


@router.get("", response_class=PlainTextResponse, responses=errors(403, 404))
async def verify_subscription(
    webhook_key: str,
    services: ServicesDep,
    hub_mode: Annotated[str | None, Query(alias="hub.mode")] = None,
    hub_verify_token: Annotated[str | None, Query(alias="hub.verify_token")] = None,
    hub_challenge: Annotated[str | None, Query(alias="hub.challenge")] = None,
) -> PlainTextResponse:
    """Meta's subscription check: echoes `hub.challenge` when the verify token is ours."""
    channel = await connected_channel(services, ChannelKind.whatsapp, webhook_key)
    params = {
        name: value
        for name, value in (
            ("hub.mode", hub_mode),
            ("hub.verify_token", hub_verify_token),
            ("hub.challenge", hub_challenge),
        )
        if value is not None
    }
    try:
        challenge = answer_verification(params, channel.verify_token)
    except WebhookVerificationError:
        raise HTTPException(status.HTTP_403_FORBIDDEN, detail=BAD_TOKEN) from None
    return PlainTextResponse(challenge)


@router.post("", response_model=WebhookReceipt, responses=errors(400, 403, 404, 503))
async def receive_notification(
    webhook_key: str, request: Request, services: ServicesDep, background: BackgroundTasks
) -> WebhookReceipt:
    """Messages go to their conversations (durably, before the 200), statuses to our messages,
    template decisions to the template list. The signature is checked on the raw bytes first."""
    channel = await connected_channel(services, ChannelKind.whatsapp, webhook_key)
    credentials = channel.credentials_as(WhatsAppChannelCredentials)
    raw = await request.body()
    try:
        notification = verified_notification(
            credentials.app_secret.get_secret_value(), raw, request.headers.get(SIGNATURE_HEADER)
        )
    except WebhookSignatureError:
        raise HTTPException(status.HTTP_403_FORBIDDEN, detail=BAD_SIGNATURE) from None
    except WebhookPayloadError as error:
        raise HTTPException(status.HTTP_400_BAD_REQUEST, detail=str(error)) from None
    if notification.ignored:
        log.info("WhatsApp notification parts not handled: %s", notification.ignored)
    channels = WhatsAppChannels(channel, services.sessions, services.channels)
    receipt = WebhookReceipt()
    receipt.messages = await hand_off(services, await _message_handoffs(channels, notification))
    statuses = delivery_statuses(services)
    for update in notification.statuses:
        await statuses.apply(channel.workspace_id, whatsapp_report(update))
        receipt.statuses += 1
    unread: dict[str, ConnectedChannel] = {}
    for template_update in notification.template_updates:
        applied = await _apply_template_update(services, channels, template_update)
        if applied is not None:
            receipt.templates += 1
            if not applied.known:
                unread[str(applied.channel.id)] = applied.channel
    for template_channel in unread.values():
        # First heard of here: text and variables come from Meta's listing, read after the
        # answer so Meta is not kept waiting. The status is usable already.
        background.add_task(_sync_quietly, services, template_channel)
    return receipt


async def _message_handoffs(
    channels: WhatsAppChannels, notification: WhatsAppNotification
) -> list[Handoff]:
    found: list[Handoff] = []
    numbers = dict.fromkeys(message.phone_number_id for message in notification.messages)
    for number in numbers:
        channel = await channels.for_number(number)
        batch = [m for m in notification.messages if m.phone_number_id == number]
        if channel is None:
            # Signed with this workspace's app secret, but for a number it has not connected.
            log.warning("%d WhatsApp messages for unconnected number %s", len(batch), number)
            continue
        found.extend(handoffs(channel.workspace_id, channel.id, batch))
    return found


@dataclass(frozen=True)
class _AppliedTemplate:
    channel: ConnectedChannel
    known: bool


async def _apply_template_update(
    services: Services, channels: WhatsAppChannels, update: TemplateStatusUpdate
) -> _AppliedTemplate | None:
    channel = await channels.for_business_account(update.waba_id)
    if channel is None:
        log.warning("template update for unconnected business account %s", update.waba_id)
        return None
    store = MessageTemplateStore(services.sessions)
    outcome = await store.apply_update(channel.workspace_id, channel.id, update)
    return _AppliedTemplate(channel, outcome.known)


async def _sync_quietly(services: Services, channel: ConnectedChannel) -> None:
    try:
        await sync_channel_templates(
            MessageTemplateStore(services.sessions), channel, services.settings.whatsapp_graph_url
        )
    except WhatsAppError as error:
        # The status is stored; the text comes with the next sync (Settings or the next update).
        log.warning("template sync of channel %s failed: %s", channel.id, error)
