"""`werkpad traject …` outside the catalogue: case show names the fase; a good command still
needs the Prefect server and says so in one line, having written nothing."""

from __future__ import annotations

from typing import Any

from sqlmodel import select

from casestore.db import make_engine, session
from casestore.models import AuditEvent
from tasks import runtime
from tests.cli.test_cli import cli_env, invoke  # noqa: F401 (fixture)
from tests.conftest import at, wachtend_traject


def gestart(sim: Any, bsn: str) -> str:
    from tasks.uitkering import verwerk_uitkeringsbesluit

    rt = runtime.get()
    ref = wachtend_traject(rt, bsn)
    sim.drive(f"/_sim/uitkeringen/{ref}", {"status": "toegekend"})
    verwerk_uitkeringsbesluit(rt, referentie=ref, status="toegekend", nu=at("2026-12-08T09:00"))
    return ref


def test_case_show_names_the_fase_and_trede(cli_env: str, sim: Any) -> None:  # noqa: F811
    from domain.fasen import Fase
    from tasks.fasen import wijzig_fase

    ref = gestart(sim, "999900353")
    wijzig_fase(runtime.get(), referentie=ref, fase=Fase.werk_vinden, trede=5, reden="Klaar om te solliciteren",
                nu=at("2026-12-09T09:00"), actor="werkcoach")
    r = invoke("case", "show", ref)
    assert r.exit_code == 0 and "Fase: Werk vinden · trede 5" in r.output, r.output


def test_a_good_fase_command_needs_prefect_and_writes_nothing_without_it(cli_env: str, sim: Any) -> None:  # noqa: F811
    ref = gestart(sim, "999900365")
    e = make_engine(cli_env)
    with session(e) as s:
        voor = len(s.exec(select(AuditEvent)).all())
    r = invoke("traject", "fase", ref, "--fase", "werk-vinden", "--reden", "Klaar om te solliciteren")
    assert r.exit_code == 1 and "Prefect-server niet bereikbaar" in r.output, r.output
    with session(e) as s:
        assert len(s.exec(select(AuditEvent)).all()) == voor
    e.dispose()
