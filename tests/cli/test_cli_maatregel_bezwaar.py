"""The bezwaar procedure and the dwangsom through the public doors (issue 20): `werkpad maatregel …` with `--nu`,
the flows in-process on the session's Prefect test server; the letters as files (0600) and `maatregel status`
showing the running dwangsom.

Dates (hand-computed): beschikking sent Mon 21-12-2026 → bezwaar until Mon 1-2-2027 → decide by Mon 15-3-2027,
verdaagd to Mon 26-4-2027; ingebrekestelling Tue 27-4 → two weeks to Tue 11-5 → dwangsom from Wed 12-5."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from tests.cli.test_cli_maatregel import _lopend, _modus, _tot_vier_ogen, cli, werkpad  # noqa: F401
from tests.conftest import at
from tests.flows.test_maatregel_flows import BSN, NAAM, TL


def test_the_bezwaar_walk_on_the_command_line(prefect: Any, rt: Any, sim: Any, cli: Any,  # noqa: F811
                                              monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from tasks.maatregel import keur_goed

    monkeypatch.chdir(tmp_path)
    ref = _lopend(rt, sim, BSN)
    _tot_vier_ogen(rt, ref)
    keur_goed(rt, referentie=ref, type="M1M10", nu=at("2026-12-21T09:30"), actor=TL)

    def ok(*args: str) -> str:
        r = werkpad(*args)
        assert r.exit_code == 0, r.output
        return " ".join(r.output.split())

    def nee(*args: str) -> str:
        r = werkpad(*args)
        assert r.exit_code == 1, r.output
        return " ".join(r.output.split())

    assert "beslissen uiterlijk 2027-03-15" in ok("maatregel", "bezwaar", ref, "--ontvangen-op", "2027-01-05",
                                                   "--nu", "2027-01-05T10:00")
    assert "Awb 7:4 lid 1" in nee("maatregel", "bezwaar-horen", ref, "--op", "2027-01-14 10:00", "--locatie",
                                  "Kantoor Velsen", "--nu", "2027-01-11T10:00")
    h = ok("maatregel", "bezwaar-horen", ref, "--op", "2027-02-01 10:00", "--locatie", "Kantoor Velsen",
           "--nu", "2027-01-11T10:00")
    assert "hoorzitting op 2027-02-01 10:00; nadere stukken tot en met 2027-01-22" in h
    v = ok("maatregel", "bezwaar-verdagen", ref, "--nu", "2027-03-01T10:00")
    assert "verdaagd tot uiterlijk 2027-04-26" in v
    verdaging = v.split("is document ")[1].split(".")[0]
    assert "te vroeg" in nee("maatregel", "ingebrekestelling", ref, "--over", "bezwaar", "--ontvangen-op",
                             "2027-04-26", "--nu", "2027-04-26T10:00")
    i = ok("maatregel", "ingebrekestelling", ref, "--over", "bezwaar", "--ontvangen-op", "2027-04-27",
           "--nu", "2027-04-27T10:00")
    assert "beslis uiterlijk 2027-05-11, daarna dwangsom vanaf 2027-05-12" in i and "2027-06-22" in i
    st = ok("maatregel", "status", ref, "--nu", "2027-05-20T12:00")
    assert "dwangsom (bezwaar #" in st and "loopt sinds 2027-05-12: 9 dag(en), € 207 tot vandaag" in st
    b = ok("maatregel", "bezwaar-beslissen", ref, "--uitkomst", "deels-gegrond", "--percentage", "5", "--maanden",
           "1", "--door", TL, "--nu", "2027-05-20T10:00")
    assert "bezwaar deels-gegrond; de maatregel is herzien" in b
    st = ok("maatregel", "status", ref, "--nu", "2027-05-21T12:00")
    assert "5% × 1 mnd" in st and "gestopt op 2027-05-20: 9 dag(en), € 207; vaststellen uiterlijk 2027-06-03" in st
    d = ok("maatregel", "dwangsom-vaststellen", ref, "--over", "bezwaar", "--door", TL, "--nu", "2027-05-21T10:00")
    assert "dwangsom vastgesteld: € 207 over 9 dag(en)" in d
    nummer = d.split("brief document ")[1].split(".")[0]
    pdf = Path(ok("maatregel", "brief", ref, "--document", nummer))
    assert pdf.suffix == ".pdf" and _modus(pdf) == 0o600
    tekst = " ".join(" ".join(p.extract_text() for p in PdfReader(str(pdf)).pages).split())
    assert NAAM in tekst and "12 mei 2027 tot en met 20 mei 2027" in tekst
    assert "geen document 999999" in nee("maatregel", "brief", ref, "--document", "999999")
    brief = Path(ok("maatregel", "brief", ref, "--document", verdaging))
    tekst = " ".join(" ".join(p.extract_text() for p in PdfReader(str(brief)).pages).split())
    assert "uiterlijk op 26 april 2027" in tekst and "7:10, vijfde lid" in tekst
