"""The letters of the bezwaar procedure render every branch (StrictUndefined: a missing key is an error) and say
the rule with its article; the PDF is deterministic and its metadata holds no personal data."""

from __future__ import annotations

import io
from datetime import date, datetime
from typing import Any

import pytest
from pypdf import PdfReader

from domain.herinneringen import TZ
from notifications.bezwaar_brieven import SOORTEN, render_brief_html, render_brief_pdf

BASIS: dict[str, Any] = {
    "gemeente": "velsen", "gemeente_label": "Velsen", "referentie": "IJW-2026-000042", "kenmerk": "MR-X-1-BOB",
    "naam": "A. de Vries", "adres": "Lange Nieuwstraat 1", "postcode": "1971 AA", "woonplaats": "IJmuiden",
    "datum": date(2027, 3, 10), "besluit_kenmerk": "MR-X-1", "besluit_label": "Beschikking maatregel 1 maand 10%",
    "bezwaar_ontvangen_op": date(2027, 2, 10), "stuk": "bezwaarschrift",
}
BESLISSING = {"uitkomst": "ongegrond", "percentage": None, "maanden": None, "oud_percentage": 10, "oud_maanden": 1,
              "kortingsmaanden": [], "horen_op": None, "horen_afgezien": None, "motivering": None,
              "beroep_uiterlijk": date(2027, 4, 21)}
DWANGSOM = {"ingebrekestelling_op": date(2027, 4, 19), "over": "de beslissing op bezwaar", "bezwaar": True,
            "geen_dwangsom": None, "dagen": 17, "bedrag": "€ 427", "eerste_dag": date(2027, 5, 4),
            "laatste_dag": date(2027, 5, 20), "beslissen_zonder_dwangsom": date(2027, 5, 3), "per_dag": (23, 35, 45),
            "bezwaar_uiterlijk": date(2027, 7, 1)}
CTX: dict[str, dict[str, Any]] = {
    "verdaging": {"oud": date(2027, 4, 14), "nieuw": date(2027, 5, 26), "weken": 6},
    "opschorting": {"verzuim": "Het bezwaarschrift is niet ondertekend.", "hersteltermijn_tot": date(2027, 3, 1),
                    "uiterlijk": date(2027, 4, 14)},
    "uitstel": {"oud": date(2027, 5, 26), "nieuw": date(2027, 6, 23), "grond": "u heeft ingestemd",
                "instemming_op": date(2027, 5, 20), "verdaagd_tot": date(2027, 5, 26), "eerder_uitstel": []},
    "hoorzitting": {"op": datetime(2027, 3, 1, 10, 0, tzinfo=TZ), "locatie": "Kantoor IJmuiden",
                    "stukken_uiterlijk": date(2027, 2, 19), "uiterlijk": date(2027, 4, 14)},
    "beslissing": BESLISSING,
    "dwangsom": DWANGSOM,
}


@pytest.mark.parametrize(("soort", "extra", "moet"), [
    ("verdaging", {}, ["26 mei 2027", "7:10, derde lid", "7:10, vijfde lid"]),
    ("opschorting", {}, ["niet ondertekend", "6:6", "7:10, tweede lid"]),
    ("uitstel", {}, ["23 juni 2027", "20 mei 2027"]),
    # verdaagd to 12-5, uitgesteld to 19-5, then an opschorting moved the end to 26-5: the letter says each
    ("uitstel", {"verdaagd_tot": date(2027, 5, 12), "eerder_uitstel": [date(2027, 5, 19)]},
     ["eerder verdaagd, tot uiterlijk 12 mei 2027 en daarna verder uitgesteld tot uiterlijk 19 mei 2027.",
      "liep de termijn daarna tot en met 26 mei 2027."]),
    ("hoorzitting", {}, ["maandag 1 maart 2027 om 10:00", "7:4, eerste lid", "19 februari 2027"]),
    ("beslissing", {}, ["ongegrond", "8:1", "21 april 2027", "Er is geen hoorzitting gehouden"]),
    ("beslissing", {"uitkomst": "gegrond", "horen_afgezien": "aan uw bezwaar wordt volledig tegemoetgekomen"},
     ["herroepen", "volledig tegemoetgekomen"]),
    ("beslissing", {"uitkomst": "deels-gegrond", "percentage": 5, "maanden": 1,
                    "kortingsmaanden": [{"maand": "2027-02", "percentage": 5}], "horen_op": date(2027, 3, 1)},
     ["gedeeltelijk gegrond", "5% van de bijstandsnorm", "februari 2027", "gehoord op 1 maart 2027"]),
    ("beslissing", {"uitkomst": "niet-ontvankelijk", "motivering": "Te laat, niet verschoonbaar."},
     ["niet-ontvankelijk", "Te laat, niet verschoonbaar."]),
    ("dwangsom", {}, ["€ 427", "4 mei 2027", "20 mei 2027", "4:18", "7:14", "1 juli 2027"]),
    ("dwangsom", {"geen_dwangsom": "het bezwaar is kennelijk ongegrond (Awb 4:17 lid 6 onder c)"},
     ["geen dwangsom", "4:17 lid 6 onder c"]),
    ("dwangsom", {"dagen": 0, "bezwaar": False, "over": "het verzoek om herziening", "stuk": "verzoek om herziening"},
     ["geen dwangsom", "3 mei 2027", "verzoek om herziening van ons besluit"]),
])
def test_every_letter_renders_and_cites_the_rule(soort: str, extra: dict[str, Any], moet: list[str]) -> None:
    html = " ".join(render_brief_html(soort, {**BASIS, **CTX[soort], **extra}).split())
    assert SOORTEN[soort] in html and "A. de Vries" in html and "1971 AA IJmuiden" in html
    for m in moet:
        assert m in html, m


def test_the_pdf_is_deterministic_and_its_metadata_is_impersonal() -> None:
    ctx = {**BASIS, **CTX["beslissing"]}
    pdf = render_brief_pdf("beslissing", ctx)
    assert pdf == render_brief_pdf("beslissing", ctx)
    reader = PdfReader(io.BytesIO(pdf))
    assert "A. de Vries" in reader.pages[0].extract_text()
    assert reader.metadata is not None and "Vries" not in " ".join(str(v) for v in reader.metadata.values())
