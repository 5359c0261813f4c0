"""A bot run's state and the pure decisions the interpreter makes: is an answer valid, which
condition holds. Deterministic, so the workflow can call them freely."""

import functools
import hashlib
import re
import uuid
from datetime import date, datetime
from typing import Any

import re2
from pydantic import BaseModel, ConfigDict, Field, model_validator

from domain.contact_values import normalize_email, normalize_phone
from domain.flow_text import render
from domain.flows import AnswerKind, ConditionRule, FlowGraph, graph_json_bytes
from domain.message_content import (
    ButtonsContent,
    ListContent,
    MediaContent,
    OutboundContent,
    TemplateContent,
    TextContent,
)
from domain.text_folding import fold


def preview_contact_key(flow_id: uuid.UUID) -> str:
    """The web chat visitor id of a flow's preview in the builder: its messages run the draft.

    A visitor id is 32 hex characters; a flow's id written that way is one nobody else gets."""
    return flow_id.hex


def preview_flow_id(contact_key: str) -> uuid.UUID | None:
    """The flow a visitor id may be the preview of (the caller checks that the flow exists)."""
    if len(contact_key) != 32:
        return None
    try:
        return uuid.UUID(hex=contact_key)
    except ValueError:
        return None


DRAFT_VERSION = 0


def graph_digest(graph_json: Any) -> str:
    """The hash a run pins with its version: of the graph's JSON as stored."""
    return hashlib.sha256(graph_json_bytes(graph_json)).hexdigest()


class FlowRef(BaseModel):
    """Which graph a run follows: what workflow state, signals and activity results carry
    instead of the graph itself (the workflow loads the graph once per run, by this)."""

    model_config = ConfigDict(frozen=True)

    flow_id: uuid.UUID
    version: int = Field(description="A published version; 0: the draft, in a preview.")
    graph_hash: str | None = Field(
        default=None,
        description="`graph_digest` of the graph when the run pinned it; a load that finds "
        "another graph refuses it. None for runs that began carrying their graph.",
    )


class PublishedFlow(BaseModel):
    """A flow version to run (version 0: the draft, in a preview)."""

    flow_id: uuid.UUID
    version: int
    graph: FlowGraph
    graph_hash: str | None = Field(default=None, description="`graph_digest` of its JSON.")

    @property
    def ref(self) -> FlowRef:
        return FlowRef(flow_id=self.flow_id, version=self.version, graph_hash=self.graph_hash)


class ContactFacts(BaseModel):
    """What conditions and texts may read of the contact, as text."""

    fields: dict[str, str] = Field(default_factory=dict)
    tags: list[str] = Field(default_factory=list)


class FlowStep(BaseModel):
    """One step, recorded for the run inspector."""

    step_index: int
    node_id: str
    node_type: str
    outcome: str = ""
    detail: dict[str, str] = Field(default_factory=dict)
    started_at: datetime
    finished_at: datetime


class HttpOutcome(BaseModel):
    """What an HTTP step got back: its branch, and the variables its JSON answer filled."""

    ok: bool
    status: int | None = None
    variables: dict[str, str] = Field(default_factory=dict)
    error: str | None = None


class FlowRunState(BaseModel):
    """Carried across continue-as-new: the pinned version (a reference, not the graph) and
    where the run stands."""

    flow_run_id: uuid.UUID
    flow_ref: FlowRef
    flow: PublishedFlow | None = Field(
        default=None,
        description="Runs that began before runs carried a reference hold their graph here; "
        "the workflow moves it to memory and clears it, so it is never carried on.",
    )
    current_node: str | None
    waiting_for_answer: bool = False
    attempts: int = 0
    resume_at: datetime | None = Field(
        default=None, description="A question's timeout or a delay's end."
    )
    variables: dict[str, str] = Field(default_factory=dict)
    contact: ContactFacts = Field(default_factory=ContactFacts)
    step_index: int = 0

    @model_validator(mode="before")
    @classmethod
    def _reference_of_a_carried_graph(cls, data: Any) -> Any:
        # State recorded before references existed has the graph and no reference.
        if isinstance(data, dict) and data.get("flow_ref") is None and data.get("flow"):
            flow = data["flow"]
            if isinstance(flow, PublishedFlow):
                flow = flow.model_dump()
            return {
                **data,
                "flow_ref": {"flow_id": flow["flow_id"], "version": flow["version"]},
            }
        return data


def _folded(text: str) -> str:
    """As keyword triggers fold: 'Não!' matches 'nao'."""
    return fold(text)


def check_answer(expect: AnswerKind, text: str, choices: list[str]) -> str | None:
    """The answer as stored (normalised), or None when it is not what was asked."""
    answer = text.strip()
    if not answer:
        return None
    try:
        match expect:
            case "text":
                return answer
            case "number":
                number = float(answer.replace(",", ".").replace(" ", ""))
                return str(int(number)) if number.is_integer() else str(number)
            case "email":
                return normalize_email(answer)
            case "phone":
                return normalize_phone(answer)
            case "date":
                return _date(answer)
            case "choice":
                wanted = _folded(answer)
                return next((c for c in choices if _folded(c) == wanted), None)
    except ValueError:
        return None
    return None


def _date(answer: str) -> str:
    for pattern in ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y"):
        try:
            return datetime.strptime(answer, pattern).date().isoformat()
        except ValueError:
            continue
    return date.fromisoformat(answer).isoformat()


def _pattern_options() -> re2.Options:
    options = re2.Options()
    options.case_sensitive = False
    options.log_errors = False
    return options


PATTERN_OPTIONS = _pattern_options()


@functools.lru_cache(maxsize=256)
def _compiled(pattern: str) -> "re2._Regexp[str] | None":
    try:
        return re2.compile(pattern, PATTERN_OPTIONS)
    except re2.error:
        return None


def pattern_problem(pattern: str) -> str | None:
    """Why a condition's pattern cannot be used, in words for a marketer, or None."""
    if _compiled(pattern) is None:
        return (
            "This pattern is not valid, or uses look-ahead, look-behind or back-references, "
            "which Fluxo does not run: rewrite it without them."
        )
    return None


def _subject_value(
    rule: ConditionRule, message_text: str, variables: dict[str, str], contact: ContactFacts
) -> str | None:
    match rule.subject:
        case "message_text":
            return message_text
        case "variable":
            return variables.get(rule.name)
        case "contact_field":
            return contact.fields.get(rule.name)
    return None


def rule_holds(
    rule: ConditionRule, message_text: str, variables: dict[str, str], contact: ContactFacts
) -> bool:
    if rule.subject == "tag" or rule.operator in ("has_tag", "lacks_tag"):
        tag = _folded(rule.value or rule.name)
        present = tag in {_folded(t) for t in contact.tags}
        return present if rule.operator != "lacks_tag" else not present
    value = _subject_value(rule, message_text, variables, contact)
    if rule.operator == "is_set":
        return bool(value)
    if rule.operator == "is_not_set":
        return not value
    if value is None:
        return False
    folded, wanted = _folded(value), _folded(rule.value)
    match rule.operator:
        case "equals":
            return folded == wanted
        case "not_equals":
            return folded != wanted
        case "contains":
            return wanted in folded
        case "starts_with":
            return folded.startswith(wanted)
        case "any_keyword":
            words = set(re.findall(r"\w+", folded))
            return any(
                _folded(k) in words or (" " in k and _folded(k) in folded) for k in rule.keywords
            )
        case "regex":
            # RE2 runs in time linear in the text, whatever the pattern: a contact's message
            # cannot hang the workflow (Python's `re` can backtrack for hours). Publishing
            # refuses patterns RE2 cannot run; one from an older version simply never holds.
            compiled = _compiled(rule.value)
            return compiled is not None and compiled.search(value[:4096]) is not None
        case "greater_than" | "less_than":
            try:
                left, right = float(value.replace(",", ".")), float(rule.value.replace(",", "."))
            except ValueError:
                return False
            return left > right if rule.operator == "greater_than" else left < right
    return False


Values = dict[str, dict[str, str]]


def render_content(content: OutboundContent, values: Values) -> OutboundContent:
    """The content with its texts' variables filled in."""
    match content:
        case TextContent(text=text, subject=subject):
            return content.model_copy(
                update={
                    "text": render(text, values) or " ",
                    "subject": render(subject, values) if subject else subject,
                }
            )
        case MediaContent(caption=caption) if caption:
            return content.model_copy(update={"caption": render(caption, values)})
        case ButtonsContent(text=text) | ListContent(text=text):
            return content.model_copy(update={"text": render(text, values) or " "})
        case TemplateContent(body_values=body, rendered=rendered, header_text=header):
            return content.model_copy(
                update={
                    "body_values": [render(v, values) for v in body],
                    "rendered": render(rendered, values),
                    "header_text": render(header, values) if header else header,
                }
            )
    return content


def choice_titles(content: OutboundContent) -> list[str]:
    """The answers a question's buttons or list rows offer."""
    match content:
        case ButtonsContent(buttons=buttons):
            return [b.title for b in buttons]
        case ListContent(sections=sections):
            return [row.title for section in sections for row in section.rows]
    return []
