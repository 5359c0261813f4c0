"""A contact's timeline: its events, its conversations' messages and their starts, newest first.

Three sources are read page by page with the same keyset, (time, id) descending, and merged:
each source gives at most `limit` rows older than the cursor, so the merge is exact.
"""

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import quote

from pydantic import BaseModel, Field
from sqlalchemy import ColumnElement, or_
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from stores.tables.contacts import ContactEvent
from stores.tables.conversations import Channel, Conversation, Message

PREVIEW_LENGTH = 120


class TimelineEntry(BaseModel):
    id: uuid.UUID = Field(description="The event's, message's or conversation's id.")
    kind: str = Field(
        description="A contact event's kind (created, updated, tag_added, consent_changed, "
        "merged, …), or message, or conversation_started."
    )
    at: datetime
    summary: str = Field(description="One line for people, without the details.")
    details: dict[str, Any]
    actor_user_id: uuid.UUID | None = None
    conversation_id: uuid.UUID | None = None
    workflow_id: str | None = None
    run_id: str | None = None
    temporal_url: str | None = Field(
        default=None, description="The run in the Temporal Web UI, when its address is known."
    )


@dataclass(frozen=True)
class TemporalUi:
    """Where runs are shown: `{url}/namespaces/{namespace}/workflows/{workflow_id}[/{run_id}]`."""

    url: str | None
    namespace: str

    def link(self, workflow_id: str | None, run_id: str | None = None) -> str | None:
        if not self.url or not workflow_id:
            return None
        # Workflow ids hold slashes: one path segment, encoded, as the Web UI expects.
        link = f"{self.url.rstrip('/')}/namespaces/{quote(self.namespace, safe='')}"
        link += f"/workflows/{quote(workflow_id, safe='')}"
        return f"{link}/{quote(run_id, safe='')}/history" if run_id else link


Cursor = tuple[datetime, uuid.UUID]


def _older(at: Any, row_id: Any, before: Cursor | None) -> ColumnElement[bool] | None:
    if before is None:
        return None
    when, last_id = before
    return or_(at < when, (at == when) & (row_id < last_id))


async def read_timeline(
    session: AsyncSession,
    workspace_id: uuid.UUID,
    contact_id: uuid.UUID,
    *,
    limit: int,
    before: Cursor | None,
    temporal_ui: TemporalUi,
) -> list[TimelineEntry]:
    """The newest `limit` entries strictly older than `before` (time, id)."""
    entries = [
        *await _events(session, workspace_id, contact_id, limit, before, temporal_ui),
        *await _messages(session, workspace_id, contact_id, limit, before),
        *await _conversations(session, workspace_id, contact_id, limit, before, temporal_ui),
    ]
    entries.sort(key=lambda e: (e.at, e.id), reverse=True)
    return entries[:limit]


async def _events(
    session: AsyncSession,
    workspace_id: uuid.UUID,
    contact_id: uuid.UUID,
    limit: int,
    before: Cursor | None,
    temporal_ui: TemporalUi,
) -> list[TimelineEntry]:
    query = select(ContactEvent).where(
        ContactEvent.workspace_id == workspace_id, ContactEvent.contact_id == contact_id
    )
    older = _older(col(ContactEvent.created_at), col(ContactEvent.id), before)
    if older is not None:
        query = query.where(older)
    query = query.order_by(col(ContactEvent.created_at).desc(), col(ContactEvent.id).desc())
    rows = (await session.execute(query.limit(limit))).scalars().all()
    return [
        TimelineEntry(
            id=event.id,
            kind=event.kind,
            at=event.created_at,
            summary=_event_summary(event.kind, event.details),
            details=event.details,
            actor_user_id=event.actor_user_id,
            workflow_id=event.workflow_id,
            run_id=event.run_id,
            temporal_url=temporal_ui.link(event.workflow_id, event.run_id),
        )
        for event in rows
    ]


def _event_summary(kind: str, details: dict[str, Any]) -> str:
    match kind:
        case "consent_changed":
            status = str(details.get("status", "")).replace("_", " ")
            return f"{status.capitalize()} on {details.get('channel')} ({details.get('source')})"
        case "updated":
            changed = sorted(details.get("changes", {}))
            tags = details.get("tags_added", [])
            parts = [f"changed {', '.join(changed)}"] if changed else []
            parts += [f"tagged {', '.join(tags)}"] if tags else []
            return "Updated: " + "; ".join(parts) if parts else "Updated"
        case "tag_added" | "tag_removed":
            verb = "Tagged" if kind == "tag_added" else "Untagged"
            return f"{verb} {details.get('tag', '')}".strip()
        case _:
            return kind.replace("_", " ").capitalize()


async def _messages(
    session: AsyncSession,
    workspace_id: uuid.UUID,
    contact_id: uuid.UUID,
    limit: int,
    before: Cursor | None,
) -> list[TimelineEntry]:
    query = (
        select(Message, Channel.kind)
        .join(Conversation, col(Conversation.id) == Message.conversation_id)
        .join(Channel, col(Channel.id) == Conversation.channel_id)
        .where(
            Message.workspace_id == workspace_id,
            Conversation.workspace_id == workspace_id,
            Conversation.contact_id == contact_id,
        )
    )
    older = _older(col(Message.created_at), col(Message.id), before)
    if older is not None:
        query = query.where(older)
    query = query.order_by(col(Message.created_at).desc(), col(Message.id).desc())
    entries = []
    for message, channel in (await session.execute(query.limit(limit))).all():
        preview = message.text[:PREVIEW_LENGTH]
        entries.append(
            TimelineEntry(
                id=message.id,
                kind="message",
                at=message.created_at,
                summary=f"{message.direction.value.capitalize()} on {channel}: {preview}",
                details={
                    "direction": message.direction.value,
                    "channel": str(channel),
                    "text": preview,
                    "status": message.status.value,
                },
                actor_user_id=message.author_user_id,
                conversation_id=message.conversation_id,
            )
        )
    return entries


async def _conversations(
    session: AsyncSession,
    workspace_id: uuid.UUID,
    contact_id: uuid.UUID,
    limit: int,
    before: Cursor | None,
    temporal_ui: TemporalUi,
) -> list[TimelineEntry]:
    query = (
        select(Conversation, Channel.kind)
        .join(Channel, col(Channel.id) == Conversation.channel_id)
        .where(Conversation.workspace_id == workspace_id, Conversation.contact_id == contact_id)
    )
    older = _older(col(Conversation.created_at), col(Conversation.id), before)
    if older is not None:
        query = query.where(older)
    query = query.order_by(col(Conversation.created_at).desc(), col(Conversation.id).desc())
    return [
        TimelineEntry(
            id=conversation.id,
            kind="conversation_started",
            at=conversation.created_at,
            summary=f"Conversation started on {channel}",
            details={"channel": str(channel), "status": conversation.status.value},
            conversation_id=conversation.id,
            # The id, not a run: a conversation spans runs, and the UI shows the latest.
            workflow_id=conversation.workflow_id,
            temporal_url=temporal_ui.link(conversation.workflow_id),
        )
        for conversation, channel in (await session.execute(query.limit(limit))).all()
    ]
