"""The gesprek (horen, Awb 4:8) moves to another time, as the invitation letter offers: `horen` again before it
has begun. The reaction term of the invitation stays; the same agenda item is updated; after the gesprek began,
or outside the term or the 08:00-17:00 window, it is refused and nothing changes (found by a new user's trial:
the docs promised it, the step refused it)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from domain.invoer import OngeldigeInvoer
from tests.conftest import at
from tests.tasks.test_maatregel import COACH, gehoord, gemeld, geweigerd, lopend, maatregelen, mails, tijdlijn


def _verzet(rt: Any, ref: str, gesprek: str, nu: str) -> Any:
    from tasks.maatregel import nodig_uit

    return nodig_uit(rt, referentie=ref, gesprek_op=datetime.fromisoformat(gesprek), locatie="Kantoor Beverwijk",
                     nu=at(nu), actor=COACH)


def test_horen_again_before_the_gesprek_moves_it_and_keeps_the_term(rt, sim) -> None:  # type: ignore[no-untyped-def]
    ref = lopend(rt, sim)
    gemeld(rt, ref)
    # invited on Tue 12-1-2027: ten werkdagen -> Tue 26-1-2027 (no feestdag in between)
    res = gehoord(rt, ref, gesprek="2027-01-18T10:00", toelichting=None)
    assert res["reageren_uiterlijk"] == "2027-01-26"
    res = _verzet(rt, ref, "2027-01-20T14:00", "2027-01-14T09:00")
    assert res["verzet"] is True and res["reageren_uiterlijk"] == "2027-01-26"
    [m] = maatregelen(rt, ref)
    assert m.reageren_uiterlijk == date(2027, 1, 26)
    assert m.gesprek_op is not None and m.gesprek_op.strftime("%Y-%m-%d %H:%M") == "2027-01-20 13:00"  # UTC
    rijen = mails(rt, ref, "maatregel_horen")
    assert [r.payload.get("sequence", 0) for r in rijen] == [0, 1]  # the agenda item's update, one mail each
    assert len({r.idem_key.rsplit(":", 1)[0] for r in rijen}) == 1  # same maatregel: the same agenda item (UID)
    assert any("Gesprek verzet naar 2027-01-20 14:00" in e.omschrijving for e in tijdlijn(rt, ref))


def test_moving_the_gesprek_is_refused_after_it_began_outside_the_term_or_the_window(rt, sim) -> None:  # type: ignore[no-untyped-def]
    ref = lopend(rt, sim)
    gemeld(rt, ref)
    gehoord(rt, ref, gesprek="2027-01-18T10:00", toelichting=None)
    geweigerd(rt, OngeldigeInvoer, "valt na de reactietermijn (2027-01-26)",
              lambda: _verzet(rt, ref, "2027-01-27T10:00", "2027-01-14T09:00"))
    geweigerd(rt, OngeldigeInvoer, "tussen 08:00 en 17:00",
              lambda: _verzet(rt, ref, "2027-01-20T17:30", "2027-01-14T09:00"))
    geweigerd(rt, OngeldigeInvoer, "al begonnen of voorbij",
              lambda: _verzet(rt, ref, "2027-01-21T10:00", "2027-01-18T10:30"))
