"""`werkpad up` with a bad configuration file or setting: one Dutch line naming the file, the key or
the variable, a non-zero exit, no traceback, and no data folder made (issue 19 points 10 and 12)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.cli.test_up import ROOT, vrije_poort

CONFIG = ROOT / "werkpad"


def _kopie(tmp_path: Path, naam: str, oud: str, nieuw: str) -> Path:
    tekst = (CONFIG / naam).read_text(encoding="utf-8")
    assert oud in tekst
    pad = tmp_path / naam
    pad.write_text(tekst.replace(oud, nieuw, 1), encoding="utf-8")
    return pad


def _geval(tmp_path: Path, geval: str) -> tuple[dict[str, str], str]:
    """The environment of one bad start, and what its one line must contain."""
    if geval == "gemeenten-sleutel":
        pad = _kopie(tmp_path, "gemeenten.toml", "herbeoordeling_pva_weken", "herbeoordeling_pva_weeken")
        return {"WERKPAD_GEMEENTEN_FILE": str(pad)}, (f"Gemeentenbestand {pad}, [velsen]: onbekende sleutel "
                                                      "'herbeoordeling_pva_weeken' (bedoelt u 'herbeoordeling_pva_weken'?).")
    if geval == "gemeenten-waarde":
        pad = _kopie(tmp_path, "gemeenten.toml", "contact_weken = 4", "contact_weken = 0")
        return {"WERKPAD_GEMEENTEN_FILE": str(pad)}, f"Gemeentenbestand {pad}, [velsen], contact_weken: minstens 1."
    if geval == "maatregelen-toml":
        pad = _kopie(tmp_path, "maatregelen.toml", "\n[[versie]]\n", "\n[[versie]\n")
        return {"WERKPAD_MAATREGELEN_FILE": str(pad)}, f"Maatregelenbestand {pad} is geen geldige TOML: fout op regel "
    if geval == "maatregelen-sleutel":
        pad = _kopie(tmp_path, "maatregelen.toml", "grondslag =", "grondslagen =")
        return {"WERKPAD_MAATREGELEN_FILE": str(pad)}, "onbekende sleutel 'grondslagen' (bedoelt u 'grondslag'?)."
    if geval == "feestdagen-utf8":
        pad = tmp_path / "feestdagen.toml"
        pad.write_bytes("# Bevrijdingsdag – één keer\n".encode("cp1252"))
        return {"WERKPAD_FEESTDAGEN_FILE": str(pad)}, f"Feestdagenbestand {pad} is geen UTF-8-tekst (byte "
    if geval == "feestdagen-map":
        return {"WERKPAD_FEESTDAGEN_FILE": str(tmp_path)}, (f"Feestdagenbestand {tmp_path} is een map, geen bestand "
                                                            "(WERKPAD_FEESTDAGEN_FILE).")
    if geval == "feestdagen-weg":
        pad = tmp_path / "weg.toml"
        return {"WERKPAD_FEESTDAGEN_FILE": str(pad)}, f"Feestdagenbestand {pad} bestaat niet (WERKPAD_FEESTDAGEN_FILE)."
    if geval == "poort-te-hoog":
        return {"WERKPAD_STACK__PREFECT_PORT": "70000"}, "WERKPAD_STACK__PREFECT_PORT: hoogstens 65535."
    if geval == "poort-geen-getal":
        return {"WERKPAD_MAIL__SMTP_PORT": "acht"}, "WERKPAD_MAIL__SMTP_PORT: geen geheel getal."
    if geval == "casestore-url-kapot":
        return {"WERKPAD_CASESTORE__URL": "werkpad.db"}, "WERKPAD_CASESTORE__URL is geen geldige database-URL"
    if geval == "casestore-onbereikbaar":
        poort = vrije_poort()  # nothing listens there
        return ({"WERKPAD_CASESTORE__URL": f"postgresql://werkpad:geheim@127.0.0.1:{poort}/werkpad"},
                f"De case store postgresql://werkpad:***@127.0.0.1:{poort}/werkpad is niet te openen (")
    if geval == "xsd-map-leeg":
        return {"WERKPAD_SUWINET__SPECS_DIR": str(tmp_path)}, (f"De XSD's van BKWI staan niet in {tmp_path} ("
                                                               "UWVDossierQuotumArbeidsbeperktenGSD-v0300-b01/")
    if geval == "xsd-productie-zonder":  # outside development BKWI's XSDs are required
        return ({"WERKPAD_OMGEVING": "productie", "WERKPAD_GEMEENTE__SECRET": "p" * 32,
                 "WERKPAD_SUWINET__PASSWORD": "eigen-suwi", "WERKPAD_INLICHTINGENBUREAU__PASSWORD": "eigen-ib",
                 "WERKPAD_NOTIFICATIES__TOKEN": "eigen-notificatietoken-1234"},
                "WERKPAD_SUWINET__SPECS_DIR is niet gezet: in omgeving 'productie' controleert werkpad elk Suwinet- "
                "en IB-bericht tegen de XSD's van BKWI; zet de map met die XSD's.")
    raise AssertionError(geval)


GEVALLEN = ["gemeenten-sleutel", "gemeenten-waarde", "maatregelen-toml", "maatregelen-sleutel", "feestdagen-utf8",
            "feestdagen-map", "feestdagen-weg", "poort-te-hoog", "poort-geen-getal", "casestore-url-kapot",
            "casestore-onbereikbaar", "xsd-map-leeg", "xsd-productie-zonder"]


@pytest.mark.parametrize("geval", GEVALLEN)
def test_up_with_bad_configuration_is_one_line_and_writes_nothing(tmp_path: Path, geval: str) -> None:
    extra, verwacht = _geval(tmp_path, geval)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("WERKPAD_", "PREFECT_"))}
    env.update({"WERKPAD_MAIL__SMTP_PORT": str(vrije_poort()), "WERKPAD_STACK__SIMULATOR_PORT": str(vrije_poort()),
                "WERKPAD_STACK__PREFECT_PORT": str(vrije_poort()),
                "WERKPAD_STACK__KETENPARTNER_PORT": str(vrije_poort()), "WERKPAD_DATA_DIR": str(tmp_path / "data")})
    env.update(extra)
    p = subprocess.run([sys.executable, "-m", "werkpad.cli", "up"], cwd=ROOT, env=env, capture_output=True, text=True,
                       timeout=60)
    assert p.returncode != 0
    assert "Traceback" not in p.stdout + p.stderr
    assert p.stdout == ""
    regels = p.stderr.splitlines()
    assert len(regels) == 1 and regels[0].startswith("Fout: ") and verwacht in regels[0], p.stderr
    assert "geheim" not in p.stderr  # a password in the URL is never shown
    assert not (tmp_path / "data").exists()  # checked before the data folder is made
