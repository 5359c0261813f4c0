"""E-mail as a conversation channel on a workspace's SendGrid account.

Separate from `adapters/email` (the account mailer for invitations and password resets): this
one sends as the workspace's own sender identity, threads replies, carries unsubscribe links,
and reads SendGrid's Inbound Parse and Event Webhook deliveries.
"""

from providers.sendgrid.client import (
    OutboundEmail,
    SenderIdentity,
    SendGridChannelConfig,
    SendGridEmailChannel,
    SentEmail,
)
from providers.sendgrid.errors import (
    EmailChannelError,
    InvalidWebhookSignature,
    MalformedWebhook,
    PermanentEmailError,
    RetryableEmailError,
    WebhookRefused,
)
from providers.sendgrid.unsubscribe import (
    InvalidUnsubscribeToken,
    UnsubscribeSigner,
    UnsubscribeTarget,
)
from providers.sendgrid.webhooks import (
    EmailEvent,
    EmailEventType,
    EventWebhookVerifier,
    InboundAttachment,
    InboundEmail,
    new_inbound_secret,
    parse_events,
    parse_inbound,
    verify_inbound_secret,
)

__all__ = [
    "EmailChannelError",
    "EmailEvent",
    "EmailEventType",
    "EventWebhookVerifier",
    "InboundAttachment",
    "InboundEmail",
    "InvalidUnsubscribeToken",
    "InvalidWebhookSignature",
    "MalformedWebhook",
    "OutboundEmail",
    "PermanentEmailError",
    "RetryableEmailError",
    "SendGridChannelConfig",
    "SendGridEmailChannel",
    "SenderIdentity",
    "SentEmail",
    "UnsubscribeSigner",
    "UnsubscribeTarget",
    "WebhookRefused",
    "new_inbound_secret",
    "parse_events",
    "parse_inbound",
    "verify_inbound_secret",
]
