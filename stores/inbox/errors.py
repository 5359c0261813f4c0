"""What the inbox stores refuse, worded for the person who has to fix it."""


class InboxNotFound(LookupError):
    """The row does not exist in this workspace (whether or not it exists in another)."""


class InboxConflict(ValueError):
    """The change would break a uniqueness rule (a shortcut or team name already taken)."""


class InboxInputError(ValueError):
    """A value the request sent cannot be used; `loc` names the field, as validation errors do."""

    def __init__(self, loc: tuple[str, ...], message: str) -> None:
        super().__init__(message)
        self.loc = loc
        self.message = message
