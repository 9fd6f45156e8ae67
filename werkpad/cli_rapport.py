"""`werkpad rapport`: the quarterly report tables (issue 10). Runs no flow, no Prefect."""

from __future__ import annotations

import sys
from datetime import date

import typer

from werkpad.commando import err, fail, guarded, parse_nu, runtime

FORMATEN = ("csv", "json", "md", "html")
ALLE = "alle"
# The names, as in casestore.kwartaal.TABELLEN (kept here so that --help loads no SQLModel).
NAMEN = ("intakes-maatregelen", "beschikkingen", "fasen", "fase-uitstroom", "regulier-werk", "nbw", "funnel",
         "garantiebaan", "ada-kandidaten", "treden", "doelgroepen")


def de_dag_van_vandaag() -> date:
    """Today in Amsterdam (a function, so tests move the clock)."""
    from datetime import UTC, datetime

    from domain.herinneringen import lokale_datum

    return lokale_datum(datetime.now(UTC))


def rapport(periode: str = typer.Option(..., "--periode", help="Kwartaal (2020Q1), halfjaar (2023H1) of jaar (2024)"),
            tabel: str = typer.Option(..., "--tabel", help=f"Een van: {', '.join(NAMEN)}; of '{ALLE}' voor alle "
                                                           "tabellen na elkaar"),
            formaat: str = typer.Option("csv", "--formaat", help="csv, json, md of html"),
            nu: str | None = typer.Option(None, "--nu", help="Tijdstip voor demo en test (alleen omgeving "
                                                             "ontwikkeling): een periode van de verschoven klok")) -> None:
    """Maak een tabel van de kwartaalrapportage (uit de gebeurtenissen, gecontroleerd vóór uitvoer)."""
    from domain.rapport import Periode, controleer_begonnen

    p = guarded(lambda: Periode.parse(periode))
    naam = tabel.strip().lower()
    if naam != ALLE and naam not in NAMEN:
        fail(f"Onbekende tabel '{tabel[:40]}'. Kies uit: {', '.join(NAMEN)} of {ALLE}.")
    vorm = formaat.strip().lower()
    if vorm not in FORMATEN:
        fail(f"Onbekend formaat '{formaat[:20]}'. Kies csv, json, md of html.")
    from datetime import timedelta

    moment = parse_nu(nu)  # a walk on the moved clock (--nu) can report its own period in development
    if moment is not None:
        from domain.herinneringen import lokale_datum

        vandaag = lokale_datum(moment)
    else:
        vandaag = de_dag_van_vandaag()
    guarded(lambda: controleer_begonnen(p, vandaag))
    if p.tot > vandaag:
        err.print(f"Let op: de periode {p.naam} loopt nog tot en met {(p.tot - timedelta(days=1)).isoformat()}; "
                  "de tabellen zijn voorlopig.", highlight=False, soft_wrap=True)

    from casestore.db import session
    from casestore.kwartaal import maak_tabel, maak_tabellen, tabellen_voor

    rt = runtime()
    with session(rt.engine) as db:
        tabellen = guarded(lambda: maak_tabellen(db, p, rt.afspraken) if naam == ALLE
                           else [maak_tabel(db, naam, p, rt.afspraken)])
    if vorm == "json":  # one object per table, with its name; `alle`: a list in the report's order
        import json

        namen = tabellen_voor(p) if naam == ALLE else (naam,)
        objecten = [{"naam": n, "periode": p.naam, **t.als_dict()} for n, t in zip(namen, tabellen, strict=True)]
        sys.stdout.write(json.dumps(objecten if naam == ALLE else objecten[0], ensure_ascii=False, indent=2) + "\n")
        return
    delen = []
    if vorm == "html":  # a whole page: saved as .html it opens in a browser with its accents right
        import html

        titel = html.escape(f"Kwartaalrapportage {p.naam}" if naam == ALLE else tabellen[0].titel)
        delen.append(f'<!DOCTYPE html>\n<html lang="nl">\n<head>\n<meta charset="utf-8">\n<title>{titel}</title>\n'
                     "<style>table{border-collapse:collapse;margin-bottom:1.5em}th,td{border:1px solid #999;"
                     "padding:.2em .6em}td{text-align:right}</style>\n</head>\n<body>\n"
                     + (f"<h1>{titel}</h1>" if naam == ALLE else ""))
    for t in tabellen:
        if vorm == "csv":
            delen.append(t.als_csv())
        elif vorm == "md":
            delen.append((f"## {t.titel}\n\n" if naam == ALLE else "") + t.als_markdown())
        else:
            import html

            delen.append((f"<h2>{html.escape(t.titel)}</h2>\n" if naam == ALLE else "") + t.als_html())
    if vorm == "html":
        delen.append("</body>\n</html>\n")
    sys.stdout.write("\n".join(delen))
