"""Issue 20: the afspraken file (assumed years), dated stock columns, footnotes, age bands."""

from __future__ import annotations

from datetime import date

import pytest

from domain.rapport import (
    AfsprakenFout,
    Controlefout,
    Periode,
    Tabel,
    aanname_voetnoot,
    afspraken_uit,
    controleer_totalen,
    dag_label,
    is_aanname,
    leeftijdsklasse,
    stand_kolommen,
)


def test_an_assumed_year_is_marked_and_a_published_one_is_not() -> None:
    a = afspraken_uit({"2020": {"werkaanvaarding": 200, "maximale_participatie": 75},
                       "2024": {"aanname": True, "werkaanvaarding": 200}}, "x.toml")
    assert a == {2020: {"werkaanvaarding": 200, "maximale_participatie": 75}, 2024: {"werkaanvaarding": 200}}
    assert not is_aanname(a, 2020) and is_aanname(a, 2024) and not is_aanname({2024: {}}, 2024)
    assert aanname_voetnoot(a, 2020) == [] and aanname_voetnoot(a, 2025) == []
    assert aanname_voetnoot(a, 2024) == ["* Afspraak 2024: een aanname (niet uit een gepubliceerde rapportage; "
                                         "zie werkpad/afspraken.toml)."]


@pytest.mark.parametrize(("raw", "melding"), [
    ({"2024": {"aanname": "ja"}}, "aanname moet true of false zijn"),
    ({"2024": {"garantiebaan": 3}}, "onbekende afspraak 'garantiebaan'"),
    ({"2024": {"maximale_participatie": True}}, "maximale_participatie moet een geheel getal"),
])
def test_a_wrong_afspraken_file_is_refused(raw: dict[str, object], melding: str) -> None:
    with pytest.raises(AfsprakenFout, match=melding):
        afspraken_uit(raw, "x.toml")


@pytest.mark.parametrize(("periode", "kolommen"), [
    ("2023H1", ["1-1-2023", "Bij", "Af", "30-6-2023"]),
    ("2020Q1", ["1-1-2020", "Bij", "Af", "31-3-2020"]),
    ("2024", ["1-1-2024", "Bij", "Af", "31-12-2024"]),
    ("2024Q4", ["1-10-2024", "Bij", "Af", "31-12-2024"]),
])
def test_stock_columns_are_the_periods_days(periode: str, kolommen: list[str]) -> None:
    assert stand_kolommen(Periode.parse(periode)) == kolommen
    assert dag_label(date(2023, 6, 30)) == "30-6-2023"


@pytest.mark.parametrize(("leeftijd", "klasse"), [(15, "<16"), (16, "16/17"), (17, "16/17"), (18, "18-49"),
                                                  (49, "18-49"), (50, "50+"), (67, "50+")])
def test_age_bands(leeftijd: int, klasse: str) -> None:
    assert leeftijdsklasse(leeftijd) == klasse


def test_an_afspraak_for_the_total_only_is_no_sum_but_a_count_still_is() -> None:
    ok = Tabel("AD&A", ["Bij", "Afspraak"], [("Velsen", [3, "n.b."]), ("Totaal", [3, 300])])
    controleer_totalen(ok)
    controleer_totalen(Tabel("AD&A", ["Bij", "Afspraak"], [("Totaal", [0, 300])]))  # a period without gemeenten
    with pytest.raises(Controlefout, match="cel 'Totaal' / 'Bij' is 2, maar de rijen tellen op tot 0"):
        controleer_totalen(Tabel("AD&A", ["Bij", "Afspraak"], [("Velsen", [0, "n.b."]), ("Totaal", [2, 300])]))
    fout = Tabel("AD&A", ["Bij", "Afspraak"], [("Velsen", [3, 100]), ("Totaal", [3, 300])])
    with pytest.raises(Controlefout, match="cel 'Totaal' / 'Afspraak' is 300, maar de rijen tellen op tot 100"):
        controleer_totalen(fout)


def test_footnotes_in_every_format() -> None:
    t = Tabel("T", ["Totaal"], [("Rij", [1])], ["* Noot: een aanname."])
    assert t.als_csv() == "T,Totaal\nRij,1\n* Noot: een aanname.\n"
    assert t.als_markdown().endswith("| Rij | 1 |\n\n\\* Noot: een aanname.\n")
    assert t.als_html().endswith('</table>\n<p class="voetnoot">* Noot: een aanname.</p>\n')
    assert t.als_dict() == {"titel": "T", "kolommen": ["Totaal"], "rijen": [["Rij", [1]]],
                            "voetnoten": ["* Noot: een aanname."]}
    assert Tabel("T", ["Totaal"], [("Rij", [1])]).als_csv() == "T,Totaal\nRij,1\n"  # no notes: as before
