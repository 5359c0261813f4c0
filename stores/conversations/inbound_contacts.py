"""Who wrote: the contact a first message from a channel identity belongs to.

A phone number (WhatsApp, SMS) or an e-mail address names the same person on every channel
and in every import, so a first message joins the contact that has it; only an unknown address
creates a contact, through the CRM's upsert (normalised values, a `created` timeline event).
"""

from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, or_, select

from domain.contact_values import normalize_email, normalize_phone
from domain.contacts import ContactDraft
from domain.conversations import ConversationRef, InboundMessage
from stores.contacts.upsert import upsert_contacts
from stores.tables.contacts import Contact, ContactIdentity


def _normalized(inbound: InboundMessage) -> tuple[str | None, str | None]:
    phone = email = None
    try:
        phone = normalize_phone(inbound.contact_phone) if inbound.contact_phone else None
    except ValueError:
        phone = None
    try:
        email = normalize_email(inbound.contact_email) if inbound.contact_email else None
    except ValueError:
        email = None
    return phone, email


async def find_or_create_contact(
    session: AsyncSession, ref: ConversationRef, inbound: InboundMessage
) -> tuple[Contact, bool]:
    """The contact, and whether it was created now."""
    phone, email = _normalized(inbound)
    conditions = []
    if phone:
        conditions.append(col(Contact.phone) == phone)
    if email:
        conditions.append(col(Contact.email) == email)
    if conditions:
        existing = (
            (
                await session.execute(
                    select(Contact)
                    .where(
                        Contact.workspace_id == ref.workspace_id,
                        col(Contact.erased_at).is_(None),
                        or_(*conditions),
                    )
                    .order_by(col(Contact.created_at))
                    .limit(1)
                )
            )
            .scalars()
            .first()
        )
        if existing is not None:
            return existing, False
    name = inbound.contact_name or phone or email or f"Visitor {ref.contact_key[:6]}"
    draft = ContactDraft(name=name, phone=phone, email=email, source=ref.channel_kind.value)
    # The contact exists from its first message on, like its conversation (not from whenever
    # the workflow got round to storing it).
    now = inbound.received_at
    [outcome] = await upsert_contacts(
        session,
        ref.workspace_id,
        [draft],
        now=now,
        event_details={"channel": ref.channel_kind.value},
    )
    contact = await session.get(Contact, outcome.contact_id)
    assert contact is not None
    if contact.last_seen_at is None:
        contact.last_seen_at = now
    return contact, True


async def contact_for_inbound(
    session: AsyncSession, ref: ConversationRef, inbound: InboundMessage
) -> tuple[Contact, bool]:
    """The contact this channel identity belongs to; else the one with this phone or
    e-mail (a customer who wrote on WhatsApp is the same person who was imported); else new."""
    identity = (
        await session.execute(
            select(ContactIdentity).where(
                ContactIdentity.workspace_id == ref.workspace_id,
                ContactIdentity.channel_kind == ref.channel_kind,
                ContactIdentity.external_id == ref.contact_key,
            )
        )
    ).scalar_one_or_none()
    if identity is not None:
        contact = await session.get(Contact, identity.contact_id)
        assert contact is not None
        return contact, False
    contact, created = await find_or_create_contact(session, ref, inbound)
    session.add(
        ContactIdentity(
            workspace_id=ref.workspace_id,
            contact_id=contact.id,
            channel_kind=ref.channel_kind,
            external_id=ref.contact_key,
        )
    )
    await session.flush()
    return contact, created
