"""Public unsubscribe endpoints that marketing mail's `List-Unsubscribe` header points at.

`POST /u/{token}` is RFC 8058's one-click unsubscribe: mail providers post
`List-Unsubscribe=One-Click` with no cookie and no CSRF token, so the signed token is the
only credential, and it names the workspace and contact itself. `GET` never changes anything
(mail scanners follow links): it shows a page whose button makes that same POST.

Outside `/api` and out of the OpenAPI schema: these are pages for people and mail providers,
not part of the API clients are generated from.
"""

import logging
import uuid

from fastapi import APIRouter, Request, status
from fastapi.responses import HTMLResponse, PlainTextResponse

from api.deps import ServicesDep
from api.services import Services
from api.unsubscribe_pages import (
    HEADERS,
    PageLanguage,
    confirm_page,
    done_page,
    invalid_link,
    page_language,
)
from channels.email.unsubscribe_keys import unsubscribe_signer
from channels.email.unsubscribe_requests import (
    LINK_SOURCE,
    UnsubscribeRequest,
    link_proof,
    unsubscribe,
    unsubscribe_by_mail,
    workspace_facts,
)
from domain.timeutil import utcnow
from providers.sendgrid.inbound import InboundEmail
from providers.sendgrid.unsubscribe import (
    ONE_CLICK,
    InvalidUnsubscribeToken,
    UnsubscribeTarget,
)

log = logging.getLogger(__name__)

router = APIRouter(prefix="/u", include_in_schema=False)

NOT_ONE_CLICK = f"Send the form field {ONE_CLICK} in the body (RFC 8058 one-click unsubscribe)."


@router.get("/{token}", response_model=None)
async def unsubscribe_page(
    token: str, request: Request, services: ServicesDep
) -> HTMLResponse | PlainTextResponse:
    target = _verified(services, token)
    if target is None:
        return invalid_link(page_language(request.headers.get("accept-language"), None))
    facts = await workspace_facts(services.sessions, target.workspace_id)
    language = _language(request, facts.default_country if facts else None)
    return confirm_page(language, facts, token)


@router.post("/{token}", response_model=None)
async def one_click_unsubscribe(
    token: str, request: Request, services: ServicesDep
) -> HTMLResponse | PlainTextResponse:
    """Opts the token's contact out of e-mail; answers 200 however often it is repeated."""
    target = _verified(services, token)
    if target is None:
        return invalid_link(page_language(request.headers.get("accept-language"), None))
    # RFC 8058 says multipart/form-data, and allows url-encoded (what our page's form sends).
    form = await request.form()
    if form.get("List-Unsubscribe") != "One-Click":
        return PlainTextResponse(
            NOT_ONE_CLICK, status_code=status.HTTP_400_BAD_REQUEST, headers=HEADERS
        )
    now = utcnow()
    proof = link_proof(request.headers.get("user-agent"), now)
    request_ = UnsubscribeRequest(target=target, source=LINK_SOURCE, proof=proof)
    outcome = await unsubscribe(services.sessions, request_, now=now)
    log.info("one-click unsubscribe in workspace %s: %s", target.workspace_id, outcome)
    facts = await workspace_facts(services.sessions, target.workspace_id)
    # The same page whatever the outcome: it must not tell a link's holder whether the
    # contact was erased.
    return done_page(_language(request, facts.default_country if facts else None), facts)


async def unsubscribe_by_reply(
    services: Services, workspace_id: uuid.UUID, email: InboundEmail
) -> bool:
    """The Inbound Parse webhook's hook: True when `email` was a mailto: unsubscribe (now
    applied), so it is not stored as a conversation message."""
    signer = unsubscribe_signer(services.secret_key)
    return await unsubscribe_by_mail(services.sessions, signer, workspace_id, email, now=utcnow())


def _verified(services: Services, token: str) -> UnsubscribeTarget | None:
    try:
        return unsubscribe_signer(services.secret_key).verify(token)
    except InvalidUnsubscribeToken as error:
        log.info("refused unsubscribe token: %s", error)
        return None


def _language(request: Request, default_country: str | None) -> PageLanguage:
    return page_language(request.headers.get("accept-language"), default_country)
