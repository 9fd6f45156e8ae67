"""`werkpad aanmelden` when the gemeente fails after the registration committed (issue 21): the command gives
the reference, says what still waits in the outbox and exits 0; a retry of the same aanmelding answers with
that reference; another aanmelding for the same person is still refused. The real gemeente simulator fails."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from sqlmodel import select

from casestore.db import make_engine, session
from casestore.models import Outbox, Traject
from tasks import runtime
from tasks.dispatch import dispatch
from tests.cli.test_cli import AANMELD, invoke, with_opt
from tests.conftest import SECRET, SimServer, at, make_settings, settings_env

NU = ["--nu", "2026-11-23T09:00"]


@pytest.fixture()
def gemeente(tmp_path, prefect: None, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[SimServer, str]]:  # type: ignore[no-untyped-def]
    """A gemeente of this test's own (it may die), a migrated store, the session's Prefect test server."""
    import werkpad.cli_aanmelden as a

    sim = SimServer({"werkpad-test": SECRET}).start()
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    s = make_settings(db_url=url, sim_url=sim.url, data_dir=tmp_path)
    for k, v in settings_env(s).items():
        monkeypatch.setenv(k, v)
    runtime.upgrade_store(s.casestore)
    runtime.configure(None)
    monkeypatch.setattr(a, "require_prefect", lambda s: None)  # the flow runs here, on the test server
    yield sim, url
    runtime.configure(None)
    sim.stop()


def trajecten(url: str) -> list[str]:
    e = make_engine(url)
    with session(e) as s:
        refs = [t.referentie for t in s.exec(select(Traject)).all()]
    e.dispose()
    return refs


def test_lost_answers_after_the_check_still_give_the_reference_and_a_retry_answers_with_it(
        gemeente: tuple[SimServer, str]) -> None:
    sim, url = gemeente
    sim.drive("/_sim/fault", {"mode": "verloren", "na": 1})  # the check passes; every answer after it is lost
    r = invoke(*AANMELD, *NU)
    assert r.exit_code == 0, r.output
    ref = r.stdout.strip().splitlines()[0]
    assert ref == "IJW-2026-000001" and "999900006" not in r.output
    assert "niets half opgeslagen" not in r.output
    assert f"Let op: {ref} is aangemeld" in r.output and "503" in r.output
    assert "In de wachtrij: voor de gemeente: registreer_zaak, status Brede intake gepland" in r.output, r.output
    assert "2× e-mail uitnodiging_brede_intake" in r.output and "De outbox (deadline-sweep) verstuurt" in r.output

    r = invoke(*AANMELD, "--nu", "2026-11-23T09:05")  # the same aanmelding again: no refusal, the same traject
    assert r.exit_code == 0, r.output
    assert r.stdout.strip().splitlines()[0] == ref
    assert f"{ref} was al aangemeld" in r.output and "al een open traject" not in r.output
    assert trajecten(url) == [ref]

    # another aanmelding for the same person (another werkcoach) is still a second traject: refused
    r = invoke(*with_opt("--werkcoach", "ander@ijw.example"), *NU)
    assert r.exit_code == 1 and f"al een open traject ({ref})" in r.output, r.output

    sim.drive("/_sim/fault", {"mode": None})
    rt = runtime.get()
    dispatch(rt, nu=at("2026-11-23T10:00"))
    with session(rt.engine) as s:
        zgw = [o.status for o in s.exec(select(Outbox).where(Outbox.soort == "zgw")).all()]
    assert zgw == ["sent", "sent"]
    # the lost answers were stored at the gemeente: still one zaak for the traject
    assert [z["identificatie"] for z in sim.state.zaken.values()].count(ref) == 1


def test_a_gemeente_that_dies_after_the_check_leaves_a_registered_traject_and_its_queue(
        gemeente: tuple[SimServer, str], monkeypatch: pytest.MonkeyPatch) -> None:
    import werkpad.cli_aanmelden as a

    sim, url = gemeente
    controle = a.check_gemeente

    def en_dan_weg() -> None:  # the gemeente answers the check, then its process goes away
        controle()
        sim.stop()

    monkeypatch.setattr(a, "check_gemeente", en_dan_weg)
    r = invoke(*AANMELD, *NU)
    assert r.exit_code == 0, r.output
    ref = r.stdout.strip().splitlines()[0]
    assert "niet bereikbaar" in r.output and "voor de gemeente: registreer_zaak" in r.output, r.output
    assert trajecten(url) == [ref]
    r = invoke(*AANMELD, *NU)  # the retry needs no gemeente: it writes nothing
    assert r.exit_code == 0 and r.stdout.strip().splitlines()[0] == ref and "was al aangemeld" in r.output, r.output
    assert trajecten(url) == [ref]


def test_a_commit_whose_answer_is_lost_counts_as_registered(gemeente: tuple[SimServer, str],
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """The database connection drops after the commit reached the store (a fault no real part here can cause)."""
    from sqlalchemy.exc import OperationalError

    import tasks.aanmelding as ta

    sim, url = gemeente
    echt = ta.meld_aan

    def verloren(*args: Any, **kw: Any) -> str:
        echt(*args, **kw)
        raise OperationalError("COMMIT", {}, Exception("server closed the connection unexpectedly"))

    monkeypatch.setattr(ta, "meld_aan", verloren)
    r = invoke(*AANMELD, *NU)
    assert r.exit_code == 0 and "niets half opgeslagen" not in r.output, r.output
    assert trajecten(url) == [r.stdout.strip().splitlines()[0]]
