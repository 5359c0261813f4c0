"""Request and response bodies of `/api/channels`: connecting providers, never echoing secrets."""

import uuid
from datetime import datetime
from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, Field

from domain.enums import ChannelKind
from domain.web_origins import normalize_origin

CREDENTIALS_DESCRIPTION = (
    "The provider credentials, fields as in `domain/channel_credentials.py` for the kind: "
    "whatsapp {phone_number_id, business_account_id, access_token, app_secret, api_version}; "
    "email {api_key, from_email, from_name, reply_to, event_webhook_public_key, "
    "inbound_domain}; sms {account_sid, auth_token, api_key_sid, api_key_secret, from_number, "
    "messaging_service_sid}."
)


ALLOWED_ORIGINS_DESCRIPTION = (
    "Web chat only: the websites that may embed the widget, each as an origin "
    "(scheme, host and optional port, e.g. `https://shop.example.com.br`). Empty allows any "
    "website. Fluxo's own pages (the demo page) are always allowed."
)
MAX_ALLOWED_ORIGINS = 100

# Stored in the form browsers send in `Origin`, so the check is a comparison.
WebOrigin = Annotated[str, Field(max_length=300), AfterValidator(normalize_origin)]


class SetupItem(StrEnum):
    """A value to paste into the provider's console."""

    whatsapp_callback_url = "whatsapp_callback_url"
    whatsapp_verify_token = "whatsapp_verify_token"
    email_inbound_parse_url = "email_inbound_parse_url"
    email_event_webhook_url = "email_event_webhook_url"
    sms_inbound_url = "sms_inbound_url"
    sms_status_callback_url = "sms_status_callback_url"


class ChannelSetupValue(BaseModel):
    item: SetupItem
    value: str


class ChannelCreate(BaseModel):
    kind: Literal["whatsapp", "email", "sms"] = Field(
        description="Web chat channels come with the workspace; these are connected by pasting."
    )
    name: str = Field(min_length=1, max_length=200)
    credentials: dict[str, Any] = Field(description=CREDENTIALS_DESCRIPTION)


class ChannelUpdate(BaseModel):
    name: str | None = Field(default=None, min_length=1, max_length=200)
    credentials: dict[str, Any] | None = Field(
        default=None,
        description=(
            "Replaces the credentials. A secret field left out, null or empty keeps its stored "
            "value, so they need not be typed again. " + CREDENTIALS_DESCRIPTION
        ),
    )
    allowed_origins: list[WebOrigin] | None = Field(
        default=None,
        max_length=MAX_ALLOWED_ORIGINS,
        description="Replaces the list. " + ALLOWED_ORIGINS_DESCRIPTION,
    )


class ChannelPublic(BaseModel):
    id: uuid.UUID
    kind: ChannelKind
    name: str
    public_key: str
    widget_snippet: str | None = Field(description="Web chat only: the tag to embed.")
    demo_url: str | None = Field(description="Web chat only: a page to try the widget.")
    allowed_origins: list[str] = Field(description=ALLOWED_ORIGINS_DESCRIPTION)
    credentials: dict[str, str | None] | None = Field(
        description='The stored credentials with every secret shown as "…" and its last four.'
    )
    secret_fields: list[str] = Field(description="Which credential fields are secrets.")
    setup: list[ChannelSetupValue] = Field(
        description="The webhook URLs (and verify token) to paste into the provider's console."
    )
    created_at: datetime
    updated_at: datetime


class ChannelsPublic(BaseModel):
    data: list[ChannelPublic]
