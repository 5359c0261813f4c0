"""Consent an import records, and the suppression list it must not overturn."""

import uuid
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import and_, or_
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from domain.contacts import ContactDraft
from domain.enums import ConsentStatus, SuppressionKind
from domain.imports import ImportOptions
from stores.contacts.upsert import UpsertOutcome
from stores.tables.contacts import ContactConsent, ContactEvent, ContactImport, Suppression


async def _suppressed(
    session: AsyncSession, workspace_id: uuid.UUID, drafts: Sequence[ContactDraft]
) -> set[tuple[SuppressionKind, str]]:
    phones = {d.phone for d in drafts if d.phone}
    emails = {d.email for d in drafts if d.email}
    if not phones and not emails:
        return set()
    query = select(Suppression.kind, Suppression.value).where(
        Suppression.workspace_id == workspace_id,
        or_(
            and_(
                col(Suppression.kind) == SuppressionKind.phone, col(Suppression.value).in_(phones)
            ),
            and_(
                col(Suppression.kind) == SuppressionKind.email, col(Suppression.value).in_(emails)
            ),
        ),
    )
    return {(SuppressionKind(kind), value) for kind, value in (await session.execute(query)).all()}


async def record_consent(
    session: AsyncSession,
    row: ContactImport,
    options: ImportOptions,
    drafts: Sequence[ContactDraft],
    outcomes: Sequence[UpsertOutcome],
    now: datetime,
) -> None:
    """Sets the requested consent on each imported contact, with a timeline line when it changes.

    An address on the suppression list never gets an opt-in from an import: the list records a
    person's explicit refusal, which a purchased or old spreadsheet must not overturn.
    """
    consent = options.consent
    assert consent is not None
    suppressed = set()
    if consent.status == ConsentStatus.opted_in:
        suppressed = await _suppressed(session, row.workspace_id, drafts)
    contacts: set[uuid.UUID] = set()
    for draft, outcome in zip(drafts, outcomes, strict=True):
        if (SuppressionKind.phone, draft.phone) in suppressed or (
            SuppressionKind.email,
            draft.email,
        ) in suppressed:
            continue
        contacts.add(outcome.contact_id)
    if not contacts:
        return
    query = select(ContactConsent).where(
        col(ContactConsent.contact_id).in_(list(contacts)),
        ContactConsent.channel == consent.channel,
    )
    existing = {c.contact_id: c for c in (await session.execute(query)).scalars()}
    for contact_id in contacts:
        current = existing.get(contact_id)
        if current is not None and current.status == consent.status:
            continue
        if current is None:
            current = ContactConsent(
                contact_id=contact_id,
                channel=consent.channel,
                workspace_id=row.workspace_id,
                status=consent.status,
                source=consent.source,
            )
            session.add(current)
        current.status, current.source = consent.status, consent.source
        current.proof, current.updated_at = consent.proof, now
        session.add(
            ContactEvent(
                workspace_id=row.workspace_id,
                contact_id=contact_id,
                kind="consent_changed",
                details={
                    "channel": consent.channel.value,
                    "status": consent.status.value,
                    "source": consent.source,
                    "import_id": str(row.id),
                },
                actor_user_id=row.created_by_user_id,
                created_at=now,
            )
        )
