"""SendGrid on the wire: Mail Send (`SendGridClient`, one for every e-mail Fluxo sends), the
e-mail channel's messages on a workspace's own account (sender identity, threading, unsubscribe
links), and SendGrid's Inbound Parse and Event Webhook deliveries.

Account mail (invitations, password resets) goes through the same client, from
`channels/email/account_mail.py`.
"""

from providers.sendgrid.client import (
    OutboundEmail,
    SenderIdentity,
    SendGridChannelConfig,
    SendGridClient,
    SendGridEmailChannel,
    SentEmail,
    plain_mail,
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
    "SendGridClient",
    "SendGridEmailChannel",
    "SenderIdentity",
    "SentEmail",
    "UnsubscribeSigner",
    "UnsubscribeTarget",
    "WebhookRefused",
    "new_inbound_secret",
    "parse_events",
    "parse_inbound",
    "plain_mail",
    "verify_inbound_secret",
]
