"""Helpers for the provider webhook tests: a connected channel, an outbound message of ours to
report statuses on, and reading what the inbox stored."""

import uuid
from dataclasses import dataclass
from typing import Any

import httpx
from sqlmodel import col, select

from domain.conversations import AgentReply, ConversationPublic, MessagePublic
from domain.enums import ChannelKind
from domain.timeutil import utcnow
from stores.tables.contacts import Contact, ContactConsent, ContactEvent, Suppression
from tests.api.test_channel_settings import body
from tests.factories import WorkspaceFixture, create_workspace
from tests.support.harness import Harness
from tests.support.inbox import conversations_in
from tests.support.waiting import eventually


@dataclass(frozen=True)
class Connected:
    account: WorkspaceFixture
    owner: httpx.AsyncClient
    channel_id: uuid.UUID
    webhook_key: str
    setup: dict[str, str]

    def path(self, item: str) -> str:
        """A setup URL from the Channels page, as a path on the app under test."""
        return "/api/" + self.setup[item].split("/api/", 1)[1]


async def connect(app: Harness, kind: str, **credentials: Any) -> Connected:
    account = await create_workspace(app.services.sessions)
    owner = await app.login(account)
    response = await owner.post("/api/channels", json=body(kind, **credentials))
    assert response.status_code == 201, response.text
    channel = response.json()
    setup = {item["item"]: item["value"] for item in channel["setup"]}
    first_url = next(v for v in setup.values() if "/api/webhooks/" in v)
    webhook_key = first_url.split("/api/webhooks/", 1)[1].split("/")[1]
    return Connected(account, owner, uuid.UUID(channel["id"]), webhook_key, setup)


async def conversations(app: Harness, connected: Connected) -> list[ConversationPublic]:
    return await conversations_in(app.services.sessions, connected.account.workspace_id)


async def messages_with(
    app: Harness, connected: Connected, contact_key: str, count: int
) -> list[MessagePublic]:
    """The conversation's messages once there are at least `count` of them."""

    async def probe() -> list[MessagePublic] | None:
        for conversation in await conversations(app, connected):
            if conversation.contact_key == contact_key:
                found = await app.services.store.list_messages(
                    connected.account.workspace_id, conversation.id
                )
                return found if len(found) >= count else None
        return None

    return await eventually(probe)


async def outbound_message(
    app: Harness, connected: Connected, conversation: ConversationPublic
) -> uuid.UUID:
    """A queued reply of ours in the conversation, as the send activity stores it."""
    reply = AgentReply(
        message_id=uuid.uuid4(),
        conversation_id=conversation.id,
        author_user_id=connected.account.user_id,
        text="Your order ships today.",
        requested_at=utcnow(),
    )
    await app.services.store.record_outbound(connected.account.workspace_id, reply)
    return reply.message_id


async def message(app: Harness, connected: Connected, message_id: uuid.UUID) -> MessagePublic:
    for conversation in await conversations(app, connected):
        for found in await app.services.store.list_messages(
            connected.account.workspace_id, conversation.id
        ):
            if found.id == message_id:
                return found
    raise AssertionError(f"message {message_id} not stored")


@dataclass(frozen=True)
class ConsentState:
    contact_id: uuid.UUID | None
    consent: dict[ChannelKind, str]
    consent_events: list[dict[str, Any]]
    suppressed: list[str]


async def consent_state(
    app: Harness, connected: Connected, column: str, value: str
) -> ConsentState:
    """The contact holding this phone or e-mail, its consent, timeline lines and suppressions."""
    workspace_id = connected.account.workspace_id
    async with app.services.sessions() as session:
        contact = (
            await session.execute(
                select(Contact).where(
                    Contact.workspace_id == workspace_id, getattr(Contact, column) == value
                )
            )
        ).scalar_one_or_none()
        suppressed = (
            await session.execute(
                select(Suppression.value).where(
                    Suppression.workspace_id == workspace_id, Suppression.value == value
                )
            )
        ).scalars()
        suppressed_values = list(suppressed)
        if contact is None:
            return ConsentState(None, {}, [], suppressed_values)
        rows = (
            await session.execute(
                select(ContactConsent).where(ContactConsent.contact_id == contact.id)
            )
        ).scalars()
        events = (
            await session.execute(
                select(ContactEvent)
                .where(
                    ContactEvent.contact_id == contact.id,
                    ContactEvent.kind == "consent_changed",
                )
                .order_by(col(ContactEvent.created_at))
            )
        ).scalars()
        return ConsentState(
            contact.id,
            {row.channel: row.status.value for row in rows},
            [event.details for event in events],
            suppressed_values,
        )
