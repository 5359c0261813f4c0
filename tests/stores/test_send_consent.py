"""The consent gate's read on each database: what SMS STOP, an e-mail unsubscribe, a hard bounce
and the suppression list (as the webhooks record them) mean for the next send."""

import uuid
from datetime import datetime

import pytest

from domain.enums import ChannelKind, ConsentStatus, SuppressionKind
from domain.send_consent import REPLY_WINDOW, SendPurpose, SkipCode, conversation_send_purpose
from domain.timeutil import utcnow
from stores.contacts.channel_consent import AddressConsent, record_address_consent
from stores.contacts.send_consent import check_send
from tests.api.privacy_support import create_contact
from tests.factories import create_workspace
from tests.support.databases import Sessions

PHONE = "+5511987654321"
EMAIL = "maria@example.com"


async def _check(
    sessions: Sessions,
    workspace_id: uuid.UUID,
    contact_id: uuid.UUID | None,
    channel: ChannelKind,
    address: str,
    purpose: SendPurpose = SendPurpose.reply,
) -> SkipCode | None:
    verdict = await check_send(
        sessions,
        workspace_id,
        contact_id=contact_id,
        channel=channel,
        address=address,
        purpose=purpose,
    )
    return verdict.code


async def test_sms_stop_stops_every_later_sms_even_a_reply(sessions: Sessions) -> None:
    account = await create_workspace(sessions)
    contact_id = await create_contact(sessions, account, phone=PHONE)
    assert await _check(sessions, account.workspace_id, contact_id, ChannelKind.sms, PHONE) is None
    # What the SMS webhook records for STOP.
    await record_address_consent(
        sessions,
        account.workspace_id,
        AddressConsent(
            channel=ChannelKind.sms,
            address_kind=SuppressionKind.phone,
            address=PHONE,
            status=ConsentStatus.opted_out,
            source="sms keyword",
            suppress=True,
            create_contact=True,
        ),
        now=utcnow(),
    )
    code = await _check(sessions, account.workspace_id, contact_id, ChannelKind.sms, PHONE)
    assert code is SkipCode.opted_out
    # The number is suppressed too, so WhatsApp to it (its id has no `+`) stops as well.
    whatsapp = await _check(
        sessions, account.workspace_id, contact_id, ChannelKind.whatsapp, PHONE.lstrip("+")
    )
    assert whatsapp is SkipCode.suppressed


@pytest.mark.parametrize("event", ["sendgrid bounce", "sendgrid unsubscribe"])
async def test_a_hard_bounce_or_unsubscribe_stops_e_mail(sessions: Sessions, event: str) -> None:
    account = await create_workspace(sessions)
    contact_id = await create_contact(sessions, account, email=EMAIL)
    await record_address_consent(
        sessions,
        account.workspace_id,
        AddressConsent(
            channel=ChannelKind.email,
            address_kind=SuppressionKind.email,
            address=EMAIL,
            status=ConsentStatus.opted_out,
            source=event,
            suppress=True,
        ),
        now=utcnow(),
    )
    # The address as the conversation knows it, in another case: still the same mailbox.
    code = await _check(
        sessions, account.workspace_id, contact_id, ChannelKind.email, "Maria@Example.com"
    )
    assert code is SkipCode.opted_out
    # A conversation whose contact was merged away still finds the suppressed address.
    assert (
        await _check(sessions, account.workspace_id, None, ChannelKind.email, EMAIL)
        is SkipCode.suppressed
    )


async def test_proactive_rules_by_channel(sessions: Sessions) -> None:
    account = await create_workspace(sessions)
    contact_id = await create_contact(sessions, account, phone=PHONE, email=EMAIL)
    ws = account.workspace_id
    proactive = SendPurpose.proactive
    assert await _check(sessions, ws, contact_id, ChannelKind.sms, PHONE, proactive) is (
        SkipCode.no_opt_in
    )
    # E-mail relies on unsubscribe; web chat never speaks first.
    assert await _check(sessions, ws, contact_id, ChannelKind.email, EMAIL, proactive) is None
    assert await _check(sessions, ws, contact_id, ChannelKind.webchat, "v" * 32, proactive) is None


def test_the_conversation_decides_reply_or_proactive() -> None:
    now = datetime(2026, 12, 1, 12, 0)
    agent = uuid.uuid4()
    assert conversation_send_purpose(agent, None, now) is SendPurpose.reply
    assert conversation_send_purpose(None, None, now) is SendPurpose.proactive
    assert conversation_send_purpose(None, now - REPLY_WINDOW / 2, now) is SendPurpose.reply
    assert conversation_send_purpose(None, now - REPLY_WINDOW, now) is SendPurpose.proactive
