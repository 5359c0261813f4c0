"""One durable workflow per conversation: a contact on a channel of a workspace.

Signals:
    receive_message(InboundMessage): the contact wrote; stored once per client message id.
    send_reply(AgentReply): an agent answered; stored and delivered once per message id.
    schedule_wake(SnoozeWake): the conversation was snoozed until a time (or no longer is).
Queries:
    get_state() -> ConversationSnapshot

Timers it keeps: WhatsApp's 24-hour customer-service window (free-form replies are refused once
it closes, and the inboxes are told when it does), the end of a snooze, and the idle timeout.
"""

from collections import deque
from datetime import datetime, timedelta
from functools import partial

from temporalio import workflow
from temporalio.exceptions import ActivityError

from activities.contracts.conversations import (
    ANNOUNCE_CONVERSATION,
    DELIVER_REPLY,
    FETCH_INBOUND_MEDIA,
    MARK_REPLY_FAILED,
    RECORD_INBOUND_MESSAGE,
    WAKE_SNOOZED,
    ConversationNoticeInput,
    DeliverReplyInput,
    FetchMediaInput,
    MarkReplyFailedInput,
    RecordInboundInput,
    RecordInboundResult,
    WakeSnoozedInput,
)
from activities.contracts.flows import OPEN_CONVERSATION, OpenConversationInput
from temporal import search_attributes
from temporal.names import (
    CONVERSATION_WORKFLOW,
    GET_STATE_QUERY,
    RECEIVE_MESSAGE_SIGNAL,
    SCHEDULE_WAKE_SIGNAL,
    SEND_REPLY_SIGNAL,
    SET_MODE_SIGNAL,
    START_FLOW_SIGNAL,
)
from workflows.conversation_deadlines import (
    flow_due,
    flow_waits,
    next_deadline,
    snooze_due,
    window_close_due,
    window_closes_at,
)
from workflows.conversation_host import ConversationHost
from workflows.conversation_policies import (
    CONTINUE_PER_EVENT_PATCH,
    FLOWS_PATCH,
    LONG_WAITS_PATCH,
    MEDIA_RETRY,
    RECENT_IDS_KEPT,
    SEND_HEARTBEAT_TIMEOUT,
    SEND_RETRY,
    STORE_RETRY,
    TIMERS_PATCH,
    WINDOW_CLOSED,
    WINDOW_CLOSED_CODE,
)
from workflows.interpreter.core import new_run
from workflows.interpreter.events import Answer, Begin, Deadline

with workflow.unsafe.imports_passed_through():
    from domain.conversations import (
        AgentReply,
        ConversationInput,
        ConversationSnapshot,
        ConversationState,
        InboundMessage,
        ModeChange,
        PendingEvent,
        SnoozeWake,
        StartFlow,
        needs_open_window,
        window_open,
    )
    from domain.enums import ConversationMode
    from domain.flow_runs import FlowRef, PublishedFlow
    from domain.message_content import MediaContent, OutboundContent, summary
    from domain.send_consent import conversation_send_purpose

Event = InboundMessage | AgentReply | StartFlow


@workflow.defn(name=CONVERSATION_WORKFLOW)
class ConversationWorkflow:
    @workflow.init
    def __init__(self, input: ConversationInput) -> None:
        self._ref = input.ref
        self._state = input.state
        self._events_per_run = input.events_per_run
        self._pending: deque[Event] = deque(pending.event() for pending in input.pending)
        self._replan = False
        # The bot's interpreter host; it keeps the flow graphs of this run in memory.
        self._bot = ConversationHost(self._ref, self._state, self._bot_says)

    @workflow.signal(name=RECEIVE_MESSAGE_SIGNAL)
    def receive_message(self, message: InboundMessage) -> None:
        # Signals only enqueue; the main loop handles events one at a time, in arrival order.
        self._pending.append(message)

    @workflow.signal(name=SEND_REPLY_SIGNAL)
    def send_reply(self, reply: AgentReply) -> None:
        self._pending.append(reply)

    @workflow.signal(name=START_FLOW_SIGNAL)
    def start_flow(self, start: StartFlow) -> None:
        self._pending.append(start)

    @workflow.signal(name=SET_MODE_SIGNAL)
    def set_mode(self, change: ModeChange) -> None:
        # Applied at once, not queued behind messages: an agent taking over stops the bot now,
        # and its pending delay or question timeout can no longer send anything.
        if change.mode is ConversationMode.human and self._state.flow_run is not None:
            self._state.flow_run = None
            self._replan = True

    @workflow.signal(name=SCHEDULE_WAKE_SIGNAL)
    def schedule_wake(self, wake: SnoozeWake) -> None:
        self._state.snoozed_until = wake.until
        if self._state.conversation_id is None:
            self._state.conversation_id = wake.conversation_id
        # The main loop's timer was set for the old deadlines.
        self._replan = True

    @workflow.query(name=GET_STATE_QUERY)
    def get_state(self) -> ConversationSnapshot:
        return ConversationSnapshot(
            ref=self._ref, state=self._state, pending_events=len(self._pending)
        )

    @workflow.run
    async def run(self, input: ConversationInput) -> ConversationState:
        handled_this_run = 0
        idle_since = workflow.now()
        while True:
            woke = await self._wait_for_event(idle_since)
            if self._replan:
                self._replan = False
            if not woke:
                if await self._run_due_timers():
                    # Timer-driven progress (a flow looping through delays) grows the history
                    # too, with no message ever arriving.
                    if workflow.patched(CONTINUE_PER_EVENT_PATCH):
                        handled_this_run += 1
                        if self._history_long(handled_this_run):
                            await self._continue_as_new()
                    continue
                if self._replan_pending(idle_since):
                    continue
                return self._state
            idle_since = workflow.now()
            while self._pending:
                event = self._pending.popleft()
                if isinstance(event, InboundMessage):
                    await self._handle_inbound(event)
                elif isinstance(event, StartFlow):
                    await self._handle_start_flow(event)
                else:
                    await self._handle_reply(event)
                handled_this_run += 1
                # Decided after each event: under a steady stream the queue never empties, and
                # waiting for it would run into Temporal's limits (10,000 signals, 51,200
                # events), losing what was queued. The events not handled yet go along.
                if self._history_long(handled_this_run) and workflow.patched(
                    CONTINUE_PER_EVENT_PATCH
                ):
                    await self._continue_as_new()
            if self._history_long(handled_this_run):
                # Runs from before the patch continue only with an empty queue.
                await workflow.wait_condition(workflow.all_handlers_finished)
                if not self._pending:
                    await self._continue_as_new()

    def _history_long(self, handled_this_run: int) -> bool:
        return (
            handled_this_run >= self._events_per_run
            or workflow.info().is_continue_as_new_suggested()
        )

    async def _continue_as_new(self) -> None:
        # Handlers still running finish first; signals only enqueue, so every event that came
        # is in `_pending`, and the next run handles those first, in the order they came.
        await workflow.wait_condition(workflow.all_handlers_finished)
        workflow.continue_as_new(
            ConversationInput(
                ref=self._ref,
                state=self._state,
                events_per_run=self._events_per_run,
                pending=[PendingEvent.of(event) for event in self._pending],
            )
        )

    def _next_deadline(self, idle_since: datetime) -> datetime:
        # A bot's long wait keeps the conversation (a 45-day delay, a 90-day timeout), which
        # the idle end used to drop without a trace; `patched` is asked exactly when it matters.
        keeps_alive = (
            flow_waits(self._state)
            and self._state.snoozed_until is None
            and workflow.patched(LONG_WAITS_PATCH)
        )
        return next_deadline(
            self._ref.channel_kind, self._state, idle_since, flow_wait_keeps_alive=keeps_alive
        )

    def _replan_pending(self, idle_since: datetime) -> bool:
        """A timer is still ahead (a snooze longer than the idle timeout): keep running."""
        return self._next_deadline(idle_since) > workflow.now()

    async def _wait_for_event(self, idle_since: datetime) -> bool:
        """True when an event is pending; False when a deadline came first or moved."""
        timeout = max(self._next_deadline(idle_since) - workflow.now(), timedelta(seconds=1))
        try:
            await workflow.wait_condition(
                lambda: bool(self._pending) or self._replan, timeout=timeout
            )
        except TimeoutError:
            return False
        return bool(self._pending)

    async def _run_due_timers(self) -> bool:
        """Acts on every timer that is due; False when none was (the idle timeout ended it)."""
        now = workflow.now()
        acted = False
        if flow_due(self._state, now):
            await self._bot.drive(Deadline)
            self._end_finished_run()
            acted = True
        if window_close_due(self._ref.channel_kind, self._state, now):
            self._state.window_closed_announced = True
            if self._state.conversation_id is not None and workflow.patched(TIMERS_PATCH):
                await ANNOUNCE_CONVERSATION.execute(
                    ConversationNoticeInput(
                        ref=self._ref, conversation_id=self._state.conversation_id
                    ),
                    start_to_close_timeout=timedelta(seconds=30),
                    retry_policy=STORE_RETRY,
                )
            acted = True
        snoozed_until = self._state.snoozed_until
        if snooze_due(self._state, now) and snoozed_until is not None:
            self._state.snoozed_until = None
            if self._state.conversation_id is not None and workflow.patched(TIMERS_PATCH):
                await WAKE_SNOOZED.execute(
                    WakeSnoozedInput(
                        ref=self._ref,
                        conversation_id=self._state.conversation_id,
                        until=snoozed_until,
                    ),
                    start_to_close_timeout=timedelta(seconds=30),
                    retry_policy=STORE_RETRY,
                )
            acted = True
        return acted

    async def _bot_says(self, content: OutboundContent) -> None:
        assert self._state.conversation_id is not None
        reply = AgentReply(
            message_id=workflow.uuid4(),
            conversation_id=self._state.conversation_id,
            author_user_id=None,
            text=summary(content)[:4096] or content.kind,
            requested_at=workflow.now(),
            content=content,
        )
        await self._handle_reply(reply)

    async def _bot_reacts(self, message: InboundMessage, result: RecordInboundResult) -> None:
        """Starts a flow, feeds a waiting question, or lets the agents have the conversation."""
        run = self._state.flow_run
        if run is not None and result.mode != ConversationMode.bot:
            # An agent took the conversation over: the bot lets go.
            self._state.flow_run = None
            return
        if run is not None and run.waiting_for_answer:
            await self._bot.drive(partial(Answer, text=message.text))
        elif (
            run is None
            and (result.flow_ref is not None or result.flow is not None)
            and workflow.patched(FLOWS_PATCH)
        ):
            await self._begin_run(result.flow_ref, result.flow, message.text)
        else:
            return
        self._end_finished_run()

    async def _begin_run(
        self, ref: FlowRef | None, carried: PublishedFlow | None, message_text: str
    ) -> None:
        """Starts a run of the flow `ref` names (or of the graph an older order carried)."""
        if carried is not None:
            ref = self._bot.keep(carried)
        assert ref is not None
        graph = await self._bot.graph(ref)
        if graph is None:
            return
        self._state.flow_run = new_run(workflow.uuid4(), ref, graph)
        await self._bot.drive(partial(Begin, message_text=message_text))

    async def _handle_start_flow(self, start: StartFlow) -> None:
        """A flow started from outside: it waits for no message, and never interrupts a run."""
        if self._state.flow_run is not None or not workflow.patched(FLOWS_PATCH):
            workflow.logger.info("flow %s not started: a bot run is active", start.target.flow_id)
            return
        if start.flow is not None:
            self._bot.keep(start.flow)
        elif await self._bot.graph(start.target) is None:
            # That version is gone: no conversation is opened for a flow that cannot run.
            return
        opened = await OPEN_CONVERSATION.execute(
            OpenConversationInput(
                ref=self._ref,
                workflow_id=workflow.info().workflow_id,
                contact_id=start.contact_id,
            ),
            start_to_close_timeout=timedelta(seconds=30),
            retry_policy=STORE_RETRY,
        )
        if opened is None:
            return
        self._state.conversation_id = opened.conversation_id
        self._state.contact_id = opened.contact_id
        await self._begin_run(start.target, start.flow, "")
        self._end_finished_run()

    def _end_finished_run(self) -> None:
        run = self._state.flow_run
        if run is not None and run.current_node is None:
            self._state.flow_run = None

    def _window_open(self) -> bool:
        closes_at = window_closes_at(self._ref.channel_kind, self._state)
        return window_open(closes_at, workflow.now())

    async def _handle_inbound(self, message: InboundMessage) -> None:
        if message.client_message_id in self._state.recent_inbound_ids:
            return
        # A local activity: a row insert on our own database does not need a round trip
        # through the Temporal server (bench/: p50 115 -> 72 ms at 40 messages/s).
        result = await RECORD_INBOUND_MESSAGE.execute_local(
            RecordInboundInput(
                ref=self._ref,
                workflow_id=workflow.info().workflow_id,
                message=message,
                find_flow=self._state.flow_run is None,
                handling=f"{workflow.info().run_id}/{message.client_message_id}",
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
        if result.duplicate:
            return
        self._state.messages_handled += 1
        last = self._state.last_inbound_at
        if last is None or last < message.received_at:
            self._state.last_inbound_at = message.received_at
            self._state.window_closed_announced = False
        await self._bot_reacts(message, result)
        media = message.content
        if (
            isinstance(media, MediaContent)
            and media.provider_media_id
            and workflow.patched(TIMERS_PATCH)
        ):
            # After the message is stored and shown: the file follows when it has arrived.
            await FETCH_INBOUND_MEDIA.execute(
                FetchMediaInput(ref=self._ref, message_id=result.message_id, media=media),
                start_to_close_timeout=timedelta(minutes=5),
                retry_policy=MEDIA_RETRY,
            )

    async def _handle_reply(self, reply: AgentReply) -> None:
        if reply.message_id in self._state.recent_reply_ids:
            return
        if needs_open_window(self._ref.channel_kind, reply.content) and not self._window_open():
            await MARK_REPLY_FAILED.execute(
                MarkReplyFailedInput(
                    ref=self._ref, reply=reply, code=WINDOW_CLOSED_CODE, reason=WINDOW_CLOSED
                ),
                start_to_close_timeout=timedelta(seconds=30),
                retry_policy=STORE_RETRY,
            )
            self._remember_reply(reply)
            return
        try:
            purpose = conversation_send_purpose(
                reply.author_user_id, self._state.last_inbound_at, workflow.now()
            )
            await DELIVER_REPLY.execute(
                DeliverReplyInput(ref=self._ref, reply=reply, purpose=purpose),
                start_to_close_timeout=timedelta(seconds=60),
                heartbeat_timeout=SEND_HEARTBEAT_TIMEOUT,
                retry_policy=SEND_RETRY,
            )
        except ActivityError as error:
            # Out of retries: the agent must see the reply failed (or unconfirmed, if an attempt
            # may have sent it) rather than queued forever.
            workflow.logger.warning("reply %s failed: %s", reply.message_id, error.cause)
            await MARK_REPLY_FAILED.execute(
                MarkReplyFailedInput(ref=self._ref, reply=reply),
                start_to_close_timeout=timedelta(seconds=30),
                retry_policy=STORE_RETRY,
            )
        self._remember_reply(reply)

    def _remember_reply(self, reply: AgentReply) -> None:
        self._state.recent_reply_ids = [*self._state.recent_reply_ids, reply.message_id][
            -RECENT_IDS_KEPT:
        ]
        self._state.messages_handled += 1

    def _remember_inbound(self, client_message_id: str) -> None:
        self._state.recent_inbound_ids = [*self._state.recent_inbound_ids, client_message_id][
            -RECENT_IDS_KEPT:
        ]
