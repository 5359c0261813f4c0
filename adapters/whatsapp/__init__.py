"""WhatsApp Cloud API: webhook handshake, signature and parsing; a Graph API client; its errors."""

from adapters.whatsapp.client import (
    MediaDownload,
    MessageTemplate,
    SentMessage,
    WhatsAppClient,
    WhatsAppCredentials,
)
from adapters.whatsapp.errors import WhatsAppError, WhatsAppPermanentError, WhatsAppRetryableError
from adapters.whatsapp.models import (
    InboundMessage,
    StatusUpdate,
    TemplateStatusUpdate,
    WhatsAppNotification,
)
from adapters.whatsapp.outbound import (
    ButtonsMessage,
    ListMessage,
    ListRow,
    ListSection,
    MediaRef,
    ReplyButton,
    TemplateButton,
    TemplateMessage,
)
from adapters.whatsapp.webhooks import (
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
