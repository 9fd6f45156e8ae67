"""BSN rules: a BSN typed where one belongs (11-proef), and the one rule for a BSN-like number where
none belongs (free text, an address, a role word) and for masking logs and error lines.

The BSN-like rule (issue 19, point 11). A text holds a BSN-like number when it has nine digits
that are

- digits of any script (Unicode category Nd: also ٩, ৯, ９, 𝟗);
- joined by at most three separator characters in a row, from whitespace and `. , - _ /`,
  where a run of whitespace counts as one (free text is stored with its whitespace collapsed,
  so "999   901 138" would be stored as "999 901 138": the answer must be the same before and
  after); so "999 - 901 - 138", "999,901,138" and "9999.0113,8" are caught;
- not glued to a tenth digit: the first digit has no digit right before it, the last none right
  after it. A separator does not glue: in "BSN 999901138, 2 keer" the nine digits are caught
  although a tenth digit follows after ", ".

The 11-proef plays no part (any nine digits count: safer). What still passes: a date
(2026-12-07, 15/01/2027, 07-12-2026 10:00), a time, a postcode (1941 AB), 06-12345678,
0612345678, 020 123 4567, +31612345678, an amount up to € 123.456,78. What is refused, on
purpose (nine digits stand together; the staff member writes it another way):
"+31 6 12345678" and "+31 (0)6 12345678" (the national number without its 0 is nine digits),
"+31 20 123 4567", a date with an hour of one digit ("2026-12-07 9:30", "7-12-2026 10:00":
write "om 9:30"), dates listed with a comma ("1-12-2026, 8-12-2026"), an amount from a million
with cents ("1.234.567,89").

One regex (BSN_ACHTIG_PATROON, Python `re`) is the rule: the step's check and maskeer_bsns search
with it, and the forms' JSON-schema patterns embed it (domain/invoer.py). Those patterns are
evaluated by the Prefect server with Python's `re` (jsonschema's `pattern` keyword: `re.search`;
the UI posts the form to /ui/schemas/validate), where `\\d` is exactly Unicode Nd and `\\s` exactly
`str.isspace`; pydantic evaluates them with `re` too (a compiled pattern selects its python-re engine).
"""

import re

from domain.errors import InvalidBSN


def validate_bsn(value: str) -> str:
    """Return the 9-digit BSN or raise InvalidBSN with a reason.

    The weighted sum 9*d1 + 8*d2 + ... + 2*d8 - 1*d9 must be divisible by 11. Eight digits are
    refused, not zero-padded (vng-api-common pads): a BSN that starts with 0 is written with its
    0 (the ZGW `inpBsn` is exactly nine), and eight digits are as often a digit lost anywhere as
    a 0 lost by a spreadsheet; padded, about one in eleven of those passes the 11-proef and is
    someone else's BSN, sent to the gemeente.
    """
    raw = (value or "").strip()
    # Only ASCII 0-9: str.isdigit() also accepts Arabic-Indic, fullwidth and superscript digits,
    # which would pass the 11-proef here and reach the gemeente as a different string.
    if not re.fullmatch(r"[0-9]+", raw):
        raise InvalidBSN("Ongeldig BSN: een BSN bestaat alleen uit de cijfers 0-9.")
    if len(raw) == 8:
        raise InvalidBSN("Ongeldig BSN: een BSN heeft negen cijfers, dit nummer heeft er acht; begint het BSN met een "
                         "0, typ die 0 dan mee (een spreadsheet laat hem soms weg).")
    if len(raw) != 9:
        raise InvalidBSN(f"Ongeldig BSN: een BSN heeft negen cijfers, dit nummer heeft er {len(raw)}.")
    total = sum(int(d) * w for d, w in zip(raw[:8], range(9, 1, -1), strict=True)) - int(raw[8])
    if total % 11 != 0 or raw == "000000000":
        raise InvalidBSN("Ongeldig BSN: het nummer voldoet niet aan de 11-proef.")
    return raw


def mask_bsn(value: str) -> str:
    """For the rare place a person must recognise a BSN (the deelnemer's own record)."""
    return "*****" + value[-4:] if len(value) >= 4 else "*****"


# What may stand between two digits: nothing, or one to three separators, a whitespace run (W)
# counting as one, each of . , - _ / (Q) as one: W, Q, WQ, WQW, WQQ, QW, QWQ, QQ, QQW, QQQ.
# Written so that no two alternatives match the same text (no backtracking blow-up).
_Q = r"[.,\-_/]"
_SCHEIDING = rf"(?:\s+(?:{_Q}(?:\s+|{_Q})?)?|{_Q}(?:\s+{_Q}?|{_Q}(?:\s+|{_Q})?)?)"
BSN_ACHTIG_PATROON = rf"(?<!\d)\d(?:{_SCHEIDING}?\d){{8}}(?!\d)"
BSN_ACHTIG = re.compile(BSN_ACHTIG_PATROON)


def bevat_bsn_achtig(text: str | None) -> bool:
    """True when the text holds a BSN-like number (the rule above). Never echo such a text."""
    return BSN_ACHTIG.search(text or "") is not None


BSN_MASK = "*********"
# Machine ids are not masked: a UUID (Prefect's run links, "View at ...") and a hex id of 16 or
# more characters (a hash, a trace id). Everything else the rule finds is masked.
_MACHINE_ID = re.compile(r"\b[0-9a-fA-F]{8}(?:-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}\b|\b[0-9a-fA-F]{16,}\b")


def maskeer_bsns(text: str) -> str:
    """Mask every BSN-like number in a text (log lines, error messages shown to staff): the same
    rule as the free-text check, so "999 - 901 - 138" and ৯৯৯৯০১১৩৮ are masked too."""
    if BSN_ACHTIG.search(text) is None:
        return text
    ids = [m.span() for m in _MACHINE_ID.finditer(text)]

    def vervang(m: re.Match[str]) -> str:
        return m.group() if any(a <= m.start() and m.end() <= b for a, b in ids) else BSN_MASK

    return BSN_ACHTIG.sub(vervang, text)
