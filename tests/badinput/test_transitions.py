"""Transitions at the doors: whole or not at all; re-registration; a typed decision meets the gemeente."""

from __future__ import annotations

from datetime import date

import pytest
from sqlmodel import func, select

from casestore import repo
from casestore.db import session
from casestore.models import AuditEvent, Deadline, Deelnemer, Outbox, Taak, Teller, Traject
from domain.errors import DomainError
from tasks.aanmelding import GegevensWijkenAf, meld_aan, registreer
from tests.conftest import at


def tellingen(rt) -> dict[str, int]:  # type: ignore[no-untyped-def]
    with session(rt.engine) as s:
        return {m.__name__: s.exec(select(func.count()).select_from(m)).one()
                for m in (Deelnemer, Traject, AuditEvent, Deadline, Taak, Outbox, Teller)}


@pytest.mark.postgresql  # also on PostgreSQL (tests/conftest.py)
def test_aanmelden_is_whole_or_nothing(rt) -> None:  # type: ignore[no-untyped-def]
    """In 2000 no wachttermijn rule exists: the plan fails, and the registration goes with it."""
    leeg = tellingen(rt)
    with pytest.raises(DomainError, match="geen regel geldig"):
        meld_aan(rt, bsn="999900171", naam="Heel Of Niets", geboortedatum=date(1990, 1, 1), gemeente="velsen",
                 werkcoach="wc@ijw.example", nu=at("2000-01-04T09:00"), actor="test")
    assert tellingen(rt) == leeg  # no traject stuck in "Aangemeld", the BSN is not blocked
    ref = meld_aan(rt, bsn="999900171", naam="Heel Of Niets", geboortedatum=date(1990, 1, 1), gemeente="velsen",
                   werkcoach="wc@ijw.example", nu=at("2026-11-23T09:00"), actor="test")
    with session(rt.engine) as s:
        t = repo.get_traject(s, referentie=ref)
        assert t.status == "brede_intake_gepland" and t.intake_moment is not None
        assert {d.soort for d in repo.open_deadlines(s, traject=t)} >= {"inspanningsperiode"}


def test_re_registration_with_other_data(rt) -> None:  # type: ignore[no-untyped-def]
    from domain.traject import Status

    nu = at("2026-11-23T09:00")
    ref = registreer(rt, bsn="999900183", naam="Eerste Naam", geboortedatum=date(1980, 1, 1), gemeente="heemskerk",
                     werkcoach="wc@ijw.example", nu=nu, actor="test")
    with session(rt.engine) as s:
        repo.transitie(s, traject=repo.get_traject(s, referentie=ref), naar=Status.afgesloten,
                       nu=nu, actor="test", omschrijving="")
        s.commit()
    voor = tellingen(rt)
    with pytest.raises(GegevensWijkenAf, match="andere naam en geboortedatum") as exc:
        meld_aan(rt, bsn="999900183", naam="Nieuwe Naam", geboortedatum=date(2002, 2, 2), gemeente="heemskerk",
                 werkcoach="wc@ijw.example", nu=nu, actor="test")
    assert "Eerste" not in str(exc.value) and "1980" not in str(exc.value)
    assert tellingen(rt) == voor
    ref2 = meld_aan(rt, bsn="999900183", naam="Nieuwe Naam", geboortedatum=date(2002, 2, 2), gemeente="heemskerk",
                    werkcoach="wc@ijw.example", nu=nu, actor="test", gegevens_bijwerken=True)
    with session(rt.engine) as s:
        d = s.exec(select(Deelnemer).where(Deelnemer.bsn == "999900183")).one()
        assert (d.naam, d.geboortedatum) == ("Nieuwe Naam", date(2002, 2, 2))
        t2 = repo.get_traject(s, referentie=ref2)
        audit = [e for e in repo.tijdlijn(s, traject=t2) if e.soort == "gegevens-bijgewerkt"]
        assert [e.omschrijving for e in audit] == ["Gegevens deelnemer bijgewerkt bij heraanmelding: naam, geboortedatum."]
        # the wachttermijn follows the new birth date: 24 years old -> zoektermijn (Pw 41 lid 4)
        assert "zoektermijn" in {x.soort for x in repo.open_deadlines(s, traject=t2)}
    # same data again later: no question asked, nothing updated
    with session(rt.engine) as s:
        repo.transitie(s, traject=repo.get_traject(s, referentie=ref2), naar=Status.afgesloten, nu=nu,
                       actor="test", omschrijving="")
        s.commit()
    ref3 = meld_aan(rt, bsn="999900183", naam="Nieuwe  Naam", geboortedatum=date(2002, 2, 2), gemeente="heemskerk",
                    werkcoach="wc@ijw.example", nu=nu, actor="test")
    with session(rt.engine) as s:
        t3 = repo.get_traject(s, referentie=ref3)
        assert not [e for e in repo.tijdlijn(s, traject=t3) if e.soort == "gegevens-bijgewerkt"]
