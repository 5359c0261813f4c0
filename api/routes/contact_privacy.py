"""Consent, timeline and erasure of a contact."""

from fastapi import APIRouter

router = APIRouter(prefix="/contacts", tags=["contacts"])
