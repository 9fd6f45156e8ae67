"""One error base for every partner (gemeente, UWV, Inlichtingenbureau, …).

The outbox and the retry condition only look at these three kinds, so a new partner's
transient fault can never be taken for a definitive refusal:
- transient: unreachable, timeout, 429, 5xx — the work stays queued and is retried;
- rejected: the partner refused this request — retrying the same request will not help,
  a person must look (a staff task with the partner's message);
- malformed: the answer does not have the promised shape — treated like a refusal, because
  repeating the request does not repair the partner.
Messages are Dutch and name no personal data.
"""

from __future__ import annotations


class PartnerError(Exception):
    partner: str = "partner"


class PartnerTransient(PartnerError):
    """Try again later; nothing was decided."""


class PartnerRejected(PartnerError):
    """The partner refused the request."""

    def __init__(self, message: str, status: int | None = None, body: object = None) -> None:
        super().__init__(message)
        self.status = status
        self.body = body


class PartnerMalformed(PartnerError):
    """The answer does not have the shape the interface promises."""


def is_transient(exc: BaseException) -> bool:
    """The retry condition: only faults that a later attempt can cure.

    OSError covers the mail server (connection refused, timeouts) and sockets in general."""
    return isinstance(exc, PartnerTransient | OSError)  # TimeoutError is an OSError
