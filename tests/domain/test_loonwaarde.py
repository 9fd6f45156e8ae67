"""Loonwaardemeting and doelgroepregister rules: whole percentages, the praktijkroute threshold,
the dates of the rapport and the loonwaardebrief, the herbeoordeling per gemeente."""

from __future__ import annotations

from datetime import date

import pytest

from domain.doelgroepregister import DOELGROEPREGISTER, uitblijven_due
from domain.errors import DomainError
from domain.gemeenten import CBS_CODE, Gemeente
from domain.kalender import Kalender
from domain.loonwaarde import (
    LOONWAARDEMETING,
    Partij,
    Route,
    controleer_briefdatum,
    controleer_meting_datum,
    controleer_rapport,
    controleer_zienswijze,
    herbeoordeling_due,
    ib_bericht_nodig,
    parse_loonwaarde,
)

K = Kalender()
BEIDE = ["werkgever", "werknemer"]


@pytest.mark.parametrize("value", [0, 72, 100, "72", " 72 ", "72%", 72.0])
def test_whole_percentages_are_accepted(value: object) -> None:
    assert parse_loonwaarde(value) in (0, 72, 100)


@pytest.mark.parametrize(("value", "msg"), [(101, "buiten 0 tot en met 100"), (-1, "buiten 0 tot en met 100"),
                                            ("72.5", "geen heel percentage"), (72.5, "geen heel percentage"),
                                            ("abc", "is geen getal"), ("", "is geen getal"),
                                            (True, "heel percentage")])
def test_other_values_are_refused_in_dutch(value: object, msg: str) -> None:
    with pytest.raises(DomainError, match=msg):
        parse_loonwaarde(value)


def test_only_the_praktijkroute_below_100_reports_to_the_ib() -> None:
    assert ib_bericht_nodig(Route.praktijkroute, 99) and ib_bericht_nodig(Route.praktijkroute, 0)
    assert not ib_bericht_nodig(Route.praktijkroute, 100)
    assert not ib_bericht_nodig(Route.regulier, 50)


def test_rapport_needs_both_zienswijzen_and_sane_dates() -> None:
    meting, vandaag = date(2026, 12, 8), date(2026, 12, 15)
    with pytest.raises(DomainError, match="nog niet vastgelegd: werknemer"):
        controleer_rapport(Route.regulier, 70, vandaag, None, meting, vandaag, ["werkgever"])
    with pytest.raises(DomainError, match="in de toekomst"):
        controleer_rapport(Route.regulier, 70, date(2026, 12, 16), None, meting, vandaag, BEIDE)
    with pytest.raises(DomainError, match="vóór de meting"):
        controleer_rapport(Route.regulier, 70, date(2026, 12, 7), None, meting, vandaag, BEIDE)
    with pytest.raises(DomainError, match="--brief-werkgever"):
        controleer_rapport(Route.praktijkroute, 72, vandaag, None, meting, vandaag, BEIDE)
    with pytest.raises(DomainError, match="hoort alleen bij de praktijkroute"):
        controleer_rapport(Route.regulier, 72, vandaag, vandaag, meting, vandaag, BEIDE)
    controleer_rapport(Route.praktijkroute, 100, vandaag, None, meting, vandaag, BEIDE)  # no bericht, no brief
    controleer_rapport(Route.praktijkroute, 72, date(2026, 12, 14), vandaag, meting, vandaag, BEIDE)


def test_brief_date_not_in_the_future_nor_before_the_meting_or_rapport() -> None:
    meting, rapport, vandaag = date(2026, 12, 8), date(2026, 12, 10), date(2026, 12, 15)
    with pytest.raises(DomainError, match="in de toekomst"):
        controleer_briefdatum(date(2026, 12, 16), rapport, meting, vandaag)
    with pytest.raises(DomainError, match="vóór de meting"):
        controleer_briefdatum(date(2026, 12, 7), rapport, meting, vandaag)
    with pytest.raises(DomainError, match="vóór de rapportdatum"):
        controleer_briefdatum(date(2026, 12, 9), rapport, meting, vandaag)
    controleer_briefdatum(rapport, rapport, meting, vandaag)


def test_zienswijze_after_the_meting_and_once_per_party() -> None:
    with pytest.raises(DomainError, match="pas op 2026-12-08"):
        controleer_zienswijze(Partij.werkgever, [], date(2026, 12, 8), date(2026, 12, 7))
    with pytest.raises(DomainError, match="al vastgelegd"):
        controleer_zienswijze(Partij.werkgever, ["werkgever"], date(2026, 12, 8), date(2026, 12, 9))
    with pytest.raises(DomainError, match="verleden"):
        controleer_meting_datum(date(2026, 12, 7), date(2026, 12, 8))
    with pytest.raises(DomainError, match="maanden vooruit"):
        controleer_meting_datum(date(2027, 12, 7), date(2026, 12, 8))


def test_herbeoordeling_and_escalation_dates_on_werkdagen() -> None:
    assert herbeoordeling_due(date(2026, 12, 14), 12, K) == date(2027, 12, 14)
    assert herbeoordeling_due(date(2026, 12, 25), 12, K) == date(2027, 12, 24)  # 25-12-2027 is a Saturday
    assert herbeoordeling_due(date(2026, 12, 14), 6, K) == date(2027, 6, 14)
    assert uitblijven_due(date(2026, 12, 16), 8, K) == date(2027, 2, 10)


def test_processes_and_gemeente_codes() -> None:
    assert LOONWAARDEMETING.eindstatussen == {"jobcoach_gekoppeld", "boven_wml", "vervallen"}
    assert DOELGROEPREGISTER.eindstatussen == {"geregistreerd", "vervallen"}
    assert CBS_CODE == {Gemeente.velsen: "0453", Gemeente.beverwijk: "0375", Gemeente.heemskerk: "0396"}
