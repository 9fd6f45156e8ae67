"""`werkpad loonwaarde …`: loonwaardemeting (regulier, praktijkroute): start, meting, zienswijze, rapport,
herbeoordeling. Refusals are decided before Prefect is loaded (one Dutch line, nothing written)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import typer

from domain.invoer import controleer_door, controleer_tekst, parse_referentie
from werkpad.commando import guarded, keuze, out, parse_datum, parse_nu, require_prefect, runtime, settings

app = typer.Typer(help="Loonwaardemeting (regulier of praktijkroute): meting, zienswijzen, rapport, herbeoordeling.",
                  no_args_is_help=True)

REF_HELP = "Trajectnummer, bijv. IJW-2026-000123"
DOOR_HELP = "Wie legt vast (e-mailadres of rol)"
NU_HELP = "Tijdstip voor demo en test"


def _weiger(msg: str) -> None:
    from domain.errors import TransitionRefused

    raise TransitionRefused(msg)


def _vandaag(moment: datetime | None) -> date:
    from domain.herinneringen import lokale_datum

    return lokale_datum(moment) if moment is not None else lokale_datum(datetime.now().astimezone())


def _stand(ref: str) -> tuple[str, dict[str, Any]] | None:
    from tasks.loonwaarde import stand

    return stand(runtime(), ref)  # type: ignore[no-any-return]


def _lopend(ref: str) -> tuple[str, dict[str, Any]]:
    st = guarded(lambda: _stand(ref))
    if st is None:
        guarded(lambda: _weiger(f"{ref}: er loopt geen loonwaardemeting."))
    return st  # type: ignore[no-any-return]


@app.command("start")
def start(referentie: str = typer.Argument(..., help=REF_HELP),
          route: str = typer.Option(..., help="regulier (met indicatie, loonkostensubsidie) of praktijkroute"),
          werkgever: str = typer.Option(..., help="Naam van de werkgever (organisatie)"),
          door: str = typer.Option("werkcoach", help=DOOR_HELP),
          nu: str | None = typer.Option(None, help=NU_HELP)) -> None:
    """Start een loonwaardemeting; het WSP krijgt de taak de werkgever te benaderen."""
    from domain.loonwaarde import Route
    from tasks.loonwaarde import controleer_werkgever

    ref = guarded(lambda: parse_referentie(referentie))
    gekozen = keuze(Route, route, "--route")
    werkgever = guarded(lambda: controleer_werkgever(werkgever))
    door = guarded(lambda: controleer_door(door))
    moment = parse_nu(nu)
    if guarded(lambda: _stand(ref)) is not None:
        guarded(lambda: _weiger(f"{ref}: loonwaardemeting loopt al."))
    require_prefect(settings())

    def run() -> Any:
        from flows.loonwaarde import loonwaarde_starten

        return loonwaarde_starten(referentie=ref, route=gekozen, werkgever=werkgever, door=door, nu=moment)

    res = guarded(run)
    out.print(f"{ref}: loonwaardemeting ({res['route']}) gestart; het WSP benadert de werkgever uiterlijk "
              f"{res['due']} (taak {res['taak_id']})", highlight=False)


@app.command("meting")
def meting(referentie: str = typer.Argument(..., help=REF_HELP),
           deskundige: str = typer.Option(..., help="E-mailadres van de loonwaardedeskundige"),
           op: str = typer.Option(..., help="Datum van de meting op de werkplek, JJJJ-MM-DD"),
           door: str = typer.Option("wsp", help=DOOR_HELP),
           nu: str | None = typer.Option(None, help=NU_HELP)) -> None:
    """Plan de meting op de werkplek; de deskundige krijgt taken voor meting, zienswijzen en rapport."""
    from domain.loonwaarde import WERKGEVER_BENADEREN, controleer_meting_datum
    from tasks.loonwaarde import controleer_deskundige

    ref = guarded(lambda: parse_referentie(referentie))
    deskundige = guarded(lambda: controleer_deskundige(deskundige))
    moment = parse_nu(nu)
    datum = parse_datum(op, "--op")
    guarded(lambda: controleer_meting_datum(datum, _vandaag(moment)))
    door = guarded(lambda: controleer_door(door))
    status, _ = _lopend(ref)
    if status != WERKGEVER_BENADEREN:
        guarded(lambda: _weiger(f"{ref}: de meting is al gepland."))
    require_prefect(settings())

    def run() -> Any:
        from flows.loonwaarde import loonwaarde_meting

        return loonwaarde_meting(referentie=ref, deskundige=deskundige, op=datum, door=door, nu=moment)

    res = guarded(run)
    out.print(f"{ref}: meting gepland op {res['op']}; zienswijzen uiterlijk {res['zienswijzen_due']} "
              f"(taak {res['taak_id']})", highlight=False)


@app.command("zienswijze")
def zienswijze(referentie: str = typer.Argument(..., help=REF_HELP),
               van: str = typer.Option(..., help="werkgever of werknemer"),
               toelichting: str | None = typer.Option(None, help="Korte toelichting (geen persoonsgegevens)"),
               door: str = typer.Option("deskundige", help=DOOR_HELP),
               nu: str | None = typer.Option(None, help=NU_HELP)) -> None:
    """Leg de zienswijze van werkgever of werknemer vast; na beide volgt het rapport."""
    from domain.loonwaarde import METING_GEPLAND, ZIENSWIJZEN, Partij, controleer_zienswijze

    ref = guarded(lambda: parse_referentie(referentie))
    partij = keuze(Partij, van, "--van")
    tekst = guarded(lambda: controleer_tekst(toelichting, "--toelichting", min_len=5)) if toelichting is not None \
        else None
    door = guarded(lambda: controleer_door(door))
    moment = parse_nu(nu)
    status, data = _lopend(ref)
    if status not in (METING_GEPLAND, ZIENSWIJZEN):
        guarded(lambda: _weiger(f"{ref}: een zienswijze past niet bij de stand van de loonwaardemeting ({status})."))
    guarded(lambda: controleer_zienswijze(partij, list(data.get("zienswijzen", [])),
                                          date.fromisoformat(data["meting_op"]), _vandaag(moment)))
    require_prefect(settings())

    def run() -> Any:
        from flows.loonwaarde import loonwaarde_zienswijze

        return loonwaarde_zienswijze(referentie=ref, van=partij, toelichting=tekst, door=door, nu=moment)

    res = guarded(run)
    verder = (f"nog nodig: {', '.join(res['ontbreekt'])}" if res["ontbreekt"]
              else f"rapport uiterlijk {res['rapport_due']} (taak {res['taak_id']})")
    out.print(f"{ref}: zienswijze van de {res['van']} vastgelegd; {verder}", highlight=False)


@app.command("rapport")
def rapport(referentie: str = typer.Argument(..., help=REF_HELP),
            loonwaarde: str = typer.Option(..., help="Loonwaarde in hele procenten van het WML (0-100)"),
            rapportdatum: str = typer.Option(..., help="Datum van het rapport, JJJJ-MM-DD"),
            brief_werkgever: str | None = typer.Option(None, help="Praktijkroute onder 100%: datum van de "
                                                                  "loonwaardebrief aan de werkgever, JJJJ-MM-DD"),
            door: str = typer.Option("deskundige", help=DOOR_HELP),
            nu: str | None = typer.Option(None, help=NU_HELP)) -> None:
    """Leg het rapport vast: regulier naar de gemeente; praktijkroute onder 100% naar het Inlichtingenbureau."""
    from domain.loonwaarde import METING_GEPLAND, ZIENSWIJZEN, Route, controleer_rapport, parse_loonwaarde

    ref = guarded(lambda: parse_referentie(referentie))
    pct = guarded(lambda: parse_loonwaarde(loonwaarde))
    rdatum = parse_datum(rapportdatum, "--rapportdatum")
    brief = parse_datum(brief_werkgever, "--brief-werkgever") if brief_werkgever is not None else None
    door = guarded(lambda: controleer_door(door))
    moment = parse_nu(nu)
    status, data = _lopend(ref)
    if status not in (METING_GEPLAND, ZIENSWIJZEN):
        guarded(lambda: _weiger(f"{ref}: het rapport is al vastgelegd of de meting is nog niet gepland ({status})."))
    guarded(lambda: controleer_rapport(Route(data["route"]), pct, rdatum, brief, date.fromisoformat(data["meting_op"]),
                                       _vandaag(moment), list(data.get("zienswijzen", []))))
    require_prefect(settings())

    def run() -> Any:
        from flows.loonwaarde import loonwaarde_rapport

        return loonwaarde_rapport(referentie=ref, loonwaarde=pct, rapportdatum=rdatum, brief_werkgever=brief,
                                  door=door, nu=moment)

    res = guarded(run)
    vervolg = {"lks_gemeld": f"gemeld aan de gemeente; herbeoordeling uiterlijk {res.get('herbeoordeling')}",
               "ib_bericht": "re-integratiebericht naar het Inlichtingenbureau; daarna doelgroepregister volgen",
               "boven_wml": "100%: geen re-integratiebericht"}[res["status"]]
    out.print(f"{ref}: rapport vastgelegd, loonwaarde {res['loonwaarde']}%; {vervolg}", highlight=False)


@app.command("herbeoordeling")
def herbeoordeling(referentie: str = typer.Argument(..., help=REF_HELP),
                   loonwaarde: str = typer.Option(..., help="Nieuwe loonwaarde in hele procenten van het WML"),
                   rapportdatum: str = typer.Option(..., help="Datum van het nieuwe rapport, JJJJ-MM-DD"),
                   door: str = typer.Option("werkcoach", help=DOOR_HELP),
                   nu: str | None = typer.Option(None, help=NU_HELP)) -> None:
    """Leg de periodieke herbeoordeling vast; de gemeente krijgt de nieuwe loonwaarde, de volgende staat klaar."""
    from domain.loonwaarde import LKS_GEMELD, parse_loonwaarde

    ref = guarded(lambda: parse_referentie(referentie))
    pct = guarded(lambda: parse_loonwaarde(loonwaarde))
    rdatum = parse_datum(rapportdatum, "--rapportdatum")
    door = guarded(lambda: controleer_door(door))
    moment = parse_nu(nu)
    status, data = _lopend(ref)
    if status != LKS_GEMELD:
        guarded(lambda: _weiger(f"{ref}: herbeoordelen kan alleen na een melding aan de gemeente (regulier)."))
    if rdatum > _vandaag(moment) or rdatum <= date.fromisoformat(data["rapportdatum"]):
        guarded(lambda: _weiger(f"--rapportdatum {rdatum.isoformat()} moet na het vorige rapport "
                                f"({data['rapportdatum']}) en niet in de toekomst liggen."))
    require_prefect(settings())

    def run() -> Any:
        from flows.loonwaarde import loonwaarde_herbeoordeling

        return loonwaarde_herbeoordeling(referentie=ref, loonwaarde=pct, rapportdatum=rdatum, door=door, nu=moment)

    res = guarded(run)
    out.print(f"{ref}: herbeoordeling vastgelegd, loonwaarde {res['loonwaarde']}%; volgende uiterlijk "
              f"{res['herbeoordeling']}", highlight=False)
