"""The consent gate's read: a contact's consent on a channel, whether the address we would send
to is suppressed, and the workspace's rule for proactive sends. `check_send` applies the rule
(`domain.send_consent`); every sender calls it before the send ledger: conversation replies and
flows today, automations and broadcasts next.

SMS STOP, an e-mail unsubscribe, a hard bounce or a spam report reach this as what they were
recorded as (`channel_consent`): an opt-out of the channel, and the address on the suppression
list.
"""

import contextlib
import uuid

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlmodel import col, select

from domain.contact_values import normalize_email, normalize_phone
from domain.enums import ChannelKind, SuppressionKind
from domain.send_consent import ConsentFacts, SendPurpose, SendVerdict, send_verdict
from stores.contacts.privacy import CHANNEL_ADDRESS, contact_address
from stores.tables.contacts import Contact, ContactConsent, Suppression
from stores.tables.workspaces import Workspace


async def check_send(
    sessions: async_sessionmaker[AsyncSession],
    workspace_id: uuid.UUID,
    *,
    contact_id: uuid.UUID | None,
    channel: ChannelKind,
    address: str,
    purpose: SendPurpose,
) -> SendVerdict:
    """Whether a message may go to `address` (the channel's contact key) now."""
    async with sessions() as session:
        facts = await consent_facts(session, workspace_id, contact_id, channel, address)
    return send_verdict(facts, purpose)


async def consent_facts(
    session: AsyncSession,
    workspace_id: uuid.UUID,
    contact_id: uuid.UUID | None,
    channel: ChannelKind,
    address: str,
) -> ConsentFacts:
    workspace = await session.get(Workspace, workspace_id)
    if workspace is None:
        raise LookupError(f"workspace {workspace_id} not found")
    contact = None if contact_id is None else await session.get(Contact, contact_id)
    if contact is not None and contact.workspace_id != workspace_id:
        contact = None
    consent = None if contact is None else await session.get(ContactConsent, (contact.id, channel))
    suppression = await _suppression(
        session, workspace_id, channel, _addresses(channel, address, contact, workspace)
    )
    return ConsentFacts(
        channel=channel,
        consent=consent.status if consent is not None else None,
        consent_source=consent.source if consent is not None else "",
        suppression_reason=suppression.reason if suppression is not None else None,
        proactive_needs_opt_in=workspace.proactive_needs_opt_in,
    )


def _addresses(
    channel: ChannelKind, address: str, contact: Contact | None, workspace: Workspace
) -> set[str]:
    """The suppressible forms of where this send goes: the contact key (a WhatsApp id is the
    number without `+`), normalised, and the contact's own phone or e-mail for the channel
    (they differ when WhatsApp dropped a Brazilian mobile's ninth digit)."""
    kind = CHANNEL_ADDRESS.get(channel)
    if kind is None:
        return set()
    found: set[str] = set()
    raw = address.strip()
    if kind is SuppressionKind.phone:
        raw = raw if raw.startswith("+") else f"+{raw}"
        found.add(raw)
        with contextlib.suppress(ValueError):
            found.add(normalize_phone(raw, workspace.default_country))
    else:
        found.add(raw.lower())
        with contextlib.suppress(ValueError):
            found.add(normalize_email(raw))
    own = None if contact is None else contact_address(contact, channel)
    if own is not None:
        found.add(own[1])
    return found


async def _suppression(
    session: AsyncSession, workspace_id: uuid.UUID, channel: ChannelKind, values: set[str]
) -> Suppression | None:
    kind = CHANNEL_ADDRESS.get(channel)
    if kind is None or not values:
        return None
    query = (
        select(Suppression)
        .where(
            Suppression.workspace_id == workspace_id,
            Suppression.kind == kind,
            col(Suppression.value).in_(sorted(values)),
        )
        .limit(1)
    )
    return (await session.execute(query)).scalars().first()
