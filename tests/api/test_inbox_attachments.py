"""Attachments over HTTP: an upload read back byte for byte with its type and disposition,
cookie-authenticated like an `<img src>`, only within its workspace; empty and too-large files
refused (the ceiling lowered through the route's dependency, not with 100 MB of data)."""

import hashlib
import os
import uuid

import httpx

from api.main import create_app
from api.routes.attachments import attachment_max_bytes
from stores.tables.inbox import Attachment
from tests.factories import create_workspace
from tests.support.harness import Harness
from tests.support.local_server import serving

PNG = b"\x89PNG\r\n\x1a\n" + os.urandom(3000)


async def upload(
    agent: httpx.AsyncClient, name: str, data: bytes, content_type: str
) -> httpx.Response:
    return await agent.post("/api/attachments", files={"file": (name, data, content_type)})


async def test_upload_and_download_round_trip_within_the_workspace(app: Harness) -> None:
    account = await create_workspace(app.services.sessions)
    agent = await app.login(account)

    created = await upload(agent, "photo.png", PNG, "image/png")
    assert created.status_code == 201, created.text
    photo = created.json()
    assert {k: photo[k] for k in ("filename", "mime_type", "size")} == {
        "filename": "photo.png",
        "mime_type": "image/png",
        "size": len(PNG),
    }
    assert photo["url"] == f"/api/attachments/{photo['id']}"
    async with app.services.sessions() as session:
        row = await session.get(Attachment, uuid.UUID(photo["id"]))
    assert row is not None and row.sha256 == hashlib.sha256(PNG).hexdigest()
    assert row.workspace_id == account.workspace_id and row.uploaded_by_user_id == account.user_id

    # Only the session cookie, as a browser's <img src> sends it.
    browser = app.http(cookies={"fluxo_session": agent.cookies["fluxo_session"]})
    shown = await browser.get(photo["url"])
    assert shown.status_code == 200, shown.text
    assert shown.content == PNG
    assert shown.headers["content-type"] == "image/png"
    assert shown.headers["content-disposition"].startswith('inline; filename="photo.png"')
    assert shown.headers["x-content-type-options"] == "nosniff"

    report = "relatório final.pdf"
    pdf = await upload(agent, report, b"%PDF-1.7 " + os.urandom(64), "application/pdf")
    downloaded = await agent.get(pdf.json()["url"])
    disposition = downloaded.headers["content-disposition"]
    assert disposition.startswith('attachment; filename="relat_rio final.pdf"')
    assert "filename*=UTF-8''relat%C3%B3rio%20final.pdf" in disposition
    # SVG can carry script: it downloads rather than render in our origin.
    svg = await upload(
        agent, "logo.svg", b"<svg xmlns='http://www.w3.org/2000/svg'/>", "image/svg+xml"
    )
    assert (
        (await agent.get(svg.json()["url"]))
        .headers["content-disposition"]
        .startswith("attachment;")
    )
    # No declared type: guessed from the name.
    guessed = await upload(agent, "notes.txt", b"plain words", "application/octet-stream")
    assert guessed.json()["mime_type"] == "text/plain"

    intruder = await app.login(await create_workspace(app.services.sessions))
    assert (await intruder.get(photo["url"])).status_code == 404
    assert (await app.http().get(photo["url"])).status_code == 401


async def test_empty_and_missing_files_are_422(sqlite_app: Harness) -> None:
    agent = await sqlite_app.login(await create_workspace(sqlite_app.services.sessions))
    empty = await upload(agent, "empty.txt", b"", "text/plain")
    assert empty.status_code == 422
    assert "empty" in empty.json()["detail"]
    missing = await agent.post("/api/attachments", data={"other": "x"})
    assert missing.status_code == 422
    assert missing.json()["detail"][0]["loc"] == ["body", "file"]


async def test_a_file_over_the_ceiling_is_413_and_nothing_is_kept(sqlite_app: Harness) -> None:
    app = create_app(sqlite_app.settings, sqlite_app.services)
    app.dependency_overrides[attachment_max_bytes] = lambda: 1000
    account = await create_workspace(sqlite_app.services.sessions)
    async with (
        serving(app, lifespan="on") as base_url,
        httpx.AsyncClient(base_url=base_url) as agent,
    ):
        login = {"email": account.email, "password": account.password}
        assert (await agent.post("/api/auth/login", json=login)).status_code == 200
        agent.headers["X-Fluxo-CSRF"] = agent.cookies["fluxo_csrf"]
        too_large = await upload(agent, "big.bin", os.urandom(1001), "application/zip")
        fits = await upload(agent, "small.bin", os.urandom(1000), "application/zip")
    assert too_large.status_code == 413
    assert too_large.json()["detail"] == (
        "The file is larger than 1000 bytes: send a smaller one, or a link to it."
    )
    assert fits.status_code == 201, fits.text
    stored = sqlite_app.settings.uploads_dir / str(account.workspace_id) / "attachments"
    assert [path.name for path in stored.iterdir()] == [fits.json()["id"]]
