"""Configuration files (gemeenten, KB feestdagen): read with tomllib, checked by domain rules.

Where they are is a setting (`WERKPAD_GEMEENTEN_FILE`, `WERKPAD_FEESTDAGEN_FILE`); these
functions only read the path they are given. Kept apart from tasks/runtime.py so that commands
that only need the calendar (`werkpad termijn`) do not import the case store, httpx and the
rest (about 0.4 s).
"""

from __future__ import annotations

import tomllib
from datetime import time
from pathlib import Path
from typing import Any

from domain.gemeenten import Gemeente, GemeenteConfig
from domain.kalender import Kalender, KalenderFout, kb_besluiten_uit
from domain.maatregel import Regeltabel, RegeltabelFout, regeltabel_uit
from domain.rapport import Afspraken, AfsprakenFout, afspraken_uit


def _lees_toml(path: Path, naam: str, instelling: str, fout: type[Exception]) -> dict[str, Any]:
    """A configuration file as TOML; missing or malformed is one Dutch sentence naming the setting."""
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise fout(f"{naam} {path} bestaat niet ({instelling}).") from None
    except tomllib.TOMLDecodeError as exc:
        raise fout(f"{naam} {path} is geen geldige TOML: {exc}.") from None


def load_kalender(path: Path) -> Kalender:
    """The Atw calendar: the KB decrees known in code plus those an operator added to `path`.

    A missing or malformed file stops the process with one Dutch sentence: computing terms
    without a decree the operator meant to add would end them a werkdag early.
    """
    raw = _lees_toml(path, "Feestdagenbestand", "WERKPAD_FEESTDAGEN_FILE", KalenderFout)
    return Kalender().met(kb_besluiten_uit(raw, bron=str(path)))


def load_gemeenten(path: Path) -> dict[Gemeente, GemeenteConfig]:
    raw = _lees_toml(path, "Gemeentenbestand", "WERKPAD_GEMEENTEN_FILE", ValueError)
    out = {}
    for naam, cfg in raw.items():
        cfg = dict(cfg)
        cfg["intake_tijden"] = [time.fromisoformat(t) for t in cfg.get("intake_tijden", [])]
        g = GemeenteConfig(gemeente=Gemeente(naam), **cfg)
        out[g.gemeente] = g
    missing = set(Gemeente) - set(out)
    if missing:
        raise ValueError(f"Configuratie {path} mist gemeente(n): {', '.join(sorted(missing))}")
    return out


def load_maatregelen(path: Path) -> Regeltabel:
    """The gemeenten's maatregelenverordeningen as data (versions with geldig_vanaf); a missing or
    wrong file stops the process with one Dutch sentence: a maatregel from a guessed table is unlawful."""
    raw = _lees_toml(path, "Maatregelenbestand", "WERKPAD_MAATREGELEN_FILE", RegeltabelFout)
    return regeltabel_uit(raw, bron=str(path))


def load_afspraken(path: Path) -> Afspraken:
    """The yearly targets (Afspraak) of the kwartaalrapportage; a missing or wrong file stops with one sentence."""
    raw = _lees_toml(path, "Afsprakenbestand", "WERKPAD_AFSPRAKEN_FILE", AfsprakenFout)
    return afspraken_uit(raw, bron=str(path))
