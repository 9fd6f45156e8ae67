"""UWV's errors, derived from the shared partner error base (integrations/errors.py)."""

from integrations.errors import PartnerError, PartnerMalformed, PartnerOnleesbaar, PartnerRejected, PartnerTransient


class UwvError(PartnerError):
    """Base class; the message is Dutch and names no personal data."""

    partner = "uwv"


class UwvTransient(UwvError, PartnerTransient):
    """Unreachable, timed out, 5xx or 429: try again later with the same Idempotency-Key."""


class UwvRejected(UwvError, PartnerRejected):
    """UWV refused the aanvraag (4xx): retrying the same request will not help."""


class UwvMalformed(UwvError, PartnerMalformed):
    """The answer does not have the shape the contract promises."""


class UwvOnleesbaar(UwvMalformed, PartnerOnleesbaar):
    """No answer of the contract at all (no JSON, an unexpected status code): perhaps a proxy in between; the
    outbox tries again a few times with the same Idempotency-Key (integrations/errors.py)."""
