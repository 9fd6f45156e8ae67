"""`werkpad kwartaalrapportage verstuur [--periode P]`: the kwartaalrapportage now, in this process.

The same flow as the deployment (artifacts, one mail per period through the outbox, never twice);
a period that is malformed or has not ended is refused before Prefect is touched.
"""

from __future__ import annotations

from datetime import UTC, datetime

import typer

from werkpad.commando import guarded, out, parse_nu, require_prefect, runtime, settings

app = typer.Typer(help="Kwartaalrapportage: tabellen als artefacten en één e-mail per periode aan het management.",
                  no_args_is_help=True)


@app.command("verstuur")
def verstuur(periode: str | None = typer.Option(None, help="Afgelopen periode: kwartaal (2026Q3), halfjaar (2026H1) "
                                                          "of jaar (2026). Leeg: wat vandaag, de eerste werkdag na "
                                                          "een kwartaal, af is."),
             nu: str | None = typer.Option(None, help="Tijdstip voor demo en test")) -> None:
    """Maak de kwartaalrapportage nu (een periode die al is verstuurd, gaat niet nog eens)."""
    moment = parse_nu(nu)
    naam = None
    if periode is not None:
        from domain.herinneringen import lokale_datum
        from domain.rapportage import op_verzoek

        dag = lokale_datum(moment or datetime.now(UTC))
        naam = guarded(lambda: op_verzoek(periode, dag).naam)  # refused before Prefect
    s = settings()
    require_prefect(s)
    runtime()  # built from this invocation's settings before a flow needs it
    from flows.kwartaalrapportage import kwartaalrapportage

    res = guarded(lambda: kwartaalrapportage(periode=naam, nu=moment))
    if not res["perioden"]:
        out.print(f"Geen kwartaalrapportage: {res['reden']}", highlight=False)
        return
    for p, status in res["outbox"].items():
        wat = "verstuurd" if status == "nieuw" else f"stond al in de outbox ({status}), niet opnieuw verstuurd"
        out.print(f"{p}: {wat}; artefacten kwartaal-{p.lower()}-<tabel>", highlight=False)
