"""Rules of the running traject under the Prefect harness, time skipped by moving the injected clock:
the werkcoach's periodic re-assessment of the plan van aanpak recurs at the gemeente's interval,
its reminder names the command that records it, and uitstroom lets it lapse."""

from __future__ import annotations

from datetime import date

from sqlmodel import col, select

from casestore.db import session
from casestore.models import AuditEvent, Deadline, Taak, Traject
from domain.fasen import HERBEOORDELING_PVA_GEBEURTENIS, HERBEOORDELING_PVA_TAAK, Uitstroom
from notifications.mailcatcher import read_folder
from tests.conftest import at
from tests.flows.test_fasen import gestart_traject


def _herbeoordelingen(rt, ref):  # type: ignore[no-untyped-def]
    with session(rt.engine) as s:
        t = s.exec(select(Traject).where(Traject.referentie == ref)).one()
        taken = s.exec(select(Taak).where(Taak.traject_id == t.id, Taak.code == HERBEOORDELING_PVA_TAAK)
                       .order_by(col(Taak.id))).all()
        return t.werkcoach_email, [(tk.status, s.get(Deadline, tk.deadline_id).due, tk.eigenaar_email)  # type: ignore[union-attr]
                                   for tk in taken]


def test_re_assessment_of_the_plan_van_aanpak_recurs(prefect, rt, sim, mailbox) -> None:  # type: ignore[no-untyped-def]
    from flows.fasen import traject_herbeoordeling, traject_uitstroom
    from tasks.dispatch import dispatch
    from tasks.sweep import sweep

    ref = gestart_traject(rt, sim, "999900341")  # Velsen, first fase on 2026-12-08: every 26 weeks
    coach, taken = _herbeoordelingen(rt, ref)
    assert taken == [("open", date(2027, 6, 8), coach)]

    res = traject_herbeoordeling(referentie=ref, toelichting="Doelen bijgesteld, stage erbij",
                                 nu=at("2027-06-01T10:00"))
    assert res["volgende"] == "2027-11-30"
    _, taken = _herbeoordelingen(rt, ref)
    assert taken == [("afgerond", date(2027, 6, 8), coach), ("open", date(2027, 11, 30), coach)]

    dag = date(2027, 11, 20)
    while dag <= date(2027, 12, 3):  # time skips: the second one comes due, nobody records it
        sweep(rt, nu=at(f"{dag.isoformat()}T07:05"))
        dispatch(rt, nu=at(f"{dag.isoformat()}T07:25"))
        dag = date.fromordinal(dag.toordinal() + 1)
    alle = read_folder(mailbox.folder)
    herinneringen = [m for m in alle if m["To"] == coach and "Plan van aanpak herbeoordelen" in m["Subject"]]
    assert herinneringen, [m["Subject"] for m in alle]
    tekst = herinneringen[0].get_body(("plain",)).get_content()  # type: ignore[union-attr]
    assert f"werkpad traject herbeoordeling {ref}" in tekst

    res = traject_herbeoordeling(referentie=ref, toelichting="Plan opnieuw vastgesteld", nu=at("2027-12-06T10:00"))
    assert res["volgende"] == "2028-06-06"  # 26 weeks is Tweede Pinksterdag 2028-06-05: next werkdag
    _, taken = _herbeoordelingen(rt, ref)
    assert [t[0] for t in taken] == ["afgerond", "afgerond", "open"]
    with session(rt.engine) as s:
        assert len(s.exec(select(AuditEvent).where(AuditEvent.gebeurtenis == HERBEOORDELING_PVA_GEBEURTENIS)).all()) == 2

    traject_uitstroom(referentie=ref, uitkomst=Uitstroom.werkaanvaarding, reden="Vaste baan gevonden",
                      nu=at("2028-01-10T10:00"))
    _, taken = _herbeoordelingen(rt, ref)
    assert taken[-1][0] == "vervallen"
    with session(rt.engine) as s:
        t = s.exec(select(Traject).where(Traject.referentie == ref)).one()
        assert not s.exec(select(Deadline).where(Deadline.traject_id == t.id, Deadline.status == "open")).all()


TEAMLEIDER = "teamleider.velsen@ijmondwerkt.example"


def _sweep_dagen(rt, mailbox, van: date, tot: date) -> dict[str, list[tuple[str, str]]]:  # type: ignore[no-untyped-def]
    """Time skips day by day (two sweeps a day, like production); per day the mails that left (to, subject)."""
    from tasks.dispatch import dispatch
    from tasks.sweep import sweep

    gezien, per_dag = len(read_folder(mailbox.folder)), {}
    dag = van
    while dag <= tot:
        sweep(rt, nu=at(f"{dag.isoformat()}T07:05"))
        sweep(rt, nu=at(f"{dag.isoformat()}T07:20"))
        dispatch(rt, nu=at(f"{dag.isoformat()}T07:25"))
        alle = read_folder(mailbox.folder)
        nieuw = [(m["To"], m["Subject"]) for m in alle[gezien:] if "Contact met de deelnemer" in m["Subject"]]
        if nieuw:
            per_dag[dag.isoformat()] = nieuw
        gezien = len(alle)
        dag = date.fromordinal(dag.toordinal() + 1)
    return per_dag


def test_contact_reminder_then_escalation_once_and_a_recorded_contact_re_arms(prefect, rt, sim, mailbox) -> None:  # type: ignore[no-untyped-def]
    from flows.fasen import traject_contact

    ref = gestart_traject(rt, sim, "999900353")  # Velsen, first fase on Tuesday 2026-12-08: contact every 4 weeks
    coach, _ = _herbeoordelingen(rt, ref)
    per_dag = _sweep_dagen(rt, mailbox, date(2026, 12, 9), date(2027, 1, 12))
    werkcoach = {d: [s for to, s in m if to == coach] for d, m in per_dag.items()}
    teamleider = {d: [s for to, s in m if to == TEAMLEIDER] for d, m in per_dag.items()}
    assert sum(len(v) for v in werkcoach.values()) == 3  # nog 5 werkdagen, nog 1 werkdag, vandaag: once each
    assert [s for s in werkcoach["2027-01-05"]] and "vandaag" in werkcoach["2027-01-05"][0]  # due 2027-01-05
    assert {d: v for d, v in teamleider.items() if v} == {"2027-01-06": teamleider["2027-01-06"]}
    assert len(teamleider["2027-01-06"]) == 1  # then the teamleider, once, the werkdag after
    tekst = next(m for m in read_folder(mailbox.folder) if m["To"] == coach and "vandaag" in m["Subject"]
                 and "Contact" in m["Subject"]).get_body(("plain",)).get_content()  # type: ignore[union-attr]
    assert f"werkpad traject contact {ref}" in tekst

    res = traject_contact(referentie=ref, op=date(2027, 1, 7), toelichting="Gesprek op kantoor",
                          nu=at("2027-01-08T10:00"))
    assert res["volgende"] == "2027-02-04"  # four weeks after the contact, not after recording it
    with session(rt.engine) as s:
        t = s.exec(select(Traject).where(Traject.referentie == ref)).one()
        [d] = s.exec(select(Deadline).where(Deadline.traject_id == t.id, Deadline.code == "traject.contact")).all()
        assert (d.status, d.due, d.eigenaar_email, d.escalatie_email) == ("open", date(2027, 2, 4), coach, TEAMLEIDER)
        [e] = s.exec(select(AuditEvent).where(AuditEvent.traject_id == t.id,
                                              AuditEvent.gebeurtenis == "traject.contact")).all()
        assert e.data["op"] == "2027-01-07" and e.actor == "werkcoach"
    per_dag = _sweep_dagen(rt, mailbox, date(2027, 1, 9), date(2027, 2, 9))
    assert [s for to, s in per_dag["2027-02-04"] if to == coach] and \
        [to for to, _ in per_dag["2027-02-05"]] == [TEAMLEIDER]
    assert sum(1 for m in per_dag.values() for to, _ in m if to == TEAMLEIDER) == 1


def test_contact_term_closes_at_uitstroom(prefect, rt, sim, mailbox) -> None:  # type: ignore[no-untyped-def]
    from flows.fasen import traject_uitstroom

    ref = gestart_traject(rt, sim, "999900365")
    traject_uitstroom(referentie=ref, uitkomst=Uitstroom.werkaanvaarding, reden="Vaste baan gevonden",
                      nu=at("2026-12-10T10:00"))
    with session(rt.engine) as s:
        [d] = s.exec(select(Deadline).where(Deadline.code == "traject.contact")).all()
        assert d.status == "vervallen"
    assert not _sweep_dagen(rt, mailbox, date(2026, 12, 28), date(2027, 1, 8))


def _stage(rt, ref):  # type: ignore[no-untyped-def]
    from casestore.models import Outbox
    from domain.fasen import STAGE_TAAK, STAGE_TIMER, STAGE_WEKT

    with session(rt.engine) as s:
        t = s.exec(select(Traject).where(Traject.referentie == ref)).one()
        timers = [(d.status, d.due) for d in s.exec(select(Deadline).where(Deadline.traject_id == t.id,
                                                                            Deadline.code == STAGE_TIMER))]
        taken = [tk.status for tk in s.exec(select(Taak).where(Taak.traject_id == t.id, Taak.code == STAGE_TAAK))]
        wekkers = [o.payload["deployment"] for o in s.exec(select(Outbox).where(Outbox.traject_id == t.id,
                                                                                 Outbox.soort == "flow"))
                   if o.payload["deployment"] == STAGE_WEKT]
        return timers, taken, wekkers


def test_werk_vinden_six_weeks_wakes_once_and_gives_one_stage_task(prefect, rt, sim, mailbox) -> None:  # type: ignore[no-untyped-def]
    import pytest

    from domain.errors import TransitionRefused
    from domain.fasen import STAGE_WEKT, Fase
    from flows.fasen import traject_fase, traject_stage_voorstellen
    from tasks.fasen import stel_stage_voor
    from tasks.sweep import sweep

    ref = gestart_traject(rt, sim, "999900377")
    traject_fase(referentie=ref, fase=Fase.werk_vinden, reden="Klaar om te solliciteren", nu=at("2027-01-04T10:00"))
    assert _stage(rt, ref) == ([("open", date(2027, 2, 15))], [], [])
    with pytest.raises(TransitionRefused, match="pas om op 2027-02-15"):  # by hand before its date
        stel_stage_voor(rt, referentie=ref, nu=at("2027-02-12T10:00"))
    dag = date(2027, 1, 5)
    while dag <= date(2027, 2, 20):  # time skips; the sweep wakes the case exactly once
        sweep(rt, nu=at(f"{dag.isoformat()}T07:05"))
        sweep(rt, nu=at(f"{dag.isoformat()}T07:20"))
        if _stage(rt, ref)[2] and dag < date(2027, 2, 15):
            raise AssertionError(f"woken early on {dag}")
        dag = date.fromordinal(dag.toordinal() + 1)
    assert _stage(rt, ref)[2] == [STAGE_WEKT]
    res = traject_stage_voorstellen(referentie=ref, nu=at("2027-02-15T07:30"))  # what the woken deployment runs
    assert res["gewijzigd"] is True
    assert traject_stage_voorstellen(referentie=ref, nu=at("2027-02-15T08:00"))["gewijzigd"] is False  # twice: once
    timers, taken, _ = _stage(rt, ref)
    assert timers == [("afgerond", date(2027, 2, 15))] and taken == ["open"]


def test_leaving_werk_vinden_earlier_cancels_the_timer(prefect, rt, sim, mailbox) -> None:  # type: ignore[no-untyped-def]
    from domain.fasen import Fase
    from flows.fasen import traject_fase, traject_stage_voorstellen
    from tasks.sweep import sweep

    ref = gestart_traject(rt, sim, "999900389")
    traject_fase(referentie=ref, fase=Fase.werk_vinden, reden="Klaar om te solliciteren", nu=at("2027-01-04T10:00"))
    traject_fase(referentie=ref, fase=Fase.ontwikkeling_werkervaring, reden="Eerst werkervaring opdoen",
                 nu=at("2027-01-20T10:00"))
    sweep(rt, nu=at("2027-02-16T07:05"))
    assert _stage(rt, ref) == ([("vervallen", date(2027, 2, 15))], [], [])
    assert traject_stage_voorstellen(referentie=ref, nu=at("2027-02-16T08:00"))["gewijzigd"] is False
    assert _stage(rt, ref)[1] == []
