"""Real crashes: a process killed between commit and send, restarted, sends each email once."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from sqlmodel import select

from casestore.db import session
from casestore.faults import EXIT_CODE
from casestore.models import Outbox
from notifications.mailcatcher import read_folder
from tests.conftest import make_settings, settings_env

SCRIPT = textwrap.dedent("""
    import sys
    from datetime import date, datetime
    from domain.herinneringen import lokaal_naar_utc
    from tasks import runtime
    from tasks.aanmelding import plan_intake, registreer
    from tasks.dispatch import dispatch
    from tasks.sweep import sweep

    rt = runtime.get()
    step, nu = sys.argv[1], lokaal_naar_utc(datetime.fromisoformat(sys.argv[2]))
    if step == "aanmelden":
        ref = registreer(rt, bsn="999900080", naam="Crash Test", geboortedatum=date(1985, 5, 5),
                         gemeente="heemskerk", werkcoach="wc.hk@ijw.example", nu=nu, actor="test")
        plan_intake(rt, referentie=ref, nu=nu)   # commits the transition and its outbox rows
        dispatch(rt, nu=nu)                       # WERKPAD_FAULT kills us before the first send
    elif step == "sweep":
        sweep(rt, nu=nu)                          # WERKPAD_FAULT may kill us right after the commit
        dispatch(rt, nu=nu)
    elif step == "deadline-sweep":                # the deadline-sweep flow's two steps
        from tasks.dispatch import verstuur
        print(sweep(rt, nu=nu)["herinneringen"], verstuur(rt, nu=nu)["verstuurd"])
    else:
        dispatch(rt, nu=nu)
    # The plain step functions must not drag Prefect in (~2-3 s per process, 16 processes here).
    assert "prefect" not in sys.modules, "plain step functions imported Prefect"
""")


def run(tmp_path: Path, env: dict[str, str], *args: str, fault: str | None = None) -> int:
    e = {**{k: v for k, v in os.environ.items() if not k.startswith("WERKPAD_")}, **env}
    if fault:
        e["WERKPAD_FAULT"] = fault
    root = Path(__file__).resolve().parents[2]
    p = subprocess.run([sys.executable, "-c", SCRIPT, *args], env=e, cwd=root, capture_output=True, timeout=120)
    assert p.returncode in (0, EXIT_CODE), p.stderr.decode()[-2000:]
    return p.returncode


@pytest.fixture()
def env(db_url, sim, mailbox, tmp_path):  # type: ignore[no-untyped-def]
    # The store is migrated by the tests' `engine` fixture: runtime.get() in the script refuses an old schema.
    s = make_settings(db_url=db_url, sim_url=sim.url, data_dir=tmp_path, smtp_port=mailbox.port)
    return {**settings_env(s), "PREFECT_API_URL": "http://127.0.0.1:9/api"}  # Prefect is not needed: plain functions


@pytest.mark.postgresql  # also on PostgreSQL (tests/conftest.py)
def test_killed_between_commit_and_send_then_restarted(env, tmp_path, engine) -> None:  # type: ignore[no-untyped-def]
    assert run(tmp_path, env, "aanmelden", "2026-11-23T09:00", fault="voor-verzenden") == EXIT_CODE
    assert read_folder(tmp_path / "mail") == []  # died before anything went out
    with session(engine) as s:
        assert len(s.exec(select(Outbox).where(Outbox.soort == "email")).all()) == 2  # but the work is recorded
    # Restart after the lease (10 min) has run out: the claimed row is picked up again.
    assert run(tmp_path, env, "dispatch", "2026-11-23T09:15") == 0
    assert run(tmp_path, env, "dispatch", "2026-11-23T09:30") == 0
    got = read_folder(tmp_path / "mail")
    assert sorted(m["To"] for m in got) == ["serviceplein@heemskerk.example", "wc.hk@ijw.example"]


@pytest.mark.postgresql  # also on PostgreSQL (tests/conftest.py)
def test_sweep_killed_after_commit_and_between_sends(env, tmp_path, engine) -> None:  # type: ignore[no-untyped-def]
    assert run(tmp_path, env, "aanmelden", "2026-11-23T09:00") == 0
    before = len(read_folder(tmp_path / "mail"))
    # Brede intake in Heemskerk on Tue 1 Dec; on Mon 30 Nov t-1 reminders fall due for several tasks.
    assert run(tmp_path, env, "sweep", "2026-11-30T07:05", fault="sweep-na-commit") == EXIT_CODE
    assert len(read_folder(tmp_path / "mail")) == before
    # killed between sends, after the first sent marks were written (email marks go per MARKEER_NA messages)
    assert run(tmp_path, env, "sweep", "2026-11-30T07:20", fault="tussen-verzendingen:1") == EXIT_CODE
    assert len(read_folder(tmp_path / "mail")) > before
    assert run(tmp_path, env, "sweep", "2026-11-30T07:35") == 0
    assert run(tmp_path, env, "sweep", "2026-11-30T07:50") == 0
    got = read_folder(tmp_path / "mail")[before:]
    keys = [m["X-Werkpad-Key"] for m in got]
    assert len(keys) >= 2 and len(keys) == len(set(keys))  # every reminder exactly once
    with session(engine) as s:
        assert all(o.status == "sent" for o in s.exec(select(Outbox)).all())


def test_killed_after_a_send_before_its_mark_sends_that_group_again_with_the_same_message_id(env, tmp_path,  # type: ignore[no-untyped-def]
                                                                                           engine) -> None:
    """The one window left: sent, not yet marked. Email marks go per MARKEER_NA messages, so a crash there
    sends at most that many again after the lease, each with its Message-ID (the idempotency key)."""
    from tasks.dispatch import MARKEER_NA

    assert run(tmp_path, env, "aanmelden", "2026-11-23T09:00") == 0
    before = len(read_folder(tmp_path / "mail"))
    assert run(tmp_path, env, "sweep", "2026-11-30T07:20", fault="na-verzenden:2") == EXIT_CODE
    eerst = read_folder(tmp_path / "mail")[before:]
    assert len(eerst) == 2
    assert run(tmp_path, env, "sweep", "2026-11-30T07:25") == 0  # the lease holds: nothing again yet
    assert len(read_folder(tmp_path / "mail")) == before + 2
    assert run(tmp_path, env, "sweep", "2026-11-30T07:35") == 0  # after the lease: the unmarked go again
    got = read_folder(tmp_path / "mail")[before:]
    ids = [m["Message-ID"] for m in got]
    dubbel = sorted({i for i in ids if ids.count(i) > 1})
    assert dubbel == sorted(m["Message-ID"] for m in eerst) and len(dubbel) <= MARKEER_NA
    assert len(set(ids)) >= 3  # and the reminders not sent before the crash went once
    with session(engine) as s:
        assert all(o.status == "sent" for o in s.exec(select(Outbox)).all())


@pytest.mark.postgresql  # also on PostgreSQL (tests/conftest.py)
def test_a_zaak_row_leased_by_a_crashed_dispatch_does_not_fail_the_deadline_sweep(env, tmp_path, engine, sim) -> None:  # type: ignore[no-untyped-def]
    """Issue 21: a dispatch died after the gemeente registered the zaak, before its mark: the zaak's later rows
    wait for the leased row. The sweep in those ten minutes sends its reminders and succeeds (it failed with
    "Een eerdere melding aan de zaak wacht nog"); after the lease the zaak's rows go, the zaak once."""
    assert run(tmp_path, env, "aanmelden", "2026-11-23T09:00", fault="voor-verzenden") == EXIT_CODE
    assert run(tmp_path, env, "dispatch", "2026-11-30T07:00", fault="na-verzenden:1") == EXIT_CODE
    with session(engine) as s:
        zgw = s.exec(select(Outbox).where(Outbox.soort == "zgw").order_by(Outbox.id)).all()  # type: ignore[arg-type]
        assert [(o.payload["op"], o.status) for o in zgw] == [("registreer_zaak", "sending"), ("status", "sending")]
    ref = zgw[0].idem_key.split(":")[1]
    assert [z for z in sim.state.zaken.values() if z["identificatie"] == ref]  # the gemeente has it, we do not know
    voor = len(read_folder(tmp_path / "mail"))
    assert run(tmp_path, env, "deadline-sweep", "2026-11-30T07:05") == 0  # leased: held, not a failed sweep
    assert len(read_folder(tmp_path / "mail")) > voor  # the reminders went out
    with session(engine) as s:
        assert {o.status for o in s.exec(select(Outbox).where(Outbox.soort == "zgw"))} == {"sending"}
    assert run(tmp_path, env, "deadline-sweep", "2026-11-30T07:15") == 0  # the lease ran out: picked up
    with session(engine) as s:
        assert {o.status for o in s.exec(select(Outbox))} == {"sent"}
    assert len([z for z in sim.state.zaken.values() if z["identificatie"] == ref]) == 1
    keys = [m["X-Werkpad-Key"] for m in read_folder(tmp_path / "mail")]
    assert len(keys) == len(set(keys))
