"""The werkpad command line. Domain words stay Dutch; every failure is one clear line."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any, NoReturn

import httpx
import typer
from rich.console import Console
from rich.table import Table

from werkpad.settings import Settings

app = typer.Typer(help="werkpad – van aanmelding tot uitstroom bij IJmond Werkt!", no_args_is_help=True,
                  add_completion=False, pretty_exceptions_enable=False)
case_app = typer.Typer(help="Trajecten bekijken.", no_args_is_help=True)
sim_app = typer.Typer(help="De lokale gemeente-simulator besturen.", no_args_is_help=True)
app.add_typer(case_app, name="case")
app.add_typer(sim_app, name="simulator")
out = Console()
err = Console(stderr=True)


def fail(msg: str, code: int = 1) -> NoReturn:
    err.print(f"[bold red]Fout:[/] {msg}", highlight=False, soft_wrap=True)
    raise typer.Exit(code)


def parse_datum(value: str, veld: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        fail(f"{veld} '{value}' is geen geldige datum; gebruik JJJJ-MM-DD, bijvoorbeeld 2026-11-23.")


def parse_nu(value: str | None) -> datetime | None:
    if value is None:
        return None
    try:
        d = datetime.fromisoformat(value)
    except ValueError:
        fail(f"--nu '{value}' is geen geldig tijdstip; gebruik bijvoorbeeld 2026-11-23T09:00.")
    if d.tzinfo is None:
        from domain.herinneringen import lokaal_naar_utc
        return lokaal_naar_utc(d)
    return d.astimezone(UTC)


def keuze(enum: Any, value: str, veld: str) -> Any:
    try:
        return enum(value)
    except ValueError:
        fail(f"{veld} '{value}' is onbekend; kies uit {', '.join(e.value for e in enum)}.")


def settings() -> Settings:
    s = Settings()
    s.export()
    return s


def guarded(fn: Callable[[], Any]) -> Any:
    """Turn the errors a user can cause or meet into one line and a non-zero exit."""
    from casestore.repo import NotFound
    from domain.errors import DomainError
    from integrations.gemeente.errors import GemeenteError
    from tasks.dispatch import DispatchUitgesteld

    try:
        return fn()
    except (DomainError, NotFound, GemeenteError, DispatchUitgesteld) as exc:
        fail(str(exc))
    except ValueError as exc:  # pydantic validation of typed input
        fail(str(exc).splitlines()[0] if str(exc) else type(exc).__name__)


def require_prefect(s: Settings) -> None:
    import os

    url = os.environ["PREFECT_API_URL"]
    try:
        httpx.get(f"{url}/health", timeout=3).raise_for_status()
    except httpx.HTTPError:
        fail(f"Prefect-server niet bereikbaar op {url}. Start eerst de stack: ./run")


def runtime() -> Any:
    from tasks import runtime as rt

    return rt.get()


# -- termijn --------------------------------------------------------------------------------
@app.command()
def termijn(soort: str = typer.Argument(..., help="bezwaar, beslistermijn, zoektermijn, uwv-beoordeling, "
                                                  "inspanningsperiode"),
            vanaf: str = typer.Option(..., "--vanaf", help="Dag van bekendmaking, ontvangst of melding (JJJJ-MM-DD)"),
            as_json: bool = typer.Option(False, "--json", help="Uitvoer als JSON")) -> None:
    """Bereken een wettelijke termijn (Awb, Participatiewet, Algemene termijnenwet)."""
    from domain.termijnen import bereken_termijn

    start = parse_datum(vanaf, "--vanaf")
    t = guarded(lambda: bereken_termijn(soort, start))
    if as_json:
        sys.stdout.write(json.dumps(t.as_dict(), ensure_ascii=False, indent=2) + "\n")
        return
    out.print(f"[bold]{t.omschrijving}[/]\nEinddatum: [bold]{t.einddatum.isoformat()}[/]\nGrondslag: {t.grondslag}\n"
              f"{t.atw_toelichting}", highlight=False)


# -- aanmelden ------------------------------------------------------------------------------
@app.command()
def aanmelden(gemeente: str = typer.Option(..., help="beverwijk, heemskerk of velsen"),
              bsn: str = typer.Option(..., help="Burgerservicenummer (11-proef)"),
              geboortedatum: str = typer.Option(..., help="JJJJ-MM-DD"),
              naam: str = typer.Option(..., help="Naam van de deelnemer"),
              werkcoach: str = typer.Option(..., help="E-mailadres van de werkcoach"),
              nu: str | None = typer.Option(None, help="Tijdstip voor demo en test (JJJJ-MM-DDTHH:MM)")) -> None:
    """Meld een deelnemer aan en start het traject; toont het trajectnummer."""
    from domain.bsn import validate_bsn
    from domain.gemeenten import parse_gemeente

    s = settings()
    geb = parse_datum(geboortedatum, "--geboortedatum")
    moment = parse_nu(nu) or datetime.now(UTC)
    guarded(lambda: (validate_bsn(bsn), parse_gemeente(gemeente)))
    guarded(lambda: check_gemeente())
    require_prefect(s)
    ref = guarded(lambda: registreer_en_start(bsn=bsn, naam=naam, geboortedatum=geb, gemeente=gemeente,
                                              werkcoach=werkcoach, nu=moment))
    out.print(ref, highlight=False)


def check_gemeente() -> None:
    """Refuse before writing anything if the gemeente cannot be reached."""
    with runtime().gemeente_client() as c:
        c.zaaktype("IJW-REINTEGRATIE")


def registreer_en_start(*, bsn: str, naam: str, geboortedatum: date, gemeente: str, werkcoach: str,
                        nu: datetime, actor: str = "cli") -> str:
    from domain.bsn import validate_bsn
    from domain.gemeenten import parse_gemeente
    from flows.aanmelding import aanmelding
    from tasks.cases import registreer

    validate_bsn(bsn)
    parse_gemeente(gemeente)
    check_gemeente()
    rt = runtime()
    ref: str = registreer(rt, bsn=bsn, naam=naam, geboortedatum=geboortedatum, gemeente=gemeente,
                          werkcoach=werkcoach, nu=nu, actor=actor)
    aanmelding(referentie=ref, nu=nu)
    return ref


# -- uitkomst -------------------------------------------------------------------------------
@app.command()
def uitkomst(referentie: str = typer.Argument(..., help="Trajectnummer, bijv. IJW-2026-000123"),
             stap: str = typer.Argument(..., help="Processtap: brede-intake"),
             advies: str = typer.Option(..., help="positief of negatief"),
             route: str = typer.Option(..., help="traject, verlengde-intake, tijdelijk-oponthoud, "
                                                 "voorliggende-voorziening, terug-naar-gemeente"),
             actie: list[str] = typer.Option([], help="'omschrijving;eigenaar;JJJJ-MM-DD' (eigenaar: werkcoach, "
                                                      "consulent, deelnemer); herhaalbaar"),
             door: str = typer.Option("werkcoach", help="Wie legt vast (e-mailadres of rol)"),
             nu: str | None = typer.Option(None, help="Tijdstip voor demo en test")) -> None:
    """Leg de uitkomst van een processtap vast."""
    from domain.traject import Actie, Advies, BredeIntakeUitkomst, Eigenaar, Route

    if stap != "brede-intake":
        fail(f"Onbekende stap '{stap}'; nu ondersteund: brede-intake.")
    s = settings()
    acties = []
    for a in actie:
        delen = [d.strip() for d in a.split(";")]
        if len(delen) != 3:
            fail(f"Actie '{a}' moet de vorm 'omschrijving;eigenaar;JJJJ-MM-DD' hebben.")
        eig = keuze(Eigenaar, delen[1], "eigenaar van een actie")
        acties.append(guarded(lambda d=delen, e=eig: Actie(omschrijving=d[0], eigenaar=e,  # type: ignore[misc]
                                                            deadline=parse_datum(d[2], "Actie-deadline"))))
    u = BredeIntakeUitkomst(advies=keuze(Advies, advies, "--advies"), route=keuze(Route, route, "--route"),
                            plan_van_aanpak=acties)
    moment = parse_nu(nu)

    def check() -> None:  # refuse before starting a run: unknown case, wrong step, inconsistent outcome
        from casestore import repo
        from casestore.db import session
        from domain.herinneringen import lokale_datum
        from domain.traject import Status, controleer_uitkomst

        with session(runtime().engine) as db:
            t = repo.get_traject(db, referentie=referentie)
            controleer_uitkomst(Status(t.status), u, lokale_datum(moment or datetime.now(UTC)))

    guarded(check)
    require_prefect(s)

    def run() -> Any:
        from flows.brede_intake import brede_intake_uitkomst

        return brede_intake_uitkomst(referentie=referentie, uitkomst=u, vastgelegd_door=door, nu=moment)

    res = guarded(run)
    out.print(f"{referentie}: status {res['status']}", highlight=False)


# -- case -----------------------------------------------------------------------------------
@case_app.command("show")
def case_show(referentie: str) -> None:
    """Tijdlijn, open termijnen en taken van een traject (nooit het BSN)."""
    settings()
    from casestore import repo
    from casestore.db import session
    from domain.herinneringen import TZ
    from domain.traject import STATUS_LABEL, Status

    rt = runtime()
    with session(rt.engine) as s:
        t = guarded(lambda: repo.get_traject(s, referentie=referentie))
        out.print(f"[bold]{t.referentie}[/] · {t.gemeente.capitalize()} · {STATUS_LABEL[Status(t.status)]}",
                  highlight=False)
        out.print(f"Werkcoach: {t.werkcoach_email} · aangemeld {t.aangemeld_op.isoformat()}"
                  + (f" · brede intake {t.intake_moment.astimezone(TZ):%Y-%m-%d %H:%M}" if t.intake_moment else "")
                  + (f" · zaak {t.zaak_url}" if t.zaak_url else ""), highlight=False)
        tl = Table(title="Tijdlijn", show_lines=False)
        for c in ("wanneer", "wie", "wat"):
            tl.add_column(c)
        for e in repo.tijdlijn(s, traject=t):
            tl.add_row(f"{e.op.astimezone(TZ):%Y-%m-%d %H:%M}", e.actor, e.omschrijving)
        out.print(tl)
        dl = Table(title="Open termijnen en taken")
        for c in ("id", "uiterlijk", "wat", "grondslag", "eigenaar"):
            dl.add_column(c)
        for d in repo.open_deadlines(s, traject=t):
            dl.add_row(str(d.id), d.due.isoformat(), d.omschrijving, d.grondslag, d.eigenaar_email)
        out.print(dl)
        tt = Table(title="Open taken")
        for c in ("taak", "wat", "eigenaar"):
            tt.add_column(c)
        for k in repo.open_taken(s, traject=t):
            tt.add_row(str(k.id), k.titel, k.eigenaar_email)
        out.print(tt)


@app.command("taak-afronden")
def taak_afronden(taak_id: int, door: str = typer.Option("werkcoach")) -> None:
    """Markeer een taak als afgerond (stopt de herinneringen)."""
    settings()
    from casestore import repo
    from casestore.db import session

    with session(runtime().engine) as s:
        t = guarded(lambda: repo.rond_taak_af(s, taak_id=taak_id, nu=datetime.now(UTC), actor=door))
        s.commit()
    out.print(f"Taak {taak_id} afgerond: {t.titel}", highlight=False)


@app.command("deadline-verplaatsen")
def deadline_verplaatsen(deadline_id: int, naar: str = typer.Option(..., help="Nieuwe datum JJJJ-MM-DD"),
                         reden: str = typer.Option(..., help="Waarom"),
                         door: str = typer.Option("werkcoach")) -> None:
    """Verplaats een deadline; de herinneringen worden opnieuw ingesteld."""
    settings()
    from casestore import repo
    from casestore.db import session

    nieuw = parse_datum(naar, "--naar")
    with session(runtime().engine) as s:
        d = guarded(lambda: repo.verplaats_deadline(s, deadline_id=deadline_id, due=nieuw, nu=datetime.now(UTC),
                                                    actor=door, reden=reden))
        s.commit()
    out.print(f"Deadline {deadline_id} ({d.omschrijving}) staat nu op {d.due.isoformat()}.", highlight=False)


# -- scheduled jobs, by hand ------------------------------------------------------------------
@app.command()
def sweep(nu: str | None = typer.Option(None, help="Tijdstip (verschoven klok), bijv. 2026-12-01T07:05")) -> None:
    """Draai de deadline-sweep nu (herinneringen en escalaties)."""
    s = settings()
    require_prefect(s)
    from flows.deadline_sweep import deadline_sweep

    res = guarded(lambda: deadline_sweep(nu=parse_nu(nu)))
    out.print(f"Herinneringen {res['sweep']['herinneringen']}, escalaties {res['sweep']['escalaties']}, "
              f"verzonden {res['outbox']['verstuurd']}", highlight=False)


@app.command("werkvoorraad")
def werkvoorraad_cmd(nu: str | None = typer.Option(None, help="Tijdstip (verschoven klok)")) -> None:
    """Verstuur de werkvoorraad-mails van vandaag (eenmaal per medewerker per dag)."""
    s = settings()
    require_prefect(s)
    from flows.deadline_sweep import werkvoorraad

    res = guarded(lambda: werkvoorraad(nu=parse_nu(nu)))
    out.print(f"Werkvoorraad {res['plan']['datum']}: {res['plan']['mails']} medewerker(s)", highlight=False)


@app.command("uitkering-controle")
def uitkering_controle_cmd(nu: str | None = typer.Option(None)) -> None:
    """Vraag de gemeente nu naar uitkeringsbesluiten van wachtende trajecten."""
    s = settings()
    require_prefect(s)
    from flows.traject import uitkering_controle

    res = guarded(lambda: uitkering_controle(nu=parse_nu(nu)))
    out.print(f"{res['gecontroleerd']} traject(en) gecontroleerd: {res['besloten']} besloten, {res['ongewijzigd']} "
              f"ongewijzigd, {res['overgeslagen']} overgeslagen, {res['fouten']} fout(en)", highlight=False)


# -- simulator ------------------------------------------------------------------------------
@sim_app.command("uitkering")
def sim_uitkering(referentie: str, besluit: str = typer.Argument(..., help="toegekend, afgewezen of in_behandeling")) -> None:
    """Laat de gemeente-simulator een uitkering toekennen of afwijzen."""
    settings()
    import os

    url = os.environ["WERKPAD_GEMEENTE_API_URL"]
    try:
        r = httpx.post(f"{url}/_sim/uitkeringen/{referentie}", json={"status": besluit}, timeout=5)
    except httpx.HTTPError:
        fail(f"Gemeente-simulator niet bereikbaar op {url}. Start eerst de stack: ./run")
    if r.status_code != 200:
        fail(r.json().get("detail", r.text))
    out.print(f"{referentie}: uitkering {besluit} (simulator). Draai 'werkpad uitkering-controle' of wacht op het "
              f"uurlijkse schema.", highlight=False)


@sim_app.command("zaken")
def sim_zaken() -> None:
    """Toon de zaken in de gemeente-simulator."""
    settings()
    import os

    url = os.environ["WERKPAD_GEMEENTE_API_URL"]
    try:
        data = httpx.get(f"{url}/_sim/zaken", timeout=5).json()
    except httpx.HTTPError:
        fail(f"Gemeente-simulator niet bereikbaar op {url}.")
    for z in data["zaken"]:
        out.print(f"{z['identificatie']}  uitkering={z['uitkering']}  einddatum={z['einddatum']}", highlight=False)


# -- stack, demo, db -------------------------------------------------------------------------
@app.command()
def up(demo: bool = typer.Option(False, "--demo", help="Vul de stack meteen met voorbeelddeelnemers")) -> None:
    """Start de lokale stack: Prefect-server en UI, deployments, gemeente-simulator, mail-catcher."""
    from werkpad.stack import run_stack

    run_stack(settings(), demo=demo)


@app.command()
def demo() -> None:
    """Meld voorbeelddeelnemers aan tegen de draaiende stack en loop de stappen door op een verschoven klok."""
    s = settings()
    require_prefect(s)
    from werkpad.demo import run_demo

    guarded(lambda: run_demo(out))


@app.command("db-upgrade")
def db_upgrade() -> None:
    """Breng het schema van de case store naar de nieuwste migratie."""
    settings()
    runtime()
    out.print("Case store bijgewerkt.")


if __name__ == "__main__":
    app()
