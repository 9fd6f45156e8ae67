"""Issue 20 item 21: a reminder sent late (the stack was down) says the real distance to the due date, not the
label of the step it was planned as. Real SMTP catcher, plain steps; the .eml files are read back."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from sqlmodel import select

from casestore import repo
from casestore.db import session
from casestore.models import AuditEvent
from notifications.mailcatcher import read_folder
from tasks.aanmelding import registreer
from tasks.dispatch import dispatch
from tasks.sweep import sweep
from tests.conftest import at

WC = "wc.velsen@ijw.example"


def traject_met_taak(rt, bsn: str) -> str:  # type: ignore[no-untyped-def]
    """A traject with one taak due Tuesday 1 December 2026 ("nog 5 werkdagen" is planned for 24 November)."""
    nu = at("2026-11-23T09:00")
    ref = registreer(rt, bsn=bsn, naam="Laat Herinnerd", geboortedatum=date(1980, 1, 1), gemeente="velsen",
                     werkcoach=WC, nu=nu, actor="test")
    with session(rt.engine) as s:
        t = repo.get_traject(s, referentie=ref)
        repo.add_taak(s, traject=t, titel="Cv nakijken", eigenaar_email=WC, escalatie_email="tl@ijw.example",
                      due=date(2026, 12, 1), nu=nu, kalender=rt.kalender)
        s.commit()
    return ref


def herinneringen(tmp_path: Path, ref: str) -> list[str]:
    return [m["Subject"] for m in read_folder(tmp_path / "mail") if m["To"] == WC and ref in m["Subject"]
            and m["Subject"].startswith("Herinnering")]


def test_a_sweep_after_downtime_says_two_werkdagen_not_five(rt, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    ref = traject_met_taak(rt, "999900420")
    sweep(rt, nu=at("2026-11-27T07:05"))  # the stack was down from Tuesday to Friday morning
    dispatch(rt, nu=at("2026-11-27T07:06"))
    [onderwerp] = herinneringen(tmp_path, ref)
    assert onderwerp == f"Herinnering {ref} (nog 2 werkdagen): Cv nakijken"
    [m] = [m for m in read_folder(tmp_path / "mail") if m["Subject"] == onderwerp]
    assert "Uiterlijk: dinsdag 1 december 2026 (nog 2 werkdagen)." in m.get_body(("plain",)).get_content()  # type: ignore[union-attr]
    with session(rt.engine) as s:
        [a] = s.exec(select(AuditEvent).where(AuditEvent.soort == "herinnering")).all()
        assert "(nog 2 werkdagen)" in a.omschrijving
    # the steps go on as planned: Monday "nog 1 werkdag", Tuesday "vandaag"
    for moment in ("2026-11-30T07:05", "2026-12-01T07:05"):
        sweep(rt, nu=at(moment))
        dispatch(rt, nu=at(moment))
    assert sorted(herinneringen(tmp_path, ref)) == sorted(
        f"Herinnering {ref} ({label}): Cv nakijken" for label in ("nog 2 werkdagen", "nog 1 werkdag", "vandaag"))


def test_a_mail_that_leaves_later_than_its_sweep_says_the_distance_of_that_day(rt, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    ref = traject_met_taak(rt, "999900432")
    sweep(rt, nu=at("2026-11-26T07:05"))  # Thursday: "nog 3 werkdagen" queued, then the mail server was down
    dispatch(rt, nu=at("2026-11-27T09:00"))  # sent on Friday
    assert herinneringen(tmp_path, ref) == [f"Herinnering {ref} (nog 2 werkdagen): Cv nakijken"]
