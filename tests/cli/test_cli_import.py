"""`werkpad import gebeurtenissen FILE.csv`: imports, refuses a bad file whole with every bad line,
refuses the same file twice, and runs without Prefect. Also: Uitgeest takes no new cases."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select
from typer.testing import CliRunner

from casestore.db import make_engine, session
from casestore.models import AuditEvent, GebeurtenisImport
from domain.historie import KOP
from tasks import runtime
from tests.cli.test_no_prefect import run
from tests.conftest import make_settings, settings_env
from werkpad.cli import app

runner = CliRunner()
GOED = "\n".join([KOP, "H-1,velsen,2021-01-04,aanmelding,", "H-1,velsen,2021-02-01,fase,Kennismaking",
                  "H-1,velsen,2021-03-01,uitstroom,werkaanvaarding", "H-2,uitgeest,2021-12-31,nbw_plaatsing,"]) + "\n"


@pytest.fixture()
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    s = make_settings(db_url=url, sim_url="http://127.0.0.1:9", data_dir=tmp_path)
    for k, v in {**settings_env(s), "PREFECT_API_URL": "http://127.0.0.1:9/api"}.items():
        monkeypatch.setenv(k, v)
    runtime.upgrade_store(s.casestore)
    runtime.configure(None)
    yield url
    runtime.configure(None)


def tellingen(url: str) -> tuple[int, int]:
    e = make_engine(url)
    try:
        with session(e) as s:
            return (int(s.execute(select(func.count()).select_from(AuditEvent)).scalar_one()),
                    int(s.execute(select(func.count()).select_from(GebeurtenisImport)).scalar_one()))
    finally:
        e.dispose()


def bestand(tmp_path: Path, inhoud: str | bytes, naam: str = "historie.csv") -> str:
    p = tmp_path / naam
    if isinstance(inhoud, str):
        p.write_text(inhoud, encoding="utf-8")
    else:
        p.write_bytes(inhoud)
    return str(p)


def importeer(pad: str):  # type: ignore[no-untyped-def]
    return runner.invoke(app, ["import", "gebeurtenissen", pad, "--nu", "2026-11-24T10:00"])


def test_import_and_the_same_file_again(store: str, tmp_path: Path) -> None:
    pad = bestand(tmp_path, GOED)
    r = importeer(pad)
    assert r.exit_code == 0, r.output
    assert r.output.strip() == "4 gebeurtenissen geïmporteerd uit historie.csv (import 1; 5 regels in het auditlog)."
    assert tellingen(store) == (5, 1)
    kopie = bestand(tmp_path, GOED, "kopie.csv")  # the same bytes under another name
    r = importeer(kopie)
    regels = r.output.strip().splitlines()
    assert r.exit_code == 1 and len(regels) == 1, r.output
    assert regels[0] == ("Fout: kopie.csv: dit bestand is al geïmporteerd op 2026-11-24 om 10:00 Nederlandse tijd "
                         "(import 1, historie.csv, 4 regels); er is niets gewijzigd.")
    assert tellingen(store) == (5, 1)


def test_a_bad_file_is_refused_whole_with_every_bad_line(store: str, tmp_path: Path) -> None:
    rijen = [KOP, "H-1,velsen,2021-01-04,aanmelding,", "H-2,velsen,2021-02-30,aanmelding,",
             "H-3,amsterdam,2021-01-04,aanmelding,", "999900134,velsen,2021-01-04,aanmelding,",
             "H-1,velsen,2021-01-04,aanmelding,"]
    rijen += [f"H-{i},velsen,2021-01-04,fase,stage" for i in range(10, 70)]
    r = importeer(bestand(tmp_path, "\n".join(rijen) + "\n"))
    regels = r.output.strip().splitlines()
    assert r.exit_code == 1
    assert regels[0] == "Fout: historie.csv: 64 regels zijn fout; het hele bestand is geweigerd en er is niets geïmporteerd."
    assert regels[1] == "  regel 3: datum 2021-02-30 bestaat niet"
    assert regels[2].startswith("  regel 4: onbekende gemeente 'amsterdam'")
    assert regels[3].startswith("  regel 5: referentie bevat negen cijfers op rij")
    assert regels[4] == "  regel 6: dubbele regel: dezelfde als regel 2"
    assert len(regels) == 1 + 50 + 1 and regels[-1] == "  en 14 meer"
    assert "999900134" not in r.output and "Traceback" not in r.output
    assert tellingen(store) == (0, 0)


@pytest.mark.parametrize(("inhoud", "melding"), [
    (b"", "historie.csv: het bestand is leeg"),
    (b"\n  \n", "historie.csv: het bestand is leeg"),
    ((KOP + "\n").encode(), "het bestand bevat alleen de kopregel"),
    ((KOP + "\nH-1,v\xe9lsen,2021-01-04,aanmelding,\n").encode("latin-1"), "het bestand is geen UTF-8 (regel 2)"),
    (b"referentie;gemeente;datum;gebeurtenis;waarde\n", "regel 1 moet de kop 'referentie,gemeente,datum,gebeurtenis,"
                                                        "waarde' zijn (het bestand lijkt puntkomma-gescheiden"),
])
def test_file_refusals(store: str, tmp_path: Path, inhoud: bytes, melding: str) -> None:
    r = importeer(bestand(tmp_path, inhoud))
    regels = r.output.strip().splitlines()
    assert r.exit_code == 1 and len(regels) == 1 and regels[0].startswith("Fout: ") and melding in regels[0], r.output
    assert tellingen(store) == (0, 0)


def test_missing_file_and_a_directory(store: str, tmp_path: Path) -> None:
    r = importeer(str(tmp_path / "weg.csv"))
    assert r.exit_code == 1 and r.output.strip() == f"Fout: Bestand '{tmp_path / 'weg.csv'}' bestaat niet."
    r = importeer(str(tmp_path))
    assert r.exit_code == 1 and r.output.strip() == f"Fout: '{tmp_path}' is een map, geen CSV-bestand."


def test_a_device_or_a_file_over_the_limit_is_refused_before_it_is_read(store: str, tmp_path: Path,
                                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """`import gebeurtenissen /dev/zero` read until the machine ran out of memory (issue 21's hostile run): a device,
    pipe or socket is refused, and a file is never read past the limit (domain/historie.py::MAX_BESTAND_MB)."""
    import domain.historie

    r = importeer("/dev/zero")
    assert r.exit_code == 1 and r.output.strip() == (
        "Fout: '/dev/zero' is geen gewoon bestand (maar een apparaat, pijp of socket); geef een CSV-bestand.")
    monkeypatch.setattr(domain.historie, "MAX_BESTAND_MB", 1)
    groot = tmp_path / "groot.csv"
    groot.write_bytes(GOED.encode() + b"x" * (1024 * 1024))
    r = importeer(str(groot))
    assert r.exit_code == 1 and "is groter dan 1 MB; splits het in delen van hoogstens 1 MB" in r.output, r.output
    e = make_engine(store)
    try:
        with session(e) as s:
            assert s.execute(select(GebeurtenisImport)).first() is None  # nothing imported
    finally:
        e.dispose()


def test_a_file_name_is_shown_without_bsn_or_markup(store: str, tmp_path: Path) -> None:
    pad = bestand(tmp_path, GOED, "export 999900134 [red]x.csv")
    r = importeer(pad)
    assert r.exit_code == 0, r.output
    assert "uit export ••••••••• [red]x.csv (import 1;" in r.output and "999900134" not in r.output
    r = importeer(pad)
    assert r.exit_code == 1 and "Fout: export ••••••••• [red]x.csv: dit bestand is al geïmporteerd" in r.output
    assert "999900134" not in r.output
    e = make_engine(store)
    try:
        with session(e) as s:
            assert s.execute(select(GebeurtenisImport.bestandsnaam)).scalar_one() == "export ••••••••• [red]x.csv"
    finally:
        e.dispose()


def test_an_unreadable_file(store: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pad = bestand(tmp_path, GOED)

    echt = Path.open

    def weigert(self: Path, *args: Any, **kwargs: Any) -> Any:
        if str(self) == str(pad):
            raise PermissionError(13, "Permission denied")
        return echt(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", weigert)  # root reads any file: simulate the refusal for this one
    r = importeer(pad)
    assert r.exit_code == 1 and r.output.strip() == f"Fout: Bestand '{pad}' is niet te lezen (Permission denied)."


def test_import_runs_without_prefect(tmp_path: Path) -> None:
    pad = bestand(tmp_path, GOED)
    assert run(tmp_path, "db-upgrade")["code"] == 0
    assert run(tmp_path, "import", "gebeurtenissen", pad) == {"code": 0, "geladen": []}
    res = run(tmp_path, "import", "gebeurtenissen", pad)
    assert res["code"] == 1 and res["geladen"] == [] and "al geïmporteerd" in str(res["fout"])


def test_uitgeest_takes_no_new_cases(store: str) -> None:
    r = runner.invoke(app, ["aanmelden", "--gemeente", "uitgeest", "--bsn", "999900134", "--geboortedatum",
                            "1990-01-01", "--naam", "Jan Jansen", "--werkcoach", "wc@ijw.example"])
    assert r.exit_code == 1
    assert r.output.strip() == ("Fout: Uitgeest is sinds 2022 geen deelnemende gemeente meer: nieuwe trajecten worden "
                                "geweigerd.")
    assert tellingen(store) == (0, 0)


def test_help_lists_import() -> None:
    r = runner.invoke(app, ["import", "--help"])
    assert r.exit_code == 0 and "gebeurtenissen" in r.output


def test_an_import_that_changes_mailed_figures_warns(store: str, tmp_path: Path) -> None:
    """Trial: history imported after a delivery silently changed the figures the bestuur already has."""
    from datetime import UTC, datetime

    from casestore.models import Outbox

    e = make_engine(store)
    with session(e) as s:
        for periode, status, op in (("2020Q4", "sent", datetime(2021, 1, 4, 6, 5, tzinfo=UTC)),
                                    ("2021Q1", "sent", datetime(2021, 4, 1, 6, 5, tzinfo=UTC)),
                                    ("2021", "sent", datetime(2022, 1, 3, 6, 5, tzinfo=UTC)),
                                    ("2021Q2", "pending", None)):
            s.add(Outbox(idem_key=f"kwartaalrapportage:{periode}", soort="email", payload={}, status=status,
                         verstuurd_op=op, aangemaakt_op=datetime(2021, 1, 4, tzinfo=UTC)))
        s.add(Outbox(idem_key="herinnering:x", soort="email", payload={}, status="sent",
                     verstuurd_op=datetime(2021, 5, 1, tzinfo=UTC), aangemaakt_op=datetime(2021, 1, 4, tzinfo=UTC)))
        s.commit()
    e.dispose()
    r = importeer(bestand(tmp_path, GOED))  # events from 2021-01-04 on
    assert r.exit_code == 0, r.output
    assert " ".join(r.stderr.split()) == (
        "Let op: deze import verandert de cijfers van kwartaalrapportages die al zijn verstuurd: 2021Q1 (verstuurd "
        "2021-04-01), 2021 (verstuurd 2022-01-03). Die mail gaat niet opnieuw; maak de tabellen opnieuw (rapport "
        "over die periode, alle tabellen) en stuur de correctie zelf na.")
    assert tellingen(store) == (5, 1)  # imported all the same: the history is true, the mail was early


def test_no_warning_without_mailed_reports(store: str, tmp_path: Path) -> None:
    r = importeer(bestand(tmp_path, GOED))
    assert r.exit_code == 0 and r.stderr == ""


def test_one_event_is_said_in_the_singular(store: str, tmp_path: Path) -> None:
    r = importeer(bestand(tmp_path, f"{KOP}\nH-9,velsen,2021-01-04,aanmelding,\n"))
    assert r.output.strip() == "1 gebeurtenis geïmporteerd uit historie.csv (import 1; 1 regel in het auditlog)."


def test_treden_and_ada_history_through_the_doors(store: str, tmp_path: Path) -> None:
    """Issue 20: the new kinds through `werkpad import gebeurtenissen`, then `werkpad rapport` as json."""
    import json

    inhoud = "\n".join([KOP, "T-1,velsen,2020-01-06,trede,3", "T-1,velsen,2020-02-03,trede,4",
                        "T-1,velsen,2020-02-03,verlengde_intake_start,", "T-2,heemskerk,2019-12-02,trede,5",
                        "T-2,heemskerk,2020-03-02,uitstroom,garantiebaan_16_17"]) + "\n"
    r = importeer(bestand(tmp_path, inhoud))
    assert r.exit_code == 0, r.output
    assert r.output.strip().startswith("5 gebeurtenissen geïmporteerd uit historie.csv")
    r = runner.invoke(app, ["rapport", "--periode", "2020Q1", "--tabel", "treden", "--formaat", "json"])
    assert r.exit_code == 0, r.output
    t = json.loads(r.stdout)
    assert t["kolommen"] == ["1-1-2020", "Bij", "Af", "31-3-2020"]
    assert dict((label, w) for label, w in t["rijen"]) == {
        "Trede 1": [0, 0, 0, 0], "Trede 2": [0, 0, 0, 0], "Trede 3": [0, 1, 1, 0], "Trede 4": [0, 1, 0, 1],
        "Trede 5": [1, 0, 1, 0], "Trede 6": [0, 0, 0, 0], "Totaal": [1, 2, 2, 1]}
    r = runner.invoke(app, ["rapport", "--periode", "2020Q1", "--tabel", "garantiebaan"])
    assert r.stdout.splitlines()[2] == "PRO/VSO 16/17 jarige,1,n.b.,n.b."
    r = runner.invoke(app, ["rapport", "--periode", "2020Q1", "--tabel", "ada-kandidaten"])
    assert r.stdout.splitlines()[-1] == "Totaal,0,1,0,1,300,0%"  # the published 2020 budget: 300
    r = importeer(bestand(tmp_path, "\n".join([KOP, "T-1,velsen,2020-04-01,trede,4"]) + "\n", "tweede.csv"))
    assert r.exit_code == 1 and "regel 2: het traject staat al op trede 4" in r.output


def test_streamed_in_batches_a_bad_line_late_in_the_file_still_leaves_nothing(store: str, tmp_path: Path,
                                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """The file goes through in batches (casestore/historie_stroom.py): with batches of two rows and two
    referenties the first referenties' events are written before the last one's bad line is met; the whole
    import still rolls back, and every bad line is listed."""
    import casestore.historie_stroom as stroom

    monkeypatch.setattr(stroom, "BATCH", 2)
    monkeypatch.setattr(stroom, "REFS", 2)
    rijen = [KOP] + [f"H-{i:02},velsen,2021-01-04,aanmelding," for i in range(1, 9)]
    rijen += ["H-99,velsen,2021-01-04,fase,Kennismaking", "H-99,velsen,2021-02-04,fase,Kennismaking"]
    r = importeer(bestand(tmp_path, "\n".join(rijen) + "\n"))
    assert r.exit_code == 1 and "1 regel is fout" in r.output
    assert "regel 11: het traject staat al in fase 'Kennismaking'" in r.output, r.output
    assert tellingen(store) == (0, 0)
    r = importeer(bestand(tmp_path, "\n".join(rijen[:-1]) + "\n", "goed.csv"))  # without it: all of it, in batches
    assert r.exit_code == 0 and "9 gebeurtenissen geïmporteerd uit goed.csv (import 1; 9 regels" in r.output, r.output
    assert tellingen(store) == (9, 1)


def test_a_non_utf8_line_late_in_a_streamed_file(store: str, tmp_path: Path) -> None:
    rijen = [KOP.encode()] + [f"H-{i},velsen,2021-01-04,aanmelding,".encode() for i in range(3000)]
    rijen.append("H-x,v\xe9lsen,2021-01-04,aanmelding,".encode("latin-1"))  # past the reader's first blocks
    r = importeer(bestand(tmp_path, b"\n".join(rijen) + b"\n"))
    assert r.exit_code == 1 and r.output.strip() == ("Fout: historie.csv: het bestand is geen UTF-8 (regel 3002); sla "
                                                     "het op als CSV UTF-8."), r.output
    assert tellingen(store) == (0, 0)


def test_a_file_that_changes_while_it_is_imported_is_refused(store: str, tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    import werkpad.cli_import as ci

    pad = bestand(tmp_path, GOED)
    echt = ci._bestand

    def en_dan_gewijzigd(b: str) -> Any:
        uit = echt(b)
        Path(pad).write_text(GOED.replace("werkaanvaarding", "voortijdig_afgebroken"), encoding="utf-8")
        return uit

    monkeypatch.setattr(ci, "_bestand", en_dan_gewijzigd)
    r = importeer(pad)
    assert r.exit_code == 1 and "het bestand is tijdens het importeren gewijzigd" in r.output, r.output
    assert tellingen(store) == (0, 0)
