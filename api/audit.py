"""Recording security-relevant and administrative actions in the workspace's audit log."""

import uuid

from sqlalchemy.ext.asyncio import AsyncSession
from starlette.requests import HTTPConnection

from api.deps import Principal
from stores.tables.workspaces import AuditEvent


def client_ip(connection: HTTPConnection) -> str | None:
    return connection.client.host if connection.client else None


def audit(
    session: AsyncSession,
    connection: HTTPConnection,
    *,
    workspace_id: uuid.UUID,
    action: str,
    actor_user_id: uuid.UUID | None = None,
    actor_api_key_id: uuid.UUID | None = None,
    target_type: str = "",
    target_id: str = "",
    details: dict[str, str] | None = None,
) -> None:
    """Adds the event to the caller's transaction: it is kept exactly when the action is."""
    session.add(
        AuditEvent(
            workspace_id=workspace_id,
            actor_user_id=actor_user_id,
            actor_api_key_id=actor_api_key_id,
            action=action,
            target_type=target_type,
            target_id=target_id,
            details=details or {},
            ip_address=client_ip(connection),
        )
    )


def audit_by(
    session: AsyncSession,
    connection: HTTPConnection,
    principal: Principal,
    action: str,
    *,
    target_type: str = "",
    target_id: str = "",
    details: dict[str, str] | None = None,
) -> None:
    """`audit` for an action a principal takes in its own workspace."""
    audit(
        session,
        connection,
        workspace_id=principal.workspace_id,
        action=action,
        actor_user_id=principal.actor_user_id,
        actor_api_key_id=principal.actor_api_key_id,
        target_type=target_type,
        target_id=target_id,
        details=details,
    )
