"""Indicatie aanvragen: the terms and their grounds, the twelve months after a negative advies
beschut werk, the quotum, and the process table."""

from __future__ import annotations

from datetime import date

import pytest

from domain.errors import TransitionRefused
from domain.indicatie import (
    INDICATIE,
    Soort,
    beslistermijn,
    blokkade_tot,
    controleer_nieuwe_aanvraag,
    ontvangst_due,
    plaatsing_mogelijk,
)
from domain.kalender import DEFAULT_KALENDER as K


def test_ontvangstbevestiging_is_a_service_norm_of_five_days() -> None:
    assert ontvangst_due(date(2027, 3, 1)) == date(2027, 3, 6)  # a Saturday: a norm, not an Atw term


def test_banenafspraak_is_awb_4_13_and_the_atw_moves_an_end_on_a_feestdag() -> None:
    gewoon = beslistermijn(Soort.banenafspraak, date(2026, 12, 1), K)
    assert (gewoon.due, gewoon.wekker, gewoon.wettelijk) == (date(2027, 1, 26), date(2027, 1, 27), True)
    assert "Awb art. 4:13 lid 2" in gewoon.grondslag and "beschikking op aanvraag" in gewoon.grondslag
    koningsdag = beslistermijn(Soort.banenafspraak, date(2027, 3, 2), K)  # eight weeks: Tue 27 April 2027
    assert (koningsdag.due, koningsdag.wekker) == (date(2027, 4, 28), date(2027, 4, 29))
    assert "Algemene termijnenwet toegepast" in koningsdag.toelichting


def test_beschut_werk_is_a_service_norm_without_atw_and_configurable() -> None:
    t = beslistermijn(Soort.beschut_werk, date(2027, 3, 2), K)
    assert (t.due, t.wettelijk) == (date(2027, 4, 27), False)  # Koningsdag stays: no Atw for a norm
    assert t.wekker == date(2027, 4, 28)  # the werkdag after
    assert t.grondslag.startswith("Servicenorm UWV") and "geen Atw" in t.grondslag
    assert beslistermijn(Soort.beschut_werk, date(2027, 3, 2), K, beschut_werk_weken=10).due == date(2027, 5, 11)


def test_twelve_months_after_a_negative_advies_beschut_werk() -> None:
    assert blokkade_tot(date(2026, 2, 28)) == date(2027, 2, 28)
    with pytest.raises(TransitionRefused, match="pas vanaf 2027-02-28") as exc:
        controleer_nieuwe_aanvraag(Soort.beschut_werk, date(2026, 2, 28), date(2027, 2, 27), None)
    assert "--omstandigheden-gewijzigd" in str(exc.value)
    assert controleer_nieuwe_aanvraag(Soort.beschut_werk, date(2026, 2, 28), date(2027, 2, 28), None) is None
    assert controleer_nieuwe_aanvraag(Soort.beschut_werk, date(2026, 2, 28), date(2026, 6, 1),
                                      "Nieuwe diagnose") == "Nieuwe diagnose"
    assert controleer_nieuwe_aanvraag(Soort.banenafspraak, date(2026, 2, 28), date(2026, 6, 1), None) is None
    assert controleer_nieuwe_aanvraag(Soort.beschut_werk, None, date(2026, 6, 1), None) is None


def test_quotum_places_until_it_is_reached_then_the_wachtlijst() -> None:
    assert plaatsing_mogelijk(0, 7) and plaatsing_mogelijk(6, 7)
    assert not plaatsing_mogelijk(7, 7) and not plaatsing_mogelijk(0, 0)


def test_the_process_table() -> None:
    assert INDICATIE.start == "voorbereiden"
    assert INDICATIE.eindstatussen == {"geplaatst", "garantiebaan", "afgewezen", "vervallen"}
    INDICATIE.controleer("wachtlijst", "geplaatst", "IJW-2027-000001")
    with pytest.raises(TransitionRefused, match="Mogelijk"):
        INDICATIE.controleer("voorbereiden", "ontvangen", "IJW-2027-000001")
    assert Soort("beschut-werk").uwv == "beschut_werk" and Soort.banenafspraak.uwv == "banenafspraak"
