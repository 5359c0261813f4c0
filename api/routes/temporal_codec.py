"""The remote codec endpoint for the Temporal Web UI ("Data Encoder"): it opens the payloads of
the caller's workspace, for operators only, so ops can read a run's inputs in the UI.

Set it in the Temporal UI as `<FLUXO_PUBLIC_URL>/api/temporal-codec` with "Include cross-origin
credentials", while logged in to Fluxo as an owner or admin (or send an API key with the
`audit:read` scope as a bearer token). Payloads of other workspaces come back still sealed. Only
the Temporal UI's origin (`FLUXO_TEMPORAL_UI_URL`) may read the answers from a browser.
"""

import base64
import binascii
import contextlib
from typing import Annotated
from urllib.parse import urlsplit

from fastapi import APIRouter, Depends, HTTPException, Request, Response, status
from pydantic import BaseModel, Field
from temporalio.api.common.v1 import Payload

from api.deps import (
    SESSION_COOKIE,
    ServicesDep,
    SessionDep,
    principal_from_api_key,
    principal_from_token,
)
from api.services import Services
from domain.permissions import Permission
from infra.payload_codec import EncryptingCodec, KeyUnavailable, key_ref_of

router = APIRouter(prefix="/temporal-codec", tags=["temporal"])

MAX_PAYLOADS = 1000


class CodecPayload(BaseModel):
    """A payload as the Temporal UI sends it: metadata values and data in base64."""

    metadata: dict[str, str] = Field(default_factory=dict)
    data: str = ""


class CodecPayloads(BaseModel):
    payloads: list[CodecPayload] = Field(max_length=MAX_PAYLOADS)


def _origin(url: str | None) -> str | None:
    if not url:
        return None
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else None


def _cors(request: Request, response: Response, services: Services) -> None:
    """Only the Temporal UI's own origin may read answers, with the operator's cookies."""
    allowed = _origin(services.settings.temporal_ui_url)
    origin = request.headers.get("origin")
    if allowed is not None and origin == allowed:
        response.headers["Access-Control-Allow-Origin"] = allowed
        response.headers["Access-Control-Allow-Credentials"] = "true"
        response.headers["Vary"] = "Origin"


@router.options("/{action}", include_in_schema=False)
async def preflight(action: str, request: Request, services: ServicesDep) -> Response:
    response = Response(status_code=status.HTTP_204_NO_CONTENT)
    _cors(request, response, services)
    if "Access-Control-Allow-Origin" in response.headers:
        response.headers["Access-Control-Allow-Methods"] = "POST"
        response.headers["Access-Control-Allow-Headers"] = (
            "Content-Type, X-Namespace, Authorization"
        )
        response.headers["Access-Control-Max-Age"] = "600"
    return response


async def _operator_scope(request: Request, session: SessionDep) -> str:
    """The workspace whose payloads the caller may open: an owner's or admin's session, or an
    API key with `audit:read`. No CSRF token is asked: opening payloads changes nothing, and a
    browser lets only the Temporal UI's origin read the answer."""
    authorization = request.headers.get("authorization", "")
    scheme, _, credentials = authorization.partition(" ")
    if scheme.lower() == "bearer" and credentials:
        principal = await principal_from_api_key(session, credentials.strip())
    else:
        principal = await principal_from_token(session, request.cookies.get(SESSION_COOKIE))
    if principal is None:
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, detail="Log in to continue.")
    if Permission.audit_read not in principal.permissions:
        raise HTTPException(
            status.HTTP_403_FORBIDDEN,
            detail="Reading workflow payloads is for the workspace's owners and admins.",
        )
    return str(principal.workspace_id)


# A dependency, so a caller without the right is refused (401/403) before the body is read.
OperatorScope = Annotated[str, Depends(_operator_scope)]


def _to_payload(item: CodecPayload) -> Payload:
    try:
        return Payload(
            metadata={k: base64.b64decode(v, validate=True) for k, v in item.metadata.items()},
            data=base64.b64decode(item.data, validate=True),
        )
    except (binascii.Error, ValueError) as error:
        raise HTTPException(
            status.HTTP_422_UNPROCESSABLE_CONTENT,
            detail="Payload metadata and data must be base64, as the Temporal UI sends them.",
        ) from error


def _from_payload(payload: Payload) -> CodecPayload:
    return CodecPayload(
        metadata={k: base64.b64encode(v).decode() for k, v in payload.metadata.items()},
        data=base64.b64encode(payload.data).decode(),
    )


def _codec(services: Services) -> EncryptingCodec:
    codec = services.temporal.payload_codec
    assert isinstance(codec, EncryptingCodec), "the API always encrypts payloads"
    return codec


@router.post("/decode", response_model=CodecPayloads)
async def decode(
    body: CodecPayloads,
    request: Request,
    response: Response,
    services: ServicesDep,
    scope: OperatorScope,
) -> CodecPayloads:
    _cors(request, response, services)
    codec = _codec(services)
    opened = []
    for item in body.payloads:
        payload = _to_payload(item)
        ref = key_ref_of(payload)
        if ref is not None and ref.scope == scope:
            # A payload whose key is gone stays sealed.
            with contextlib.suppress(KeyUnavailable):
                payload = await codec.open(payload)
        opened.append(_from_payload(payload))
    return CodecPayloads(payloads=opened)


@router.post("/encode", response_model=CodecPayloads)
async def encode(
    body: CodecPayloads,
    request: Request,
    response: Response,
    services: ServicesDep,
    scope: OperatorScope,
) -> CodecPayloads:
    """What the UI sends to a run (a signal's input) is sealed with the caller's workspace key."""
    _cors(request, response, services)
    sealed = await EncryptingCodec(_codec(services).keys, scope).encode(
        [_to_payload(item) for item in body.payloads]
    )
    return CodecPayloads(payloads=[_from_payload(p) for p in sealed])
