"""Outbound message shapes and their Cloud API JSON (`POST /{version}/{phone_number_id}/messages`).

The limits (button count, title lengths) are WhatsApp's own; checking them here turns a send that
Meta would refuse with a 131009 into a validation error before any HTTP call.
"""

from typing import Any, Literal

from pydantic import BaseModel, Field, model_validator

from providers.whatsapp.models import MediaKind


class MediaRef(BaseModel):
    """Media to send, by public `link` or by an uploaded `media_id` (exactly one)."""

    kind: MediaKind
    link: str | None = None
    media_id: str | None = None
    caption: str | None = Field(default=None, max_length=1024)
    filename: str | None = None

    @model_validator(mode="after")
    def _one_source(self) -> "MediaRef":
        if (self.link is None) == (self.media_id is None):
            raise ValueError("give exactly one of link or media_id")
        if self.caption is not None and self.kind in ("audio", "sticker"):
            raise ValueError(f"{self.kind} messages cannot carry a caption")
        if self.filename is not None and self.kind != "document":
            raise ValueError("only documents carry a filename")
        return self

    def wire(self) -> dict[str, Any]:
        obj: dict[str, Any] = {"link": self.link} if self.link else {"id": self.media_id}
        if self.caption is not None:
            obj["caption"] = self.caption
        if self.filename is not None:
            obj["filename"] = self.filename
        return obj


class ReplyButton(BaseModel):
    id: str = Field(min_length=1, max_length=256)
    title: str = Field(min_length=1, max_length=20)


class ListRow(BaseModel):
    id: str = Field(min_length=1, max_length=200)
    title: str = Field(min_length=1, max_length=24)
    description: str | None = Field(default=None, max_length=72)


class ListSection(BaseModel):
    title: str | None = Field(default=None, max_length=24)
    rows: list[ListRow] = Field(min_length=1)


class ButtonsMessage(BaseModel):
    body: str = Field(min_length=1, max_length=1024)
    buttons: list[ReplyButton] = Field(min_length=1, max_length=3)
    header: str | None = Field(default=None, max_length=60)
    footer: str | None = Field(default=None, max_length=60)


class ListMessage(BaseModel):
    body: str = Field(min_length=1, max_length=4096)
    button: str = Field(min_length=1, max_length=20, description="Label of the menu button.")
    sections: list[ListSection] = Field(min_length=1, max_length=10)
    header: str | None = Field(default=None, max_length=60)
    footer: str | None = Field(default=None, max_length=60)

    @model_validator(mode="after")
    def _row_limit(self) -> "ListMessage":
        if sum(len(section.rows) for section in self.sections) > 10:
            raise ValueError("a list message holds at most 10 rows in all")
        if len(self.sections) > 1 and any(section.title is None for section in self.sections):
            raise ValueError("every section needs a title when there are several")
        return self


class TemplateButton(BaseModel):
    """A variable of a template button: a quick-reply payload, or the suffix of a dynamic URL."""

    sub_type: Literal["quick_reply", "url"]
    index: int = Field(ge=0, le=9)
    value: str


class TemplateMessage(BaseModel):
    """An approved template with its variables; `header` is text or a media reference."""

    name: str
    language: str = Field(description="The template's language code, e.g. pt_BR.")
    header: str | MediaRef | None = None
    body: list[str] = Field(default_factory=list)
    body_names: list[str] = Field(
        default_factory=list, description="Named variables: the name of each body value."
    )
    buttons: list[TemplateButton] = Field(default_factory=list)


def _interactive_frame(header: str | None, body: str, footer: str | None) -> dict[str, Any]:
    frame: dict[str, Any] = {"body": {"text": body}}
    if header is not None:
        frame["header"] = {"type": "text", "text": header}
    if footer is not None:
        frame["footer"] = {"text": footer}
    return frame


def buttons_object(message: ButtonsMessage) -> dict[str, Any]:
    obj = _interactive_frame(message.header, message.body, message.footer)
    obj["type"] = "button"
    obj["action"] = {
        "buttons": [
            {"type": "reply", "reply": {"id": b.id, "title": b.title}} for b in message.buttons
        ]
    }
    return obj


def list_object(message: ListMessage) -> dict[str, Any]:
    obj = _interactive_frame(message.header, message.body, message.footer)
    obj["type"] = "list"
    sections = []
    for section in message.sections:
        rows = [row.model_dump(exclude_none=True) for row in section.rows]
        sections.append({"title": section.title, "rows": rows} if section.title else {"rows": rows})
    obj["action"] = {"button": message.button, "sections": sections}
    return obj


def template_object(template: TemplateMessage) -> dict[str, Any]:
    components: list[dict[str, Any]] = []
    if isinstance(template.header, str):
        components.append(
            {"type": "header", "parameters": [{"type": "text", "text": template.header}]}
        )
    elif template.header is not None:
        kind = template.header.kind
        media = template.header.wire()
        media.pop("caption", None)  # a template header's caption is part of the approved text
        components.append({"type": "header", "parameters": [{"type": kind, kind: media}]})
    if template.body:
        parameters: list[dict[str, str]] = [
            {"type": "text", "text": value} for value in template.body
        ]
        for parameter, name in zip(parameters, template.body_names, strict=False):
            parameter["parameter_name"] = name
        components.append({"type": "body", "parameters": parameters})
    for button in template.buttons:
        parameter = (
            {"type": "payload", "payload": button.value}
            if button.sub_type == "quick_reply"
            else {"type": "text", "text": button.value}
        )
        components.append(
            {
                "type": "button",
                "sub_type": button.sub_type,
                "index": str(button.index),
                "parameters": [parameter],
            }
        )
    obj: dict[str, Any] = {"name": template.name, "language": {"code": template.language}}
    if components:
        obj["components"] = components
    return obj
