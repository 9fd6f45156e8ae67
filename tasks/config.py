"""Configuration files (gemeenten, KB feestdagen): read with tomllib, checked by domain rules.

Where they are is a setting (`WERKPAD_GEMEENTEN_FILE`, `WERKPAD_FEESTDAGEN_FILE`); these
functions only read the path they are given. Kept apart from tasks/runtime.py so that commands
that only need the calendar (`werkpad termijn`) do not import the case store, httpx and the
rest (about 0.4 s).
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from domain.errors import DomainError
from domain.gemeenten import Gemeente, GemeenteConfig, UitkeringConfig
from domain.invoer import beschrijf_validatiefout, onbekende_sleutels
from domain.kalender import Kalender, KalenderFout, kb_besluiten_uit
from domain.maatregel import Regeltabel, RegeltabelFout, regeltabel_uit
from domain.maatregel.regeltabel import Ladder, ladders_uit
from domain.rapport import Afspraken, AfsprakenFout, afspraken_uit


def _lees_toml(path: Path, naam: str, instelling: str, fout: type[Exception]) -> dict[str, Any]:
    """A configuration file as TOML; missing, unreadable or malformed is one Dutch sentence naming
    the file and the setting (never a traceback: `werkpad up` checks these before it writes anything)."""
    try:
        tekst = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise fout(f"{naam} {path} bestaat niet ({instelling}).") from None
    except IsADirectoryError:
        raise fout(f"{naam} {path} is een map, geen bestand ({instelling}).") from None
    except UnicodeDecodeError as exc:
        raise fout(f"{naam} {path} is geen UTF-8-tekst (byte {exc.start}); sla het op als UTF-8 ({instelling}).") \
            from None
    except OSError as exc:
        raise fout(f"{naam} {path} is niet te lezen: {exc.strerror or type(exc).__name__} ({instelling}).") from None
    try:
        return tomllib.loads(tekst)
    except tomllib.TOMLDecodeError as exc:
        plek = re.search(r"\(at line (\d+), column (\d+)\)", str(exc))
        waar = f"fout op regel {plek.group(1)}, kolom {plek.group(2)}" if plek else "fout aan het eind"
        raise fout(f"{naam} {path} is geen geldige TOML: {waar} (controleer haakjes, aanhalingstekens en '=').") \
            from None


class ConfigFout(DomainError):
    """A configuration file werkpad cannot use: one Dutch sentence naming the file and the key
    (a ValueError, as load_gemeenten raised before)."""


def load_kalender(path: Path) -> Kalender:
    """The Atw calendar: the KB decrees known in code plus those an operator added to `path`.

    A missing or malformed file stops the process with one Dutch sentence: computing terms
    without a decree the operator meant to add would end them a werkdag early.
    """
    raw = _lees_toml(path, "Feestdagenbestand", "WERKPAD_FEESTDAGEN_FILE", KalenderFout)
    return Kalender().met(kb_besluiten_uit(raw, bron=str(path)))


def load_gemeenten(path: Path) -> dict[Gemeente, GemeenteConfig]:
    """Every gemeente's arrangements; an unknown gemeente or key, or a bad value, is one Dutch
    sentence naming the file, the gemeente and the key."""
    raw = _lees_toml(path, "Gemeentenbestand", "WERKPAD_GEMEENTEN_FILE", ConfigFout)
    out = {}
    for naam, cfg in raw.items():
        waar = f"Gemeentenbestand {path}, [{naam}]"
        if naam not in {g.value for g in Gemeente}:
            raise ConfigFout(f"Gemeentenbestand {path}: onbekende gemeente [{naam[:40]}]; kies uit "
                             f"{', '.join(g.value for g in Gemeente)}.")
        if not isinstance(cfg, dict):
            raise ConfigFout(f"{waar}: geen tabel; schrijf [{naam}] met de instellingen eronder.")
        if fout := onbekende_sleutels(cfg, set(GemeenteConfig.model_fields) - {"gemeente"}):
            raise ConfigFout(f"{waar}: {fout}.")
        uitkering = cfg.get("uitkering", {})
        if isinstance(uitkering, dict) and (fout := onbekende_sleutels(uitkering, UitkeringConfig.model_fields)):
            raise ConfigFout(f"{waar[:-1]}.uitkering]: {fout}.")
        try:
            g = GemeenteConfig(gemeente=Gemeente(naam), **cfg)
        except ValidationError as exc:
            raise ConfigFout(f"{waar}, {beschrijf_validatiefout(exc)}") from None
        out[g.gemeente] = g
    missing = set(Gemeente) - set(out)
    if missing:
        raise ConfigFout(f"Gemeentenbestand {path} mist gemeente(n): {', '.join(sorted(missing))}.")
    return out


# The law's ladder of Pw art. 18 lid 5-8, versioned by date (data, not code); shipped with werkpad because it
# is the law, not a gemeente's choice. A maatregelen file with its own [[wet]] does not read it.
WET_FILE = Path(__file__).resolve().parents[1] / "werkpad" / "arbeidsverplichtingen.toml"


def load_ladders(path: Path = WET_FILE) -> tuple[Ladder, ...]:
    """The versions of the statutory ladder for the geüniformeerde arbeidsverplichtingen ([[wet]])."""
    raw = _lees_toml(path, "Wettelijke ladder", "werkpad/arbeidsverplichtingen.toml", RegeltabelFout)
    if fout := onbekende_sleutels(raw, ("wet",)):
        raise RegeltabelFout(f"{path}: {fout}; schrijf elke versie van de wet als [[wet]].")
    return ladders_uit(raw.get("wet", []), str(path))


def load_maatregelen(path: Path) -> Regeltabel:
    """The gemeenten's maatregelenverordeningen as data (versions with geldig_vanaf) and the law's ladder of
    art. 18 lid 5-8 (its own [[wet]], else werkpad/arbeidsverplichtingen.toml); a missing or wrong file stops
    the process with one Dutch sentence: a maatregel from a guessed table is unlawful."""
    raw = _lees_toml(path, "Maatregelenbestand", "WERKPAD_MAATREGELEN_FILE", RegeltabelFout)
    wet = () if isinstance(raw, dict) and "wet" in raw else load_ladders()
    return regeltabel_uit(raw, bron=str(path), wet=wet)


def load_afspraken(path: Path) -> Afspraken:
    """The yearly targets (Afspraak) of the kwartaalrapportage; a missing or wrong file stops with one sentence."""
    raw = _lees_toml(path, "Afsprakenbestand", "WERKPAD_AFSPRAKEN_FILE", AfsprakenFout)
    return afspraken_uit(raw, bron=str(path))


def controleer_configuratie(settings: Any) -> str | None:
    """Every configuration file the runtime loads, read and checked; the first problem as one Dutch
    line, None when all are usable. `werkpad up` calls this before it creates or writes anything."""
    try:
        load_kalender(settings.feestdagen_file)
        load_gemeenten(settings.gemeenten_file)
        load_maatregelen(settings.maatregelen_file)
        load_afspraken(settings.afspraken_file)
    except ValueError as exc:  # DomainError (KalenderFout, RegeltabelFout, ...) is one
        return str(exc)
    return None
