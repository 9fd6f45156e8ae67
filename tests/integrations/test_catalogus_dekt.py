"""Every type werkpad names on the way is in the catalogue it asks a gemeente for (catalogus.py):
a name missing there would only show at a real gemeente, as a row that waits for ever."""

from __future__ import annotations

from domain import maatregel as mr
from domain.fasen import DEELS_UITGESTROOMD_STATUSTYPE, EINDSTATUS, RESULTAATTYPE, Fase
from domain.traject import RESULTAAT_AFGEWEZEN, RESULTAAT_TERUGMELDING
from integrations.gemeente.catalogus import MAATREGEL, TRAJECT
from tasks.indicatie import BESLUITTYPE


def test_the_traject_zaaktype_holds_every_status_resultaat_and_besluit_werkpad_sets() -> None:
    statussen = {o for _, o in TRAJECT.statustypen}
    assert {f.label for f in Fase} <= statussen
    assert {DEELS_UITGESTROOMD_STATUSTYPE, EINDSTATUS, "Aangemeld", "Brede intake gepland", "Brede intake afgerond",
            "Wacht op uitkeringsbesluit"} <= statussen
    assert TRAJECT.eindstatus == EINDSTATUS
    assert {*RESULTAATTYPE.values(), RESULTAAT_AFGEWEZEN, RESULTAAT_TERUGMELDING} <= set(TRAJECT.resultaattypen)
    assert set(BESLUITTYPE.values()) <= set(TRAJECT.besluittypen)


def test_the_maatregel_zaaktype_holds_its_statussen_resultaten_and_besluiten() -> None:
    assert {mr.STATUS_ONDERZOEK, mr.STATUS_BESCHIKT, mr.STATUS_BEZWAAR, mr.EINDSTATUS} == {o for _, o in
                                                                                         MAATREGEL.statustypen}
    assert MAATREGEL.eindstatus == mr.EINDSTATUS
    assert {mr.OPGELEGD, mr.AFGEZIEN, mr.ONDERZOEK_INGETROKKEN, mr.HERROEPEN} == set(MAATREGEL.resultaattypen)
    assert {*(t.label for t in mr.BeschikkingType), mr.BESLUITTYPE_BEZWAAR, mr.BESLUITTYPE_HERZIENING} == \
        set(MAATREGEL.besluittypen)


def test_omschrijvingen_fit_the_zgw_lengths() -> None:
    for z in (TRAJECT, MAATREGEL):
        assert all(len(o) <= 80 for _, o in z.statustypen)
        assert all(len(o) <= 20 for o, _ in z.roltypen)
        assert all(len(o) <= 30 for o in z.resultaattypen)  # ZGW: resultaattype omschrijving max 30
        assert all(len(o) <= 80 for o in z.besluittypen)
