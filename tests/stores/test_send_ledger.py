"""The send ledger on each database: a mark is cleared only by the attempt that made it, and the
new outcomes (`unconfirmed`, `skipped`) follow the forward-only status rules."""

import uuid
from datetime import timedelta

from domain.conversations import AgentReply, ConversationRef, InboundMessage
from domain.enums import ChannelKind, MessageStatus
from domain.timeutil import utcnow
from stores.conversations.delivery_statuses import may_replace
from stores.conversations.send_ledger import SendLedger, SendStep
from stores.conversations.store import ConversationStore
from tests.factories import create_workspace
from tests.support.databases import Sessions

S = MessageStatus


async def _queued(sessions: Sessions) -> tuple[uuid.UUID, uuid.UUID]:
    account = await create_workspace(sessions)
    store = ConversationStore(sessions)
    ref = ConversationRef(
        workspace_id=account.workspace_id,
        channel_id=account.channel_id,
        channel_kind=ChannelKind.webchat,
        contact_key=uuid.uuid4().hex,
    )
    recorded = await store.record_inbound(
        ref,
        f"test/{uuid.uuid4()}",
        InboundMessage(client_message_id="in", text="oi", received_at=utcnow()),
    )
    reply = AgentReply(
        message_id=uuid.uuid4(),
        conversation_id=recorded.conversation.id,
        author_user_id=account.user_id,
        text="olá",
        requested_at=utcnow(),
    )
    await store.record_outbound(account.workspace_id, reply)
    return account.workspace_id, reply.message_id


async def test_only_the_attempt_that_marked_may_clear_the_mark(sessions: Sessions) -> None:
    ledger = SendLedger(sessions)
    workspace_id, message_id = await _queued(sessions)
    mine = utcnow()
    assert (await ledger.begin(workspace_id, message_id, mine, resend_safe=False)).step is (
        SendStep.send
    )
    # An attempt that made no mark (or another mark) leaves it: a parallel attempt may be in its
    # provider call right now.
    await ledger.not_sent(workspace_id, message_id, attempt=None)
    await ledger.not_sent(workspace_id, message_id, attempt=mine - timedelta(seconds=1))
    assert (await ledger.prior(workspace_id, message_id)).step is SendStep.unconfirmed
    await ledger.not_sent(workspace_id, message_id, attempt=mine)
    assert (await ledger.prior(workspace_id, message_id)).step is SendStep.send


def test_unconfirmed_is_settled_by_any_provider_status_and_skipped_is_final() -> None:
    for later in (S.sent, S.delivered, S.read, S.failed):
        assert may_replace(S.unconfirmed, later)
    assert may_replace(S.queued, S.unconfirmed) and not may_replace(S.sent, S.unconfirmed)
    assert may_replace(S.queued, S.skipped)
    for later in S:
        assert not may_replace(S.skipped, later)
