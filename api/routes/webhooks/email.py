"""SendGrid webhooks of an e-mail channel: Inbound Parse (received e-mail) and the signed
Event Webhook (delivery, engagement, bounces, spam reports, unsubscribes)."""

import logging

from fastapi import APIRouter, HTTPException, Request, status

from api.deps import ServicesDep
from api.routes.unsubscribe import unsubscribe_by_reply
from api.routes.webhooks.common import (
    WebhookReceipt,
    connected_channel,
    delivery_statuses,
    hand_off,
)
from api.schemas import errors
from api.services import Services
from channels.email.inbound import (
    StoredFile,
    email_contact_key,
    email_handoff,
    part_message_id,
)
from channels.email.statuses import email_report
from channels.stored_parts import stored_attachment_ids
from domain.channel_credentials import EmailChannelCredentials
from domain.contact_values import normalize_email
from domain.enums import ChannelKind, SuppressionKind
from domain.timeutil import utcnow
from providers.sendgrid import (
    EmailEvent,
    EmailEventType,
    EventWebhookVerifier,
    InboundEmail,
    InvalidWebhookSignature,
    MalformedWebhook,
    parse_events,
    parse_inbound,
)
from providers.sendgrid.webhooks import SIGNATURE_HEADER, TIMESTAMP_HEADER
from stores.channel_directory import ConnectedChannel
from stores.contacts.channel_consent import AddressConsent, record_address_consent
from temporal.ids import conversation_workflow_id

log = logging.getLogger(__name__)

router = APIRouter(prefix="/email/{webhook_key}")

BAD_SIGNATURE = (
    "The Event Webhook signature is missing or does not match: check the verification key "
    "saved for this channel."
)
# Events after which no mail may go to the address again (SendGrid suppresses it too).
SUPPRESSING = frozenset(
    {EmailEventType.bounce, EmailEventType.spamreport, EmailEventType.unsubscribe}
)


@router.post("/inbound", response_model=WebhookReceipt, responses=errors(400, 404, 503))
async def receive_email(
    webhook_key: str, request: Request, services: ServicesDep
) -> WebhookReceipt:
    """An e-mail from a contact (multipart/form-data as Inbound Parse posts it).

    Inbound Parse signs nothing: the URL's webhook key is the secret, and finding the channel
    by it is the check. Attachments are stored before the answer, since SendGrid keeps no copy.
    """
    channel = await connected_channel(services, ChannelKind.email, webhook_key)
    raw = await request.body()
    try:
        email = parse_inbound(raw, request.headers.get("content-type", ""))
    except MalformedWebhook as error:
        raise HTTPException(status.HTTP_400_BAD_REQUEST, detail=str(error)) from None
    if await unsubscribe_by_reply(services, channel.workspace_id, email):
        # A mailto: unsubscribe from our List-Unsubscribe header: consent, not a message.
        return WebhookReceipt()
    files = await _stored_files(services, channel, email)
    handoff = email_handoff(channel.workspace_id, channel.id, email, files, utcnow())
    return WebhookReceipt(messages=await hand_off(services, [handoff]))


@router.post("/events", response_model=WebhookReceipt, responses=errors(400, 403, 404))
async def receive_events(
    webhook_key: str, request: Request, services: ServicesDep
) -> WebhookReceipt:
    """Statuses of our e-mails, and the consent changes bounces and complaints mean."""
    channel = await connected_channel(services, ChannelKind.email, webhook_key)
    credentials = channel.credentials_as(EmailChannelCredentials)
    raw = await request.body()
    try:
        EventWebhookVerifier(credentials.event_webhook_public_key).verify(
            raw, request.headers.get(SIGNATURE_HEADER), request.headers.get(TIMESTAMP_HEADER)
        )
    except InvalidWebhookSignature:
        raise HTTPException(status.HTTP_403_FORBIDDEN, detail=BAD_SIGNATURE) from None
    try:
        events = parse_events(raw)
    except MalformedWebhook as error:
        raise HTTPException(status.HTTP_400_BAD_REQUEST, detail=str(error)) from None
    statuses = delivery_statuses(services)
    receipt = WebhookReceipt()
    for event in events:
        if event.workspace_id is not None and event.workspace_id != channel.workspace_id:
            # A SendGrid account shared with another workspace: its mail is none of ours.
            log.warning("e-mail event %s names another workspace; ignored", event.sg_event_id)
            continue
        report = email_report(event)
        if report is not None:
            await statuses.apply(channel.workspace_id, report)
            receipt.statuses += 1
        consent = _consent(event)
        if consent is not None:
            await record_address_consent(
                services.sessions, channel.workspace_id, consent, now=utcnow()
            )
    return receipt


def _consent(event: EmailEvent) -> AddressConsent | None:
    if event.consent is None:
        return None
    try:
        address = normalize_email(event.email)
    except ValueError:
        log.warning("e-mail event %s has no usable address", event.sg_event_id)
        return None
    reason = f": {event.error_message}" if event.error_message else ""
    return AddressConsent(
        channel=ChannelKind.email,
        address_kind=SuppressionKind.email,
        address=address,
        status=event.consent,
        source=f"sendgrid {event.raw_event}",
        proof=f"SendGrid event {event.sg_event_id} at {event.occurred_at.isoformat()}{reason}",
        suppress=event.event in SUPPRESSING,
    )


async def _stored_files(
    services: Services, channel: ConnectedChannel, email: InboundEmail
) -> list[StoredFile]:
    """Each attachment saved once: a replayed delivery finds the copies the first one made."""
    if not email.attachments:
        return []
    ids = [part_message_id(email, n) for n in range(1, len(email.attachments) + 1)]
    workflow_id = conversation_workflow_id(
        channel.workspace_id, channel.id, email_contact_key(email)
    )
    earlier = await stored_attachment_ids(services.sessions, channel.workspace_id, workflow_id, ids)
    files: list[StoredFile] = []
    for part_id, attachment in zip(ids, email.attachments, strict=True):
        stored = None
        if part_id in earlier:
            stored = await services.attachments.get(channel.workspace_id, earlier[part_id])
        if stored is None:
            stored = await services.attachments.save(
                channel.workspace_id,
                attachment.content,
                filename=attachment.filename,
                mime_type=attachment.content_type,
            )
        files.append(
            StoredFile(
                attachment_id=stored.id,
                filename=stored.filename,
                mime_type=stored.mime_type,
                size=stored.size,
            )
        )
    return files
