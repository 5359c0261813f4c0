"""Helpers for the consent, suppression and timeline tests: a contact row to work on."""

import uuid

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from domain.contacts import ContactDraft
from domain.timeutil import utcnow
from stores.contacts.upsert import upsert_contacts
from tests.factories import WorkspaceFixture


async def create_contact(
    sessions: async_sessionmaker[AsyncSession],
    account: WorkspaceFixture,
    *,
    name: str = "Maria Silva",
    phone: str | None = "+5511987654321",
    email: str | None = "maria@example.com",
) -> uuid.UUID:
    """A contact made the way the API and imports make them (with its `created` event)."""
    async with sessions() as session, session.begin():
        draft = ContactDraft(name=name, phone=phone, email=email, source="test")
        [outcome] = await upsert_contacts(session, account.workspace_id, [draft], now=utcnow())
        return outcome.contact_id
