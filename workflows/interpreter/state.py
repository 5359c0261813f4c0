"""What the core walks with: the run's lasting state plus the walk in progress.

A walk begins when something moves the run (it starts, the contact answers, a deadline comes)
and ends when the run waits or ends. Only `Walk.run` outlives it: that is what the host keeps
(and carries across continue-as-new); the rest lives as long as one walk, inside one host call.
"""

from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

from domain.flow_runs import FlowRunState, FlowStep

Stage = Literal[
    "contact",  # the run starts: the contact's facts are being read
    "prompt",  # a question's prompt is being sent
    "retry",  # a question's retry message is being sent
    "save_answer",  # a question's answer is being stored on the contact
    "send",  # a message step's content is being sent
    "field",
    "tag",
    "http",
    "ai_reply",
    "ai_reply_send",  # the model's answer is being sent to the contact
    "classify",
    "roll",  # a split waits for its random number
    "jump",  # the jumped-to flow's live version is being loaded
    "handoff_message",
    "handoff",
]


@dataclass
class Pending:
    """The effect a step waits on, and what it needs to finish when the answer comes."""

    stage: Stage
    node_id: str | None
    started_at: datetime
    value: str = ""


@dataclass
class Walk:
    """The core's state: the run, plus what one walk of it has gathered so far."""

    run: FlowRunState
    message_text: str = ""
    steps: list[FlowStep] = field(default_factory=list)
    taken: int = 0
    """Steps entered in this walk: past `MAX_STEPS_PER_WALK` the flow is looping."""
    pending: Pending | None = None
