"""Tables of chatbot flows: the flow with its draft, its published versions, the steps each bot
run took, and the workspace's AI model settings and token usage."""

import uuid
from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Column, Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from infra.secrets import EncryptedText
from stores.tables.column_types import UtcDateTime, created_at_field


class Flow(SQLModel, table=True):
    """A chatbot: its draft graph (what the builder edits) and which version is live."""

    __table_args__ = (UniqueConstraint("workspace_id", "name"),)

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    workspace_id: uuid.UUID = Field(foreign_key="workspace.id", index=True)
    name: str = Field(max_length=100)
    description: str = Field(default="", max_length=500)
    draft: dict[str, Any] = Field(
        default_factory=dict,
        sa_column=Column(JSON, nullable=False),
        description="`domain.flows.FlowGraph` as JSON.",
    )
    triggers: list[dict[str, Any]] = Field(
        default_factory=list,
        sa_column=Column(JSON, nullable=False),
        description="`domain.flows.FlowTrigger`s of the draft; published with it.",
    )
    published_version: int | None = Field(default=None)
    active: bool = Field(default=False, description="Its published version answers triggers.")
    created_by_user_id: uuid.UUID | None = Field(default=None, foreign_key="user.id")
    created_at: datetime = created_at_field()
    updated_at: datetime = created_at_field()


class FlowVersion(SQLModel, table=True):
    """A published, immutable version; conversations pin the version they started on."""

    __tablename__ = "flow_version"
    __table_args__ = (UniqueConstraint("flow_id", "version"),)

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    workspace_id: uuid.UUID = Field(foreign_key="workspace.id", index=True)
    flow_id: uuid.UUID = Field(foreign_key="flow.id")
    version: int
    graph: dict[str, Any] = Field(sa_column=Column(JSON, nullable=False))
    triggers: list[dict[str, Any]] = Field(
        default_factory=list, sa_column=Column(JSON, nullable=False)
    )
    published_by_user_id: uuid.UUID | None = Field(default=None, foreign_key="user.id")
    published_at: datetime = created_at_field()


class FlowRunStep(SQLModel, table=True):
    """One step a bot run took: for the run inspector's path and drop-off per node."""

    __tablename__ = "flow_run_step"
    __table_args__ = (
        # A retried activity records the step once.
        UniqueConstraint("flow_run_id", "step_index"),
        Index("ix_flow_run_step_flow_node", "flow_id", "flow_version", "node_id"),
        Index("ix_flow_run_step_conversation", "conversation_id", "started_at"),
    )

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    workspace_id: uuid.UUID = Field(foreign_key="workspace.id", index=True)
    flow_id: uuid.UUID = Field(foreign_key="flow.id")
    flow_version: int
    flow_run_id: uuid.UUID = Field(description="One run of a flow in a conversation.")
    conversation_id: uuid.UUID = Field(foreign_key="conversation.id")
    workflow_id: str = Field(max_length=400)
    run_id: str = Field(max_length=100, description="The Temporal run, for its Web UI link.")
    step_index: int
    node_id: str = Field(max_length=64)
    node_type: str = Field(max_length=32)
    outcome: str = Field(default="", max_length=64, description="The output it left by.")
    detail: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    started_at: datetime = Field(sa_column=Column(UtcDateTime(), nullable=False))
    finished_at: datetime = Field(sa_column=Column(UtcDateTime(), nullable=False))


class AiSettings(SQLModel, table=True):
    """The workspace's OpenAI-compatible endpoint (OpenAI, Azure OpenAI, Ollama, vLLM...)."""

    __tablename__ = "ai_settings"

    workspace_id: uuid.UUID = Field(foreign_key="workspace.id", primary_key=True)
    base_url: str = Field(max_length=500)
    model: str = Field(max_length=200)
    api_key: str | None = Field(default=None, sa_column=Column(EncryptedText(), nullable=True))
    updated_at: datetime = created_at_field()


class AiUsage(SQLModel, table=True):
    """Tokens a workspace spent, per day and model."""

    __tablename__ = "ai_usage"
    __table_args__ = (UniqueConstraint("workspace_id", "day", "model"),)

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    workspace_id: uuid.UUID = Field(foreign_key="workspace.id", index=True)
    day: date
    model: str = Field(max_length=200)
    requests: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
