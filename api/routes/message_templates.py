"""A WhatsApp channel's message templates: the approved ones agents may send outside the
24-hour window, and a sync from Meta's Graph API for when the list must be read again."""

import uuid
from typing import Annotated

from fastapi import APIRouter, HTTPException, Query, status

from api.deps import Principal, ServicesDep, require
from api.message_template_schemas import MessageTemplatesPublic, template_public
from api.schemas import errors
from api.services import Services
from channels.whatsapp.templates import MessageTemplateStore, sync_channel_templates
from domain.enums import ChannelKind
from domain.permissions import Permission
from providers.whatsapp import WhatsAppError, WhatsAppPermanentError
from stores.channel_directory import ChannelNotConnected, ConnectedChannel

router = APIRouter(prefix="/channels/{channel_id}/templates", tags=["channels"])

Reader = Annotated[Principal, require(Permission.inbox_read)]
Manager = Annotated[Principal, require(Permission.channels_manage)]
NOT_FOUND = "Channel not found."
NOT_WHATSAPP = "Only WhatsApp channels have message templates."


async def _channel(
    services: Services, principal: Principal, channel_id: uuid.UUID
) -> ConnectedChannel:
    try:
        return await services.channels.by_id(principal.workspace_id, channel_id)
    except ChannelNotConnected:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail=NOT_FOUND) from None


async def _listing(
    services: Services, channel: ConnectedChannel, *, approved_only: bool
) -> MessageTemplatesPublic:
    records = await MessageTemplateStore(services.sessions).for_channel(
        channel.workspace_id, channel.id, approved_only=approved_only
    )
    return MessageTemplatesPublic(data=[template_public(record) for record in records])


@router.get("", response_model=MessageTemplatesPublic, responses=errors(401, 403, 404))
async def list_templates(
    channel_id: uuid.UUID,
    principal: Reader,
    services: ServicesDep,
    include_all: Annotated[
        bool,
        Query(alias="all", description="Every template, not only the approved ones to send."),
    ] = False,
) -> MessageTemplatesPublic:
    """The channel's templates, approved only unless `all`; none for channels other than
    WhatsApp."""
    channel = await _channel(services, principal, channel_id)
    if channel.kind != ChannelKind.whatsapp:
        return MessageTemplatesPublic(data=[])
    return await _listing(services, channel, approved_only=not include_all)


@router.post(
    "/sync", response_model=MessageTemplatesPublic, responses=errors(401, 403, 404, 409, 502)
)
async def sync_templates(
    channel_id: uuid.UUID, principal: Manager, services: ServicesDep
) -> MessageTemplatesPublic:
    """Reads every template from Meta's Graph API now; answers with all of them."""
    channel = await _channel(services, principal, channel_id)
    if channel.kind != ChannelKind.whatsapp or channel.credentials is None:
        raise HTTPException(status.HTTP_409_CONFLICT, detail=NOT_WHATSAPP)
    try:
        await sync_channel_templates(
            MessageTemplateStore(services.sessions), channel, services.settings.whatsapp_graph_url
        )
    except WhatsAppError as error:
        detail = error.agent_message if isinstance(error, WhatsAppPermanentError) else str(error)
        raise HTTPException(
            status.HTTP_502_BAD_GATEWAY,
            detail=f"WhatsApp did not give the template list: {detail}",
        ) from None
    return await _listing(services, channel, approved_only=False)
