"""The recorded ContactImportWorkflow history must replay on today's code.

A failure means a change would break imports in flight: guard it with `workflow.patched(...)`
and record a new history beside the old one (`python -m tests.replay.record_contact_import`).
"""

from pathlib import Path

from temporalio.api.enums.v1 import EventType
from temporalio.client import WorkflowHistory
from temporalio.contrib.pydantic import pydantic_data_converter
from temporalio.worker import Replayer

from workflows.contact_import import ContactImportWorkflow

HISTORY = Path(__file__).parent / "histories" / "contact-import-v1.json"


async def test_contact_import_history_replays_on_current_code() -> None:
    history = WorkflowHistory.from_json("contact-import-v1", HISTORY.read_text())
    kinds = [event.event_type for event in history.events]
    # The recording covers the batches and the continue-as-new that keeps histories small.
    assert kinds.count(EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED) == 2
    assert kinds[-1] == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW
    replayer = Replayer(workflows=[ContactImportWorkflow], data_converter=pydantic_data_converter)
    await replayer.replay_workflow(history)
