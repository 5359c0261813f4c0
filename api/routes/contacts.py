"""One contact: create or update by identity, read, edit, tags, notes, merge."""

from fastapi import APIRouter

router = APIRouter(prefix="/contacts", tags=["contacts"])
