"""Issue 20 item 17: the zoektermijn's mails and its computed end agree. Pw art. 41 lid 4: the aanvraag "pas ...
vier weken na die melding"; the term's end date is the first day the aanvraag may be made, so werkpad ends it when
that date begins and the mails say "loopt tot X; de laatste dag is X-1", never "tot en met X" (a day too long).
Real SMTP catcher, plain steps, the .eml files read back."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlmodel import select

from casestore import repo
from casestore.db import session
from casestore.models import Deadline
from domain.errors import TransitionRefused
from notifications.mailcatcher import read_folder
from tasks.aanmelding import plan_intake, registreer
from tasks.dispatch import dispatch
from tasks.sweep import sweep
from tasks.wachttermijn import verstrijk
from tests.conftest import at

WC = "wc.velsen@ijw.example"


def plain(m) -> str:  # type: ignore[no-untyped-def]
    return " ".join(m.get_body(("plain",)).get_content().split())


def html(m) -> str:  # type: ignore[no-untyped-def]
    return " ".join(m.get_body(("html",)).get_content().split())


def test_the_zoektermijn_is_mailed_as_it_is_ended(rt, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    melding = at("2026-11-23T09:00")  # Monday: four weeks later is Monday 21 December 2026
    ref = registreer(rt, bsn="999900444", naam="Jonge Deelnemer", geboortedatum=date(2004, 5, 1), gemeente="velsen",
                     werkcoach=WC, nu=melding, actor="test")
    plan_intake(rt, referentie=ref, nu=melding)
    dispatch(rt, nu=melding)
    [uitnodiging] = [m for m in read_folder(tmp_path / "mail") if m["To"] == WC and m["Subject"].startswith("Uitnodiging")]
    for tekst in (plain(uitnodiging), html(uitnodiging)):
        assert "tot en met" not in tekst
        assert "loopt tot maandag 21 december 2026" in tekst.replace("<strong>", "").replace("</strong>", "")
        assert "de laatste dag is zondag 20 december 2026 (Participatiewet art. 41 lid 4" in tekst
        assert "Vanaf maandag 21 december 2026 kan de deelnemer de uitkering aanvragen" in tekst

    # werkpad ends it exactly then: not on the last day, at the start of the end date
    with session(rt.engine) as s:
        d = s.exec(select(Deadline).where(Deadline.soort == "zoektermijn")).one()
        assert d.due == date(2026, 12, 21)
    with pytest.raises(TransitionRefused, match="loopt nog tot 2026-12-21"):
        verstrijk(rt, referentie=ref, nu=at("2026-12-20T23:59"))
    assert sweep(rt, nu=at("2026-12-20T23:55"))["verstreken"] == 0
    assert sweep(rt, nu=at("2026-12-21T00:05"))["verstreken"] == 1

    # the woken step tells the werkcoach the last day and the first day of the aanvraag
    assert verstrijk(rt, referentie=ref, nu=at("2026-12-21T00:10"))["gewijzigd"] is True
    with session(rt.engine) as s:
        t = repo.get_traject(s, referentie=ref)
        [wt] = [p for p in repo.processen(s, traject=t) if p.proces == "wachttermijn"]
        assert wt.status == "verstreken"
    dispatch(rt, nu=at("2026-12-21T00:11"))
    [klaar] = [m for m in read_folder(tmp_path / "mail") if m["To"] == WC and "verstreken" in m["Subject"]]
    for tekst in (plain(klaar), html(klaar)):
        assert "de laatste dag was zondag 20 december 2026" in tekst and "tot en met" not in tekst
        assert "aanvragen bij de gemeente Velsen vanaf maandag 21 december 2026" in tekst


def test_the_inspanningsperiode_says_its_last_day_too(rt, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    melding = at("2026-11-23T09:00")  # 27 or older: three weeks, end Monday 14 December 2026
    ref = registreer(rt, bsn="999900456", naam="Oudere Deelnemer", geboortedatum=date(1980, 1, 1), gemeente="velsen",
                     werkcoach=WC, nu=melding, actor="test")
    plan_intake(rt, referentie=ref, nu=melding)
    dispatch(rt, nu=melding)
    [uitnodiging] = [m for m in read_folder(tmp_path / "mail") if m["To"] == WC and m["Subject"].startswith("Uitnodiging")]
    tekst = plain(uitnodiging)
    assert "Inspanningsperiode loopt tot maandag 14 december 2026: de laatste dag is zondag 13 december 2026" in tekst
    assert "tot en met" not in tekst and "uitkering aanvragen" not in tekst
