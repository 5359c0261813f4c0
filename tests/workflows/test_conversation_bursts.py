"""A burst into one conversation never overflows a run: continue-as-new is decided after each
event, and the events not handled yet go along to the next run, each stored once, in order."""

from temporalio.client import WorkflowExecutionStatus

from domain.conversations import ConversationSnapshot
from temporal.names import GET_STATE_QUERY, RECEIVE_MESSAGE_SIGNAL
from tests.factories import create_workspace
from tests.support.harness import Harness
from tests.support.waiting import eventually
from tests.workflows.test_conversation_workflow import _inbound, _ref, _start, _stored_texts

BURST = 60
EVENTS_PER_RUN = 4


async def test_a_burst_is_stored_once_in_order_across_many_runs(sqlite_app: Harness) -> None:
    app = sqlite_app
    account = await create_workspace(app.services.sessions)
    ref = _ref(account)
    # The whole burst is queued before any worker looks: a run that waited for an empty queue
    # would handle all of it in one history.
    await app.stop_worker()
    handle = await _start(
        app.temporal,
        app.settings.temporal_task_queue,
        ref,
        _inbound("m00"),
        events_per_run=EVENTS_PER_RUN,
    )
    sent = [f"m{n:02d}" for n in range(BURST)]
    for message_id in [*sent[1:], "m07", "m31"]:  # two provider retries among them
        await handle.signal(RECEIVE_MESSAGE_SIGNAL, _inbound(message_id))
    await app.start_worker()

    async def all_stored() -> list[str] | None:
        texts = await _stored_texts(app.services.store, account)
        return texts if len(texts) >= BURST else None

    assert await eventually(all_stored, timeout=120) == sent
    latest = app.temporal.get_workflow_handle(handle.id)

    async def settled() -> ConversationSnapshot | None:
        found = await latest.query(GET_STATE_QUERY, result_type=ConversationSnapshot)
        return found if found.state.messages_handled >= BURST else None

    snapshot = await eventually(settled, timeout=60)
    assert snapshot.state.messages_handled == BURST
    runs = [
        execution.status
        async for execution in app.temporal.list_workflows(f'WorkflowId = "{handle.id}"')
    ]
    continued = runs.count(WorkflowExecutionStatus.CONTINUED_AS_NEW)
    # Every run handled at most its share: at least one run per EVENTS_PER_RUN events.
    assert continued >= (BURST + 2) // EVENTS_PER_RUN - 1, runs
    assert await _stored_texts(app.services.store, account) == sent
