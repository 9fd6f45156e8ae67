"""`werkpad indicatie …`: an aanvraag indicatie banenafspraak or advies beschut werk at UWV, step by step.

Every refusal that needs no flow comes before Prefect is imported (tests/cli/test_no_prefect.py)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import typer

from domain.invoer import controleer_door, controleer_tekst, parse_referentie
from werkpad.commando import guarded, keuze, out, parse_datum, parse_nu, require_prefect, runtime, settings

app = typer.Typer(help="Indicatie aanvragen bij UWV: banenafspraak (beoordeling arbeidsvermogen) of beschut werk.",
                  no_args_is_help=True)

REF_HELP = "Trajectnummer, bijv. IJW-2026-000123"
DOOR_HELP = "Wie legt vast (e-mailadres of rol)"
NU_HELP = "Tijdstip voor demo en test"
OUDST = timedelta(days=366)  # a date of a letter from UWV: at most a year back


def _weiger(msg: str) -> None:
    from domain.errors import TransitionRefused

    raise TransitionRefused(msg)


def _stap(ref: str, *statussen: str, wat: str, nieuw: bool = False) -> dict[str, Any]:
    """Refuse before a run exists: unknown or closed case; no indicatie running (or one already),
    or one in another state than this step needs."""
    from casestore import repo
    from casestore.db import session
    from domain.indicatie import INDICATIE

    with session(runtime().engine) as db:
        t = repo.get_traject(db, referentie=ref)
        if t.status == "afgesloten":
            _weiger(f"{ref} is afgesloten; een indicatie kan niet meer.")
        if nieuw:
            lopend = repo.get_open_stap(db, traject=t, proces=INDICATIE)
            if lopend is not None:
                _weiger(f"{ref}: er loopt al een indicatie bij UWV ({INDICATIE.status_label(lopend.status)}).")
            return {}
        stap = repo.get_stap(db, traject=t, proces=INDICATIE)
        if statussen and stap.status not in statussen:
            _weiger(f"{ref}: de indicatie staat op '{INDICATIE.status_label(stap.status)}'; {wat} kan nu niet.")
        return {"status": stap.status, **dict(stap.data or {})}


def _kan_indienen(ref: str) -> None:
    """Indienen: while preparing, or again after UWV refused the aanvraag."""
    from casestore import repo
    from casestore.db import session
    from domain.indicatie import INDICATIE, VOORBEREIDEN
    from tasks.indicatie import opnieuw_indienen

    data = _stap(ref, wat="indienen")
    if data["status"] == VOORBEREIDEN:
        return
    with session(runtime().engine) as db:
        t = repo.get_traject(db, referentie=ref)
        if opnieuw_indienen(db, repo.get_stap(db, traject=t, proces=INDICATIE)):
            return
    _weiger(f"{ref}: de indicatie staat op '{INDICATIE.status_label(data['status'])}'; indienen kan nu niet "
            "(opnieuw indienen alleen na een weigering van UWV).")


def _blokkade(ref: str, soort: Any, omstandigheden: str | None) -> None:
    """The twelve months after a negative advies beschut werk, checked before a run exists."""
    from casestore import repo
    from casestore.db import session
    from domain.herinneringen import lokale_datum
    from domain.indicatie import controleer_nieuwe_aanvraag
    from tasks.indicatie import laatste_negatief_beschut_werk

    with session(runtime().engine) as db:
        t = repo.get_traject(db, referentie=ref)
        controleer_nieuwe_aanvraag(soort, laatste_negatief_beschut_werk(db, t), lokale_datum(datetime.now(UTC)),
                                   omstandigheden)


def _brief_datum(value: str, veld: str) -> date:
    vandaag = date.today()
    return parse_datum(value, veld, vroegst=vandaag - OUDST, laatst=vandaag)


@app.command("aanvragen")
def aanvragen(referentie: str = typer.Argument(..., help=REF_HELP),
              soort: str = typer.Option(..., help="banenafspraak of beschut-werk"),
              omstandigheden_gewijzigd: str | None = typer.Option(
                  None, help="Binnen twaalf maanden na een negatief advies beschut werk: wat is er veranderd"),
              door: str = typer.Option("werkcoach", help=DOOR_HELP),
              nu: str | None = typer.Option(None, help=NU_HELP)) -> None:
    """Start een aanvraag bij UWV; eerst verzamelt de werkcoach stageverslagen en bevindingen."""
    from domain.indicatie import Soort

    ref = guarded(lambda: parse_referentie(referentie))
    gekozen = keuze(Soort, soort, "--soort")
    reden = (guarded(lambda: controleer_tekst(omstandigheden_gewijzigd, "--omstandigheden-gewijzigd", min_len=5))
             if omstandigheden_gewijzigd is not None else None)
    door = guarded(lambda: controleer_door(door))
    moment = parse_nu(nu)
    guarded(lambda: _stap(ref, wat="aanvragen", nieuw=True))
    if moment is None:
        guarded(lambda: _blokkade(ref, gekozen, reden))
    require_prefect(settings())

    def run() -> Any:
        from flows.indicatie import indicatie_aanvragen

        return indicatie_aanvragen(referentie=ref, soort=gekozen, omstandigheden_gewijzigd=reden, door=door, nu=moment)

    res = guarded(run)
    out.print(f"{ref}: aanvraag {gekozen.label} gestart; voorbereiden uiterlijk {res['uiterlijk']} "
              f"(taak {res['taak_id']}), daarna: werkpad indicatie indienen {ref} --bijlage …", highlight=False)


@app.command("indienen")
def indienen(referentie: str = typer.Argument(..., help=REF_HELP),
             bijlage: list[str] = typer.Option(..., help="stageverslag, bevindingen, arbeidsdiagnose, "
                                                         "loonwaarderapport, overig (herhaalbaar)"),
             door: str = typer.Option("werkcoach", help=DOOR_HELP),
             nu: str | None = typer.Option(None, help=NU_HELP)) -> None:
    """Dien de aanvraag in bij UWV (via de koppeling, of als taak om het formulier te versturen)."""
    from domain.indicatie import BijlageSoort

    ref = guarded(lambda: parse_referentie(referentie))
    bijlagen = [keuze(BijlageSoort, b, "--bijlage") for b in bijlage]
    door = guarded(lambda: controleer_door(door))
    moment = parse_nu(nu)
    guarded(lambda: _kan_indienen(ref))
    require_prefect(settings())

    def run() -> Any:
        from flows.indicatie import indicatie_indienen

        return indicatie_indienen(referentie=ref, bijlagen=bijlagen, door=door, nu=moment)

    guarded(run)
    data = guarded(lambda: _stap(ref, wat="indienen"))
    if data.get("kanaal") == "http" and data.get("uwv_id") and data.get("ontvangen_op"):
        out.print(f"{ref}: ingediend bij UWV (kenmerk {data['uwv_id']}); UWV bevestigde de ontvangst op "
                  f"{data['ontvangen_op']}", highlight=False)
    elif data.get("kanaal") == "http" and data.get("uwv_id"):
        out.print(f"{ref}: ingediend bij UWV (kenmerk {data['uwv_id']}); ontvangstbevestiging verwacht binnen "
                  f"vijf dagen", highlight=False)
    elif data.get("kanaal") == "handmatig":
        out.print(f"{ref}: handmatig kanaal: er staat een taak klaar om het formulier 'Aanvraag indicatie of advies' "
                  f"te versturen; leg daarna vast: werkpad indicatie ingediend {ref} --op JJJJ-MM-DD", highlight=False)
    else:
        out.print(f"{ref}: aanvraag staat klaar voor UWV; werkpad verstuurt hem zodra UWV bereikbaar is",
                  highlight=False)


@app.command("ingediend")
def ingediend(referentie: str = typer.Argument(..., help=REF_HELP),
              op: str = typer.Option(..., help="Datum van indienen, JJJJ-MM-DD"),
              door: str = typer.Option("werkcoach", help=DOOR_HELP),
              nu: str | None = typer.Option(None, help=NU_HELP)) -> None:
    """Handmatig kanaal: leg vast op welke datum het formulier naar UWV ging."""
    from domain.indicatie import IN_TE_DIENEN

    ref = guarded(lambda: parse_referentie(referentie))
    moment = parse_nu(nu)
    datum = _brief_datum(op, "--op") if moment is None else parse_datum(op, "--op")
    door = guarded(lambda: controleer_door(door))
    data = guarded(lambda: _stap(ref, IN_TE_DIENEN, wat="de datum van indienen vastleggen"))
    if data.get("kanaal") != "handmatig":
        guarded(lambda: _weiger(f"{ref}: de aanvraag gaat via de koppeling met UWV; de datum komt van UWV zelf."))
    require_prefect(settings())

    def run() -> Any:
        from flows.indicatie import indicatie_ingediend

        return indicatie_ingediend(referentie=ref, op=datum, door=door, nu=moment)

    res = guarded(run)
    out.print(f"{ref}: ingediend op {datum.isoformat()}; ontvangstbevestiging verwacht uiterlijk "
              f"{res['ontvangst_uiterlijk']}", highlight=False)


@app.command("ontvangen")
def ontvangen(referentie: str = typer.Argument(..., help=REF_HELP),
              op: str = typer.Option(..., help="Datum van de ontvangstbevestiging, JJJJ-MM-DD"),
              door: str = typer.Option("werkcoach", help=DOOR_HELP),
              nu: str | None = typer.Option(None, help=NU_HELP)) -> None:
    """Leg de ontvangstbevestiging van UWV vast; de termijn voor de uitkomst begint."""
    from domain.indicatie import INGEDIEND, controleer_volgorde

    ref = guarded(lambda: parse_referentie(referentie))
    moment = parse_nu(nu)
    datum = _brief_datum(op, "--op") if moment is None else parse_datum(op, "--op")
    door = guarded(lambda: controleer_door(door))
    data = guarded(lambda: _stap(ref, INGEDIEND, wat="de ontvangst vastleggen"))
    guarded(lambda: controleer_volgorde(ref, datum, data.get("ingediend_op"), "de ontvangst", "het indienen"))
    require_prefect(settings())

    def run() -> Any:
        from flows.indicatie import indicatie_ontvangen

        return indicatie_ontvangen(referentie=ref, op=datum, door=door, nu=moment)

    res = guarded(run)
    out.print(f"{ref}: ontvangst {datum.isoformat()} vastgelegd; uitkomst van UWV uiterlijk "
              f"{res['beslissing_uiterlijk']}", highlight=False)


@app.command("beslissing")
def beslissing(referentie: str = typer.Argument(..., help=REF_HELP),
               uitkomst: str = typer.Option(..., help="positief of negatief"),
               op: str = typer.Option(..., help="Datum van de beslissing of het advies, JJJJ-MM-DD"),
               toelichting: str | None = typer.Option(None, help="Korte toelichting (geen medische details)"),
               door: str = typer.Option("werkcoach", help=DOOR_HELP),
               nu: str | None = typer.Option(None, help=NU_HELP)) -> None:
    """Leg de uitkomst van UWV vast; het vervolg start (garantiebaan, besluit gemeente, of een taak)."""
    from domain.indicatie import ONTVANGEN, TE_LAAT, Uitkomst, controleer_volgorde

    ref = guarded(lambda: parse_referentie(referentie))
    gekozen = keuze(Uitkomst, uitkomst, "--uitkomst")
    moment = parse_nu(nu)
    datum = _brief_datum(op, "--op") if moment is None else parse_datum(op, "--op")
    tekst = (guarded(lambda: controleer_tekst(toelichting, "--toelichting", min_len=5))
             if toelichting is not None else None)
    door = guarded(lambda: controleer_door(door))
    data = guarded(lambda: _stap(ref, ONTVANGEN, TE_LAAT, wat="de uitkomst vastleggen (leg eerst de ontvangst vast)"))
    guarded(lambda: controleer_volgorde(ref, datum, data.get("ontvangen_op"), "de beslissing", "de ontvangst"))
    require_prefect(settings())

    def run() -> Any:
        from flows.indicatie import indicatie_beslissing

        return indicatie_beslissing(referentie=ref, uitkomst=gekozen, op=datum, toelichting=tekst, door=door,
                                    nu=moment)

    res = guarded(run)
    out.print(f"{ref}: uitkomst {gekozen.value} vastgelegd; indicatie staat op '{res['status']}'", highlight=False)


@app.command("gemeentebesluit")
def gemeentebesluit(referentie: str = typer.Argument(..., help=REF_HELP),
                    besluit: str = typer.Option(..., help="toekennen of afwijzen"),
                    toelichting: str = typer.Option(..., help="Korte toelichting (geen persoonsgegevens)"),
                    door: str = typer.Option("werkcoach", help=DOOR_HELP),
                    nu: str | None = typer.Option(None, help=NU_HELP)) -> None:
    """Leg het besluit van de gemeente over beschut werk vast: plaatsing binnen het quotum, anders de wachtlijst."""
    from domain.indicatie import GEMEENTEBESLUIT, GemeenteBesluit

    ref = guarded(lambda: parse_referentie(referentie))
    gekozen = keuze(GemeenteBesluit, besluit, "--besluit")
    tekst = guarded(lambda: controleer_tekst(toelichting, "--toelichting", min_len=5))
    door = guarded(lambda: controleer_door(door))
    moment = parse_nu(nu)
    guarded(lambda: _stap(ref, GEMEENTEBESLUIT, wat="het besluit van de gemeente vastleggen"))
    require_prefect(settings())

    def run() -> Any:
        from flows.indicatie import indicatie_gemeentebesluit

        return indicatie_gemeentebesluit(referentie=ref, besluit=gekozen, toelichting=tekst, door=door, nu=moment)

    res = guarded(run)
    out.print(f"{ref}: besluit gemeente '{gekozen.value}' vastgelegd; indicatie staat op '{res['status']}'",
              highlight=False)


@app.command("plaatsen")
def plaatsen(referentie: str = typer.Argument(..., help=REF_HELP),
             door: str = typer.Option("werkcoach", help=DOOR_HELP),
             nu: str | None = typer.Option(None, help=NU_HELP)) -> None:
    """Er is een beschutte werkplek vrij: van de wachtlijst naar plaatsing (taak voor het WSP)."""
    from domain.indicatie import WACHTLIJST

    ref = guarded(lambda: parse_referentie(referentie))
    door = guarded(lambda: controleer_door(door))
    moment = parse_nu(nu)
    guarded(lambda: _stap(ref, WACHTLIJST, wat="plaatsen"))
    require_prefect(settings())

    def run() -> Any:
        from flows.indicatie import indicatie_plaatsen

        return indicatie_plaatsen(referentie=ref, door=door, nu=moment)

    guarded(run)
    out.print(f"{ref}: geplaatst; het WSP heeft een taak voor de beschutte werkplek", highlight=False)


@app.command("controle")
def controle(nu: str | None = typer.Option(None, help=NU_HELP)) -> None:
    """Vraag UWV nu naar ontvangst en uitkomst van open aanvragen (HTTP-kanaal)."""
    moment = parse_nu(nu)
    s = settings()
    require_prefect(s)
    runtime()
    from flows.indicatie import indicatie_controle

    res = guarded(lambda: indicatie_controle(nu=moment))
    out.print(f"{res['gecontroleerd']} aanvraag/aanvragen gecontroleerd: {res['ontvangen']} ontvangen, "
              f"{res['beslist']} beslist, {res['overgeslagen']} overgeslagen, {res['fouten']} fout(en)",
              highlight=False)
