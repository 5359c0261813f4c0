"""The workspace's suppression list: addresses never to message."""

from fastapi import APIRouter

router = APIRouter(prefix="/suppressions", tags=["suppressions"])
