"""The bezwaar procedure and the dwangsom through the public doors (issue 20): `werkpad maatregel …` with `--nu`,
the flows in-process on the session's Prefect test server; the letters as files (0600) and `maatregel status`
showing the running dwangsom.

Dates (hand-computed): invited Mon 14-12-2026, the reaction term runs ten werkdagen to Tue 29-12 (Christmas
between), so the beschikking is approved and sent Wed 30-12-2026 (Awb 4:8) → bezwaar six weeks, until Wed 10-2-2027
(Awb 6:7/6:8) → decide six weeks later, by Wed 24-3-2027 (7:10 lid 1) → verdaagd six weeks to Wed 5-5, Bevrijdingsdag,
then Hemelvaartsdag 6-5 and the KB day 7-5, so Mon 10-5-2027 (7:10 lid 3; Atw art. 1, art. 3 lid 1 and 3);
ingebrekestelling Tue 11-5 → two weeks to Tue 25-5 → dwangsom from Wed 26-5, at most 42 days to Tue 6-7 (4:17 lid 1
and 3, no Atw)."""

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
    keur_goed(rt, referentie=ref, type="M1M10", nu=at("2026-12-30T09:30"), actor=TL)  # TL signs for Velsen

    def ok(*args: str) -> str:
        r = werkpad(*args)
        assert r.exit_code == 0, r.output
        return " ".join(r.output.split())

    def nee(*args: str) -> str:
        r = werkpad(*args)
        assert r.exit_code == 1, r.output
        return " ".join(r.output.split())

    assert "beslissen uiterlijk 2027-03-24" in ok("maatregel", "bezwaar", ref, "--ontvangen-op", "2027-01-05",
                                                   "--nu", "2027-01-05T10:00")
    assert "Awb 7:4 lid 1" in nee("maatregel", "bezwaar-horen", ref, "--op", "2027-01-14 10:00", "--locatie",
                                  "Kantoor Velsen", "--nu", "2027-01-11T10:00")
    h = ok("maatregel", "bezwaar-horen", ref, "--op", "2027-02-01 10:00", "--locatie", "Kantoor Velsen",
           "--nu", "2027-01-11T10:00")
    assert "hoorzitting op 2027-02-01 10:00; nadere stukken tot en met 2027-01-22" in h
    v = ok("maatregel", "bezwaar-verdagen", ref, "--nu", "2027-03-01T10:00")
    assert "verdaagd tot uiterlijk 2027-05-10" in v
    verdaging = v.split("is document ")[1].split(".")[0]
    assert "te vroeg" in nee("maatregel", "ingebrekestelling", ref, "--over", "bezwaar", "--ontvangen-op",
                             "2027-05-10", "--nu", "2027-05-10T10:00")
    i = ok("maatregel", "ingebrekestelling", ref, "--over", "bezwaar", "--ontvangen-op", "2027-05-11",
           "--nu", "2027-05-11T10:00")
    assert "beslis uiterlijk 2027-05-25, daarna dwangsom vanaf 2027-05-26" in i and "2027-07-06" in i
    st = ok("maatregel", "status", ref, "--nu", "2027-06-03T12:00")  # day 9 of 26-5 … 3-6: 9 × € 23
    assert "dwangsom (bezwaar #" in st and "loopt sinds 2027-05-26: 9 dag(en), € 207 tot vandaag" in st
    assert "max € 1.442 op" in st  # every amount written one way (€ 1.442), as the letters do
    b = ok("maatregel", "bezwaar-beslissen", ref, "--uitkomst", "deels-gegrond", "--percentage", "5", "--maanden",
           "1", "--door", TL, "--nu", "2027-06-03T10:00")
    assert "bezwaar deels-gegrond; de maatregel is herzien" in b
    st = ok("maatregel", "status", ref, "--nu", "2027-06-04T12:00")
    # decided Thu 3-6: the 4:18 beschikking within two weeks, by Thu 17-6
    assert "5% × 1 mnd" in st and "gestopt op 2027-06-03: 9 dag(en), € 207; vaststellen uiterlijk 2027-06-17" in st
    d = ok("maatregel", "dwangsom-vaststellen", ref, "--over", "bezwaar", "--door", TL, "--nu", "2027-06-04T10:00")
    assert "dwangsom vastgesteld: € 207 over 9 dag(en)" in d
    nummer = d.split("brief document ")[1].split(".")[0]
    pdf = Path(ok("maatregel", "brief", ref, "--document", nummer))
    assert pdf.suffix == ".pdf" and _modus(pdf) == 0o600
    tekst = " ".join(" ".join(p.extract_text() for p in PdfReader(str(pdf)).pages).split())
    assert NAAM in tekst and "26 mei 2027 tot en met 3 juni 2027" in tekst
    assert "geen document 999999" in nee("maatregel", "brief", ref, "--document", "999999")
    brief = Path(ok("maatregel", "brief", ref, "--document", verdaging))
    tekst = " ".join(" ".join(p.extract_text() for p in PdfReader(str(brief)).pages).split())
    assert "uiterlijk op 10 mei 2027" in tekst and "7:10, vijfde lid" in tekst
