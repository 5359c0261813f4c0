"""What publishing checks, as problems the builder shows on the node (and field) they concern.

A draft may be anything the schema accepts; a published version must be a flow that can run:
one start, every edge between existing nodes and outputs, every node reachable, the required
answers possible, every variable set (or declared) before a text uses it, and a size that
activities may carry (`MAX_GRAPH_BYTES`).
"""

import json
from collections import deque
from collections.abc import Iterable

from pydantic import BaseModel
from pydantic_core import to_jsonable_python

from domain.flow_runs import pattern_problem
from domain.flow_text import placeholders
from domain.flows import (
    MAX_GRAPH_BYTES,
    AiClassifyNode,
    AiReplyNode,
    AskQuestionNode,
    ConditionNode,
    FlowGraph,
    FlowNode,
    HttpRequestNode,
    JumpNode,
    SetVariableNode,
    StartNode,
    graph_json_bytes,
    outputs,
)


class FlowProblem(BaseModel):
    node_id: str | None = None
    field: str | None = None
    message: str


def _texts(node: FlowNode) -> Iterable[tuple[str, str]]:
    """(field, text) of every text of the node that may hold variables."""
    for name, value in node:
        if name in ("id", "type", "position", "label"):
            continue
        if isinstance(value, str):
            yield name, value
        elif isinstance(value, BaseModel | dict | list):
            # Lists of models too (condition rules, intents, split branches).
            yield name, json.dumps(to_jsonable_python(value), ensure_ascii=False)


def _assigned(node: FlowNode) -> set[str]:
    names: set[str] = set()
    if isinstance(node, SetVariableNode):
        names.add(node.name)
    if isinstance(node, AskQuestionNode | AiReplyNode | AiClassifyNode) and node.save_to_variable:
        names.add(node.save_to_variable)
    if isinstance(node, HttpRequestNode):
        names.update(node.save_response)
    return names


def _ancestors(graph: FlowGraph, node_id: str) -> set[str]:
    parents: dict[str, set[str]] = {}
    for edge in graph.edges:
        parents.setdefault(edge.target, set()).add(edge.source)
    seen: set[str] = set()
    queue = deque(parents.get(node_id, ()))
    while queue:
        current = queue.popleft()
        if current in seen:
            continue
        seen.add(current)
        queue.extend(parents.get(current, ()))
    return seen


def _reachable(graph: FlowGraph, start_id: str) -> set[str]:
    children: dict[str, set[str]] = {}
    for edge in graph.edges:
        children.setdefault(edge.source, set()).add(edge.target)
    seen = {start_id}
    queue = deque([start_id])
    while queue:
        for child in children.get(queue.popleft(), ()):
            if child not in seen:
                seen.add(child)
                queue.append(child)
    return seen


def validate_graph(
    graph: FlowGraph, *, known_flow_ids: set[str] | None = None
) -> list[FlowProblem]:
    problems: list[FlowProblem] = []
    ids = [n.id for n in graph.nodes]
    for node_id in {i for i in ids if ids.count(i) > 1}:
        problems.append(FlowProblem(node_id=node_id, message="Two nodes share this id."))
    by_id = {n.id: n for n in graph.nodes}
    starts = [n for n in graph.nodes if isinstance(n, StartNode)]
    if len(starts) != 1:
        problems.append(FlowProblem(message="A flow needs exactly one start."))

    used_outputs: set[tuple[str, str]] = set()
    for edge in graph.edges:
        source, target = by_id.get(edge.source), by_id.get(edge.target)
        if source is None or target is None:
            missing = edge.source if source is None else edge.target
            problems.append(
                FlowProblem(
                    node_id=edge.source,
                    message=f"A connection points to {missing}, which is not in the flow.",
                )
            )
            continue
        if edge.source_handle not in outputs(source):
            problems.append(
                FlowProblem(
                    node_id=source.id,
                    message=f"This step has no output '{edge.source_handle}'.",
                )
            )
        if (edge.source, edge.source_handle) in used_outputs:
            problems.append(
                FlowProblem(node_id=source.id, message="One output leads to two steps.")
            )
        used_outputs.add((edge.source, edge.source_handle))

    if len(starts) == 1:
        start = starts[0]
        if graph.follow(start.id) is None:
            problems.append(FlowProblem(node_id=start.id, message="Connect the start to a step."))
        reachable = _reachable(graph, start.id)
        for node in graph.nodes:
            if node.id not in reachable:
                problems.append(
                    FlowProblem(
                        node_id=node.id, message="No path from the start reaches this step."
                    )
                )

    declared = {v.name for v in graph.variables}
    for node in graph.nodes:
        problems.extend(_node_problems(node, known_flow_ids))
        available = declared | {
            name for ancestor in _ancestors(graph, node.id) for name in _assigned(by_id[ancestor])
        }
        for field, text in _texts(node):
            for scope, name in placeholders(text):
                if scope == "vars" and name not in available:
                    problems.append(
                        FlowProblem(
                            node_id=node.id,
                            field=field,
                            message=f"The variable '{name}' is used before any step sets it.",
                        )
                    )
        if isinstance(node, ConditionNode):
            for index, rule in enumerate(node.rules):
                if rule.subject == "variable" and rule.name not in available:
                    problems.append(
                        FlowProblem(
                            node_id=node.id,
                            field=f"rules.{index}.name",
                            message=f"The variable '{rule.name}' is not set before this check.",
                        )
                    )
    too_large = _size_problem(graph)
    if too_large is not None:
        problems.append(too_large)
    return problems


def _kilobytes(size: int) -> int:
    return -(-size // 1024)


def _size_problem(graph: FlowGraph) -> FlowProblem | None:
    """Over the cap, the problem sits on the largest step: the one most worth shortening."""
    size = len(graph_json_bytes(graph.model_dump(mode="json")))
    if size <= MAX_GRAPH_BYTES:
        return None
    largest = max(
        graph.nodes,
        key=lambda node: len(graph_json_bytes(node.model_dump(mode="json"))),
        default=None,
    )
    return FlowProblem(
        node_id=None if largest is None else largest.id,
        message=f"The flow takes {_kilobytes(size)} KB; a published flow may take at most "
        f"{MAX_GRAPH_BYTES // 1024} KB. This is its largest step: shorten its texts, or move "
        "part of the flow into another flow and jump to it.",
    )


def _node_problems(node: FlowNode, known_flow_ids: set[str] | None) -> list[FlowProblem]:
    problems: list[FlowProblem] = []
    if isinstance(node, AskQuestionNode) and node.expect == "choice":
        buttons = getattr(node.prompt, "buttons", None) or []
        if not node.choices and not buttons:
            problems.append(
                FlowProblem(
                    node_id=node.id,
                    field="choices",
                    message="List the accepted answers, or ask with buttons.",
                )
            )
    if isinstance(node, ConditionNode):
        for index, rule in enumerate(node.rules):
            if rule.operator == "any_keyword" and not rule.keywords:
                problems.append(
                    FlowProblem(
                        node_id=node.id,
                        field=f"rules.{index}.keywords",
                        message="Give at least one keyword.",
                    )
                )
            pattern = pattern_problem(rule.value) if rule.operator == "regex" else None
            if pattern is not None:
                problems.append(
                    FlowProblem(node_id=node.id, field=f"rules.{index}.value", message=pattern)
                )
            if rule.subject in ("variable", "contact_field") and not rule.name:
                problems.append(
                    FlowProblem(
                        node_id=node.id,
                        field=f"rules.{index}.name",
                        message="Name the variable or field to check.",
                    )
                )
    if isinstance(node, HttpRequestNode) and not node.url.startswith(("http://", "https://", "{{")):
        problems.append(
            FlowProblem(node_id=node.id, field="url", message="The URL must start with https://.")
        )
    if (
        isinstance(node, JumpNode)
        and known_flow_ids is not None
        and str(node.flow_id) not in known_flow_ids
    ):
        problems.append(
            FlowProblem(node_id=node.id, field="flow_id", message="That flow does not exist.")
        )
    return problems
