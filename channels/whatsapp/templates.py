"""A WhatsApp channel's message templates, as Meta last told us: by listing them through the
Graph API (a sync) or by the `message_template_status_update` webhook (seconds after a decision
in Meta's console). Only APPROVED templates may be sent.

The two sources race: a sync reads a page, a webhook approves the template, the sync writes the
page's older status back. Each row's `updated_at` settles it: a sync keeps the status of any row
changed after the sync began its listing, and removes only rows it is sure are gone.
"""

import re
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import httpx
from pydantic import BaseModel, Field
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlmodel import col, select

from channels.whatsapp.client_factory import whatsapp_client
from domain.timeutil import utcnow
from providers.whatsapp import (
    MessageTemplate,
    TemplateStatusUpdate,
)
from stores.channel_directory import ConnectedChannel
from stores.tables.inbox import MessageTemplateRecord

APPROVED = "APPROVED"
GRAPH_TIMEOUT = httpx.Timeout(30.0, connect=10.0)
# Meta's webhook events that are not a status of their own: a reinstated template (after a
# pause for low quality) is approved again.
EVENT_STATUS = {"REINSTATED": APPROVED}
NO_REASON = frozenset({"", "NONE"})
STATUS_LENGTH = 30
# `{{1}}` (positional) or `{{order_id}}` (named parameters, Meta's newer format).
PLACEHOLDER = re.compile(r"\{\{\s*([A-Za-z0-9_]+)\s*\}\}")


class TemplateLayoutButton(BaseModel):
    index: int = Field(description="Its position: what a template message's button names.")
    type: str = Field(description="QUICK_REPLY, URL, PHONE_NUMBER, COPY_CODE, …")
    text: str
    url: str | None = None
    variables: int = Field(description="Placeholders in a URL button: a value to send.")


class TemplateLayout(BaseModel):
    """What a form needs to fill a template in, read from Meta's `components`."""

    header_format: str | None = Field(
        default=None, description="TEXT, IMAGE, VIDEO, DOCUMENT or LOCATION; None: no header."
    )
    header_text: str | None = None
    header_variables: int = 0
    body_text: str = Field(default="", description="With its {{1}} … placeholders.")
    body_variables: int = 0
    footer_text: str | None = None
    buttons: list[TemplateLayoutButton] = Field(default_factory=list)


def count_variables(text: str | None) -> int:
    return len(set(PLACEHOLDER.findall(text or "")))


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def template_layout(components: Sequence[dict[str, Any]]) -> TemplateLayout:
    layout = TemplateLayout()
    for component in components:
        kind = str(component.get("type", "")).upper()
        text = _text(component.get("text"))
        if kind == "HEADER":
            layout.header_format = str(component.get("format") or "TEXT").upper()
            layout.header_text = text
            layout.header_variables = count_variables(text)
        elif kind == "BODY":
            layout.body_text = text or ""
            layout.body_variables = count_variables(text)
        elif kind == "FOOTER":
            layout.footer_text = text
        elif kind == "BUTTONS":
            buttons = component.get("buttons")
            for index, button in enumerate(buttons if isinstance(buttons, list) else []):
                if not isinstance(button, dict):
                    continue
                url = _text(button.get("url"))
                layout.buttons.append(
                    TemplateLayoutButton(
                        index=index,
                        type=str(button.get("type", "")).upper(),
                        text=_text(button.get("text")) or "",
                        url=url,
                        variables=count_variables(url),
                    )
                )
    return layout


def status_of(event: str) -> str:
    upper = event.strip().upper()
    return EVENT_STATUS.get(upper, upper)[:STATUS_LENGTH]


def is_usable(record: MessageTemplateRecord) -> bool:
    return record.status == APPROVED


@dataclass(frozen=True)
class TemplateUpdateOutcome:
    record: MessageTemplateRecord
    known: bool
    """False: first heard of through the webhook, so its text is not known yet."""


class MessageTemplateStore:
    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions

    async def for_channel(
        self, workspace_id: uuid.UUID, channel_id: uuid.UUID, *, approved_only: bool
    ) -> list[MessageTemplateRecord]:
        query = select(MessageTemplateRecord).where(
            MessageTemplateRecord.workspace_id == workspace_id,
            MessageTemplateRecord.channel_id == channel_id,
        )
        if approved_only:
            query = query.where(MessageTemplateRecord.status == APPROVED)
        query = query.order_by(col(MessageTemplateRecord.name), col(MessageTemplateRecord.language))
        async with self._sessions() as session:
            return list((await session.execute(query)).scalars().all())

    async def replace_all(
        self,
        workspace_id: uuid.UUID,
        channel_id: uuid.UUID,
        templates: Sequence[MessageTemplate],
        *,
        listed_since: datetime,
    ) -> None:
        """Makes the channel's rows what the listing says; `listed_since` is when it began."""
        async with self._sessions() as session, session.begin():
            rows = await _rows(session, workspace_id, channel_id)
            existing = {(row.name, row.language): row for row in rows}
            now = utcnow()
            for template in templates:
                row = existing.pop((template.name, template.language), None)
                if row is None:
                    row = MessageTemplateRecord(
                        workspace_id=workspace_id,
                        channel_id=channel_id,
                        provider_template_id=template.id,
                        name=template.name,
                        language=template.language,
                        status=status_of(template.status),
                    )
                    session.add(row)
                elif row.updated_at <= listed_since:
                    row.status = status_of(template.status)
                # else: a webhook changed the status while we listed; it is the newer news.
                row.provider_template_id = template.id
                row.category = template.category[:30] if template.category else None
                row.components = template.components
                row.updated_at = max(row.updated_at, now)
            for row in existing.values():
                # Gone from Meta's listing (deleted in the console), unless it just arrived.
                if row.updated_at <= listed_since:
                    await session.delete(row)

    async def apply_update(
        self, workspace_id: uuid.UUID, channel_id: uuid.UUID, update: TemplateStatusUpdate
    ) -> TemplateUpdateOutcome:
        """Applies a status webhook at once; a template never listed yet is recorded as well."""
        async with self._sessions() as session, session.begin():
            row = await _row_for(session, workspace_id, channel_id, update)
            known = row is not None and bool(row.components)
            if row is None:
                row = MessageTemplateRecord(
                    workspace_id=workspace_id,
                    channel_id=channel_id,
                    provider_template_id=update.template_id or "",
                    name=update.name,
                    language=update.language,
                    status=status_of(update.event),
                )
                session.add(row)
            row.status = status_of(update.event)
            reason = (update.reason or "").strip()
            row.reason = None if reason.upper() in NO_REASON else reason[:300]
            if update.template_id:
                row.provider_template_id = update.template_id
            row.updated_at = utcnow()
            await session.flush()
            return TemplateUpdateOutcome(record=row, known=known)


async def sync_channel_templates(
    store: MessageTemplateStore, channel: ConnectedChannel, graph_url: str
) -> None:
    """Reads every template of the channel's business account and stores them.

    Raises the client's `WhatsAppError`s (expired token, Graph unreachable) untouched.
    """
    listed_since = utcnow()
    async with httpx.AsyncClient(timeout=GRAPH_TIMEOUT) as http:
        templates = await whatsapp_client(http, channel, graph_url).list_templates()
    await store.replace_all(channel.workspace_id, channel.id, templates, listed_since=listed_since)


async def _rows(
    session: AsyncSession, workspace_id: uuid.UUID, channel_id: uuid.UUID
) -> list[MessageTemplateRecord]:
    query = select(MessageTemplateRecord).where(
        MessageTemplateRecord.workspace_id == workspace_id,
        MessageTemplateRecord.channel_id == channel_id,
    )
    return list((await session.execute(query)).scalars().all())


async def _row_for(
    session: AsyncSession,
    workspace_id: uuid.UUID,
    channel_id: uuid.UUID,
    update: TemplateStatusUpdate,
) -> MessageTemplateRecord | None:
    scope = (
        MessageTemplateRecord.workspace_id == workspace_id,
        MessageTemplateRecord.channel_id == channel_id,
    )
    if update.template_id:
        by_id = (
            (
                await session.execute(
                    select(MessageTemplateRecord).where(
                        MessageTemplateRecord.provider_template_id == update.template_id, *scope
                    )
                )
            )
            .scalars()
            .first()
        )
        if by_id is not None:
            return by_id
    return (
        await session.execute(
            select(MessageTemplateRecord).where(
                MessageTemplateRecord.name == update.name,
                MessageTemplateRecord.language == update.language,
                *scope,
            )
        )
    ).scalar_one_or_none()
