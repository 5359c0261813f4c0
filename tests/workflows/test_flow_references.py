"""Bot runs carry a reference to their flow version, not its graph: the graph stays out of
continue-as-new, the next run loads the version it pinned (not the live one), and a graph
that no longer matches the pinned hash is never run."""

import json
from typing import Any

from sqlmodel import select
from temporalio.client import WorkflowHandle

from domain.conversations import ConversationSnapshot, ConversationState
from domain.flow_runs import FlowRunState
from domain.flows import SendMessageNode
from domain.message_content import TextContent
from stores.tables.flows import FlowVersion
from temporal.names import GET_STATE_QUERY, RECEIVE_MESSAGE_SIGNAL
from tests.factories import create_workspace
from tests.support.harness import Harness
from tests.support.waiting import eventually
from tests.workflows.flow_support import lead_qualification, publish, publish_version
from tests.workflows.test_conversation_workflow import _inbound, _ref, _start, _stored_texts

NEW_CONTACT = [{"type": "new_contact", "channels": []}]


async def _waiting_run(app: Harness, handle: WorkflowHandle[Any, Any]) -> FlowRunState:
    """The bot's run once it waits at the question, in a run after the first."""
    # The run the start began (describing now could already show the next one).
    first_run = handle.first_execution_run_id
    latest = app.temporal.get_workflow_handle(handle.id, result_type=ConversationState)

    async def waiting() -> FlowRunState | None:
        if (await latest.describe()).run_id == first_run:
            return None
        found = await latest.query(GET_STATE_QUERY, result_type=ConversationSnapshot)
        run = found.state.flow_run
        return run if run is not None and run.waiting_for_answer else None

    return await eventually(waiting)


async def _started_input(app: Harness, workflow_id: str) -> str:
    """The input the latest run began with (what continue-as-new carried), as JSON."""
    history = await app.temporal.get_workflow_handle(workflow_id).fetch_history()
    started = history.events[0].workflow_execution_started_event_attributes
    # Opened with the workspace's key, as the Temporal UI's codec would.
    codec = app.temporal.data_converter.payload_codec
    assert codec is not None
    payloads = await codec.decode(started.input.payloads)
    return "".join(p.data.decode() for p in payloads)


async def test_a_run_carries_its_version_and_loads_it_after_continue_as_new(
    sqlite_app: Harness,
) -> None:
    app = sqlite_app
    account = await create_workspace(app.services.sessions)
    flow_id = await publish(
        app.services.sessions, account.workspace_id, lead_qualification(), NEW_CONTACT
    )
    queue = app.settings.temporal_task_queue
    # One event per run: the question's answer arrives in a run that never saw the graph.
    handle = await _start(
        app.temporal, queue, _ref(account), _inbound("m1", "oi"), events_per_run=1
    )
    run = await _waiting_run(app, handle)
    assert run.flow is None and run.flow_ref.flow_id == flow_id and run.flow_ref.version == 1
    assert run.flow_ref.graph_hash is not None
    carried = json.loads(await _started_input(app, handle.id))
    assert carried["state"]["flow_run"]["flow_ref"]["version"] == 1
    assert "nodes" not in json.dumps(carried), "the graph rode across continue-as-new"

    # A newer version goes live meanwhile: the run keeps the one it pinned.
    changed = lead_qualification()
    thanks = changed.node("thanks")
    assert isinstance(thanks, SendMessageNode)
    thanks.content = TextContent(text="Valeu! (v2)")
    await publish_version(app.services.sessions, account.workspace_id, flow_id, changed, 2)
    await handle.signal(RECEIVE_MESSAGE_SIGNAL, _inbound("m2", "ana@example.com"))

    async def thanked() -> list[str] | None:
        texts = await _stored_texts(app.services.store, account)
        return texts if len(texts) >= 4 else None

    assert await eventually(thanked) == [
        "oi",
        "Oi! Qual o seu e-mail?",
        "ana@example.com",
        "Obrigado! Vamos escrever para ana@example.com.",
    ]


async def test_a_run_whose_pinned_graph_changed_is_not_run_on_another(
    sqlite_app: Harness,
) -> None:
    app = sqlite_app
    account = await create_workspace(app.services.sessions)
    flow_id = await publish(
        app.services.sessions, account.workspace_id, lead_qualification(), NEW_CONTACT
    )
    queue = app.settings.temporal_task_queue
    handle = await _start(
        app.temporal, queue, _ref(account), _inbound("m1", "oi"), events_per_run=1
    )
    await _waiting_run(app, handle)

    # The version row is rewritten behind the run's back (it never is by the app).
    async with app.services.sessions() as session, session.begin():
        row = (
            await session.execute(select(FlowVersion).where(FlowVersion.flow_id == flow_id))
        ).scalar_one()
        graph = dict(row.graph)
        graph["variables"] = [{"name": "other", "default": "x"}]
        row.graph = graph
    await handle.signal(RECEIVE_MESSAGE_SIGNAL, _inbound("m2", "ana@example.com"))

    latest = app.temporal.get_workflow_handle(handle.id)

    async def dropped() -> ConversationSnapshot | None:
        found = await latest.query(GET_STATE_QUERY, result_type=ConversationSnapshot)
        return found if found.state.messages_handled >= 3 and found.state.flow_run is None else None

    await eventually(dropped)
    assert await _stored_texts(app.services.store, account) == [
        "oi",
        "Oi! Qual o seu e-mail?",
        "ana@example.com",
    ]
