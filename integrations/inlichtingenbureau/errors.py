"""The Inlichtingenbureau's errors, derived from the shared partner error base (integrations/errors.py)."""

from integrations.errors import PartnerError, PartnerMalformed, PartnerRejected, PartnerTransient


class IBError(PartnerError):
    """Base class; the message is Dutch and names no personal data (never the BSN)."""

    partner = "inlichtingenbureau"


class IBTransient(IBError, PartnerTransient):
    """Unreachable, timed out, 5xx or 429: send again later with the same Idempotency-Key."""


class IBRejected(IBError, PartnerRejected):
    """The Inlichtingenbureau refused the bericht (4xx): sending it again will not help."""


class IBMalformed(IBError, PartnerMalformed):
    """The answer does not have the promised shape (no receipt)."""
