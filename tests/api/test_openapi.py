"""The UI's generated types come from `ui/openapi.json`: it must match the API."""

import json
from pathlib import Path

from api.main import create_app
from domain.settings import Settings

SCHEMA_FILE = Path(__file__).resolve().parents[2] / "ui" / "openapi.json"


def test_committed_openapi_schema_matches_the_api() -> None:
    current = create_app(Settings(_env_file=None)).openapi()
    committed = json.loads(SCHEMA_FILE.read_text())
    assert committed == json.loads(json.dumps(current)), (
        "ui/openapi.json is stale: run `.venv/bin/fluxo openapi --output ui/openapi.json` "
        "and `npm run gen:api` in ui/"
    )
