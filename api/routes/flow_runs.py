"""A flow's live preview in the builder, and what its runs did: the path one conversation's
bot took (with a link to its Temporal run) and how many runs entered and left each step."""

import uuid
from typing import Annotated

from fastapi import APIRouter, HTTPException, Query, status
from pydantic import BaseModel, Field
from sqlalchemy import func
from sqlmodel import col, select

from api.conversation_commands import start_flow
from api.deps import Principal, ServicesDep, TemporalClientDep, require
from api.schemas import errors
from domain.conversations import ConversationRef, StartFlow
from domain.enums import ChannelKind
from domain.flow_runs import preview_contact_key
from domain.permissions import Permission
from domain.security import issue_visitor_token
from domain.timeutil import utcnow
from stores.contacts.timeline import TemporalUi
from stores.flows.published import load_published
from stores.tables.contacts import Contact, ContactIdentity
from stores.tables.conversations import Channel
from stores.tables.flows import Flow, FlowRunStep

router = APIRouter(prefix="/flows", tags=["flows"], responses=errors(401, 403, 404))

Manager = Annotated[Principal, require(Permission.flows_manage)]
NOT_FOUND = "Flow not found."
MAX_STEPS = 500


class PreviewSession(BaseModel):
    """Chat through the widget API: `POST /api/widget/{public_key}/messages` with
    `X-Fluxo-Visitor: <visitor_token>`, replies on `/api/widget/{public_key}/ws?token=`."""

    public_key: str
    visitor_token: str


class FlowStart(BaseModel):
    contact_id: uuid.UUID
    channel_id: uuid.UUID = Field(description="Where the bot talks to the contact.")


class FlowStarted(BaseModel):
    workflow_id: str


class RunStepPublic(BaseModel):
    flow_run_id: uuid.UUID
    flow_version: int
    step_index: int
    node_id: str
    node_type: str
    outcome: str
    detail: dict[str, str]
    started_at: str
    finished_at: str
    temporal_url: str | None


class RunStepsPublic(BaseModel):
    data: list[RunStepPublic]


class NodeTraffic(BaseModel):
    entered: int
    left: int


class FlowStats(BaseModel):
    version: int | None
    nodes: dict[str, NodeTraffic]


async def _flow(services: ServicesDep, principal: Principal, flow_id: uuid.UUID) -> Flow:
    async with services.sessions() as session:
        flow = await session.get(Flow, flow_id)
    if flow is None or flow.workspace_id != principal.workspace_id:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail=NOT_FOUND)
    return flow


@router.post("/{flow_id}/preview", response_model=PreviewSession)
async def preview(flow_id: uuid.UUID, principal: Manager, services: ServicesDep) -> PreviewSession:
    """A web chat visitor whose messages run this flow's current draft."""
    flow = await _flow(services, principal, flow_id)
    async with services.sessions() as session:
        channel = (
            (
                await session.execute(
                    select(Channel)
                    .where(
                        Channel.workspace_id == principal.workspace_id,
                        Channel.kind == ChannelKind.webchat,
                    )
                    .order_by(col(Channel.created_at))
                )
            )
            .scalars()
            .first()
        )
    if channel is None:
        raise HTTPException(
            status.HTTP_409_CONFLICT, detail="The preview needs a web chat channel: add one."
        )
    token = issue_visitor_token(services.secret_key, channel.id, preview_contact_key(flow.id))
    return PreviewSession(public_key=channel.public_key, visitor_token=token)


@router.post(
    "/{flow_id}/start",
    response_model=FlowStarted,
    status_code=status.HTTP_202_ACCEPTED,
    responses=errors(409, 422, 503),
)
async def start(
    flow_id: uuid.UUID,
    body: FlowStart,
    principal: Manager,
    services: ServicesDep,
    client: TemporalClientDep,
) -> FlowStarted:
    """Starts the flow's published version for a contact (what an automation does). The bot
    speaks first; on WhatsApp outside the 24-hour window only its templates go out."""
    await _flow(services, principal, flow_id)
    published = await load_published(services.sessions, principal.workspace_id, flow_id)
    if published is None:
        raise HTTPException(status.HTTP_409_CONFLICT, detail="Publish the flow before starting it.")
    async with services.sessions() as session:
        contact = await session.get(Contact, body.contact_id)
        channel = await session.get(Channel, body.channel_id)
        if contact is None or contact.workspace_id != principal.workspace_id or contact.erased_at:
            raise HTTPException(status.HTTP_404_NOT_FOUND, detail="Contact not found.")
        if channel is None or channel.workspace_id != principal.workspace_id:
            raise HTTPException(status.HTTP_404_NOT_FOUND, detail="Channel not found.")
        identity = (
            await session.execute(
                select(ContactIdentity.external_id).where(
                    ContactIdentity.contact_id == contact.id,
                    ContactIdentity.channel_kind == channel.kind,
                )
            )
        ).scalar_one_or_none()
    key = identity or contact_key_for(channel.kind, contact.phone, contact.email)
    if key is None:
        raise HTTPException(
            status.HTTP_422_UNPROCESSABLE_ENTITY,
            detail=f"The contact has no address on {channel.kind.value}: add a phone or e-mail.",
        )
    ref = ConversationRef(
        workspace_id=principal.workspace_id,
        channel_id=channel.id,
        channel_kind=channel.kind,
        contact_key=key,
    )
    order = StartFlow(flow_ref=published.ref, contact_id=contact.id, requested_at=utcnow())
    workflow_id = await start_flow(client, services.settings.temporal_task_queue, ref, order)
    return FlowStarted(workflow_id=workflow_id)


def contact_key_for(kind: ChannelKind, phone: str | None, email: str | None) -> str | None:
    """How a channel addresses a contact who never wrote on it."""
    if kind == ChannelKind.whatsapp and phone:
        return phone.lstrip("+")
    if kind == ChannelKind.sms and phone:
        return phone
    if kind == ChannelKind.email and email:
        return email
    return None


@router.get("/{flow_id}/runs", response_model=RunStepsPublic)
async def run_steps(
    flow_id: uuid.UUID,
    principal: Manager,
    services: ServicesDep,
    conversation_id: uuid.UUID | None = None,
) -> RunStepsPublic:
    """The steps this flow took in one conversation (or its latest steps anywhere), oldest
    first."""
    await _flow(services, principal, flow_id)
    query = select(FlowRunStep).where(
        FlowRunStep.workspace_id == principal.workspace_id, FlowRunStep.flow_id == flow_id
    )
    if conversation_id is not None:
        query = query.where(FlowRunStep.conversation_id == conversation_id)
    async with services.sessions() as session:
        latest = (
            (
                await session.execute(
                    query.order_by(
                        col(FlowRunStep.started_at).desc(), col(FlowRunStep.step_index).desc()
                    ).limit(MAX_STEPS)
                )
            )
            .scalars()
            .all()
        )
    rows = list(reversed(latest))
    settings = services.settings
    ui = TemporalUi(settings.temporal_ui_url, settings.temporal_namespace)
    return RunStepsPublic(
        data=[
            RunStepPublic(
                flow_run_id=row.flow_run_id,
                flow_version=row.flow_version,
                step_index=row.step_index,
                node_id=row.node_id,
                node_type=row.node_type,
                outcome=row.outcome,
                detail={k: str(v) for k, v in row.detail.items()},
                started_at=row.started_at.isoformat(),
                finished_at=row.finished_at.isoformat(),
                temporal_url=ui.link(row.workflow_id, row.run_id),
            )
            for row in rows
        ]
    )


@router.get("/{flow_id}/stats", response_model=FlowStats)
async def stats(
    flow_id: uuid.UUID,
    principal: Manager,
    services: ServicesDep,
    version: Annotated[int | None, Query(ge=0)] = None,
) -> FlowStats:
    """Per step: runs that reached it, and runs that went on from it (the rest dropped off)."""
    flow = await _flow(services, principal, flow_id)
    wanted = version if version is not None else flow.published_version
    async with services.sessions() as session:
        query = (
            select(
                FlowRunStep.node_id,
                func.count(func.distinct(FlowRunStep.flow_run_id)),
                func.count(func.distinct(FlowRunStep.flow_run_id)).filter(
                    col(FlowRunStep.outcome).notin_(("asked", "waiting", "retry", "ended"))
                ),
            )
            .where(
                FlowRunStep.workspace_id == principal.workspace_id, FlowRunStep.flow_id == flow_id
            )
            .group_by(col(FlowRunStep.node_id))
        )
        if wanted is not None:
            query = query.where(FlowRunStep.flow_version == wanted)
        rows = (await session.execute(query)).all()
    return FlowStats(
        version=wanted,
        nodes={node: NodeTraffic(entered=entered, left=left) for node, entered, left in rows},
    )
