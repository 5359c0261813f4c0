"""Saved segments: named filters over contacts."""

from fastapi import APIRouter

router = APIRouter(prefix="/segments", tags=["segments"])
