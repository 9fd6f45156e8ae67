"""Dates that are exact: KB days (Atw art. 3 lid 3), one calendar for terms and reminders,
reminders for a due date that is no werkdag, waiting terms, the aanvraag date, the reference year."""

from datetime import UTC, date, datetime, timedelta

import pytest

from domain.herinneringen import (
    WACHTTERMIJN,
    beleid,
    bij_sweep,
    lokaal_naar_utc,
    lokale_datum,
    verloopmoment,
    verzendmomenten,
    wapen,
)
from domain.kalender import KB_BESLUITEN, Kalender, KalenderFout, KbBesluit, kb_besluiten_uit
from domain.termijnen import bereken_termijn
from domain.traject import beslistermijn_vanaf, referentie_jaar, vroegste_aanvraagdatum

K = Kalender()
ZONDER_KB = Kalender(kb_besluiten=())
KB_2026 = KB_BESLUITEN[1].titel
KB_DAGEN = [date(2026, 1, 2), date(2026, 5, 15), date(2027, 5, 7), date(2028, 4, 28), date(2028, 5, 26)]


def L(s: str) -> datetime:
    return lokaal_naar_utc(datetime.fromisoformat(s))


def dagen(momenten: tuple[datetime, ...]) -> list[date]:
    return [lokale_datum(m) for m in momenten]


# -- KB days -----------------------------------------------------------------------------

@pytest.mark.parametrize("dag", KB_DAGEN)
def test_the_five_kb_days_are_no_werkdag_and_name_their_decree(dag: date) -> None:
    assert dag.isoweekday() == 5  # all Fridays: bridge days
    assert K.is_feestdag(dag) and not K.is_werkdag(dag)
    assert ZONDER_KB.is_werkdag(dag)
    b = K.kb_besluit(dag)
    assert b is not None and b.titel == KB_2026


@pytest.mark.parametrize("dag", KB_DAGEN)
def test_a_term_ending_on_a_kb_day_ends_on_the_next_werkdag(dag: date) -> None:
    bekendmaking = dag - timedelta(weeks=6)  # bezwaar: six weeks, ends on `dag`
    zonder = bereken_termijn("bezwaar", bekendmaking, ZONDER_KB)
    met = bereken_termijn("bezwaar", bekendmaking, K)
    assert zonder.einddatum == dag  # what werkpad did before: one werkdag early
    assert met.einddatum == K.volgende_werkdag(dag) > dag
    assert met.kb_besluiten == (KB_2026,)
    assert KB_2026 in met.atw_toelichting and "Atw art. 3 lid 3" in met.atw_toelichting


def test_earlier_decree_and_bridge_days_that_are_not_kb_days() -> None:
    assert not K.is_werkdag(date(2025, 5, 30)) and not K.is_werkdag(date(2024, 12, 27))
    assert K.kb_besluit(date(2023, 4, 28)) is KB_BESLUITEN[0]
    assert K.is_werkdag(date(2026, 5, 4))  # Monday before Bevrijdingsdag: no decree
    assert K.is_werkdag(date(2027, 4, 26))  # Monday before Koningsdag 2027: no decree


def test_bezwaar_after_bekendmaking_thursday_2_april_2026_ends_monday_18_may() -> None:
    t = bereken_termijn("bezwaar", date(2026, 4, 2), K)
    assert t.onverlengde_einddatum == date(2026, 5, 14)  # Hemelvaartsdag
    assert t.einddatum == date(2026, 5, 18)  # not Fri 15 May: that day is gelijkgesteld by KB
    d = t.as_dict()
    assert d["einddatum"] == "2026-05-18" and d["kb_besluiten"] == [KB_2026]
    assert "2026-05-15 is gelijkgesteld" in d["atw_toelichting"]  # type: ignore[operator]


def test_no_decree_named_when_no_kb_day_moved_the_end() -> None:
    assert bereken_termijn("bezwaar", date(2026, 2, 20), K).kb_besluiten == ()  # Easter moves it


# -- operator data: the feestdagen file ----------------------------------------------------

def test_operator_can_add_the_next_decree() -> None:
    extra = kb_besluiten_uit({"besluit": [{"titel": "Besluit gelijkstelling van 11 mei 2029 met een algemeen "
                                                     "erkende feestdag", "dagen": [date(2029, 5, 11)]}]})
    k = K.met(extra)
    assert not k.is_werkdag(date(2029, 5, 11)) and K.is_werkdag(date(2029, 5, 11))
    assert k != K and hash(k) != hash(K) and hash(Kalender()) == hash(K)  # usable as a cache key
    assert K.met(KB_BESLUITEN) == K  # the known decrees again: nothing doubled


@pytest.mark.parametrize(("data", "fout"), [
    ({"besluit": [{"dagen": ["2029-05-11"]}]}, "'titel' ontbreekt"),
    ({"besluit": [{"titel": "B", "dagen": []}]}, "niet-lege lijst"),
    ({"besluit": [{"titel": "B", "dagen": ["11-05-2029"]}]}, "is geen datum"),
    ({"besluit": [{"titel": "B", "dagen": ["2029-05-12"]}]}, "valt in het weekend"),
    ({"besluit": [{"titel": "B", "dagen": ["2029-05-11"], "datum": 1}]}, "onbekende sleutel"),
    ({"feestdag": []}, "onbekende sleutel"),
    ({"besluit": {"titel": "B"}}, "lijst van [[besluit]]"),
])
def test_malformed_feestdagen_data_is_refused_in_dutch(data: dict[str, object], fout: str) -> None:
    with pytest.raises(KalenderFout, match=fout.replace("[", r"\[").replace("]", r"\]")):
        kb_besluiten_uit(data, bron="feestdagen.toml")


def test_same_decree_title_with_other_days_is_refused() -> None:
    with pytest.raises(KalenderFout, match="wijken daarvan af"):
        K.met([KbBesluit(KB_2026, (date(2026, 5, 15),))])


# -- reminders: one calendar, counted from the last werkdag on or before the due date ------

def test_reminders_use_the_calendar_they_are_given() -> None:
    # Due Mon 18 May 2026: the werkdag before it is Wed 13 May with the KB day, Fri 15 without.
    assert dagen(verzendmomenten(date(2026, 5, 18), "kort", K))[0] == date(2026, 5, 13)
    assert dagen(verzendmomenten(date(2026, 5, 18), "kort", ZONDER_KB))[0] == date(2026, 5, 15)


@pytest.mark.parametrize(("due", "laatste_werkdag", "t_min_5", "t_min_1", "escalatie"), [
    (date(2026, 12, 5), date(2026, 12, 4), date(2026, 11, 27), date(2026, 12, 3), date(2026, 12, 7)),  # Saturday
    (date(2026, 5, 25), date(2026, 5, 22), date(2026, 5, 13), date(2026, 5, 21), date(2026, 5, 26)),  # 2e Pinksterdag
    (date(2026, 5, 15), date(2026, 5, 13), date(2026, 5, 6), date(2026, 5, 12), date(2026, 5, 18)),  # KB day
])
def test_due_date_that_is_no_werkdag(due: date, laatste_werkdag: date, t_min_5: date, t_min_1: date,
                                     escalatie: date) -> None:
    assert not K.is_werkdag(due)
    m = dagen(verzendmomenten(due, "standaard", K))
    assert m == [t_min_5, t_min_1, laatste_werkdag, escalatie]
    assert K.werkdagen_tussen(t_min_5 + timedelta(days=1), laatste_werkdag) == 5  # really five werkdagen ahead
    assert t_min_1 != laatste_werkdag and K.volgende_werkdag(t_min_1) == laatste_werkdag  # "nog 1 werkdag" is true
    assert escalatie == K.volgende_werkdag(due)  # the werkdag after the due date
    k = dagen(verzendmomenten(due, "kort", K))
    assert k == [t_min_1, laatste_werkdag, escalatie]


def test_due_on_saturday_sends_nog_1_werkdag_and_vandaag_on_different_days() -> None:
    due = date(2026, 12, 5)
    b1 = bij_sweep(due, "standaard", 1, L("2026-12-03T07:05"), K)
    assert b1.stap is not None and b1.stap.label == "nog 1 werkdag" and not b1.overgeslagen
    b2 = bij_sweep(due, "standaard", b1.volgende_index, L("2026-12-04T07:05"), K)
    assert b2.stap is not None and b2.stap.label == "vandaag" and not b2.overgeslagen
    b3 = bij_sweep(due, "standaard", b2.volgende_index, L("2026-12-05T07:05"), K)  # Saturday: nothing
    assert b3.stap is None and b3.volgende_moment == L("2026-12-07T07:00")


def test_no_reminder_is_ever_planned_on_a_kb_day_or_other_non_werkdag() -> None:
    d = date(2025, 12, 1)
    while d < date(2028, 7, 1):
        for naam in ("standaard", "kort"):
            for m in verzendmomenten(d, naam, K):
                assert K.is_werkdag(lokale_datum(m)), (d, naam, m)
        d += timedelta(days=1)


# -- waiting terms -------------------------------------------------------------------------

def test_zoektermijn_reminds_nobody_never_escalates_and_ends_itself() -> None:
    t = bereken_termijn("zoektermijn", date(2026, 11, 7), K)  # ends Saturday 5 December
    assert t.wachttermijn and t.einddatum == date(2026, 12, 5)
    assert verzendmomenten(t.einddatum, WACHTTERMIJN, K) == ()
    idx, moment = wapen(t.einddatum, WACHTTERMIJN, L("2026-11-09T10:00"), K)
    assert (idx, moment) == (0, L("2026-12-05T00:00")) == (0, verloopmoment(t.einddatum))  # Saturday, werkdag or not
    nu = L("2026-11-09T10:00")
    while nu < L("2026-12-05T00:00"):  # every sweep until the end: nothing, to nobody
        b = bij_sweep(t.einddatum, WACHTTERMIJN, idx, nu, K)
        assert b.stap is None and not b.verlopen
        nu += timedelta(hours=6)
    b = bij_sweep(t.einddatum, WACHTTERMIJN, idx, L("2026-12-05T00:10"), K)
    assert b.verlopen and b.stap is None and b.volgende_moment is None  # ended, and never again looked at
    later = bij_sweep(t.einddatum, WACHTTERMIJN, b.volgende_index, L("2026-12-09T07:05"), K)
    assert later.stap is None and not later.verlopen  # no escalation the werkdag after, or ever


def test_waiting_term_armed_after_its_end_still_ends() -> None:
    idx, moment = wapen(date(2026, 12, 5), WACHTTERMIJN, L("2026-12-10T09:00"), K)
    assert moment == L("2026-12-05T00:00")
    assert bij_sweep(date(2026, 12, 5), WACHTTERMIJN, idx, L("2026-12-10T09:15"), K).verlopen


def test_inspanningsperiode_is_a_waiting_term_too() -> None:
    assert bereken_termijn("inspanningsperiode", date(2026, 11, 23), K).wachttermijn
    assert not bereken_termijn("beslistermijn", date(2026, 11, 23), K).wachttermijn


# -- the aanvraag date ---------------------------------------------------------------------

def test_beslistermijn_counts_from_the_aanvraag_not_the_aanmelding() -> None:
    melding = date(2026, 11, 23)
    jong, oud = date(2001, 2, 3), date(1980, 1, 1)
    assert vroegste_aanvraagdatum(jong, melding, K) == date(2026, 12, 21)  # after the zoektermijn
    assert vroegste_aanvraagdatum(oud, melding, K) == melding
    assert beslistermijn_vanaf(aanvraag_op=None, vroegste=date(2026, 12, 21)) == (date(2026, 12, 21), True)
    assert beslistermijn_vanaf(aanvraag_op=date(2026, 12, 28), vroegste=date(2026, 12, 21)) == \
        (date(2026, 12, 28), False)
    t = bereken_termijn("beslistermijn", vroegste_aanvraagdatum(jong, melding, K), K)
    assert t.einddatum == date(2027, 2, 15)  # not 18 January, eight weeks after the aanmelding


# -- the reference year --------------------------------------------------------------------

def test_reference_year_is_the_dutch_year() -> None:
    half_een = datetime(2026, 12, 31, 23, 30, tzinfo=UTC)  # 00:30 on 1 January 2027 in Amsterdam
    assert half_een.year == 2026
    assert referentie_jaar(half_een) == 2027
    assert referentie_jaar(L("2026-12-31T23:59")) == 2026


def test_the_reminder_before_a_monday_says_nog_1_werkdag_not_morgen() -> None:
    """Sent on Friday for a Monday due date: "morgen" would be Saturday."""
    due = date(2026, 11, 30)  # Monday
    b = bij_sweep(due, "standaard", 1, L("2026-11-27T07:05"), K)  # Friday
    assert b.stap is not None and b.stap.code == "t-1" and b.stap.label == "nog 1 werkdag"
    assert all(s.label != "morgen" for naam in ("standaard", "kort") for s in beleid(naam).stappen)
