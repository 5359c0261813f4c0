"""Request and response bodies of the flows API. The graph and trigger shapes are the domain's
(`domain/flows.py`), so the builder, the API and the interpreter share one schema."""

import uuid
from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, Field, StringConstraints

from domain.flow_validation import FlowProblem
from domain.flows import FlowGraph, FlowTrigger
from stores.flows.rows import FlowDraft, VersionRow, stored_triggers
from stores.tables.flows import Flow

FlowName = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)]
FlowDescription = Annotated[str, StringConstraints(strip_whitespace=True, max_length=500)]


class FlowCreate(BaseModel):
    name: FlowName = Field(description="Unique within the workspace.")
    description: FlowDescription = ""


class FlowUpdate(BaseModel):
    """Fields left out (or null) stay as they are."""

    name: FlowName | None = None
    description: FlowDescription | None = None
    active: bool | None = Field(
        default=None,
        description="An active flow's published version answers its triggers. Activating "
        "needs a published version, and keywords no other active flow uses on the channel.",
    )


class FlowDraftUpdate(BaseModel):
    draft: FlowGraph = Field(description="Any graph the schema accepts; see `problems` after.")
    triggers: list[FlowTrigger] = Field(default_factory=list, max_length=20)


class FlowSummary(BaseModel):
    id: uuid.UUID
    name: str
    description: str
    active: bool
    published_version: int | None
    triggers: list[FlowTrigger] = Field(description="The draft's triggers.")
    updated_at: datetime


class FlowsPublic(BaseModel):
    data: list[FlowSummary]


class FlowPublic(FlowSummary):
    draft: FlowGraph
    problems: list[FlowProblem] = Field(
        description="What stops the draft from being published, on the node and field to fix."
    )
    created_at: datetime


class FlowVersionPublic(BaseModel):
    version: int
    published_at: datetime
    published_by: str | None = Field(description="The publisher's name.")
    published_by_user_id: uuid.UUID | None


class FlowVersionsPublic(BaseModel):
    data: list[FlowVersionPublic]


class FlowVersionDetail(FlowVersionPublic):
    graph: FlowGraph
    triggers: list[FlowTrigger]


class PublishRefused(BaseModel):
    """The draft cannot be published until these problems are fixed."""

    detail: str
    problems: list[FlowProblem]


def flow_summary(flow: Flow) -> FlowSummary:
    return FlowSummary(
        id=flow.id,
        name=flow.name,
        description=flow.description,
        active=flow.active,
        published_version=flow.published_version,
        triggers=stored_triggers(flow.triggers),
        updated_at=flow.updated_at,
    )


def flow_public(draft: FlowDraft) -> FlowPublic:
    flow = draft.flow
    return FlowPublic(
        id=flow.id,
        name=flow.name,
        description=flow.description,
        active=flow.active,
        published_version=flow.published_version,
        triggers=draft.triggers,
        updated_at=flow.updated_at,
        created_at=flow.created_at,
        draft=draft.graph,
        problems=draft.problems,
    )


def version_public(row: VersionRow) -> FlowVersionPublic:
    return FlowVersionPublic(
        version=row.version.version,
        published_at=row.version.published_at,
        published_by=row.publisher,
        published_by_user_id=row.version.published_by_user_id,
    )


def version_detail(row: VersionRow) -> FlowVersionDetail:
    return FlowVersionDetail(
        **version_public(row).model_dump(),
        graph=FlowGraph.model_validate(row.version.graph),
        triggers=stored_triggers(row.version.triggers),
    )
