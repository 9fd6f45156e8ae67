"""Commands that run no flow do not import Prefect (about 3 s): a behavioural check, not a timing."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from tests.conftest import make_settings, settings_env

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = textwrap.dedent("""
    import json, sys
    from werkpad.cli import app
    try:
        app(args=sys.argv[1:])
        code = 0
    except SystemExit as exc:
        code = exc.code
    geladen = sorted(m for m in sys.modules if m == "prefect" or m.startswith(("prefect.", "flows", "tasks.artifacts",
                                                                                "tasks.dispatch")))
    print(json.dumps({"code": code, "geladen": geladen[:5]}))
""")


def settings(tmp_path: Path) -> Any:
    return make_settings(db_url=f"sqlite:///{tmp_path / 'w.db'}", sim_url="http://127.0.0.1:9", data_dir=tmp_path)


def run(tmp_path: Path, *args: str) -> dict[str, object]:
    env = {**os.environ, **settings_env(settings(tmp_path)), "PREFECT_API_URL": "http://127.0.0.1:9/api"}
    p = subprocess.run([sys.executable, "-c", SCRIPT, *args], cwd=ROOT, env=env, capture_output=True, text=True,
                       timeout=60)
    assert "Traceback" not in p.stderr, p.stderr
    res: dict[str, object] = json.loads(p.stdout.strip().splitlines()[-1])
    return {**res, "fout": p.stderr.strip()} if res["code"] else res


def refused(msg: str) -> dict[str, object]:
    return {"code": 1, "geladen": [], "fout": f"Fout: {msg}"}


def test_termijn_and_refusals_without_prefect(tmp_path: Path) -> None:
    assert run(tmp_path, "termijn", "bezwaar", "--vanaf", "2026-02-20", "--json") == {"code": 0, "geladen": []}
    assert run(tmp_path, "aanmelden", "--gemeente", "velsen", "--bsn", "123456789", "--geboortedatum", "1990-01-01",
               "--naam", "Jan Jansen", "--werkcoach", "wc@ijw.example") == \
        refused("Ongeldig BSN: het nummer voldoet niet aan de 11-proef.")
    assert run(tmp_path, "taak-afronden", "-1")["geladen"] == []
    assert run(tmp_path, "sweep", "--nu", "9999-12-31T00:00")["geladen"] == []


def test_case_show_and_a_store_refusal_without_prefect(tmp_path: Path) -> None:
    from tasks import runtime
    from tasks.aanmelding import registreer

    s = settings(tmp_path)
    runtime.upgrade_store(s.casestore)
    rt = runtime.build_runtime(s)
    ref = registreer(rt, bsn="999900158", naam="Snel Getoond", geboortedatum=date(1990, 1, 1), gemeente="velsen",
                     werkcoach="wc@ijw.example", nu=datetime.now(UTC), actor="test")
    rt.engine.dispose()
    assert run(tmp_path, "case", "show", ref.lower()) == {"code": 0, "geladen": []}  # lower case finds the case
    dubbel = run(tmp_path, "aanmelden", "--gemeente", "velsen", "--bsn", "999900158", "--geboortedatum", "1990-01-01",
                 "--naam", "Snel Getoond", "--werkcoach", "ander@ijw.example")
    # an open traject (another aanmelding; the same one again answers with its reference): refused by the
    # registration itself (its transaction, in this process), before the gemeente
    # (unreachable here) and Prefect: the step's module is loaded, Prefect and the flows are not
    assert {**dubbel, "geladen": [m for m in dubbel["geladen"] if m != "tasks.dispatch"]} == refused(  # type: ignore[attr-defined]
        f"Deze deelnemer heeft al een open traject ({ref}); een tweede wordt geweigerd.")


def test_trajectplan_toon_and_its_refusals_without_prefect(tmp_path: Path) -> None:
    from tasks import runtime
    from tasks.aanmelding import registreer
    from tasks.trajectplan import stel_doel_vast

    s = settings(tmp_path)
    runtime.upgrade_store(s.casestore)
    rt = runtime.build_runtime(s)
    ref = registreer(rt, bsn="999900171", naam="Plan Getoond", geboortedatum=date(1990, 1, 1), gemeente="velsen",
                     werkcoach="wc@ijw.example", nu=datetime.now(UTC), actor="test")
    stel_doel_vast(rt, referentie=ref, omschrijving="Werkritme opbouwen", nu=datetime.now(UTC), actor="test")
    rt.engine.dispose()
    assert run(tmp_path, "trajectplan", "toon", ref) == {"code": 0, "geladen": []}
    # the doors' input models refuse before Prefect; whether action 999 exists is the step's to say, in its run
    assert run(tmp_path, "trajectplan", "actie-gedaan", "-1") == refused(
        "Actienummer '-1' is geen geldig nummer: gebruik een positief geheel getal (1 t/m 2147483647).")
    assert run(tmp_path, "trajectplan", "actie", ref, "--doel", "1", "--omschrijving", "Werkplek zoeken",
               "--uiterlijk", "morgen") == refused("--uiterlijk: geen geldige datum (JJJJ-MM-DD).")


def test_indicatie_refusals_without_prefect(tmp_path: Path) -> None:
    """The indicatie's doors refuse a wrong shape by the step's input model, before Prefect; a check on the case
    (no indicatie running) is the step's own, inside its run (tests/badinput/test_indicatie_doors.py)."""
    from tasks import runtime
    from tasks.aanmelding import registreer

    s = settings(tmp_path)
    runtime.upgrade_store(s.casestore)
    rt = runtime.build_runtime(s)
    ref = registreer(rt, bsn="999900432", naam="Snel Geweigerd", geboortedatum=date(1990, 1, 1), gemeente="velsen",
                     werkcoach="wc@ijw.example", nu=datetime.now(UTC), actor="test")
    rt.engine.dispose()
    assert run(tmp_path, "indicatie", "aanvragen", ref, "--soort", "wajong") == refused(
        "--soort: 'wajong' is onbekend; kies uit banenafspraak, beschut-werk.")
    assert run(tmp_path, "indicatie", "indienen", ref, "--bijlage", "paspoort") == refused(
        "--bijlage: 'paspoort' is onbekend; kies uit stageverslag, bevindingen, arbeidsdiagnose, loonwaarderapport, "
        "overig.")
    assert run(tmp_path, "indicatie", "beslissing", ref, "--uitkomst", "positief", "--op", "morgen") == refused(
        "--op: geen geldige datum (JJJJ-MM-DD).")



def test_loonwaarde_and_doelgroepregister_refusals_without_prefect(tmp_path: Path) -> None:
    from tasks import runtime
    from tasks.aanmelding import registreer
    from tasks.loonwaarde import start

    s = settings(tmp_path)
    runtime.upgrade_store(s.casestore)
    rt = runtime.build_runtime(s)
    ref = registreer(rt, bsn="999901126", naam="Loon Waarde", geboortedatum=date(1990, 1, 1), gemeente="velsen",
                     werkcoach="wc@ijw.example", nu=datetime.now(UTC), actor="test")
    start(rt, referentie=ref, route="praktijkroute", werkgever="Bakkerij", nu=datetime.now(UTC),  # type: ignore[arg-type]
          actor="test")
    rt.engine.dispose()
    # the input model refuses before Prefect; a check on the case is the step's guard, inside its run
    assert run(tmp_path, "loonwaarde", "rapport", ref, "--loonwaarde", "72.5", "--rapportdatum", "2026-11-20") == \
        refused("--loonwaarde: '72.5' is geen heel percentage; de loonwaarde wordt op hele procenten afgerond "
                "(Besluit loonkostensubsidie Participatiewet 2021), bijv. 72.")
    for args in (["start", ref, "--route", "regulier", "--werkgever", "Bakkerij"], ["zienswijze", ref, "--van",
                                                                                  "werkgever"]):
        res = run(tmp_path, "loonwaarde", *args)
        assert res["code"] == 1 and res["geladen"] == [] and "Prefect-server niet bereikbaar" in str(res["fout"])
    assert run(tmp_path, "doelgroepregister", "controle", "999900006") == refused(  # the step's model
        "Trajectnummer: bevat negen cijfers op een rij (een BSN?); noem de deelnemer alleen bij het trajectnummer.")


def test_maatregel_commands_that_run_no_flow_load_no_prefect(tmp_path: Path) -> None:
    """status, typen, gedragingen, concept, beschikking and deelnemer adres read or write the store
    only; a refused step (an unknown gedraging, a type the proposal does not have) answers before Prefect."""
    from tasks import runtime
    from tasks.aanmelding import registreer

    s = settings(tmp_path)
    runtime.upgrade_store(s.casestore)
    rt = runtime.build_runtime(s)
    ref = registreer(rt, bsn="999900705", naam="Maat Regel", geboortedatum=date(1990, 1, 1), gemeente="velsen",
                     werkcoach="wc@ijw.example", nu=datetime.now(UTC), actor="test")
    rt.engine.dispose()
    for args in (["maatregel", "status", ref], ["maatregel", "typen"], ["maatregel", "gedragingen"],
                 ["deelnemer", "adres", ref, "--adres", "Kerkstraat 3", "--postcode", "1941AB", "--woonplaats",
                  "Beverwijk"]):
        assert run(tmp_path, *args) == {"code": 0, "geladen": []}, args
    for args in (["maatregel", "concept", ref, "--uit", str(tmp_path / "c.html")], ["maatregel", "beschikking", ref],
                 ["maatregel", "melden", ref, "--gedraging", "geen code!", "--verzuim-op", "2026-11-23", "--feiten",
                  "Niet verschenen"],
                 ["maatregel", "goedkeuren", ref, "--type", "M3M30", "--door", "tl@ijw.example"]):
        res = run(tmp_path, *args)
        assert res["code"] == 1 and res["geladen"] == [], (args, res)
    assert not (tmp_path / "c.html").exists()


def test_rapport_without_prefect(tmp_path: Path) -> None:
    from tasks import runtime

    runtime.upgrade_store(settings(tmp_path).casestore)
    assert run(tmp_path, "rapport", "--periode", "2020Q1", "--tabel", "alle") == {"code": 0, "geladen": []}
    res = run(tmp_path, "rapport", "--periode", "2020Q1", "--tabel", "onbekend")
    assert res["code"] == 1 and res["geladen"] == [] and "Onbekende tabel 'onbekend'" in str(res["fout"])
    # a period of the moved clock (a --nu walk in development): not refused as "not begun"
    res = run(tmp_path, "rapport", "--periode", "2031Q1", "--tabel", "alle")
    assert res["code"] == 1 and "nog niet begonnen" in str(res["fout"])
    assert run(tmp_path, "rapport", "--periode", "2031Q1", "--tabel", "alle", "--nu", "2031-04-02T09:00")["code"] == 0


ZWAAR = textwrap.dedent("""
    import json, sys
    from werkpad.cli import main
    code = main(sys.argv[1:])
    geladen = sorted({m.split(".")[0] if not m.startswith("werkpad.") else m for m in sys.modules
                      if m.startswith(("alembic", "httpx", "jwt", "fpdf", "werkpad.cli_"))})
    print(json.dumps({"code": code, "geladen": geladen}))
""")


def test_read_only_commands_load_only_their_own_process(tmp_path: Path) -> None:
    """What makes `case show` and `maatregel status` answer in ~0.6 s instead of ~1 s: no Alembic (the schema
    check reads its table directly), no HTTP client, and no other process's CLI module."""
    from tasks import runtime

    s = settings(tmp_path)
    runtime.upgrade_store(s.casestore)
    env = {**os.environ, **settings_env(s), "PREFECT_API_URL": "http://127.0.0.1:9/api"}

    def geladen(*args: str) -> object:
        p = subprocess.run([sys.executable, "-c", ZWAAR, *args], cwd=ROOT, env=env, capture_output=True, text=True,
                           timeout=60)
        return json.loads(p.stdout.strip().splitlines()[-1])

    assert geladen("case", "show", "IJW-2026-000001") == {"code": 1, "geladen": ["werkpad.cli_case", "werkpad.cli_rapport"]}
    assert geladen("maatregel", "status", "IJW-2026-000001") == {
        "code": 1, "geladen": ["werkpad.cli_case", "werkpad.cli_maatregel", "werkpad.cli_rapport"]}
    assert geladen("maatregel", "typen") == {
        "code": 0, "geladen": ["werkpad.cli_case", "werkpad.cli_maatregel", "werkpad.cli_rapport"]}
