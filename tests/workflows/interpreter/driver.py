"""A host for the core's tests: answers every effect from fixed data, with a clock that moves
one second per effect, and keeps everything it was asked in order."""

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from domain.flow_runs import ContactFacts, FlowRunState, HttpOutcome, PublishedFlow
from domain.flows import FlowGraph
from domain.message_content import TextContent
from workflows.interpreter import effects
from workflows.interpreter.core import advance, new_run
from workflows.interpreter.events import (
    AiReplied,
    Begin,
    Classified,
    ContactLoaded,
    Event,
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

T0 = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)


def graph(
    nodes: list[dict[str, Any]], edges: list[tuple[str, str, str]], **extra: Any
) -> FlowGraph:
    """Edges as (source, handle, target)."""
    return FlowGraph.model_validate(
        {
            "nodes": nodes,
            "edges": [
                {"id": f"e{i}", "source": s, "source_handle": h, "target": t}
                for i, (s, h, t) in enumerate(edges)
            ],
            **extra,
        }
    )


def text(node_id: str, words: str) -> dict[str, Any]:
    return {"id": node_id, "type": "send_message", "content": {"kind": "text", "text": words}}


@dataclass
class Driver:
    flow: PublishedFlow
    facts: ContactFacts = field(default_factory=ContactFacts)
    flows: dict[uuid.UUID, PublishedFlow] = field(default_factory=dict)
    rolls: list[float] = field(default_factory=list)
    http: HttpOutcome = field(default_factory=lambda: HttpOutcome(ok=True, status=200))
    ai_text: str = "Resposta"
    ai_error: str | None = None
    intent: str | None = None
    field_error: str | None = None
    now: datetime = T0
    asked: list[effects.Effect] = field(default_factory=list)
    run: FlowRunState | None = None

    def __post_init__(self) -> None:
        self.graphs = {self.flow.ref: self.flow.graph}
        for other in self.flows.values():
            self.graphs[other.ref] = other.graph

    def begin(self, message_text: str = "") -> list[effects.Effect]:
        self.run = new_run(uuid.uuid4(), self.flow.ref, self.flow.graph)
        return self.feed(lambda now: Begin(now=now, message_text=message_text))

    def feed(self, trigger: Callable[[datetime], Trigger]) -> list[effects.Effect]:
        """One walk; the effects it asked for, in order."""
        assert self.run is not None
        walk = Walk(run=self.run)
        event: Event | None = trigger(self.now)
        asked: list[effects.Effect] = []
        while event is not None:
            walk, todo = advance(self.graphs[walk.run.flow_ref], walk, event)
            event = None
            for effect in todo:
                asked.append(effect)
                event = self.answer(effect)
        self.run = walk.run
        self.asked.extend(asked)
        return asked

    def later(self, delta: timedelta) -> datetime:
        self.now += delta
        return self.now

    def answer(self, effect: effects.Effect) -> Result | None:
        self.now += timedelta(seconds=1)
        now = self.now
        match effect:
            case effects.LoadContact():
                return ContactLoaded(now=now, facts=self.facts)
            case effects.Send():
                return Sent(now=now)
            case effects.SetContactField(field=name, value=value):
                if self.field_error is None:
                    self.facts = self.facts.model_copy(
                        update={"fields": {**self.facts.fields, name: value}}
                    )
                return FieldSet(now=now, facts=self.facts, error=self.field_error)
            case effects.ChangeTag(action=action, tag=tag):
                tags = [t for t in self.facts.tags if t != tag]
                tags += [tag] if action == "add" else []
                self.facts = self.facts.model_copy(update={"tags": tags})
                return TagChanged(now=now, facts=self.facts)
            case effects.CallHttp():
                return HttpAnswered(now=now, outcome=self.http)
            case effects.AiReply():
                return AiReplied(now=now, text=self.ai_text, tokens=42, error=self.ai_error)
            case effects.ClassifyIntent():
                return Classified(now=now, intent_id=self.intent)
            case effects.DrawRoll():
                return Rolled(now=now, roll=self.rolls.pop(0))
            case effects.JumpToFlow(flow_id=flow_id):
                return FlowLoaded(now=now, flow=self.flows.get(flow_id))
            case effects.HandOff():
                return HandedOff(now=now)
        return None

    def sent(self) -> list[str]:
        said = []
        for effect in self.asked:
            if isinstance(effect, effects.Send):
                content = effect.content
                said.append(content.text if isinstance(content, TextContent) else content.kind)
        return said

    def steps(self) -> list[tuple[str, str]]:
        return [
            (step.node_id, step.outcome)
            for effect in self.asked
            if isinstance(effect, effects.RecordSteps)
            for step in effect.steps
        ]

    def kinds(self, asked: list[effects.Effect]) -> list[str]:
        return [type(effect).__name__ for effect in asked]


def published(g: FlowGraph, version: int = 1, flow_id: uuid.UUID | None = None) -> PublishedFlow:
    return PublishedFlow(
        flow_id=flow_id or uuid.uuid4(), version=version, graph=g, graph_hash=f"h{version}"
    )
