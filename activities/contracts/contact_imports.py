"""Contracts of the contact imports activities."""

import uuid

from pydantic import BaseModel

from activities.contracts import ActivityContract
from domain.enums import ImportStatus
from domain.imports import BatchProgress


class ImportBatchInput(BaseModel):
    workspace_id: uuid.UUID
    import_id: uuid.UUID
    offset: int
    batch_size: int


class FinishImportInput(BaseModel):
    workspace_id: uuid.UUID
    import_id: uuid.UUID
    status: ImportStatus
    message: str = ""


IMPORT_BATCH = ActivityContract("import_batch", ImportBatchInput, BatchProgress)
FINISH_IMPORT = ActivityContract("finish_import", FinishImportInput, BatchProgress)
