"""Workflow ids are business keys: one running workflow per key also makes starts idempotent."""

import uuid


def conversation_workflow_id(
    workspace_id: uuid.UUID, channel_id: uuid.UUID, contact_key: str
) -> str:
    return f"conversation/{workspace_id}/{channel_id}/{contact_key}"


def contact_erasure_workflow_id(workspace_id: uuid.UUID, contact_id: uuid.UUID) -> str:
    """One erasure per contact: asking twice finds the same workflow."""
    return f"erasure/{workspace_id}/{contact_id}"


def contact_import_workflow_id(workspace_id: uuid.UUID, import_id: uuid.UUID) -> str:
    """One workflow per import: starting it twice finds the same run."""
    return f"import/{workspace_id}/{import_id}"
