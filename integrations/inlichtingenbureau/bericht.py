"""The DKD re-integratiebericht of the praktijkroute (domain-law-and-interfaces §B.3).

The channel is modelled as HTTP + JSON (see docs/integraties-suwinet-ib.md): there is no public
spec of it, JSON keeps the Idempotency-Key semantics (same key + same body = same receipt)
simple to state and test. The field names and value formats are SuwiML's, as UWV later shows
them in GSDDossierReintegratie (Burgerservicenr, Datum JJJJMMDD, Percentage as five digits with
two implied decimals), and are checked against those simple types from the specs folder (when ops
supplied one; the own checks below always run), so mapping onto the real bericht is one-to-one.
"""

from __future__ import annotations

import hashlib
import json
import re
import uuid
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any

import xmlschema

SIMPLE_TYPES = Path("GSDDossierReintegratie-v0200-b04", "Basisschema", "v0801-b01", "SimpleTypes")
VELDEN = ("Burgerservicenr", "Gemeentecode", "Rsin", "CdArbeidsvermogenOnderWml", "DatBReintegratieInzet",
          "PercLoonwaardeTovWml")
_KEY_NS = uuid.UUID("6f1d3c2a-8a4e-4f57-9d3b-2b7e0c1a9e41")  # werkpad's namespace for Idempotency-Keys


class OngeldigBericht(ValueError):
    """A field does not meet the bericht's rules; the message names the field, not its value."""


TYPEN = ("Burgerservicenr", "Datum", "Percentage")


def ontbrekende_xsd(specs_dir: Path) -> Path | None:
    """The first SuwiML simple type werkpad loads that is not in specs_dir (relative); None when all are."""
    for name in TYPEN:
        if not (Path(specs_dir) / SIMPLE_TYPES / f"{name}.xsd").is_file():
            return SIMPLE_TYPES / f"{name}.xsd"
    return None


@lru_cache(maxsize=4)
def _types(specs_dir: Path) -> dict[str, Any]:
    folder = Path(specs_dir) / SIMPLE_TYPES
    out = {}
    for name in TYPEN:
        path = folder / f"{name}.xsd"
        if not path.is_file():
            raise OngeldigBericht(f"De SuwiML-typen staan niet in {folder}; controleer specs_dir.")
        out[name] = xmlschema.XMLSchema(str(path)).types[name]
    return out


def _geldig(t: dict[str, Any] | None, naam: str, waarde: str) -> bool:
    """The SuwiML simple type's verdict; without the XSDs (specs_dir None, development) the own checks decide."""
    return t is None or bool(t[naam].is_valid(waarde))


def fouten(body: Any, specs_dir: Path | None) -> list[dict[str, str]]:
    """Every field that breaks the bericht's rules, as problem+json invalidParams (no values).
    The own checks always run; with a specs folder the SuwiML simple types are checked too."""
    if not isinstance(body, dict):
        return [{"name": "body", "reason": "Het bericht is geen JSON-object."}]
    t = _types(specs_dir) if specs_dir is not None else None
    out = []

    def fout(name: str, reason: str) -> None:
        out.append({"name": name, "reason": reason})

    for k in sorted(set(body) - set(VELDEN)):
        fout(k, "Onbekend veld.")
    for k in VELDEN:
        if not isinstance(body.get(k), str):
            fout(k, "Verplicht veld (tekst) ontbreekt.")
    if out:
        return out
    if not _geldig(t, "Burgerservicenr", body["Burgerservicenr"]) or not _elfproef(body["Burgerservicenr"]):
        fout("Burgerservicenr", "Geen geldig BSN (9 cijfers, 11-proef).")
    if not re.fullmatch(r"[0-9]{4}", body["Gemeentecode"]):
        fout("Gemeentecode", "De CBS-gemeentecode heeft 4 cijfers.")
    if not re.fullmatch(r"[0-9]{9}", body["Rsin"]) or not _elfproef(body["Rsin"]):
        fout("Rsin", "Geen geldig RSIN (9 cijfers, 11-proef).")
    if body["CdArbeidsvermogenOnderWml"] not in ("1", "2"):
        fout("CdArbeidsvermogenOnderWml", "Moet 1 (ja) of 2 (nee) zijn.")
    d = body["DatBReintegratieInzet"]
    if not re.fullmatch(r"[0-9]{8}", d) or not _geldig(t, "Datum", d) or _datum(d) is None:
        fout("DatBReintegratieInzet", "Geen volledige datum JJJJMMDD.")
    p = body["PercLoonwaardeTovWml"]
    if not re.fullmatch(r"[0-9]{5}", p) or not _geldig(t, "Percentage", p):
        fout("PercLoonwaardeTovWml", "Percentage is vijf cijfers met twee decimalen (07550 = 75,50%).")
    elif int(p) > 10000:
        fout("PercLoonwaardeTovWml", "Het percentage loonwaarde kan niet boven 100% liggen.")
    return out


def _elfproef(s: str) -> bool:
    if len(s) != 9 or not s.isascii() or not s.isdigit():
        return False
    total = sum(int(c) * w for c, w in zip(s[:8], range(9, 1, -1), strict=True)) - int(s[8])
    return total % 11 == 0 and s != "000000000"


def _datum(s: str) -> date | None:
    try:
        return date(int(s[:4]), int(s[4:6]), int(s[6:8]))
    except ValueError:
        return None


def datum_uit(s: str) -> date:
    d = _datum(s)
    if d is None:
        raise OngeldigBericht("DatBReintegratieInzet is geen volledige datum.")
    return d


@dataclass(frozen=True)
class Reintegratiebericht:
    """What the gemeente reports for the praktijkroute. The BSN is kept out of repr (logs)."""

    bsn: str = field(repr=False)
    gemeentecode: str                 # CBS code, e.g. "0453" (Velsen)
    rsin: str                         # the gemeente's RSIN
    arbeidsvermogen_onder_wml: bool   # CdArbeidsvermogenOnderWml: True -> 1 (ja), False -> 2 (nee)
    datum_begin_reintegratie_inzet: date  # the date of the loonwaardebrief to the werkgever
    perc_loonwaarde_tov_wml: Decimal  # 0.00 … 100.00

    def body(self) -> dict[str, str]:
        perc = self.perc_loonwaarde_tov_wml
        if perc.as_tuple().exponent < -2 or not Decimal(0) <= perc <= Decimal(100):  # type: ignore[operator]
            raise OngeldigBericht("Het percentage loonwaarde moet tussen 0 en 100 liggen, met hooguit twee decimalen.")
        return {
            "Burgerservicenr": self.bsn,
            "Gemeentecode": self.gemeentecode,
            "Rsin": self.rsin,
            "CdArbeidsvermogenOnderWml": "1" if self.arbeidsvermogen_onder_wml else "2",
            "DatBReintegratieInzet": self.datum_begin_reintegratie_inzet.strftime("%Y%m%d"),
            "PercLoonwaardeTovWml": f"{int(perc * 100):05d}",
        }


def body_hash(body: dict[str, Any]) -> str:
    return hashlib.sha256(json.dumps(body, sort_keys=True, separators=(",", ":")).encode()).hexdigest()


def idempotentiesleutel(referentie: str, bericht: Reintegratiebericht) -> str:
    """A stable Idempotency-Key: the same traject and the same bericht give the same key (a retry
    after a crash is recognised); a corrected bericht gets a new one. No BSN can be read from it."""
    return str(uuid.uuid5(_KEY_NS, referentie + ":" + body_hash(bericht.body())))
