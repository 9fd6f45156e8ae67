"""Report periods, table renderers, percentages and the reconciliation checks (issue 10)."""

from __future__ import annotations

from datetime import date

import pytest

from domain.invoer import OngeldigeInvoer
from domain.rapport import (
    NB,
    Controlefout,
    Periode,
    Tabel,
    controleer_fasen,
    controleer_totalen,
    gemeente_kolommen,
    procent,
)


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


@pytest.mark.parametrize("tekst", ["2020Q0", "2020Q5", "2023H3", "24", "2024-01", "", "Q1 2020", "0999", "1999",
                                   "1999Q4", "2101"])
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


@pytest.mark.parametrize(("teller", "noemer", "tekst"), [
    (35, 300, "12%"), (1, 8, "13%"), (1, 200, "1%"), (1, 201, "0%"), (3, 8, "38%"), (0, 75, "0%"),
    (150, 100, "150%"), (5, 0, NB), (5, None, NB),
])
def test_percent_is_whole_and_rounded_half_up(teller: int, noemer: int | None, tekst: str) -> None:
    assert procent(teller, noemer) == tekst


def fasen(*rijen: tuple[str, list[int | str]]) -> Tabel:
    return Tabel("Fasen 2020Q1", ["Begin", "Bij", "Af", "Eind"], list(rijen))


def test_fasen_reconcile_per_row_and_in_total() -> None:
    controleer_fasen(fasen(("Kennismaking", [54, 35, 43, 46]), ("Werk vinden", [1, 0, 1, 0]),
                           ("Totaal", [55, 35, 44, 46])))
    with pytest.raises(Controlefout, match=r"cel 'Kennismaking' / 'Eind' is 47, maar Begin \+ Bij − Af = 54 \+ 35 "
                                           r"− 43 = 46\."):
        controleer_fasen(fasen(("Kennismaking", [54, 35, 43, 47]), ("Totaal", [54, 35, 43, 47])))
    with pytest.raises(Controlefout, match="cel 'Totaal' / 'Eind'"):
        controleer_fasen(fasen(("Kennismaking", [1, 0, 0, 1]), ("Totaal", [1, 0, 0, 2])))
    with pytest.raises(Controlefout, match="cel 'Totaal' / 'Bij' is 2, maar de rijen tellen op tot 1"):
        controleer_fasen(fasen(("Kennismaking", [0, 1, 0, 1]), ("Totaal", [0, 2, 0, 2])))


def test_no_stock_below_zero() -> None:
    with pytest.raises(Controlefout, match="cel 'Werk houden' / 'Begin' is -1"):
        controleer_fasen(fasen(("Werk houden", [-1, 1, 0, 0]), ("Totaal", [-1, 1, 0, 0])))
    with pytest.raises(Controlefout, match="cel 'Werk houden' / 'Af' is n.b."):
        controleer_fasen(fasen(("Werk houden", [0, 0, "n.b.", 0])))


def test_totals_ignore_the_columns_after_totaal() -> None:
    controleer_totalen(Tabel("Regulier werk", ["A", "B", "Totaal", "Afspraak", "%"],
                             [("Werkaanvaarding", [1, 2, 3, 300, "1%"]), ("Parttime werk", [0, 0, 0, NB, NB])]))
    with pytest.raises(Controlefout, match="'Werkaanvaarding' / 'Totaal' is 4"):
        controleer_totalen(Tabel("R", ["A", "Totaal", "Afspraak", "%"], [("Werkaanvaarding", [1, 4, 4, "100%"])]))
