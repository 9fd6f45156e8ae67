"""Suwinet's errors, derived from the shared partner error base (integrations/errors.py)."""

from integrations.errors import PartnerError, PartnerMalformed, PartnerRejected, PartnerTransient


class SuwinetError(PartnerError):
    """Base class; the message is Dutch and names no personal data (never the BSN)."""

    partner = "suwinet"


class SuwinetTransient(SuwinetError, PartnerTransient):
    """Unreachable, timed out, 5xx without a business fault, or 429: try again later."""


class SuwinetRejected(SuwinetError, PartnerRejected):
    """Suwinet answered with an FWI/SOAP fault or refused the login: retrying will not help."""


class SuwinetMalformed(SuwinetError, PartnerMalformed):
    """The answer is no SOAP 1.2 envelope or does not validate against BKWI's XSD."""


class SuwinetConfigError(SuwinetError):
    """The settings cannot work (specs folder missing, signing configured without xmlsec, …).

    Not transient: a retry does not repair the configuration; an administrator must act."""
