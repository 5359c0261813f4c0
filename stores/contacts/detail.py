"""A contact as its page shows it: values, tags, identities, consent, suppressed addresses."""

import uuid
from typing import Any

from sqlalchemy import or_
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from domain.contacts import ConsentPublic, ContactDetail, IdentityPublic
from domain.enums import SuppressionKind
from stores.tables.contacts import Contact, ContactConsent, ContactIdentity, ContactTag, Suppression


async def tags_of(session: AsyncSession, contact_id: uuid.UUID) -> list[str]:
    rows = await session.execute(
        select(ContactTag.tag)
        .where(ContactTag.contact_id == contact_id)
        .order_by(col(ContactTag.tag))
    )
    return list(rows.scalars())


async def contact_detail(session: AsyncSession, contact: Contact) -> ContactDetail:
    identities = await session.execute(
        select(ContactIdentity)
        .where(
            ContactIdentity.workspace_id == contact.workspace_id,
            ContactIdentity.contact_id == contact.id,
        )
        .order_by(col(ContactIdentity.channel_kind), col(ContactIdentity.external_id))
    )
    consent = await session.execute(
        select(ContactConsent)
        .where(
            ContactConsent.workspace_id == contact.workspace_id,
            ContactConsent.contact_id == contact.id,
        )
        .order_by(col(ContactConsent.channel))
    )
    return ContactDetail(
        **_contact_values(contact),
        tags=await tags_of(session, contact.id),
        identities=[
            IdentityPublic(channel_kind=i.channel_kind, external_id=i.external_id)
            for i in identities.scalars()
        ],
        consent=[ConsentPublic.model_validate(c, from_attributes=True) for c in consent.scalars()],
        suppressed=await _suppressed(session, contact),
    )


def _contact_values(contact: Contact) -> dict[str, Any]:
    return contact.model_dump(exclude={"workspace_id", "erased_at"})


async def _suppressed(session: AsyncSession, contact: Contact) -> list[str]:
    addresses = [
        (kind, value)
        for kind, value in (
            (SuppressionKind.phone, contact.phone),
            (SuppressionKind.email, contact.email),
        )
        if value
    ]
    if not addresses:
        return []
    rows = await session.execute(
        select(Suppression.kind).where(
            Suppression.workspace_id == contact.workspace_id,
            or_(
                *(
                    (col(Suppression.kind) == kind) & (col(Suppression.value) == value)
                    for kind, value in addresses
                )
            ),
        )
    )
    found = {SuppressionKind(kind) for kind in rows.scalars()}
    return [kind.value for kind, _ in addresses if kind in found]
