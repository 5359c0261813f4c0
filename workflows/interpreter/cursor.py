"""One `advance` call in progress: the graph, the walk it changes, the effects it asks for, and
the small moves every node handler makes (await an effect, record a step, leave by an output)."""

from datetime import datetime

from domain.flow_runs import FlowRunState, FlowStep, Values
from domain.flows import FlowGraph, FlowNode
from workflows.interpreter.effects import Effect, EndReason, NeedsAnswer
from workflows.interpreter.state import Pending, Stage, Walk


class Cursor:
    def __init__(self, graph: FlowGraph, walk: Walk, now: datetime) -> None:
        self.graph = graph
        self.walk = walk
        self.now = now
        self.effects: list[Effect] = []
        self.ended: EndReason | None = None

    @property
    def run(self) -> FlowRunState:
        return self.walk.run

    def values(self) -> Values:
        """What texts may read: `{{contact.x}}`, `{{vars.x}}`, `{{message.text}}`."""
        run = self.run
        return {
            "contact": dict(run.contact.fields),
            "vars": dict(run.variables),
            "message": {"text": self.walk.message_text},
        }

    def await_(
        self,
        effect: NeedsAnswer,
        stage: Stage,
        node: FlowNode | None,
        started: datetime,
        value: str = "",
    ) -> None:
        """Asks the host for `effect`; the walk pauses until its answer comes back."""
        self.walk.pending = Pending(
            stage=stage, node_id=None if node is None else node.id, started_at=started, value=value
        )
        self.effects.append(effect)

    def record(
        self, node: FlowNode, outcome: str, started: datetime, detail: dict[str, str]
    ) -> None:
        run = self.run
        run.step_index += 1
        self.walk.steps.append(
            FlowStep(
                step_index=run.step_index,
                node_id=node.id,
                node_type=node.type,
                outcome=outcome,
                detail=detail,
                started_at=started,
                finished_at=self.now,
            )
        )

    def leave(self, node: FlowNode, handle: str, started: datetime, detail: dict[str, str]) -> None:
        """The step is done: it is recorded and the run moves along the edge of `handle`."""
        run = self.run
        run.waiting_for_answer = False
        run.attempts = 0
        run.resume_at = None
        self.record(node, handle, started, detail)
        run.current_node = self.graph.follow(node.id, handle)

    def end(self, reason: EndReason) -> None:
        self.walk.run.current_node = None
        self.ended = reason
