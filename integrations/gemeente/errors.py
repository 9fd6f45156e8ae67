"""Transient faults are retried; refusals and malformed answers are not."""


class GemeenteError(Exception):
    """Base class; the message is Dutch and names no personal data."""


class GemeenteTransient(GemeenteError):
    """Unreachable, timed out, 5xx or 429: try again later."""


class GemeenteRejected(GemeenteError):
    """The gemeente refused the request (4xx): retrying the same request will not help."""

    def __init__(self, message: str, status: int, body: object = None) -> None:
        super().__init__(message)
        self.status = status
        self.body = body


class GemeenteMalformed(GemeenteError):
    """The answer does not have the shape the API promises."""
