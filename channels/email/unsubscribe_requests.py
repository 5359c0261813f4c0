"""Unsubscribes from marketing e-mail's `List-Unsubscribe` header: the one-click link (RFC
8058) and the mailto: fallback, both carrying a signed token that names workspace and contact.

An unsubscribe opts the contact out of e-mail and suppresses the address, as SendGrid's own
unsubscribe event does (`channel_consent`), but finds the contact by the token's id rather
than by address: the address may have changed since the mail went out, and the token is the
proof that this contact received it.
"""

import logging
import uuid
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from domain.enums import ChannelKind, ConsentStatus
from providers.sendgrid.inbound import InboundEmail
from providers.sendgrid.unsubscribe import (
    InvalidUnsubscribeToken,
    UnsubscribeSigner,
    UnsubscribeTarget,
    token_from_subject,
)
from stores.contacts.privacy import (
    ConsentChange,
    contact_address,
    find_suppression,
    live_contact,
    set_consent,
)
from stores.tables.contacts import ContactConsent
from stores.tables.workspaces import Workspace

log = logging.getLogger(__name__)

LINK_SOURCE = "unsubscribe_link"
MAILTO_SOURCE = "unsubscribe_mailto"
# Two clicks at once (the mail provider's POST and the person's) race to insert the same
# consent and suppression rows: the loser's unique-key error means "look again".
ATTEMPTS = 3


class UnsubscribeOutcome(StrEnum):
    opted_out = "opted_out"
    """Consent changed now (and the address is suppressed)."""
    already = "already"
    """Opted out and suppressed before: nothing changed."""
    gone = "gone"
    """No live contact by that id in that workspace (erased, or never there): nothing to do."""


@dataclass(frozen=True)
class UnsubscribeRequest:
    target: UnsubscribeTarget
    source: str
    proof: str


@dataclass(frozen=True)
class WorkspaceFacts:
    """What the public unsubscribe page shows and which language it picks."""

    name: str
    default_country: str


async def unsubscribe(
    sessions: async_sessionmaker[AsyncSession], request: UnsubscribeRequest, *, now: datetime
) -> UnsubscribeOutcome:
    for attempt in range(ATTEMPTS):
        try:
            async with sessions() as session, session.begin():
                return await _unsubscribe(session, request, now)
        except IntegrityError:
            if attempt == ATTEMPTS - 1:
                raise
    raise AssertionError("unreachable")


async def _unsubscribe(
    session: AsyncSession, request: UnsubscribeRequest, now: datetime
) -> UnsubscribeOutcome:
    target = request.target
    # Scoped by the token's workspace: a contact id of another workspace is not found.
    contact = await live_contact(session, target.workspace_id, target.contact_id)
    if contact is None:
        return UnsubscribeOutcome.gone
    consent = await session.get(ContactConsent, (contact.id, ChannelKind.email))
    if consent is not None and consent.status is ConsentStatus.opted_out:
        address = contact_address(contact, ChannelKind.email)
        if address is None or await find_suppression(session, contact.workspace_id, *address):
            # A repeated click (or a provider retrying the POST) records nothing new.
            return UnsubscribeOutcome.already
    # Also when opted out before without suppression: the link asks for no more mail at all.
    change = ConsentChange(
        channel=ChannelKind.email,
        status=ConsentStatus.opted_out,
        source=request.source,
        proof=request.proof[:2000],
        suppress=True,
    )
    await set_consent(session, contact, change, now=now, actor_user_id=None)
    return UnsubscribeOutcome.opted_out


async def workspace_facts(
    sessions: async_sessionmaker[AsyncSession], workspace_id: uuid.UUID
) -> WorkspaceFacts | None:
    async with sessions() as session:
        workspace = await session.get(Workspace, workspace_id)
        if workspace is None:
            return None
        return WorkspaceFacts(name=workspace.name, default_country=workspace.default_country)


def link_proof(user_agent: str | None, now: datetime) -> str:
    agent = (user_agent or "").strip() or "none"
    return f"one-click unsubscribe link at {now.isoformat()}, user agent: {agent}"


def mailto_request(
    signer: UnsubscribeSigner, email: InboundEmail, now: datetime
) -> UnsubscribeRequest | None:
    """The unsubscribe an inbound e-mail asks for, if its subject carries a token we signed;
    None for any other e-mail (a conversation message after all)."""
    token = token_from_subject(email.subject)
    if token is None:
        return None
    try:
        target = signer.verify(token)
    except InvalidUnsubscribeToken:
        return None
    proof = (
        f"unsubscribe e-mail {email.message_id} from {email.sender} received at {now.isoformat()}"
    )
    return UnsubscribeRequest(target=target, source=MAILTO_SOURCE, proof=proof)


async def unsubscribe_by_mail(
    sessions: async_sessionmaker[AsyncSession],
    signer: UnsubscribeSigner,
    workspace_id: uuid.UUID,
    email: InboundEmail,
    *,
    now: datetime,
) -> bool:
    """Applies a mailto: unsubscribe that reached `workspace_id`'s Inbound Parse address.

    True when the e-mail was one (handled, and not to be stored as a message): it is a
    machine-made request, and as a message it would reopen the conversation and could make a
    bot answer the person who just asked for no more mail. The timeline line is its record.
    """
    request = mailto_request(signer, email, now)
    if request is None:
        return False
    if request.target.workspace_id != workspace_id:
        # A genuine token of another workspace, mailed to this one's address: acting on it
        # would let one workspace's inbound mail change another's contacts. Dropped, since
        # storing it would show the other workspace's token to this one's agents.
        log.warning("mailto: unsubscribe %s names another workspace; ignored", email.message_id)
        return True
    outcome = await unsubscribe(sessions, request, now=now)
    log.info("mailto: unsubscribe %s: %s", email.message_id, outcome)
    return True
