"""Log-in, log-out, and that nothing but the widget is open to anonymous callers."""

import uuid

import pytest
import websockets
from websockets.exceptions import InvalidStatus

from tests.factories import create_workspace
from tests.support.harness import Harness

PUBLIC_PREFIXES = (
    "/api/widget/",
    "/api/health",
    "/api/auth/login",
    "/api/auth/logout",
    "/api/auth/signup",
    "/api/auth/password-reset",
    "/api/invitations/",
    # Providers call these; the signature (or the URL's secret key) is the credential.
    "/api/webhooks/",
)


async def test_login_sets_a_session_that_me_reads(sqlite_app: Harness) -> None:
    account = await create_workspace(sqlite_app.services.sessions)
    agent = await sqlite_app.login(account)
    me = (await agent.get("/api/auth/me")).json()
    assert me["user"]["email"] == account.email
    assert me["workspace"]["id"] == str(account.workspace_id)
    assert me["role"] == "owner"
    cookie = next(iter(agent.cookies.jar))
    assert cookie.has_nonstandard_attr("HttpOnly")


async def test_wrong_password_and_unknown_email_get_the_same_answer(sqlite_app: Harness) -> None:
    account = await create_workspace(sqlite_app.services.sessions)
    client = sqlite_app.http()
    wrong = await client.post(
        "/api/auth/login", json={"email": account.email, "password": "not-it"}
    )
    unknown = await client.post(
        "/api/auth/login", json={"email": "nobody@example.com", "password": "not-it"}
    )
    assert wrong.status_code == unknown.status_code == 401
    assert wrong.json() == unknown.json()


async def test_logout_ends_the_session(sqlite_app: Harness) -> None:
    account = await create_workspace(sqlite_app.services.sessions)
    agent = await sqlite_app.login(account)
    token = agent.cookies["fluxo_session"]
    assert (await agent.post("/api/auth/logout")).status_code == 204
    replay = sqlite_app.http(cookies={"fluxo_session": token})
    assert (await replay.get("/api/auth/me")).status_code == 401


async def test_every_private_route_refuses_anonymous_callers(sqlite_app: Harness) -> None:
    client = sqlite_app.http()
    schema = (await client.get("/api/openapi.json")).json()
    checked = 0
    for path, operations in schema["paths"].items():
        if path.startswith(PUBLIC_PREFIXES):
            continue
        concrete = path.replace("{conversation_id}", str(uuid.uuid4()))
        for method in operations:
            response = await client.request(method.upper(), concrete, json={})
            assert response.status_code == 401, (method, path, response.status_code)
            assert response.json()["detail"] == "Log in to continue."
            checked += 1
    assert checked >= 6


async def test_inbox_socket_refuses_anonymous_and_cross_site(sqlite_app: Harness) -> None:
    with pytest.raises(InvalidStatus):
        async with websockets.connect(f"{sqlite_app.ws_base}/api/ws"):
            pass
    account = await create_workspace(sqlite_app.services.sessions)
    agent = await sqlite_app.login(account)
    cookie = f"fluxo_session={agent.cookies['fluxo_session']}"
    with pytest.raises(InvalidStatus):
        async with websockets.connect(
            f"{sqlite_app.ws_base}/api/ws",
            additional_headers={"Cookie": cookie},
            origin="https://evil.example",  # type: ignore[arg-type]
        ):
            pass


async def test_the_ui_is_served_for_client_routes_but_unknown_api_paths_are_404(
    sqlite_app: Harness,
) -> None:
    client = sqlite_app.http()
    assert (await client.get("/api/nothing-here")).status_code == 404
    page = await client.get("/inbox/some-id")
    assert page.status_code in (200, 503)
    assert "text/html" in page.headers["content-type"]


async def test_cookie_authenticated_change_without_csrf_header_is_refused(
    sqlite_app: Harness,
) -> None:
    account = await create_workspace(sqlite_app.services.sessions)
    agent = await sqlite_app.login(account)
    # What a forged cross-site request looks like: the browser adds the cookies, but the other
    # site cannot read the CSRF cookie to put it in the header.
    bare = sqlite_app.http(cookies=dict(agent.cookies))
    response = await bare.post(
        "/api/account/password",
        json={"current_password": account.password, "new_password": "a-new-password-1"},
        headers={"X-Fluxo-CSRF": "guessed"},
    )
    assert response.status_code == 403
    assert "X-Fluxo-CSRF" in response.json()["detail"]
    assert (await bare.get("/api/auth/me")).status_code == 200  # reads need no header
    assert (await agent.post(f"/api/conversations/{uuid.uuid4()}/read")).status_code == 404
