"""`werkpad import gebeurtenissen FILE.csv`: historical events for the quarterly report (issue 10).

Runs no flow and no Prefect. The rules are in domain/historie.py, the queries in
casestore/historie.py; this module reads the file, shows progress and says what happened.
"""

from __future__ import annotations

import hashlib
import io
import os
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import typer
from rich.markup import escape

from werkpad.commando import err, fail, guarded, out, parse_nu, runtime

app = typer.Typer(help="Historische gegevens importeren.", no_args_is_help=True)


BLOK = 1024 * 1024


class _Teller(io.RawIOBase):
    """The file as read, hashed and counted on the way: never past the limit, and the same bytes as the first
    pass (a file that changes between the passes is refused: its sha256 would not be what was stored)."""

    def __init__(self, f: Any, grens: int) -> None:
        self.f, self.grens, self.gelezen, self.sha = f, grens, 0, hashlib.sha256()

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        n = int(self.f.readinto(buffer))
        self.gelezen += n
        if self.gelezen > self.grens:
            raise _TeGroot
        self.sha.update(memoryview(buffer)[:n])
        return n


class _TeGroot(Exception):
    pass


def _bestand(bestand: str) -> tuple[Path, str, bool]:
    """(path, its sha256, whether it holds only whitespace): one pass in blocks, refusing what is not a regular
    file or is over the limit before it is read whole."""
    from domain.historie import MAX_BESTAND_MB, toonbare_naam

    pad = Path(bestand)
    bestand = toonbare_naam(bestand)
    if not pad.exists():
        fail(escape(f"Bestand '{bestand}' bestaat niet."))
    if pad.is_dir():
        fail(escape(f"'{bestand}' is een map, geen CSV-bestand."))
    if not pad.is_file():  # a device (/dev/zero), a pipe or a socket: endless, or not a file to import twice
        fail(escape(f"'{bestand}' is geen gewoon bestand (maar een apparaat, pijp of socket); geef een CSV-bestand."))
    grens = MAX_BESTAND_MB * 1024 * 1024
    sha, leeg, gelezen = hashlib.sha256(), True, 0
    try:
        with pad.open("rb") as f:
            while blok := f.read(BLOK):  # never more than a block in memory, and never past the limit
                gelezen += len(blok)
                if gelezen > grens:
                    _te_groot(bestand)
                sha.update(blok)
                leeg = leeg and not blok.strip()
    except OSError as exc:
        fail(escape(f"Bestand '{bestand}' is niet te lezen ({exc.strerror or type(exc).__name__})."))
    return pad, sha.hexdigest(), leeg


def _te_groot(bestand: str) -> None:
    from domain.historie import MAX_BESTAND_MB

    fail(escape(f"Bestand '{bestand}' is groter dan {MAX_BESTAND_MB} MB; splits het in delen van hoogstens "
                f"{MAX_BESTAND_MB} MB (een latere import mag de historie van een referentie voortzetten)."))


def _weiger(bestandsnaam: str, exc: Any) -> None:
    from domain.historie import ImportGeweigerd

    assert isinstance(exc, ImportGeweigerd)
    err.print(f"[bold red]Fout:[/] {escape(bestandsnaam)}: {escape(exc.samenvatting)}", highlight=False,
              soft_wrap=True)
    for regel in exc.regels():
        err.print(f"  {regel}", highlight=False, soft_wrap=True, markup=False)
    raise typer.Exit(1)


@app.command("gebeurtenissen")
def gebeurtenissen(bestand: str = typer.Argument(..., help="CSV met kop referentie,gemeente,datum,gebeurtenis,waarde"),
                   nu: str | None = typer.Option(None, help="Tijdstip voor demo en test (JJJJ-MM-DDTHH:MM)")) -> None:
    """Importeer historische gebeurtenissen (van vóór werkpad) voor de kwartaalrapportage.

    Eén gebeurtenis per regel. Een bestand met een foute regel wordt helemaal geweigerd, met elk
    fout regelnummer; hetzelfde bestand twee keer importeren wordt geweigerd."""
    from casestore import historie as store
    from casestore.db import session
    from domain.historie import al_geimporteerd, toonbare_naam

    moment = parse_nu(nu, niet_vooruit=True) or datetime.now(UTC)
    pad, sha, leeg = _bestand(bestand)
    naam = toonbare_naam(os.path.basename(bestand))
    if leeg:
        fail(escape(f"{naam}: het bestand is leeg; verwacht de kop referentie,gemeente,datum,gebeurtenis,waarde "
                    "en daaronder één gebeurtenis per regel."))
    rt = runtime()
    with session(rt.engine) as db:
        eerder = store.eerdere_import(db, sha256=sha)
        if eerder is not None:
            fail(escape(f"{naam}: {al_geimporteerd(eerder.op, eerder.id or 0, eerder.bestandsnaam, eerder.regels)}"))
    res = _importeer(rt, pad, sha, naam, moment, toonbare_naam(bestand))
    aantal = f"{res.regels:,}".replace(",", ".")
    regels = f"{res.gebeurtenissen:,}".replace(",", ".")
    out.print(f"{aantal} {'gebeurtenis' if res.regels == 1 else 'gebeurtenissen'} geïmporteerd uit {naam} "
              f"(import {res.import_id}; {regels} {'regel' if res.gebeurtenissen == 1 else 'regels'} in het "
              "auditlog).", highlight=False, soft_wrap=True, markup=False)
    _al_verstuurd(rt, res.vroegste)


def _al_verstuurd(rt: Any, vroegste: Any) -> None:
    """Warn when the import changed figures the management already has (their mail is never resent)."""
    from casestore import outbox
    from casestore.db import session
    from domain.rapportage import SLEUTEL_VOORVOEGSEL, geraakte_rapportages, waarschuwing_verstuurd

    if vroegste is None:
        return
    with session(rt.engine) as db:
        verstuurd = outbox.verstuurd_met_voorvoegsel(db, voorvoegsel=SLEUTEL_VOORVOEGSEL)
    tekst = waarschuwing_verstuurd(geraakte_rapportages(vroegste, verstuurd))
    if tekst:
        err.print(f"[bold yellow]{escape(tekst)}[/]", highlight=False, soft_wrap=True)


def _importeer(rt: Any, pad: Path, sha: str, naam: str, moment: datetime, getoond: str) -> Any:
    """Stream the file through the check into the store (casestore/historie_stroom.py), all or nothing, with a
    progress bar on a terminal: memory follows the batch, not the file."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from casestore import historie_stroom
    from domain.herinneringen import lokale_datum
    from domain.historie import MAX_BESTAND_MB, ImportGeweigerd, geen_utf8, rijen, utf8_fout_regel

    grens = MAX_BESTAND_MB * 1024 * 1024
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  console=err, transient=True, disable=not err.is_terminal) as balk:
        lezen = balk.add_task("Lezen en controleren (bytes)", total=pad.stat().st_size)
        schrijven = balk.add_task("Controleren en schrijven (referenties)", total=None, visible=False)
        try:
            with pad.open("rb") as f:
                teller = _Teller(f, grens)
                tekst = io.TextIOWrapper(io.BufferedReader(teller, BLOK), encoding="utf-8", newline="")

                def gevolgd() -> Any:
                    for i, rij in enumerate(rijen(tekst, vandaag=lokale_datum(moment))):
                        if i % 10_000 == 0:
                            balk.update(lezen, completed=teller.gelezen)
                        yield rij
                    if teller.sha.hexdigest() != sha:
                        raise ImportGeweigerd("het bestand is tijdens het importeren gewijzigd; probeer het opnieuw.")

                def gelezen(refs: int) -> None:
                    balk.update(lezen, completed=teller.gelezen)
                    balk.update(schrijven, total=refs, visible=True)

                try:
                    res = historie_stroom.importeer(
                        rt.engine, sha256=sha, bestandsnaam=naam, door="cli", nu=moment, rijen=gevolgd(),
                        gelezen=gelezen, voortgang=lambda n: balk.update(schrijven, completed=n))
                except (ImportGeweigerd, UnicodeDecodeError, _TeGroot, OSError):
                    raise
                except Exception as onverwacht:  # the store's own trouble: one line, as every command says it
                    balk.stop()
                    fout = onverwacht
                    guarded(lambda: _opnieuw(fout))
        except ImportGeweigerd as exc:
            balk.stop()
            _weiger(naam, exc)
        except UnicodeDecodeError:
            balk.stop()
            with pad.open("rb") as f:
                _weiger(naam, geen_utf8(utf8_fout_regel(f)))
        except _TeGroot:
            balk.stop()
            _te_groot(getoond)
        except OSError as exc:
            balk.stop()
            fail(escape(f"Bestand '{getoond}' is niet te lezen ({exc.strerror or type(exc).__name__})."))
    return res


def _opnieuw(exc: Exception) -> None:
    raise exc
