"""Entering a flow, the same way whether the run starts in it or jumps into it."""

from domain.flow_runs import FlowRunState
from domain.flows import FlowGraph


def enter_flow(run: FlowRunState, graph: FlowGraph) -> None:
    """The run stands at the flow's start, with the flow's declared variables at their
    defaults (values the run already holds, from the contact's answers or an earlier flow,
    are kept)."""
    start = graph.start()
    run.current_node = start.id if start else None
    for variable in graph.variables:
        run.variables.setdefault(variable.name, variable.default)
