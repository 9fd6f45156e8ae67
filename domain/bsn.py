"""BSN validation (11-proef), as in vng-api-common's validate_bsn."""

import re

from domain.errors import InvalidBSN


def validate_bsn(value: str) -> str:
    """Return the normalised 9-digit BSN or raise InvalidBSN with a reason.

    The weighted sum 9*d1 + 8*d2 + ... + 2*d8 - 1*d9 must be divisible by 11.
    Eight-digit numbers are zero-padded, as BSNs historically were.
    """
    raw = (value or "").strip()
    # Only ASCII 0-9: str.isdigit() also accepts Arabic-Indic, fullwidth and superscript digits,
    # which would pass the 11-proef here and reach the gemeente as a different string.
    if not re.fullmatch(r"[0-9]+", raw):
        raise InvalidBSN("Ongeldig BSN: een BSN bestaat alleen uit de cijfers 0-9.")
    if len(raw) == 8:
        raw = "0" + raw
    if len(raw) != 9:
        raise InvalidBSN(f"Ongeldig BSN: een BSN heeft 9 cijfers, dit nummer heeft er {len(raw)}.")
    total = sum(int(d) * w for d, w in zip(raw[:8], range(9, 1, -1), strict=True)) - int(raw[8])
    if total % 11 != 0 or raw == "000000000":
        raise InvalidBSN("Ongeldig BSN: het nummer voldoet niet aan de 11-proef.")
    return raw


def mask_bsn(value: str) -> str:
    """For the rare place a person must recognise a BSN (the deelnemer's own record)."""
    return "*****" + value[-4:] if len(value) >= 4 else "*****"


BSN_MASK = "*********"
# Nine ASCII digits not glued to other hex characters: a BSN in a message, a run name or a
# traceback, but not the digits inside a UUID or a hex id (e.g. Prefect's "View at" links).
NEGEN_CIJFERS = re.compile(r"(?<![0-9a-fA-F])[0-9]{9}(?![0-9a-fA-F])")


def maskeer_bsns(text: str) -> str:
    """Mask every possible BSN in free text (log lines, error messages shown to staff)."""
    return NEGEN_CIJFERS.sub(BSN_MASK, text)
