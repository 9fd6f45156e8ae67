"""The gemeente's errors, derived from the shared partner error base (integrations/errors.py)."""

from integrations.errors import PartnerError, PartnerMalformed, PartnerRejected, PartnerTransient


class GemeenteError(PartnerError):
    """Base class; the message is Dutch and names no personal data."""

    partner = "gemeente"


class GemeenteTransient(GemeenteError, PartnerTransient):
    """Unreachable, timed out, 5xx or 429: try again later."""


class GemeenteRejected(GemeenteError, PartnerRejected):
    """The gemeente refused the request (4xx): retrying the same request will not help."""


class GemeenteMalformed(GemeenteError, PartnerMalformed):
    """The answer does not have the shape the API promises."""
