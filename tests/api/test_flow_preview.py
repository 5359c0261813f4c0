"""The builder's live preview runs the draft through the real workflow engine; the run
inspector and the drop-off counts read the steps bot runs recorded."""

from typing import Any

import httpx

from stores.tables.flows import Flow
from tests.factories import create_workspace
from tests.support.harness import Harness
from tests.support.waiting import eventually
from tests.workflows.flow_support import lead_qualification


async def _draft_only_flow(app: Harness, workspace_id: Any) -> str:
    async with app.services.sessions() as session, session.begin():
        flow = Flow(
            workspace_id=workspace_id,
            name="Rascunho",
            draft=lead_qualification().model_dump(mode="json"),
            triggers=[],
        )
        session.add(flow)
    return str(flow.id)


async def _say(client: httpx.AsyncClient, key: str, token: str, message_id: str, text: str) -> None:
    response = await client.post(
        f"/api/widget/{key}/messages",
        headers={"X-Fluxo-Visitor": token},
        json={"client_message_id": message_id, "text": text},
    )
    assert response.status_code == 202, response.text


async def _bot(client: httpx.AsyncClient, key: str, token: str, count: int) -> list[str]:
    async def lines() -> list[str] | None:
        history = (
            await client.get(f"/api/widget/{key}/messages", headers={"X-Fluxo-Visitor": token})
        ).json()["data"]
        bot = [m["text"] for m in history if m["direction"] == "outbound"]
        return bot if len(bot) >= count else None

    return await eventually(lines, timeout=30)


async def test_preview_runs_the_unpublished_draft_and_the_inspector_shows_its_path(
    app: Harness,
) -> None:
    account = await create_workspace(app.services.sessions)
    marketer = await app.login(account)
    flow_id = await _draft_only_flow(app, account.workspace_id)

    session = await marketer.post(f"/api/flows/{flow_id}/preview")
    assert session.status_code == 200, session.text
    key, token = session.json()["public_key"], session.json()["visitor_token"]
    visitor = app.http()
    await _say(visitor, key, token, "p1", "oi")
    assert await _bot(visitor, key, token, 1) == ["Oi! Qual o seu e-mail?"]
    await _say(visitor, key, token, "p2", "teste@example.com")
    assert (await _bot(visitor, key, token, 2))[1] == (
        "Obrigado! Vamos escrever para teste@example.com."
    )

    conversations = (await marketer.get("/api/conversations")).json()["data"]
    conversation_id = conversations[0]["id"]

    async def path() -> list[tuple[str, str]] | None:
        steps = (
            await marketer.get(
                f"/api/flows/{flow_id}/runs", params={"conversation_id": conversation_id}
            )
        ).json()["data"]
        found = [(s["node_id"], s["outcome"]) for s in steps]
        return found if found and found[-1] == ("end", "ended") else None

    assert await eventually(path) == [
        ("start", "next"),
        ("ask_email", "asked"),
        ("ask_email", "answered"),
        ("company", "else"),
        ("thanks", "next"),
        ("tag", "next"),
        ("end", "ended"),
    ]
    stats = (await marketer.get(f"/api/flows/{flow_id}/stats", params={"version": 0})).json()
    assert stats["nodes"]["ask_email"] == {"entered": 1, "left": 1}
    assert stats["nodes"]["end"] == {"entered": 1, "left": 0}


async def test_another_workspace_cannot_preview_or_inspect_a_flow(app: Harness) -> None:
    ours = await create_workspace(app.services.sessions)
    theirs = await create_workspace(app.services.sessions)
    flow_id = await _draft_only_flow(app, ours.workspace_id)
    stranger = await app.login(theirs)
    assert (await stranger.post(f"/api/flows/{flow_id}/preview")).status_code == 404
    runs = await stranger.get(f"/api/flows/{flow_id}/runs", params={"conversation_id": flow_id})
    assert runs.status_code == 404
    assert (await stranger.get(f"/api/flows/{flow_id}/stats")).status_code == 404
