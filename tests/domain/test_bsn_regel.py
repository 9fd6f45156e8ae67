"""The BSN-like rule (domain/bsn.py) is one rule: the step's check (controleer_tekst, controleer_door,
controleer_email), the forms' patterns (TEKST_PATROON, DOOR_PATROON, ADRES_PATROON, evaluated as the
Prefect server does: Python `re.search`), pydantic's check of a flow's parameters and the masking of
logs give the same answer on the same catalogue. The forms' side through the deployments' real
schemas and Prefect's validator: tests/flows/test_bsn_formulier.py; through a running server:
tests/badinput/test_catalogue.py."""

from __future__ import annotations

import random
import re
import sys
import unicodedata
from typing import Any

import pytest
from pydantic import TypeAdapter, ValidationError

from domain.bsn import bevat_bsn_achtig, maskeer_bsns
from domain.invoer import (
    _OPMAAK,
    ADRES_PATROON,
    DOOR_PATROON,
    TEKST_PATROON,
    Door,
    EmailAdres,
    OngeldigeInvoer,
    VrijeTekst,
    controleer_door,
    controleer_email,
    controleer_tekst,
)

# Nine digits that stand together: refused in free text, masked in logs. The strings of the hostile
# run first, then the separators one by one, whitespace runs, other scripts, a BSN glued to another
# number by a separator, and what is refused on purpose (see domain/bsn.py).
BSN_ACHTIG_TEKST = [
    "999 - 901 - 138", "999,901,138", "9999.0113,8",
    "Zie 999.901.138", "Zie 999 901 138", "Zie 999-90-1138", "Zie 999_901_138", "Zie 999/901/138", "Zie 99,99,01,13,8",
    "Zie 999  901 138", "Zie 999\u00a0901\u00a0138", "Zie 999 \u2003 901138", "Zie 999    -    901    138",
    "Zie 999 -_901 138", "Zie 999,-/901138",
    "BSN ৯৯৯৯০১১৩৮", "BSN 𝟗𝟗𝟗𝟗𝟎𝟏𝟏𝟑𝟖", "BSN ９９９９０１１３８", "BSN 999٩٠١١٣٨", "BSN ৯৯৯ ৯০১ ১৩৮",
    "BSN 999901138, 2 keer niet gekomen", "Klant 999901138 1 gesprek gemist", "Nummer 2 - 999901138",
    "Zie 123456789 (geen 11-proef)", "x999901138y", "kenmerk a999901138",
    # refused on purpose: nine digits stand together
    "Bel +31 6 12345678", "Bel +31 (0)6 12345678", "Bel +31 20 123 4567", "Gesprek 2026-12-07 9:30",
    "Gesprek 7-12-2026 10:00", "Op 1-12-2026, 8-12-2026", "Schuld € 1.234.567,89",
]
# What must pass: dates, times, phone numbers, postcodes, amounts, references, and the limits of the rule.
GEEN_BSN_TEKST = [
    "Gesprek 2026-12-07", "Gesprek 07-12-2026 10:00", "Gesprek 2026-12-07 10:00", "Afspraak 15/01/2027 gemist",
    "Gesprek 7-12-2026 om 9:30", "Kamer 12/3 om 10.30 uur", "Bel 06-12345678", "Bel 0612345678", "Bel 020 123 4567",
    "Bel 020-1234567", "Bel +31612345678", "Bel (020) 123 4567", "Bel 06 12 34 56 78", "Postcode 1941 AB",
    "Breestraat 12, 1941 AB Beverwijk", "Bedrag € 1.234,56", "Bedrag € 123.456,78", "Traject IJW-2026-000123",
    "Nummer 12345678", "Nummer 1234567890", "Weken 12, 13 en 14", "Kenmerk 2026/000123",
    "Zie 999 - - 901 138",  # five separators in a row: the limit is three
    "Zie 999 -- 901 138 x",  # four
]


def _tekst_ok(s: str) -> bool:
    try:
        controleer_tekst(s, "Reden", min_len=0, max_len=10**6)
    except OngeldigeInvoer:
        return False
    return True


def _patroon_ok(patroon: re.Pattern[str], s: str) -> bool:
    """As the Prefect server evaluates a schema's `pattern`: jsonschema's `re.search` on the string."""
    return re.search(patroon.pattern, s) is not None


def _pydantic_ok(tp: Any, s: str) -> bool:
    try:
        TypeAdapter(tp).validate_python(s)
    except ValidationError:
        return False
    return True


@pytest.mark.parametrize("tekst", BSN_ACHTIG_TEKST)
def test_bsn_like_is_refused_by_check_form_and_pydantic_and_masked(tekst: str) -> None:
    assert bevat_bsn_achtig(tekst)
    with pytest.raises(OngeldigeInvoer, match="negen cijfers") as exc:
        controleer_tekst(tekst, "Reden", max_len=500)
    assert "999" not in str(exc.value)  # never echoed
    assert not _patroon_ok(TEKST_PATROON, tekst) and not _pydantic_ok(VrijeTekst, tekst)
    assert maskeer_bsns(tekst) != tekst and not bevat_bsn_achtig(maskeer_bsns(tekst))
    assert bevat_bsn_achtig(" ".join(tekst.split()))  # also as stored (whitespace collapsed)


@pytest.mark.parametrize("tekst", GEEN_BSN_TEKST)
def test_dates_phones_postcodes_and_amounts_pass_everywhere(tekst: str) -> None:
    assert not bevat_bsn_achtig(tekst)
    assert controleer_tekst(tekst, "Reden") == tekst
    assert _patroon_ok(TEKST_PATROON, tekst) and _pydantic_ok(VrijeTekst, tekst)
    assert maskeer_bsns(tekst) == tekst


def test_the_hostile_trial_strings_are_masked_whole() -> None:
    assert maskeer_bsns("reden: 999 - 901 - 138, ৯৯৯৯০১১৩৮ en 9999.0113,8.") == "reden: *********, ********* en *********."
    assert maskeer_bsns("artikel 2026-12-07 9:30") == "artikel *********:30"  # refused in text, so masked in logs


def test_masking_spares_machine_ids_only() -> None:
    """The one difference between masking and the rule: a UUID (Prefect's run links) and a hex id of
    16 or more characters keep their digits in a log line; typed into a form or a CLI option, the
    same text is refused."""
    uuid = "0e4b3c1d-1234-4567-8901-123456789abc"
    regel = f"/runs/flow-run/{uuid} en hash deadbeef999901138"
    assert bevat_bsn_achtig(uuid) and bevat_bsn_achtig("deadbeef999901138")
    assert maskeer_bsns(regel) == regel
    assert not _tekst_ok(regel) and not _patroon_ok(TEKST_PATROON, regel)
    assert maskeer_bsns("kenmerk a999901138") == "kenmerk a*********"  # glued to one hex letter is no machine id


@pytest.mark.parametrize(("waarde", "bsn"), [
    ("jan 999 - 901 - 138", True), ("jan_999_901_138@ijw.example", True), ("jan.999,901,138@ijw.example", True),
    ("x৯৯৯৯০১১৩৮@ijw.example", True), ("jan999901138@ijw.example", True), ("999901138", True),
    ("werkcoach", False), ("jan.jansen2@ijw.example", False), ("wc0612345678@ijw.example", False),
])
def test_who_and_address_fields_apply_the_same_rule(waarde: str, bsn: bool) -> None:
    """`door` (a role or an address) and an e-mail field: the form's pattern and the step's check agree."""
    assert bevat_bsn_achtig(waarde) is bsn
    assert _patroon_ok(DOOR_PATROON, waarde) is not bsn and _pydantic_ok(Door, waarde) is not bsn
    if bsn:
        with pytest.raises(OngeldigeInvoer, match="negen cijfers"):
            controleer_door(waarde, "Het veld door")
    if "@" in waarde:
        assert _patroon_ok(ADRES_PATROON, waarde) is not bsn and _pydantic_ok(EmailAdres, waarde) is not bsn
        if bsn:
            with pytest.raises(OngeldigeInvoer) as exc:  # a comma is refused first: one address, no list
                controleer_email(waarde, "Het veld jobcoach")
            assert "negen cijfers" in str(exc.value) or "komma" in str(exc.value)
            assert "138" not in str(exc.value) and "১৩৮" not in str(exc.value)  # never echoed
        else:
            assert controleer_email(waarde, "x") == waarde and controleer_door(waarde) == waarde


_TEKENS = ["1", "9", "0", "৯", "𝟗", "９", " ", "  ", "\u00a0", "\u2003", ".", ",", "-", "_", "/", ":", "+", "x", "é",
           "<", "\n", "\r", "\x85", "\u2028", "\u200b", "\u00ad", "\U000e0041", "\ufeff", "€"]


def test_form_pattern_and_check_agree_on_random_text() -> None:
    """Thousands of strings from digits of three scripts, every separator, whitespace runs, markup,
    control and format characters: the form's pattern accepts exactly what controleer_tekst accepts
    (lengths aside: the form counts raw characters), and the rule answers the same before and after
    the check collapses whitespace."""
    rnd = random.Random(19)
    geweigerd = 0
    for _ in range(4000):
        s = "".join(rnd.choice(_TEKENS) for _ in range(rnd.randint(1, 24)))
        ok = _tekst_ok(s)
        assert _patroon_ok(TEKST_PATROON, s) is ok, repr(s)
        assert bevat_bsn_achtig(s) is bevat_bsn_achtig(" ".join(s.split())), repr(s)
        assert (maskeer_bsns(s) != s) is bevat_bsn_achtig(s), repr(s)
        geweigerd += not ok
    assert 0 < geweigerd < 4000


def test_bsn_like_runs_of_random_digits_and_separators() -> None:
    """Against a plain reading of the rule: group the digits, join groups over at most three
    separators (a whitespace run counts as one), and look for groups in a row with nine digits."""
    rnd = random.Random(11)
    deel = ["1", "22", "333", "4444", "55555", "৯", " ", "  ", "-", ". ", " / ", " - - ", "x"]
    for _ in range(3000):
        s = "".join(rnd.choice(deel) for _ in range(rnd.randint(1, 12)))
        assert bevat_bsn_achtig(s) is _gewoon_gelezen(s), repr(s)


def _gewoon_gelezen(s: str) -> bool:
    tokens = re.findall(r"\d+|\s+|[.,\-_/]|.", s)
    ketens: list[list[int]] = [[]]
    scheiding = 0
    for t in tokens:
        if t[0].isdecimal():
            if ketens[-1] and scheiding > 3:
                ketens.append([])
            ketens[-1].append(len(t))
            scheiding = 0
        elif t.isspace() or t in ".,-_/":
            scheiding += 1
        else:
            ketens.append([])
            scheiding = 0
    return any(sum(k[i:j]) == 9 for k in ketens for i in range(len(k)) for j in range(i + 1, len(k) + 1))


def test_the_patterns_format_characters_are_unicodes_cf() -> None:
    """The pattern's format characters are Unicode's Cf, as controleer_tekst checks (`\\d` and `\\s`
    in Python's `re` are Nd and str.isspace by definition). A Python whose Unicode changes Cf fails
    here: update _OPMAAK."""
    alle = "".join(chr(c) for c in range(sys.maxunicode + 1) if not 0xD800 <= c <= 0xDFFF)
    assert set(re.findall(f"[{_OPMAAK}]", alle)) == {c for c in alle if unicodedata.category(c) == "Cf"}
