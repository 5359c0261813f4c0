"""CSV files of contacts for import tests and the import benchmark."""

import csv
import io
from collections.abc import Iterable, Sequence
from pathlib import Path


def csv_bytes(
    header: Sequence[str],
    rows: Iterable[Sequence[str]],
    *,
    delimiter: str = ",",
    encoding: str = "utf-8",
) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode(encoding)


def write_csv(path: Path, header: Sequence[str], rows: Iterable[Sequence[str]]) -> Path:
    """Streams rows to `path` (UTF-8, comma), so a large file never sits in memory."""
    with path.open("w", encoding="utf-8", newline="") as target:
        writer = csv.writer(target, lineterminator="\r\n")
        writer.writerow(header)
        writer.writerows(rows)
    return path


def people(count: int, *, start: int = 0) -> list[list[str]]:
    """`count` distinct valid people: name, Brazilian mobile written locally, e-mail."""
    return [
        [f"Pessoa {n}", f"(11) 9{7000 + n // 10000:04d}-{n % 10000:04d}", f"pessoa{n}@example.com"]
        for n in range(start, start + count)
    ]
