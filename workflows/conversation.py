"""One durable workflow per conversation: a contact on a channel of a workspace.

Signals:
    receive_message(InboundMessage): the contact wrote; stored once per client message id.
    send_reply(AgentReply): an agent answered; stored and delivered once per message id.
Queries:
    get_state() -> ConversationSnapshot
"""

from collections import deque
from datetime import timedelta

from temporalio import workflow
from temporalio.common import RetryPolicy
from temporalio.exceptions import ActivityError

with workflow.unsafe.imports_passed_through():
    from activities.conversations import (
        ConversationActivities,
        DeliverReplyInput,
        MarkReplyFailedInput,
        RecordInboundInput,
    )
    from domain.conversations import (
        AgentReply,
        ConversationInput,
        ConversationSnapshot,
        ConversationState,
        InboundMessage,
    )
    from temporal import search_attributes
    from temporal.names import (
        CONVERSATION_WORKFLOW,
        GET_STATE_QUERY,
        RECEIVE_MESSAGE_SIGNAL,
        SEND_REPLY_SIGNAL,
    )

# Enough to recognise a client's retries, small enough to keep the state (and history) light.
RECENT_IDS_KEPT = 200
# A conversation silent this long ends its run; the next message starts a new one.
IDLE_TIMEOUT = timedelta(days=30)

STORE_RETRY = RetryPolicy(
    initial_interval=timedelta(seconds=1), maximum_interval=timedelta(seconds=30)
)
SEND_RETRY = RetryPolicy(
    initial_interval=timedelta(seconds=1),
    maximum_interval=timedelta(minutes=1),
    maximum_attempts=20,
)

Event = InboundMessage | AgentReply


@workflow.defn(name=CONVERSATION_WORKFLOW)
class ConversationWorkflow:
    @workflow.init
    def __init__(self, input: ConversationInput) -> None:
        self._ref = input.ref
        self._state = input.state
        self._events_per_run = input.events_per_run
        self._pending: deque[Event] = deque()

    @workflow.signal(name=RECEIVE_MESSAGE_SIGNAL)
    def receive_message(self, message: InboundMessage) -> None:
        # Signals only enqueue; the main loop handles events one at a time, in arrival order.
        self._pending.append(message)

    @workflow.signal(name=SEND_REPLY_SIGNAL)
    def send_reply(self, reply: AgentReply) -> None:
        self._pending.append(reply)

    @workflow.query(name=GET_STATE_QUERY)
    def get_state(self) -> ConversationSnapshot:
        return ConversationSnapshot(
            ref=self._ref, state=self._state, pending_events=len(self._pending)
        )

    @workflow.run
    async def run(self, input: ConversationInput) -> ConversationState:
        handled_this_run = 0
        while True:
            woke = await self._wait_for_event()
            if not woke:
                return self._state
            while self._pending:
                event = self._pending.popleft()
                if isinstance(event, InboundMessage):
                    await self._handle_inbound(event)
                else:
                    await self._handle_reply(event)
                handled_this_run += 1
            if (
                handled_this_run >= self._events_per_run
                or workflow.info().is_continue_as_new_suggested()
            ):
                await workflow.wait_condition(workflow.all_handlers_finished)
                # Signals that arrived meanwhile are handled first, or they would be lost.
                if not self._pending:
                    workflow.continue_as_new(
                        ConversationInput(
                            ref=self._ref, state=self._state, events_per_run=self._events_per_run
                        )
                    )

    async def _wait_for_event(self) -> bool:
        try:
            await workflow.wait_condition(lambda: bool(self._pending), timeout=IDLE_TIMEOUT)
        except TimeoutError:
            return False
        return True

    async def _handle_inbound(self, message: InboundMessage) -> None:
        if message.client_message_id in self._state.recent_inbound_ids:
            return
        # A local activity: a row insert on our own database does not need a round trip
        # through the Temporal server (bench/: p50 115 -> 72 ms at 40 messages/s).
        result = await workflow.execute_local_activity_method(
            ConversationActivities.record_inbound_message,
            RecordInboundInput(
                ref=self._ref, workflow_id=workflow.info().workflow_id, message=message
            ),
            start_to_close_timeout=timedelta(seconds=30),
            retry_policy=STORE_RETRY,
        )
        self._remember_inbound(message.client_message_id)
        if self._state.contact_id != result.contact_id:
            self._state.contact_id = result.contact_id
            workflow.upsert_search_attributes(
                [search_attributes.CONTACT.value_set(str(result.contact_id))]
            )
        self._state.conversation_id = result.conversation_id
        if not result.duplicate:
            self._state.messages_handled += 1

    async def _handle_reply(self, reply: AgentReply) -> None:
        if reply.message_id in self._state.recent_reply_ids:
            return
        try:
            await workflow.execute_activity_method(
                ConversationActivities.deliver_reply,
                DeliverReplyInput(ref=self._ref, reply=reply),
                start_to_close_timeout=timedelta(seconds=30),
                retry_policy=SEND_RETRY,
            )
        except ActivityError as error:
            # Out of retries: the agent must see the reply failed rather than queued forever.
            workflow.logger.warning("reply %s failed: %s", reply.message_id, error.cause)
            await workflow.execute_activity_method(
                ConversationActivities.mark_reply_failed,
                MarkReplyFailedInput(ref=self._ref, reply=reply),
                start_to_close_timeout=timedelta(seconds=30),
                retry_policy=STORE_RETRY,
            )
        self._state.recent_reply_ids = [*self._state.recent_reply_ids, reply.message_id][
            -RECENT_IDS_KEPT:
        ]
        self._state.messages_handled += 1

    def _remember_inbound(self, client_message_id: str) -> None:
        self._state.recent_inbound_ids = [*self._state.recent_inbound_ids, client_message_id][
            -RECENT_IDS_KEPT:
        ]
