"""Fasen, trede and uitstroom: pure rules, plans and the report count per fase."""

from __future__ import annotations

from datetime import date

import pytest

from domain.errors import TransitionRefused
from domain.fasen import (
    EINDSTATUS,
    NAZORG,
    NAZORG_SCHEMA,
    Fase,
    Telling,
    Uitstroom,
    controleer_fasewissel,
    controleer_trede,
    controleer_vangnet,
    melding_fase,
    melding_uitstroom,
    parse_fase,
    parse_uitstroom,
    plan_nazorg,
    telling_per_fase,
)
from domain.invoer import OngeldigeInvoer
from domain.kalender import Kalender
from domain.traject import TRAJECT_GEBEURTENISSEN


def test_six_fasen_in_order_with_dutch_labels() -> None:
    assert [f.label for f in Fase] == ["Kennismaking", "Persoonlijke ontwikkeling", "Ontwikkeling door werkervaring",
                                      "Ontwikkeling sollicitatievaardigheden", "Werk vinden", "Werk houden"]
    assert [f.volgorde for f in Fase] == [1, 2, 3, 4, 5, 6]


def test_any_fase_to_any_other_but_not_the_same() -> None:
    for van in [None, *Fase]:
        for naar in Fase:
            if van == naar:
                with pytest.raises(TransitionRefused, match="staat al in fase"):
                    controleer_fasewissel("IJW-2026-000001", van, naar)
            else:
                controleer_fasewissel("IJW-2026-000001", van, naar)


def test_unknown_fase_uitkomst_and_trede_are_refused_with_the_choices() -> None:
    with pytest.raises(OngeldigeInvoer, match="bestaat niet; kies uit kennismaking"):
        parse_fase("stage")
    with pytest.raises(OngeldigeInvoer, match="kies uit werkaanvaarding"):
        parse_uitstroom("pensioen")
    assert parse_fase(" Werk-Vinden ") == Fase.werk_vinden
    assert parse_uitstroom("parttime-werk") == Uitstroom.parttime_werk
    for bad in (0, 7, -1, True):
        with pytest.raises(OngeldigeInvoer, match="treden 1 tot en met 6"):
            controleer_trede(bad)
    assert controleer_trede(None) is None and controleer_trede(6) == 6


def test_vangnet_only_after_placement_and_back_into_an_earlier_fase() -> None:
    controleer_vangnet("R", Fase.werk_houden, Fase.werk_vinden)
    with pytest.raises(TransitionRefused, match="na plaatsing"):
        controleer_vangnet("R", Fase.werk_vinden, Fase.kennismaking)
    with pytest.raises(TransitionRefused, match="niet opnieuw"):
        controleer_vangnet("R", Fase.werk_houden, Fase.werk_houden)


def test_what_the_gemeente_hears() -> None:
    m = melding_fase(Fase.kennismaking, Fase.werk_vinden, 5)
    assert m.statustype == "Werk vinden" and m.resultaattype is None and "trede 5" in m.wat
    assert melding_fase(None, Fase.kennismaking).wat.startswith("Traject gestart")
    deels = melding_uitstroom(Uitstroom.parttime_werk, Fase.werk_vinden)
    assert deels.statustype == "Deels uitgestroomd" and deels.resultaattype is None and "loopt door" in deels.wat
    for u in Uitstroom:
        if u.sluit_traject:
            m = melding_uitstroom(u, Fase.werk_houden)
            assert m.statustype == EINDSTATUS and m.resultaattype and len(m.resultaattype) <= 30
            assert m.ontheffing_beoordelen == (u == Uitstroom.terugmelding_gemeente)


def test_nazorg_schedule_is_data_and_lands_on_werkdagen() -> None:
    assert [m.label for m in NAZORG_SCHEMA] == ["na 2 weken", "na 6 weken", "na 3 maanden", "na 6 maanden"]
    taken = plan_nazorg(date(2026, 12, 12), Kalender())  # a Saturday
    assert [t.due for t in taken] == [date(2026, 12, 28), date(2027, 1, 25), date(2027, 3, 12), date(2027, 6, 14)]
    assert "vervallen" in NAZORG.eindstatussen


def test_stock_bij_and_af_per_fase_follow_from_the_fase_events() -> None:
    ev = [
        (date(2026, 12, 1), 1, None, "kennismaking"),
        (date(2026, 12, 2), 2, None, "kennismaking"),
        (date(2027, 1, 5), 1, "kennismaking", "werk-vinden"),
        (date(2027, 1, 20), 2, "kennismaking", None),  # uitstroom
        (date(2027, 2, 3), 1, "werk-vinden", "werk-houden"),
    ]
    t = telling_per_fase(ev, date(2027, 1, 1), date(2027, 1, 31))
    assert t[Fase.kennismaking] == Telling(begin=2, bij=0, af=2, eind=0)
    assert t[Fase.werk_vinden] == Telling(begin=0, bij=1, af=0, eind=1)
    assert t[Fase.werk_houden] == Telling(0, 0, 0, 0)


def test_fase_events_are_in_the_traject_vocabulary() -> None:
    assert {"traject.fase", "traject.uitstroom", "traject.deels_uitgestroomd"} <= TRAJECT_GEBEURTENISSEN


def test_a_fase_needs_a_running_traject_and_an_uitstroom_an_open_one() -> None:
    from domain.fasen import controleer_fase_mogelijk, controleer_reden, controleer_uitstroom_mogelijk
    from domain.traject import Status

    for ok in (Status.traject, Status.verlengde_intake, Status.tijdelijk_oponthoud, Status.voorliggende_voorziening):
        controleer_fase_mogelijk("R", ok)
    for nee in (Status.aangemeld, Status.brede_intake_gepland, Status.wacht_op_uitkering):
        with pytest.raises(TransitionRefused, match="pas als het re-integratietraject is gestart"):
            controleer_fase_mogelijk("R", nee)
    with pytest.raises(TransitionRefused, match="afgesloten"):
        controleer_fase_mogelijk("R", Status.afgesloten)
    controleer_uitstroom_mogelijk("R", Status.traject, Uitstroom.parttime_werk, None)
    with pytest.raises(TransitionRefused, match="al deels uitgestroomd"):
        controleer_uitstroom_mogelijk("R", Status.traject, Uitstroom.parttime_werk, date(2026, 12, 1))
    controleer_uitstroom_mogelijk("R", Status.traject, Uitstroom.werkaanvaarding, date(2026, 12, 1))
    with pytest.raises(TransitionRefused, match="al afgesloten"):
        controleer_uitstroom_mogelijk("R", Status.afgesloten, Uitstroom.werkaanvaarding, None)
    with pytest.raises(TransitionRefused, match="loopt"):
        controleer_uitstroom_mogelijk("R", Status.tijdelijk_oponthoud, Uitstroom.werkaanvaarding, None)
    assert controleer_reden("  Klaar   voor werk ") == "Klaar voor werk"
    assert controleer_reden("Contract 12345678 uren") == "Contract 12345678 uren"  # eight digits: not a BSN
    with pytest.raises(OngeldigeInvoer, match="negen cijfers"):
        controleer_reden("BSN123456789")


def test_re_assessment_of_the_plan_van_aanpak_after_the_gemeentes_interval() -> None:
    from domain.fasen import controleer_herbeoordeling_mogelijk, plan_herbeoordeling
    from domain.gemeenten import GemeenteConfig
    from domain.traject import Status

    assert plan_herbeoordeling(date(2026, 12, 8), 26, Kalender()) == date(2027, 6, 8)
    assert plan_herbeoordeling(date(2026, 12, 12), 1, Kalender()) == date(2026, 12, 21)  # Saturday + 1 week -> maandag
    with pytest.raises(ValueError):
        plan_herbeoordeling(date(2026, 12, 8), 0, Kalender())
    assert GemeenteConfig.model_fields["herbeoordeling_pva_weken"].default == 26  # old configs keep loading
    controleer_herbeoordeling_mogelijk("IJW-2026-000001", Status.traject)
    with pytest.raises(TransitionRefused, match="afgesloten"):
        controleer_herbeoordeling_mogelijk("IJW-2026-000001", Status.afgesloten)
    with pytest.raises(TransitionRefused, match="re-integratietraject loopt"):
        controleer_herbeoordeling_mogelijk("IJW-2026-000001", Status.brede_intake_gepland)


def test_contact_term_after_the_last_contact() -> None:
    from domain.fasen import controleer_contact_mogelijk, controleer_contactdatum, plan_contact
    from domain.gemeenten import GemeenteConfig
    from domain.traject import Status

    assert plan_contact(date(2026, 12, 8), 4, Kalender()) == date(2027, 1, 5)
    assert plan_contact(date(2026, 12, 5), 4, Kalender()) == date(2027, 1, 4)  # a Saturday: next werkdag
    assert GemeenteConfig.model_fields["contact_weken"].default == 4
    assert controleer_contactdatum(date(2026, 12, 8), date(2026, 12, 8)) == date(2026, 12, 8)
    with pytest.raises(OngeldigeInvoer, match="toekomst"):
        controleer_contactdatum(date(2026, 12, 9), date(2026, 12, 8))
    with pytest.raises(OngeldigeInvoer, match="te ver terug"):
        controleer_contactdatum(date(2025, 12, 1), date(2026, 12, 8))
    with pytest.raises(TransitionRefused, match="afgesloten"):
        controleer_contact_mogelijk("IJW-2026-000001", Status.afgesloten)


def test_stage_timer_six_weeks_after_entering_werk_vinden() -> None:
    from domain.fasen import STAGE_NA_WERK_VINDEN, plan_stage_voorstel

    assert STAGE_NA_WERK_VINDEN.days == 42
    assert plan_stage_voorstel(date(2027, 1, 4), Kalender()) == date(2027, 2, 15)
    assert plan_stage_voorstel(date(2026, 11, 14), Kalender()) == date(2026, 12, 28)  # Saturday + 6 weeks -> maandag
