"""`werkpad import gebeurtenissen FILE.csv`: historical events for the quarterly report (issue 10).

Runs no flow and no Prefect. The rules are in domain/historie.py, the queries in
casestore/historie.py; this module reads the file, shows progress and says what happened.
"""

from __future__ import annotations

import gc
import os
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import typer
from rich.markup import escape

from werkpad.commando import err, fail, guarded, out, parse_nu, runtime

app = typer.Typer(help="Historische gegevens importeren.", no_args_is_help=True)


def _lees_bestand(bestand: str) -> bytes:
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
    try:
        with pad.open("rb") as f:
            inhoud = f.read(grens + 1)  # never more than the limit in memory, also when the file grows meanwhile
    except OSError as exc:
        fail(escape(f"Bestand '{bestand}' is niet te lezen ({exc.strerror or type(exc).__name__})."))
    if len(inhoud) > grens:
        fail(escape(f"Bestand '{bestand}' is groter dan {MAX_BESTAND_MB} MB; splits het in delen van hoogstens "
                    f"{MAX_BESTAND_MB} MB (een latere import mag de historie van een referentie voortzetten)."))
    return inhoud


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
    from domain.historie import ImportGeweigerd, al_geimporteerd, decodeer, toonbare_naam, vingerafdruk

    moment = parse_nu(nu, niet_vooruit=True) or datetime.now(UTC)
    inhoud = _lees_bestand(bestand)
    naam = toonbare_naam(os.path.basename(bestand))
    if not inhoud.strip():
        fail(escape(f"{naam}: het bestand is leeg; verwacht de kop referentie,gemeente,datum,gebeurtenis,waarde "
                    "en daaronder één gebeurtenis per regel."))
    sha = vingerafdruk(inhoud)
    rt = runtime()
    with session(rt.engine) as db:
        eerder = store.eerdere_import(db, sha256=sha)
        if eerder is not None:
            fail(escape(f"{naam}: {al_geimporteerd(eerder.op, eerder.id or 0, eerder.bestandsnaam, eerder.regels)}"))
    try:
        tekst = decodeer(inhoud)
    except ImportGeweigerd as exc:
        _weiger(naam, exc)
    totaal = tekst.count("\n") + 1
    gc.disable()  # a million small objects that all live until the end: the collector would only rescan them
    try:
        gelezen, events, import_id = _importeer(rt, tekst, sha, naam, moment, totaal)
    finally:
        gc.enable()
    aantal = f"{gelezen.aantal:,}".replace(",", ".")
    regels = f"{len(events):,}".replace(",", ".")
    out.print(f"{aantal} {'gebeurtenis' if gelezen.aantal == 1 else 'gebeurtenissen'} geïmporteerd uit {naam} "
              f"(import {import_id}; {regels} {'regel' if len(events) == 1 else 'regels'} in het auditlog).",
              highlight=False, soft_wrap=True, markup=False)
    _al_verstuurd(rt, min((r.datum for r in gelezen.regels), default=None))


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


def _importeer(rt: Any, tekst: str, sha: str, naam: str, moment: datetime, totaal: int) -> tuple[Any, Any, int]:
    """Read and check, load the store's state, plan, write: with a progress bar on a terminal."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from casestore import historie as store
    from casestore.db import session
    from domain.herinneringen import lokale_datum
    from domain.historie import ImportGeweigerd, lees
    from domain.historie_plan import plan

    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  console=err, transient=True, disable=not err.is_terminal) as balk:
        lezen = balk.add_task("Lezen en controleren", total=totaal)
        try:
            gelezen = lees(tekst, vandaag=lokale_datum(moment), voortgang=lambda n: balk.update(lezen, completed=n))
            with session(rt.engine) as db:
                refs = gelezen.referenties
                live = guarded(lambda: store.live_referenties(db, referenties=refs))
                bestaand = guarded(lambda: store.standen(db, referenties=refs))
            events = plan(gelezen, bestaand=bestaand, live=live)
            balk.update(lezen, completed=totaal)
            schrijven = balk.add_task("Schrijven", total=len(events))
            import_id: int = guarded(lambda: store.schrijf_import(
                rt.engine, sha256=sha, bestandsnaam=naam, regels=gelezen.aantal, door="cli", nu=moment,
                gebeurtenissen=events, voortgang=lambda n: balk.update(schrijven, completed=n)))
        except ImportGeweigerd as exc:
            balk.stop()
            _weiger(naam, exc)
    return gelezen, events, import_id
