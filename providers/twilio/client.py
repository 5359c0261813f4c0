"""Outbound SMS through a Twilio-compatible Messages REST API (`/2010-04-01/.../Messages.json`)."""

from typing import Any, Self

import httpx
from pydantic import BaseModel, Field, SecretStr, model_validator

from domain.contact_values import normalize_phone
from domain.enums import MessageStatus
from providers.twilio.errors import (
    PermanentReason,
    SmsPermanentError,
    SmsRetryableError,
    error_from_response,
    error_from_transport,
)
from providers.twilio.statuses import map_status

DEFAULT_BASE_URL = "https://api.twilio.com"
API_VERSION = "2010-04-01"
IDEMPOTENCY_HEADER = "I-Twilio-Idempotency-Token"
MAX_BODY = 1600  # Twilio refuses longer bodies with error 21617.


class TwilioCredentials(BaseModel):
    """One workspace's account; REST calls authenticate with an API key when one is given.

    The auth token is kept even then: Twilio signs webhooks with it, never with an API key.
    """

    account_sid: str = Field(pattern=r"^AC[0-9a-fA-F]{32}$")
    auth_token: SecretStr
    api_key_sid: str | None = Field(default=None, pattern=r"^SK[0-9a-fA-F]{32}$")
    api_key_secret: SecretStr | None = None

    @model_validator(mode="after")
    def _key_comes_in_pairs(self) -> Self:
        if (self.api_key_sid is None) != (self.api_key_secret is None):
            raise ValueError("an API key needs both its SID and its secret")
        return self

    def basic_auth(self) -> tuple[str, str]:
        if self.api_key_sid is not None and self.api_key_secret is not None:
            return self.api_key_sid, self.api_key_secret.get_secret_value()
        return self.account_sid, self.auth_token.get_secret_value()


class SmsSender(BaseModel):
    """Where messages come from: one number (or short code / alphanumeric ID), or a service."""

    from_: str | None = None
    messaging_service_sid: str | None = Field(default=None, pattern=r"^MG[0-9a-fA-F]{32}$")

    @model_validator(mode="after")
    def _exactly_one(self) -> Self:
        if (self.from_ is None) == (self.messaging_service_sid is None):
            raise ValueError("give either a From number or a MessagingServiceSid")
        return self


class OutgoingSms(BaseModel):
    to: str
    body: str = ""
    media_urls: list[str] = Field(default_factory=list, max_length=10)
    status_callback: str | None = None

    @model_validator(mode="after")
    def _has_content(self) -> Self:
        if not self.body and not self.media_urls:
            raise ValueError("an SMS needs a body or at least one media URL")
        if len(self.body) > MAX_BODY:
            raise ValueError(f"an SMS body is at most {MAX_BODY} characters")
        return self


class SentSms(BaseModel):
    provider_message_id: str
    status: MessageStatus
    provider_status: str
    to: str


class TwilioSmsClient:
    def __init__(
        self,
        credentials: TwilioCredentials,
        sender: SmsSender,
        client: httpx.AsyncClient,
        base_url: str = DEFAULT_BASE_URL,
        default_region: str | None = "BR",
    ) -> None:
        self._credentials = credentials
        self._sender = sender
        self._client = client
        self._base_url = base_url.rstrip("/")
        self._default_region = default_region

    @property
    def messages_url(self) -> str:
        account = self._credentials.account_sid
        return f"{self._base_url}/{API_VERSION}/Accounts/{account}/Messages.json"

    def _form(self, message: OutgoingSms, to: str) -> dict[str, str | list[str]]:
        form: dict[str, str | list[str]] = {"To": to}
        if self._sender.messaging_service_sid is not None:
            form["MessagingServiceSid"] = self._sender.messaging_service_sid
        if self._sender.from_ is not None:
            form["From"] = self._sender.from_
        if message.body:
            form["Body"] = message.body
        if message.media_urls:
            # A list makes httpx repeat `MediaUrl=` once per attachment, as Twilio expects.
            form["MediaUrl"] = message.media_urls
        if message.status_callback is not None:
            form["StatusCallback"] = message.status_callback
        return form

    async def send(self, message: OutgoingSms, idempotency_key: str) -> SentSms:
        """Create the message. `idempotency_key` (our message id) travels as
        `I-Twilio-Idempotency-Token`, which Twilio documents only on the webhooks it sends: it
        may help, but nothing relies on it; an unknown outcome is `maybe_sent` instead.
        """
        try:
            to = normalize_phone(message.to, self._default_region)
        except ValueError as error:
            raise SmsPermanentError(
                f"The recipient's number is not a valid phone number: {error}",
                reason=PermanentReason.invalid_number,
            ) from None
        try:
            response = await self._client.post(
                self.messages_url,
                data=self._form(message, to),
                auth=self._credentials.basic_auth(),
                headers={IDEMPOTENCY_HEADER: idempotency_key, "Accept": "application/json"},
            )
        except httpx.TransportError as error:
            # Includes a timeout after the request left: the outcome is unknown (`maybe_sent`).
            raise error_from_transport(error) from error
        if response.status_code not in (200, 201):
            raise error_from_response(
                response.status_code, response.text, response.headers.get("Retry-After")
            )
        return _sent_from(response)


def _sent_from(response: httpx.Response) -> SentSms:
    try:
        payload: Any = response.json()
        sid, status, to = payload["sid"], payload["status"], payload["to"]
    except (ValueError, KeyError, TypeError) as error:
        # Twilio said yes but we cannot tell which message: it was sent, most likely.
        raise SmsRetryableError(
            f"Twilio answered {response.status_code} without a message sid: {response.text[:200]}",
            status=response.status_code,
            maybe_sent=True,
        ) from error
    return SentSms(
        provider_message_id=str(sid),
        status=map_status(str(status)),
        provider_status=str(status),
        to=str(to),
    )
