from datetime import date

import holidays
import pytest

from domain.errors import UnknownTermijn
from domain.kalender import Kalender, KbBesluit, atw_feestdagen
from domain.termijnen import Eenheid, TermijnRegel, bereken_termijn


def test_atw_feestdagen_2026() -> None:
    f = atw_feestdagen(2026)
    assert date(2026, 4, 3) in f  # Goede Vrijdag (Atw art. 3 lid 2)
    assert date(2026, 4, 6) in f  # Tweede Paasdag
    assert date(2026, 4, 27) in f  # Koningsdag
    assert date(2026, 5, 5) in f  # Bevrijdingsdag: every year for the Atw, not only lustrum years
    assert date(2026, 5, 14) in f  # Hemelvaartsdag
    assert date(2026, 5, 25) in f  # Tweede Pinksterdag
    assert date(2026, 12, 26) in f
    assert date(2026, 12, 31) not in f


def test_koningsdag_moves_when_27_april_is_sunday() -> None:
    assert date(2025, 4, 26) in atw_feestdagen(2025)
    assert date(2025, 4, 27) not in atw_feestdagen(2025)


@pytest.mark.parametrize("year", range(2020, 2031))
def test_covers_every_dutch_public_holiday(year: int) -> None:
    assert set(holidays.country_holidays("NL", years=year)) <= atw_feestdagen(year)


def test_bezwaar_plain_six_weeks() -> None:
    t = bereken_termijn("bezwaar", date(2026, 3, 2))  # Monday
    assert t.einddatum == date(2026, 4, 13)  # Monday, six weeks later, a werkdag
    assert t.grondslag.startswith("Awb art. 6:7")
    assert t.atw_toegepast


def test_bezwaar_ending_on_saturday_moves_to_monday() -> None:
    t = bereken_termijn("bezwaar", date(2026, 10, 31))  # Saturday bekendmaking -> ends Saturday
    assert t.onverlengde_einddatum == date(2026, 12, 12)
    assert t.einddatum == date(2026, 12, 14)


def test_bezwaar_over_easter_goede_vrijdag_and_tweede_paasdag() -> None:
    t = bereken_termijn("bezwaar", date(2026, 2, 20))  # ends Friday 3 April 2026 = Goede Vrijdag
    assert t.onverlengde_einddatum == date(2026, 4, 3)
    assert t.einddatum == date(2026, 4, 7)  # Sat, Sun, Tweede Paasdag skipped


def test_beslistermijn_on_bevrijdingsdag_in_non_lustrum_year() -> None:
    t = bereken_termijn("beslistermijn", date(2026, 3, 10))  # +8 weeks = Tue 5 May 2026
    assert t.onverlengde_einddatum == date(2026, 5, 5)
    assert t.einddatum == date(2026, 5, 6)


def test_zoektermijn_is_not_extended_by_the_atw() -> None:
    t = bereken_termijn("zoektermijn", date(2026, 11, 7))  # +4 weeks = Saturday
    assert t.einddatum == date(2026, 12, 5)
    assert not t.atw_toegepast
    assert "niet van toepassing" in t.atw_toelichting
    # A statutory waiting term: the Atw does not extend it because nobody has to act within
    # it, not because it would not come from a wet.
    assert "wachttermijn" in t.atw_toelichting and "geen termijn uit wet" not in t.atw_toelichting
    assert t.wachttermijn


def test_policy_term_inspanningsperiode_not_atw() -> None:
    t = bereken_termijn("inspanningsperiode", date(2026, 12, 5))  # +3 weeks = Saturday 26 Dec
    assert t.einddatum == date(2026, 12, 26)
    assert not t.atw_toegepast


def test_rules_are_versioned_by_date() -> None:
    # Participatiewet in balans changes the zoektermijn in fase 1 (1 January 2026), not 2027.
    oud = bereken_termijn("zoektermijn", date(2025, 12, 31))
    nieuw = bereken_termijn("zoektermijn", date(2026, 1, 1))
    assert oud.regel_geldig_vanaf == date(2015, 1, 1)
    assert nieuw.regel_geldig_vanaf == date(2026, 1, 1)
    assert "in balans" in nieuw.grondslag and "BWBR0051679" in nieuw.grondslag
    assert bereken_termijn("zoektermijn", date(2027, 1, 1)).regel_geldig_vanaf == date(2026, 1, 1)


def test_unknown_soort_and_too_early() -> None:
    with pytest.raises(UnknownTermijn, match="kies uit"):
        bereken_termijn("bestaat-niet", date(2026, 1, 1))
    with pytest.raises(UnknownTermijn, match="geen regel geldig"):
        bereken_termijn("zoektermijn", date(2010, 1, 1))


def test_atw_art2_two_werkdagen_in_short_term() -> None:
    regels = (TermijnRegel("kort", date(2000, 1, 1), 3, Eenheid.dagen, "testwet", True, "test"),)
    # Term of 3 days starting the day after Wed 23 Dec 2026: Thu 24, Fri 25 (Kerst), Sat 26 (Kerst).
    t = bereken_termijn("kort", date(2026, 12, 23), regels=regels)
    # Art. 1 moves Sat 26 -> Mon 28; then Thu 24 and Mon 28 are two werkdagen: art. 2 satisfied.
    assert t.einddatum == date(2026, 12, 28)
    # Start Thu 24 Dec: Fri 25, Sat 26, Sun 27 -> art. 1 gives Mon 28 (one werkdag), art. 2 needs Tue 29.
    t2 = bereken_termijn("kort", date(2026, 12, 24), regels=regels)
    assert t2.einddatum == date(2026, 12, 29)


def test_atw_art4_excludes_long_terms() -> None:
    regels = (TermijnRegel("lang", date(2000, 1, 1), 13, Eenheid.weken, "testwet", True, "test"),)
    t = bereken_termijn("lang", date(2026, 1, 3), regels=regels)  # ends Saturday
    assert t.einddatum == t.onverlengde_einddatum
    assert "Atw art. 4" in t.atw_toelichting


def test_extra_kb_days_count_as_feestdag() -> None:
    k = Kalender().met([KbBesluit("Besluit gelijkstelling (test)", (date(2026, 4, 13),))])
    t = bereken_termijn("bezwaar", date(2026, 3, 2), kalender=k)
    assert t.einddatum == date(2026, 4, 14)
    assert t.kb_besluiten == ("Besluit gelijkstelling (test)",)
