"""Consent that providers report for an address: an SMS STOP or START, an e-mail bounce, spam
report or unsubscribe. Recorded through the CRM's consent code (`contacts.privacy.set_consent`),
so it lands on the contact's timeline with what it was before, and an opt-out that must stop
every future send puts the address on the suppression list.

Providers repeat themselves (retries for days, a STOP sent twice): a change to the status the
contact already has records nothing, so a replay adds no second timeline line.
"""

import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlmodel import col, select

from domain.contacts import ContactDraft
from domain.enums import ChannelKind, ConsentStatus, SuppressionKind
from stores.contacts.privacy import (
    ConsentChange,
    DuplicateSuppression,
    add_suppression,
    find_suppression,
    remove_suppression,
    set_consent,
)
from stores.contacts.upsert import upsert_contacts
from stores.tables.contacts import Contact, ContactConsent

# A new contact races the conversation workflow creating the same one (same phone): the loser
# hits the unique constraint and simply looks again.
ATTEMPTS = 3


@dataclass(frozen=True)
class AddressConsent:
    channel: ChannelKind
    address_kind: SuppressionKind
    address: str = ""
    """Normalised: E.164 phone or lower-cased e-mail."""
    status: ConsentStatus = ConsentStatus.opted_out
    source: str = ""
    proof: str = ""
    suppress: bool = False
    """On an opt-out, also put the address on the suppression list."""
    create_contact: bool = False
    """Make a contact for an unknown address (someone who texted us), so consent has a home."""


@dataclass(frozen=True)
class ConsentOutcome:
    contact_id: uuid.UUID | None
    changed: bool


def suppression_reason(channel: ChannelKind) -> str:
    """What `set_consent` writes on the suppressions an opt-out on `channel` creates."""
    return f"opted out of {channel}"


async def record_address_consent(
    sessions: async_sessionmaker[AsyncSession],
    workspace_id: uuid.UUID,
    change: AddressConsent,
    *,
    now: datetime,
) -> ConsentOutcome:
    for attempt in range(ATTEMPTS):
        try:
            async with sessions() as session, session.begin():
                return await _record(session, workspace_id, change, now)
        except IntegrityError:
            if attempt == ATTEMPTS - 1:
                raise
    raise AssertionError("unreachable")


async def _record(
    session: AsyncSession, workspace_id: uuid.UUID, change: AddressConsent, now: datetime
) -> ConsentOutcome:
    contact = await _contact(session, workspace_id, change, now)
    if change.status is ConsentStatus.opted_in:
        await _lift_own_suppression(session, workspace_id, change)
    if contact is None:
        if change.status is ConsentStatus.opted_out and change.suppress:
            return ConsentOutcome(None, await _suppress(session, workspace_id, change, now))
        return ConsentOutcome(None, changed=False)
    current = await session.get(ContactConsent, (contact.id, change.channel))
    if current is not None and current.status is change.status:
        return ConsentOutcome(contact.id, changed=False)
    await set_consent(
        session,
        contact,
        ConsentChange(
            channel=change.channel,
            status=change.status,
            source=change.source[:100],
            proof=change.proof[:2000],
            suppress=change.suppress,
        ),
        now=now,
        actor_user_id=None,
    )
    return ConsentOutcome(contact.id, changed=True)


async def _contact(
    session: AsyncSession, workspace_id: uuid.UUID, change: AddressConsent, now: datetime
) -> Contact | None:
    column = Contact.phone if change.address_kind is SuppressionKind.phone else Contact.email
    found = (
        await session.execute(
            select(Contact).where(
                Contact.workspace_id == workspace_id,
                col(column) == change.address,
                # An erased person's data stays gone; the suppression list still protects them.
                col(Contact.erased_at).is_(None),
            )
        )
    ).scalar_one_or_none()
    if found is not None or not change.create_contact:
        return found
    phone = change.address if change.address_kind is SuppressionKind.phone else None
    email = change.address if change.address_kind is SuppressionKind.email else None
    channel = change.channel.value
    draft = ContactDraft(name=change.address, phone=phone, email=email, source=channel)
    [outcome] = await upsert_contacts(
        session, workspace_id, [draft], now=now, event_details={"channel": channel}
    )
    return await session.get(Contact, outcome.contact_id)


async def _suppress(
    session: AsyncSession, workspace_id: uuid.UUID, change: AddressConsent, now: datetime
) -> bool:
    try:
        await add_suppression(
            session,
            workspace_id,
            change.address_kind,
            change.address,
            suppression_reason(change.channel),
            actor_user_id=None,
            now=now,
        )
    except DuplicateSuppression:
        return False
    return True


async def _lift_own_suppression(
    session: AsyncSession, workspace_id: uuid.UUID, change: AddressConsent
) -> None:
    """An opt-in undoes the suppression an opt-out on the same channel made, and only that one:
    an address suppressed by hand, or by another channel's opt-out, stays suppressed."""
    existing = await find_suppression(session, workspace_id, change.address_kind, change.address)
    if existing is not None and existing.reason == suppression_reason(change.channel):
        await remove_suppression(session, workspace_id, existing.id)
