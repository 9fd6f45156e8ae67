"""Issue 20 items 20, 27 and 28 through the steps' flows (the Prefect form path, as tests/flows do): the nazorg
after an uitstroom into work goes on until the werkcoach ends it and whoever loses a task is told; verlengen of a
tijdelijk oponthoud refuses an earlier date; the uitkeringsbesluit form refuses a traject that does not wait."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlmodel import col, select

from casestore import repo
from casestore.db import session
from casestore.models import Deadline, Outbox, Taak
from domain.fasen import NAZORG_TAAK, Fase, Uitstroom
from domain.tijdelijk_oponthoud import HERBEOORDELING
from notifications.mailcatcher import read_folder
from tests.conftest import at, wachtend_traject, weigert
from tests.flows.test_fasen import gestart_traject

JC, WC = "jc@ijw.example", "wc.velsen@ijw.example"


def nazorg(rt: Any, ref: str) -> list[tuple[str, str]]:
    with session(rt.engine) as s:
        t = repo.get_traject(s, referentie=ref)
        return [(k.titel.split(":")[0], k.status) for k in s.exec(
            select(Taak).where(Taak.traject_id == t.id, Taak.code == NAZORG_TAAK).order_by(col(Taak.id))).all()]


def vervallen_mails(mailbox: Any, aan: str, ref: str) -> list[str]:
    return [m.get_body(("plain",)).get_content() for m in read_folder(mailbox.folder)  # type: ignore[union-attr]
            if m["To"] == aan and m["Subject"].startswith(f"{ref}: ") and "vervallen" in m["Subject"]]


def test_nazorg_goes_on_after_werkaanvaarding_until_the_werkcoach_ends_it(prefect, rt, sim, mailbox) -> None:  # type: ignore[no-untyped-def]
    from flows.fasen import traject_fase, traject_nazorg_beeindigen, traject_uitstroom

    ref = gestart_traject(rt, sim, "999900523")
    traject_fase(referentie=ref, fase=Fase.werk_houden, reden="Contract getekend", jobcoach=JC, nu=at("2026-12-09T10:00"))
    res: Any = traject_uitstroom(referentie=ref, uitkomst=Uitstroom.werkaanvaarding, reden="Vast contract",
                            nu=at("2026-12-10T10:00"))
    assert res["afgesloten"] is True and res["nazorg_loopt_door"] is True
    assert "de nazorg van de jobcoach loopt door" in res["tekst"]
    assert nazorg(rt, ref) == [("Nazorg na 2 weken", "open"), ("Nazorg na 6 weken", "open"),
                               ("Nazorg na 3 maanden", "open"), ("Nazorg na 6 maanden", "open")]
    with session(rt.engine) as s:
        t = repo.get_traject(s, referentie=ref)
        assert t.status == "afgesloten"
        assert {p.proces: p.status for p in repo.processen(s, traject=t) if p.gesloten_op is None} == {"nazorg": "loopt"}
        # the herbeoordeling of the plan van aanpak (the werkcoach's own) lapsed: the werkcoach closed, no mail
        assert all(k.status != "open" for k in s.exec(select(Taak).where(Taak.traject_id == t.id,
                                                                           Taak.code != NAZORG_TAAK)).all())
        assert s.exec(select(Deadline).where(Deadline.traject_id == t.id, Deadline.status == "open")).all()
    assert vervallen_mails(mailbox, JC, ref) == [] and vervallen_mails(mailbox, WC, ref) == []

    # the jobcoach records the first contact on the closed traject; the reminders of the rest go on
    from flows.taken import taak_afronden

    with session(rt.engine) as s:
        eerste = s.exec(select(Taak).where(Taak.code == NAZORG_TAAK, Taak.status == "open").order_by(col(Taak.id))).first()
        assert eerste is not None
    afgerond: Any = taak_afronden(taak_id=eerste.id, door=JC, nu=at("2026-12-23T10:00"))
    assert afgerond["geweigerd"] is False

    # the werkcoach ends it: the three open contactmomenten lapse and the jobcoach hears which
    res = traject_nazorg_beeindigen(referentie=ref, reden="Deelnemer werkt zelfstandig, werkgever tevreden",
                                    nu=at("2027-01-25T10:00"))
    assert res["geweigerd"] is False and res["vervallen"] == 3, res
    assert [st for _, st in nazorg(rt, ref)] == ["afgerond", "vervallen", "vervallen", "vervallen"]
    [tekst] = vervallen_mails(mailbox, JC, ref)
    assert "Nazorg beëindigd door de werkcoach: Deelnemer werkt zelfstandig, werkgever tevreden." in tekst
    assert "Nazorg na 3 maanden: contact met deelnemer en werkgever (uiterlijk" in tekst
    assert "Nazorg na 2 weken" not in tekst and "Test Persoon" not in tekst and "999900523" not in tekst
    weigert(traject_nazorg_beeindigen(referentie=ref, reden="Nog eens", nu=at("2027-01-26T10:00")),
            "er loopt geen nazorg van een jobcoach")


def test_a_close_that_cancels_tasks_tells_their_owners(prefect, rt, sim, mailbox) -> None:  # type: ignore[no-untyped-def]
    from flows.fasen import traject_fase, traject_uitstroom

    ref = gestart_traject(rt, sim, "999900535")
    traject_fase(referentie=ref, fase=Fase.werk_houden, reden="Contract getekend", jobcoach=JC, nu=at("2026-12-09T10:00"))
    # not an uitstroom into work, and closed by the teamleider: the nazorg lapses, the jobcoach and the werkcoach hear it
    traject_uitstroom(referentie=ref, uitkomst=Uitstroom.voortijdig_afgebroken, reden="Deelnemer verhuisd",
                      door="teamleider.velsen@ijmondwerkt.example", nu=at("2026-12-10T10:00"))
    assert {st for _, st in nazorg(rt, ref)} == {"vervallen"}
    [jc] = vervallen_mails(mailbox, JC, ref)
    assert "Uitstroom: Voortijdig afgebroken." in jc and jc.count("Nazorg na ") == 4
    [wc] = vervallen_mails(mailbox, WC, ref)
    assert "Plan van aanpak herbeoordelen" in wc and "Nazorg" not in wc
    with session(rt.engine) as s:
        assert all(o.status == "sent" for o in s.exec(select(Outbox).where(Outbox.soort == "email")).all())


def test_verlengen_to_an_earlier_date_is_refused(prefect, rt, sim) -> None:  # type: ignore[no-untyped-def]
    from flows.tijdelijk_oponthoud import tijdelijk_oponthoud_starten, tijdelijk_oponthoud_verlengen

    ref = wachtend_traject(rt, "999900547")
    tijdelijk_oponthoud_starten(referentie=ref, reden="Deelnemer tijdelijk niet beschikbaar", tot=date(2027, 2, 1),
                                nu=at("2026-12-08T10:00"))

    def timer() -> date:
        with session(rt.engine) as s:
            t = repo.get_traject(s, referentie=ref)
            [d] = s.exec(select(Deadline).where(Deadline.traject_id == t.id, Deadline.code == HERBEOORDELING,
                                                Deadline.status == "open")).all()
            return d.due

    res: Any
    for eerder in (date(2027, 1, 15), date(2027, 2, 1)):
        res = tijdelijk_oponthoud_verlengen(referentie=ref, tot=eerder, reden="Toch eerder kijken",
                                            nu=at("2026-12-09T10:00"))
        weigert(res, "verlengen kan alleen naar een latere herbeoordelingsdatum dan 2027-02-01")
        assert "verlengd" not in res["tekst"] and timer() == date(2027, 2, 1)
    res = tijdelijk_oponthoud_verlengen(referentie=ref, tot=date(2027, 3, 1), reden="Nog niet beschikbaar",
                                        nu=at("2026-12-09T10:00"))
    assert res["geweigerd"] is False and "verlengd tot herbeoordeling op 2027-03-01" in res["tekst"]
    assert timer() == date(2027, 3, 1)


def test_the_uitkeringsbesluit_form_refuses_a_traject_that_does_not_wait(prefect, rt, sim) -> None:  # type: ignore[no-untyped-def]
    """Item 28: already refused since issue 19 (tasks/uitkering.py, alleen_wachtend); proven here on the form's
    flow, for a running traject (either decision) and for a closed one."""
    from flows.fasen import traject_uitstroom
    from flows.traject import uitkeringsbesluit

    ref = gestart_traject(rt, sim, "999900559")
    for besluit in ("afgewezen", "toegekend"):
        weigert(uitkeringsbesluit(referentie=ref, besluit=besluit, nu=at("2026-12-09T10:00")),
                "wacht niet op een uitkeringsbesluit (status: Re-integratietraject")
    with session(rt.engine) as s:
        assert repo.get_traject(s, referentie=ref).status == "traject"
    traject_uitstroom(referentie=ref, uitkomst=Uitstroom.einde_uitkering, reden="Uitkering beëindigd",
                      nu=at("2026-12-10T10:00"))
    weigert(uitkeringsbesluit(referentie=ref, besluit="afgewezen", nu=at("2026-12-11T10:00")),
            "wacht niet op een uitkeringsbesluit (status: Afgesloten")
