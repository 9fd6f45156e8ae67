"""Issue 20 item 21: a reminder says the real distance to its due date, also when it goes out late."""

from __future__ import annotations

from datetime import date

from domain.herinneringen import BELEID, afstand, herinnering_label
from domain.kalender import Kalender

K = Kalender()
DUE = date(2026, 12, 1)  # Tuesday; "nog 5 werkdagen" is planned for Tuesday 24 November


def test_on_the_planned_days_the_labels_are_the_steps_own() -> None:
    stappen = {st.code: st for st in BELEID["standaard"].stappen}
    assert herinnering_label(stappen["t-5"], DUE, date(2026, 11, 24), K) == "nog 5 werkdagen"
    assert herinnering_label(stappen["t-1"], DUE, date(2026, 11, 30), K) == "nog 1 werkdag"
    assert herinnering_label(stappen["t0"], DUE, DUE, K) == "vandaag"


def test_a_late_reminder_says_what_is_left() -> None:
    t5 = BELEID["standaard"].stappen[0]
    assert herinnering_label(t5, DUE, date(2026, 11, 26), K) == "nog 3 werkdagen"  # two days late
    assert herinnering_label(t5, DUE, date(2026, 11, 27), K) == "nog 2 werkdagen"  # Friday: Monday and Tuesday left
    assert herinnering_label(t5, DUE, date(2026, 11, 28), K) == "nog 2 werkdagen"  # Saturday: the same two
    assert herinnering_label(t5, DUE, date(2026, 12, 2), K) == "verlopen"


def test_distance_skips_weekends_and_feestdagen_and_counts_to_the_werkdag_before_a_weekend_due_date() -> None:
    assert afstand(date(2026, 12, 28), date(2026, 12, 23), K) == "nog 2 werkdagen"  # 24 Dec and 28 Dec; 25-27 not
    # due on Saturday 2 January 2027: Friday 1 January is Nieuwjaarsdag, so the last werkdag is Thursday 31 December
    assert afstand(date(2027, 1, 2), date(2026, 12, 31), K) == "vandaag"
    assert afstand(date(2027, 1, 2), date(2026, 12, 30), K) == "nog 1 werkdag"


def test_escalation_and_after_the_date_steps_keep_their_label() -> None:
    esc = BELEID["standaard"].stappen[-1]
    assert herinnering_label(esc, DUE, date(2026, 12, 9), K) == "verlopen"
    [uit] = BELEID["uitblijven"].stappen
    assert herinnering_label(uit, DUE, date(2026, 12, 9), K) == "uitgebleven"
