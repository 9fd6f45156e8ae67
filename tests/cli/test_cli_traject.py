"""`werkpad traject …` outside the catalogue: case show names the fase; a good command still
needs the Prefect server and says so in one line, having written nothing; with it (in process, the session's
test server) the step refuses what the case does not allow, in one line, and a good step prints its summary."""

from __future__ import annotations

from typing import Any

import pytest
from sqlmodel import select

from casestore.db import make_engine, session
from casestore.models import AuditEvent
from tasks import runtime
from tests.cli.test_cli import cli_env, invoke  # noqa: F401 (fixture)
from tests.conftest import at, wachtend_traject


@pytest.fixture()
def stappen(cli_env: str, prefect: None, monkeypatch: pytest.MonkeyPatch) -> str:  # noqa: F811
    """The step doors run their flow in this process, on the CLI's store and the session's Prefect test server."""
    import werkpad.deur as d

    monkeypatch.setattr(d, "require_prefect", lambda s: None)
    return cli_env


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


def test_taak_afronden_refuses_a_task_its_process_records(stappen: str, sim: Any) -> None:
    """The command takes the same step as the form: a trajectplan action and the plan's re-assessment
    are recorded by their own commands, so the task stays open and the mail's command still works."""
    from datetime import date

    from casestore import repo
    from casestore.models import Taak
    from domain.fasen import HERBEOORDELING_PVA_TAAK
    from tasks.trajectplan import plan_actie, stel_doel_vast

    ref = gestart(sim, "999900377")
    rt = runtime.get()
    doel = stel_doel_vast(rt, referentie=ref, omschrijving="Werkritme opbouwen", nu=at("2026-12-09T09:00"),
                          actor="werkcoach")
    actie = plan_actie(rt, referentie=ref, doel_id=doel["doel_id"], omschrijving="Cv opstellen", eigenaar="werkcoach",
                       uiterlijk=date(2027, 1, 15), nu=at("2026-12-09T09:05"), actor="werkcoach")
    r = invoke("taak-afronden", str(actie["taak_id"]))
    assert r.exit_code == 1 and r.output.strip().splitlines() == [
        f"Fout: Taak {actie['taak_id']} rondt u af in het proces zelf: de stap 'trajectplan actie-gedaan' met "
        f"actie_id {actie['actie_id']} (in de Prefect UI: trajectplan-actie-gedaan/actie-gedaan)."], r.output
    with session(rt.engine) as s:
        t = repo.get_traject(s, referentie=ref)
        herbeoordeling = next(k for k in repo.open_taken(s, traject=t) if k.code == HERBEOORDELING_PVA_TAAK)
        assert s.get(Taak, actie["taak_id"]).status == "open"  # type: ignore[union-attr]
    r = invoke("taak-afronden", str(herbeoordeling.id))
    assert r.exit_code == 1 and "de stap 'traject herbeoordeling'" in r.output, r.output


def _events(url: str) -> int:
    e = make_engine(url)
    with session(e) as s:
        n = len(s.exec(select(AuditEvent)).all())
    e.dispose()
    return n


def test_the_traject_rests_during_tijdelijk_oponthoud_and_other_doors(stappen: str, sim: Any) -> None:
    """Found by a hostile trial: a fase change and a verlengde intake during a tijdelijk oponthoud, a
    jobcoach outside Werk houden, contact dated before the aanmelding, a verlengde intake before the
    uitkeringsbesluit, a BSN written in groups or a bidi override in free text, a BSN as address.
    A generated step door (verlengde-intake start) refuses inside its run: the flow in this process."""
    from datetime import date

    env = stappen

    from tasks.tijdelijk_oponthoud import start as oponthoud

    ref = gestart(sim, "999900389")
    wacht = wachtend_traject(runtime.get(), "999900390")
    gevallen = [
        (["traject", "fase", ref, "--fase", "werk-vinden", "--reden", "Klaar", "--jobcoach", "jc@ijw.example"],
         "Een jobcoach hoort bij de fase 'Werk houden'"),
        (["traject", "fase", ref, "--fase", "werk-houden", "--reden", "Aan het werk", "--jobcoach",
          "999937005@ijw.example"], "reeks van negen cijfers"),
        (["traject", "contact", ref, "--op", "2026-11-01"], "ligt vóór de aanmelding (2026-11-23)"),
        (["traject", "fase", ref, "--fase", "werk-vinden", "--reden", "BSN 999 937 005 van klant"],
         "--reden: bevat negen cijfers op een rij"),
        (["traject", "fase", ref, "--fase", "werk-vinden", "--reden", "Contract \u202egetekend"],
         "--reden: bevat tekens die hier niet zijn toegestaan"),
        (["verlengde-intake", "start", wacht], "start pas na het uitkeringsbesluit"),
    ]
    for args, msg in gevallen:
        voor = _events(env)
        r = invoke(*args)
        regels = r.output.strip().splitlines()
        assert r.exit_code == 1 and len(regels) == 1 and msg in regels[0], (args, r.output)
        assert _events(env) == voor, args
    oponthoud(runtime.get(), referentie=ref, reden="Deelnemer tijdelijk niet beschikbaar", tot=date(2027, 1, 29),
              nu=at("2026-12-09T10:00"), actor="werkcoach")
    for args in (["traject", "fase", ref, "--fase", "werk-vinden", "--reden", "Klaar om te solliciteren"],
                 ["verlengde-intake", "start", ref]):
        voor = _events(env)
        r = invoke(*args)
        assert r.exit_code == 1 and "is in tijdelijk oponthoud (herbeoordeling 2027-01-29)" in r.output, r.output
        assert _events(env) == voor



def test_parttime_and_herbeoordeling_through_their_doors(prefect: None, rt: Any, sim: Any, mailbox: Any,
                                                         deur: Any) -> None:
    """parttime is its own step (deployment traject-parttime/parttime) with the old command line; a second one
    is refused by the step, in one line, writing nothing; the herbeoordeling prints the next date."""
    from tests.flows.test_fasen import gestart_traject

    def aantal() -> int:
        with session(rt.engine) as s:
            return len(s.exec(select(AuditEvent)).all())

    ref = gestart_traject(rt, sim, "999900407")
    r = invoke("traject", "parttime", ref.lower(), "--nu", "2026-12-09T10:00")
    assert r.exit_code == 0 and r.output.split() == \
        f"{ref}: deels uitgestroomd (parttime werk); het traject loopt door".split(), r.output
    voor = aantal()
    r = invoke("traject", "parttime", ref, "--reden", "Nog een baan erbij", "--nu", "2026-12-10T10:00")
    regels = r.output.strip().splitlines()
    assert r.exit_code == 1 and len(regels) == 1 and "al deels uitgestroomd (sinds 2026-12-09)" in regels[0], r.output
    assert aantal() == voor
    r = invoke("traject", "herbeoordeling", ref, "--toelichting", "Plan besproken", "--nu", "2026-12-10T11:00")
    assert r.exit_code == 0 and "plan van aanpak herbeoordeeld; volgende herbeoordeling uiterlijk 20" in \
        " ".join(r.output.split()), r.output


def test_the_same_actie_command_twice_with_one_sleutel_makes_one_actie(stappen: str, sim: Any) -> None:
    """In this process (WERKPAD_STAPPEN_IN_PROCES, as on the stack with Prefect's key) the door gives the run an
    idempotency key that the step records: the repeat does nothing and reports the first run's outcome."""
    from casestore.models import Actie
    from domain.stap import HERHAALD
    from tasks.trajectplan import stel_doel_vast

    ref = gestart(sim, "999900444")
    rt = runtime.get()
    doel = stel_doel_vast(rt, referentie=ref, omschrijving="Werkritme opbouwen", nu=at("2026-12-09T09:00"),
                          actor="werkcoach")
    args = ["trajectplan", "actie", ref, "--doel", str(doel["doel_id"]), "--omschrijving", "Werkplek zoeken",
            "--uiterlijk", "2027-01-15"]
    eerst = invoke(*args, "--sleutel", "plan-1")
    assert eerst.exit_code == 0, eerst.output
    weer = invoke(*args, "--sleutel", "plan-1")
    assert weer.exit_code == 0 and eerst.output.strip().split(" Daarna:")[0] + HERHAALD in weer.output, weer.output
    zonder = invoke(*args)  # no --sleutel: the input and the minute are the key, so the first of these makes one
    assert zonder.exit_code == 0 and HERHAALD not in zonder.output, zonder.output
    nog = invoke(*args)
    assert nog.exit_code == 0 and HERHAALD in nog.output, nog.output
    bewust = invoke(*args, "--sleutel", "plan-2")  # another key: a deliberate repeat
    assert bewust.exit_code == 0 and HERHAALD not in bewust.output
    with session(rt.engine) as s:
        assert len(s.exec(select(Actie)).all()) == 3
