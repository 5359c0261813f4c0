"""The widget on other websites: CORS on its endpoints only, and a channel's allowed websites."""

from typing import Any

import httpx
import pytest
import websockets
from websockets.exceptions import InvalidStatus

from tests.domain.test_channel_credentials import sms
from tests.factories import WorkspaceFixture, create_workspace
from tests.support.harness import Harness
from tests.support.widget import next_event

SHOP = "https://shop.example.com.br"
OTHER = "https://elsewhere.example"


def widget_url(account: WorkspaceFixture, path: str) -> str:
    return f"/api/widget/{account.channel_key}/{path}"


async def preflight(app: Harness, path: str, origin: str, method: str = "POST") -> httpx.Response:
    return await app.http().options(
        path,
        headers={
            "Origin": origin,
            "Access-Control-Request-Method": method,
            "Access-Control-Request-Headers": "content-type,x-fluxo-visitor",
        },
    )


async def start_session(app: Harness, account: WorkspaceFixture, origin: str) -> httpx.Response:
    return await app.http().post(
        widget_url(account, "sessions"), json={"visitor_token": None}, headers={"Origin": origin}
    )


async def set_allowed(app: Harness, account: WorkspaceFixture, origins: list[str]) -> Any:
    agent = await app.login(account)
    response = await agent.patch(
        f"/api/channels/{account.channel_id}", json={"allowed_origins": origins}
    )
    return response


def assert_cors_for(response: httpx.Response, origin: str) -> None:
    assert response.headers.get("access-control-allow-origin") == origin, response.headers
    # Never with credentials, and no cookie of ours on another site.
    assert "access-control-allow-credentials" not in response.headers
    assert "set-cookie" not in response.headers
    assert "Origin" in response.headers.get("vary", "")


def assert_no_cors(response: httpx.Response) -> None:
    assert not any(name.startswith("access-control-") for name in response.headers), (
        response.headers
    )


async def test_widget_endpoints_answer_any_website_without_credentials(
    sqlite_app: Harness,
) -> None:
    app = sqlite_app
    account = await create_workspace(app.services.sessions)

    allowed = await preflight(app, widget_url(account, "sessions"), SHOP)
    assert allowed.status_code == 204
    assert_cors_for(allowed, SHOP)
    assert "POST" in allowed.headers["access-control-allow-methods"]
    allowed_headers = allowed.headers["access-control-allow-headers"].lower()
    assert {"content-type", "x-fluxo-visitor"} <= {h.strip() for h in allowed_headers.split(",")}

    session = await start_session(app, account, SHOP)
    assert session.status_code == 200
    assert_cors_for(session, SHOP)
    token = session.json()["visitor_token"]
    headers = {"Origin": SHOP, "X-Fluxo-Visitor": token}

    history = await app.http().get(widget_url(account, "messages"), headers=headers)
    assert history.status_code == 200
    assert_cors_for(history, SHOP)
    sent = await app.http().post(
        widget_url(account, "messages"),
        headers=headers,
        json={"client_message_id": "cors-1", "text": "Oi, vocês entregam em Recife?"},
    )
    assert sent.status_code == 202, sent.text
    assert_cors_for(sent, SHOP)
    # Errors too, so the widget (and the site owner's console) can read why.
    bad = await app.http().post(
        widget_url(account, "messages"),
        headers={"Origin": SHOP, "X-Fluxo-Visitor": "forged"},
        json={"client_message_id": "cors-2", "text": "hi"},
    )
    assert bad.status_code == 401
    assert_cors_for(bad, SHOP)
    assert "retry-after" in bad.headers["access-control-expose-headers"].lower()


async def test_app_api_and_inbox_socket_stay_same_origin(sqlite_app: Harness) -> None:
    app = sqlite_app
    account = await create_workspace(app.services.sessions)
    agent = await app.login(account)

    login_preflight = await preflight(app, "/api/auth/login", SHOP)
    assert login_preflight.status_code == 405
    assert_no_cors(login_preflight)
    me = await agent.get("/api/auth/me", headers={"Origin": SHOP})
    assert me.status_code == 200
    assert_no_cors(me)
    channels = await agent.get("/api/channels", headers={"Origin": SHOP})
    assert_no_cors(channels)

    cookie = f"fluxo_session={agent.cookies['fluxo_session']}"
    with pytest.raises(InvalidStatus) as refused:
        async with websockets.connect(
            f"{app.ws_base}/api/ws",
            additional_headers={"Cookie": cookie},
            origin=SHOP,  # type: ignore[arg-type]
        ):
            pass
    assert refused.value.response.status_code == 403
    # The same cookie from the app's own page connects: the origin is what was refused.
    async with websockets.connect(
        f"{app.ws_base}/api/ws",
        additional_headers={"Cookie": cookie},
        origin=app.base_url,  # type: ignore[arg-type]
    ):
        pass


async def test_widget_socket_accepts_another_website(sqlite_app: Harness) -> None:
    app = sqlite_app
    account = await create_workspace(app.services.sessions)
    token = (await start_session(app, account, SHOP)).json()["visitor_token"]
    async with websockets.connect(
        f"{app.ws_base}{widget_url(account, 'ws')}?token={token}",
        origin=SHOP,  # type: ignore[arg-type]
    ) as socket:
        sent = await app.http().post(
            widget_url(account, "messages"),
            headers={"Origin": SHOP, "X-Fluxo-Visitor": token},
            json={"client_message_id": "socket-1", "text": "Tem em azul?"},
        )
        assert sent.status_code == 202
        assert (await next_event(socket))["message"]["text"] == "Tem em azul?"


async def test_allowed_websites_are_saved_normalized(app: Harness) -> None:
    account = await create_workspace(app.services.sessions)
    response = await set_allowed(
        app,
        account,
        [
            "HTTPS://Shop.Example.com.br/",
            "https://shop.example.com.br:443",
            "http://localhost:3000",
        ],
    )
    assert response.status_code == 200, response.text
    assert response.json()["allowed_origins"] == [SHOP, "http://localhost:3000"]
    agent = await app.login(account)
    listed = (await agent.get(f"/api/channels/{account.channel_id}")).json()
    assert listed["allowed_origins"] == [SHOP, "http://localhost:3000"]

    cleared = await set_allowed(app, account, [])
    assert cleared.json()["allowed_origins"] == []


@pytest.mark.parametrize(
    ("typed", "says"),
    [
        ("shop.example.com.br", "must start with https:// or http://"),
        ("https://shop.example.com.br/checkout", "is a page address"),
        ("https://*.example.com.br", "wildcards are not supported"),
        ("ftp://shop.example.com.br", "must start with https:// or http://"),
        ("https://shop..example", "valid host name"),
        ("https://shop.example.com.br:99999", "invalid port"),
    ],
)
async def test_malformed_allowed_website_is_refused_saying_what_to_fix(
    sqlite_app: Harness, typed: str, says: str
) -> None:
    account = await create_workspace(sqlite_app.services.sessions)
    response = await set_allowed(sqlite_app, account, [SHOP, typed])
    assert response.status_code == 422
    error = response.json()["detail"][0]
    assert error["loc"] == ["body", "allowed_origins", 1]
    assert says in error["msg"]


async def test_allowed_websites_only_on_web_chat(sqlite_app: Harness) -> None:
    account = await create_workspace(sqlite_app.services.sessions)
    agent = await sqlite_app.login(account)
    created = await agent.post(
        "/api/channels",
        json={
            "kind": "sms",
            "name": "SMS",
            "credentials": sms(),
        },
    )
    assert created.status_code == 201, created.text
    response = await agent.patch(
        f"/api/channels/{created.json()['id']}", json={"allowed_origins": [SHOP]}
    )
    assert response.status_code == 422
    assert "only web chat channels" in response.json()["detail"][0]["msg"]


async def test_channel_with_allowed_websites_refuses_other_websites(sqlite_app: Harness) -> None:
    app = sqlite_app
    account = await create_workspace(app.services.sessions)
    assert (await set_allowed(app, account, [SHOP])).status_code == 200

    refused_preflight = await preflight(app, widget_url(account, "sessions"), OTHER)
    assert refused_preflight.status_code == 403
    assert_no_cors(refused_preflight)
    refused = await start_session(app, account, OTHER)
    assert refused.status_code == 403
    assert_no_cors(refused)
    assert refused.json()["detail"] == (
        f"This website ({OTHER}) may not use this chat: add it to the web chat channel's "
        "Allowed websites on the Channels page."
    )
    # A sandboxed frame or a local file sends `null`: not a listed website either.
    assert (await start_session(app, account, "null")).status_code == 403

    listed = await start_session(app, account, SHOP)
    assert listed.status_code == 200
    assert_cors_for(listed, SHOP)
    token = listed.json()["visitor_token"]
    # Fluxo's own pages (the demo page) stay allowed, with or without Origin.
    assert (await start_session(app, account, app.base_url)).status_code == 200
    history = await app.http().get(
        widget_url(account, "messages"), headers={"X-Fluxo-Visitor": token}
    )
    assert history.status_code == 200
    stolen = await app.http().get(
        widget_url(account, "messages"), headers={"Origin": OTHER, "X-Fluxo-Visitor": token}
    )
    assert stolen.status_code == 403

    socket_url = f"{app.ws_base}{widget_url(account, 'ws')}?token={token}"
    with pytest.raises(InvalidStatus) as handshake:
        async with websockets.connect(socket_url, origin=OTHER):  # type: ignore[arg-type]
            pass
    assert handshake.value.response.status_code == 403
    async with websockets.connect(socket_url, origin=SHOP):  # type: ignore[arg-type]
        pass


async def test_unknown_channel_answers_any_website_with_the_hint(sqlite_app: Harness) -> None:
    response = await sqlite_app.http().post(
        "/api/widget/no-such-key/sessions", json={}, headers={"Origin": SHOP}
    )
    assert response.status_code == 404
    assert_cors_for(response, SHOP)
    assert "data-fluxo-key" in response.json()["detail"]
