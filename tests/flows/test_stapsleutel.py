"""Every step run carries an idempotency key that the step records in its own transaction (issue 21): two
identical commands at the same moment make one actie with one set of reminders; a second run with a key that
committed does nothing and reports the first run's outcome."""

from __future__ import annotations

import threading
from datetime import date
from typing import Any

import pytest
from sqlmodel import select

from casestore.db import session
from casestore.models import Actie, Deadline, Doel, StapUitvoering, Taak, Traject
from domain.stap import HERHAALD
from tests.conftest import at
from tests.flows.test_fasen import gestart_traject


def _tellen(rt: Any, ref: str) -> tuple[int, int, int]:
    with session(rt.engine) as s:
        t = s.exec(select(Traject).where(Traject.referentie == ref)).one()
        acties = s.exec(select(Actie).where(Actie.traject_id == t.id)).all()
        taken = s.exec(select(Taak).where(Taak.id.in_([a.taak_id for a in acties]))).all()  # type: ignore[union-attr]
        deadlines = s.exec(select(Deadline).where(Deadline.id.in_([k.deadline_id for k in taken]))).all()  # type: ignore[union-attr]
        return len(acties), len(taken), len(deadlines)


def _gelijktijdig(*doen: Any) -> list[Any]:
    """Run each callable in its own thread (its own session), started together; their results or errors."""
    start = threading.Barrier(len(doen))
    uit: list[Any] = [None] * len(doen)

    def draai(i: int, f: Any) -> None:
        start.wait()
        try:
            uit[i] = f()
        except Exception as exc:  # noqa: BLE001 - the test looks at it
            uit[i] = exc

    threads = [threading.Thread(target=draai, args=(i, f)) for i, f in enumerate(doen)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    return uit


@pytest.mark.postgresql  # also on PostgreSQL (tests/conftest.py)
def test_two_identical_actie_commands_at_once_make_one_actie_with_one_set_of_reminders(prefect, rt, sim) -> None:  # type: ignore[no-untyped-def]
    from flows.trajectplan import trajectplan_actie, trajectplan_doel
    from tasks.stapsleutel import deur_sleutel

    ref = gestart_traject(rt, sim, "999900419")
    doel: Any = trajectplan_doel(referentie=ref, omschrijving="Werkritme opbouwen", nu=at("2026-12-09T10:00"))

    def actie() -> dict[str, Any]:
        with deur_sleutel("werkpad-cli:test-gelijktijdig"):  # what the door gives both: same step, input, minute
            uit: Any = trajectplan_actie(referentie=ref, doel_id=doel["doel_id"], omschrijving="Werkplek zoeken",
                                         eigenaar="werkcoach", uiterlijk=date(2027, 1, 15), nu=at("2026-12-09T10:05"))
            return uit  # type: ignore[no-any-return]

    een, twee = _gelijktijdig(actie, actie)
    assert isinstance(een, dict) and isinstance(twee, dict), (een, twee)
    assert _tellen(rt, ref) == (1, 1, 1)
    eerst, herhaling = (een, twee) if not een.get("herhaald") else (twee, een)
    assert herhaling["herhaald"] is True and herhaling["actie_id"] == eerst["actie_id"]
    assert herhaling["tekst"] == eerst["tekst"] + HERHAALD and not herhaling["geweigerd"]
    with session(rt.engine) as s:
        rij = s.exec(select(StapUitvoering).where(StapUitvoering.sleutel == "werkpad-cli:test-gelijktijdig")).one()
        assert rij.stap == "trajectplan-actie" and rij.uitkomst is not None and rij.uitkomst["actie_id"] == eerst["actie_id"]


def test_two_identical_doel_commands_at_once_make_one_doel(prefect, rt, sim) -> None:  # type: ignore[no-untyped-def]
    from flows.trajectplan import trajectplan_doel
    from tasks.stapsleutel import deur_sleutel

    ref = gestart_traject(rt, sim, "999900420")

    def doel() -> dict[str, Any]:
        with deur_sleutel("werkpad-cli:test-doel"):
            uit: Any = trajectplan_doel(referentie=ref, omschrijving="Werkritme opbouwen", nu=at("2026-12-09T10:00"))
            return uit  # type: ignore[no-any-return]

    uit = _gelijktijdig(doel, doel)
    assert all(isinstance(u, dict) for u in uit), uit
    assert sorted(bool(u.get("herhaald")) for u in uit) == [False, True]
    with session(rt.engine) as s:
        t = s.exec(select(Traject).where(Traject.referentie == ref)).one()
        assert len(s.exec(select(Doel).where(Doel.traject_id == t.id)).all()) == 1


def test_a_refused_run_claims_nothing_and_a_run_without_a_door_key_has_its_own(prefect, rt, sim) -> None:  # type: ignore[no-untyped-def]
    from flows.trajectplan import trajectplan_actie, trajectplan_doel
    from tasks.stapsleutel import deur_sleutel

    ref = gestart_traject(rt, sim, "999900432")
    with deur_sleutel("werkpad-cli:test-geweigerd"):
        res: Any = trajectplan_actie(referentie=ref, doel_id=999, omschrijving="Werkplek zoeken", eigenaar="werkcoach",
                                     uiterlijk=date(2027, 1, 15), nu=at("2026-12-09T10:05"))
    assert res["geweigerd"] is True
    with session(rt.engine) as s:
        assert s.exec(select(StapUitvoering).where(StapUitvoering.sleutel == "werkpad-cli:test-geweigerd")).first() is None
    # called without a door (a form run, a test): the flow run's own id is its key, so the same input twice is two
    a: Any = trajectplan_doel(referentie=ref, omschrijving="Werkritme opbouwen", nu=at("2026-12-09T10:00"))
    b: Any = trajectplan_doel(referentie=ref, omschrijving="Werkritme opbouwen", nu=at("2026-12-09T10:00"))
    assert a["doel_id"] != b["doel_id"] and not b.get("herhaald")


def test_a_door_key_belongs_to_its_run_not_to_the_step_runs_inside_it(prefect, rt, sim) -> None:  # type: ignore[no-untyped-def]
    """uitkering-controle started by a door (in-process, with its key) runs an uitkeringsbesluit per traject:
    each is a run of its own. With the door's key shared, the first traject's claim made the others "repeats"
    that changed nothing while the check reported them decided (the chaos test found it)."""
    from flows.traject import uitkering_controle
    from tasks.stapsleutel import deur_sleutel
    from tests.conftest import wachtend_traject

    refs = [wachtend_traject(rt, bsn) for bsn in ("999900456", "999900468")]
    for ref in refs:
        sim.drive(f"/_sim/uitkeringen/{ref}", {"status": "toegekend"})
    with deur_sleutel("werkpad-cli:uitkering-controle-test"):
        res: Any = uitkering_controle(nu=at("2026-11-26T09:05"))
    assert sorted(t["referentie"] for t in res["trajecten"] if t["uitkomst"] == "toegekend") == sorted(refs)
    with session(rt.engine) as s:
        statussen = {t.referentie: t.status for t in s.exec(select(Traject).where(Traject.referentie.in_(refs)))}
    assert statussen == {ref: "traject" for ref in refs}
