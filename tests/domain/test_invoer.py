"""Input rules at the doors (pure): BSN digits, addresses, names, text, references, ids, dates, moves."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from pydantic import ValidationError

from domain.bsn import maskeer_bsns, validate_bsn
from domain.errors import DomainError, InvalidBSN, TransitionRefused
from domain.invoer import (
    OngeldigeInvoer,
    beschrijf_validatiefout,
    controleer_door,
    controleer_email,
    controleer_naam,
    controleer_tekst,
    parse_datum,
    parse_id,
    parse_moment,
    parse_referentie,
    planning_grens,
)
from domain.traject import Actie, BredeIntakeUitkomst, controleer_besluit, gewijzigde_gegevens
from domain.verplaatsing import Grond, beoordeel_verplaatsing


@pytest.mark.parametrize("bsn", ["٩٩٩٩٠٠٠٠٦", "９９９９０００８０", "99990007²", "9999 00006", "+99990000", "99990000.6"])
def test_only_ascii_digits_are_a_bsn(bsn: str) -> None:
    with pytest.raises(InvalidBSN, match="0-9"):
        validate_bsn(bsn)


def test_bsn_valid_and_never_padded() -> None:
    assert validate_bsn(" 999900006 ") == "999900006"
    assert validate_bsn("022264541") == "022264541"
    with pytest.raises(InvalidBSN, match="een BSN heeft negen cijfers, dit nummer heeft er acht"):
        validate_bsn("22264541")


@pytest.mark.parametrize(("value", "msg"), [
    ("wc@ijw.example\r\nBcc: x@y.example", "precies één"), ("a@ijw.example,b@ijw.example", "precies één"),
    ("a@b", "geen geldig"), ("Jan <wc@ijw.example>", "geen geldig"), ("wc@@ijw.example", "geen geldig"),
    ("", "ontbreekt"), ("x" * 300 + "@ijw.example", "te lang"),
])
def test_email_refused(value: str, msg: str) -> None:
    with pytest.raises(OngeldigeInvoer, match=msg):
        controleer_email(value, "--werkcoach")


def test_email_normalised() -> None:
    assert controleer_email("  WerkCoach.Velsen@IJmondWerkt.NL ", "x") == "werkcoach.velsen@ijmondwerkt.nl"


@pytest.mark.parametrize(("value", "msg"), [("", "ontbreekt"), ("Jan\nJansen", "stuurtekens"), ("<b>Jan</b>", "niet horen"),
                                            ("J" * 101, "te lang"), ("123", "letters"), ("Jan\u200dJansen", "onzichtbare"),
                                            ("Piet 999 - 901 - 138", "negen cijfers")])
def test_naam_refused(value: str, msg: str) -> None:
    with pytest.raises(OngeldigeInvoer, match=msg):
        controleer_naam(value)


def test_naam_cleaned() -> None:
    assert controleer_naam("  Anne-Marie   d'Oliveira  ") == "Anne-Marie d'Oliveira"
    assert controleer_naam("Ömer Çelik") == "Ömer Çelik"


def test_tekst_and_door() -> None:
    assert controleer_tekst("  Deelnemer   ziek ", "Reden", min_len=5) == "Deelnemer ziek"
    for bad, msg in [("", "ontbreekt"), ("ab", "te kort"), ("a\tb c d e", "stuurtekens"), ("x" * 201, "te lang")]:
        with pytest.raises(OngeldigeInvoer, match=msg):
            controleer_tekst(bad, "Reden", min_len=3)
    assert controleer_door("werkcoach") == "werkcoach" and controleer_door("WC@IJW.example") == "wc@ijw.example"
    with pytest.raises(OngeldigeInvoer, match="geen vrije tekst"):
        controleer_door("<script>")


def test_referentie_and_ids() -> None:
    assert parse_referentie(" ijw-2026-000001 ") == "IJW-2026-000001"
    for bad in ["999900006", "IJW-2026-00001", "IJW-٢٠٢٦-٠٠٠٠٠١", "IJW/2026/000001", "IJW-2026-000001 999900006"]:
        with pytest.raises(OngeldigeInvoer, match="geen trajectnummer") as exc:
            parse_referentie(bad)
        assert "999900006" not in str(exc.value)  # a BSN typed in the wrong field is not echoed
    assert parse_id("42", "Taak") == 42 and parse_id(str(2**31 - 1), "Taak") == 2**31 - 1
    for bad in ["-1", "0", "99999999999999999999", str(2**31), "abc", "４２", ""]:
        with pytest.raises(OngeldigeInvoer, match="geen geldig nummer"):
            parse_id(bad, "Taak")


def test_dates_and_moments() -> None:
    assert parse_datum("2026-02-20", "--vanaf") == date(2026, 2, 20)
    for bad, msg in [("2026-02-30", "bestaat niet"), ("20-02-2026", "geen geldige"), ("٢٠٢٦-٠٢-٢٠", "geen geldige")]:
        with pytest.raises(OngeldigeInvoer, match=msg):
            parse_datum(bad, "--vanaf")
    with pytest.raises(OngeldigeInvoer, match="te ver vooruit"):
        parse_datum("9999-12-31", "--vanaf", laatst=date(2100, 12, 31))
    echt = datetime(2026, 11, 24, 4, 0)
    assert parse_moment("2026-12-03T07:05", "--nu", echte_nu=echt) == datetime(2026, 12, 3, 7, 5)
    for bad, msg in [("9999-12-31T00:00", "meer dan 5 jaar"), ("0001-01-01", "meer dan 5 jaar"),
                     ("2000-01-04T09:00", "meer dan 5 jaar"), ("morgen", "geen geldig tijdstip")]:
        with pytest.raises(OngeldigeInvoer, match=msg):
            parse_moment(bad, "--nu", echte_nu=echt)


def test_validation_errors_in_dutch() -> None:
    with pytest.raises(ValidationError) as exc:
        Actie(omschrijving="ok ok", eigenaar="werkcoach", deadline="2026-02-30")  # type: ignore[arg-type]
    assert beschrijf_validatiefout(exc.value) == "deadline: 2026-02-30 is geen geldige datum: die dag bestaat niet."
    with pytest.raises(ValidationError) as exc:
        Actie(omschrijving="ok ok", eigenaar="werkcoach", deadline="morgen")  # type: ignore[arg-type]
    assert beschrijf_validatiefout(exc.value) == "deadline: geen geldige datum (JJJJ-MM-DD)."
    actie = {"omschrijving": "Trajectplan", "eigenaar": "werkcoach", "deadline": "2026-12-01"}
    with pytest.raises(ValidationError) as exc:
        BredeIntakeUitkomst.model_validate({"advies": "positief", "route": "traject",
                                            "plan_van_aanpak": [actie, {**actie, "omschrijving": "ab"}]})
    assert beschrijf_validatiefout(exc.value) == "Actie 2, omschrijving: minstens 3 tekens."
    with pytest.raises(ValidationError) as exc:
        BredeIntakeUitkomst.model_validate({"advies": "positief", "route": "traject", "plan_van_aanpak": [actie] * 31})
    assert beschrijf_validatiefout(exc.value) == "Plan van aanpak: hoogstens 30 acties."


def test_besluit_must_match_the_gemeente() -> None:
    assert controleer_besluit("toegekend", "toegekend").value == "toegekend"
    with pytest.raises(TransitionRefused, match="nog niet besloten"):
        controleer_besluit("toegekend", "in_behandeling")
    with pytest.raises(TransitionRefused, match="meldt 'afgewezen'"):
        controleer_besluit("toegekend", "afgewezen")
    with pytest.raises(OngeldigeInvoer, match="kies uit"):
        controleer_besluit("in_behandeling", "in_behandeling")


def test_changed_personal_data_is_named_not_shown() -> None:
    assert gewijzigde_gegevens(oud_naam="Jan  Jansen", oud_geboortedatum=date(1990, 1, 1), naam="Jan Jansen",
                               geboortedatum=date(1990, 1, 1)) == []
    assert gewijzigde_gegevens(oud_naam="Jan Jansen", oud_geboortedatum=date(1990, 1, 1), naam="Jan de Vries",
                               geboortedatum=date(2001, 1, 1)) == ["naam", "geboortedatum"]


VANDAAG = date(2026, 11, 24)  # Tuesday


def test_statutory_term_moves_only_later_on_a_legal_ground() -> None:
    v = beoordeel_verplaatsing(soort="uitkeringsbesluit", huidige_due=date(2027, 1, 19), vandaag=VANDAAG,
                               reden="Aanvraag onvolledig", grond=Grond.opschorting, dagen=14)
    assert v.due == date(2027, 2, 2) and v.toelichting.startswith("Opschorting (Awb art. 4:13), 14 dag(en)")
    # Atw art. 1: an end on Saturday moves to Monday for an Awb term, not for the zoektermijn (a waiting term).
    assert beoordeel_verplaatsing(soort="uitkeringsbesluit", huidige_due=date(2027, 1, 19), vandaag=VANDAAG,
                                  reden="Verdaagd", grond=Grond.verlenging, dagen=4).due == date(2027, 1, 25)
    assert beoordeel_verplaatsing(soort="zoektermijn", huidige_due=date(2027, 1, 19), vandaag=VANDAAG,
                                  reden="Verdaagd", grond=Grond.verlenging, dagen=4).due == date(2027, 1, 23)
    for kw, msg in [({"naar": VANDAAG + timedelta(1)}, "wettelijke grond"),
                    ({"grond": Grond.opschorting, "dagen": 3, "naar": date(2027, 2, 1)}, "gekozen datum"),
                    ({"grond": Grond.opschorting, "dagen": 0}, "nooit korter"),
                    ({"grond": Grond.verlenging, "dagen": 366}, "366 is te veel: .* hoogstens 365 dagen"),
                    ({"grond": Grond.verlenging}, "wettelijke grond")]:
        with pytest.raises(OngeldigeInvoer, match=msg):
            beoordeel_verplaatsing(soort="zoektermijn", huidige_due=date(2026, 12, 21), vandaag=VANDAAG,
                                   reden="Deelnemer ziek", **kw)  # type: ignore[arg-type]


def test_a_closed_deadline_is_refused_before_any_rule_about_how_to_move_it() -> None:
    for soort, kw in [("uitkeringsbesluit", {"naar": date(2027, 1, 5)}), ("taak", {"grond": Grond.opschorting,
                                                                              "dagen": 14})]:
        with pytest.raises(OngeldigeInvoer, match="^Deadline 2 is al afgerond; verplaatsen kan niet.$"):
            beoordeel_verplaatsing(soort=soort, huidige_due=date(2026, 12, 21), vandaag=VANDAAG, reden="Ziek x",
                                   status="afgerond", nummer=2, **kw)  # type: ignore[arg-type]


def test_move_messages_use_words_not_internal_codes() -> None:
    with pytest.raises(OngeldigeInvoer) as exc:
        beoordeel_verplaatsing(soort="taak", huidige_due=date(2026, 12, 1), vandaag=VANDAAG, reden="Deelnemer ziek",
                               grond=Grond.opschorting, dagen=14, nummer=2)
    assert str(exc.value) == ("Deadline 2 is een taak, geen wettelijke termijn: geef --naar en --reden, geen --grond "
                              "of --dagen.")
    with pytest.raises(OngeldigeInvoer) as exc:
        beoordeel_verplaatsing(soort="uitkeringsbesluit", huidige_due=date(2026, 12, 1), vandaag=VANDAAG,
                               reden="Deelnemer ziek", naar=date(2026, 12, 20), nummer=5)
    assert "'" not in str(exc.value) and "uitkeringsbesluit" not in str(exc.value)


def test_two_years_ahead_is_two_calendar_years() -> None:
    """2 x 366 days let 25 November 2028 through on 24 November 2026."""
    assert planning_grens(date(2026, 11, 24)) == date(2028, 11, 24)
    assert planning_grens(date(2028, 2, 29)) == date(2030, 2, 28)
    kw = {"soort": "taak", "huidige_due": date(2026, 12, 1), "vandaag": VANDAAG, "reden": "Deelnemer ziek"}
    assert beoordeel_verplaatsing(**kw, naar=date(2028, 11, 24)).due == date(2028, 11, 24)  # type: ignore[arg-type]
    with pytest.raises(OngeldigeInvoer, match="twee jaar"):
        beoordeel_verplaatsing(**kw, naar=date(2028, 11, 25))  # type: ignore[arg-type]
    wet = {**kw, "soort": "zoektermijn", "grond": Grond.verlenging}
    assert beoordeel_verplaatsing(**{**wet, "huidige_due": date(2028, 11, 10)}, dagen=14).due == date(2028, 11, 24)  # type: ignore[arg-type]
    with pytest.raises(OngeldigeInvoer, match="twee jaar"):
        beoordeel_verplaatsing(**{**wet, "huidige_due": date(2028, 11, 10)}, dagen=15)  # type: ignore[arg-type]


def test_policy_deadline_needs_a_reason_and_a_future_date() -> None:
    v = beoordeel_verplaatsing(soort="taak", huidige_due=date(2026, 12, 1), vandaag=VANDAAG, reden=" Deelnemer ziek ",
                               naar=date(2026, 11, 26))
    assert v.due == date(2026, 11, 26) and v.toelichting == "Deelnemer ziek"  # a policy deadline may come earlier
    for kw, msg in [({"naar": date(2026, 11, 23)}, "verleden"), ({"naar": date(2029, 1, 1)}, "twee jaar"),
                    ({"naar": date(2026, 12, 1)}, "staat al op"), ({"naar": None}, "--naar"),
                    ({"naar": date(2026, 12, 5), "reden": "  "}, "ontbreekt"),
                    ({"naar": date(2026, 12, 5), "reden": "kort"}, "te kort"),
                    ({"grond": Grond.verlenging, "dagen": 3}, "geen wettelijke termijn")]:
        args = {"reden": "Deelnemer ziek", **kw}
        with pytest.raises(DomainError, match=msg):
            beoordeel_verplaatsing(soort="taak", huidige_due=date(2026, 12, 1), vandaag=VANDAAG,
                                   **args)  # type: ignore[arg-type]


def test_bsn_masking_spares_uuids_and_hex() -> None:
    tekst = ("BSN 999900006 in IJW-2026-999900006, run 'aanmelding · 999900018 · x' at "
             "http://127.0.0.1:4200/runs/flow-run/0e4b3c1d-1234-4567-8901-123456789abc and hash deadbeef123456789")
    assert maskeer_bsns(tekst) == (
        "BSN ********* in IJW-2026-*********, run 'aanmelding · ********* · x' at "
        "http://127.0.0.1:4200/runs/flow-run/0e4b3c1d-1234-4567-8901-123456789abc and hash deadbeef123456789")


@pytest.mark.parametrize("tekst", ["BSN 999/99/3653 fout", "BSN ９９９９９３６５３", "٩٩٩٩٩٣٦٥٣", "Niet meegewerkt <b>",
                                   "<script>x</script>"])
def test_free_text_refuses_slashed_bsn_other_digits_and_markup(tekst: str) -> None:
    """A hostile trial got these past the free-text rules (CLI and form alike)."""
    import re

    from domain.invoer import TEKST_PATROON, OngeldigeInvoer, controleer_tekst

    with pytest.raises(OngeldigeInvoer):
        controleer_tekst(tekst, "--feiten", max_len=500)
    assert re.fullmatch(TEKST_PATROON, tekst) is None


@pytest.mark.parametrize("tekst", ["Afspraak op 15/01/2027 gemist", "Kamer 12/3 om 10.30 uur", "datum 2027/01/15"])
def test_free_text_keeps_dates_with_slashes(tekst: str) -> None:
    import re

    from domain.invoer import TEKST_PATROON, controleer_tekst

    assert controleer_tekst(tekst, "--feiten") == tekst
    assert re.fullmatch(TEKST_PATROON, tekst) is not None
