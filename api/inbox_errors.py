"""The inbox stores' refusals as HTTP answers whose `detail` says what to fix."""

from collections.abc import Iterator
from contextlib import contextmanager

from fastapi import HTTPException, status
from fastapi.exceptions import RequestValidationError

from stores.inbox.errors import InboxConflict, InboxInputError, InboxNotFound


@contextmanager
def inbox_errors() -> Iterator[None]:
    try:
        yield
    except InboxInputError as error:
        # The shape FastAPI gives its own validation errors, located at the field to fix.
        raise RequestValidationError(
            [{"type": "value_error", "loc": error.loc, "msg": error.message, "input": None}]
        ) from None
    except InboxNotFound as error:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail=str(error)) from None
    except InboxConflict as error:
        raise HTTPException(status.HTTP_409_CONFLICT, detail=str(error)) from None
