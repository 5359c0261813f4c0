"""What a verified WhatsApp webhook means to Fluxo: inbound messages, delivery statuses, template
updates — typed, with the provider's ids kept so duplicates and late retries can be recognised."""

from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, Field

from domain.enums import MessageStatus

MediaKind = Literal["image", "audio", "video", "document", "sticker"]


class TextContent(BaseModel):
    kind: Literal["text"] = "text"
    body: str


class MediaContent(BaseModel):
    """A media message; the bytes are fetched later by `media_id` (it stays valid for 30 days)."""

    kind: MediaKind
    media_id: str
    mime_type: str | None = None
    sha256: str | None = None
    caption: str | None = None
    filename: str | None = None
    voice: bool = False


class LocationContent(BaseModel):
    kind: Literal["location"] = "location"
    latitude: float
    longitude: float
    name: str | None = None
    address: str | None = None
    url: str | None = None


class SharedPhone(BaseModel):
    phone: str
    wa_id: str | None = None
    type: str | None = None


class SharedContact(BaseModel):
    formatted_name: str
    phones: list[SharedPhone] = Field(default_factory=list)
    emails: list[str] = Field(default_factory=list)
    organization: str | None = None


class ContactsContent(BaseModel):
    kind: Literal["contacts"] = "contacts"
    contacts: list[SharedContact]


class InteractiveReplyContent(BaseModel):
    """The customer tapped one of our reply buttons or list rows; `reply_id` is the id we sent."""

    kind: Literal["interactive_reply"] = "interactive_reply"
    reply_type: Literal["button_reply", "list_reply"]
    reply_id: str
    title: str
    description: str | None = None


class ButtonContent(BaseModel):
    """A quick-reply button of a template message was tapped."""

    kind: Literal["button"] = "button"
    text: str
    payload: str | None = None


class ReactionContent(BaseModel):
    """An emoji reaction to `message_id`; `emoji` is None when the reaction was removed."""

    kind: Literal["reaction"] = "reaction"
    message_id: str
    emoji: str | None = None


class UnsupportedContent(BaseModel):
    """A message we cannot interpret yet; the raw object is kept so nothing is lost."""

    kind: Literal["unsupported"] = "unsupported"
    provider_type: str
    reason: str
    raw: dict[str, Any] = Field(default_factory=dict)


InboundContent = Annotated[
    TextContent
    | MediaContent
    | LocationContent
    | ContactsContent
    | InteractiveReplyContent
    | ButtonContent
    | ReactionContent
    | UnsupportedContent,
    Field(discriminator="kind"),
]


class InboundMessage(BaseModel):
    provider_message_id: str = Field(description="The `wamid.…` id; the deduplication key.")
    phone_number_id: str = Field(description="Our business number that received it.")
    sender_wa_id: str
    sender_name: str | None = None
    timestamp: datetime
    reply_to_message_id: str | None = None
    forwarded: bool = False
    content: InboundContent


class DeliveryError(BaseModel):
    code: int
    title: str
    message: str | None = None
    details: str | None = None


class StatusUpdate(BaseModel):
    provider_message_id: str
    phone_number_id: str
    recipient_wa_id: str
    status: MessageStatus
    timestamp: datetime
    errors: list[DeliveryError] = Field(default_factory=list)
    callback_data: str | None = Field(
        default=None,
        description="The `biz_opaque_callback_data` we sent: our idempotency key, echoed back.",
    )

    @property
    def error_code(self) -> int | None:
        return self.errors[0].code if self.errors else None


class TemplateStatusUpdate(BaseModel):
    waba_id: str
    template_id: str | None = None
    name: str
    language: str
    event: str = Field(description="APPROVED, REJECTED, PAUSED, DISABLED, PENDING_DELETION, …")
    reason: str | None = None
    timestamp: datetime


class WhatsAppNotification(BaseModel):
    """Everything one webhook POST carried (Meta may batch several changes per delivery)."""

    messages: list[InboundMessage] = Field(default_factory=list)
    statuses: list[StatusUpdate] = Field(default_factory=list)
    template_updates: list[TemplateStatusUpdate] = Field(default_factory=list)
    ignored: list[str] = Field(
        default_factory=list, description="Fields or statuses received but not handled, for logs."
    )
