"""The chatbot interpreter, run inside the conversation's workflow.

It walks the pinned flow version node by node; every side effect (a send, a CRM write, an AI
or HTTP call) is an activity, every decision is made here, deterministically. A question or a
delay stops the walk: the workflow waits (durably) for the answer or the deadline and calls
back in. The steps taken are recorded after each walk, in one local activity.
"""

import uuid
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta

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
    LOAD_PUBLISHED_FLOW,
    RECORD_FLOW_STEPS,
    SET_CONTACT_FIELD,
    AiClassifyInput,
    AiReplyInput,
    ContactInput,
    HandOffInput,
    HttpInput,
    LoadFlowInput,
    RecordStepsInput,
    SetFieldInput,
    TagInput,
)

with workflow.unsafe.imports_passed_through():
    from domain.conversations import ConversationRef
    from domain.flow_runs import (
        FlowRunState,
        FlowStep,
        HttpOutcome,
        Values,
        check_answer,
        choice_titles,
        render_content,
        rule_holds,
    )
    from domain.flow_text import render
    from domain.flows import (
        NEXT,
        AiClassifyNode,
        AiReplyNode,
        AskQuestionNode,
        ConditionNode,
        DelayNode,
        EndNode,
        FlowNode,
        HandoffNode,
        HttpRequestNode,
        JumpNode,
        SendMessageNode,
        SetFieldNode,
        SetVariableNode,
        SplitNode,
        StartNode,
        TagNode,
    )
    from domain.message_content import OutboundContent, TextContent

# A walk that passes this many steps without waiting is a loop in the flow: it is stopped.
MAX_STEPS_PER_WALK = 100
CRM_RETRY = RetryPolicy(
    initial_interval=timedelta(seconds=1), maximum_interval=timedelta(minutes=1)
)
# An AI or HTTP step may not hold the conversation for long: after these, its `error` output.
CALL_RETRY = RetryPolicy(
    initial_interval=timedelta(seconds=2),
    maximum_interval=timedelta(seconds=30),
    maximum_attempts=4,
)
UNIT_SECONDS = {"seconds": 1, "minutes": 60, "hours": 3600, "days": 86400}

Send = Callable[[OutboundContent], Awaitable[None]]


class FlowRunner:
    def __init__(
        self,
        ref: ConversationRef,
        conversation_id: uuid.UUID,
        contact_id: uuid.UUID,
        send: Send,
    ) -> None:
        self._ref = ref
        self._conversation_id = conversation_id
        self._contact_id = contact_id
        self._send = send
        self._steps: list[FlowStep] = []

    def _values(self, run: FlowRunState, message_text: str) -> Values:
        return {
            "contact": run.contact.fields,
            "vars": run.variables,
            "message": {"text": message_text},
        }

    async def begin(self, run: FlowRunState, message_text: str) -> None:
        run.contact = await CONTACT_FACTS.execute(
            ContactInput(workspace_id=self._ref.workspace_id, contact_id=self._contact_id),
            start_to_close_timeout=timedelta(seconds=30),
            retry_policy=CRM_RETRY,
        )
        for variable in run.flow.graph.variables:
            run.variables.setdefault(variable.name, variable.default)
        await self.walk(run, message_text)

    async def answer(self, run: FlowRunState, message_text: str) -> None:
        """The contact wrote while the run waits at a question."""
        node = run.flow.graph.node(run.current_node or "")
        if not isinstance(node, AskQuestionNode):
            run.waiting_for_answer = False
            return
        started = workflow.now()
        accepted = check_answer(
            node.expect, message_text, node.choices + choice_titles(node.prompt)
        )
        if accepted is None:
            run.attempts += 1
            if run.attempts < node.max_attempts:
                retry = node.retry_message or ""
                await self._send(
                    TextContent(text=render(retry, self._values(run, message_text)))
                    if retry
                    else render_content(node.prompt, self._values(run, message_text))
                )
                self._record(run, node, "retry", started, {"answer": message_text[:200]})
                await self._flush(run)
                return
            self._leave(run, node, "invalid", started, {"answer": message_text[:200]})
        else:
            if node.save_to_variable:
                run.variables[node.save_to_variable] = accepted
            if node.save_to_field:
                await self._set_field(run, node.save_to_field, accepted)
            self._leave(run, node, "answered", started, {"answer": accepted[:200]})
        await self.walk(run, message_text)

    async def deadline(self, run: FlowRunState) -> None:
        """A question's timeout or a delay's end came."""
        node = run.flow.graph.node(run.current_node or "")
        run.resume_at = None
        if node is None:
            run.current_node = None
            return
        handle = "timeout" if run.waiting_for_answer else NEXT
        self._leave(run, node, handle, workflow.now(), {})
        await self.walk(run, "")

    def _leave(
        self,
        run: FlowRunState,
        node: FlowNode,
        handle: str,
        started: datetime,
        detail: dict[str, str],
    ) -> None:
        run.waiting_for_answer = False
        run.attempts = 0
        run.resume_at = None
        self._record(run, node, handle, started, detail)
        run.current_node = run.flow.graph.follow(node.id, handle)

    def _record(
        self,
        run: FlowRunState,
        node: FlowNode,
        outcome: str,
        started: datetime,
        detail: dict[str, str],
    ) -> None:
        run.step_index += 1
        self._steps.append(
            FlowStep(
                step_index=run.step_index,
                node_id=node.id,
                node_type=node.type,
                outcome=outcome,
                detail=detail,
                started_at=started,
                finished_at=workflow.now(),
            )
        )

    async def walk(self, run: FlowRunState, message_text: str) -> None:
        """Runs nodes from the current one until the flow waits or ends."""
        for _ in range(MAX_STEPS_PER_WALK):
            node = run.flow.graph.node(run.current_node or "")
            if node is None or run.waiting_for_answer or run.resume_at is not None:
                break
            await self._step(run, node, message_text)
        else:
            workflow.logger.warning("flow %s looped; stopped", run.flow.flow_id)
            run.current_node = None
        await self._flush(run)

    async def _step(self, run: FlowRunState, node: FlowNode, message_text: str) -> None:
        started = workflow.now()
        values = self._values(run, message_text)
        match node:
            case StartNode():
                self._leave(run, node, NEXT, started, {})
            case SendMessageNode(content=content):
                await self._send(render_content(content, values))
                self._leave(run, node, NEXT, started, {})
            case AskQuestionNode(prompt=prompt, timeout_minutes=timeout):
                await self._send(render_content(prompt, values))
                run.waiting_for_answer = True
                run.attempts = 0
                if timeout:
                    run.resume_at = workflow.now() + timedelta(minutes=timeout)
                self._record(run, node, "asked", started, {})
            case ConditionNode(rules=rules):
                held = next(
                    (
                        r.id
                        for r in rules
                        if rule_holds(r, message_text, run.variables, run.contact)
                    ),
                    "else",
                )
                self._leave(run, node, held, started, {})
            case SetVariableNode(name=name, value=value):
                run.variables[name] = render(value, values)
                self._leave(run, node, NEXT, started, {name: run.variables[name][:200]})
            case SetFieldNode(field=field, value=value):
                error = await self._set_field(run, field, render(value, values))
                self._leave(run, node, NEXT, started, {"error": error} if error else {})
            case TagNode(action=action, tag=tag):
                run.contact = await CHANGE_TAG.execute(
                    TagInput(
                        workspace_id=self._ref.workspace_id,
                        contact_id=self._contact_id,
                        action=action,
                        tag=tag,
                    ),
                    start_to_close_timeout=timedelta(seconds=30),
                    retry_policy=CRM_RETRY,
                )
                self._leave(run, node, NEXT, started, {})
            case HttpRequestNode():
                try:
                    outcome = await CALL_HTTP.execute(
                        HttpInput(workspace_id=self._ref.workspace_id, node=node, values=values),
                        start_to_close_timeout=timedelta(seconds=node.timeout_seconds + 10),
                        retry_policy=CALL_RETRY,
                    )
                except ActivityError as error:
                    outcome = HttpOutcome(ok=False, error=str(error.cause or error)[:300])
                run.variables.update(outcome.variables)
                detail = {"status": str(outcome.status or ""), "error": outcome.error or ""}
                self._leave(run, node, "success" if outcome.ok else "error", started, detail)
            case AiReplyNode() | AiClassifyNode():
                await self._ai(run, node, values, message_text, started)
            case DelayNode(amount=amount, unit=unit):
                run.resume_at = workflow.now() + timedelta(seconds=amount * UNIT_SECONDS[unit])
                self._record(run, node, "waiting", started, {})
            case SplitNode(branches=branches):
                roll = workflow.random().uniform(0, 100)
                total = 0
                chosen = branches[-1].id
                for branch in branches:
                    total += branch.percent
                    if roll < total:
                        chosen = branch.id
                        break
                self._leave(run, node, chosen, started, {})
            case JumpNode(flow_id=flow_id):
                target = await LOAD_PUBLISHED_FLOW.execute(
                    LoadFlowInput(workspace_id=self._ref.workspace_id, flow_id=flow_id),
                    start_to_close_timeout=timedelta(seconds=30),
                    retry_policy=CRM_RETRY,
                )
                self._record(run, node, "jumped" if target else "missing", started, {})
                if target is None:
                    run.current_node = None
                else:
                    run.flow = target
                    start = target.graph.start()
                    run.current_node = start.id if start else None
            case HandoffNode(team_id=team_id, message=message):
                if message:
                    await self._send(TextContent(text=render(message, values)))
                await HAND_OFF.execute(
                    HandOffInput(
                        ref=self._ref, conversation_id=self._conversation_id, team_id=team_id
                    ),
                    start_to_close_timeout=timedelta(seconds=30),
                    retry_policy=CRM_RETRY,
                )
                self._record(run, node, "handed_off", started, {})
                run.current_node = None
            case EndNode():
                self._record(run, node, "ended", started, {})
                run.current_node = None

    async def _ai(
        self,
        run: FlowRunState,
        node: AiReplyNode | AiClassifyNode,
        values: Values,
        message_text: str,
        started: datetime,
    ) -> None:
        try:
            await self._ai_call(run, node, values, message_text, started)
        except ActivityError as error:
            # Out of retries (the model stayed unreachable): the node's error branch.
            handle = "error" if isinstance(node, AiReplyNode) else "fallback"
            self._leave(run, node, handle, started, {"error": str(error.cause or error)[:300]})

    async def _ai_call(
        self,
        run: FlowRunState,
        node: AiReplyNode | AiClassifyNode,
        values: Values,
        message_text: str,
        started: datetime,
    ) -> None:
        if isinstance(node, AiReplyNode):
            reply = await AI_REPLY.execute(
                AiReplyInput(
                    ref=self._ref,
                    conversation_id=self._conversation_id,
                    system_prompt=render(node.system_prompt, values),
                    knowledge=render(node.knowledge, values),
                    history_messages=node.history_messages,
                ),
                start_to_close_timeout=timedelta(seconds=90),
                retry_policy=CALL_RETRY,
            )
            if reply.error is not None:
                self._leave(run, node, "error", started, {"error": reply.error})
                return
            if node.save_to_variable:
                run.variables[node.save_to_variable] = reply.text
            if node.send_to_contact and reply.text:
                await self._send(TextContent(text=reply.text[:4096]))
            self._leave(run, node, NEXT, started, {"tokens": str(reply.tokens)})
            return
        choice = await AI_CLASSIFY.execute(
            AiClassifyInput(
                workspace_id=self._ref.workspace_id,
                text=render(node.text, values) or message_text,
                intents=node.intents,
            ),
            start_to_close_timeout=timedelta(seconds=90),
            retry_policy=CALL_RETRY,
        )
        handle = choice.intent_id if choice.intent_id else "fallback"
        if node.save_to_variable and choice.intent_id:
            run.variables[node.save_to_variable] = choice.intent_id
        detail = {"error": choice.error} if choice.error else {}
        self._leave(run, node, handle, started, detail)

    async def _set_field(self, run: FlowRunState, field: str, value: str) -> str | None:
        outcome = await SET_CONTACT_FIELD.execute(
            SetFieldInput(
                workspace_id=self._ref.workspace_id,
                contact_id=self._contact_id,
                field=field,
                value=value,
            ),
            start_to_close_timeout=timedelta(seconds=30),
            retry_policy=CRM_RETRY,
        )
        run.contact = outcome.facts
        return outcome.error

    async def _flush(self, run: FlowRunState) -> None:
        if not self._steps:
            return
        steps, self._steps = self._steps, []
        info = workflow.info()
        await RECORD_FLOW_STEPS.execute_local(
            RecordStepsInput(
                ref=self._ref,
                conversation_id=self._conversation_id,
                flow_run_id=run.flow_run_id,
                flow_id=run.flow.flow_id,
                flow_version=run.flow.version,
                workflow_id=info.workflow_id,
                run_id=info.run_id,
                steps=steps,
            ),
            start_to_close_timeout=timedelta(seconds=30),
            retry_policy=CRM_RETRY,
        )
