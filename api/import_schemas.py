"""Request and response bodies of the contact import API."""

import uuid
from datetime import datetime

from pydantic import BaseModel, Field

from domain.enums import ImportStatus
from domain.imports import ImportOptions, ImportTarget


class ContactImportPublic(BaseModel):
    id: uuid.UUID
    filename: str
    status: ImportStatus
    size_bytes: int
    columns: list[str] = Field(description="Header names, made unique; mappings are keyed by them.")
    total_rows: int
    sample_rows: list[list[str]] = Field(
        default_factory=list, description="The first rows, while the import awaits its mapping."
    )
    suggested_mapping: dict[str, str] = Field(
        default_factory=dict, description="A guess from the header names, while uploaded."
    )
    mapping: dict[str, str]
    options: ImportOptions | None
    processed_rows: int
    created_count: int
    updated_count: int
    error_count: int
    failure_message: str
    workflow_id: str | None
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None


class ContactImportsPublic(BaseModel):
    data: list[ContactImportPublic]


class ContactImportStart(BaseModel):
    mapping: dict[str, ImportTarget] = Field(
        description="Column name -> name|phone|email|language|timezone|country|source|tags|"
        "ignore|custom:<key>. Columns left out are ignored."
    )
    options: ImportOptions = Field(default_factory=ImportOptions)
