"""The interface every channel implements to send: web chat, WhatsApp, e-mail and SMS."""

import uuid
from collections.abc import Awaitable, Callable
from typing import Protocol

from pydantic import BaseModel

from domain.conversations import MessagePublic
from domain.delivery import ThreadContext
from domain.enums import ChannelKind, MessageStatus
from domain.message_content import MediaContent
from stores.tables.inbox import Attachment


class OutboundDelivery(BaseModel):
    workspace_id: uuid.UUID
    channel_id: uuid.UUID
    contact_key: str
    contact_id: uuid.UUID | None = None
    contact_name: str | None = None
    message: MessagePublic
    thread: ThreadContext = ThreadContext()


class DeliveryReceipt(BaseModel):
    status: MessageStatus
    provider_message_id: str | None = None


class DeliveryFailed(Exception):
    """A send did not go through.

    `permanent`: retrying cannot help (the agent must act; `agent_message` says how).
    `maybe_sent`: the request may have reached the provider before the failure, so a blind
    retry could deliver twice. `retry_after`: the provider's hint, in seconds.
    """

    def __init__(
        self,
        message: str,
        *,
        permanent: bool,
        agent_message: str,
        code: str | None = None,
        retry_after: float | None = None,
        maybe_sent: bool = False,
    ) -> None:
        super().__init__(message)
        self.permanent = permanent
        self.agent_message = agent_message
        self.code = code
        self.retry_after = retry_after
        self.maybe_sent = maybe_sent


# The one provider call a prepared send makes; raises `DeliveryFailed`, whose `maybe_sent`
# says whether the request may have reached the provider.
SendCall = Callable[[], Awaitable[DeliveryReceipt]]


class ChannelAdapter(Protocol):
    kind: ChannelKind
    resend_safe: bool
    """True when a repeated send cannot reach the contact twice (the provider deduplicates by
    our message id, or the receiver absorbs duplicates): a send whose outcome is unknown may
    then simply be retried. False: the send ledger waits for the provider's status instead."""

    async def prepare(self, delivery: OutboundDelivery) -> SendCall:
        """Everything a send needs short of sending (credentials, uploads, rendering), and the
        provider call that sends it. Its `DeliveryFailed` proves nothing was sent: the send
        ledger is marked between the two, so a crash before the call leaves no mark."""
        ...


class MediaUnavailable(Exception):
    """A contact's file cannot be fetched, now or later; `reason` is worded for an agent."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class MediaNotReady(Exception):
    """Fetching a contact's file failed for now (provider busy, network); try again later."""

    def __init__(self, message: str, *, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class InboundMediaFetcher(Protocol):
    async def fetch(
        self, workspace_id: uuid.UUID, channel_id: uuid.UUID, media: MediaContent
    ) -> Attachment:
        """Copies the file into our storage; raises `MediaUnavailable` or `MediaNotReady`."""
        ...
