"""The configuration files' loaders: a missing or malformed file is one Dutch sentence that names
the file and its setting, with the loader's own error type."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from domain.kalender import KalenderFout
from domain.maatregel import RegeltabelFout
from domain.rapport import AfsprakenFout
from tasks.config import load_afspraken, load_gemeenten, load_kalender, load_maatregelen


@pytest.mark.parametrize(("laad", "fout", "naam", "instelling"), [
    (load_kalender, KalenderFout, "Feestdagenbestand", "WERKPAD_FEESTDAGEN_FILE"),
    (load_gemeenten, ValueError, "Gemeentenbestand", "WERKPAD_GEMEENTEN_FILE"),
    (load_maatregelen, RegeltabelFout, "Maatregelenbestand", "WERKPAD_MAATREGELEN_FILE"),
    (load_afspraken, AfsprakenFout, "Afsprakenbestand", "WERKPAD_AFSPRAKEN_FILE"),
])
def test_missing_and_malformed_files(tmp_path: Path, laad: Callable[[Path], Any], fout: type[Exception], naam: str,
                                     instelling: str) -> None:
    weg = tmp_path / "weg.toml"
    with pytest.raises(fout) as e:
        laad(weg)
    assert str(e.value) == f"{naam} {weg} bestaat niet ({instelling})."
    kapot = tmp_path / "kapot.toml"
    kapot.write_text("[2024\nwerkaanvaarding = ", encoding="utf-8")
    with pytest.raises(fout) as e:
        laad(kapot)
    assert str(e.value).startswith(f"{naam} {kapot} is geen geldige TOML: ")
    assert "line" not in str(e.value) and "Expected" not in str(e.value)  # tomllib's English stays out
    with pytest.raises(fout) as e:
        laad(tmp_path)  # a folder given as the file
    assert str(e.value) == f"{naam} {tmp_path} is een map, geen bestand ({instelling})."
    latin1 = tmp_path / "latin1.toml"
    latin1.write_bytes("# gemeente Heemskerk – café\n".encode("cp1252"))
    with pytest.raises(fout) as e:
        laad(latin1)
    assert str(e.value).startswith(f"{naam} {latin1} is geen UTF-8-tekst (byte ")


def _met(tmp_path: Path, bron: Path, oud: str, nieuw: str) -> Path:
    tekst = bron.read_text(encoding="utf-8")
    assert oud in tekst
    pad = tmp_path / bron.name
    pad.write_text(tekst.replace(oud, nieuw, 1), encoding="utf-8")
    return pad


def test_a_misspelt_key_is_refused_naming_file_and_key(tmp_path: Path) -> None:
    """Issue 19 point 12: `herbeoordeling_pva_weeken` silently gave Heemskerk 26 weeks instead of 13."""
    from tasks.settings import DEFAULT_GEMEENTEN_FILE, DEFAULT_MAATREGELEN_FILE

    tekst = DEFAULT_GEMEENTEN_FILE.read_text(encoding="utf-8")
    heemskerk = tekst.index("[heemskerk]")
    pad = tmp_path / "gemeenten.toml"
    pad.write_text(tekst[:heemskerk] + tekst[heemskerk:].replace("herbeoordeling_pva_weken", "herbeoordeling_pva_weeken",
                                                                  1), encoding="utf-8")
    with pytest.raises(ValueError) as e:
        load_gemeenten(pad)
    assert str(e.value) == (f"Gemeentenbestand {pad}, [heemskerk]: onbekende sleutel 'herbeoordeling_pva_weeken' "
                            "(bedoelt u 'herbeoordeling_pva_weken'?).")
    pad = _met(tmp_path, DEFAULT_GEMEENTEN_FILE, "[velsen]", "[velzen]")
    with pytest.raises(ValueError, match=r"onbekende gemeente \[velzen\]; kies uit beverwijk, heemskerk, velsen\.$"):
        load_gemeenten(pad)
    pad = _met(tmp_path, DEFAULT_GEMEENTEN_FILE, "contact_weken = 4", "contact_weken = 400")
    with pytest.raises(ValueError) as e:
        load_gemeenten(pad)
    assert str(e.value) == f"Gemeentenbestand {pad}, [velsen], contact_weken: hoogstens 26."  # pydantic's, in Dutch
    pad = _met(tmp_path, DEFAULT_GEMEENTEN_FILE, "contact_weken = 4", "contact_weken = 'vier'")
    with pytest.raises(ValueError, match=r"\[velsen\], contact_weken: geen geheel getal\.$"):
        load_gemeenten(pad)
    pad = _met(tmp_path, DEFAULT_MAATREGELEN_FILE, "verordening =", "verordenig =")
    with pytest.raises(RegeltabelFout) as e2:
        load_maatregelen(pad)
    assert str(e2.value) == f"{pad}, versie 1: onbekende sleutel 'verordenig' (bedoelt u 'verordening'?)."
    pad = _met(tmp_path, DEFAULT_MAATREGELEN_FILE, "uitkomsten =", "uitkomst =")
    with pytest.raises(RegeltabelFout, match=r"versie 1, gedraging 1: onbekende sleutel 'uitkomst' \(bedoelt u "):
        load_maatregelen(pad)
    pad = _met(tmp_path, DEFAULT_MAATREGELEN_FILE, "# ", "versies = 1\n# ")
    with pytest.raises(RegeltabelFout, match=r": onbekende sleutel 'versies' \(bedoelt u 'versie'\?\)"):
        load_maatregelen(pad)


def test_every_shipped_file_still_loads() -> None:
    from tasks.config import controleer_configuratie
    from tasks.settings import Settings

    assert controleer_configuratie(Settings()) is None
