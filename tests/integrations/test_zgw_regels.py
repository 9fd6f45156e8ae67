"""The client's pure rules for what a real Open Zaak refuses: the status moment, the reasons of a refusal."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from integrations.gemeente.client import reden_uit, status_moment

NU = datetime(2026, 12, 7, 12, 0, tzinfo=UTC)


def test_the_moment_of_the_event_is_sent_when_it_is_past_and_after_the_previous_status() -> None:
    assert status_moment(NU - timedelta(hours=2), NU - timedelta(hours=3), NU) == NU - timedelta(hours=2)


def test_a_moment_equal_to_the_previous_status_moves_one_second_later() -> None:
    t = NU - timedelta(hours=1)
    assert status_moment(t, t, NU) == t + timedelta(seconds=1)


def test_a_moment_before_the_previous_status_moves_one_second_after_it() -> None:
    t = NU - timedelta(hours=1)
    assert status_moment(t - timedelta(minutes=5), t, NU) == t + timedelta(seconds=1)


def test_a_future_moment_is_capped_at_the_real_now() -> None:
    assert status_moment(NU + timedelta(days=400), None, NU) == NU


def test_one_second_after_the_previous_may_not_pass_the_real_now() -> None:
    vorige = NU - timedelta(milliseconds=300)
    assert status_moment(NU + timedelta(days=1), vorige, NU) == NU  # still strictly after the previous one


def test_no_valid_moment_when_the_previous_status_is_not_before_now() -> None:
    assert status_moment(NU, NU, NU) is None


def test_a_naive_moment_counts_as_utc() -> None:
    assert status_moment(datetime(2026, 12, 1, 8, 0), None, NU) == datetime(2026, 12, 1, 8, 0, tzinfo=UTC)


def test_the_reasons_come_from_invalid_params_not_the_generic_detail() -> None:
    body = {"detail": "Ongeldige invoer.", "invalidParams": [
        {"name": "nonFieldErrors", "code": "unique", "reason": "De velden zaak, datum_status_gezet moeten een unieke "
                                                                "set zijn."}]}
    assert reden_uit(body) == ("nonFieldErrors: De velden zaak, datum_status_gezet moeten een unieke set zijn. "
                               "[unique]")


def test_a_bsn_in_the_gemeentes_reasons_is_masked() -> None:
    body = {"invalidParams": [{"name": "betrokkeneIdentificatie.inpBsn", "code": "invalid",
                               "reason": "999993549 is al bekend"}]}
    assert "999993549" not in reden_uit(body)


def test_without_params_the_detail_is_the_reason() -> None:
    assert reden_uit({"detail": "Zaak is gesloten."}) == "Zaak is gesloten."
    assert reden_uit("geen json") == ""
