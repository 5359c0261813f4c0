"""Consent per channel: opt-in and opt-out with source and proof, on the timeline, suppressing."""

import uuid

from domain.enums import Role
from tests.api.privacy_support import create_contact
from tests.api.team_support import add_member
from tests.factories import create_workspace
from tests.support.harness import Harness


async def test_set_consent_records_opt_out_with_source_and_proof(app: Harness) -> None:
    account = await create_workspace(app.services.sessions)
    contact_id = await create_contact(app.services.sessions, account)
    agent = await app.login(await add_member(app.services.sessions, account, Role.agent))
    base = f"/api/contacts/{contact_id}/consent"

    opted_in = await agent.put(f"{base}/whatsapp", json={"status": "opted_in", "source": "form"})
    opted_out = await agent.put(
        f"{base}/whatsapp",
        json={"status": "opted_out", "source": "keyword", "proof": "STOP at 10:02"},
    )

    assert opted_in.status_code == 200, opted_in.text
    assert opted_out.status_code == 200, opted_out.text
    body = opted_out.json()
    assert (body["channel"], body["status"], body["source"], body["proof"]) == (
        "whatsapp",
        "opted_out",
        "keyword",
        "STOP at 10:02",
    )
    listed = (await agent.get(base)).json()["data"]
    assert [(c["channel"], c["status"]) for c in listed] == [("whatsapp", "opted_out")]
    timeline = (await agent.get(f"/api/contacts/{contact_id}/timeline")).json()["data"]
    changes = [e for e in timeline if e["kind"] == "consent_changed"]
    assert [e["details"] for e in changes] == [
        {
            "channel": "whatsapp",
            "status": "opted_out",
            "source": "keyword",
            "previous": "opted_in",
            "proof": "STOP at 10:02",
        },
        {"channel": "whatsapp", "status": "opted_in", "source": "form", "previous": None},
    ]
    assert changes[0]["actor_user_id"] is not None
    # An opt-out without `suppress` leaves the suppression list alone.
    owner = await app.login(account)
    assert (await owner.get("/api/suppressions")).json()["data"] == []


async def test_set_consent_with_suppress_adds_the_channel_address(app: Harness) -> None:
    account = await create_workspace(app.services.sessions)
    contact_id = await create_contact(app.services.sessions, account)
    owner = await app.login(account)
    base = f"/api/contacts/{contact_id}/consent"

    for channel in ("email", "sms", "whatsapp"):
        response = await owner.put(
            f"{base}/{channel}",
            json={"status": "opted_out", "source": "unsubscribe link", "suppress": True},
        )
        assert response.status_code == 200, (channel, response.text)

    listed = (await owner.get("/api/suppressions")).json()["data"]
    assert sorted((s["kind"], s["value"]) for s in listed) == [
        ("email", "maria@example.com"),
        ("phone", "+5511987654321"),
    ]


async def test_set_consent_rejects_what_it_cannot_do(sqlite_app: Harness) -> None:
    app = sqlite_app
    account = await create_workspace(app.services.sessions)
    contact_id = await create_contact(app.services.sessions, account, email=None)
    owner = await app.login(account)
    base = f"/api/contacts/{contact_id}/consent"

    no_address = await owner.put(
        f"{base}/email", json={"status": "opted_out", "source": "x", "suppress": True}
    )
    opt_in_suppress = await owner.put(
        f"{base}/sms", json={"status": "opted_in", "source": "x", "suppress": True}
    )
    unknown_channel = await owner.put(f"{base}/fax", json={"status": "opted_in", "source": "x"})
    no_source = await owner.put(f"{base}/sms", json={"status": "opted_in", "source": " "})

    assert no_address.status_code == 422 and "no email address" in no_address.json()["detail"]
    assert opt_in_suppress.status_code == 422
    assert unknown_channel.status_code == 422
    assert no_source.status_code == 422
    assert (await owner.get(base)).json()["data"] == []


async def test_consent_of_another_workspace_is_not_found(sqlite_app: Harness) -> None:
    app = sqlite_app
    ours = await create_workspace(app.services.sessions)
    theirs = await create_workspace(app.services.sessions)
    contact_id = await create_contact(app.services.sessions, ours)
    intruder = await app.login(theirs)

    for path in (f"/api/contacts/{contact_id}", f"/api/contacts/{uuid.uuid4()}"):
        put = await intruder.put(
            f"{path}/consent/email", json={"status": "opted_out", "source": "x"}
        )
        get = await intruder.get(f"{path}/consent")
        assert (put.status_code, get.status_code) == (404, 404)
