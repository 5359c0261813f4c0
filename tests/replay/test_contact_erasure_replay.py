"""Recorded erasures must replay on today's ContactErasureWorkflow.

A failure here means a change would break erasures in flight: guard the change with
`workflow.patched(...)` and record a new history beside the old ones
(`python -m tests.replay.record_contact_erasure NAME`).
"""

from pathlib import Path

import pytest
from temporalio.client import WorkflowHistory
from temporalio.contrib.pydantic import pydantic_data_converter
from temporalio.worker import Replayer

from workflows.contact_erasure import ContactErasureWorkflow

HISTORIES = sorted((Path(__file__).parent / "histories").glob("contact-erasure-*.json"))


def test_erasure_histories_are_recorded() -> None:
    assert HISTORIES, "no recorded erasure: run `python -m tests.replay.record_contact_erasure`"


@pytest.mark.parametrize("path", HISTORIES, ids=[p.stem for p in HISTORIES])
async def test_recorded_erasure_replays_on_current_code(path: Path) -> None:
    history = WorkflowHistory.from_json(path.stem, path.read_text())
    replayer = Replayer(workflows=[ContactErasureWorkflow], data_converter=pydantic_data_converter)
    await replayer.replay_workflow(history)
