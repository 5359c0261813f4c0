"""What moves a run: how it is started, answered or woken, and the answers to its effects.

Every event carries `now`, the host's clock when it happened: the core reads no clock of its
own (a workflow host passes `workflow.now()`, which replays identically).
"""

from dataclasses import dataclass
from datetime import datetime

from domain.flow_runs import ContactFacts, HttpOutcome, PublishedFlow


@dataclass(frozen=True)
class Begin:
    """The run starts (a message that triggered it, or none when it was started for them)."""

    now: datetime
    message_text: str = ""


@dataclass(frozen=True)
class Answer:
    """The contact wrote while the run waits at a question."""

    now: datetime
    text: str


@dataclass(frozen=True)
class Deadline:
    """The run's `resume_at` came: a question's timeout or a delay's end."""

    now: datetime


@dataclass(frozen=True)
class ContactLoaded:
    now: datetime
    facts: ContactFacts


@dataclass(frozen=True)
class Sent:
    """The content went out (or failed for good: a flow does not branch on delivery), or was
    `skipped` for the reason given (it was empty or invalid once its variables were filled)."""

    now: datetime
    skipped: str | None = None

    def detail(self) -> dict[str, str]:
        """What the step record says of content that was not sent, and why."""
        return {"skipped": self.skipped} if self.skipped else {}


@dataclass(frozen=True)
class FieldSet:
    now: datetime
    facts: ContactFacts
    error: str | None = None


@dataclass(frozen=True)
class TagChanged:
    now: datetime
    facts: ContactFacts


@dataclass(frozen=True)
class HttpAnswered:
    now: datetime
    outcome: HttpOutcome


@dataclass(frozen=True)
class AiReplied:
    """The model's answer; `error` when it refused or stayed unreachable."""

    now: datetime
    text: str = ""
    tokens: int = 0
    error: str | None = None


@dataclass(frozen=True)
class Classified:
    """The intent the model picked (None: none fits, or `error`)."""

    now: datetime
    intent_id: str | None = None
    error: str | None = None


@dataclass(frozen=True)
class Rolled:
    """A uniform number in [0, 100) the host drew (in a workflow: `workflow.random()`)."""

    now: datetime
    roll: float


@dataclass(frozen=True)
class FlowLoaded:
    """The live version of the flow a jump leads to; None when it is not published."""

    now: datetime
    flow: PublishedFlow | None


@dataclass(frozen=True)
class HandedOff:
    now: datetime


Trigger = Begin | Answer | Deadline
"""What starts a walk."""
Result = (
    ContactLoaded
    | Sent
    | FieldSet
    | TagChanged
    | HttpAnswered
    | AiReplied
    | Classified
    | Rolled
    | FlowLoaded
    | HandedOff
)
"""What answers an effect: the walk goes on from where it paused."""
Event = Trigger | Result
