"""One error base for every partner (gemeente, UWV, Inlichtingenbureau, …).

The outbox and the retry condition only look at these three kinds, so a new partner's
transient fault can never be taken for a definitive refusal:
- transient: unreachable, timeout, 429, 5xx — the work stays queued and is retried;
- rejected: the partner refused this request — retrying the same request will not help,
  a person must look (a staff task with the partner's message);
- malformed: the answer does not have the promised shape — treated like a refusal, because
  repeating the request does not repair the partner;
- unreadable (a kind of malformed): no answer of the interface at all (not JSON, a redirect), most
  often a proxy's or gateway's error page in front of the partner: tried again a few times with the
  same idempotency key (ONLEESBAAR_POGINGEN attempts of the outbox row), then malformed.
Messages are Dutch and name no personal data.
"""

from __future__ import annotations


class PartnerError(Exception):
    partner: str = "partner"
    verwacht = True  # one Dutch line in the logs, no traceback (deployments/redact.py)


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


ONLEESBAAR = "Onleesbaar antwoord"  # how every unreadable answer's message begins (an outbox row keeps only text)


class PartnerOnleesbaar(PartnerMalformed):
    """The answer is none the interface gives (no JSON, a redirect): perhaps a proxy's error page."""

    def __init__(self, message: str) -> None:
        super().__init__(message if message.startswith(ONLEESBAAR) else f"{ONLEESBAAR}: {message}")


ONLEESBAAR_POGINGEN = 5  # attempts of one outbox row before an unreadable answer counts as malformed


def is_transient(exc: BaseException, pogingen: int | None = None) -> bool:
    """The retry condition: only faults that a later attempt can cure. `pogingen`: the attempts made so far
    (the outbox row's), for an unreadable answer; without it an unreadable answer is not retried here.

    OSError covers the mail server (connection refused, timeouts) and sockets in general."""
    if isinstance(exc, PartnerOnleesbaar):
        return pogingen is not None and pogingen < ONLEESBAAR_POGINGEN
    return isinstance(exc, PartnerTransient | OSError)  # TimeoutError is an OSError
