import asyncio
from collections.abc import Awaitable, Callable

from fastapi import APIRouter, Response, status

from api.deps import ServicesDep
from api.schemas import Health, PartHealth
from infra.database import ping as ping_database

router = APIRouter(tags=["operations"])

PART_TIMEOUT_SECONDS = 3.0


async def _check(probe: Callable[[], Awaitable[object]]) -> PartHealth:
    try:
        await asyncio.wait_for(probe(), timeout=PART_TIMEOUT_SECONDS)
    except Exception as error:
        return PartHealth(status="down", detail=str(error) or type(error).__name__)
    return PartHealth(status="up")


@router.get(
    "/health",
    response_model=Health,
    responses={503: {"model": Health, "description": "A part is down; `parts` names it."}},
)
async def health(services: ServicesDep, response: Response) -> Health:
    async def temporal() -> None:
        client = await services.temporal.get()
        await client.service_client.check_health()

    database, workflow_engine, event_bus = await asyncio.gather(
        _check(lambda: ping_database(services.engine)),
        _check(temporal),
        _check(services.event_bus.ping),
    )
    parts = {"database": database, "temporal": workflow_engine, "event_bus": event_bus}
    healthy = all(part.status == "up" for part in parts.values())
    if not healthy:
        response.status_code = status.HTTP_503_SERVICE_UNAVAILABLE
    return Health(status="up" if healthy else "down", parts=parts)
