"""What a message holds, whatever the channel: one schema for the API, the workflows and the UI.

Inbound content is what a contact sent (text, media, a location, contact cards, a tap on one of
our buttons, a reaction); outbound content is what an agent or a bot may send (text, media,
reply buttons, a list menu, an approved WhatsApp template). Each channel adapter translates
these to and from its provider's wire format; nothing provider-specific lives here.
"""

import uuid
from typing import Annotated, Literal

from pydantic import BaseModel, Field, StringConstraints, ValidationError, model_validator

MediaType = Literal["image", "audio", "video", "document", "sticker"]

BodyText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=4096)]


class TextContent(BaseModel):
    kind: Literal["text"] = "text"
    text: BodyText
    subject: str | None = Field(
        default=None, max_length=500, description="E-mail only: the subject line."
    )


class MediaContent(BaseModel):
    """A file. `attachment_id` names our stored copy; inbound WhatsApp media has it once fetched."""

    kind: Literal["media"] = "media"
    media_type: MediaType
    attachment_id: uuid.UUID | None = None
    provider_media_id: str | None = Field(default=None, max_length=200)
    mime_type: str | None = Field(default=None, max_length=200)
    filename: str | None = Field(default=None, max_length=255)
    caption: str | None = Field(default=None, max_length=1024)
    size: int | None = Field(default=None, ge=0)
    unavailable_reason: str | None = Field(
        default=None,
        max_length=300,
        description="Set when the file could not be fetched (too large, expired at the provider).",
    )


class LocationContent(BaseModel):
    kind: Literal["location"] = "location"
    latitude: float = Field(ge=-90, le=90)
    longitude: float = Field(ge=-180, le=180)
    name: str | None = Field(default=None, max_length=300)
    address: str | None = Field(default=None, max_length=500)


class ContactCard(BaseModel):
    name: str = Field(max_length=300)
    phones: list[str] = Field(default_factory=list, max_length=20)
    emails: list[str] = Field(default_factory=list, max_length=20)


class ContactsContent(BaseModel):
    kind: Literal["contacts"] = "contacts"
    contacts: list[ContactCard] = Field(min_length=1, max_length=20)


class ChoiceReplyContent(BaseModel):
    """The contact tapped one of our buttons or list rows (or a template's quick reply)."""

    kind: Literal["choice_reply"] = "choice_reply"
    choice_id: str = Field(max_length=256)
    title: str = Field(max_length=300)


class ReactionContent(BaseModel):
    """An emoji on one of the messages; `emoji` None means the reaction was taken back."""

    kind: Literal["reaction"] = "reaction"
    emoji: str | None = Field(default=None, max_length=20)
    target_provider_message_id: str = Field(max_length=200)


class UnsupportedContent(BaseModel):
    """Something the channel delivered that Fluxo cannot show; kept so nothing is silently lost."""

    kind: Literal["unsupported"] = "unsupported"
    description: str = Field(max_length=500)


class ReplyButton(BaseModel):
    id: str = Field(min_length=1, max_length=256)
    title: str = Field(min_length=1, max_length=20)


class ButtonsContent(BaseModel):
    """Up to three reply buttons under a text (WhatsApp's limits)."""

    kind: Literal["buttons"] = "buttons"
    text: str = Field(min_length=1, max_length=1024)
    buttons: list[ReplyButton] = Field(min_length=1, max_length=3)


class ListRow(BaseModel):
    id: str = Field(min_length=1, max_length=200)
    title: str = Field(min_length=1, max_length=24)
    description: str | None = Field(default=None, max_length=72)


class ListSection(BaseModel):
    title: str | None = Field(default=None, max_length=24)
    rows: list[ListRow] = Field(min_length=1, max_length=10)


class ListContent(BaseModel):
    """A menu of up to ten rows behind one button."""

    kind: Literal["list"] = "list"
    text: str = Field(min_length=1, max_length=4096)
    button: str = Field(min_length=1, max_length=20)
    sections: list[ListSection] = Field(min_length=1, max_length=10)

    @model_validator(mode="after")
    def _at_most_ten_rows(self) -> "ListContent":
        if sum(len(section.rows) for section in self.sections) > 10:
            raise ValueError("a list holds at most 10 rows in all")
        return self


class TemplateButtonValue(BaseModel):
    sub_type: Literal["quick_reply", "url"]
    index: int = Field(ge=0, le=9)
    value: str = Field(min_length=1, max_length=2000)


class TemplateContent(BaseModel):
    """An approved WhatsApp template with its variables; the only thing that may open a
    conversation outside the 24-hour window."""

    kind: Literal["template"] = "template"
    name: str = Field(min_length=1, max_length=512)
    language: str = Field(min_length=2, max_length=15)
    header_text: str | None = Field(default=None, max_length=60)
    header_attachment_id: uuid.UUID | None = None
    body_values: list[str] = Field(default_factory=list, max_length=30)
    body_parameter_names: list[str] = Field(
        default_factory=list,
        max_length=30,
        description="For templates with named variables ({{order_id}}): the name of each of "
        "`body_values`, in the same order. Empty for positional ({{1}}) templates.",
    )
    buttons: list[TemplateButtonValue] = Field(default_factory=list, max_length=10)
    rendered: str = Field(
        default="",
        max_length=4096,
        description="The body with its variables filled in, as the contact will read it.",
    )

    @model_validator(mode="after")
    def _a_name_per_value(self) -> "TemplateContent":
        if self.body_parameter_names and len(self.body_parameter_names) != len(self.body_values):
            raise ValueError("give one body_parameter_names entry per body value, or none")
        return self


InboundContent = Annotated[
    TextContent
    | MediaContent
    | LocationContent
    | ContactsContent
    | ChoiceReplyContent
    | ReactionContent
    | UnsupportedContent,
    Field(discriminator="kind"),
]

OutboundContent = Annotated[
    TextContent | MediaContent | ButtonsContent | ListContent | TemplateContent,
    Field(discriminator="kind"),
]

MessageContent = Annotated[
    TextContent
    | MediaContent
    | LocationContent
    | ContactsContent
    | ChoiceReplyContent
    | ReactionContent
    | UnsupportedContent
    | ButtonsContent
    | ListContent
    | TemplateContent,
    Field(discriminator="kind"),
]


def summary(content: BaseModel) -> str:
    """The one line an inbox list and a notification show for this content."""
    match content:
        case TextContent(text=text, subject=subject):
            return f"{subject} — {text}" if subject else text
        case MediaContent(media_type=media_type, caption=caption, filename=filename):
            label = caption or filename or ""
            return f"[{media_type}] {label}".strip()
        case LocationContent(name=name, address=address, latitude=lat, longitude=lon):
            return f"[location] {name or address or f'{lat:.5f}, {lon:.5f}'}"
        case ContactsContent(contacts=cards):
            return "[contacts] " + ", ".join(card.name for card in cards)
        case ChoiceReplyContent(title=title):
            return title
        case ReactionContent(emoji=emoji):
            return f"[reaction] {emoji or ''}".strip()
        case UnsupportedContent(description=description):
            return f"[unsupported] {description}"
        case ButtonsContent(text=text) | ListContent(text=text):
            return text
        case TemplateContent(name=name, rendered=rendered):
            return rendered or f"[template] {name}"
    return ""


def unsendable_reason(content: BaseModel) -> str | None:
    """Why content a bot built (its variables filled in) cannot be sent, or None: an empty text,
    or anything else its own schema refuses. Worded for the run inspector."""
    match content:
        case TextContent(text=text) | ButtonsContent(text=text) | ListContent(text=text):
            if not text.strip():
                return "The text was empty once its variables were filled in; nothing was sent."
    try:
        type(content).model_validate(content.model_dump())
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(part) for part in first["loc"])
        return (
            f"The message was not valid once its variables were filled in ({where}: "
            f"{first['msg']}); nothing was sent."
        )
    return None
