"""Errors raised by pure rules. Messages are Dutch: they reach staff via the CLI and UI."""


class DomainError(ValueError):
    """Input or transition refused by a rule; the message says what is wrong."""

    verwacht = True  # a refusal is one Dutch line, never a traceback in a log


class InvalidBSN(DomainError):
    pass


class UnknownGemeente(DomainError):
    pass


class TransitionRefused(DomainError):
    pass


class UnknownTermijn(DomainError):
    pass
