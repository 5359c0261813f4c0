"""The steps bot runs took, for the run inspector and the drop-off per node."""

import uuid

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlmodel import col, select

from domain.flow_runs import FlowStep
from stores.tables.flows import FlowRunStep


class FlowStepStore:
    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions

    async def record(
        self,
        *,
        workspace_id: uuid.UUID,
        conversation_id: uuid.UUID,
        flow_run_id: uuid.UUID,
        flow_id: uuid.UUID,
        flow_version: int,
        workflow_id: str,
        run_id: str,
        steps: list[FlowStep],
    ) -> None:
        """Idempotent: a retried call finds the steps it already wrote and skips them."""
        async with self._sessions() as session, session.begin():
            done = set(
                (
                    await session.execute(
                        select(FlowRunStep.step_index).where(
                            FlowRunStep.flow_run_id == flow_run_id,
                            col(FlowRunStep.step_index).in_([s.step_index for s in steps]),
                        )
                    )
                )
                .scalars()
                .all()
            )
            for step in steps:
                if step.step_index in done:
                    continue
                session.add(
                    FlowRunStep(
                        workspace_id=workspace_id,
                        flow_id=flow_id,
                        flow_version=flow_version,
                        flow_run_id=flow_run_id,
                        conversation_id=conversation_id,
                        workflow_id=workflow_id,
                        run_id=run_id,
                        step_index=step.step_index,
                        node_id=step.node_id,
                        node_type=step.node_type,
                        outcome=step.outcome,
                        detail=step.detail,
                        started_at=step.started_at,
                        finished_at=step.finished_at,
                    )
                )
            # A concurrent retry that wrote them first makes this fail on the unique key; the
            # activity's next attempt then finds them done.
            await session.flush()
