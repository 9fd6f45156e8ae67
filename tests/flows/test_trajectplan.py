"""The trajectplan under the Prefect harness, time skipped by moving the injected clock: an open
action is a task for its owner, reminded on its werkdagen and escalated once the werkdag after its
due date; recording it stops that. A referral's follow-up is the werkcoach's task on its date,
re-armed or closed by the follow-up. Uitstroom lets the plan lapse. No personal data leaves."""

from __future__ import annotations

from datetime import date

import pytest
from sqlmodel import select

from casestore.db import session
from casestore.models import Actie, AuditEvent, Deadline, Doel, Taak, Traject
from domain.fasen import Uitstroom
from domain.trajectplan import ACTIE_TAAK, VERWIJZING_TAAK, Opvolging, Voorziening
from notifications.mailcatcher import read_folder
from tests.conftest import at, weigert
from tests.flows.test_fasen import gestart_traject

TEAMLEIDER = "teamleider.velsen@ijmondwerkt.example"
JOBCOACH = "jobcoach@ijw.example"


def _sweep_dagen(rt, mailbox, van: date, tot: date, woord: str) -> dict[str, list[tuple[str, str]]]:  # type: ignore[no-untyped-def]
    """Day by day (two sweeps a day, like production): the mails that left whose subject has `woord`."""
    from tasks.dispatch import dispatch
    from tasks.sweep import sweep

    gezien, per_dag = len(read_folder(mailbox.folder)), {}
    dag = van
    while dag <= tot:
        sweep(rt, nu=at(f"{dag.isoformat()}T07:05"))
        sweep(rt, nu=at(f"{dag.isoformat()}T07:20"))
        dispatch(rt, nu=at(f"{dag.isoformat()}T07:25"))
        alle = read_folder(mailbox.folder)
        nieuw = [(m["To"], m["Subject"]) for m in alle[gezien:] if woord in m["Subject"]]
        if nieuw:
            per_dag[dag.isoformat()] = nieuw
        gezien = len(alle)
        dag = date.fromordinal(dag.toordinal() + 1)
    return per_dag


def _tekst(mailbox, to: str, woord: str) -> str:  # type: ignore[no-untyped-def]
    m = next(m for m in read_folder(mailbox.folder) if m["To"] == to and woord in m["Subject"])
    return m.get_body(("plain",)).get_content()  # type: ignore[no-any-return,union-attr]


@pytest.mark.postgresql  # also on PostgreSQL (tests/conftest.py)
def test_an_action_is_reminded_on_its_werkdagen_escalated_once_and_done_stops_it(prefect, rt, sim, mailbox) -> None:  # type: ignore[no-untyped-def]
    from flows.trajectplan import trajectplan_actie, trajectplan_actie_gedaan, trajectplan_doel
    from tasks.sweep import plan_digests

    ref = gestart_traject(rt, sim, "999900407")  # Velsen, running since 2026-12-08
    doel = trajectplan_doel(referentie=ref, omschrijving="Werkritme opbouwen", nu=at("2026-12-09T10:00"))
    a1 = trajectplan_actie(referentie=ref, doel_id=doel["doel_id"], omschrijving="Werkplek zoeken bij leerbedrijf",
                           eigenaar=JOBCOACH, uiterlijk=date(2027, 1, 15), nu=at("2026-12-09T10:05"))
    a2 = trajectplan_actie(referentie=ref, doel_id=doel["doel_id"], omschrijving="Cv bijwerken met deelnemer",
                           eigenaar="werkcoach", uiterlijk=date(2027, 1, 22), nu=at("2026-12-09T10:10"))
    with session(rt.engine) as s:
        t = s.exec(select(Traject).where(Traject.referentie == ref)).one()
        coach = t.werkcoach_email
        taken = {tk.id: (tk.code, tk.eigenaar_email, s.get(Deadline, tk.deadline_id).due)  # type: ignore[union-attr]
                 for tk in s.exec(select(Taak).where(Taak.traject_id == t.id, Taak.code == ACTIE_TAAK))}
    assert taken == {a1["taak_id"]: (ACTIE_TAAK, JOBCOACH, date(2027, 1, 15)),
                     a2["taak_id"]: (ACTIE_TAAK, coach, date(2027, 1, 22))}  # 'werkcoach' is the traject's
    res = plan_digests(rt, nu=at("2026-12-10T07:30"))  # in the werkvoorraad of its owner
    assert any(r["medewerker"] == JOBCOACH and r["taak"] == a1["taak_id"] for r in res["taken"])

    per_dag = _sweep_dagen(rt, mailbox, date(2026, 12, 10), date(2027, 1, 18), "Werkplek zoeken")
    assert {d: [to for to, _ in m] for d, m in per_dag.items()} == {
        "2027-01-08": [JOBCOACH],  # nog 5 werkdagen
        "2027-01-14": [JOBCOACH],  # nog 1 werkdag
        "2027-01-15": [JOBCOACH],  # vandaag
        "2027-01-18": [TEAMLEIDER],  # the werkdag after: the teamleider, once
    }
    tekst = _tekst(mailbox, JOBCOACH, "Werkplek zoeken")
    assert f"werkpad trajectplan actie-gedaan {a1['actie_id']}" in tekst
    assert "trajectplan-actie-gedaan/actie-gedaan" in tekst and "werkpad taak-afronden" not in tekst
    # taak-afronden would close the task and leave the actie open: it refuses and names the step
    from domain.errors import TransitionRefused
    from tasks.taken import rond_af

    with pytest.raises(TransitionRefused, match=f"de stap 'trajectplan actie-gedaan' met actie_id {a1['actie_id']} "
                       r"\(in de Prefect UI: trajectplan-actie-gedaan/actie-gedaan\)"):
        rond_af(rt, taak_id=a1["taak_id"], nu=at("2027-01-18T12:00"), actor="werkcoach")

    # the second action: done after its first reminder, nothing after that
    cv = _sweep_dagen(rt, mailbox, date(2027, 1, 19), date(2027, 1, 19), "Cv bijwerken")
    assert [d for d in cv] == []
    res = trajectplan_actie_gedaan(referentie=ref, actie_id=a2["actie_id"], toelichting="Cv is klaar",
                                   nu=at("2027-01-19T10:00"))
    assert res["status"] == "gedaan"
    assert _sweep_dagen(rt, mailbox, date(2027, 1, 20), date(2027, 2, 2), "Cv bijwerken") == {}
    assert _sweep_dagen(rt, mailbox, date(2027, 1, 19), date(2027, 2, 2), "Werkplek zoeken") == {}  # escalated once
    with session(rt.engine) as s:
        actie = s.get(Actie, a2["actie_id"])
        taak = s.get(Taak, a2["taak_id"])
        assert actie is not None and taak is not None
        assert (actie.status, actie.toelichting, taak.status) == ("gedaan", "Cv is klaar", "afgerond")
        assert s.get(Deadline, taak.deadline_id).next_reminder_at is None  # type: ignore[union-attr]
        [e] = s.exec(select(AuditEvent).where(AuditEvent.gebeurtenis == "trajectplan.actie_gedaan")).all()
        assert e.data == {"actie_id": a2["actie_id"]} and e.proces == "trajectplan" and e.gemeente == "velsen"


def test_the_cv_action_reminds_its_owner_five_werkdagen_before(prefect, rt, sim, mailbox) -> None:  # type: ignore[no-untyped-def]
    """A due date on Friday 22 January: the first reminder on Friday 15 January, not before."""
    from flows.trajectplan import trajectplan_actie, trajectplan_actie_gedaan, trajectplan_doel

    ref = gestart_traject(rt, sim, "999900419")
    doel = trajectplan_doel(referentie=ref, omschrijving="Werkritme opbouwen", nu=at("2026-12-09T10:00"))
    a = trajectplan_actie(referentie=ref, doel_id=doel["doel_id"], omschrijving="Cv bijwerken met deelnemer",
                          eigenaar="werkcoach", uiterlijk=date(2027, 1, 22), nu=at("2026-12-09T10:10"))
    per_dag = _sweep_dagen(rt, mailbox, date(2027, 1, 4), date(2027, 1, 18), "Cv bijwerken")
    assert list(per_dag) == ["2027-01-15"]
    trajectplan_actie_gedaan(referentie=ref, actie_id=a["actie_id"], nu=at("2027-01-18T10:00"))
    assert _sweep_dagen(rt, mailbox, date(2027, 1, 19), date(2027, 1, 29), "Cv bijwerken") == {}


def test_a_referral_is_followed_up_on_its_date_re_armed_and_closed(prefect, rt, sim, mailbox) -> None:  # type: ignore[no-untyped-def]
    from flows.trajectplan import trajectplan_verwijzen, trajectplan_verwijzing_opvolgen

    ref = gestart_traject(rt, sim, "999900420")
    res = trajectplan_verwijzen(referentie=ref, voorziening=Voorziening.taal, instelling="Nova College",
                                opvolgen_op=date(2027, 1, 11), verwezen_op=date(2026, 12, 8), nu=at("2026-12-09T10:00"))
    with session(rt.engine) as s:
        t = s.exec(select(Traject).where(Traject.referentie == ref)).one()
        coach = t.werkcoach_email
        taak = s.get(Taak, res["taak_id"])
        assert taak is not None and (taak.code, taak.eigenaar_email) == (VERWIJZING_TAAK, coach)
        [e] = s.exec(select(AuditEvent).where(AuditEvent.gebeurtenis == "trajectplan.verwijzing")).all()
        assert e.data["voorziening"] == "taal" and e.data["verwezen_op"] == "2026-12-08"
    per_dag = _sweep_dagen(rt, mailbox, date(2026, 12, 10), date(2027, 1, 12), "Verwijzing taal")
    assert {d: [to for to, _ in m] for d, m in per_dag.items()} == {
        "2027-01-04": [coach], "2027-01-08": [coach], "2027-01-11": [coach], "2027-01-12": [TEAMLEIDER]}
    tekst = _tekst(mailbox, coach, "Verwijzing taal")
    assert f"werkpad trajectplan verwijzing-opvolgen {ref} {res['actie_id']}" in tekst

    opnieuw = trajectplan_verwijzing_opvolgen(referentie=ref, actie_id=res["actie_id"], uitkomst=Opvolging.gestart,
                                              nieuwe_datum=date(2027, 3, 1), nu=at("2027-01-13T10:00"))
    assert (opnieuw["status"], opnieuw["opvolgen_op"]) == ("open", "2027-03-01")
    with session(rt.engine) as s:
        taak = s.get(Taak, res["taak_id"])  # the same task, moved: its reminders start again from the new date
        assert taak is not None and taak.status == "open"
        assert s.get(Deadline, taak.deadline_id).due == date(2027, 3, 1)  # type: ignore[union-attr]
    per_dag = _sweep_dagen(rt, mailbox, date(2027, 1, 14), date(2027, 3, 1), "Verwijzing taal")
    assert list(per_dag) == ["2027-02-22", "2027-02-26", "2027-03-01"]
    dicht = trajectplan_verwijzing_opvolgen(referentie=ref, actie_id=res["actie_id"], uitkomst=Opvolging.afgerond,
                                            toelichting="Taalcursus met certificaat afgerond", nu=at("2027-03-01T10:00"))
    assert dicht["status"] == "gedaan"
    assert _sweep_dagen(rt, mailbox, date(2027, 3, 2), date(2027, 3, 5), "Verwijzing taal") == {}


def test_uitstroom_lets_the_plan_lapse_and_no_personal_data_leaves(prefect, rt, sim, mailbox) -> None:  # type: ignore[no-untyped-def]
    from flows.fasen import traject_uitstroom
    from flows.trajectplan import trajectplan_actie, trajectplan_doel, trajectplan_verwijzen
    from tests.flows.test_slice import assert_no_personal_data_in_prefect

    bsn = "999900432"
    ref = gestart_traject(rt, sim, bsn)
    doel = trajectplan_doel(referentie=ref, omschrijving="Schulden op orde", nu=at("2026-12-09T10:00"))
    trajectplan_actie(referentie=ref, doel_id=doel["doel_id"], omschrijving="Aanmelden bij schuldhulp",
                      eigenaar="werkcoach", uiterlijk=date(2026, 12, 18), nu=at("2026-12-09T10:05"))
    trajectplan_verwijzen(referentie=ref, voorziening=Voorziening.schuldhulp, instelling="Schuldhulp IJmond",
                          opvolgen_op=date(2027, 1, 11), doel_id=doel["doel_id"], nu=at("2026-12-09T10:10"))
    _sweep_dagen(rt, mailbox, date(2026, 12, 10), date(2026, 12, 21), "Trajectplan")  # reminders and escalation
    traject_uitstroom(referentie=ref, uitkomst=Uitstroom.werkaanvaarding, reden="Vaste baan gevonden",
                      nu=at("2026-12-22T10:00"))
    with session(rt.engine) as s:
        t = s.exec(select(Traject).where(Traject.referentie == ref)).one()
        assert [d.status for d in s.exec(select(Doel).where(Doel.traject_id == t.id))] == ["vervallen"]
        assert {a.status for a in s.exec(select(Actie).where(Actie.traject_id == t.id))} == {"vervallen"}
        assert {tk.status for tk in s.exec(select(Taak).where(Taak.traject_id == t.id,
                                                              Taak.code.in_([ACTIE_TAAK, VERWIJZING_TAAK])))} \
            == {"vervallen"}  # type: ignore[union-attr]
        assert s.exec(select(AuditEvent).where(AuditEvent.gebeurtenis == "trajectplan.vervallen")).one().data == \
            {"doelen": 1, "acties": 2}
    assert _sweep_dagen(rt, mailbox, date(2026, 12, 23), date(2027, 1, 13), "Verwijzing") == {}
    weigert(trajectplan_doel(referentie=ref, omschrijving="Nog een doel", nu=at("2026-12-23T10:00")), "afgesloten")

    mails = read_folder(mailbox.folder)
    assert any("Trajectplan" in m["Subject"] for m in mails)
    for m in mails:  # reminders, escalations: the reference, never the deelnemer
        raw = m.as_string()
        assert bsn not in raw and "Test Persoon" not in raw
    assert_no_personal_data_in_prefect([bsn, "Test Persoon"])


def test_the_commands_walk_the_plan(prefect, rt, sim, mailbox, deur, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The commands as a werkcoach types them (Prefect: the session's test server); the positional numbers
    (actie-gedaan ACTIE_ID, doel-behaald DOEL_ID, verwijzing-opvolgen REF ACTIE_ID) and --doel as before."""
    from typer.testing import CliRunner

    import werkpad.cli_trajectplan as cli
    from werkpad.cli import app

    monkeypatch.setattr(cli, "settings", lambda: rt.settings)
    ref = gestart_traject(rt, sim, "999900444")

    def werkpad(*args: str) -> str:
        r = CliRunner().invoke(app, ["trajectplan", *args])
        assert r.exit_code == 0, r.output
        return " ".join(r.output.split())  # rich wraps at the terminal width

    assert werkpad("doel", ref, "--omschrijving", "Taalniveau B1 halen", "--nu", "2026-12-09T10:00") == \
        f"{ref}: doel 1 vastgelegd"
    assert werkpad("actie", ref, "--doel", "1", "--omschrijving", "Intake bij het taalcentrum", "--eigenaar",
                   JOBCOACH, "--uiterlijk", "2027-01-15", "--nu", "2026-12-09T10:05").startswith(
        f"{ref}: actie 1 voor {JOBCOACH}, uiterlijk 2027-01-15 (taak ")
    assert werkpad("verwijzen", ref, "--voorziening", "taal", "--instelling", "Nova College", "--opvolgen-op",
                   "2027-02-01", "--doel", "1", "--nu", "2026-12-09T10:10").startswith(
        f"{ref}: verwijzing 2 vastgelegd; opvolgen op 2027-02-01")  # not the voorziening: it stays out of Prefect
    toon = werkpad("toon", ref, "--nu", "2027-01-18T10:00")
    assert "doel 1: Taalniveau B1 halen · open" in toon
    assert f"actie 1: Intake bij het taalcentrum · {JOBCOACH} · uiterlijk 2027-01-15 · open — TE LAAT" in toon
    assert "verwijzing 2: Taal (bijv. NT2 bij een college) bij Nova College (verwezen 2026-12-09) · opvolgen " \
           "2027-02-01" in toon
    assert werkpad("actie-gedaan", "1", "--nu", "2027-01-18T10:05") == f"{ref}: actie 1 gedaan"
    assert werkpad("verwijzing-opvolgen", ref, "2", "--uitkomst", "niet_gestart", "--nieuwe-datum", "2027-03-01",
                   "--nu", "2027-02-01T10:00") == f"{ref}: verwijzing 2 niet-gestart; opnieuw opvolgen op 2027-03-01"
    assert werkpad("doel-behaald", "1", "--nu", "2027-02-02T10:00") == \
        f"{ref}: doel 1 behaald; 1 open actie(s) vervallen"  # the referral lapses with its goal
    toon = werkpad("toon", ref, "--nu", "2027-02-02T10:05")
    assert "doel 1: Taalniveau B1 halen · behaald" in toon and "TE LAAT" not in toon
    with session(rt.engine) as s:
        t = s.exec(select(Traject).where(Traject.referentie == ref)).one()
        assert not [tk for tk in s.exec(select(Taak).where(Taak.traject_id == t.id, Taak.status == "open"))
                    if tk.code in (ACTIE_TAAK, VERWIJZING_TAAK)]
