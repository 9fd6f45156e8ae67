"""The maatregelonderzoek's own zaak: its resultaat and when its last term has passed."""

from __future__ import annotations

from datetime import date

from domain.maatregel import (
    AFGEZIEN,
    HERROEPEN,
    ONDERZOEK_INGETROKKEN,
    OPGELEGD,
    BeschikkingType,
    zaak_resultaat,
    zaak_sluit_na,
)


def test_the_resultaat_follows_how_the_onderzoek_ended() -> None:
    assert zaak_resultaat(None, "actief") == ONDERZOEK_INGETROKKEN  # no beschikking: lapsed
    assert zaak_resultaat(BeschikkingType.M1M20, "ingetrokken") == ONDERZOEK_INGETROKKEN
    assert zaak_resultaat(BeschikkingType.M1M20, "actief") == OPGELEGD
    assert zaak_resultaat(BeschikkingType.M1M20, "herzien") == OPGELEGD
    assert zaak_resultaat(BeschikkingType.M1M20, "herroepen") == HERROEPEN
    assert zaak_resultaat(BeschikkingType.AFZIEN, "actief") == AFGEZIEN


def test_the_zaak_closes_after_the_latest_of_bezwaar_heroverweging_and_the_last_month() -> None:
    assert zaak_sluit_na(bezwaar_uiterlijk=date(2027, 2, 10), heroverweging_uiterlijk=date(2027, 4, 1),
                         kortingsmaanden=[{"maand": "2027-02", "percentage": 20},
                                          {"maand": "2027-05", "percentage": 20}]) == date(2027, 5, 31)
    assert zaak_sluit_na(bezwaar_uiterlijk=date(2027, 2, 10), heroverweging_uiterlijk=None,
                         kortingsmaanden=[]) == date(2027, 2, 10)
    assert zaak_sluit_na(bezwaar_uiterlijk=None, heroverweging_uiterlijk=None, kortingsmaanden=[]) is None


def test_a_leap_february_ends_on_the_29th() -> None:
    assert zaak_sluit_na(bezwaar_uiterlijk=None, heroverweging_uiterlijk=None,
                         kortingsmaanden=[{"maand": "2028-02", "percentage": 100}]) == date(2028, 2, 29)


def test_a_recounted_term_keeps_its_opschortingen_with_the_atw() -> None:
    from domain.verplaatsing import opnieuw_verschoven

    assert opnieuw_verschoven("uitkeringsbesluit", date(2027, 1, 25), []) == date(2027, 1, 25)
    assert opnieuw_verschoven("uitkeringsbesluit", date(2027, 1, 25), [14]) == date(2027, 2, 8)
    # 25-1 + 5 = Saturday 30-1: the Atw moves it to Monday 1-2; then + 2 = Wednesday 3-2
    assert opnieuw_verschoven("uitkeringsbesluit", date(2027, 1, 25), [5, 2]) == date(2027, 2, 3)
    assert opnieuw_verschoven("zoektermijn", date(2027, 1, 25), [5]) == date(2027, 1, 30)  # no Atw for a wachttermijn
