"""Operations that change the state of the domain: plain functions that validate their
preconditions, change rows and flush. The caller (view, command, test) commits."""


class WorkflowError(Exception):
    """An operation was refused; the message says why, in French, for the user."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message
