"""The interpreter's first host: runs a conversation's bot through the core and performs its
effects with the flows activities, in the order the chatbot always issued them (so histories
recorded before the core existed replay unchanged).

Graphs are not carried in workflow state: a run holds a `FlowRef`, and the graph is loaded once
per workflow run (a local activity) and kept here, in memory, for the rest of the run.
"""

import uuid
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta
from typing import assert_never

from temporalio import workflow
from temporalio.common import RetryPolicy
from temporalio.exceptions import ActivityError

from activities.contracts.flows import (
    AI_CLASSIFY,
    AI_REPLY,
    CALL_HTTP,
    CHANGE_TAG,
    CONTACT_FACTS,
    HAND_OFF,
    LOAD_FLOW_VERSION,
    LOAD_PUBLISHED_FLOW,
    RECORD_FLOW_STEPS,
    SET_CONTACT_FIELD,
    AiClassifyInput,
    AiReplyInput,
    ContactInput,
    HandOffInput,
    HttpInput,
    LoadFlowInput,
    LoadFlowVersionInput,
    RecordStepsInput,
    SetFieldInput,
    TagInput,
)
from workflows.conversation_policies import GRAPH_BY_REFERENCE_PATCH
from workflows.interpreter import effects
from workflows.interpreter.core import advance
from workflows.interpreter.events import (
    AiReplied,
    Classified,
    ContactLoaded,
    FieldSet,
    FlowLoaded,
    HandedOff,
    HttpAnswered,
    Result,
    Rolled,
    Sent,
    TagChanged,
    Trigger,
)
from workflows.interpreter.state import Walk

with workflow.unsafe.imports_passed_through():
    from domain.conversations import ConversationRef, ConversationState
    from domain.flow_runs import FlowRef, FlowRunState, FlowStep, HttpOutcome, PublishedFlow
    from domain.flows import FlowGraph
    from domain.message_content import OutboundContent, unsendable_reason

CRM_RETRY = RetryPolicy(
    initial_interval=timedelta(seconds=1), maximum_interval=timedelta(minutes=1)
)
# An AI or HTTP step may not hold the conversation for long: after these, its `error` output.
CALL_RETRY = RetryPolicy(
    initial_interval=timedelta(seconds=2),
    maximum_interval=timedelta(seconds=30),
    maximum_attempts=4,
)
CRM_TIMEOUT = timedelta(seconds=30)
AI_TIMEOUT = timedelta(seconds=90)

Say = Callable[[OutboundContent], Awaitable[None]]


class ConversationHost:
    """Drives the bot run kept in `state.flow_run`; `say` replies in the conversation."""

    def __init__(self, ref: ConversationRef, state: ConversationState, say: Say) -> None:
        self._ref = ref
        self._state = state
        self._say = say
        self._graphs: dict[FlowRef, FlowGraph] = {}

    def keep(self, flow: PublishedFlow) -> FlowRef:
        """A graph that came with the order (runs recorded before references): kept here."""
        self._graphs[flow.ref] = flow.graph
        return flow.ref

    async def graph(self, ref: FlowRef) -> FlowGraph | None:
        """The graph of `ref`: from memory, or loaded once for this workflow run. None when
        that version is gone or is no longer the graph the run pinned."""
        if ref in self._graphs:
            return self._graphs[ref]
        # Runs that carried their graph have it in memory already: only runs that began on
        # references load, so histories recorded before them never meet this command.
        if not workflow.patched(GRAPH_BY_REFERENCE_PATCH):
            return None
        loaded = await LOAD_FLOW_VERSION.execute_local(
            LoadFlowVersionInput(workspace_id=self._ref.workspace_id, flow=ref),
            start_to_close_timeout=CRM_TIMEOUT,
            retry_policy=CRM_RETRY,
        )
        if loaded is None:
            workflow.logger.warning("flow %s version %s cannot be loaded", ref.flow_id, ref.version)
            return None
        self._graphs[ref] = loaded.graph
        return loaded.graph

    async def run_graph(self, run: FlowRunState) -> FlowGraph | None:
        if run.flow is not None:
            # Carried from before references: moved to memory, so it is never carried on.
            self._graphs[run.flow_ref] = run.flow.graph
            run.flow = None
        return await self.graph(run.flow_ref)

    async def drive(self, trigger: Callable[[datetime], Trigger]) -> None:
        """Walks the run with the event `trigger(now)` until it waits or ends; the run in
        `state` follows every step (a query sees it, continue-as-new carries it)."""
        run = self._state.flow_run
        assert run is not None
        if await self.run_graph(run) is None:
            # Its graph is gone: the run cannot go on.
            self._state.flow_run = None
            return
        walk = Walk(run=run)
        # The clock is read once the graph is here, as when the graph rode in the state.
        event: Trigger | Result | None = trigger(workflow.now())
        while event is not None:
            walk, todo = advance(self._graphs[walk.run.flow_ref], walk, event)
            self._state.flow_run = walk.run
            event = None
            for effect in todo:
                event = await self._perform(effect, walk.run)

    async def _perform(self, effect: effects.Effect, run: FlowRunState) -> Result | None:
        """Does what the core asked; the answer is its next event (None: nothing to answer)."""
        match effect:
            case effects.LoadContact():
                facts = await CONTACT_FACTS.execute(
                    ContactInput(workspace_id=self._ref.workspace_id, contact_id=self._contact()),
                    start_to_close_timeout=CRM_TIMEOUT,
                    retry_policy=CRM_RETRY,
                )
                return ContactLoaded(now=workflow.now(), facts=facts)
            case effects.Send(content=content):
                # Content that cannot go out (empty once its variables were filled, or refused
                # by its schema) is a recorded step outcome, never an exception: one would fail
                # the workflow task again and again, and the conversation would stop for good.
                reason = unsendable_reason(content)
                if reason is not None:
                    return Sent(now=workflow.now(), skipped=reason)
                await self._say(content)
                return Sent(now=workflow.now())
            case effects.SetContactField(field=field, value=value):
                outcome = await SET_CONTACT_FIELD.execute(
                    SetFieldInput(
                        workspace_id=self._ref.workspace_id,
                        contact_id=self._contact(),
                        field=field,
                        value=value,
                    ),
                    start_to_close_timeout=CRM_TIMEOUT,
                    retry_policy=CRM_RETRY,
                )
                return FieldSet(now=workflow.now(), facts=outcome.facts, error=outcome.error)
            case effects.ChangeTag(action=action, tag=tag):
                facts = await CHANGE_TAG.execute(
                    TagInput(
                        workspace_id=self._ref.workspace_id,
                        contact_id=self._contact(),
                        action=action,
                        tag=tag,
                    ),
                    start_to_close_timeout=CRM_TIMEOUT,
                    retry_policy=CRM_RETRY,
                )
                return TagChanged(now=workflow.now(), facts=facts)
            case effects.CallHttp():
                return HttpAnswered(now=workflow.now(), outcome=await self._http(effect))
            case effects.AiReply() | effects.ClassifyIntent():
                return await self._ai(effect)
            case effects.DrawRoll():
                # Drawn where the step runs, as the walk always drew it: replays draw the same.
                return Rolled(now=workflow.now(), roll=workflow.random().uniform(0, 100))
            case effects.JumpToFlow(flow_id=flow_id):
                target = await LOAD_PUBLISHED_FLOW.execute(
                    LoadFlowInput(workspace_id=self._ref.workspace_id, flow_id=flow_id),
                    start_to_close_timeout=CRM_TIMEOUT,
                    retry_policy=CRM_RETRY,
                )
                if target is not None:
                    self.keep(target)
                return FlowLoaded(now=workflow.now(), flow=target)
            case effects.HandOff(team_id=team_id):
                await HAND_OFF.execute(
                    HandOffInput(
                        ref=self._ref, conversation_id=self._conversation(), team_id=team_id
                    ),
                    start_to_close_timeout=CRM_TIMEOUT,
                    retry_policy=CRM_RETRY,
                )
                return HandedOff(now=workflow.now())
            case effects.RecordSteps(flow=flow, steps=steps):
                await self._record(run, flow, steps)
                return None
            case effects.Ended(reason=reason):
                if reason == "loop":
                    workflow.logger.warning("flow %s looped; stopped", run.flow_ref.flow_id)
                return None
            case effects.WaitForAnswer() | effects.WaitUntil():
                # The conversation's loop waits: for the next message, or until `resume_at`.
                return None
            case _:
                assert_never(effect)

    async def _http(self, call: effects.CallHttp) -> HttpOutcome:
        try:
            return await CALL_HTTP.execute(
                HttpInput(workspace_id=self._ref.workspace_id, node=call.node, values=call.values),
                start_to_close_timeout=timedelta(seconds=call.node.timeout_seconds + 10),
                retry_policy=CALL_RETRY,
            )
        except ActivityError as error:
            return HttpOutcome(ok=False, error=_reason(error))

    async def _ai(self, ask: effects.AiReply | effects.ClassifyIntent) -> Result:
        try:
            if isinstance(ask, effects.AiReply):
                reply = await AI_REPLY.execute(
                    AiReplyInput(
                        ref=self._ref,
                        conversation_id=self._conversation(),
                        system_prompt=ask.system_prompt,
                        knowledge=ask.knowledge,
                        history_messages=ask.history_messages,
                    ),
                    start_to_close_timeout=AI_TIMEOUT,
                    retry_policy=CALL_RETRY,
                )
                return AiReplied(
                    now=workflow.now(), text=reply.text, tokens=reply.tokens, error=reply.error
                )
            choice = await AI_CLASSIFY.execute(
                AiClassifyInput(
                    workspace_id=self._ref.workspace_id, text=ask.text, intents=ask.intents
                ),
                start_to_close_timeout=AI_TIMEOUT,
                retry_policy=CALL_RETRY,
            )
            return Classified(now=workflow.now(), intent_id=choice.intent_id, error=choice.error)
        except ActivityError as error:
            # Out of retries (the model stayed unreachable): the step's error branch.
            if isinstance(ask, effects.AiReply):
                return AiReplied(now=workflow.now(), error=_reason(error))
            return Classified(now=workflow.now(), error=_reason(error))

    async def _record(self, run: FlowRunState, flow: FlowRef, steps: list[FlowStep]) -> None:
        info = workflow.info()
        await RECORD_FLOW_STEPS.execute_local(
            RecordStepsInput(
                ref=self._ref,
                conversation_id=self._conversation(),
                flow_run_id=run.flow_run_id,
                flow_id=flow.flow_id,
                flow_version=flow.version,
                workflow_id=info.workflow_id,
                run_id=info.run_id,
                steps=steps,
            ),
            start_to_close_timeout=CRM_TIMEOUT,
            retry_policy=CRM_RETRY,
        )

    def _conversation(self) -> uuid.UUID:
        assert self._state.conversation_id is not None
        return self._state.conversation_id

    def _contact(self) -> uuid.UUID:
        assert self._state.contact_id is not None
        return self._state.contact_id


def _reason(error: ActivityError) -> str:
    return str(error.cause or error)[:300]
