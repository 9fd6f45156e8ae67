from datetime import date, datetime, time

import pytest

from domain.errors import TransitionRefused
from domain.gemeenten import Gemeente, GemeenteConfig
from domain.herinneringen import bij_sweep, lokaal_naar_utc, verzendmomenten, wapen
from domain.intake import plan_brede_intake
from domain.kalender import Kalender
from domain.traject import (
    Actie,
    Advies,
    BredeIntakeUitkomst,
    Eigenaar,
    Route,
    Status,
    controleer_uitkomst,
    wachttermijn_soort,
)

K = Kalender()


def L(s: str) -> datetime:
    return lokaal_naar_utc(datetime.fromisoformat(s))


def test_standard_policy_moments_in_werkdagen() -> None:
    m = verzendmomenten(date(2026, 12, 1), "standaard", K)  # Tuesday
    assert m == (L("2026-11-24T07:00"), L("2026-11-30T07:00"), L("2026-12-01T07:00"), L("2026-12-02T07:00"))


def test_policy_skips_feestdagen() -> None:
    # due Tue 29 Dec 2026: t-1 is Mon 28; t-5 goes back over Kerst to Mon 21 Dec.
    m = verzendmomenten(date(2026, 12, 29), "standaard", K)
    assert m[0] == L("2026-12-21T07:00")


def test_arming_skips_steps_already_past() -> None:
    idx, moment = wapen(date(2026, 12, 1), "standaard", L("2026-11-27T10:00"), K)
    assert idx == 1 and moment == L("2026-11-30T07:00")
    idx, moment = wapen(date(2026, 12, 1), "standaard", L("2026-11-30T10:00"), K)  # same day counts
    assert idx == 1


def test_sweep_sends_latest_due_step_and_skips_stale() -> None:
    b = bij_sweep(date(2026, 12, 1), "standaard", 0, L("2026-12-01T08:00"), K)
    assert b.stap is not None and b.stap.code == "t0"
    assert [s.code for s in b.overgeslagen] == ["t-5", "t-1"]
    assert b.volgende_index == 3 and b.volgende_moment == L("2026-12-02T07:00")
    idle = bij_sweep(date(2026, 12, 1), "standaard", 3, L("2026-12-01T09:00"), K)
    assert idle.stap is None and idle.volgende_index == 3


def velsen() -> GemeenteConfig:
    return GemeenteConfig(gemeente=Gemeente.velsen, rsin="001826219", intake_dagen=[3, 4],
                          intake_tijden=[time(9), time(10, 30)], intake_locatie="Stadhuis",
                          consulent_email="c@velsen.example", teamleider_email="t@ijw.example",
                          klantmanager_email="k@velsen.example")


def test_intake_on_configured_days_after_preparation() -> None:
    slot = plan_brede_intake(velsen(), date(2026, 11, 23), set())  # Mon; +2 werkdagen = Wed
    assert slot == datetime(2026, 11, 25, 9, 0)
    slot2 = plan_brede_intake(velsen(), date(2026, 11, 23), {datetime(2026, 11, 25, 9, 0)})
    assert slot2 == datetime(2026, 11, 25, 10, 30)


def test_intake_skips_hemelvaart() -> None:
    # Mon 11 May 2026 +2 werkdagen = Wed 13 May; Thu 14 May is Hemelvaart.
    bezet = {datetime(2026, 5, 13, 9), datetime(2026, 5, 13, 10, 30)}
    assert plan_brede_intake(velsen(), date(2026, 5, 11), bezet) == datetime(2026, 5, 20, 9, 0)


def actie(d: date) -> Actie:
    return Actie(omschrijving="Trajectplan opstellen", eigenaar=Eigenaar.werkcoach, deadline=d)


def test_outcome_rules() -> None:
    today = date(2026, 11, 23)
    ok = BredeIntakeUitkomst(advies=Advies.positief, route=Route.traject, plan_van_aanpak=[actie(today)])
    controleer_uitkomst(Status.brede_intake_gepland, ok, today)
    with pytest.raises(TransitionRefused, match="niet 'Brede intake gepland'"):
        controleer_uitkomst(Status.aangemeld, ok, today)
    with pytest.raises(TransitionRefused, match="past niet bij een negatief"):
        controleer_uitkomst(Status.brede_intake_gepland,
                            BredeIntakeUitkomst(advies=Advies.negatief, route=Route.traject,
                                                plan_van_aanpak=[actie(today)]), today)
    with pytest.raises(TransitionRefused, match="zonder plan van aanpak"):
        controleer_uitkomst(Status.brede_intake_gepland,
                            BredeIntakeUitkomst(advies=Advies.positief, route=Route.traject), today)
    with pytest.raises(TransitionRefused, match="in het verleden"):
        controleer_uitkomst(Status.brede_intake_gepland,
                            BredeIntakeUitkomst(advies=Advies.positief, route=Route.traject,
                                                plan_van_aanpak=[actie(date(2026, 1, 1))]), today)


def test_under_27_gets_zoektermijn() -> None:
    assert wachttermijn_soort(date(2000, 11, 24), date(2026, 11, 23)) == "zoektermijn"  # 26 until tomorrow
    assert wachttermijn_soort(date(1999, 11, 23), date(2026, 11, 23)) == "inspanningsperiode"


def test_tasks_around_the_intake_and_heroverweging() -> None:
    from domain.intake import heroverweging_datum, taken_rond_intake

    taken = {t.titel: t for t in taken_rond_intake(date(2026, 12, 28))}  # Monday after Kerst
    assert taken["Brede intake voorbereiden"].due == date(2026, 12, 24)  # previous werkdag skips Kerst
    assert taken["Brede intake voeren (gemeente)"].rol == "consulent"
    assert taken["Uitkomst brede intake vastleggen"].due == date(2026, 12, 30)
    assert heroverweging_datum(date(2026, 9, 26)) == date(2026, 12, 28)  # 13 weeks = Sat 26 Dec -> Mon 28


def test_aanmelding_input_rules() -> None:
    from domain.invoer import OngeldigeInvoer
    from domain.traject import controleer_aanmelding

    assert controleer_aanmelding(naam=" Jan ", werkcoach=" WC@ijw.example ", geboortedatum=date(1990, 1, 1),
                                 vandaag=date(2026, 11, 23)) == ("Jan", "wc@ijw.example")
    for kw, msg in [({"naam": "  "}, "Naam ontbreekt"), ({"werkcoach": "jan"}, "geen geldig e-mailadres"),
                    ({"geboortedatum": date(2026, 11, 23)}, "niet mogelijk")]:
        args = {"naam": "Jan", "werkcoach": "wc@ijw.example", "geboortedatum": date(1990, 1, 1),
                "vandaag": date(2026, 11, 23), **kw}
        with pytest.raises(OngeldigeInvoer, match=msg):
            controleer_aanmelding(**args)  # type: ignore[arg-type]
