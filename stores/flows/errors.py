"""What the flow store refuses, worded for the marketer who has to fix it."""

from domain.flow_validation import FlowProblem


class FlowNotFound(LookupError):
    """The flow (or version) does not exist in this workspace, whether or not it exists in
    another."""


class FlowConflict(ValueError):
    """The change clashes with the flow's state or with another flow (a name or keyword taken,
    no published version to activate, runs that deleting would orphan)."""


class FlowNotPublishable(ValueError):
    """The draft cannot run: `problems` say where, for the builder to show on the nodes."""

    def __init__(self, problems: list[FlowProblem]) -> None:
        count = len(problems)
        super().__init__(
            f"The flow has {count} problem{'s' if count != 1 else ''} to fix before publishing."
        )
        self.problems = problems
