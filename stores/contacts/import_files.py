"""Reading an uploaded CSV file: its encoding, delimiter, header and rows, by byte offset.

A record ends at a newline outside quotes. Quotes and newlines are single ASCII bytes in UTF-8,
cp1252 and latin-1 alike, so records are found on raw bytes: a batch seeks to its offset and reads
forward, and no pass ever holds more than one record (or one batch) in memory.
"""

import codecs
import csv
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import BinaryIO, Literal

from domain.imports import SAMPLE_ROWS, FileFormat

# One record larger than this is an unclosed quote, not a contact: stop before memory grows.
MAX_RECORD_BYTES = 1024 * 1024
BOM = codecs.BOM_UTF8
# Bytes cp1252 leaves undefined: a file holding one is latin-1.
_CP1252_HOLES = re.compile(rb"[\x81\x8d\x8f\x90\x9d]")

Encoding = Literal["utf-8", "utf-8-sig", "cp1252", "latin-1"]


class UnreadableFile(ValueError):
    """The file cannot be imported; the message says what to fix."""


@dataclass
class Inspection:
    format: FileFormat
    columns: list[str]
    sample_rows: list[list[str]]
    total_rows: int


@dataclass
class Batch:
    rows: list[list[str]] = field(default_factory=list)
    next_offset: int = 0
    end_of_file: bool = False


def records(stream: BinaryIO) -> Iterator[tuple[bytes, int]]:
    """Each raw record from the stream's position, with the byte offset just after it."""
    pending = b""
    quotes = 0
    for line in iter(stream.readline, b""):
        pending += line
        quotes += line.count(b'"')
        if quotes % 2 == 0:
            yield pending, stream.tell()
            pending, quotes = b"", 0
        elif len(pending) > MAX_RECORD_BYTES:
            raise UnreadableFile('a quote (") is never closed; check the row after it')
    if pending:
        yield pending, stream.tell()


def parse(raw: bytes, encoding: str, delimiter: str) -> list[str]:
    text = raw.decode("utf-8" if encoding == "utf-8-sig" else encoding)
    line = text.rstrip("\r\n")
    try:
        return next(csv.reader([line], delimiter=delimiter), [])
    except csv.Error:
        # A bare carriage return outside quotes (an old Mac export, a pasted cell) is a space:
        # the row is kept rather than the whole file refused.
        return next(csv.reader([line.replace("\r", " ")], delimiter=delimiter), [])


def _is_blank(raw: bytes) -> bool:
    """An empty line, or only delimiters (spreadsheets export trailing `;;;` lines): no row."""
    return not raw.strip(b' \t\r\n,;"')


def inspect(stream: BinaryIO) -> Inspection:
    """Encoding, delimiter, header, the first rows and the number of rows, in one pass."""
    bom = stream.read(len(BOM)) == BOM
    if not bom:
        stream.seek(0)
    decoder = codecs.getincrementaldecoder("utf-8")()
    utf8, cp1252 = True, True
    header: tuple[bytes, int] | None = None
    sample: list[bytes] = []
    total = 0
    for raw, end in records(stream):
        if utf8:
            try:
                decoder.decode(raw)
            except UnicodeDecodeError:
                utf8 = False
        cp1252 = cp1252 and not _CP1252_HOLES.search(raw)
        if _is_blank(raw):
            continue
        if header is None:
            header = (raw, end)
            continue
        total += 1
        if len(sample) < SAMPLE_ROWS:
            sample.append(raw)
    if header is None:
        raise UnreadableFile("the file is empty; export it again with a header line")
    if b"\x00" in header[0]:
        raise UnreadableFile("this is not a CSV text file; save the spreadsheet as CSV")
    encoding: Encoding = (
        ("utf-8-sig" if bom else "utf-8") if utf8 else "cp1252" if cp1252 else "latin-1"
    )
    semicolons, commas = header[0].count(b";"), header[0].count(b",")
    delimiter: Literal[",", ";"] = ";" if semicolons > commas else ","
    fmt = FileFormat(encoding=encoding, delimiter=delimiter, data_offset=header[1])
    columns = column_names(parse(header[0], encoding, delimiter))
    if total == 0:
        raise UnreadableFile("the file has a header but no rows")
    return Inspection(
        format=fmt,
        columns=columns,
        sample_rows=[parse(raw, encoding, delimiter) for raw in sample],
        total_rows=total,
    )


def column_names(header: list[str]) -> list[str]:
    """Header cells as unique, non-empty names (a mapping is keyed by them)."""
    if not any(cell.strip() for cell in header):
        raise UnreadableFile("the first line must be a header naming the columns")
    names: list[str] = []
    for position, cell in enumerate(header, start=1):
        base = cell.strip() or f"column {position}"
        name, copy = base, 2
        while name in names:
            name, copy = f"{base} ({copy})", copy + 1
        names.append(name)
    return names


def read_header(stream: BinaryIO, fmt: FileFormat) -> list[str]:
    """The header row as written (for the error report)."""
    if fmt.encoding == "utf-8-sig":
        stream.seek(len(BOM))
    for raw, _ in records(stream):
        if not _is_blank(raw):
            return parse(raw, fmt.encoding, fmt.delimiter)
    return []


def read_sample(stream: BinaryIO, fmt: FileFormat) -> list[list[str]]:
    return read_batch(stream, fmt, fmt.data_offset, SAMPLE_ROWS).rows


def read_batch(stream: BinaryIO, fmt: FileFormat, offset: int, limit: int) -> Batch:
    """Up to `limit` rows starting at byte `offset`, and where the next batch starts."""
    stream.seek(0, 2)
    size = stream.tell()
    stream.seek(offset)
    batch = Batch(next_offset=offset)
    for raw, end in records(stream):
        batch.next_offset = end
        if _is_blank(raw):
            continue
        batch.rows.append(parse(raw, fmt.encoding, fmt.delimiter))
        if len(batch.rows) >= limit:
            break
    batch.end_of_file = batch.next_offset >= size
    return batch
