"""Custom fields a workspace defines for its contacts."""

from fastapi import APIRouter

router = APIRouter(prefix="/custom-fields", tags=["custom fields"])
