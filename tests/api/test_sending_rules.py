"""The workspace's rule for proactive sends: on by default, read by whoever sees the channels,
changed (and audited) by those who manage the workspace."""

from sqlmodel import select

from domain.enums import Role
from stores.tables.workspaces import AuditEvent
from tests.api.team_support import add_member
from tests.factories import create_workspace
from tests.support.harness import Harness


async def test_marketers_read_owners_change_agents_see_nothing(sqlite_app: Harness) -> None:
    app = sqlite_app
    account = await create_workspace(app.services.sessions)
    owner = await app.login(account)
    marketer = await app.login(await add_member(app.services.sessions, account, Role.marketer))
    agent = await app.login(await add_member(app.services.sessions, account, Role.agent))

    assert (await marketer.get("/api/sending-rules")).json() == {"proactive_needs_opt_in": True}
    assert (await agent.get("/api/sending-rules")).status_code == 403
    off = {"proactive_needs_opt_in": False}
    assert (await marketer.put("/api/sending-rules", json=off)).status_code == 403

    changed = await owner.put("/api/sending-rules", json=off)
    assert changed.status_code == 200, changed.text
    assert (await marketer.get("/api/sending-rules")).json() == off
    async with app.services.sessions() as session:
        events = (
            (
                await session.execute(
                    select(AuditEvent).where(
                        AuditEvent.workspace_id == account.workspace_id,
                        AuditEvent.action == "sending_rules.changed",
                    )
                )
            )
            .scalars()
            .all()
        )
    assert [e.details for e in events] == [{"proactive_needs_opt_in": "false"}]
