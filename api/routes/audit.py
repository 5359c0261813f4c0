"""The workspace's audit log: who did what, newest first, a page at a time."""

import uuid
from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import AfterValidator, AwareDatetime, BaseModel, Field
from sqlmodel import col, select

from api.deps import Principal, SessionDep, require
from api.schemas import errors
from domain.permissions import Permission
from stores.tables.workspaces import ApiKey, AuditEvent, User

router = APIRouter(prefix="/audit-events", tags=["audit"], responses=errors(401, 403))

AuditReader = Annotated[Principal, require(Permission.audit_read)]


def _in_utc(value: datetime) -> datetime:
    # A far-off offset near year 1 or 9999 has no UTC equivalent: a 422, not a crash.
    try:
        return value.astimezone(UTC)
    except OverflowError as error:
        raise ValueError("This date is out of range.") from error


UtcInstant = Annotated[AwareDatetime, AfterValidator(_in_utc)]


class AuditEventPublic(BaseModel):
    id: uuid.UUID
    action: str
    actor_email: str | None = Field(description="The person, or the creator of the API key.")
    actor_api_key_name: str | None = Field(description="Set when an API key acted.")
    target_type: str
    target_id: str
    details: dict[str, str]
    ip_address: str | None
    created_at: datetime


class AuditEventsPublic(BaseModel):
    data: list[AuditEventPublic]
    next_before: datetime | None = Field(
        description="Pass as `before` for the next page; null on the last page."
    )


@router.get("", response_model=AuditEventsPublic)
async def list_audit_events(
    reader: AuditReader,
    session: SessionDep,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    before: Annotated[
        UtcInstant | None, Query(description="Only events older than this instant.")
    ] = None,
    action: Annotated[
        str | None,
        Query(
            max_length=64,
            pattern=r"^[A-Za-z0-9_.:-]+$",
            description="Only this exact action, e.g. member.removed.",
        ),
    ] = None,
) -> AuditEventsPublic:
    query = (
        select(AuditEvent, User.email, ApiKey.name)
        .outerjoin(User, col(User.id) == AuditEvent.actor_user_id)
        .outerjoin(ApiKey, col(ApiKey.id) == AuditEvent.actor_api_key_id)
        .where(AuditEvent.workspace_id == reader.workspace_id)
        .order_by(col(AuditEvent.created_at).desc(), col(AuditEvent.id).desc())
        .limit(limit)
    )
    if before is not None:
        query = query.where(col(AuditEvent.created_at) < before)
    if action is not None:
        query = query.where(AuditEvent.action == action)
    rows = (await session.execute(query)).all()
    events = [
        AuditEventPublic(
            id=event.id,
            action=event.action,
            actor_email=email,
            actor_api_key_name=key_name,
            target_type=event.target_type,
            target_id=event.target_id,
            details=event.details,
            ip_address=event.ip_address,
            created_at=event.created_at,
        )
        for event, email, key_name in rows
    ]
    full_page = len(events) == limit
    return AuditEventsPublic(data=events, next_before=events[-1].created_at if full_page else None)
