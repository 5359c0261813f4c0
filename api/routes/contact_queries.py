"""Listing, searching, counting and exporting contacts."""

from fastapi import APIRouter

router = APIRouter(prefix="/contacts", tags=["contacts"])
