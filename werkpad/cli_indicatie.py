"""`werkpad indicatie …`: an aanvraag indicatie banenafspraak or advies beschut werk at UWV, step by step: one
generated door per step (werkpad/deur.py), declared in domain/indicatie_stappen.py. Every check on the case
(an indicatie running, its state, the twelve months, a letter's date) is the step's own guard, inside the run.

`indienen` takes `--bijlage` more than once: its door is written here with the generic door's parts, until the
generated door knows list fields."""

from __future__ import annotations

import typer

app = typer.Typer(help="Indicatie aanvragen bij UWV: banenafspraak (beoordeling arbeidsvermogen) of beschut werk.",
                  no_args_is_help=True)

REF_HELP = "Trajectnummer, bijv. IJW-2026-000123"


def indienen(referentie: str = typer.Argument(..., help=REF_HELP, show_default=False, metavar="REFERENTIE"),
             bijlage: list[str] = typer.Option(..., "--bijlage", "--bijlagen",
                                               help="stageverslag, bevindingen, arbeidsdiagnose, loonwaarderapport, "
                                                    "overig (herhaalbaar)", show_default=False),
             door: str | None = typer.Option(None, "--door", help="Wie legt vast (e-mailadres of rol) (standaard: "
                                                                   "werkcoach)", show_default=False),
             nu: str | None = typer.Option(None, "--nu", help="Tijdstip voor demo en test (alleen omgeving "
                                                              "ontwikkeling): de stap draait dan in dit proces"),
             sleutel: str | None = typer.Option(None, "--sleutel", help="Eigen sleutel voor een bewuste herhaling")
             ) -> None:
    """Dien de aanvraag in bij UWV (via de koppeling, of als taak om het formulier te versturen)."""
    from pydantic import ValidationError

    from domain.indicatie_stappen import INDIENEN, STAPPEN
    from domain.invoer import beschrijf_validatiefout
    from werkpad import deur
    from werkpad.commando import fail, parse_nu

    waarden = {"referentie": referentie, "bijlagen": bijlage, "door": door}
    try:
        INDIENEN.invoer.model_validate({k: v for k, v in waarden.items() if v is not None})
    except ValidationError as exc:
        if exc.errors()[0]["loc"][:1] == ("bijlagen",):  # the option is --bijlage, once per bijlage
            fail("--bijlage: " + beschrijf_validatiefout(exc).split(": ", 1)[-1])
    invoer = deur.lees_invoer(INDIENEN, waarden)
    moment = parse_nu(nu)
    if moment is not None or deur.settings().stappen_in_proces:
        u = deur.in_proces(INDIENEN, "flows.indicatie", invoer, moment)
    else:
        u = deur.via_stack(INDIENEN, invoer, sleutel)
    alle = {s.naam: s for s in STAPPEN}
    deur.toon(u, deur.hints(INDIENEN, alle, getattr(invoer, "referentie", None)) if not u.geweigerd else ())


def _stappen() -> None:
    """The commands in the order of the process: each generated, but `indienen` (above)."""
    from domain.indicatie_stappen import INDIENEN, STAPPEN
    from werkpad.deur import commando

    alle = {s.naam: s for s in STAPPEN}
    for s in STAPPEN:
        if s is INDIENEN:
            app.command("indienen")(indienen)
        else:
            commando(app, s, "flows.indicatie", alle)


_stappen()
