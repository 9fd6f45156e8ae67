"""Delivery rules of the kwartaalrapportage: the first werkdag after a quarter, the periods it
reports, periods on demand, and the aggregate-only check."""

from __future__ import annotations

from datetime import date

import pytest
from pydantic import TypeAdapter, ValidationError

from domain.invoer import OngeldigeInvoer
from domain.kalender import Kalender, KbBesluit
from domain.rapport import Tabel
from domain.rapportage import (
    PeriodeNaam,
    PrivacyFout,
    afgesloten_perioden,
    controleer_aggregaat,
    omschrijving,
    op_verzoek,
    te_rapporteren,
)

K = Kalender()


def namen(d: date, k: Kalender = K) -> list[str]:
    return [p.naam for p in te_rapporteren(d, k).perioden]


@pytest.mark.parametrize(("dag", "verwacht"), [
    # 1 Jan 2026 is Nieuwjaarsdag and 2 Jan 2026 is gelijkgesteld by KB (Stcrt. besluit 2026-2028):
    # the first werkdag is Monday 5 January, not Friday 2 January.
    (date(2026, 1, 1), []), (date(2026, 1, 2), []),
    (date(2026, 1, 5), ["2025Q4", "2025H2", "2025"]),
    # 1 Jan 2027 is a Friday and Nieuwjaarsdag: Monday 4 January.
    (date(2027, 1, 1), []), (date(2027, 1, 4), ["2026Q4", "2026H2", "2026"]),
    # Easter 2026: Goede Vrijdag 3 April, Tweede Paasdag 6 April, after Wednesday 1 April: no effect.
    (date(2026, 4, 1), ["2026Q1"]), (date(2026, 4, 6), []),
    # Tweede Paasdag on 1 April 2024: Tuesday 2 April.
    (date(2024, 4, 1), []), (date(2024, 4, 2), ["2024Q1"]),
    # Easter Sunday 1 April 2018, Tweede Paasdag 2 April: Tuesday 3 April.
    (date(2018, 4, 2), []), (date(2018, 4, 3), ["2018Q1"]),
    # A Saturday 1st: Saturday 1 October 2022 -> Monday 3 October.
    (date(2022, 10, 1), []), (date(2022, 10, 2), []), (date(2022, 10, 3), ["2022Q3"]), (date(2022, 10, 4), []),
    (date(2026, 7, 1), ["2026Q2", "2026H1"]), (date(2026, 10, 1), ["2026Q3"]),
    (date(2026, 7, 2), []), (date(2026, 8, 3), []), (date(2026, 12, 31), []),
])
def test_first_werkdag_after_a_quarter(dag: date, verwacht: list[str]) -> None:
    assert namen(dag) == verwacht


def test_the_reason_names_the_day_that_reports() -> None:
    assert "feestdag" in te_rapporteren(date(2026, 1, 2), K).reden
    assert "5 januari 2026" in te_rapporteren(date(2026, 1, 2), K).reden
    assert "weekend" in te_rapporteren(date(2022, 10, 1), K).reden
    assert "dat was 1 april 2026" in te_rapporteren(date(2026, 4, 2), K).reden
    assert "niet direct na een kwartaal" in te_rapporteren(date(2026, 8, 3), K).reden


def test_a_new_kb_day_moves_the_report() -> None:
    """The runtime's calendar (KB decrees from werkpad/feestdagen.toml) is the one that counts."""
    k = K.met([KbBesluit("Besluit gelijkstelling 1 oktober 2026", (date(2026, 10, 1),))])
    assert namen(date(2026, 10, 1), k) == [] and namen(date(2026, 10, 2), k) == ["2026Q3"]


def test_the_cron_window_holds_every_first_werkdag() -> None:
    """Schedule days 1-7: over a century the first werkdag after a quarter never falls later."""
    for jaar in range(2001, 2101):  # January 2000 would report 1999, before any data
        for maand in (1, 4, 7, 10):
            dagen = [date(jaar, maand, d) for d in range(1, 8) if te_rapporteren(date(jaar, maand, d), K).perioden]
            assert len(dagen) == 1, (jaar, maand)


def test_periods_after_each_quarter() -> None:
    assert [p.naam for p in afgesloten_perioden(date(2026, 4, 1))] == ["2026Q1"]
    assert [p.naam for p in afgesloten_perioden(date(2026, 7, 1))] == ["2026Q2", "2026H1"]
    assert [p.naam for p in afgesloten_perioden(date(2026, 10, 1))] == ["2026Q3"]
    jaar = afgesloten_perioden(date(2027, 1, 1))
    assert [p.naam for p in jaar] == ["2026Q4", "2026H2", "2026"]
    assert (jaar[2].van, jaar[2].tot) == (date(2026, 1, 1), date(2027, 1, 1))
    with pytest.raises(ValueError):
        afgesloten_perioden(date(2026, 5, 1))


def test_omschrijving() -> None:
    assert omschrijving(afgesloten_perioden(date(2026, 10, 1))[0]) == "1 juli t/m 30 september 2026"
    assert omschrijving(afgesloten_perioden(date(2027, 1, 1))[2]) == "1 januari t/m 31 december 2026"


def test_on_demand_only_a_period_that_has_ended() -> None:
    assert op_verzoek("2026q3", date(2026, 10, 1)).naam == "2026Q3"
    assert op_verzoek("2025", date(2026, 1, 1)).naam == "2025"
    with pytest.raises(OngeldigeInvoer, match="nog niet afgelopen"):
        op_verzoek("2026Q4", date(2026, 12, 31))
    with pytest.raises(OngeldigeInvoer):
        op_verzoek("2026Q5", date(2027, 1, 1))


@pytest.mark.parametrize("tekst", ["2026Q3", "2026H1", "2026", "2026q3", "2026h2"])
def test_form_pattern_accepts_periods(tekst: str) -> None:
    assert TypeAdapter(PeriodeNaam).validate_python(tekst) == tekst


@pytest.mark.parametrize("tekst", ["2026Q5", "2026H3", "2026q5", "26Q3", "2026Q3 ", "999900006", "Jan Jansen",
                                   "2026-Q3", "", "٢٠٢٦Q3"])
def test_form_pattern_refuses_junk(tekst: str) -> None:
    with pytest.raises(ValidationError):
        TypeAdapter(PeriodeNaam).validate_python(tekst)


def tabel(**wijziging: object) -> Tabel:
    t = Tabel("Funnel 2026Q3", ["Beverwijk", "Velsen", "Totaal"],
              [("Aanmeldingen", [1, 2, 3]), ("Percentage", ["10%", "n.b.", "5%"])])
    for k, v in wijziging.items():
        setattr(t, k, v)
    return t


def test_aggregates_pass() -> None:
    controleer_aggregaat(tabel())


@pytest.mark.parametrize("wijziging", [
    {"rijen": [("Aanmeldingen", [1, 2, "Jan Jansen"])]},
    {"rijen": [("Aanmeldingen", [1, 2, "999900006"])]},
    {"rijen": [("999900006", [1, 2, 3])]},
    {"rijen": [("Aanmeldingen", [1, -2, 3])]},
    {"rijen": [("Aanmeldingen", [1, 2])]},
    {"kolommen": ["Beverwijk", "IJW 999900006", "Totaal"]},
    {"voetnoten": ["* Zie traject van 999900006"]},  # a note is checked like a label (issue 20)
])
def test_anything_but_aggregates_is_refused(wijziging: dict[str, object]) -> None:
    with pytest.raises(PrivacyFout):
        controleer_aggregaat(tabel(**wijziging))
