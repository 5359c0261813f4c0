"""What the core asks its host to do.

An `advance` returns a list of effects: at most one that needs an answer, always last (the
core pauses until the host feeds that answer back as an event), or, when the walk is over,
the steps to record and how the run now stands. The host performs them in order.

Hosts: the conversation workflow (`workflows/conversation_host.py`) sends as replies in its
conversation and polls `run.resume_at` itself; an automation host sends on the channel a journey
names, arms its own timers from `WaitUntil`/`WaitForAnswer`, and ends at `Ended`.
"""

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from domain.enums import ChannelKind
from domain.flow_runs import FlowRef, FlowStep, Values
from domain.flows import HttpRequestNode, Intent
from domain.message_content import OutboundContent


@dataclass(frozen=True)
class LoadContact:
    """Read the contact's facts (fields and tags). Answer: `ContactLoaded`."""


@dataclass(frozen=True)
class Send:
    """Send content to the contact. Answer: `Sent`.

    `channel` None: where the run talks (a conversation's reply); a journey names one."""

    content: OutboundContent
    channel: ChannelKind | None = None


@dataclass(frozen=True)
class SetContactField:
    """Store a value in a contact field. Answer: `FieldSet`."""

    field: str
    value: str


@dataclass(frozen=True)
class ChangeTag:
    """Answer: `TagChanged`."""

    action: Literal["add", "remove"]
    tag: str


@dataclass(frozen=True)
class CallHttp:
    """Answer: `HttpAnswered` (a call that failed for good answers `ok=False`)."""

    node: HttpRequestNode
    values: Values


@dataclass(frozen=True)
class AiReply:
    """The model answers the conversation so far. Answer: `AiReplied`."""

    system_prompt: str
    knowledge: str
    history_messages: int


@dataclass(frozen=True)
class ClassifyIntent:
    """Answer: `Classified`."""

    text: str
    intents: list[Intent]


@dataclass(frozen=True)
class DrawRoll:
    """A split needs a random number. Answer: `Rolled`."""


@dataclass(frozen=True)
class JumpToFlow:
    """Load the live version of another flow, which the run continues in. Answer: `FlowLoaded`."""

    flow_id: uuid.UUID


@dataclass(frozen=True)
class HandOff:
    """The agents (optionally a team) take the contact over. Answer: `HandedOff`."""

    team_id: uuid.UUID | None


@dataclass(frozen=True)
class RecordSteps:
    """The steps this walk took, for the run inspector; no answer."""

    flow: FlowRef
    steps: list[FlowStep]


@dataclass(frozen=True)
class WaitForAnswer:
    """The run waits for the contact to answer a question; at `until` its timeout comes."""

    node_id: str
    until: datetime | None


@dataclass(frozen=True)
class WaitUntil:
    """The run sleeps until `at` (a delay)."""

    node_id: str
    at: datetime


EndReason = Literal["end", "handoff", "missing_flow", "missing_step", "dead_end", "loop"]


@dataclass(frozen=True)
class Ended:
    """The run is over: an end step, a hand-off, a jump to an unpublished flow, a step that is
    not in the graph, an output that leads nowhere, or a loop that the step cap stopped."""

    reason: EndReason


NeedsAnswer = (
    LoadContact
    | Send
    | SetContactField
    | ChangeTag
    | CallHttp
    | AiReply
    | ClassifyIntent
    | DrawRoll
    | JumpToFlow
    | HandOff
)
Outcome = RecordSteps | WaitForAnswer | WaitUntil | Ended
Effect = NeedsAnswer | Outcome
