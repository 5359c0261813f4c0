"""Twilio(-compatible) webhooks of an SMS channel: incoming messages and status callbacks.

Twilio signs the URL it called plus the form, so the URL is rebuilt from our configured public
address (behind a proxy the request we see has another host) and the raw path and query.
"""

import logging
import uuid
from collections.abc import Callable
from datetime import datetime
from typing import Annotated, TypeVar

from fastapi import APIRouter, HTTPException, Query, Request, Response, status

from api.deps import ServicesDep
from api.routes.webhooks.common import (
    WebhookReceipt,
    connected_channel,
    delivery_statuses,
    hand_off,
)
from api.schemas import errors
from api.services import Services
from channels.sms.inbound import sms_handoff
from channels.sms.statuses import sms_report
from domain.channel_credentials import SmsChannelCredentials
from domain.delivery import our_message_id
from domain.enums import ChannelKind, ConsentStatus, SuppressionKind
from domain.timeutil import utcnow
from providers.twilio import (
    InboundSms,
    InvalidSignatureError,
    KeywordAction,
    MalformedWebhookError,
    public_url,
    read_inbound,
    read_status_callback,
)
from providers.twilio.webhooks import SIGNATURE_HEADER
from stores.channel_directory import ConnectedChannel
from stores.contacts.channel_consent import AddressConsent, record_address_consent

log = logging.getLogger(__name__)

router = APIRouter(prefix="/sms/{webhook_key}")

# An empty TwiML document: received, and no automatic reply (agents and flows answer).
EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response/>'
BAD_SIGNATURE = (
    f"{SIGNATURE_HEADER} is missing or does not match: check the channel's auth token and "
    "that FLUXO_PUBLIC_URL is the address Twilio calls."
)
CONSENT_BY_KEYWORD = {
    KeywordAction.opt_out: ConsentStatus.opted_out,
    KeywordAction.opt_in: ConsentStatus.opted_in,
}


def _called_url(services: Services, request: Request) -> str:
    raw_path = request.scope.get("raw_path")
    path = raw_path.decode("latin-1") if isinstance(raw_path, bytes) else request.url.path
    query = request.scope.get("query_string", b"").decode("latin-1")
    return public_url(services.settings.resolved_public_url, path, query)


T = TypeVar("T")
Reader = Callable[[str, str, bytes, str | None, datetime], T]


async def _verified(
    services: Services, webhook_key: str, request: Request, read: Reader[T]
) -> tuple[ConnectedChannel, T]:
    """The channel and the callback, read only once its Twilio signature checks out."""
    channel = await connected_channel(services, ChannelKind.sms, webhook_key)
    credentials = channel.credentials_as(SmsChannelCredentials)
    raw = await request.body()
    try:
        callback = read(
            credentials.auth_token.get_secret_value(),
            _called_url(services, request),
            raw,
            request.headers.get(SIGNATURE_HEADER),
            utcnow(),
        )
    except InvalidSignatureError:
        raise HTTPException(status.HTTP_403_FORBIDDEN, detail=BAD_SIGNATURE) from None
    except MalformedWebhookError as error:
        raise HTTPException(status.HTTP_400_BAD_REQUEST, detail=str(error)) from None
    return channel, callback


@router.post(
    "/inbound",
    response_class=Response,
    responses={200: {"content": {"text/xml": {}}}, **errors(400, 403, 404, 503)},
)
async def receive_sms(webhook_key: str, request: Request, services: ServicesDep) -> Response:
    """An SMS or MMS from a contact; STOP and START (en, pt) also change its SMS consent."""
    channel, sms = await _verified(services, webhook_key, request, read_inbound)
    # Consent first: if the hand-off then fails, Twilio retries and this finds it already done.
    await _keyword_consent(services, channel.workspace_id, sms)
    await hand_off(services, [sms_handoff(channel.workspace_id, channel.id, sms)])
    return Response(EMPTY_TWIML, media_type="text/xml")


@router.post("/status", response_model=WebhookReceipt, responses=errors(400, 403, 404))
async def receive_status(
    webhook_key: str,
    request: Request,
    services: ServicesDep,
    m: Annotated[
        str | None,
        Query(description="Our message id, put on the StatusCallback URL when sending."),
    ] = None,
) -> WebhookReceipt:
    """Twilio's status callback for one of our messages."""
    channel, update = await _verified(services, webhook_key, request, read_status_callback)
    # `m` was part of the signed URL, so it is ours as much as the rest of the callback.
    message_id: uuid.UUID | None = our_message_id(m)
    await delivery_statuses(services).apply(channel.workspace_id, sms_report(update, message_id))
    return WebhookReceipt(statuses=1)


async def _keyword_consent(services: Services, workspace_id: uuid.UUID, sms: InboundSms) -> None:
    consent = CONSENT_BY_KEYWORD.get(sms.keyword.action)
    if consent is None:
        return
    if not sms.sender.startswith("+"):
        log.info("keyword %s from non-phone sender %s", sms.keyword.keyword, sms.sender)
        return
    await record_address_consent(
        services.sessions,
        workspace_id,
        AddressConsent(
            channel=ChannelKind.sms,
            address_kind=SuppressionKind.phone,
            address=sms.sender,
            status=consent,
            source="sms keyword",
            proof=(
                f"{sms.keyword.keyword or sms.keyword.action} in SMS {sms.provider_message_id} "
                f"({'recognised by the provider' if sms.keyword.source == 'provider' else 'text'})"
            ),
            suppress=consent is ConsentStatus.opted_out,
            create_contact=True,
        ),
        now=utcnow(),
    )
