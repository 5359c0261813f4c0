"""Where uploaded files are kept between the request that receives them and the workers that
read them. Files are copied in chunks and read back by offset: never held whole in memory."""

import uuid
from pathlib import Path
from typing import BinaryIO, Protocol

CHUNK = 1024 * 1024


class FileTooLarge(ValueError):
    pass


class FileStorage(Protocol):
    def new_key(self, workspace_id: uuid.UUID, name: str) -> str: ...

    def save(self, key: str, source: BinaryIO, max_bytes: int) -> int:
        """Copies `source` to `key`; returns its size or raises `FileTooLarge` (nothing kept)."""
        ...

    def open(self, key: str) -> BinaryIO: ...

    def delete(self, key: str) -> None: ...


class LocalFileStorage:
    """A folder (`<data dir>/uploads` by default): the same machine in `fluxo dev`, a volume
    shared by API and workers in production. Keys are paths below it, `<workspace>/<name>`."""

    def __init__(self, root: Path) -> None:
        self._root = root.resolve()

    def new_key(self, workspace_id: uuid.UUID, name: str) -> str:
        return f"{workspace_id}/{name}"

    def _path(self, key: str) -> Path:
        path = (self._root / key).resolve()
        if not path.is_relative_to(self._root):
            raise ValueError(f"storage key {key!r} points outside the storage folder")
        return path

    def save(self, key: str, source: BinaryIO, max_bytes: int) -> int:
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        size = 0
        with path.open("wb") as target:
            while chunk := source.read(CHUNK):
                size += len(chunk)
                if size > max_bytes:
                    break
                target.write(chunk)
        if size > max_bytes:
            path.unlink(missing_ok=True)
            raise FileTooLarge(f"the file is larger than {max_bytes // (1024 * 1024)} MB")
        return size

    def open(self, key: str) -> BinaryIO:
        return self._path(key).open("rb")

    def delete(self, key: str) -> None:
        self._path(key).unlink(missing_ok=True)
