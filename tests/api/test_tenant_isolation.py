"""Walks every route in the OpenAPI schema as another workspace's owner, aiming at our ids.

Each answer must be 403 or 404 (or, for lists, contain nothing of ours), and afterwards every
row of our workspace must be exactly as before. A new route with a path parameter this test
does not know fails it, so isolation is proven for every route that will ever exist.
"""

import uuid
from typing import Any

from sqlmodel import SQLModel, select

from domain.contact_tables import Contact
from domain.models import (
    ApiKey,
    AuditEvent,
    Channel,
    Conversation,
    Invitation,
    Membership,
    Message,
    Role,
)
from domain.security import new_api_key, new_token, token_digest
from domain.timeutil import utcnow
from tests.factories import WorkspaceFixture, create_workspace
from tests.support.harness import Harness
from tests.support.waiting import eventually
from tests.support.widget import post_visitor_message

# Reached without a workspace's credentials, by design; their own tests cover them.
PUBLIC = ("/api/widget/", "/api/health", "/api/invitations/", "/api/auth/")
WORKSPACE_TABLES: tuple[type[SQLModel], ...] = (
    Channel,
    Contact,
    Conversation,
    Message,
    Membership,
    Invitation,
    ApiKey,
)


def minimal_body(schema: dict[str, Any], components: dict[str, Any]) -> Any:
    """The smallest value that satisfies a JSON schema, so validation never answers first."""
    if "$ref" in schema:
        return minimal_body(components[schema["$ref"].rsplit("/", 1)[-1]], components)
    for combinator in ("anyOf", "oneOf", "allOf"):
        if combinator in schema:
            options = [s for s in schema[combinator] if s.get("type") != "null"]
            return minimal_body(options[0], components)
    if "enum" in schema:
        return schema["enum"][0]
    kind = schema.get("type")
    if kind == "object":
        properties = schema.get("properties", {})
        return {
            name: minimal_body(properties[name], components) for name in schema.get("required", [])
        }
    if kind == "array":
        return [minimal_body(schema.get("items", {}), components)]
    if kind in ("integer", "number"):
        return schema.get("minimum", 1)
    if kind == "boolean":
        return True
    text_format = schema.get("format")
    if text_format == "email":
        return f"someone-{uuid.uuid4().hex[:6]}@example.com"
    if text_format == "uuid":
        return str(uuid.uuid4())
    if text_format == "date-time":
        return utcnow().isoformat()
    return "x" * max(schema.get("minLength", 1), 12)


async def _our_resources(app: Harness, ours: WorkspaceFixture) -> dict[str, str]:
    """One of each kind of row in our workspace, keyed by the path parameter that names it."""
    token = await app.visitor_token(ours)
    await post_visitor_message(app, ours, token, "private")
    conversations = await eventually(
        lambda: app.services.store.list_conversations(ours.workspace_id)
    )
    async with app.services.sessions() as session, session.begin():
        invitation = Invitation(
            workspace_id=ours.workspace_id,
            email="invitee@example.com",
            role=Role.agent,
            token_hash=token_digest(new_token()),
            invited_by_user_id=ours.user_id,
            expires_at=utcnow().replace(year=utcnow().year + 1),
        )
        key, prefix = new_api_key()
        api_key = ApiKey(
            workspace_id=ours.workspace_id,
            name="ours",
            prefix=prefix,
            key_hash=token_digest(key),
            scopes=["inbox:read"],
            created_by_user_id=ours.user_id,
        )
        session.add_all([invitation, api_key])
    return {
        "conversation_id": str(conversations[0].id),
        "user_id": str(ours.user_id),
        "invitation_id": str(invitation.id),
        "key_id": str(api_key.id),
    }


async def _snapshot(app: Harness, workspace_id: uuid.UUID) -> list[Any]:
    rows: list[Any] = []
    async with app.services.sessions() as session:
        for table in WORKSPACE_TABLES:
            found = await session.execute(
                select(table).where(table.workspace_id == workspace_id)  # type: ignore[attr-defined]
            )
            for row in found.scalars():
                rows.append((table.__name__, sorted(row.model_dump(mode="json").items())))
    return sorted(rows, key=repr)


async def test_another_workspace_can_reach_nothing_of_ours(app: Harness) -> None:
    ours = await create_workspace(app.services.sessions)
    theirs = await create_workspace(app.services.sessions)
    ids = await _our_resources(app, ours)
    before = await _snapshot(app, ours.workspace_id)
    intruder = await app.login(theirs)
    schema = (await intruder.get("/api/openapi.json")).json()
    components = schema.get("components", {}).get("schemas", {})

    walked = 0
    for path, operations in schema["paths"].items():
        if path.startswith(PUBLIC):
            continue
        for method, operation in operations.items():
            concrete = path
            for parameter in operation.get("parameters", []):
                if parameter["in"] == "path":
                    name = parameter["name"]
                    assert name in ids, f"{method.upper()} {path}: no id of ours for {{{name}}}"
                    concrete = concrete.replace(f"{{{name}}}", ids[name])
            body_schema = (
                operation.get("requestBody", {})
                .get("content", {})
                .get("application/json", {})
                .get("schema")
            )
            body = minimal_body(body_schema, components) if body_schema else None
            response = await intruder.request(method.upper(), concrete, json=body)
            label = f"{method.upper()} {path} -> {response.status_code} {response.text[:200]}"
            if concrete == path:
                # A list or a create in their own workspace: fine, if nothing of ours leaks.
                assert response.status_code < 500, label
                assert not any(value in response.text for value in ids.values()), label
                assert ours.email not in response.text, label
            else:
                assert response.status_code in (403, 404), label
            walked += 1

    assert walked >= 5
    assert await _snapshot(app, ours.workspace_id) == before
    async with app.services.sessions() as session:
        leaked = await session.execute(
            select(AuditEvent).where(
                AuditEvent.workspace_id == ours.workspace_id,
                AuditEvent.actor_user_id == theirs.user_id,
            )
        )
        assert leaked.first() is None
