"""How the API hands work to a conversation's workflow: always signal-with-start.

Signal-with-start starts the workflow when it is not running (a first message, or a conversation
whose run ended after a long silence) and signals it otherwise; the id is the business key, so
any number of API processes agree on the one workflow. A request is acknowledged only after
Temporal has accepted the signal, which is what makes the hand-off durable.
"""

import uuid

from temporalio.client import Client
from temporalio.common import SearchAttributePair, TypedSearchAttributes
from temporalio.service import RPCError, RPCStatusCode

from domain.conversations import (
    AgentReply,
    ConversationInput,
    ConversationPublic,
    ConversationRef,
    InboundMessage,
    MessagePublic,
    ModeChange,
    SnoozeWake,
    StartFlow,
)
from domain.enums import MessageDirection, MessageStatus
from domain.message_content import OutboundContent, TextContent, summary
from domain.timeutil import utcnow
from temporal import search_attributes
from temporal.ids import conversation_workflow_id
from temporal.names import (
    CONVERSATION_WORKFLOW,
    RECEIVE_MESSAGE_SIGNAL,
    SCHEDULE_WAKE_SIGNAL,
    SEND_REPLY_SIGNAL,
    SET_MODE_SIGNAL,
    START_FLOW_SIGNAL,
)


async def _signal_with_start(
    client: Client, task_queue: str, ref: ConversationRef, signal: str, payload: object
) -> None:
    await client.start_workflow(
        CONVERSATION_WORKFLOW,
        ConversationInput(ref=ref),
        id=conversation_workflow_id(ref.workspace_id, ref.channel_id, ref.contact_key),
        task_queue=task_queue,
        start_signal=signal,
        start_signal_args=[payload],
        search_attributes=TypedSearchAttributes(
            [
                SearchAttributePair(search_attributes.WORKSPACE, str(ref.workspace_id)),
                SearchAttributePair(search_attributes.CHANNEL, ref.channel_kind.value),
                SearchAttributePair(search_attributes.KIND, search_attributes.KIND_CONVERSATION),
            ]
        ),
    )


async def receive_message(
    client: Client, task_queue: str, ref: ConversationRef, message: InboundMessage
) -> None:
    await _signal_with_start(client, task_queue, ref, RECEIVE_MESSAGE_SIGNAL, message)


def conversation_ref(workspace_id: uuid.UUID, conversation: ConversationPublic) -> ConversationRef:
    return ConversationRef(
        workspace_id=workspace_id,
        channel_id=conversation.channel_id,
        channel_kind=conversation.channel_kind,
        contact_key=conversation.contact_key,
    )


async def schedule_wake(
    client: Client, task_queue: str, workspace_id: uuid.UUID, conversation: ConversationPublic
) -> None:
    """Tells the conversation's workflow when its snooze ends (None: no wake-up any more).

    The database already holds the new status; the workflow only keeps the durable timer."""
    wake = SnoozeWake(conversation_id=conversation.id, until=conversation.snoozed_until)
    ref = conversation_ref(workspace_id, conversation)
    await _signal_with_start(client, task_queue, ref, SCHEDULE_WAKE_SIGNAL, wake)


async def set_mode(
    client: Client, workspace_id: uuid.UUID, conversation: ConversationPublic
) -> None:
    """Tells the conversation's workflow who answers now (the database already says so).
    No workflow running means no bot to stop: nothing is started for that."""
    change = ModeChange(conversation_id=conversation.id, mode=conversation.mode)
    ref = conversation_ref(workspace_id, conversation)
    workflow_id = conversation_workflow_id(ref.workspace_id, ref.channel_id, ref.contact_key)
    try:
        await client.get_workflow_handle(workflow_id).signal(SET_MODE_SIGNAL, change)
    except RPCError as error:
        if error.status is not RPCStatusCode.NOT_FOUND:
            raise


async def start_flow(
    client: Client, task_queue: str, ref: ConversationRef, start: StartFlow
) -> str:
    """Hands a flow to the contact's conversation on this channel; returns its workflow id."""
    await _signal_with_start(client, task_queue, ref, START_FLOW_SIGNAL, start)
    return conversation_workflow_id(ref.workspace_id, ref.channel_id, ref.contact_key)


async def send_reply(
    client: Client,
    task_queue: str,
    workspace_id: uuid.UUID,
    conversation: ConversationPublic,
    author_user_id: uuid.UUID | None,
    content: OutboundContent,
) -> MessagePublic:
    """Queues a reply and returns it as it will be stored."""
    reply = AgentReply(
        message_id=uuid.uuid4(),
        conversation_id=conversation.id,
        author_user_id=author_user_id,
        text=summary(content)[:4096] or content.kind,
        requested_at=utcnow(),
        content=None if isinstance(content, TextContent) and not content.subject else content,
    )
    ref = conversation_ref(workspace_id, conversation)
    await _signal_with_start(client, task_queue, ref, SEND_REPLY_SIGNAL, reply)
    return MessagePublic(
        id=reply.message_id,
        conversation_id=conversation.id,
        direction=MessageDirection.outbound,
        text=reply.text,
        content=reply.content,
        status=MessageStatus.queued,
        status_at=reply.requested_at,
        client_message_id=str(reply.message_id),
        author_user_id=author_user_id,
        created_at=reply.requested_at,
    )
