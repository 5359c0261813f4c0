"""Connecting WhatsApp, e-mail and SMS: credentials validated, encrypted, never shown again."""

import uuid
from typing import Any

import httpx
from sqlalchemy import text
from sqlmodel import select

from domain.enums import ChannelKind, Role
from stores.tables.workspaces import AuditEvent
from tests.api.team_support import add_member
from tests.domain.test_channel_credentials import email, sms, whatsapp
from tests.factories import create_workspace
from tests.support.harness import Harness

SECRETS = {
    "whatsapp": ("access_token", "app_secret"),
    "email": ("api_key",),
    "sms": ("auth_token", "api_key_secret"),
}


def body(kind: str, **changes: Any) -> dict[str, Any]:
    credentials = {"whatsapp": whatsapp, "email": email, "sms": sms}[kind](**changes)
    if kind == "sms":
        credentials |= {
            "api_key_sid": "SK" + "ab" * 16,
            "api_key_secret": "sms-api-key-secret-9z9z",
        }
    return {"kind": kind, "name": f"Our {kind}", "credentials": credentials}


async def create(client: httpx.AsyncClient, kind: str, **changes: Any) -> dict[str, Any]:
    response = await client.post("/api/channels", json=body(kind, **changes))
    assert response.status_code == 201, response.text
    created: dict[str, Any] = response.json()
    return created


def secret_values(kind: str) -> list[str]:
    credentials = body(kind)["credentials"]
    return [credentials[name] for name in SECRETS[kind]]


async def raw_credentials(app: Harness, channel_id: str) -> str:
    async with app.services.sessions() as session:
        stored = await session.scalar(
            text("SELECT credentials FROM channel WHERE id = :id"),
            {
                "id": uuid.UUID(channel_id)
                if app.services.engine.dialect.name == "postgresql"
                else uuid.UUID(channel_id).hex
            },
        )
    assert isinstance(stored, str)
    return stored


async def test_create_each_kind_shows_setup_and_hides_secrets(app: Harness) -> None:
    account = await create_workspace(app.services.sessions)
    owner = await app.login(account)
    base = app.services.settings.resolved_public_url
    created = {kind: await create(owner, kind) for kind in SECRETS}

    wa = created["whatsapp"]
    key = _webhook_key(wa["setup"][0]["value"])
    assert wa["setup"] == [
        {"item": "whatsapp_callback_url", "value": f"{base}/api/webhooks/whatsapp/{key}"},
        {"item": "whatsapp_verify_token", "value": wa["setup"][1]["value"]},
    ]
    assert len(wa["setup"][1]["value"]) >= 32
    assert wa["credentials"]["access_token"] == "…9876"
    assert wa["credentials"]["phone_number_id"] == "106540352242922"
    assert wa["credentials"]["api_version"] == "v23.0"
    assert wa["widget_snippet"] is None and wa["demo_url"] is None
    assert wa["secret_fields"] == ["access_token", "app_secret"]

    mail = created["email"]
    key = _webhook_key(mail["setup"][0]["value"], tail=1)
    assert mail["setup"] == [
        {"item": "email_inbound_parse_url", "value": f"{base}/api/webhooks/email/{key}/inbound"},
        {"item": "email_event_webhook_url", "value": f"{base}/api/webhooks/email/{key}/events"},
    ]
    assert mail["credentials"]["from_email"] == "support@example.com"

    text_channel = created["sms"]
    key = _webhook_key(text_channel["setup"][0]["value"], tail=1)
    assert text_channel["setup"] == [
        {"item": "sms_inbound_url", "value": f"{base}/api/webhooks/sms/{key}/inbound"},
        {"item": "sms_status_callback_url", "value": f"{base}/api/webhooks/sms/{key}/status"},
    ]
    assert text_channel["credentials"]["from_number"] == "+5511987654321"

    listed = await owner.get("/api/channels")
    assert listed.status_code == 200
    kinds = [c["kind"] for c in listed.json()["data"]]
    assert kinds == ["webchat", "whatsapp", "email", "sms"]
    webchat = listed.json()["data"][0]
    assert webchat["widget_snippet"].startswith("<script") and webchat["setup"] == []
    assert webchat["credentials"] is None

    responses = [listed.text] + [
        (await owner.get(f"/api/channels/{c['id']}")).text for c in created.values()
    ]
    for kind, channel in created.items():
        responses.append(str(channel))
        stored = await raw_credentials(app, channel["id"])
        for secret in secret_values(kind):
            assert all(secret not in response for response in responses), (kind, secret)
            assert secret not in stored, "credentials must be encrypted at rest"


def _webhook_key(url: str, tail: int = 0) -> str:
    return url.rstrip("/").split("/")[-1 - tail]


async def test_patch_renames_and_keeps_secrets_left_out(app: Harness) -> None:
    account = await create_workspace(app.services.sessions)
    owner = await app.login(account)
    channel = await create(owner, "whatsapp")
    stored_before = await raw_credentials(app, channel["id"])

    renamed = await owner.patch(f"/api/channels/{channel['id']}", json={"name": "Sales line"})
    assert renamed.status_code == 200, renamed.text
    assert renamed.json()["name"] == "Sales line"
    assert renamed.json()["setup"] == channel["setup"]

    changed = await owner.patch(
        f"/api/channels/{channel['id']}",
        json={
            "credentials": {
                **channel["credentials"],
                "phone_number_id": "5550001112",
                "access_token": "",
            }
        },
    )
    assert changed.status_code == 200, changed.text
    after = changed.json()["credentials"]
    assert after["phone_number_id"] == "5550001112"
    assert after["access_token"] == channel["credentials"]["access_token"]
    assert after["app_secret"] == channel["credentials"]["app_secret"]
    assert await raw_credentials(app, channel["id"]) != stored_before

    replaced = await owner.patch(
        f"/api/channels/{channel['id']}",
        json={"credentials": {**whatsapp(), "access_token": "EAAnew-token-value-000000-abcd"}},
    )
    assert replaced.json()["credentials"]["access_token"] == "…abcd"

    async with app.services.sessions() as session:
        events = (
            (
                await session.execute(
                    select(AuditEvent).where(AuditEvent.workspace_id == account.workspace_id)
                )
            )
            .scalars()
            .all()
        )
    actions = [e.action for e in events]
    assert actions.count("channel.created") == 1
    assert actions.count("channel.credentials_changed") == 2
    logged = str([e.details for e in events])
    assert all(secret not in logged for secret in secret_values("whatsapp"))
    assert "EAAnew-token" not in logged


async def test_invalid_credentials_are_422_naming_the_field(app: Harness) -> None:
    owner = await app.login(await create_workspace(app.services.sessions))
    cases = [
        (body("whatsapp", app_secret="tiny-s3cr"), ["body", "credentials", "app_secret"]),
        (body("email", from_email="nobody"), ["body", "credentials", "from_email"]),
        (
            body("email", event_webhook_public_key="abcd"),
            ["body", "credentials", "event_webhook_public_key"],
        ),
        (body("sms", from_number=None), ["body", "credentials", "from_number"]),
        ({"kind": "webchat", "name": "x", "credentials": {}}, ["body", "kind"]),
    ]
    for request, loc in cases:
        refused = await owner.post("/api/channels", json=request)
        assert refused.status_code == 422, refused.text
        assert loc in [e["loc"] for e in refused.json()["detail"]], refused.text
        assert "tiny-s3cr" not in refused.text
    assert [c["kind"] for c in (await owner.get("/api/channels")).json()["data"]] == ["webchat"]

    channel = await create(owner, "sms")
    refused = await owner.patch(
        f"/api/channels/{channel['id']}", json={"credentials": {"account_sid": "AC1"}}
    )
    assert refused.status_code == 422
    assert ["body", "credentials", "account_sid"] in [e["loc"] for e in refused.json()["detail"]]


async def test_agent_and_marketer_cannot_manage_channels(app: Harness) -> None:
    account = await create_workspace(app.services.sessions)
    owner = await app.login(account)
    channel = await create(owner, "email")
    for role in (Role.agent, Role.marketer):
        member = await app.login(await add_member(app.services.sessions, account, role))
        assert (await member.post("/api/channels", json=body("sms"))).status_code == 403
        assert (
            await member.patch(f"/api/channels/{channel['id']}", json={"name": "x"})
        ).status_code == 403
        assert (await member.delete(f"/api/channels/{channel['id']}")).status_code == 403
    marketer = await app.login(await add_member(app.services.sessions, account, Role.marketer))
    assert (await marketer.get(f"/api/channels/{channel['id']}")).status_code == 200
    admin = await app.login(await add_member(app.services.sessions, account, Role.admin))
    assert (await admin.post("/api/channels", json=body("sms"))).status_code == 201


async def test_another_workspaces_channel_is_404(app: Harness) -> None:
    ours = await create_workspace(app.services.sessions)
    channel = await create(await app.login(ours), "whatsapp")
    intruder = await app.login(await create_workspace(app.services.sessions))
    url = f"/api/channels/{channel['id']}"
    assert (await intruder.get(url)).status_code == 404
    assert (await intruder.patch(url, json={"name": "mine"})).status_code == 404
    assert (await intruder.delete(url)).status_code == 404
    assert (await intruder.get(f"/api/channels/{ours.channel_id}")).status_code == 404


async def test_delete_removes_providers_but_not_web_chat(app: Harness) -> None:
    account = await create_workspace(app.services.sessions)
    owner = await app.login(account)
    channel = await create(owner, "sms")
    assert (await owner.delete(f"/api/channels/{account.channel_id}")).status_code == 409
    assert (await owner.delete(f"/api/channels/{channel['id']}")).status_code == 204
    assert (await owner.get(f"/api/channels/{channel['id']}")).status_code == 404
    async with app.services.sessions() as session:
        deleted = await session.scalar(
            select(AuditEvent).where(
                AuditEvent.workspace_id == account.workspace_id,
                AuditEvent.action == "channel.deleted",
            )
        )
    assert deleted is not None and deleted.target_id == channel["id"]


async def test_webhook_keys_and_verify_tokens_are_unique(app: Harness) -> None:
    owner = await app.login(await create_workspace(app.services.sessions))
    other = await app.login(await create_workspace(app.services.sessions))
    channels = [await create(client, "whatsapp") for client in (owner, owner, other)]
    keys = {_webhook_key(c["setup"][0]["value"]) for c in channels}
    tokens = {c["setup"][1]["value"] for c in channels}
    assert len(keys) == 3 and len(tokens) == 3
    async with app.services.sessions() as session:
        stored = (await session.execute(text("SELECT webhook_key FROM channel"))).scalars().all()
    assert len(stored) == len(set(stored))
    assert keys <= set(stored)
    assert ChannelKind.whatsapp.value == "whatsapp"
