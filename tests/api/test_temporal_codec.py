"""The Temporal Web UI's remote codec: an owner or admin opens their own workspace's payloads,
nobody else's; only the Temporal UI's origin may read the answer from a browser."""

import base64
import uuid
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from temporalio.api.common.v1 import Payload
from temporalio.client import Client

from domain.enums import Role
from infra.payload_codec import EncryptingCodec
from tests.factories import create_workspace
from tests.support.harness import Harness, make_settings, running_app

TEMPORAL_UI = "http://127.0.0.1:8233"


@pytest.fixture
async def app(tmp_path: Path, sqlite_url: str, temporal_client: Client) -> AsyncIterator[Harness]:
    settings = make_settings(tmp_path, sqlite_url, FLUXO_TEMPORAL_UI_URL=TEMPORAL_UI)
    async with running_app(settings, temporal_client, with_worker=False) as harness:
        yield harness


def as_ui_sends(payload: Payload) -> dict[str, Any]:
    return {
        "metadata": {k: base64.b64encode(v).decode() for k, v in payload.metadata.items()},
        "data": base64.b64encode(payload.data).decode(),
    }


async def sealed(app: Harness, workspace_id: uuid.UUID, text: str) -> dict[str, Any]:
    codec = app.services.temporal.payload_codec
    assert isinstance(codec, EncryptingCodec)
    plain = Payload(metadata={"encoding": b"json/plain"}, data=f'"{text}"'.encode())
    [payload] = await EncryptingCodec(codec.keys, str(workspace_id)).encode([plain])
    return as_ui_sends(payload)


async def decode(client: httpx.AsyncClient, *payloads: dict[str, Any]) -> httpx.Response:
    return await client.post(
        "/api/temporal-codec/decode",
        json={"payloads": list(payloads)},
        headers={"Origin": TEMPORAL_UI, "X-Namespace": "default"},
    )


async def test_an_owner_opens_their_workspaces_payloads_and_no_one_elses(app: Harness) -> None:
    ours = await create_workspace(app.services.sessions)
    theirs = await create_workspace(app.services.sessions)
    mine = await sealed(app, ours.workspace_id, "Maria +5511987654321")
    other = await sealed(app, theirs.workspace_id, "José +5521999990000")

    owner = await app.login(ours)
    # As the Temporal UI calls it: cookies included, no CSRF header.
    response = await decode(owner, mine, other)
    assert response.status_code == 200, response.text
    first, second = response.json()["payloads"]
    assert base64.b64decode(first["data"]) == b'"Maria +5511987654321"'
    assert base64.b64decode(first["metadata"]["encoding"]) == b"json/plain"
    assert second == other  # still sealed
    assert response.headers["access-control-allow-origin"] == TEMPORAL_UI
    assert response.headers["access-control-allow-credentials"] == "true"


async def test_agents_and_strangers_open_nothing(app: Harness) -> None:
    account = await create_workspace(app.services.sessions, role=Role.agent)
    payload = await sealed(app, account.workspace_id, "segredo")
    agent = await app.login(account)
    assert (await decode(agent, payload)).status_code == 403
    assert (await decode(app.http(), payload)).status_code == 401


async def test_only_the_temporal_ui_may_read_answers_from_a_browser(app: Harness) -> None:
    client = app.http()
    allowed = await client.options(
        "/api/temporal-codec/decode",
        headers={"Origin": TEMPORAL_UI, "Access-Control-Request-Method": "POST"},
    )
    assert allowed.headers["access-control-allow-origin"] == TEMPORAL_UI
    assert "X-Namespace" in allowed.headers["access-control-allow-headers"]
    elsewhere = await client.options(
        "/api/temporal-codec/decode",
        headers={"Origin": "https://evil.example", "Access-Control-Request-Method": "POST"},
    )
    assert "access-control-allow-origin" not in elsewhere.headers


async def test_what_the_ui_sends_is_sealed_with_the_operators_workspace_key(
    app: Harness,
) -> None:
    account = await create_workspace(app.services.sessions)
    owner = await app.login(account)
    plain = Payload(metadata={"encoding": b"json/plain"}, data=b'"hello"')
    response = await owner.post(
        "/api/temporal-codec/encode", json={"payloads": [as_ui_sends(plain)]}
    )
    assert response.status_code == 200, response.text
    [item] = response.json()["payloads"]
    assert base64.b64decode(item["metadata"]["encryption-key-id"]) == (
        f"{account.workspace_id}/1".encode()
    )
    reopened = await decode(owner, item)
    assert base64.b64decode(reopened.json()["payloads"][0]["data"]) == b'"hello"'
