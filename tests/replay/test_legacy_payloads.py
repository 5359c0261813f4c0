"""Payloads written before runs carried a flow reference still decode: the inbound result with
the graph (taken from a recorded history), a run state holding its graph (what an in-flight
run's continue-as-new input holds) and a StartFlow order carrying the graph."""

import json
import uuid
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError
from temporalio.client import WorkflowHistory

from activities.contracts.conversations import RecordInboundResult
from domain.conversations import ConversationState, StartFlow
from domain.timeutil import utcnow

HISTORIES = Path(__file__).parent / "histories"


def _local_activity_results(name: str) -> list[dict[str, Any]]:
    history = WorkflowHistory.from_json(name, (HISTORIES / f"{name}.json").read_text())
    results = []
    for event in history.events:
        if not event.HasField("marker_recorded_event_attributes"):
            continue
        marker = event.marker_recorded_event_attributes
        if marker.marker_name == "core_local_activity" and "result" in marker.details:
            # Activities that return None record an empty payload.
            results += [json.loads(p.data) for p in marker.details["result"].payloads if p.data]
    return results


def _recorded_flow() -> dict[str, Any]:
    found = [r["flow"] for r in _local_activity_results("conversation-flow-v3") if r.get("flow")]
    assert found, "conversation-flow-v3 holds an inbound result with the graph"
    flow: dict[str, Any] = found[0]
    return flow


def test_an_inbound_result_recorded_with_the_graph_decodes() -> None:
    recorded = next(r for r in _local_activity_results("conversation-flow-v3") if r.get("flow"))
    result = RecordInboundResult.model_validate(recorded)
    assert result.flow is not None and result.flow_ref is None
    assert result.flow.graph.start() is not None and result.flow.graph_hash is None


def test_a_run_state_holding_its_graph_decodes_with_a_reference() -> None:
    flow = _recorded_flow()
    state = ConversationState.model_validate(
        {
            "conversation_id": str(uuid.uuid4()),
            "flow_run": {
                "flow_run_id": str(uuid.uuid4()),
                "flow": flow,
                "current_node": "ask_email",
                "waiting_for_answer": True,
            },
        }
    )
    run = state.flow_run
    assert run is not None and run.flow is not None
    assert (str(run.flow_ref.flow_id), run.flow_ref.version) == (flow["flow_id"], flow["version"])
    # Nothing pins a hash the graph never had: loading it later takes the version as it is.
    assert run.flow_ref.graph_hash is None
    again = ConversationState.model_validate_json(state.model_dump_json())
    assert again == state


def test_a_start_order_carrying_the_graph_decodes() -> None:
    flow = _recorded_flow()
    order = StartFlow.model_validate(
        {"flow": flow, "contact_id": str(uuid.uuid4()), "requested_at": utcnow().isoformat()}
    )
    assert str(order.target.flow_id) == flow["flow_id"] and order.flow_ref is None
    with pytest.raises(ValidationError):
        StartFlow.model_validate({"contact_id": str(uuid.uuid4()), "requested_at": "2025-01-01"})
