"""Verlengde intake AD&A: the pure rules (dates on werkdagen, the advies and the decision on it)."""

from __future__ import annotations

from datetime import date

import pytest

from domain.errors import TransitionRefused
from domain.invoer import OngeldigeInvoer
from domain.kalender import DEFAULT_KALENDER as K
from domain.verlengde_intake import (
    ADVIES_LABEL,
    FASEN,
    VERLENGDE_INTAKE,
    Advies,
    Besluit,
    Fase,
    Onderzoek,
    advies_label,
    controleer_advies,
    plan_besluit,
    plan_onderzoek,
    plan_start,
)


def test_three_months_on_a_werkdag_the_timer_the_werkdag_after_and_midway_evaluation() -> None:
    p = plan_start(date(2026, 12, 9), K)
    assert (p.advies_due, p.timer, p.tussenevaluatie) == (date(2027, 3, 9), date(2027, 3, 10), date(2027, 1, 20))
    # Three months from 5 February 2027 is Wednesday 5 May (Bevrijdingsdag, a feestdag only every
    # fifth year, 2025 and 2030): a werkdag. From 30 November: 28 February 2027 is a Sunday → Friday.
    assert plan_start(date(2026, 11, 30), K).advies_due == date(2027, 2, 26)
    assert plan_start(date(2026, 11, 30), K).timer == date(2027, 3, 1)
    # Three months from 28 December 2026 is Easter Sunday 28 March 2027: the werkdag before is Thursday
    # 25 March (the calendar's Goede Vrijdag is no werkdag); the timer skips Easter Monday.
    p = plan_start(date(2026, 12, 28), K)
    assert (p.advies_due, p.timer) == (date(2027, 3, 25), date(2027, 3, 30))


def test_onderzoek_default_duration_own_date_and_never_after_the_advies() -> None:
    due = date(2027, 3, 9)
    assert plan_onderzoek(Onderzoek.melba, date(2026, 12, 9), None, due, K) == date(2027, 1, 6)
    assert plan_onderzoek(Onderzoek.taalniveautoets, date(2026, 12, 9), date(2026, 12, 26), due, K) == date(2026, 12, 24)
    # Late in the three months the catalogue's duration is cut off at the advies date.
    assert plan_onderzoek(Onderzoek.arbeidsvaardigheden, date(2027, 2, 15), None, due, K) == due
    with pytest.raises(TransitionRefused, match="na de adviesdatum"):
        plan_onderzoek(Onderzoek.abc, date(2026, 12, 9), date(2027, 3, 10), due, K)
    with pytest.raises(TransitionRefused, match="na vandaag"):
        plan_onderzoek(Onderzoek.abc, date(2026, 12, 9), date(2026, 12, 9), due, K)
    assert all(o.label and o.standaard_weken > 0 for o in Onderzoek)


def test_advies_names_a_fase_only_for_traject() -> None:
    assert len(FASEN) == 6 and len(ADVIES_LABEL) == 6
    controleer_advies(Advies.traject, Fase.ontwikkeling_werkervaring)
    controleer_advies(Advies.medisch_onderzoek, None)
    with pytest.raises(OngeldigeInvoer, match="noemt de fase"):
        controleer_advies(Advies.traject, None)
    with pytest.raises(OngeldigeInvoer, match="hoort alleen bij advies 'traject'"):
        controleer_advies(Advies.beschut_werk, Fase.werk_vinden)
    assert advies_label(Advies.traject, Fase.werk_vinden) == "Re-integratietraject in een fase: Werk vinden"


def test_decision_follows_or_names_what_happens_instead() -> None:
    volgen = plan_besluit(Besluit.volgen, Advies.traject, Fase.kennismaking, None, None)
    assert (volgen.gekozen, volgen.fase, volgen.taak) == (Advies.traject, Fase.kennismaking, None)
    anders = plan_besluit(Besluit.afwijken, Advies.traject, Fase.kennismaking, Advies.indicatie_banenafspraak, None)
    assert anders.gekozen == Advies.indicatie_banenafspraak and anders.taak is None  # werkpad starts the indicatie
    assert plan_besluit(Besluit.volgen, Advies.beschut_werk, None, None, None).taak is None
    assert plan_besluit(Besluit.volgen, Advies.medisch_onderzoek, None, None, None).taak == "Medisch onderzoek aanvragen"
    assert plan_besluit(Besluit.volgen, Advies.tijdelijk_oponthoud, None, None, None).taak is None
    with pytest.raises(OngeldigeInvoer, match="--anders"):
        plan_besluit(Besluit.afwijken, Advies.traject, Fase.kennismaking, None, None)
    with pytest.raises(OngeldigeInvoer, match="kies 'afwijken'"):
        plan_besluit(Besluit.volgen, Advies.traject, Fase.kennismaking, Advies.beschut_werk, None)
    with pytest.raises(OngeldigeInvoer, match="gelijk aan het advies"):
        plan_besluit(Besluit.afwijken, Advies.beschut_werk, None, Advies.beschut_werk, None)


def test_process_table() -> None:
    P = VERLENGDE_INTAKE
    assert P.eindstatussen == {"besloten", "vervallen"}
    P.controleer("loopt", "advies_te_laat", "IJW-2026-000001")
    P.controleer("advies_te_laat", "advies_gegeven", "IJW-2026-000001")
    with pytest.raises(TransitionRefused, match="Mogelijk"):
        P.controleer("loopt", "besloten", "IJW-2026-000001")


def test_ada_addresses_and_decision_term_are_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    from pydantic import ValidationError

    from tasks.settings import Settings, beschrijf

    s = Settings()
    assert s.verlengde_intake.ada_email.endswith(".example") and s.verlengde_intake.besluit_werkdagen == 5
    monkeypatch.setenv("WERKPAD_ADA_TEAMLEIDER_EMAIL", "tl@ada")
    with pytest.raises(ValidationError) as exc:
        Settings()
    assert beschrijf(exc.value).startswith("Ongeldige instellingen: WERKPAD_ADA_TEAMLEIDER_EMAIL: het adres 'tl@ada'")
    monkeypatch.delenv("WERKPAD_ADA_TEAMLEIDER_EMAIL")
    monkeypatch.setenv("WERKPAD_VERLENGDE_INTAKE_BESLUIT_WERKDAGEN", "0")
    with pytest.raises(ValidationError):
        Settings()
