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
