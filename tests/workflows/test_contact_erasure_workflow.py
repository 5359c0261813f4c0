"""Erasing a contact end to end: the real app, a real worker, a real Temporal server."""

import uuid
from typing import Any

import httpx
from sqlalchemy import func
from sqlmodel import col, select
from temporalio.client import WorkflowExecutionStatus
from temporalio.service import RPCError, RPCStatusCode

from domain.enums import Role
from domain.erasure import EraseContactResult
from stores.tables.contacts import Contact, ContactEvent, ContactIdentity
from stores.tables.conversations import Conversation, Message
from stores.tables.workspaces import AuditEvent
from tests.api.team_support import add_member
from tests.factories import WorkspaceFixture, create_workspace
from tests.support.harness import Harness
from tests.support.waiting import eventually
from tests.support.widget import post_visitor_message, visitor_history


async def _conversations(agent: httpx.AsyncClient, count: int) -> list[dict[str, Any]]:
    async def listed() -> list[dict[str, Any]] | None:
        data: list[dict[str, Any]] = (await agent.get("/api/conversations")).json()["data"]
        return data if len(data) >= count else None

    return await eventually(listed)


async def _visitor_writes(
    app: Harness, account: WorkspaceFixture, texts: list[str]
) -> tuple[str, dict[str, Any]]:
    token = await app.visitor_token(account)
    for text in texts:
        assert await post_visitor_message(app, account, token, text) == 202
    agent = await app.login(account)

    async def stored() -> dict[str, Any] | None:
        data = (await _conversations(agent, 1))[0]
        messages = (await agent.get(f"/api/conversations/{data['id']}/messages")).json()["data"]
        return data if len(messages) == len(texts) else None

    return token, await eventually(stored)


async def _erase(app: Harness, agent: httpx.AsyncClient, contact_id: str) -> EraseContactResult:
    response = await agent.post(f"/api/contacts/{contact_id}/erase")
    assert response.status_code == 202, response.text
    workflow_id: str = response.json()["workflow_id"]
    handle = app.temporal.get_workflow_handle(workflow_id, result_type=EraseContactResult)
    result: EraseContactResult = await handle.result()
    return result


async def _history_gone(app: Harness, workflow_id: str, run_id: str | None) -> bool:
    try:
        await app.temporal.get_workflow_handle(workflow_id, run_id=run_id).describe()
    except RPCError as error:
        return error.status == RPCStatusCode.NOT_FOUND
    return False


async def _status(app: Harness, workflow_id: str) -> WorkflowExecutionStatus | None:
    return (await app.temporal.get_workflow_handle(workflow_id).describe()).status


async def test_erase_contact_ends_its_workflows_and_removes_its_data(app: Harness) -> None:
    account = await create_workspace(app.services.sessions)
    token, conversation = await _visitor_writes(app, account, ["meu CPF é 123", "e meu e-mail"])
    contact_id, workflow_id = conversation["contact_id"], conversation["workflow_id"]
    assert await _status(app, workflow_id) == WorkflowExecutionStatus.RUNNING
    conversation_run = (await app.temporal.get_workflow_handle(workflow_id).describe()).run_id
    owner = await app.login(account)
    consent = await owner.put(
        f"/api/contacts/{contact_id}/consent/webchat",
        json={"status": "opted_in", "source": "widget", "proof": "checkbox"},
    )
    assert consent.status_code == 200, consent.text

    response = await owner.post(f"/api/contacts/{contact_id}/erase")
    assert response.status_code == 202, response.text
    erasure_id = response.json()["workflow_id"]
    assert erasure_id == f"erasure/{account.workspace_id}/{contact_id}"
    handle = app.temporal.get_workflow_handle(erasure_id, result_type=EraseContactResult)
    result = await handle.result()

    assert result.found and workflow_id in result.ended_workflow_ids
    assert (result.conversations, result.messages) == (1, 2)
    # Terminated, then its history (which holds the messages) deleted from Temporal.
    assert workflow_id in result.deleted_history_ids
    # The server deletes it in the background (about 30 s on the dev server).
    await eventually(
        lambda: _history_gone(app, workflow_id, conversation_run), timeout=120, interval=1
    )
    erasure = await app.temporal.get_workflow_handle(erasure_id).describe()
    attributes = {k.name: v for k, v in erasure.typed_search_attributes}
    assert attributes["FluxoKind"] == "erasure"
    assert attributes["FluxoContact"] == contact_id
    for path in ("consent", "timeline"):
        assert (await owner.get(f"/api/contacts/{contact_id}/{path}")).status_code == 404
    await _assert_redacted(app, account, uuid.UUID(contact_id))
    assert await visitor_history(app, account, token) == []

    # The same visitor writes again: a new, unrelated contact in a new conversation.
    assert await post_visitor_message(app, account, token, "sou novo aqui") == 202
    # The inbox no longer lists the erased conversation, only the new one.
    [fresh] = await _conversations(owner, 1)
    assert fresh["contact_id"] != contact_id
    assert fresh["workflow_id"] == workflow_id
    assert fresh["last_message_preview"] == "sou novo aqui"
    assert await _status(app, workflow_id) == WorkflowExecutionStatus.RUNNING
    history = await eventually(lambda: visitor_history(app, account, token))
    assert [m["text"] for m in history] == ["sou novo aqui"]


async def _assert_redacted(app: Harness, account: WorkspaceFixture, contact_id: uuid.UUID) -> None:
    async with app.services.sessions() as session:
        contact = await session.get(Contact, contact_id)
        assert contact is not None and contact.erased_at is not None
        assert (contact.name, contact.phone, contact.email, contact.custom_fields) == (
            "",
            None,
            None,
            {},
        )
        conversations = (
            (
                await session.execute(
                    select(Conversation).where(Conversation.contact_id == contact_id)
                )
            )
            .scalars()
            .all()
        )
        assert len(conversations) == 1
        assert (conversations[0].contact_key, conversations[0].last_message_preview) == ("", "")
        texts = (
            await session.execute(
                select(Message.text).where(Message.conversation_id == conversations[0].id)
            )
        ).scalars()
        assert list(texts) == ["", ""]
        identities = await session.execute(
            select(func.count()).where(ContactIdentity.contact_id == contact_id)
        )
        assert identities.scalar_one() == 0
        events = (
            (
                await session.execute(
                    select(ContactEvent).where(ContactEvent.contact_id == contact_id)
                )
            )
            .scalars()
            .all()
        )
        assert [(e.kind, e.details, e.actor_user_id) for e in events] == [
            ("erased", {}, account.user_id)
        ]
        audit = await session.execute(
            select(AuditEvent.action, AuditEvent.target_id).where(
                AuditEvent.workspace_id == account.workspace_id,
                col(AuditEvent.action) == "contact.erased",
            )
        )
        assert audit.all() == [("contact.erased", str(contact_id))]


async def test_erase_contact_twice_is_harmless(app: Harness) -> None:
    account = await create_workspace(app.services.sessions)
    token, conversation = await _visitor_writes(app, account, ["olá"])
    owner = await app.login(account)
    contact_id = conversation["contact_id"]
    first = await _erase(app, owner, contact_id)
    assert await post_visitor_message(app, account, token, "de novo") == 202
    [fresh] = await _conversations(owner, 1)
    assert fresh["contact_id"] != contact_id

    second = await _erase(app, owner, contact_id)

    assert first.found and second.found
    assert second.ended_workflow_ids == [] and second.messages == 1
    # The visitor's new contact and its running conversation are untouched.
    assert await _status(app, fresh["workflow_id"]) == WorkflowExecutionStatus.RUNNING
    timeline = await owner.get(f"/api/contacts/{fresh['contact_id']}/timeline")
    kinds = sorted(e["kind"] for e in timeline.json()["data"])
    assert kinds == ["conversation_started", "created", "message"]
    async with app.services.sessions() as session:
        events = await session.execute(
            select(ContactEvent.kind).where(ContactEvent.contact_id == uuid.UUID(contact_id))
        )
        assert list(events.scalars()) == ["erased"]


async def test_erase_contact_needs_contacts_manage(sqlite_app: Harness) -> None:
    app = sqlite_app
    account = await create_workspace(app.services.sessions)
    _, conversation = await _visitor_writes(app, account, ["oi"])
    agent = await app.login(await add_member(app.services.sessions, account, Role.agent))

    response = await agent.post(f"/api/contacts/{conversation['contact_id']}/erase")

    assert response.status_code == 403
    assert "contacts:manage" in response.json()["detail"]
    assert await _status(app, conversation["workflow_id"]) == WorkflowExecutionStatus.RUNNING


async def test_erase_contact_of_another_workspace_is_not_found(sqlite_app: Harness) -> None:
    app = sqlite_app
    ours = await create_workspace(app.services.sessions)
    theirs = await create_workspace(app.services.sessions)
    _, conversation = await _visitor_writes(app, ours, ["oi"])
    intruder = await app.login(theirs)
    contact_id = conversation["contact_id"]

    for method, path in [
        ("POST", f"/api/contacts/{contact_id}/erase"),
        ("POST", f"/api/contacts/{uuid.uuid4()}/erase"),
        ("GET", f"/api/contacts/{contact_id}/timeline"),
        ("GET", f"/api/contacts/{contact_id}/consent"),
    ]:
        response = await intruder.request(method, path)
        assert response.status_code == 404, (method, path, response.text)
    assert await _status(app, conversation["workflow_id"]) == WorkflowExecutionStatus.RUNNING
