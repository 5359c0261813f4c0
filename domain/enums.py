"""The vocabulary shared by every layer: roles, channel kinds, and the states of conversations,
messages, consent and imports. Plain string enums, stored as they are in the database."""

from enum import StrEnum


class Role(StrEnum):
    owner = "owner"
    admin = "admin"
    marketer = "marketer"
    agent = "agent"


class ChannelKind(StrEnum):
    webchat = "webchat"
    whatsapp = "whatsapp"
    email = "email"
    sms = "sms"


class ConversationStatus(StrEnum):
    open = "open"
    pending = "pending"
    snoozed = "snoozed"
    closed = "closed"


class ConversationMode(StrEnum):
    """Who answers: a chatbot flow, or the agents (a bot hands over; an agent hands back)."""

    bot = "bot"
    human = "human"


class MessageDirection(StrEnum):
    inbound = "inbound"
    outbound = "outbound"


class MessageStatus(StrEnum):
    """Where a message stands. Outbound: `queued` until the provider takes it (`sent`,
    `delivered`, `read`) or refuses it (`failed`); `unconfirmed` when a send may have reached the
    provider but we never heard (its status webhook settles it); `skipped` when the consent gate
    stopped it before any send."""

    received = "received"
    queued = "queued"
    sent = "sent"
    delivered = "delivered"
    read = "read"
    failed = "failed"
    skipped = "skipped"
    unconfirmed = "unconfirmed"


class CustomFieldType(StrEnum):
    text = "text"
    number = "number"
    boolean = "boolean"
    date = "date"
    datetime = "datetime"
    single_select = "single_select"
    multi_select = "multi_select"
    url = "url"


class ConsentStatus(StrEnum):
    opted_in = "opted_in"
    opted_out = "opted_out"


class SuppressionKind(StrEnum):
    phone = "phone"
    email = "email"


class ImportStatus(StrEnum):
    uploaded = "uploaded"
    running = "running"
    completed = "completed"
    failed = "failed"
    cancelled = "cancelled"
