"""Dates that are exact, through the task functions (no Prefect), on SQLite and PostgreSQL:
waiting terms never escalate and end by themselves, the beslistermijn counts from the
aanvraag, a toekenning during the zoektermijn is flagged, escalations say what went before."""

from __future__ import annotations

from datetime import date, timedelta
from email.message import EmailMessage
from pathlib import Path

from sqlmodel import select

from casestore import repo
from casestore.db import session
from casestore.models import AuditEvent, Deadline, Outbox, Traject
from domain.traject import Actie, Advies, BredeIntakeUitkomst, Eigenaar, Route
from notifications.mailcatcher import read_folder
from tasks.aanmelding import plan_intake, registreer
from tasks.brede_intake import leg_uitkomst_vast
from tasks.dispatch import dispatch
from tasks.sweep import sweep
from tasks.uitkering import verwerk_uitkeringsbesluit, vraag_uitkeringen
from tests.conftest import at

JONG, OUD = date(2001, 2, 3), date(1980, 1, 1)


def start(rt, bsn: str, geboortedatum: date, aanvraag_op: date | None = None) -> str:  # type: ignore[no-untyped-def]
    ref = registreer(rt, bsn=bsn, naam="Test Persoon", geboortedatum=geboortedatum, gemeente="velsen",
                     werkcoach="wc@ijw.example", nu=at("2026-11-23T09:00"), actor="test")
    plan_intake(rt, referentie=ref, nu=at("2026-11-23T09:00"))
    dispatch(rt, nu=at("2026-11-23T09:00"))  # the zaak at the gemeente, the invitations
    leg_uitkomst_vast(rt, referentie=ref, nu=at("2026-11-25T11:00"), actor="wc", uitkomst=BredeIntakeUitkomst(
        advies=Advies.positief, route=Route.traject, aanvraag_ontvangen_op=aanvraag_op, plan_van_aanpak=[
            Actie(omschrijving="Trajectplan opstellen", eigenaar=Eigenaar.werkcoach, deadline=date(2027, 6, 1))]))
    return ref


def deadline(rt, ref: str, soort: str) -> Deadline:  # type: ignore[no-untyped-def]
    with session(rt.engine) as s:
        t = repo.get_traject(s, referentie=ref)
        return s.exec(select(Deadline).where(Deadline.traject_id == t.id, Deadline.soort == soort)).one()


def mails(tmp_path: Path) -> list[EmailMessage]:
    return read_folder(tmp_path / "mail")


def text(m: EmailMessage) -> str:
    return m.get_body(("plain",)).get_content()  # type: ignore[union-attr]


def test_zoektermijn_never_escalates_ends_itself_and_toekenning_in_it_is_flagged(rt, sim, tmp_path) -> None:  # type: ignore[no-untyped-def]
    ref = start(rt, "999900067", JONG)
    zoek = deadline(rt, ref, "zoektermijn")
    assert zoek.beleid == "wachttermijn" and zoek.due == date(2026, 12, 21)

    sim.drive(f"/_sim/uitkeringen/{ref}", {"status": "toegekend"})
    besluiten = vraag_uitkeringen(rt, nu=at("2026-11-26T09:05"))
    assert besluiten == [{"referentie": ref, "uitkomst": "toegekend"}]
    verwerk_uitkeringsbesluit(rt, referentie=ref, status="toegekend", nu=at("2026-11-26T09:05"))
    dispatch(rt, nu=at("2026-11-26T09:05"))
    flag = [m for m in mails(tmp_path) if "tijdens de zoektermijn" in m["Subject"]]
    assert [m["To"] for m in flag] == ["wc@ijw.example"]
    assert ref in text(flag[0]) and "21 december 2026" in text(flag[0])
    assert "999900067" not in flag[0].as_string() and "Test Persoon" not in flag[0].as_string()

    d = date(2026, 11, 26)
    while d <= date(2027, 1, 8):  # six weeks of sweeps on a moved clock, around the end date
        for uur in ("00:05", "07:05", "12:05"):
            sweep(rt, nu=at(f"{d.isoformat()}T{uur}"))
        d += timedelta(days=1)
    with session(rt.engine) as s:
        assert s.get(Deadline, zoek.id).status == "verstreken"
        rows = s.exec(select(Outbox).where(Outbox.idem_key.startswith("herinnering:"))).all()
        assert [r for r in rows if r.payload["deadline_id"] == zoek.id] == []  # nobody reminded, nobody escalated
        # (the running traject's own contact term, traject.contact, may escalate: nobody recorded contact)
        assert [r for r in rows if r.payload["template"] == "escalatie"
                and s.get(Deadline, r.payload["deadline_id"]).code != "traject.contact"] == []  # type: ignore[union-attr]
        t = repo.get_traject(s, referentie=ref)
        regels = [e.omschrijving for e in repo.tijdlijn(s, traject=t)]
        assert any(r.startswith("Zoektermijn verstreken op 2026-12-21") for r in regels)
        assert any(r.startswith("Uitkering toegekend tijdens de zoektermijn") for r in regels)


def test_beslistermijn_counts_from_the_aanvraag_and_is_rearmed_when_the_gemeente_reports_it(rt, sim) -> None:  # type: ignore[no-untyped-def]
    ref = start(rt, "999900079", JONG)
    d = deadline(rt, ref, "uitkeringsbesluit")
    # Not yet known: from the earliest possible aanvraag, the end of the zoektermijn (21 Dec),
    # not from the aanmelding (that gave 18 January 2027).
    assert d.due == date(2027, 2, 15)
    sim.drive(f"/_sim/uitkeringen/{ref}", {"aanvraagdatum": "2026-12-22"})
    in_behandeling = [{"referentie": ref, "uitkomst": "in_behandeling"}]
    assert vraag_uitkeringen(rt, nu=at("2026-12-22T09:05")) == in_behandeling
    assert vraag_uitkeringen(rt, nu=at("2026-12-22T10:05")) == in_behandeling  # same answer: nothing changes twice
    d = deadline(rt, ref, "uitkeringsbesluit")
    assert d.due == date(2027, 2, 16) and d.status == "open" and d.stap_index == 0  # re-armed: t-5 still to come
    with session(rt.engine) as s:
        t = repo.get_traject(s, referentie=ref)
        assert t.aanvraag_op == date(2026, 12, 22)
        ev = s.exec(select(AuditEvent).where(AuditEvent.traject_id == t.id, AuditEvent.soort == "aanvraag")).all()
        assert len(ev) == 1 and "2026-12-22" in ev[0].omschrijving
        assert s.exec(select(AuditEvent).where(AuditEvent.traject_id == t.id,
                                               AuditEvent.soort == "deadline-verplaatst")).one()


def test_entered_aanvraag_date_counts(rt, sim) -> None:  # type: ignore[no-untyped-def]
    ref = start(rt, "999900080", OUD, aanvraag_op=date(2026, 11, 10))  # applied before the aanmelding at IJW
    assert deadline(rt, ref, "uitkeringsbesluit").due == date(2027, 1, 5)  # 8 weeks after 10 November


def test_aanvraag_date_long_before_the_aanmelding_is_refused(rt, sim) -> None:  # type: ignore[no-untyped-def]
    """Issue 20 (26): an aanvraag more than eight weeks (Awb 4:13) before the aanmelding of 23 November made
    the beslistermijn overdue on the day it was created; refused, nothing written. Eight weeks is accepted."""
    import pytest

    from domain.invoer import OngeldigeInvoer

    with pytest.raises(OngeldigeInvoer, match="2026-09-27 ligt vóór 2026-09-28.*aanmelding op 2026-11-23"):
        start(rt, "999900080", OUD, aanvraag_op=date(2026, 9, 27))
    with session(rt.engine) as s:
        [t] = s.exec(select(Traject)).all()
        assert (t.status, t.aanvraag_op) == ("brede_intake_gepland", None)
        assert s.exec(select(Deadline).where(Deadline.soort == "uitkeringsbesluit")).all() == []
    ref = start(rt, "999900092", OUD, aanvraag_op=date(2026, 9, 28))
    assert deadline(rt, ref, "uitkeringsbesluit").due == date(2026, 11, 23)  # 8 weeks after 28 September


def test_inspanningsperiode_is_no_work_either(rt, sim) -> None:  # type: ignore[no-untyped-def]
    ref = start(rt, "999900092", OUD)
    d = deadline(rt, ref, "inspanningsperiode")
    assert d.beleid == "wachttermijn" and d.due == date(2026, 12, 14)
    sweep(rt, nu=at("2026-12-15T07:05"))
    assert deadline(rt, ref, "inspanningsperiode").status == "verstreken"
    with session(rt.engine) as s:
        assert s.exec(select(Outbox).where(Outbox.idem_key.startswith(f"herinnering:{ref}:{d.id}:"))).all() == []


def test_escalation_says_truthfully_which_reminders_were_sent(rt, sim, tmp_path) -> None:  # type: ignore[no-untyped-def]
    ref = start(rt, "999900109", OUD)
    with session(rt.engine) as s:
        t = repo.get_traject(s, referentie=ref)
        # Set on the due day itself: only "vandaag" is left, and the sweep is down that day.
        repo.add_taak(s, traject=t, titel="Laat gemeld", eigenaar_email="wc@ijw.example",
                      escalatie_email="tl@ijw.example", due=date(2026, 12, 4), nu=at("2026-12-04T10:00"),
                      kalender=rt.kalender)
        # Set in good time: all reminders go.
        repo.add_taak(s, traject=t, titel="Op tijd gemeld", eigenaar_email="wc@ijw.example",
                      escalatie_email="tl@ijw.example", due=date(2026, 12, 4), nu=at("2026-11-25T15:00"),
                      kalender=rt.kalender)
        s.commit()
    for moment in ("2026-11-27T07:05", "2026-12-03T07:05"):
        sweep(rt, nu=at(moment))
        dispatch(rt, nu=at(moment))
    sweep(rt, nu=at("2026-12-07T07:05"))  # sweep down on Friday: "vandaag" is superseded by the escalation
    dispatch(rt, nu=at("2026-12-07T07:05"))
    esc = {m["Subject"].strip(): text(m) for m in mails(tmp_path) if m["Subject"].strip().startswith("Verlopen")}
    assert len(esc) == 2
    laat_txt = next(v for k, v in esc.items() if "Laat gemeld" in k)
    op_tijd_txt = next(v for k, v in esc.items() if "Op tijd gemeld" in k)
    assert "Er zijn geen herinneringen verstuurd." in laat_txt and "kreeg" not in laat_txt and "ontvangen" not in laat_txt
    assert "De eigenaar kreeg 2 herinneringen" in op_tijd_txt
    assert "nog 5 werkdagen, verstuurd vrijdag 27 november 2026 om 07:05" in op_tijd_txt
    assert "nog 1 werkdag, verstuurd donderdag 3 december 2026 om 07:05" in op_tijd_txt


def test_a_refused_uitkering_closes_the_case_and_tells_the_werkcoach_once(rt, sim, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """The case used to close silently; now the werkcoach gets one mail, by reference only."""
    ref = start(rt, "999900079", OUD)
    sim.drive(f"/_sim/uitkeringen/{ref}", {"status": "afgewezen"})
    for _ in range(2):  # a second run (a retry, a double click) changes nothing and mails nobody again
        verwerk_uitkeringsbesluit(rt, referentie=ref, status="afgewezen", nu=at("2026-12-01T10:00"))
        dispatch(rt, nu=at("2026-12-01T10:00"))
    with session(rt.engine) as s:
        assert repo.get_traject(s, referentie=ref).status == "afgesloten"
        rows = s.exec(select(Outbox).where(Outbox.idem_key == f"uitkering-afgewezen:{ref}")).all()
        assert [r.status for r in rows] == ["sent"]
    afgewezen = [m for m in mails(tmp_path) if "uitkering afgewezen" in m["Subject"]]
    assert [(m["To"], m["Subject"]) for m in afgewezen] == [("wc@ijw.example",
                                                            f"{ref}: uitkering afgewezen, traject afgesloten")]
    body = text(afgewezen[0])
    assert ref in body and "999900079" not in body and "Test Persoon" not in body and "1980" not in body
