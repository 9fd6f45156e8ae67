"""Issue 20 item 23: `case show` shows the Dutch labels each process declares, not its status codes, and keeps
the waking timers (wekkers) out of the list of termijnen and taken, in their own labelled section."""

from __future__ import annotations

from typing import Any

from tasks import runtime
from tests.cli.test_cli import cli_env, invoke  # noqa: F401 (fixture)
from tests.conftest import wachtend_traject


def secties(uitvoer: str) -> dict[str, str]:
    """The output split at the table titles."""
    titels = ["Processen", "Tijdlijn", "Open termijnen en taken", "Open taken", "Wekkers"]
    plekken = sorted((uitvoer.index(t), t) for t in titels if t in uitvoer)
    return {t: uitvoer[i:(plekken[n + 1][0] if n + 1 < len(plekken) else len(uitvoer))]
            for n, (i, t) in enumerate(plekken)}


def test_case_show_labels_and_wekkers_apart(cli_env: str, sim: Any) -> None:  # noqa: F811
    ref = wachtend_traject(runtime.get(), "999900468")  # uitkering gate waits; the inspanningsperiode runs
    r = invoke("case", "show", ref)
    assert r.exit_code == 0, r.output
    deel = secties(r.output)
    processen = deel["Processen"]  # a narrow terminal wraps cells: look for words on one line
    assert "Uitkeringsbesluit" in processen and "Wacht op besluit" in processen and "Afgerond" in processen
    assert "Wachttermijn" in processen and "Loopt" in processen and "Brede intake" in processen
    for code in ("uitkering ", " wacht ", "brede intake", "afgerond", "loopt"):  # the stored codes, lower case
        assert code not in processen, processen
    # the inspanningsperiode wakes the case by itself: a wekker, not a termijn someone acts on
    assert "Inspanningsperiode" in deel["Wekkers"] and "niemand hoeft iets te doen" in deel["Wekkers"]
    assert "Inspanningsperiode" not in deel["Open termijnen en taken"]
    assert "Besluit" in deel["Open termijnen en taken"] and "Awb art. 4:13" in deel["Open termijnen en taken"]
