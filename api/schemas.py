"""Request and response bodies of the HTTP API that are not domain models themselves."""

import uuid
from typing import Literal

from pydantic import BaseModel, EmailStr, Field

from domain.conversations import ClientMessageId, MessagePublic, MessageText
from domain.enums import Role
from domain.message_content import OutboundContent, TextContent
from domain.permissions import Permission


class ErrorMessage(BaseModel):
    """Every 4xx/5xx that is not a validation error: `detail` says what to fix."""

    detail: str


def errors(*codes: int) -> dict[int | str, dict[str, object]]:
    """OpenAPI `responses` for these status codes, so clients get typed errors."""
    return {code: {"model": ErrorMessage} for code in codes}


class LoginRequest(BaseModel):
    email: str = Field(min_length=3, max_length=320)
    password: str = Field(min_length=1, max_length=200)


class UserPublic(BaseModel):
    id: uuid.UUID
    email: str
    full_name: str


class WorkspacePublic(BaseModel):
    id: uuid.UUID
    name: str


class Me(BaseModel):
    user: UserPublic
    workspace: WorkspacePublic
    role: Role
    permissions: list[Permission] = Field(description="What the UI may offer this user.")
    temporal_ui_url: str | None


class SignupRequest(BaseModel):
    email: EmailStr
    password: str = Field(min_length=10, max_length=200, description="At least 10 characters.")
    full_name: str = Field(min_length=1, max_length=200)
    workspace_name: str = Field(min_length=1, max_length=200)


class MembershipPublic(BaseModel):
    workspace: WorkspacePublic
    role: Role


class MembershipsPublic(BaseModel):
    data: list[MembershipPublic]


class SwitchWorkspace(BaseModel):
    workspace_id: uuid.UUID


class MessagesPublic(BaseModel):
    data: list[MessagePublic]


class ReplyCreate(BaseModel):
    """Plain `text`, or `content` for media, buttons, a list or a WhatsApp template (exactly
    one; checked by the route once it knows the conversation exists)."""

    text: MessageText | None = None
    content: OutboundContent | None = None

    def outbound(self) -> OutboundContent | None:
        if (self.text is None) == (self.content is None):
            return None
        return self.content if self.content is not None else TextContent(text=self.text or "")


class WidgetSessionRequest(BaseModel):
    visitor_token: str | None = Field(default=None, max_length=200)


class WidgetSession(BaseModel):
    visitor_token: str
    channel_name: str


class WidgetMessageCreate(BaseModel):
    client_message_id: ClientMessageId
    text: MessageText


class WidgetMessageAccepted(BaseModel):
    client_message_id: str
    status: Literal["accepted"] = "accepted"


class PartHealth(BaseModel):
    status: Literal["up", "down"]
    detail: str | None = None


class Health(BaseModel):
    status: Literal["up", "down"]
    parts: dict[str, PartHealth]
