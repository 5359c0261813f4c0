"""SendGrid's v3 Mail Send over httpx: the one wire client (`SendGridClient`), the e-mail
channel's messages on a workspace's own account (`SendGridEmailChannel`), and the plain
messages of account mail (`plain_mail`).

The `sendgrid` package only builds the payload (its `Mail` helper); its HTTP client is
synchronous (urllib), so the POST goes through the injected `httpx.AsyncClient`.

Mail Send has no idempotency key. What we do instead: our message id travels as a custom arg
(so every Event Webhook event maps back to our message) and as the `Message-ID` header,
derived from our id alone, so a send repeated after an ambiguous timeout carries the same
Message-ID and mail clients that collapse duplicates show it once; and `RetryableEmailError`
says with `maybe_sent` whether a retry risks a second copy.
"""

import base64
import uuid
from typing import Any

import httpx
from pydantic import BaseModel, Field, SecretStr
from sendgrid.helpers.mail import (
    Attachment,
    CustomArg,
    Disposition,
    FileContent,
    FileName,
    FileType,
    From,
    Header,
    Mail,
    ReplyTo,
    To,
)

from providers.sendgrid.errors import error_from_response, error_from_transport
from providers.sendgrid.unsubscribe import UnsubscribeSigner, list_unsubscribe_headers

DEFAULT_BASE_URL = "https://api.sendgrid.com"
MESSAGE_ARG = "fluxo_message_id"
WORKSPACE_ARG = "fluxo_workspace_id"
# Mail clients thread on the last few ids; a long chain only makes the header huge.
MAX_REFERENCES = 20


class SenderIdentity(BaseModel):
    """The workspace's verified sender (SendGrid refuses unverified ones with a 403)."""

    email: str
    name: str
    reply_to_email: str | None = Field(
        default=None, description="Where replies go: an address routed to our Inbound Parse."
    )
    reply_to_name: str | None = None


class SendGridChannelConfig(BaseModel):
    """One workspace's e-mail channel credentials and identity."""

    workspace_id: uuid.UUID
    api_key: SecretStr
    sender: SenderIdentity
    unsubscribe_mailto: str | None = Field(
        default=None,
        description="Address for mailto: unsubscribes (an Inbound Parse address), or none.",
    )


class EmailFile(BaseModel):
    filename: str
    mime_type: str
    data: bytes


class OutboundEmail(BaseModel):
    message_id: uuid.UUID = Field(description="Our message's id; events map back through it.")
    to_email: str
    to_name: str | None = None
    subject: str
    text: str
    html: str | None = None
    in_reply_to: str | None = Field(
        default=None, description="Message-ID (with <>) of the e-mail this answers."
    )
    references: list[str] = Field(default_factory=list, description="Earlier Message-IDs.")
    marketing: bool = Field(
        default=False, description="Marketing mail carries one-click List-Unsubscribe headers."
    )
    contact_id: uuid.UUID | None = Field(
        default=None, description="Needed for marketing mail: the unsubscribe token names it."
    )
    files: list[EmailFile] = Field(default_factory=list, description="Sent as attachments.")


class SentEmail(BaseModel):
    provider_message_id: str | None = Field(
        description="SendGrid's X-Message-Id; events carry it as the prefix of sg_message_id."
    )
    message_id_header: str = Field(description="The Message-ID header we set, for threading.")


def message_id_header(message_id: uuid.UUID, sender_email: str) -> str:
    domain = sender_email.rsplit("@", 1)[-1]
    return f"<{message_id}@{domain}>"


def _safe_header_value(name: str, value: str) -> str:
    # A CR or LF in a header value would let a stored value inject headers of its own.
    if "\r" in value or "\n" in value:
        raise ValueError(f"{name} must not contain line breaks")
    return value


class SendGridClient:
    """One API key's Mail Send; owns neither the http client's lifetime nor the payload."""

    def __init__(
        self, api_key: SecretStr, client: httpx.AsyncClient, *, base_url: str = DEFAULT_BASE_URL
    ) -> None:
        self._api_key = api_key
        self._client = client
        self._base_url = base_url.rstrip("/")

    async def send(self, payload: dict[str, Any]) -> str | None:
        """POSTs one Mail Send body and gives SendGrid's X-Message-Id (when it sent one);
        raises `RetryableEmailError` or `PermanentEmailError`."""
        try:
            response = await self._client.post(
                f"{self._base_url}/v3/mail/send",
                json=payload,
                headers={"Authorization": f"Bearer {self._api_key.get_secret_value()}"},
            )
        except httpx.TransportError as error:
            raise error_from_transport(error) from error
        if response.status_code not in (200, 202):
            raise error_from_response(response)
        message_id: str | None = response.headers.get("x-message-id")
        return message_id


def plain_mail(sender: str, to: str, subject: str, text: str, html: str | None) -> dict[str, Any]:
    """The Mail Send body of a plain message; `sender` may carry a name ("Fluxo <a@b.c>")."""
    payload: dict[str, Any] = Mail(
        from_email=sender,
        to_emails=to,
        subject=subject,
        plain_text_content=text,
        html_content=html,
    ).get()
    return payload


class SendGridEmailChannel:
    """Sends one e-mail per call; owns neither the http client's lifetime nor the keys."""

    def __init__(
        self,
        config: SendGridChannelConfig,
        client: httpx.AsyncClient,
        *,
        base_url: str = DEFAULT_BASE_URL,
        unsubscribe: UnsubscribeSigner | None = None,
        public_base_url: str | None = None,
    ) -> None:
        self._config = config
        self._client = SendGridClient(config.api_key, client, base_url=base_url)
        self._unsubscribe = unsubscribe
        self._public_base_url = public_base_url

    def build_payload(self, email: OutboundEmail) -> dict[str, Any]:
        """The v3 Mail Send JSON body; raises `ValueError` for mail we must not send."""
        sender = self._config.sender
        mail = Mail(
            from_email=From(sender.email, sender.name),
            to_emails=To(email.to_email, email.to_name),
            subject=email.subject,
            plain_text_content=email.text or None,
            html_content=email.html or None,
        )
        if sender.reply_to_email:
            mail.reply_to = ReplyTo(sender.reply_to_email, sender.reply_to_name)
        # Custom args must be strings; SendGrid copies them onto every event of this message.
        mail.custom_arg = [
            CustomArg(MESSAGE_ARG, str(email.message_id)),
            CustomArg(WORKSPACE_ARG, str(self._config.workspace_id)),
        ]
        mail.header = [Header(name, value) for name, value in self._headers(email).items()]
        for file in email.files:
            mail.add_attachment(
                Attachment(
                    FileContent(base64.b64encode(file.data).decode()),
                    FileName(file.filename),
                    FileType(file.mime_type),
                    Disposition("attachment"),
                )
            )
        payload: dict[str, Any] = mail.get()
        return payload

    def _headers(self, email: OutboundEmail) -> dict[str, str]:
        headers = {"Message-ID": message_id_header(email.message_id, self._config.sender.email)}
        if email.in_reply_to:
            headers["In-Reply-To"] = _safe_header_value("in_reply_to", email.in_reply_to)
            chain = [ref for ref in email.references if ref != email.in_reply_to]
            chain = [*chain, email.in_reply_to][-MAX_REFERENCES:]
            headers["References"] = _safe_header_value("references", " ".join(chain))
        if email.marketing:
            headers.update(self._unsubscribe_headers(email))
        return headers

    def _unsubscribe_headers(self, email: OutboundEmail) -> dict[str, str]:
        if self._unsubscribe is None or not self._public_base_url:
            raise ValueError("marketing e-mail needs an unsubscribe signer and a public base URL")
        if email.contact_id is None:
            raise ValueError("marketing e-mail needs the contact id for its unsubscribe link")
        token = self._unsubscribe.token(self._config.workspace_id, email.contact_id)
        return list_unsubscribe_headers(
            self._public_base_url, token, self._config.unsubscribe_mailto
        )

    async def send(self, email: OutboundEmail) -> SentEmail:
        """Hands the e-mail to SendGrid; raises `RetryableEmailError` or `PermanentEmailError`."""
        payload = self.build_payload(email)
        provider_message_id = await self._client.send(payload)
        return SentEmail(
            provider_message_id=provider_message_id,
            message_id_header=payload["headers"]["Message-ID"],
        )
