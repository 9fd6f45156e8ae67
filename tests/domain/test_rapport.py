"""Report periods, table renderers and the reconciliation check (issue 10, first slice)."""

from __future__ import annotations

from datetime import date

import pytest

from domain.invoer import OngeldigeInvoer
from domain.rapport import Controlefout, Periode, Tabel, controleer_totalen, gemeente_kolommen


@pytest.mark.parametrize(("tekst", "van", "tot"), [
    ("2020Q1", date(2020, 1, 1), date(2020, 4, 1)),
    ("2020Q4", date(2020, 10, 1), date(2021, 1, 1)),
    ("2023H1", date(2023, 1, 1), date(2023, 7, 1)),
    ("2023h2", date(2023, 7, 1), date(2024, 1, 1)),
    ("2024", date(2024, 1, 1), date(2025, 1, 1)),
])
def test_periods(tekst: str, van: date, tot: date) -> None:
    p = Periode.parse(tekst)
    assert (p.van, p.tot) == (van, tot)


@pytest.mark.parametrize("tekst", ["2020Q0", "2020Q5", "2023H3", "24", "2024-01", "", "Q1 2020", "0999"])
def test_bad_periods(tekst: str) -> None:
    with pytest.raises(OngeldigeInvoer) as e:
        Periode.parse(tekst)
    assert "2020Q1" in str(e.value) and "2023H1" in str(e.value) and "\n" not in str(e.value)


def voorbeeld() -> Tabel:
    return Tabel("Beschikkingen 2020Q1", gemeente_kolommen({"velsen", "beverwijk"}),
                 [("Beschikking maatregel 100%", [1, 2, 3]), ("Totaal", [1, 2, 3])])


def test_csv_exact() -> None:
    assert voorbeeld().als_csv().encode() == (b"Beschikkingen 2020Q1,Beverwijk,Velsen,Totaal\n"
                                              b"Beschikking maatregel 100%,1,2,3\nTotaal,1,2,3\n")


def test_markdown() -> None:
    assert voorbeeld().als_markdown().splitlines()[0] == "| Beschikkingen 2020Q1 | Beverwijk | Velsen | Totaal |"


def test_html_escapes() -> None:
    h = Tabel("<b>&", ["Totaal"], [("<script>", [1])]).als_html()
    assert "<script>" not in h and "&lt;script&gt;" in h and "&lt;b&gt;&amp;" in h


def test_reconciliation_names_the_cell() -> None:
    controleer_totalen(voorbeeld())
    with pytest.raises(Controlefout, match="'Beschikking maatregel 100%' / 'Totaal'"):
        controleer_totalen(Tabel("T", ["A", "Totaal"], [("Beschikking maatregel 100%", [1, 2])]))
    with pytest.raises(Controlefout, match="'Totaal' / 'A'"):
        controleer_totalen(Tabel("T", ["A", "Totaal"], [("r", [1, 1]), ("Totaal", [2, 2])]))
