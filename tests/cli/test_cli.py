"""The CLI: legal terms as JSON, and bad input refused with one clear line and nothing written."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from sqlmodel import select
from typer.testing import CliRunner

from casestore.db import head_revision, make_engine, session
from casestore.models import Deelnemer, Traject
from tasks import runtime
from tests.conftest import make_settings, settings_env
from werkpad.cli import app

runner = CliRunner()


@pytest.fixture()
def cli_env(tmp_path, sim, monkeypatch) -> Iterator[str]:  # type: ignore[no-untyped-def]
    """The CLI's environment: a migrated store, the simulator, no Prefect server."""
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    s = make_settings(db_url=url, sim_url=sim.url, data_dir=tmp_path)
    for k, v in {**settings_env(s), "PREFECT_API_URL": "http://127.0.0.1:9/api"}.items():
        monkeypatch.setenv(k, v)
    runtime.upgrade_store(s.casestore)
    runtime.configure(None)
    yield url
    runtime.configure(None)


def invoke(*args: str):  # type: ignore[no-untyped-def]
    return runner.invoke(app, list(args))


def test_termijn_json() -> None:
    r = invoke("termijn", "bezwaar", "--vanaf", "2026-02-20", "--json")
    assert r.exit_code == 0, r.output
    data = json.loads(r.stdout)
    assert data["einddatum"] == "2026-04-07" and data["grondslag"] == "Awb art. 6:7 jo. 6:8"
    for soort in ("beslistermijn", "zoektermijn", "uwv-beoordeling"):
        r = invoke("termijn", soort, "--vanaf", "2026-11-23", "--json")
        assert r.exit_code == 0 and json.loads(r.stdout)["einddatum"]


def test_termijn_knows_the_kb_days_and_names_the_decree() -> None:
    r = invoke("termijn", "bezwaar", "--vanaf", "2026-04-02", "--json")
    data = json.loads(r.stdout)
    assert data["einddatum"] == "2026-05-18"  # not Fri 15 May: gelijkgesteld by KB
    assert data["kb_besluiten"] == ["Besluit gelijkstelling van 2 januari 2026, 15 mei 2026, 7 mei 2027, "
                                    "28 april 2028 en 26 mei 2028 met een algemeen erkende feestdag"]


def test_termijn_uses_the_configured_feestdagen_file(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    f = tmp_path / "feestdagen.toml"
    f.write_text('[[besluit]]\ntitel = "Besluit gelijkstelling van 11 mei 2029 met een algemeen erkende feestdag"\n'
                 "dagen = [2029-05-11]\n", encoding="utf-8")
    monkeypatch.setenv("WERKPAD_FEESTDAGEN_FILE", str(f))
    data = json.loads(invoke("termijn", "bezwaar", "--vanaf", "2029-03-30", "--json").stdout)  # ends Fri 11 May
    assert data["einddatum"] == "2029-05-14" and data["kb_besluiten"] == [
        "Besluit gelijkstelling van 11 mei 2029 met een algemeen erkende feestdag"]
    f.write_text('[[besluit]]\ntitel = "Besluit"\ndagen = ["11 mei 2029"]\n', encoding="utf-8")
    r = invoke("termijn", "bezwaar", "--vanaf", "2029-03-30", "--json")
    assert r.exit_code == 1 and "'11 mei 2029' is geen datum" in r.output and "Traceback" not in r.output
    f.write_text("[[besluit]\n", encoding="utf-8")
    r = invoke("termijn", "bezwaar", "--vanaf", "2029-03-30")
    assert r.exit_code == 1 and "geen geldige TOML" in r.output


@pytest.mark.parametrize(("args", "msg"), [
    (["termijn", "bezwaar", "--vanaf", "2026-13-01"], "geen geldige datum"),
    (["termijn", "onzin", "--vanaf", "2026-01-01"], "Onbekende termijnsoort"),
])
def test_termijn_bad_input(args: list[str], msg: str) -> None:
    r = invoke(*args)
    assert r.exit_code == 1 and msg in r.output and "Traceback" not in r.output


AANMELD = ["aanmelden", "--gemeente", "velsen", "--bsn", "999900006", "--geboortedatum", "1990-01-01",
           "--naam", "Test Persoon", "--werkcoach", "wc@ijw.example"]


def with_opt(opt: str, value: str) -> list[str]:
    a = list(AANMELD)
    a[a.index(opt) + 1] = value
    return a


@pytest.mark.parametrize(("args", "msg"), [
    (with_opt("--bsn", "123456789"), "11-proef"),
    (with_opt("--gemeente", "haarlem"), "Onbekende gemeente 'haarlem'"),
    (with_opt("--geboortedatum", "01-01-1990"), "geen geldige datum"),
])
def test_aanmelden_bad_input_writes_nothing(cli_env: str, args: list[str], msg: str) -> None:
    r = invoke(*args)
    assert r.exit_code == 1 and msg in r.output and len(r.output.strip().splitlines()) == 1, r.output
    assert_nothing_written(cli_env)


def test_aanmelden_unreachable_gemeente(cli_env: str, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("WERKPAD_GEMEENTE__API_URL", "http://127.0.0.1:9")
    runtime.configure(None)
    r = invoke(*AANMELD)
    assert r.exit_code == 1 and "niet bereikbaar" in r.output, r.output
    assert_nothing_written(cli_env)


def test_aanmelden_unreachable_prefect(cli_env: str) -> None:
    r = invoke(*AANMELD)
    assert r.exit_code == 1 and "Prefect-server niet bereikbaar" in r.output
    assert_nothing_written(cli_env)


def test_uitkomst_for_case_not_in_that_step(rt, deur) -> None:  # type: ignore[no-untyped-def]
    """The old spelling `werkpad uitkomst REF brede-intake …` runs the same step: its guard refuses inside the run."""
    from datetime import UTC, date, datetime

    from tasks.aanmelding import registreer

    ref = registreer(rt, bsn="999900018", naam="X Y", geboortedatum=date(1990, 1, 1), gemeente="velsen",
                     werkcoach="wc@ijw.example", nu=datetime.now(UTC), actor="test")  # status: aangemeld
    r = invoke("uitkomst", ref, "brede-intake", "--advies", "positief", "--route", "traject",
               "--actie", "Trajectplan;werkcoach;2099-01-01")
    assert r.exit_code == 1 and "niet 'Brede intake gepland'" in r.output and len(r.output.splitlines()) == 1, r.output
    r = invoke("uitkomst", "IJW-2026-999999", "brede-intake", "--advies", "positief", "--route", "traject")
    assert r.exit_code == 1 and "Onbekend traject" in r.output
    r = invoke("uitkomst", ref, "brede-intake", "--advies", "misschien", "--route", "traject")
    assert r.exit_code == 1 and "kies uit positief, negatief" in r.output
    r = invoke("brede-intake", "uitkomst", ref, "--advies", "positief", "--route", "traject", "--actie", "Plan;wc")
    assert r.exit_code == 1 and "Actie 1 moet de vorm 'omschrijving;eigenaar;JJJJ-MM-DD' hebben" in r.output


def test_aanmelden_prints_the_reference_when_sending_fails_afterwards(cli_env: str, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Store first (no personal data in Prefect); the reference is printed even when the flow after it fails."""
    import flows.aanmelding
    import werkpad.cli_aanmelden as cli
    from tasks.dispatch import DispatchUitgesteld

    def faalt(**_: object) -> None:
        raise DispatchUitgesteld("gemeente gaf 500")

    monkeypatch.setattr(cli, "require_prefect", lambda s: None)
    monkeypatch.setattr(flows.aanmelding, "aanmelding", faalt)
    r = invoke(*AANMELD)
    assert r.exit_code == 0, r.output
    ref = r.stdout.strip().splitlines()[0]
    assert ref.startswith("IJW-") and "999900006" not in r.output
    assert f"Let op: {ref} is aangemeld" in r.output and "sweep" in r.output
    with session(make_engine(cli_env)) as s:
        assert s.exec(select(Traject)).one().status == "brede_intake_gepland"


def test_case_show_never_prints_bsn(cli_env: str) -> None:
    from datetime import UTC, date, datetime

    from tasks.aanmelding import registreer

    ref = registreer(runtime.get(), bsn="999900031", naam="Geheime Naam", geboortedatum=date(1990, 1, 1),
                     gemeente="beverwijk", werkcoach="wc@ijw.example", nu=datetime.now(UTC), actor="test")
    r = invoke("case", "show", ref)
    assert r.exit_code == 0 and ref in r.output and "Aangemeld" in r.output
    assert "999900031" not in r.output and "Geheime" not in r.output


def assert_nothing_written(url: str) -> None:
    e = make_engine(url)
    try:
        with session(e) as s:
            assert s.exec(select(Traject)).all() == [] and s.exec(select(Deelnemer)).all() == []
    except Exception as exc:  # no database at all is also "nothing written"
        assert "no such table" in str(exc)
    finally:
        e.dispose()


def test_a_store_that_is_behind_is_refused_until_db_upgrade(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    s = make_settings(db_url=f"sqlite:///{tmp_path / 'oud.db'}", sim_url="http://127.0.0.1:9", data_dir=tmp_path)
    for k, v in settings_env(s).items():
        monkeypatch.setenv(k, v)
    runtime.configure(None)
    try:
        r = invoke("case", "show", "IJW-2026-000001")
        assert r.exit_code == 1 and r.output.strip().splitlines() == [
            f"Fout: Er is nog geen case store ({tmp_path / 'oud.db'}): start de stack met ./run of werk de "
            "database bij (db-upgrade); er is niets aangemaakt."], r.output
        assert not (tmp_path / "oud.db").exists()  # trial: a read left an empty database, then said "schema leeg"
        make_engine(f"sqlite:///{tmp_path / 'oud.db'}").dispose()  # an empty file: the schema is behind
        r = invoke("case", "show", "IJW-2026-000001")
        assert r.exit_code == 1 and r.output.strip().splitlines() == [
            f"Fout: De case store is niet bijgewerkt (schema leeg, nodig {head_revision()}): "
            "draai `werkpad db-upgrade`."], r.output
        r = invoke("db-upgrade")
        assert r.exit_code == 0 and f"Case store bijgewerkt (schema {head_revision()})." in r.output, r.output
        r = invoke("case", "show", "IJW-2026-000001")
        assert r.exit_code == 1 and "Onbekend traject" in r.output, r.output
    finally:
        runtime.configure(None)


def test_bad_settings_are_one_line(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Every refused setting at once, in one line: ops learn them in one start, not one per start."""
    monkeypatch.setenv("WERKPAD_OMGEVING", "productie")
    monkeypatch.delenv("WERKPAD_GEMEENTE__SECRET", raising=False)
    r = invoke("termijn", "bezwaar", "--vanaf", "2026-02-20")
    regels = r.output.strip().splitlines()
    assert r.exit_code == 1 and len(regels) == 1, r.output
    assert regels[0].startswith(
        "Fout: Ongeldige instellingen: WERKPAD_GEMEENTE__SECRET is het ontwikkelgeheim uit de broncode; in omgeving "
        "'productie' is een eigen geheim van minstens 32 bytes nodig. "), r.output
    for naam in ("WERKPAD_SUWINET__PASSWORD", "WERKPAD_INLICHTINGENBUREAU__PASSWORD", "WERKPAD_NOTIFICATIES__TOKEN"):
        assert naam in regels[0]


def test_a_ketenpartner_development_password_is_refused_outside_development(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("WERKPAD_OMGEVING", "productie")
    monkeypatch.setenv("WERKPAD_GEMEENTE__SECRET", "x" * 40)
    monkeypatch.setenv("WERKPAD_NOTIFICATIES__TOKEN", "eigen-notificatietoken-1234")
    monkeypatch.setenv("WERKPAD_INLICHTINGENBUREAU__PASSWORD", "eigen-wachtwoord-van-het-ib")
    r = invoke("termijn", "bezwaar", "--vanaf", "2026-02-20")
    assert r.exit_code == 1 and r.output.strip().splitlines() == [
        "Fout: Ongeldige instellingen: WERKPAD_SUWINET__PASSWORD is het ontwikkelwachtwoord uit de broncode; in "
        "omgeving 'productie' is een eigen wachtwoord (of mTLS zonder wachtwoord) nodig."], r.output
    monkeypatch.setenv("WERKPAD_SUWINET__PASSWORD", "eigen-wachtwoord-van-de-gateway")
    monkeypatch.delenv("WERKPAD_INLICHTINGENBUREAU__PASSWORD")
    r = invoke("termijn", "bezwaar", "--vanaf", "2026-02-20")
    assert "WERKPAD_INLICHTINGENBUREAU__PASSWORD is het ontwikkelwachtwoord" in r.output


def test_the_installed_command_turns_click_usage_errors_into_one_dutch_line(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """`werkpad` (pyproject's script) and `python -m werkpad.cli` run werkpad.cli:main: no English usage box."""
    import os
    import subprocess
    import sys
    import tomllib
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    assert tomllib.loads((root / "pyproject.toml").read_text())["project"]["scripts"]["werkpad"] == "werkpad.cli:main"
    env = {**os.environ, "WERKPAD_DATA_DIR": str(tmp_path)}
    p = subprocess.run([sys.executable, "-m", "werkpad.cli", "deadline-verplaatsen", "8", "--grond", "opschorting",
                        "--dagen", "14"], cwd=root, env=env, capture_output=True, text=True, timeout=60)
    assert (p.returncode, p.stdout, p.stderr) == (
        1, "", "Fout: Optie --reden ontbreekt (zie werkpad deadline-verplaatsen --help).\n")
    p = subprocess.run([sys.executable, "-m", "werkpad.cli", "deadline-verplaatsen", "--help"], cwd=root, env=env,
                       capture_output=True, text=True, timeout=60)
    assert p.returncode == 0 and "--reden" in p.stdout and not p.stderr


def test_help_and_a_bare_group_still_show_help_with_exit_0(capsys) -> None:  # type: ignore[no-untyped-def]
    from werkpad.cli import main

    assert main(["--help"]) == 0 and "aanmelden" in capsys.readouterr().out
    assert main(["case"]) == 0 and "show" in capsys.readouterr().out
    assert main(["case", "show", "--help"]) == 0 and "Gebruik: werkpad case show" in capsys.readouterr().out


def test_werkvoorraad_of_one_staff_member_overdue_first_without_prefect(cli_env: str) -> None:
    from datetime import date

    from tasks.aanmelding import plan_intake, registreer
    from tests.conftest import at

    rt = runtime.get()
    ref = registreer(rt, bsn="999900250", naam="Werk Voorraad", geboortedatum=date(1980, 1, 1), gemeente="velsen",
                     werkcoach="wc.wv@ijw.example", nu=at("2026-11-23T09:00"), actor="test")
    plan_intake(rt, referentie=ref, nu=at("2026-11-23T09:00"))  # intake Wed 25-11: preparation due Tue 24-11
    r = invoke("werkvoorraad", "--medewerker", "WC.WV@ijw.example", "--nu", "2026-11-26T08:00")
    assert r.exit_code == 0, r.output
    regels = [line for line in r.output.splitlines() if ref in line]
    assert len(regels) == 2 and "ja" in regels[0] and "2026-11-24" in regels[0]  # overdue first
    assert "999900250" not in r.output and "Voorraad" not in r.output.replace("Werkvoorraad", "")
    r = invoke("werkvoorraad", "--medewerker", "a@b")
    assert r.exit_code == 1 and "--medewerker" in r.output and len(r.output.strip().splitlines()) == 1


def test_kwartaalrapportage_refuses_a_bad_or_open_period_before_prefect(
        cli_env: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WERKPAD_TESTKLOK", "1")  # a test stack: the clock may go ahead of the real one
    r = invoke("kwartaalrapportage", "verstuur", "--periode", "2026Q5")
    assert r.exit_code == 1 and "Onbekende periode" in r.output and len(r.output.strip().splitlines()) == 1
    r = invoke("kwartaalrapportage", "verstuur", "--periode", "2026q4", "--nu", "2026-12-01T10:00")
    assert r.exit_code == 1 and "nog niet afgelopen" in r.output
    r = invoke("kwartaalrapportage", "verstuur", "--periode", "2026Q3", "--nu", "2026-12-01T10:00")
    assert r.exit_code == 1 and "Prefect-server niet bereikbaar" in r.output  # the period passed; no stack here


def _vooruit(dagen: int) -> str:
    from datetime import datetime, timedelta

    from domain.herinneringen import TZ

    return (datetime.now(TZ) + timedelta(days=dagen)).strftime("%Y-%m-%dT%H:%M")


def test_once_only_commands_refuse_a_clock_ahead_of_the_real_one(cli_env: str, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Trial: `verstuur --nu <next year>` mailed an unfinished period and used up its send-once key,
    and `import --nu 2031-...` let future events in. Back in time is fine (a demo replays)."""
    r = invoke("kwartaalrapportage", "verstuur", "--periode", "2026Q3", "--nu", _vooruit(60))
    assert r.exit_code == 1 and "ligt na de echte tijd" in r.output and "eenmalig gevolg" in r.output, r.output
    f = tmp_path / "h.csv"
    f.write_text("referentie,gemeente,datum,gebeurtenis,waarde\nH-1,velsen,2021-01-04,aanmelding,\n", encoding="utf-8")
    r = invoke("import", "gebeurtenissen", str(f), "--nu", _vooruit(2))
    assert r.exit_code == 1 and "ligt na de echte tijd" in r.output, r.output
    r = invoke("import", "gebeurtenissen", str(f), "--nu", "2026-01-05T10:00")
    assert r.exit_code == 0, r.output


def test_production_refuses_the_moved_clock(cli_env: str, monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("WERKPAD_OMGEVING", "productie")
    monkeypatch.setenv("WERKPAD_GEMEENTE__SECRET", "p" * 32)
    monkeypatch.setenv("WERKPAD_SUWINET__PASSWORD", "eigen-suwinet-wachtwoord")
    monkeypatch.setenv("WERKPAD_INLICHTINGENBUREAU__PASSWORD", "eigen-ib-wachtwoord")
    monkeypatch.setenv("WERKPAD_NOTIFICATIES__TOKEN", "eigen-notificatietoken-1234")
    f = tmp_path / "h.csv"
    f.write_text("referentie,gemeente,datum,gebeurtenis,waarde\nH-1,velsen,2021-01-04,aanmelding,\n", encoding="utf-8")
    for args in (("import", "gebeurtenissen", str(f)), ("kwartaalrapportage", "verstuur", "--periode", "2026Q3"),
                 ("traject", "fase", "IJW-2026-000001", "--fase", "werk-vinden", "--reden", "Start werk vinden")):
        r = invoke(*args, "--nu", "2026-01-05T10:00")
        assert r.exit_code == 1 and "in omgeving 'productie' geldt de echte tijd" in r.output, (args, r.output)
    monkeypatch.setenv("WERKPAD_TESTKLOK", "1")  # trial: productie + TESTKLOK mailed 2026Q4 in November
    r = invoke("kwartaalrapportage", "verstuur", "--periode", "2026Q4", "--nu", _vooruit(60))
    assert r.exit_code == 1 and "WERKPAD_TESTKLOK=1 is alleen voor ontwikkel- en teststacks" in r.output, r.output
    monkeypatch.setenv("WERKPAD_OMGEVING", "test")  # a production-like test stack may move it
    assert invoke("import", "gebeurtenissen", str(f), "--nu", "2026-01-05T10:00").exit_code == 0
