"""The trajectplan's pure rules: owners, dates, referrals and what a follow-up does."""

from __future__ import annotations

from datetime import date

import pytest

from domain.errors import TransitionRefused
from domain.invoer import OngeldigeInvoer
from domain.traject import Status
from domain.trajectplan import (
    Opvolging,
    Soort,
    Voorziening,
    controleer_actie,
    controleer_doel,
    controleer_eigenaar,
    controleer_omschrijving,
    controleer_opvolgdatum,
    controleer_plan_mogelijk,
    controleer_uiterlijk,
    controleer_verwezen_op,
    na_opvolging,
    parse_opvolging,
    parse_voorziening,
    te_laat,
)

VANDAAG = date(2026, 11, 24)
WC = "wc@ijw.example"


def test_owner_is_the_werkcoach_keyword_or_a_staff_address() -> None:
    assert controleer_eigenaar("werkcoach", WC) == WC
    assert controleer_eigenaar(" Werkcoach ", WC) == WC
    assert controleer_eigenaar("Jobcoach@IJW.example", WC) == "jobcoach@ijw.example"
    for fout, msg in (("jobcoach", "'werkcoach' of een e-mailadres"), ("a@b", "geen geldig e-mailadres"),
                      ("jan999900006@ijw.example", "negen cijfers"), ("a@ijw.example, b@ijw.example", "precies één")):
        with pytest.raises(OngeldigeInvoer, match=msg):
            controleer_eigenaar(fout, WC)


def test_due_date_today_or_later_within_two_years() -> None:
    assert controleer_uiterlijk(VANDAAG, VANDAAG) == VANDAAG
    with pytest.raises(OngeldigeInvoer, match="in het verleden"):
        controleer_uiterlijk(date(2026, 11, 23), VANDAAG)
    assert controleer_uiterlijk(date(2028, 11, 24), VANDAAG)
    with pytest.raises(OngeldigeInvoer, match="te ver vooruit"):
        controleer_uiterlijk(date(2028, 11, 25), VANDAAG)


def test_referral_dates() -> None:
    assert controleer_verwezen_op(date(2026, 11, 20), VANDAAG) == date(2026, 11, 20)
    with pytest.raises(OngeldigeInvoer, match="toekomst"):
        controleer_verwezen_op(date(2026, 11, 25), VANDAAG)
    with pytest.raises(OngeldigeInvoer, match="te ver terug"):
        controleer_verwezen_op(date(2025, 11, 1), VANDAAG)
    assert controleer_opvolgdatum(date(2027, 1, 5), VANDAAG, VANDAAG) == date(2027, 1, 5)
    with pytest.raises(OngeldigeInvoer, match="niet na de verwijsdatum"):
        controleer_opvolgdatum(VANDAAG, VANDAAG, VANDAAG)
    with pytest.raises(OngeldigeInvoer, match="niet na de verwijsdatum"):
        controleer_opvolgdatum(date(2026, 11, 10), date(2026, 11, 20), VANDAAG)
    with pytest.raises(OngeldigeInvoer, match="in het verleden"):  # after the referral, but already past
        controleer_opvolgdatum(date(2026, 11, 21), date(2026, 11, 20), VANDAAG)


def test_free_text_refuses_bsn_like_runs_and_line_breaks() -> None:
    assert controleer_omschrijving("  Taalles  NT2 volgen ") == "Taalles NT2 volgen"
    with pytest.raises(OngeldigeInvoer, match="negen cijfers"):
        controleer_omschrijving("Bel over 999900006")
    with pytest.raises(OngeldigeInvoer, match="stuurtekens"):
        controleer_omschrijving("Twee\nregels tekst")


def test_choices() -> None:
    assert parse_voorziening("TAAL") == Voorziening.taal
    assert parse_voorziening("maatschappelijk_werk") == Voorziening.maatschappelijk_werk
    with pytest.raises(OngeldigeInvoer, match="bestaat niet; kies uit taal"):
        parse_voorziening("sport")
    assert parse_opvolging("niet_gestart") == Opvolging.niet_gestart
    with pytest.raises(OngeldigeInvoer, match="kies uit gestart"):
        parse_opvolging("misschien")


def test_follow_up_outcomes() -> None:
    assert na_opvolging(Opvolging.gestart, None) == "gedaan"
    assert na_opvolging(Opvolging.afgerond, None) == "gedaan"
    assert na_opvolging(Opvolging.niet_gestart, None) == "vervallen"
    assert na_opvolging(Opvolging.gestart, date(2027, 1, 1)) == "open"
    assert na_opvolging(Opvolging.niet_gestart, date(2027, 1, 1)) == "open"
    with pytest.raises(OngeldigeInvoer, match="afgeronde verwijzing"):
        na_opvolging(Opvolging.afgerond, date(2027, 1, 1))


def test_goal_and_action_belong_to_the_traject_and_are_open() -> None:
    ref = "IJW-2026-000001"
    controleer_doel(ref, 1, ref, "open")
    with pytest.raises(OngeldigeInvoer, match="Doel 9 bestaat niet"):
        controleer_doel(ref, 9, None, None)
    with pytest.raises(TransitionRefused, match="ander traject"):
        controleer_doel(ref, 1, "IJW-2026-000002", "open")
    with pytest.raises(TransitionRefused, match="al behaald"):
        controleer_doel(ref, 1, ref, "behaald")
    controleer_actie(ref, 3, ref, "open", Soort.actie, "actie")
    with pytest.raises(TransitionRefused, match="al gedaan"):
        controleer_actie(ref, 3, ref, "gedaan", Soort.actie, "actie")
    with pytest.raises(TransitionRefused, match="geen verwijzing"):
        controleer_actie(ref, 3, ref, "open", Soort.verwijzing, "actie")
    with pytest.raises(TransitionRefused, match="afgesloten"):
        controleer_plan_mogelijk(ref, Status.afgesloten)
    controleer_plan_mogelijk(ref, Status.traject)


def test_overdue_only_while_open() -> None:
    assert te_laat(date(2026, 11, 23), "open", VANDAAG)
    assert not te_laat(VANDAAG, "open", VANDAAG)
    assert not te_laat(date(2026, 11, 23), "gedaan", VANDAAG)
