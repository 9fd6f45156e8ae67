"""The gemeente's errors, derived from the shared partner error base (integrations/errors.py)."""

from integrations.errors import PartnerError, PartnerMalformed, PartnerOnleesbaar, PartnerRejected, PartnerTransient


class GemeenteError(PartnerError):
    """Base class; the message is Dutch and names no personal data."""

    partner = "gemeente"


class GemeenteTransient(GemeenteError, PartnerTransient):
    """Unreachable, timed out, 5xx or 429: try again later."""


class GemeenteConfiguratie(GemeenteTransient):
    """werkpad is pointed at the wrong place or lacks a catalogue piece or a right (a 404 on a
    collection, a missing statustype, 403 on a read): no row is refused for it; the rows stay
    queued until the configuration is fixed, and the run fails with this one line."""


class GemeenteRejected(GemeenteError, PartnerRejected):
    """The gemeente refused the request (4xx): retrying the same request will not help.
    `invalid_params`: the gemeente's reasons ([{name, code, reason}], never with a BSN)."""

    def __init__(self, message: str, status: int | None = None, body: object = None,
                 invalid_params: list[dict[str, str]] | None = None) -> None:
        super().__init__(message, status, body)
        self.invalid_params = invalid_params or []


class GemeenteMalformed(GemeenteError, PartnerMalformed):
    """The answer does not have the shape the API promises."""


class GemeenteOnleesbaar(GemeenteMalformed, PartnerOnleesbaar):
    """No JSON at all: perhaps a proxy's error page; tried again a few times (integrations/errors.py)."""
