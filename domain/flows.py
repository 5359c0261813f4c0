"""The chatbot flow graph: one schema for the builder (UI), the API (storage, publishing) and the
conversation workflow (the interpreter).

A flow is nodes joined by edges. Every node has named outputs (`outputs(node)`); an edge leaves
one output of one node (`source_handle`) and lands on another node. Texts may hold variables —
`{{contact.name}}`, `{{vars.order_id}}`, `{{message.text}}` — filled by `domain/flow_text.py`,
which substitutes values and never evaluates anything.
"""

import json
import uuid
from typing import Annotated, Any, Literal

from pydantic import BaseModel, Field, StringConstraints, model_validator

from domain.enums import ChannelKind
from domain.message_content import OutboundContent

NodeId = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_-]{1,64}$")]
VariableName = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]{0,39}$")]
NEXT = "next"
# A published graph rides in activity results (Temporal refuses payloads over 2 MB) and is read
# by every run that pins it: this cap keeps it far below the limit. Checked at publish.
MAX_GRAPH_BYTES = 256 * 1024


class Position(BaseModel):
    x: float = 0
    y: float = 0


class _Node(BaseModel):
    id: NodeId
    position: Position = Field(default_factory=Position)
    label: str = Field(default="", max_length=100, description="Shown on the canvas.")


class StartNode(_Node):
    """Where every run begins; exactly one per flow."""

    type: Literal["start"] = "start"


class SendMessageNode(_Node):
    type: Literal["send_message"] = "send_message"
    content: OutboundContent


AnswerKind = Literal["text", "number", "email", "phone", "date", "choice"]


class AskQuestionNode(_Node):
    """Sends `prompt`, then waits (durably) for the contact's answer and checks it.

    Outputs: `answered`, `invalid` (still wrong after `max_attempts`), `timeout`."""

    type: Literal["ask_question"] = "ask_question"
    prompt: OutboundContent
    expect: AnswerKind = "text"
    choices: list[str] = Field(
        default_factory=list, max_length=10, description="For `choice`: the accepted answers."
    )
    save_to_variable: VariableName | None = None
    save_to_field: str | None = Field(
        default=None, max_length=64, description="A contact field: standard or custom key."
    )
    retry_message: str = Field(default="", max_length=1000)
    max_attempts: int = Field(default=3, ge=1, le=10)
    timeout_minutes: int | None = Field(default=None, ge=1, le=60 * 24 * 90)


ConditionSubject = Literal["message_text", "variable", "contact_field", "tag"]
ConditionOperator = Literal[
    "equals",
    "not_equals",
    "contains",
    "starts_with",
    "regex",
    "any_keyword",
    "is_set",
    "is_not_set",
    "greater_than",
    "less_than",
    "has_tag",
    "lacks_tag",
]


class ConditionRule(BaseModel):
    """One branch of a condition; its `id` is the output an edge leaves from."""

    id: NodeId
    subject: ConditionSubject
    name: str = Field(default="", max_length=64, description="Variable or field name.")
    operator: ConditionOperator
    value: str = Field(default="", max_length=500)
    keywords: list[str] = Field(default_factory=list, max_length=50)


class ConditionNode(_Node):
    """The first rule that holds picks its output; none does: `else`."""

    type: Literal["condition"] = "condition"
    rules: list[ConditionRule] = Field(min_length=1, max_length=20)


class SetFieldNode(_Node):
    type: Literal["set_field"] = "set_field"
    field: str = Field(min_length=1, max_length=64)
    value: str = Field(max_length=1000)


class TagNode(_Node):
    type: Literal["tag"] = "tag"
    action: Literal["add", "remove"] = "add"
    tag: str = Field(min_length=1, max_length=50)


class SetVariableNode(_Node):
    type: Literal["set_variable"] = "set_variable"
    name: VariableName
    value: str = Field(max_length=2000)


class AiReplyNode(_Node):
    """An LLM writes the answer. Outputs: `next`, `error` (model unreachable or refused)."""

    type: Literal["ai_reply"] = "ai_reply"
    system_prompt: str = Field(min_length=1, max_length=8000)
    knowledge: str = Field(default="", max_length=50000)
    history_messages: int = Field(default=10, ge=0, le=50)
    send_to_contact: bool = True
    save_to_variable: VariableName | None = None


class Intent(BaseModel):
    id: NodeId
    name: str = Field(min_length=1, max_length=60)
    description: str = Field(default="", max_length=500)


class AiClassifyNode(_Node):
    """An LLM picks one intent; each intent is an output, plus `fallback`."""

    type: Literal["ai_classify"] = "ai_classify"
    text: str = Field(default="{{message.text}}", max_length=2000)
    intents: list[Intent] = Field(min_length=1, max_length=20)
    save_to_variable: VariableName | None = None


class HttpRequestNode(_Node):
    """Outputs: `success` (2xx), `error` (anything else, a timeout, a refused target)."""

    type: Literal["http_request"] = "http_request"
    method: Literal["GET", "POST", "PUT", "PATCH", "DELETE"] = "GET"
    url: str = Field(min_length=1, max_length=2000)
    headers: dict[str, str] = Field(default_factory=dict)
    body: str | None = Field(default=None, max_length=20000)
    timeout_seconds: int = Field(default=10, ge=1, le=30)
    save_response: dict[VariableName, str] = Field(
        default_factory=dict,
        description="Variable ← a dotted path in the JSON response (`data.items.0.name`).",
    )


class DelayNode(_Node):
    type: Literal["delay"] = "delay"
    amount: int = Field(ge=1, le=10000)
    unit: Literal["seconds", "minutes", "hours", "days"] = "minutes"


class SplitBranch(BaseModel):
    id: NodeId
    percent: int = Field(ge=0, le=100)


class SplitNode(_Node):
    """Random split (A/B test); each branch is an output."""

    type: Literal["split"] = "split"
    branches: list[SplitBranch] = Field(min_length=2, max_length=10)

    @model_validator(mode="after")
    def _adds_up(self) -> "SplitNode":
        if sum(b.percent for b in self.branches) != 100:
            raise ValueError("the branches' percentages must add up to 100")
        return self


class JumpNode(_Node):
    type: Literal["jump"] = "jump"
    flow_id: uuid.UUID


class HandoffNode(_Node):
    """Switches the conversation to the agents (optionally a team); the bot stops here."""

    type: Literal["handoff"] = "handoff"
    team_id: uuid.UUID | None = None
    message: str = Field(default="", max_length=1000)


class EndNode(_Node):
    type: Literal["end"] = "end"


FlowNode = Annotated[
    StartNode
    | SendMessageNode
    | AskQuestionNode
    | ConditionNode
    | SetFieldNode
    | TagNode
    | SetVariableNode
    | AiReplyNode
    | AiClassifyNode
    | HttpRequestNode
    | DelayNode
    | SplitNode
    | JumpNode
    | HandoffNode
    | EndNode,
    Field(discriminator="type"),
]


class FlowEdge(BaseModel):
    id: NodeId
    source: NodeId
    source_handle: str = Field(default=NEXT, max_length=64)
    target: NodeId


class FlowVariable(BaseModel):
    name: VariableName
    default: str = Field(default="", max_length=1000)


class FlowGraph(BaseModel):
    nodes: list[FlowNode] = Field(default_factory=list, max_length=500)
    edges: list[FlowEdge] = Field(default_factory=list, max_length=2000)
    variables: list[FlowVariable] = Field(default_factory=list, max_length=100)

    def node(self, node_id: str) -> FlowNode | None:
        return next((n for n in self.nodes if n.id == node_id), None)

    def start(self) -> StartNode | None:
        return next((n for n in self.nodes if isinstance(n, StartNode)), None)

    def follow(self, node_id: str, handle: str = NEXT) -> str | None:
        """The node the edge from this output lands on; None where the flow ends."""
        edge = next(
            (e for e in self.edges if e.source == node_id and e.source_handle == handle), None
        )
        return None if edge is None else edge.target


def graph_json_bytes(graph_json: Any) -> bytes:
    """A graph's JSON (as stored) in one canonical spelling: what its size and its hash count.

    Sorted keys and no spaces, so the same stored graph always gives the same bytes."""
    return json.dumps(
        graph_json, sort_keys=True, separators=(",", ":"), ensure_ascii=False
    ).encode()


def outputs(node: BaseModel) -> list[str]:
    """The named outputs edges may leave a node from."""
    match node:
        case AskQuestionNode():
            return ["answered", "invalid", "timeout"]
        case ConditionNode(rules=rules):
            return [r.id for r in rules] + ["else"]
        case AiReplyNode():
            return [NEXT, "error"]
        case HttpRequestNode():
            return ["success", "error"]
        case AiClassifyNode(intents=intents):
            return [i.id for i in intents] + ["fallback"]
        case SplitNode(branches=branches):
            return [b.id for b in branches]
        case JumpNode() | HandoffNode() | EndNode():
            return []
    return [NEXT]


class KeywordTrigger(BaseModel):
    type: Literal["keyword"] = "keyword"
    keywords: list[str] = Field(min_length=1, max_length=50)
    match: Literal["exact", "contains"] = "exact"
    channels: list[ChannelKind] = Field(default_factory=list, description="Empty: every channel.")


class NewContactTrigger(BaseModel):
    """The first message a contact ever sends."""

    type: Literal["new_contact"] = "new_contact"
    channels: list[ChannelKind] = Field(default_factory=list)


class FallbackTrigger(BaseModel):
    """Any message while no flow is running in the conversation."""

    type: Literal["fallback"] = "fallback"
    channels: list[ChannelKind] = Field(default_factory=list)


class ManualTrigger(BaseModel):
    """Started by an automation or the API only."""

    type: Literal["manual"] = "manual"


FlowTrigger = Annotated[
    KeywordTrigger | NewContactTrigger | FallbackTrigger | ManualTrigger,
    Field(discriminator="type"),
]
