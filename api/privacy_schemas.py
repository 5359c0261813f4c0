"""Request and response bodies of consent, the suppression list, the timeline and erasure."""

import base64
import binascii
import uuid
from datetime import UTC, datetime
from typing import Annotated

from fastapi import HTTPException, status
from pydantic import BaseModel, Field, StringConstraints

from domain.contacts import ConsentPublic
from domain.enums import ConsentStatus, SuppressionKind
from stores.contacts.timeline import TimelineEntry

Source = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)]


class ConsentUpdate(BaseModel):
    status: ConsentStatus
    source: Source = Field(description="How it was given or withdrawn: form, import, keyword…")
    proof: str = Field(
        default="", max_length=2000, description="Evidence: the message, an IP, a URL."
    )
    suppress: bool = Field(
        default=False,
        description="On an opt-out, also put the channel's address (e-mail for email, phone for "
        "sms and whatsapp) on the workspace's suppression list.",
    )


class ConsentsPublic(BaseModel):
    data: list[ConsentPublic]


class SuppressionCreate(BaseModel):
    kind: SuppressionKind
    value: str = Field(
        min_length=1, max_length=320, description="A phone number or an e-mail address."
    )
    reason: str = Field(default="", max_length=200)


class SuppressionPublic(BaseModel):
    id: uuid.UUID
    kind: SuppressionKind
    value: str = Field(description="E.164 phone or lower-cased e-mail.")
    reason: str
    created_by_user_id: uuid.UUID | None
    created_at: datetime


class SuppressionsPublic(BaseModel):
    data: list[SuppressionPublic]
    next_before: str | None = Field(
        description="Pass as `before` for the next (older) page; null on the last page."
    )


class TimelinePublic(BaseModel):
    data: list[TimelineEntry]
    next_before: str | None = Field(
        description="Pass as `before` for the next (older) page; null on the last page."
    )


class ErasureAccepted(BaseModel):
    workflow_id: str = Field(description="The erasure's workflow, to follow it in Temporal.")


def encode_cursor(at: datetime, row_id: uuid.UUID) -> str:
    raw = f"{at.astimezone(UTC).isoformat()}|{row_id}".encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(before: str | None) -> tuple[datetime, uuid.UUID] | None:
    """A cursor from `next_before`, or a plain ISO time (everything strictly older than it)."""
    if not before:
        return None
    try:
        # An unencoded `+` of a UTC offset arrives as a space.
        at = datetime.fromisoformat(before.replace(" ", "+"))
        # Anything at exactly that time has an id above the smallest: all of it is excluded.
        return (at if at.tzinfo else at.replace(tzinfo=UTC)), uuid.UUID(int=0)
    except ValueError:
        pass
    try:
        padded = before + "=" * (-len(before) % 4)
        when, _, row_id = base64.urlsafe_b64decode(padded).decode().partition("|")
        return datetime.fromisoformat(when), uuid.UUID(row_id)
    except (ValueError, binascii.Error, UnicodeDecodeError):
        raise HTTPException(
            status.HTTP_422_UNPROCESSABLE_CONTENT,
            detail="before must be a next_before value from a previous page, or an ISO time.",
        ) from None
