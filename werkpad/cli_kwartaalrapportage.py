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
    moment = parse_nu(nu, niet_vooruit=True)
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
        out.print(f"Geen kwartaalrapportage: {res['reden']}", highlight=False, soft_wrap=True)
        return
    for p, voor in res["outbox"].items():
        out.print(f"{p}: {_uitkomst(voor, res['verzonden']['status'].get(p))}; artefacten kwartaal-{p.lower()}-<tabel>",
                  highlight=False, soft_wrap=True)  # one line per period, also for a script reading a pipe


def _uitkomst(voor: str, na: str | None) -> str:
    """What happened to the period's one mail in this run, from its outbox status before and after."""
    if voor == "sent":
        return "was al verstuurd, niet opnieuw"
    if na != "sent":
        return f"staat in de wachtrij ({na}); gaat bij de volgende run of outbox-ronde"
    if voor == "nieuw":
        return "verstuurd"
    return "verstuurd (stond nog in de wachtrij van een eerdere, mislukte poging; één e-mail)"
