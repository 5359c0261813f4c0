"""Driving a contact import through the API, as the import wizard does."""

from typing import Any

import httpx

from tests.support.waiting import eventually

MAPPING = {"nome": "name", "telefone": "phone", "email": "email"}
ENDED = frozenset({"completed", "failed", "cancelled"})


async def upload(client: httpx.AsyncClient, data: bytes, name: str = "c.csv") -> dict[str, Any]:
    response = await client.post("/api/contacts/imports", files={"file": (name, data, "text/csv")})
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


async def start(
    client: httpx.AsyncClient,
    import_id: str,
    mapping: dict[str, str] = MAPPING,
    **options: Any,
) -> dict[str, Any]:
    response = await client.post(
        f"/api/contacts/imports/{import_id}/start", json={"mapping": mapping, "options": options}
    )
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


async def finished(
    client: httpx.AsyncClient, import_id: str, timeout: float = 60
) -> dict[str, Any]:
    async def probe() -> dict[str, Any] | None:
        body: dict[str, Any] = (await client.get(f"/api/contacts/imports/{import_id}")).json()
        return body if body["status"] in ENDED else None

    return await eventually(probe, timeout=timeout)
