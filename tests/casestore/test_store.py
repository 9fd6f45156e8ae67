"""Case store on SQLite and PostgreSQL: registration, uniqueness, sweep at-most-once, re-arm."""

from __future__ import annotations

from datetime import date

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlmodel import SQLModel, select

from casestore import outbox, repo
from casestore.db import session
from casestore.models import AuditEvent, Deadline, Outbox, Traject
from casestore.sweep import verwerk_herinneringen
from domain.herinneringen import WACHTTERMIJN
from domain.kalender import Kalender, KbBesluit
from tests.conftest import at

K = Kalender()


def register(engine, bsn="999900006", nu=None):  # type: ignore[no-untyped-def]
    with session(engine) as s:
        t = repo.registreer_aanmelding(s, bsn=bsn, naam="Test Persoon", geboortedatum=date(1990, 1, 1),
                                       gemeente="velsen", werkcoach_email="wc@ijw.example",
                                       nu=nu or at("2026-11-23T09:00"), actor="test")
        s.commit()
        return t


def test_migrations_match_models(engine) -> None:  # type: ignore[no-untyped-def]
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), SQLModel.metadata)
    assert diff == []


def test_reference_sequence_and_second_open_traject_refused(engine) -> None:  # type: ignore[no-untyped-def]
    t1 = register(engine)
    assert t1.referentie == "IJW-2026-000001"
    with pytest.raises(repo.DuplicateTraject, match="al een open traject \\(IJW-2026-000001\\)"):
        register(engine)
    t2 = register(engine, bsn="999900018")
    assert t2.referentie == "IJW-2026-000002"
    with session(engine) as s:
        assert len(s.exec(select(Traject)).all()) == 2  # the refused one left nothing behind


def test_database_itself_refuses_second_open_traject(engine) -> None:  # type: ignore[no-untyped-def]
    t1 = register(engine)
    from sqlalchemy.exc import IntegrityError

    with session(engine) as s, pytest.raises(IntegrityError):
        s.add(Traject(referentie="IJW-2026-999999", deelnemer_id=t1.deelnemer_id, open_bsn=t1.open_bsn,
                      gemeente="velsen", status="aangemeld", werkcoach_email="x@y.example",
                      aangemeld_op=date(2026, 11, 23), aangemaakt_op=at("2026-11-23T09:00"),
                      gewijzigd_op=at("2026-11-23T09:00")))
        s.commit()


def add_deadline(engine, due: date, nu, beleid="standaard", soort="taak", kalender=K):  # type: ignore[no-untyped-def]
    with session(engine) as s:
        t = s.exec(select(Traject)).first()
        d = repo.add_deadline(s, traject=t, soort=soort, omschrijving="Iets doen", due=due, grondslag="test",
                              eigenaar_email="wc@ijw.example", escalatie_email="tl@ijw.example", nu=nu,
                              kalender=kalender, beleid=beleid)
        s.commit()
        return d.id


def sweep(engine, nu, kalender=K):  # type: ignore[no-untyped-def]
    with session(engine) as s:
        r = verwerk_herinneringen(s, nu=nu, kalender=kalender)
        s.commit()
        return r


def keys(engine) -> list[str]:  # type: ignore[no-untyped-def]
    with session(engine) as s:
        return sorted(s.exec(select(Outbox.idem_key).where(Outbox.idem_key.startswith("herinnering"))).all())


def test_sweep_sends_each_step_once_and_escalates(engine) -> None:  # type: ignore[no-untyped-def]
    register(engine)
    did = add_deadline(engine, date(2026, 12, 1), at("2026-11-23T09:00"))
    assert sweep(engine, at("2026-11-23T12:00")).herinneringen == 0  # nothing due yet
    assert sweep(engine, at("2026-11-24T07:01")).herinneringen == 1  # t-5
    assert sweep(engine, at("2026-11-24T07:16")).herinneringen == 0  # same moment again: nothing
    sweep(engine, at("2026-11-30T07:01"))
    sweep(engine, at("2026-12-01T07:01"))
    r = sweep(engine, at("2026-12-02T07:01"))
    assert r.escalaties == 1
    assert sweep(engine, at("2026-12-09T07:01")).bekeken == 0  # all steps done: not even looked at
    assert [k.rsplit(":", 1)[1] for k in keys(engine)] == ["escalatie", "t-1", "t-5", "t0"]
    with session(engine) as s:
        esc = s.exec(select(Outbox).where(Outbox.idem_key.endswith(":escalatie"))).one()
        assert esc.payload["aan"] == "tl@ijw.example" and esc.payload["deadline_id"] == did
        assert len(s.exec(select(AuditEvent).where(AuditEvent.soort == "herinnering")).all()) == 4


def test_rerun_of_a_rolled_back_sweep_queues_once(engine) -> None:  # type: ignore[no-untyped-def]
    register(engine)
    add_deadline(engine, date(2026, 12, 1), at("2026-11-23T09:00"))
    with session(engine) as s:  # a sweep that dies before commit
        verwerk_herinneringen(s, nu=at("2026-11-24T07:01"), kalender=K)
        s.rollback()
    assert keys(engine) == []
    sweep(engine, at("2026-11-24T07:05"))
    sweep(engine, at("2026-11-24T07:20"))
    assert len(keys(engine)) == 1


def test_moving_a_deadline_rearms_reminders(engine) -> None:  # type: ignore[no-untyped-def]
    register(engine)
    did = add_deadline(engine, date(2026, 12, 1), at("2026-11-23T09:00"))
    sweep(engine, at("2026-11-30T07:01"))  # t-1 (t-5 skipped as stale)
    with session(engine) as s:
        repo.verplaats_deadline(s, deadline_id=did, due=date(2026, 12, 15), nu=at("2026-11-30T10:00"),
                                actor="wc", reden="Deelnemer ziek", kalender=K)
        s.commit()
    sweep(engine, at("2026-12-08T07:01"))  # t-5 for the new date
    sweep(engine, at("2026-12-14T07:01"))  # t-1 for the new date
    ks = keys(engine)
    assert any(":2026-12-01:t-1" in k for k in ks)
    assert any(":2026-12-15:t-5" in k for k in ks) and any(":2026-12-15:t-1" in k for k in ks)
    assert len(ks) == 3


def test_closed_deadline_gets_no_reminders(engine) -> None:  # type: ignore[no-untyped-def]
    t = register(engine)
    with session(engine) as s:
        tr = s.get(Traject, t.id)
        taak = repo.add_taak(s, traject=tr, titel="Bellen", eigenaar_email="wc@ijw.example",
                             escalatie_email="tl@ijw.example", due=date(2026, 12, 1), nu=at("2026-11-23T09:00"),
                             kalender=K)
        s.commit()
        repo.rond_taak_af(s, taak_id=taak.id, nu=at("2026-11-24T09:00"), actor="wc")
        s.commit()
        assert s.get(Deadline, taak.deadline_id).next_reminder_at is None
    assert sweep(engine, at("2026-12-02T07:01")).bekeken == 0


def test_outbox_claim_is_exclusive(engine) -> None:  # type: ignore[no-untyped-def]
    t = register(engine)
    with session(engine) as s:
        tr = s.get(Traject, t.id)
        repo.add_outbox(s, idem_key="k1", soort="email", traject=tr, nu=at("2026-11-23T09:00"), payload={})
        repo.add_outbox(s, idem_key="k1", soort="email", traject=tr, nu=at("2026-11-23T09:00"), payload={})
        s.commit()
        oid = s.exec(select(Outbox.id).where(Outbox.idem_key == "k1")).one()
    nu = at("2026-11-23T09:01")
    with session(engine) as a, session(engine) as b:
        assert outbox.claim(a, outbox_id=oid, nu=nu) is not None
        assert outbox.claim(b, outbox_id=oid, nu=nu) is None  # busy
        assert outbox.claim(b, outbox_id=oid, nu=at("2026-11-23T09:30")) is not None  # lease expired
        outbox.markeer_verstuurd(b, outbox_id=oid, nu=nu, extern_kenmerk="<x@y>")
        assert outbox.claim(a, outbox_id=oid, nu=at("2026-11-24T09:30")) is None  # sent stays sent


def test_aanmelding_date_is_the_dutch_calendar_date(engine) -> None:  # type: ignore[no-untyped-def]
    t = register(engine, nu=at("2026-11-24T00:30"))  # still 23 Nov in UTC
    assert t.aangemeld_op == date(2026, 11, 24)


def test_reference_year_is_the_dutch_year(engine) -> None:  # type: ignore[no-untyped-def]
    t = register(engine, nu=at("2027-01-01T00:30"))  # 31 December 2026, 23:30 in UTC
    assert t.referentie == "IJW-2027-000001" and t.aangemeld_op == date(2027, 1, 1)


def test_waiting_term_reminds_nobody_and_the_sweep_ends_it(engine) -> None:  # type: ignore[no-untyped-def]
    register(engine)
    did = add_deadline(engine, date(2026, 12, 19), at("2026-11-23T09:00"), beleid=WACHTTERMIJN,
                       soort="zoektermijn")  # ends on a Saturday
    for dag in range(24, 31):  # every morning up to the end: nothing is due, nobody is told
        assert sweep(engine, at(f"2026-11-{dag}T07:05")).bekeken == 0
    from casestore.reports import eigenaars_met_open_werk, werkvoorraad

    with session(engine) as s:  # no work for anyone: not in the werkvoorraad
        assert werkvoorraad(s) == {} and eigenaars_met_open_werk(s) == []
    r = sweep(engine, at("2026-12-19T00:15"))
    assert (r.verstreken, r.herinneringen, r.escalaties) == (1, 0, 0)
    assert sweep(engine, at("2026-12-21T07:05")).bekeken == 0  # no escalation the werkdag after
    assert keys(engine) == []
    with session(engine) as s:
        d = s.get(Deadline, did)
        assert d.status == "verstreken" and d.next_reminder_at is None
        ev = s.exec(select(AuditEvent).where(AuditEvent.soort == "termijn-verstreken")).one()
        assert ev.omschrijving.startswith("Zoektermijn verstreken op 2026-12-19")


def test_sweep_plans_by_the_calendar_it_is_given(engine) -> None:  # type: ignore[no-untyped-def]
    register(engine)
    extra = Kalender().met([KbBesluit("Besluit gelijkstelling (test)", (date(2026, 11, 30),))])
    add_deadline(engine, date(2026, 12, 1), at("2026-11-23T09:00"), beleid="kort", kalender=extra)
    # t-1 would be Mon 30 Nov; that day is a KB day in this calendar, so it is Fri 27 Nov.
    assert sweep(engine, at("2026-11-27T07:05"), kalender=extra).herinneringen == 1
    assert sweep(engine, at("2026-11-30T07:05"), kalender=extra).herinneringen == 0


def test_the_sqlite_store_and_its_folder_are_owner_only(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """BSN, name and birth date live in this file: not -rw-r--r-- in a drwxr-xr-x folder."""
    import os
    import stat

    from casestore.db import make_engine, upgrade

    def mode(p):  # type: ignore[no-untyped-def]
        return stat.S_IMODE(p.stat().st_mode)

    oud = os.umask(0o022)  # the usual umask, under which the store was created world-readable
    try:
        data = tmp_path / "nieuw" / "data"
        db = data / "werkpad.db"
        engine = make_engine(f"sqlite:///{db}")
        upgrade(engine)
        register(engine)  # a write: the -wal and -shm files exist now
        assert mode(data) == mode(data.parent) == 0o700
        for f in (db, data / "werkpad.db-wal", data / "werkpad.db-shm"):
            assert f.exists() and mode(f) == 0o600, (f, oct(mode(f)))
        engine.dispose()
        # a store made by an earlier version is tightened when opened
        os.chmod(db, 0o644)
        make_engine(f"sqlite:///{db}").dispose()
        assert mode(db) == 0o600
    finally:
        os.umask(oud)


def test_the_cli_creates_the_data_folder_owner_only(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import stat

    from typer.testing import CliRunner

    from tasks import runtime
    from werkpad.cli import app

    data = tmp_path / "werkpad-data"
    for k in [k for k in __import__("os").environ if k.startswith("WERKPAD_")]:
        monkeypatch.delenv(k)
    monkeypatch.setenv("WERKPAD_DATA_DIR", str(data))
    runtime.configure(None)
    r = CliRunner().invoke(app, ["db-upgrade"])
    assert r.exit_code == 0, r.output
    assert stat.S_IMODE(data.stat().st_mode) == 0o700
    assert stat.S_IMODE((data / "werkpad.db").stat().st_mode) == 0o600
