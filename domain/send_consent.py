"""Whether a message may go to a contact on a channel: the rule every sender applies (replies,
flows, and the automations and broadcasts to come), as a pure function of what the store knows.

An opt-out always wins, even for a reply to a contact who has just written: a contact who said
STOP, unsubscribed, whose e-mail bounced hard or whose address is on the suppression list gets
nothing. Proactive sends (we speak first) on WhatsApp and SMS also need a recorded opt-in,
unless the workspace turned that rule off.
"""

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from domain.enums import ChannelKind, ConsentStatus

# Channels whose proactive messages need the contact's recorded opt-in (Meta's business
# messaging policy; carriers' rules for SMS). E-mail relies on unsubscribe; web chat has no
# proactive send.
OPT_IN_CHANNELS = frozenset({ChannelKind.whatsapp, ChannelKind.sms})

CHANNEL_NAMES: dict[ChannelKind, str] = {
    ChannelKind.webchat: "web chat",
    ChannelKind.whatsapp: "WhatsApp",
    ChannelKind.email: "e-mail",
    ChannelKind.sms: "SMS",
}


class SendPurpose(StrEnum):
    """Why we write: answering a contact in a live conversation, or speaking first."""

    reply = "reply"
    proactive = "proactive"


# A bot's message counts as a reply while the contact's last message is this recent (the span
# WhatsApp calls the customer-service window); later, or when the contact never wrote, we speak
# first. An agent's message in the inbox is always a reply.
REPLY_WINDOW = timedelta(hours=24)


def conversation_send_purpose(
    author_user_id: uuid.UUID | None, last_inbound_at: datetime | None, now: datetime
) -> SendPurpose:
    """Whether a message of a conversation answers the contact or speaks first: a flow
    started from outside for a contact who has not written, or a bot's follow-up a day after
    the contact last wrote, is proactive."""
    if author_user_id is not None:
        return SendPurpose.reply
    if last_inbound_at is not None and now - last_inbound_at < REPLY_WINDOW:
        return SendPurpose.reply
    return SendPurpose.proactive


class SkipCode(StrEnum):
    """Stored as the skipped message's `error_code`; the UI words them in each language."""

    opted_out = "opted_out"
    suppressed = "suppressed"
    no_opt_in = "no_opt_in"


@dataclass(frozen=True)
class ConsentFacts:
    """What the store knows about one contact on one channel at send time."""

    channel: ChannelKind
    consent: ConsentStatus | None = None
    consent_source: str = ""
    suppression_reason: str | None = None
    """Set when the address we would send to is on the workspace's suppression list."""
    proactive_needs_opt_in: bool = True
    """The workspace's rule (on unless turned off in its settings)."""


@dataclass(frozen=True)
class SendVerdict:
    allowed: bool
    code: SkipCode | None = None
    reason: str = ""
    """For the agent, in English; the UI shows its own wording by `code`."""


ALLOWED = SendVerdict(allowed=True)


def send_verdict(facts: ConsentFacts, purpose: SendPurpose) -> SendVerdict:
    """Allowed, or skipped with the code and the reason the inbox shows."""
    channel = CHANNEL_NAMES[facts.channel]
    if facts.consent is ConsentStatus.opted_out:
        source = f" ({facts.consent_source})" if facts.consent_source else ""
        return SendVerdict(
            False,
            SkipCode.opted_out,
            f"Not sent: the contact opted out of {channel}{source}.",
        )
    if facts.suppression_reason is not None:
        why = f" ({facts.suppression_reason})" if facts.suppression_reason else ""
        return SendVerdict(
            False,
            SkipCode.suppressed,
            f"Not sent: this address is on the workspace's suppression list{why}.",
        )
    if (
        purpose is SendPurpose.proactive
        and facts.channel in OPT_IN_CHANNELS
        and facts.proactive_needs_opt_in
        and facts.consent is not ConsentStatus.opted_in
    ):
        return SendVerdict(
            False,
            SkipCode.no_opt_in,
            f"Not sent: the contact has no recorded opt-in for {channel}, which messages "
            "we send first require.",
        )
    return ALLOWED
