"""WhatsApp Cloud API: webhook handshake, signature and parsing; a Graph API client; its errors."""

from providers.whatsapp.client import (
    MediaDownload,
    MessageTemplate,
    SentMessage,
    WhatsAppClient,
    WhatsAppCredentials,
)
from providers.whatsapp.errors import WhatsAppError, WhatsAppPermanentError, WhatsAppRetryableError
from providers.whatsapp.models import (
    InboundMessage,
    StatusUpdate,
    TemplateStatusUpdate,
    WhatsAppNotification,
)
from providers.whatsapp.outbound import (
    ButtonsMessage,
    ListMessage,
    ListRow,
    ListSection,
    MediaRef,
    ReplyButton,
    TemplateButton,
    TemplateMessage,
)
from providers.whatsapp.webhooks import (
    WebhookPayloadError,
    WebhookSignatureError,
    WebhookVerificationError,
    answer_verification,
    parse_notification,
    verified_notification,
    verify_signature,
)

__all__ = [
    "ButtonsMessage",
    "InboundMessage",
    "ListMessage",
    "ListRow",
    "ListSection",
    "MediaDownload",
    "MediaRef",
    "MessageTemplate",
    "ReplyButton",
    "SentMessage",
    "StatusUpdate",
    "TemplateButton",
    "TemplateMessage",
    "TemplateStatusUpdate",
    "WebhookPayloadError",
    "WebhookSignatureError",
    "WebhookVerificationError",
    "WhatsAppClient",
    "WhatsAppCredentials",
    "WhatsAppError",
    "WhatsAppNotification",
    "WhatsAppPermanentError",
    "WhatsAppRetryableError",
    "answer_verification",
    "parse_notification",
    "verified_notification",
    "verify_signature",
]
