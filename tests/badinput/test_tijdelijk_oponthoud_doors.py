"""The doors of tijdelijk oponthoud (CLI): refused with one Dutch line, nothing written. The input model refuses bad
input before a run exists; the step refuses what depends on the case or the clock, inside its run."""

from __future__ import annotations

from typing import Any

import pytest
from typer.testing import CliRunner

from tests.badinput.test_catalogue import assert_unchanged, gemeente, inhoud, seed, world  # noqa: F401 (fixtures)
from tests.badinput.test_traject_fasen_doors import stappen  # noqa: F401 (fixture)

CASES = [
    ("start-referentie-is-bsn", ["start", "999900006", "--reden", "Ziekenhuisopname"], "trajectnummer"),
    ("start-reden-te-kort", ["start", "{ref_open}", "--reden", "ziek"], "--reden"),
    ("start-reden-met-regeleinde", ["start", "{ref_open}", "--reden", "Twee\nregels tekst"], "regeleinde"),
    ("start-tot-in-verleden", ["start", "{ref_open}", "--reden", "Tijdelijk weg", "--tot", "2020-01-01"],
     "moet na vandaag liggen"),
    ("start-tot-over-twee-jaar", ["start", "{ref_open}", "--reden", "Tijdelijk weg", "--tot", "2099-01-01"],
     "meer dan een jaar vooruit"),
    ("start-tot-geen-datum", ["start", "{ref_open}", "--reden", "Tijdelijk weg", "--tot", "morgen"], "geen geldige datum"),
    ("start-afgesloten-traject", ["start", "{ref_dicht}", "--reden", "Tijdelijk weg"], "afgesloten"),
    ("start-onbekend-traject", ["start", "IJW-2026-999999", "--reden", "Tijdelijk weg"], "Onbekend traject"),
    ("start-reden-met-bsn", ["start", "{ref_open}", "--reden", "BSN 999900043 is ziek"], "negen cijfers"),
    ("start-reden-met-nel", ["start", "{ref_open}", "--reden", "Deelnemer\u0085ziek lang"], "regeleinde"),
    ("start-reden-met-lijnscheiding", ["start", "{ref_open}", "--reden", "Deelnemer\u2028ziek"], "regeleinde"),
    ("verlengen-zonder-oponthoud", ["verlengen", "{ref_open}", "--tot", "2027-01-04", "--reden", "Nog even"],
     "geen tijdelijk oponthoud"),
    ("beeindigen-zonder-oponthoud", ["beeindigen", "{ref_open}", "--toelichting", "Weer beschikbaar"],
     "geen tijdelijk oponthoud"),
    ("beeindigen-toelichting-te-kort", ["beeindigen", "{ref_open}", "--toelichting", "ok"], "--toelichting"),
]


@pytest.mark.parametrize(("args", "msg"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_tijdelijk_oponthoud_refuses(stappen: dict[str, Any], args: list[str], msg: str) -> None:  # noqa: F811
    from werkpad.cli import app

    w = stappen
    voor, sim_voor = inhoud(w["url"]), gemeente(w["sim"])
    r = CliRunner().invoke(app, ["tijdelijk-oponthoud", *(a.format(**w["ids"]) if "{" in a else a for a in args)])
    regels = r.output.strip().splitlines()
    assert r.exit_code == 1 and len(regels) == 1 and regels[0].startswith("Fout: ") and msg in regels[0], r.output
    assert_unchanged(w, voor, sim_voor)
