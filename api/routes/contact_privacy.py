"""Consent, timeline and erasure of a contact."""

import uuid
from typing import Annotated

from fastapi import APIRouter, HTTPException, Query, Request, status
from temporalio.common import (
    SearchAttributePair,
    TypedSearchAttributes,
    WorkflowIDConflictPolicy,
    WorkflowIDReusePolicy,
)

from api.audit import audit_by
from api.deps import Principal, ServicesDep, SessionDep, TemporalClientDep, require
from api.privacy_schemas import (
    ConsentsPublic,
    ConsentUpdate,
    ErasureAccepted,
    TimelinePublic,
    decode_cursor,
    encode_cursor,
)
from api.schemas import errors
from domain.contacts import ConsentPublic
from domain.enums import ChannelKind, ConsentStatus
from domain.erasure import EraseContactInput
from domain.permissions import Permission
from domain.timeutil import utcnow
from stores.contacts.privacy import (
    ConsentChange,
    contact_address,
    list_consent,
    live_contact,
    set_consent,
)
from stores.contacts.timeline import TemporalUi, read_timeline
from stores.tables.contacts import Contact, ContactConsent
from temporal import search_attributes
from temporal.ids import contact_erasure_workflow_id
from temporal.names import CONTACT_ERASURE_WORKFLOW

router = APIRouter(prefix="/contacts", tags=["contacts"], responses=errors(401, 403, 404))

NOT_FOUND = "Contact not found."

Reader = Annotated[Principal, require(Permission.contacts_read)]
Writer = Annotated[Principal, require(Permission.contacts_write)]
Manager = Annotated[Principal, require(Permission.contacts_manage)]


def _consent_public(consent: ContactConsent) -> ConsentPublic:
    return ConsentPublic.model_validate(consent, from_attributes=True)


async def _contact(session: SessionDep, principal: Principal, contact_id: uuid.UUID) -> Contact:
    contact = await live_contact(session, principal.workspace_id, contact_id)
    if contact is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail=NOT_FOUND)
    return contact


@router.get("/{contact_id}/consent", response_model=ConsentsPublic)
async def list_contact_consent(
    contact_id: uuid.UUID, reader: Reader, session: SessionDep
) -> ConsentsPublic:
    """The contact's current consent per channel; how it changed is in the timeline."""
    await _contact(session, reader, contact_id)
    rows = await list_consent(session, reader.workspace_id, contact_id)
    return ConsentsPublic(data=[_consent_public(row) for row in rows])


@router.put("/{contact_id}/consent/{channel}", response_model=ConsentPublic, responses=errors(422))
async def set_contact_consent(
    contact_id: uuid.UUID,
    channel: ChannelKind,
    body: ConsentUpdate,
    writer: Writer,
    session: SessionDep,
) -> ConsentPublic:
    """Records an opt-in or opt-out with its source and proof; `suppress` on an opt-out also
    puts the channel's address on the suppression list."""
    contact = await _contact(session, writer, contact_id)
    if body.suppress:
        if body.status is not ConsentStatus.opted_out:
            raise HTTPException(
                status.HTTP_422_UNPROCESSABLE_CONTENT,
                detail="suppress goes with status opted_out only.",
            )
        if contact_address(contact, channel) is None:
            raise HTTPException(
                status.HTTP_422_UNPROCESSABLE_CONTENT,
                detail=f"The contact has no {channel.value} address to suppress "
                "(e-mail for email, phone for sms and whatsapp); send suppress: false.",
            )
    change = ConsentChange(channel, body.status, body.source, body.proof, body.suppress)
    consent = await set_consent(
        session, contact, change, now=utcnow(), actor_user_id=writer.actor_user_id
    )
    public = _consent_public(consent)
    await session.commit()
    return public


@router.get("/{contact_id}/timeline", response_model=TimelinePublic, responses=errors(422))
async def read_contact_timeline(
    contact_id: uuid.UUID,
    reader: Reader,
    session: SessionDep,
    services: ServicesDep,
    limit: int = Query(50, ge=1, le=200),
    before: str | None = Query(
        None, description="`next_before` of the previous page, or an ISO time: older entries."
    ),
) -> TimelinePublic:
    """Newest first: the contact's events, its messages, and its conversations with links to
    their Temporal runs."""
    cursor = decode_cursor(before)
    await _contact(session, reader, contact_id)
    settings = services.settings
    entries = await read_timeline(
        session,
        reader.workspace_id,
        contact_id,
        limit=limit,
        before=cursor,
        temporal_ui=TemporalUi(settings.temporal_ui_url, settings.temporal_namespace),
    )
    last = entries[-1] if len(entries) == limit else None
    return TimelinePublic(
        data=entries, next_before=encode_cursor(last.at, last.id) if last else None
    )


@router.post(
    "/{contact_id}/erase",
    response_model=ErasureAccepted,
    status_code=status.HTTP_202_ACCEPTED,
    responses=errors(503),
)
async def erase_contact(
    contact_id: uuid.UUID,
    manager: Manager,
    session: SessionDep,
    request: Request,
    client: TemporalClientDep,
    services: ServicesDep,
) -> ErasureAccepted:
    """Erases the contact's personal data (LGPD/GDPR) and ends every workflow acting for it.

    Durable: answered once Temporal holds the erasure. Asking again (even after it finished)
    runs the same idempotent steps under the same workflow id, which changes nothing more.
    """
    contact = await session.get(Contact, contact_id)
    # An erased contact is still this workspace's: asking again is allowed, and harmless.
    if contact is None or contact.workspace_id != manager.workspace_id:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail=NOT_FOUND)
    workflow_id = contact_erasure_workflow_id(manager.workspace_id, contact_id)
    await client.start_workflow(
        CONTACT_ERASURE_WORKFLOW,
        EraseContactInput(
            workspace_id=manager.workspace_id,
            contact_id=contact_id,
            requested_by_user_id=manager.actor_user_id,
        ),
        id=workflow_id,
        task_queue=services.settings.temporal_task_queue,
        # A second request while one runs joins it; after it ended, a new run repeats it.
        id_conflict_policy=WorkflowIDConflictPolicy.USE_EXISTING,
        id_reuse_policy=WorkflowIDReusePolicy.ALLOW_DUPLICATE,
        search_attributes=TypedSearchAttributes(
            [
                SearchAttributePair(search_attributes.WORKSPACE, str(manager.workspace_id)),
                SearchAttributePair(search_attributes.CONTACT, str(contact_id)),
                SearchAttributePair(search_attributes.KIND, search_attributes.KIND_ERASURE),
            ]
        ),
    )
    # Only the id: the audit log outlives the erasure and must hold nothing about the person.
    audit_by(
        session,
        request,
        manager,
        "contact.erased",
        target_type="contact",
        target_id=str(contact_id),
        details={"workflow_id": workflow_id},
    )
    await session.commit()
    return ErasureAccepted(workflow_id=workflow_id)
