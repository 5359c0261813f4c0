"""WhatsApp templates: synced from the (fake) Graph API, decided at once by Meta's webhook,
listed for the composer with what its form needs."""

import json
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from temporalio.client import Client

from domain.enums import Role
from tests.api.team_support import add_member
from tests.api.test_webhooks_whatsapp import connect_whatsapp
from tests.api.webhook_support import Connected
from tests.fakes.whatsapp import FakeWhatsApp, notification, running_fake_whatsapp
from tests.support.harness import Harness, make_settings, running_app
from tests.support.waiting import eventually

RICH = [
    {"type": "HEADER", "format": "IMAGE"},
    {"type": "BODY", "text": "Olá {{1}}, seu pedido {{2}} saiu."},
    {
        "type": "BUTTONS",
        "buttons": [{"type": "URL", "text": "Rastrear", "url": "https://x.example/{{1}}"}],
    },
]


@pytest.fixture
async def meta() -> AsyncIterator[FakeWhatsApp]:
    async with running_fake_whatsapp(
        access_token="EAAG-test-token-for-templates", app_secret="app-secret-for-templates"
    ) as fake:
        fake.add_template("welcome")
        fake.add_template("promo", status="PENDING")
        fake.templates[-1]["components"] = RICH
        yield fake


@pytest.fixture
async def app(
    tmp_path: Path, database_url: str, temporal_client: Client, meta: FakeWhatsApp
) -> AsyncIterator[Harness]:
    settings = make_settings(tmp_path, database_url, WHATSAPP_GRAPH_URL=meta.base_url)
    async with running_app(settings, temporal_client, with_worker=False) as harness:
        yield harness


def listing(response: Any) -> list[tuple[str, str, bool]]:
    assert response.status_code == 200, response.text
    return [(t["name"], t["status"], t["usable"]) for t in response.json()["data"]]


def template_update(meta: FakeWhatsApp, name: str, event: str, **extra: Any) -> dict[str, Any]:
    """Meta's decision: its listing changes, and the webhook tells us so."""
    template = next((t for t in meta.templates if t["name"] == name), None)
    if template is not None and extra.pop("decided", True):
        template["status"] = event
    value = {
        "event": event,
        "message_template_id": int(template["id"]) if template else 9999,
        "message_template_name": name,
        "message_template_language": "pt_BR",
        "reason": extra.pop("reason", None),
    }
    return notification("message_template_status_update", value, meta.waba_id)


async def synced(app: Harness, meta: FakeWhatsApp) -> Connected:
    connected = await connect_whatsapp(app, meta)
    response = await connected.owner.post(f"/api/channels/{connected.channel_id}/templates/sync")
    assert listing(response) == [("promo", "PENDING", False), ("welcome", "APPROVED", True)]
    return connected


async def test_sync_reads_the_graph_api_and_lists_what_a_form_needs(
    app: Harness, meta: FakeWhatsApp
) -> None:
    connected = await synced(app, meta)
    graph_call = meta.requests[-1]
    assert graph_call.path == f"/v23.0/{meta.waba_id}/message_templates"
    assert graph_call.headers["authorization"] == f"Bearer {meta.access_token}"

    agent = await app.login(await add_member(app.services.sessions, connected.account, Role.agent))
    base = f"/api/channels/{connected.channel_id}/templates"
    assert listing(await agent.get(base)) == [("welcome", "APPROVED", True)]
    everything = (await agent.get(base, params={"all": "true"})).json()["data"]
    promo = everything[0]
    assert promo["body_text"] == "Olá {{1}}, seu pedido {{2}} saiu."
    assert (promo["body_variables"], promo["header_format"], promo["header_variables"]) == (
        2,
        "IMAGE",
        0,
    )
    assert promo["buttons"] == [
        {
            "index": 0,
            "type": "URL",
            "text": "Rastrear",
            "url": "https://x.example/{{1}}",
            "variables": 1,
        }
    ]
    assert (promo["language"], promo["category"]) == ("pt_BR", "UTILITY")
    assert everything[1]["body_text"] == "Olá {{1}}" and everything[1]["body_variables"] == 1

    refused = await agent.post(f"{base}/sync")
    assert refused.status_code == 403
    # Web chat has no templates to list, nor to sync.
    webchat = f"/api/channels/{connected.account.channel_id}/templates"
    assert listing(await connected.owner.get(webchat)) == []
    not_whatsapp = await connected.owner.post(f"{webchat}/sync")
    assert not_whatsapp.status_code == 409 and "WhatsApp" in not_whatsapp.json()["detail"]

    # Meta refusing the token is a 502 that says what to do; the stored list stays.
    meta.fail_next(401, code=190, message="Error validating access token")
    expired = await connected.owner.post(f"{base}/sync")
    assert expired.status_code == 502
    assert "reconnect the channel" in expired.json()["detail"]
    assert listing(await agent.get(base)) == [("welcome", "APPROVED", True)]


async def test_template_webhook_decides_at_once(app: Harness, meta: FakeWhatsApp) -> None:
    connected = await synced(app, meta)
    base = f"/api/channels/{connected.channel_id}/templates"
    hook = connected.path("whatsapp_callback_url")
    client = app.http()

    approved = await meta.post_webhook(client, hook, template_update(meta, "promo", "APPROVED"))
    assert approved.status_code == 200 and approved.json()["templates"] == 1
    # No waiting: the next read already offers it.
    assert listing(await connected.owner.get(base)) == [
        ("promo", "APPROVED", True),
        ("welcome", "APPROVED", True),
    ]
    rejected = template_update(meta, "welcome", "PAUSED", reason="LOW_QUALITY")
    assert (await meta.post_webhook(client, hook, rejected)).status_code == 200
    assert listing(await connected.owner.get(base)) == [("promo", "APPROVED", True)]
    paused = (await connected.owner.get(base, params={"all": "true"})).json()["data"][1]
    assert (paused["status"], paused["reason"]) == ("PAUSED", "LOW_QUALITY")

    # Created and approved in Meta's console, never synced: usable at once, and its text
    # arrives from the Graph API right after the answer.
    meta.add_template("flash_sale")
    fresh = await meta.post_webhook(client, hook, template_update(meta, "flash_sale", "APPROVED"))
    assert fresh.status_code == 200
    names = [name for name, _, _ in listing(await connected.owner.get(base))]
    assert names == ["flash_sale", "promo"]

    async def flash_sale_text() -> str | None:
        data = (await connected.owner.get(base)).json()["data"]
        body: str = data[0]["body_text"]
        return body or None

    assert await eventually(flash_sale_text) == "Olá {{1}}"

    # Signed with another secret: refused, nothing changes.
    forged = template_update(meta, "promo", "DISABLED", decided=False)
    raw = json.dumps(forged).encode()
    refused = await meta.post_webhook(client, hook, raw, signature=meta.sign(raw, "guess"))
    assert refused.status_code == 403
    assert ("promo", "APPROVED", True) in listing(await connected.owner.get(base))
