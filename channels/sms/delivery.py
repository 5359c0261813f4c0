"""Sends a conversation's message as an SMS through the workspace's Twilio(-compatible) account.

The status callback URL carries our message id (`?m=`), so every callback maps back even before
the send returns, and settles a send whose answer was lost. Twilio documents no idempotency key
for creating messages, so SMS is treated like WhatsApp: resent only when the outcome is known to
be "not sent" (decision 27).
"""

import httpx

from channels.connection import sending_channel
from channels.ports import DeliveryFailed, DeliveryReceipt, OutboundDelivery, SendCall
from domain.channel_credentials import SmsChannelCredentials
from domain.enums import ChannelKind
from domain.message_content import MediaContent, TemplateContent, TextContent
from providers.twilio import (
    OutgoingSms,
    SmsPermanentError,
    SmsRetryableError,
    SmsSender,
    TwilioCredentials,
    TwilioSmsClient,
)
from stores.channel_directory import ChannelDirectory


class SmsDelivery:
    kind = ChannelKind.sms
    # Twilio documents no idempotency key for creating messages: an unknown outcome is never
    # resent (decision 44).
    resend_safe = False

    def __init__(
        self,
        directory: ChannelDirectory,
        http: httpx.AsyncClient,
        twilio_url: str,
        public_url: str,
    ) -> None:
        self._directory = directory
        self._http = http
        self._twilio_url = twilio_url
        self._public_url = public_url.rstrip("/")

    async def prepare(self, delivery: OutboundDelivery) -> SendCall:
        channel, credentials = await sending_channel(
            self._directory, delivery, SmsChannelCredentials, "SMS"
        )
        client = TwilioSmsClient(
            TwilioCredentials(
                account_sid=credentials.account_sid,
                auth_token=credentials.auth_token,
                api_key_sid=credentials.api_key_sid,
                api_key_secret=credentials.api_key_secret,
            ),
            SmsSender(
                from_=credentials.from_number,
                messaging_service_sid=credentials.messaging_service_sid,
            ),
            self._http,
            base_url=self._twilio_url,
        )
        message = delivery.message
        callback = (
            f"{self._public_url}/api/webhooks/sms/{channel.webhook_key}/status?m={message.id}"
        )
        try:
            sms = OutgoingSms(
                to=delivery.contact_key, body=_body(delivery), status_callback=callback
            )
        except ValueError as error:
            raise _invalid(error) from error

        async def call() -> DeliveryReceipt:
            try:
                sent = await client.send(sms, idempotency_key=str(message.id))
            except SmsRetryableError as error:
                raise DeliveryFailed(
                    str(error),
                    permanent=False,
                    agent_message="The SMS provider is busy or unreachable; retrying.",
                    code=str(error.code) if error.code is not None else None,
                    retry_after=error.retry_after,
                    maybe_sent=error.maybe_sent,
                ) from error
            except SmsPermanentError as error:
                raise DeliveryFailed(
                    str(error),
                    permanent=True,
                    agent_message=error.message,
                    code=str(error.code) if error.code is not None else error.reason.value,
                ) from error
            return DeliveryReceipt(status=sent.status, provider_message_id=sent.provider_message_id)

        return call

    async def deliver(self, delivery: OutboundDelivery) -> DeliveryReceipt:
        """Prepares and sends at once (no ledger between the two)."""
        return await (await self.prepare(delivery))()


def _invalid(error: ValueError) -> DeliveryFailed:
    return DeliveryFailed(
        str(error), permanent=True, agent_message=f"The SMS is not valid: {error}"
    )


def _body(delivery: OutboundDelivery) -> str:
    content = delivery.message.content
    match content:
        case TextContent(text=text):
            return text
        case TemplateContent(rendered=rendered) if rendered:
            return rendered
        case MediaContent():
            # Twilio fetches MMS media from a public URL; our files are private.
            raise ValueError("SMS messages carry text only; send the file by WhatsApp or e-mail")
    return delivery.message.text
