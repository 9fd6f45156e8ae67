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
