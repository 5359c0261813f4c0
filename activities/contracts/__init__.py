"""What workflows may know of activities: their names, inputs and results.

Contract modules import only `domain/` and third-party libraries, so a workflow that calls an
activity never loads the stores, providers and channels behind it (nor sqlalchemy, httpx or
openai). The activity classes implement these contracts under the same names; the workers test
(`tests/workers/test_contracts.py`) proves every contract has exactly one implementation.
"""

from dataclasses import dataclass
from datetime import timedelta
from typing import Generic, TypeVar

from temporalio import workflow
from temporalio.common import RetryPolicy

InputT = TypeVar("InputT")
ResultT = TypeVar("ResultT")


@dataclass(frozen=True)
class ActivityContract(Generic[InputT, ResultT]):
    """An activity as a workflow calls it: by name, with one typed input and a typed result."""

    name: str
    input_type: type[InputT]
    result_type: type[ResultT]

    async def execute(
        self,
        input: InputT,
        *,
        start_to_close_timeout: timedelta,
        retry_policy: RetryPolicy,
        heartbeat_timeout: timedelta | None = None,
        task_queue: str | None = None,
    ) -> ResultT:
        """Runs the activity on a worker (a round trip through the Temporal server)."""
        result: ResultT = await workflow.execute_activity(
            self.name,
            input,
            result_type=self.result_type,
            start_to_close_timeout=start_to_close_timeout,
            heartbeat_timeout=heartbeat_timeout,
            retry_policy=retry_policy,
            task_queue=task_queue,
        )
        return result

    async def execute_local(
        self,
        input: InputT,
        *,
        start_to_close_timeout: timedelta,
        retry_policy: RetryPolicy,
    ) -> ResultT:
        """Runs the activity in this worker, inside the workflow task (no server round trip)."""
        result: ResultT = await workflow.execute_local_activity(
            self.name,
            input,
            result_type=self.result_type,
            start_to_close_timeout=start_to_close_timeout,
            retry_policy=retry_policy,
        )
        return result
