"""Serves the built single-page app and the widget from `ui/dist` on the API's port."""

from pathlib import Path

from fastapi import FastAPI, HTTPException, Request, status
from fastapi.responses import FileResponse, HTMLResponse

MISSING_BUILD = """<!doctype html><title>Fluxo</title>
<p>The web UI is not built. Run <code>npm ci &amp;&amp; npm run build</code> in <code>ui/</code>,
or start Fluxo with the README's command, which builds it.</p>"""


def mount_ui(app: FastAPI, dist: Path) -> None:
    @app.get("/{path:path}", include_in_schema=False, response_model=None)
    async def ui(path: str, request: Request) -> FileResponse | HTMLResponse:
        if path == "api" or path.startswith("api/"):
            raise HTTPException(status.HTTP_404_NOT_FOUND, detail="Not found.")
        root = dist.resolve()
        candidate = (root / path).resolve()
        if path and candidate.is_file() and candidate.is_relative_to(root):
            return FileResponse(candidate)
        index = root / "index.html"
        if not index.is_file():
            return HTMLResponse(MISSING_BUILD, status_code=status.HTTP_503_SERVICE_UNAVAILABLE)
        # Client-side routes (/inbox/…) all load the app; it decides what to show.
        return FileResponse(index, headers={"Cache-Control": "no-cache"})
