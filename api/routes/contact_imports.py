"""CSV imports of contacts, each run by a ContactImportWorkflow."""

from fastapi import APIRouter

router = APIRouter(prefix="/contacts/imports", tags=["contact imports"])
