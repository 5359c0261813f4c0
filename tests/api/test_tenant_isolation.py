"""Walks every route in the OpenAPI schema as another workspace's owner, aiming at our ids.

Each answer must be 403 or 404 (or, for lists, contain nothing of ours), and afterwards every
row of our workspace must be exactly as before. A new route with a path parameter this test
does not know fails it, so isolation is proven for every route that will ever exist.
"""

import uuid
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import SQLModel, select

from domain.enums import ChannelKind, ConsentStatus, CustomFieldType, Role, SuppressionKind
from domain.security import new_api_key, new_token, token_digest
from domain.timeutil import utcnow
from stores.tables.contacts import (
    Contact,
    ContactConsent,
    ContactEvent,
    ContactImport,
    ContactImportError,
    ContactNote,
    ContactTag,
    CustomField,
    Segment,
    Suppression,
)
from stores.tables.conversations import Channel, Conversation, Message
from stores.tables.flows import AiSettings, AiUsage, Flow, FlowVersion
from stores.tables.inbox import (
    Attachment,
    CannedResponse,
    ConversationLabel,
    ConversationNote,
    InboxTeam,
    InboxTeamMember,
    MessageTemplateRecord,
)
from stores.tables.workspaces import ApiKey, AuditEvent, Invitation, Membership
from tests.factories import WorkspaceFixture, create_workspace
from tests.support.harness import Harness
from tests.support.inbox import conversations_in
from tests.support.waiting import eventually
from tests.support.widget import post_visitor_message

# Reached without a workspace's credentials, by design; their own tests cover them.
PUBLIC = ("/api/widget/", "/api/health", "/api/invitations/", "/api/auth/")
OUR_TAG = "ours-only-tag"
# Path values that name no row of ours, so seeing them in another workspace's answer is no leak.
NOT_SECRET = ("channel", "version")
WORKSPACE_TABLES: tuple[type[SQLModel], ...] = (
    Channel,
    Contact,
    Conversation,
    Message,
    Membership,
    Invitation,
    ApiKey,
    ContactTag,
    ContactNote,
    ContactConsent,
    ContactEvent,
    CustomField,
    Segment,
    Suppression,
    ContactImport,
    ContactImportError,
    InboxTeam,
    InboxTeamMember,
    ConversationLabel,
    ConversationNote,
    CannedResponse,
    Attachment,
    MessageTemplateRecord,
    Flow,
    FlowVersion,
    AiSettings,
    AiUsage,
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
        lambda: conversations_in(app.services.sessions, ours.workspace_id)
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
        crm = await _our_crm_rows(session, ours, conversations[0].contact_id)
        inbox = await _our_inbox_rows(session, ours, conversations[0].id)
    attachment = await app.services.attachments.save(
        ours.workspace_id, b"ours", filename="ours.txt", mime_type="text/plain"
    )
    return {
        **crm,
        **inbox,
        "attachment_id": str(attachment.id),
        "channel_id": str(ours.channel_id),
        **await _our_channel_rows(app, ours),
        **await _our_flow_rows(app, ours),
        **await _our_ai_rows(app, ours),
        "conversation_id": str(conversations[0].id),
        "user_id": str(ours.user_id),
        "invitation_id": str(invitation.id),
        "key_id": str(api_key.id),
    }


async def _our_inbox_rows(
    session: AsyncSession, ours: WorkspaceFixture, conversation_id: uuid.UUID
) -> dict[str, str]:
    """A team with a member, a labelled conversation with a note, a canned response."""
    ws = ours.workspace_id
    team = InboxTeam(workspace_id=ws, name="ours")
    canned = CannedResponse(workspace_id=ws, shortcut="ours", title="ours", body="ours")
    session.add_all([team, canned])
    await session.flush()
    session.add_all(
        [
            InboxTeamMember(team_id=team.id, user_id=ours.user_id, workspace_id=ws),
            ConversationLabel(conversation_id=conversation_id, label=OUR_TAG, workspace_id=ws),
            ConversationNote(workspace_id=ws, conversation_id=conversation_id, body="ours"),
        ]
    )
    return {"team_id": str(team.id), "canned_response_id": str(canned.id)}


async def _our_crm_rows(
    session: AsyncSession, ours: WorkspaceFixture, contact_id: uuid.UUID
) -> dict[str, str]:
    """A tagged contact with a note, consent and an event; a field, a segment, an import with a
    failed row, and a suppressed address."""
    ws = ours.workspace_id
    contact = await session.get(Contact, contact_id)
    assert contact is not None
    contact.email = "ours@example.com"
    contact.custom_fields = {"city": "Recife"}
    note = ContactNote(
        workspace_id=ws, contact_id=contact_id, text="ours", author_user_id=ours.user_id
    )
    field = CustomField(workspace_id=ws, key="city", label="City", type=CustomFieldType.text)
    segment = Segment(workspace_id=ws, name="ours", filter={"type": "group", "conditions": []})
    upload = ContactImport(
        workspace_id=ws, filename="ours.csv", storage_key="missing.csv", columns=["email"]
    )
    suppression = Suppression(workspace_id=ws, kind=SuppressionKind.email, value="x@example.com")
    session.add_all(
        [
            ContactTag(contact_id=contact_id, tag=OUR_TAG, workspace_id=ws),
            ContactConsent(
                contact_id=contact_id,
                channel=ChannelKind.email,
                workspace_id=ws,
                status=ConsentStatus.opted_in,
                source="form",
            ),
            ContactEvent(workspace_id=ws, contact_id=contact_id, kind="created"),
            note,
            field,
            segment,
            upload,
            suppression,
        ]
    )
    await session.flush()
    session.add(
        ContactImportError(
            workspace_id=ws, import_id=upload.id, row_number=2, values=["bad"], errors=["bad"]
        )
    )
    return {
        "contact_id": str(contact_id),
        "tag": OUR_TAG,
        "channel": ChannelKind.email.value,
        "note_id": str(note.id),
        "field_id": str(field.id),
        "segment_id": str(segment.id),
        "import_id": str(upload.id),
        "suppression_id": str(suppression.id),
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

    secrets = [value for name, value in ids.items() if name not in NOT_SECRET]
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
                assert not any(value in response.text for value in secrets), label
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


async def _our_channel_rows(app: Harness, ours: WorkspaceFixture) -> dict[str, str]:
    """A WhatsApp template of our channel, and the webhook key in its URLs (webhooks are
    public by design: the key is their secret, and it must not work as another's)."""
    async with app.services.sessions() as session, session.begin():
        channel = await session.get(Channel, ours.channel_id)
        assert channel is not None
        session.add(
            MessageTemplateRecord(
                workspace_id=ours.workspace_id,
                channel_id=channel.id,
                provider_template_id="1",
                name="ours",
                language="pt_BR",
                status="APPROVED",
            )
        )
        return {"webhook_key": channel.webhook_key}


async def _our_flow_rows(app: Harness, ours: WorkspaceFixture) -> dict[str, str]:
    """An active flow with a published version 1 (whose number another flow may have too)."""
    async with app.services.sessions() as session, session.begin():
        graph = {"nodes": [{"id": "start", "type": "start"}], "edges": [], "variables": []}
        flow = Flow(
            workspace_id=ours.workspace_id,
            name="ours",
            draft=graph,
            triggers=[{"type": "keyword", "keywords": [OUR_TAG], "match": "exact"}],
            published_version=1,
            active=True,
        )
        session.add(flow)
        await session.flush()
        session.add(
            FlowVersion(
                workspace_id=ours.workspace_id,
                flow_id=flow.id,
                version=1,
                graph=graph,
                triggers=flow.triggers,
            )
        )
        return {"flow_id": str(flow.id), "version": "1"}


async def _our_ai_rows(app: Harness, ours: WorkspaceFixture) -> dict[str, str]:
    """Our AI settings and a day of usage; the model's name is ours alone, so another
    workspace's settings or usage showing it would be a leak."""
    model = f"ours-model-{uuid.uuid4().hex[:8]}"
    async with app.services.sessions() as session, session.begin():
        session.add(
            AiSettings(
                workspace_id=ours.workspace_id,
                base_url="https://ours.example.com/v1",
                model=model,
                api_key="sk-ours-0123456789abcdef",
            )
        )
        session.add(
            AiUsage(
                workspace_id=ours.workspace_id,
                day=utcnow().date(),
                model=model,
                requests=3,
                prompt_tokens=30,
                completion_tokens=9,
            )
        )
    return {"ai_model": model}
