"""The workspace's rules for messages it sends first (flows started from outside, and the
automations and broadcasts to come). Opt-outs and the suppression list always apply; this only
decides whether proactive WhatsApp and SMS sends also need a recorded opt-in.

Reading is for whoever can see the channels; changing it is for those who manage the workspace.
"""

from typing import Annotated

from fastapi import APIRouter, Request
from pydantic import BaseModel, Field

from api.audit import audit_by
from api.deps import Principal, SessionDep, require
from api.schemas import errors
from domain.permissions import Permission
from stores.tables.workspaces import Workspace

router = APIRouter(tags=["workspace"], responses=errors(401, 403))

Reader = Annotated[Principal, require(Permission.channels_read)]
Manager = Annotated[Principal, require(Permission.workspace_manage)]


class SendingRules(BaseModel):
    proactive_needs_opt_in: bool = Field(
        description=(
            "Proactive WhatsApp and SMS sends go only to contacts with a recorded opt-in on "
            "the channel. Replies to a contact who wrote are not affected; opt-outs and the "
            "suppression list always apply."
        )
    )


async def _workspace(session: SessionDep, principal: Principal) -> Workspace:
    workspace = await session.get(Workspace, principal.workspace_id)
    if workspace is None:
        raise LookupError(f"workspace {principal.workspace_id} not found")
    return workspace


@router.get("/sending-rules", response_model=SendingRules)
async def get_sending_rules(session: SessionDep, reader: Reader) -> SendingRules:
    workspace = await _workspace(session, reader)
    return SendingRules(proactive_needs_opt_in=workspace.proactive_needs_opt_in)


@router.put("/sending-rules", response_model=SendingRules)
async def update_sending_rules(
    body: SendingRules, request: Request, session: SessionDep, manager: Manager
) -> SendingRules:
    workspace = await _workspace(session, manager)
    workspace.proactive_needs_opt_in = body.proactive_needs_opt_in
    audit_by(
        session,
        request,
        manager,
        "sending_rules.changed",
        target_type="workspace",
        target_id=str(manager.workspace_id),
        details={"proactive_needs_opt_in": str(body.proactive_needs_opt_in).lower()},
    )
    await session.commit()
    return SendingRules(proactive_needs_opt_in=workspace.proactive_needs_opt_in)
