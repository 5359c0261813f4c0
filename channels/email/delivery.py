"""Sends a conversation's message as an e-mail through the workspace's SendGrid account,
threaded under the contact's last e-mail (In-Reply-To / References, "Re:" subject)."""

import html

import httpx

from channels.connection import sending_channel
from channels.ports import DeliveryFailed, DeliveryReceipt, OutboundDelivery, SendCall
from domain.channel_credentials import EmailChannelCredentials
from domain.enums import ChannelKind, MessageStatus
from domain.message_content import MediaContent, TemplateContent, TextContent
from providers.sendgrid import (
    OutboundEmail,
    PermanentEmailError,
    RetryableEmailError,
    SenderIdentity,
    SendGridChannelConfig,
    SendGridEmailChannel,
)
from providers.sendgrid.client import EmailFile
from stores.channel_directory import ChannelDirectory
from stores.inbox.attachments import AttachmentStore


def text_as_html(text: str) -> str:
    """The HTML part of a plain reply: escaped, paragraphs and line breaks kept, so mail
    clients that prefer HTML show what the agent typed and nothing else."""
    paragraphs = [p for p in text.replace("\r\n", "\n").split("\n\n") if p.strip()]
    body = "".join(f"<p>{html.escape(p).replace(chr(10), '<br>')}</p>" for p in paragraphs)
    return f'<div style="font-family:sans-serif;font-size:14px;line-height:1.5">{body}</div>'


def reply_subject(subject: str | None, sender_name: str) -> str:
    if not subject:
        return f"Message from {sender_name}"
    return subject if subject.lower().startswith("re:") else f"Re: {subject}"


class EmailDelivery:
    kind = ChannelKind.email
    # Mail Send takes no idempotency key: a resend after an unknown outcome may deliver twice.
    resend_safe = False

    def __init__(
        self,
        directory: ChannelDirectory,
        attachments: AttachmentStore,
        http: httpx.AsyncClient,
        sendgrid_url: str,
    ) -> None:
        self._directory = directory
        self._attachments = attachments
        self._http = http
        self._sendgrid_url = sendgrid_url

    async def prepare(self, delivery: OutboundDelivery) -> SendCall:
        _, credentials = await sending_channel(
            self._directory, delivery, EmailChannelCredentials, "e-mail"
        )
        sender = SendGridEmailChannel(
            SendGridChannelConfig(
                workspace_id=delivery.workspace_id,
                api_key=credentials.api_key,
                sender=SenderIdentity(
                    email=credentials.from_email,
                    name=credentials.from_name,
                    reply_to_email=credentials.reply_to,
                ),
            ),
            self._http,
            base_url=self._sendgrid_url,
        )
        email = await self._email(delivery, credentials)

        async def call() -> DeliveryReceipt:
            try:
                sent = await sender.send(email)
            except RetryableEmailError as error:
                raise DeliveryFailed(
                    str(error),
                    permanent=False,
                    agent_message="SendGrid is busy or unreachable; retrying.",
                    code=f"sendgrid_{error.status}" if error.status else None,
                    retry_after=error.retry_after,
                    maybe_sent=error.maybe_sent,
                ) from error
            except PermanentEmailError as error:
                raise DeliveryFailed(
                    str(error),
                    permanent=True,
                    agent_message=error.message,
                    code=error.code,
                ) from error
            except ValueError as error:
                raise DeliveryFailed(
                    str(error), permanent=True, agent_message=f"The e-mail is not valid: {error}"
                ) from error
            return DeliveryReceipt(
                status=MessageStatus.sent,
                # Event Webhook events carry SendGrid's id; our own id travels as a custom arg.
                provider_message_id=sent.provider_message_id or sent.message_id_header,
            )

        return call

    async def deliver(self, delivery: OutboundDelivery) -> DeliveryReceipt:
        """Prepares and sends at once (no ledger between the two)."""
        return await (await self.prepare(delivery))()

    async def _email(
        self, delivery: OutboundDelivery, credentials: EmailChannelCredentials
    ) -> OutboundEmail:
        message = delivery.message
        content = message.content or TextContent(text=message.text)
        subject = reply_subject(delivery.thread.subject, credentials.from_name)
        files: list[EmailFile] = []
        match content:
            case TextContent(text=text, subject=own_subject):
                body = text
                subject = own_subject or subject
            case MediaContent(attachment_id=attachment_id, caption=caption):
                attachment = (
                    None
                    if attachment_id is None
                    else await self._attachments.get(delivery.workspace_id, attachment_id)
                )
                if attachment is None:
                    raise DeliveryFailed(
                        "attachment missing",
                        permanent=True,
                        agent_message="The attached file no longer exists.",
                    )
                data = await self._attachments.read_bytes(attachment)
                files.append(
                    EmailFile(
                        filename=attachment.filename, mime_type=attachment.mime_type, data=data
                    )
                )
                body = caption or attachment.filename
            case TemplateContent(rendered=rendered):
                body = rendered
            case _:
                body = message.text
        thread = delivery.thread
        return OutboundEmail(
            message_id=message.id,
            to_email=delivery.contact_key,
            to_name=delivery.contact_name,
            subject=subject,
            text=body,
            html=text_as_html(body),
            in_reply_to=thread.last_inbound_provider_id,
            references=thread.references,
            files=files,
        )
