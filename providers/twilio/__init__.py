"""SMS through a Twilio-compatible Messages REST API: sends, webhooks, errors, keywords."""

from providers.twilio.client import (
    OutgoingSms,
    SentSms,
    SmsSender,
    TwilioCredentials,
    TwilioSmsClient,
)
from providers.twilio.errors import PermanentReason, SmsError, SmsPermanentError, SmsRetryableError
from providers.twilio.keywords import KeywordAction, KeywordDecision, classify_keyword
from providers.twilio.statuses import map_status
from providers.twilio.webhooks import (
    InboundMedia,
    InboundSms,
    InvalidSignatureError,
    MalformedWebhookError,
    SmsStatusUpdate,
    WebhookError,
    public_url,
    read_inbound,
    read_status_callback,
    verify_signature,
)

__all__ = [
    "InboundMedia",
    "InboundSms",
    "InvalidSignatureError",
    "KeywordAction",
    "KeywordDecision",
    "MalformedWebhookError",
    "OutgoingSms",
    "PermanentReason",
    "SentSms",
    "SmsError",
    "SmsPermanentError",
    "SmsRetryableError",
    "SmsSender",
    "SmsStatusUpdate",
    "TwilioCredentials",
    "TwilioSmsClient",
    "WebhookError",
    "classify_keyword",
    "map_status",
    "public_url",
    "read_inbound",
    "read_status_callback",
    "verify_signature",
]
