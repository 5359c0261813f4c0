"""CSV imports of contacts: how columns map to fields, the options of a run, and its progress.

The same models travel in the API, the workflow's input and the activities, so a mapping is
checked once, where the marketer can still fix it, and the workflow carries only what it needs.
"""

import re
import unicodedata
import uuid
from collections.abc import Iterable
from typing import Annotated, Literal

from pydantic import BaseModel, Field, StringConstraints, field_validator

from domain.contact_values import normalize_country, normalize_tag
from domain.contacts import STANDARD_FIELDS
from domain.enums import ChannelKind, ConsentStatus, ImportStatus

MAX_UPLOAD_BYTES = 100 * 1024 * 1024
SAMPLE_ROWS = 5
DEFAULT_BATCH_SIZE = 1000
# A workflow run handles this many batches, then continues as new: its history stays small.
DEFAULT_BATCHES_PER_RUN = 20

IDENTIFYING_TARGETS = frozenset({"name", "phone", "email"})
# Several columns may feed tags or be ignored; every other target takes one column at most.
REPEATABLE_TARGETS = frozenset({"tags", "ignore"})
CUSTOM_PREFIX = "custom:"

ImportTarget = Annotated[
    str,
    StringConstraints(
        # A column maps to a contact's standard field, to tags, to nothing, or to a custom field.
        pattern=rf"^({'|'.join((*STANDARD_FIELDS, 'tags', 'ignore'))}"
        r"|custom:[a-z][a-z0-9_]{0,63})$"
    ),
]


class ConsentToRecord(BaseModel):
    """Consent the import records for every imported contact, with where it came from."""

    channel: ChannelKind
    status: ConsentStatus
    source: str = Field(default="import", min_length=1, max_length=100)
    proof: str = Field(default="", max_length=2000, description="e.g. the form the list came from")


class ImportOptions(BaseModel):
    tags: list[str] = Field(
        default_factory=list, max_length=20, description="Tags added to every imported contact."
    )
    default_country: str | None = Field(
        default="BR", description="Country of phone numbers written without +<country code>."
    )
    consent: ConsentToRecord | None = None
    batch_size: int = Field(
        default=DEFAULT_BATCH_SIZE,
        ge=1,
        le=5000,
        description="Rows per transaction; progress advances one batch at a time.",
    )

    @field_validator("tags")
    @classmethod
    def _normal_tags(cls, tags: list[str]) -> list[str]:
        return list(dict.fromkeys(normalize_tag(tag) for tag in tags))

    @field_validator("default_country")
    @classmethod
    def _country(cls, country: str | None) -> str | None:
        return normalize_country(country) if country else None


class FileFormat(BaseModel):
    """What the upload found out about the file, so every batch reads it the same way."""

    encoding: Literal["utf-8", "utf-8-sig", "cp1252", "latin-1"]
    delimiter: Literal[",", ";"]
    data_offset: int = Field(description="Byte offset of the first row after the header.")


def mapping_problems(
    mapping: dict[str, str], columns: list[str], custom_keys: Iterable[str]
) -> list[str]:
    """What is wrong with `mapping` (column -> target) for a file with `columns`; empty if fine."""
    problems = [f"column {name!r} is not in the file" for name in mapping if name not in columns]
    known = set(custom_keys)
    used: dict[str, str] = {}
    for column, target in mapping.items():
        if target.startswith(CUSTOM_PREFIX) and target[len(CUSTOM_PREFIX) :] not in known:
            problems.append(f"custom field {target[len(CUSTOM_PREFIX) :]!r} does not exist")
        if target in used and target not in REPEATABLE_TARGETS:
            problems.append(f"{target} is mapped from both {used[target]!r} and {column!r}")
        used.setdefault(target, column)
    if not IDENTIFYING_TARGETS & set(mapping.values()):
        problems.append("map at least one column to name, phone or email")
    return problems


_SYNONYMS: dict[str, str] = {
    **dict.fromkeys(["name", "nome", "fullname", "nomecompleto", "contato", "contact"], "name"),
    **dict.fromkeys(
        ["phone", "telefone", "celular", "whatsapp", "fone", "tel", "mobile", "phonenumber"],
        "phone",
    ),
    **dict.fromkeys(["email", "mail", "emailaddress", "enderecodeemail"], "email"),
    **dict.fromkeys(["language", "idioma", "lingua", "lang"], "language"),
    **dict.fromkeys(["timezone", "fusohorario", "fuso"], "timezone"),
    **dict.fromkeys(["country", "pais"], "country"),
    **dict.fromkeys(["source", "origem", "fonte"], "source"),
    **dict.fromkeys(["tags", "tag", "etiquetas", "etiqueta", "marcadores"], "tags"),
}


def _simplified(text: str) -> str:
    """`País`, `E-mail ` and `pais` all become `pais` / `email`."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return re.sub(r"[^a-z0-9]", "", "".join(c for c in decomposed if not unicodedata.combining(c)))


def suggest_mapping(columns: list[str], custom_fields: dict[str, str]) -> dict[str, str]:
    """A first guess from header names (English or Portuguese) and custom field keys/labels."""
    custom: dict[str, str] = {}
    for key, label in custom_fields.items():
        custom.setdefault(_simplified(label), f"{CUSTOM_PREFIX}{key}")
        custom[_simplified(key)] = f"{CUSTOM_PREFIX}{key}"
    suggestion: dict[str, str] = {}
    taken: set[str] = set()
    for column in columns:
        simple = _simplified(column)
        target = custom.get(simple) or _SYNONYMS.get(simple) or "ignore"
        if target in taken and target not in REPEATABLE_TARGETS:
            target = "ignore"
        taken.add(target)
        suggestion[column] = target
    return suggestion


class BatchProgress(BaseModel):
    """An import's counters after a batch, as committed."""

    import_id: uuid.UUID
    status: ImportStatus
    next_offset: int
    processed_rows: int
    created_count: int
    updated_count: int
    error_count: int
    done: bool = Field(description="True once the whole file is read (or the import stopped).")


class ContactImportInput(BaseModel):
    """The whole state of a `ContactImportWorkflow` run: where in the file the next batch starts.

    Mapping and options live on the import's row; the workflow needs only its place in the file.
    """

    workspace_id: uuid.UUID
    import_id: uuid.UUID
    offset: int
    batch_size: int = Field(default=DEFAULT_BATCH_SIZE, ge=1)
    batches_per_run: int = Field(default=DEFAULT_BATCHES_PER_RUN, ge=1)


class ImportProgressEvent(BaseModel):
    """Published on the workspace topic after each batch, so an open import page updates."""

    type: Literal["contact_import"] = "contact_import"
    progress: BatchProgress
