"""`werkpad rapport`: the quarterly report tables (issue 10, first slice). Runs no flow, no Prefect."""

from __future__ import annotations

import sys

import typer

from werkpad.commando import fail, guarded, runtime

FORMATEN = ("csv", "md", "html")


def rapport(periode: str = typer.Option(..., "--periode", help="Kwartaal (2020Q1), halfjaar (2023H1) of jaar (2024)"),
            tabel: str = typer.Option(..., "--tabel", help="intakes-maatregelen of beschikkingen"),
            formaat: str = typer.Option("csv", "--formaat", help="csv, md of html")) -> None:
    """Maak een tabel van de kwartaalrapportage."""
    from casestore.db import session
    from casestore.kwartaal import NIET_GEBOUWD, TABELLEN, maak_tabel
    from domain.rapport import Periode

    p = guarded(lambda: Periode.parse(periode))
    if tabel not in TABELLEN:
        fail(f"Onbekende tabel '{tabel[:40]}'. Beschikbaar: {', '.join(TABELLEN)} "
             f"(de andere tabellen van de rapportage, {', '.join(NIET_GEBOUWD)}, zijn nog niet gebouwd).")
    if formaat not in FORMATEN:
        fail(f"Onbekend formaat '{formaat[:20]}'. Kies csv, md of html.")
    with session(runtime().engine) as db:
        t = guarded(lambda: maak_tabel(db, tabel, p))
    tekst = {"csv": t.als_csv, "md": t.als_markdown, "html": t.als_html}[formaat]()
    sys.stdout.write(tekst)
