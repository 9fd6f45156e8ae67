"""The werkpad command line. Domain words stay Dutch; every failure is one clear line.

Every command validates its input before anything else. Prefect (flows/, tasks.artifacts,
tasks.dispatch, prefect itself: ~3 s to import) is imported only inside the commands that
run a flow, and only after their input passed: `termijn`, `case show` and refusals answer
without it. tests/cli/test_no_prefect.py holds this in place.
"""

from __future__ import annotations

import json
import sys
from datetime import UTC, date, datetime
from typing import Any

import typer
from rich.markup import escape
from rich.table import Table
from typer.core import TyperGroup

from domain.invoer import (
    TERMIJN_LAATST,
    TERMIJN_VROEGST,
    controleer_email,
    parse_referentie,
)
from domain.termijnen import SOORTEN as TERMIJNSOORTEN
from werkpad import cli_rapport
from werkpad.cli_case import case_app
from werkpad.commando import (
    err,
    fail,
    guarded,
    out,
    parse_datum,
    parse_nu,
    require_prefect,
    reset_settings,
    runtime,
    settings,
)


# Each process's sub-app (werkpad <proces> <actie>) comes from the process list (domain/processen.py), beside
# the groups that are no process. They are imported when their name is on the command line (or for the overview
# in --help), so a command pays only for its own process: all of them together cost ~0.15 s at every start.
def _proces_apps() -> dict[str, tuple[str, str]]:
    from domain.processen import PROCESSEN

    apps = {p.naam: (p.cli, "app") for p in PROCESSEN if p.cli}
    apps.update({
        "deelnemer": ("werkpad.cli_maatregel", "deelnemer_app"),
        "import": ("werkpad.cli_import", "app"),
        "outbox": ("werkpad.cli_outbox", "app"),
        "gemeente": ("werkpad.cli_gemeente", "app"),
        "worker": ("werkpad.cli_worker", "app"),
    })
    return apps




class ProcesGroep(TyperGroup):
    """The top-level group: the commands defined here, plus the process sub-apps on demand."""

    def list_commands(self, ctx: Any) -> list[str]:
        return sorted({*super().list_commands(ctx), *_proces_apps()})

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        cmd = super().get_command(ctx, cmd_name)
        apps = _proces_apps()  # read from the process list each time (a test may register an example process)
        if cmd is None and cmd_name in apps:
            import importlib

            modulenaam, attribuut = apps[cmd_name]
            sub = getattr(importlib.import_module(modulenaam), attribuut)
            cmd = typer.main.get_group(sub)  # as add_typer would: a group, without completion options
            cmd.name = cmd_name
            self.commands[cmd_name] = cmd
        return cmd


app = typer.Typer(help="werkpad – van aanmelding tot uitstroom bij IJmond Werkt!", no_args_is_help=True,
                  add_completion=False, pretty_exceptions_enable=False, cls=ProcesGroep)
sim_app = typer.Typer(help="De lokale gemeente-simulator besturen.", no_args_is_help=True)
app.add_typer(case_app, name="case")
app.add_typer(sim_app, name="simulator")
app.command(name="rapport")(cli_rapport.rapport)


@app.callback()
def _invocation() -> None:
    reset_settings()


# -- termijn --------------------------------------------------------------------------------
@app.command()
def termijn(soort: str = typer.Argument(..., help=f"Eén van: {', '.join(TERMIJNSOORTEN)} (de tabel in "
                                                  "domain/termijnen.py). --vanaf is de gebeurtenis waarna de termijn "
                                                  "loopt, bijv. bij beslissing-op-bezwaar het einde van de "
                                                  "bezwaartermijn, bij verdaging het einde van de beslistermijn, bij "
                                                  "ingebrekestelling en dwangsom de ontvangst van de "
                                                  "ingebrekestelling."),
            vanaf: str = typer.Option(..., "--vanaf", help="Dag van bekendmaking, ontvangst of melding (JJJJ-MM-DD)"),
            as_json: bool = typer.Option(False, "--json", help="Uitvoer als JSON")) -> None:
    """Bereken een wettelijke termijn (Awb, Participatiewet, Algemene termijnenwet)."""
    from domain.termijnen import bereken_termijn
    from tasks.config import load_kalender

    start = parse_datum(vanaf, "--vanaf", TERMIJN_VROEGST, TERMIJN_LAATST)
    pad = settings().feestdagen_file
    kalender = guarded(lambda: load_kalender(pad))  # the configured calendar (WERKPAD_FEESTDAGEN_FILE), as the flows use
    t = guarded(lambda: bereken_termijn(soort, start, kalender))
    if as_json:
        sys.stdout.write(json.dumps(t.as_dict(), ensure_ascii=False, indent=2) + "\n")
        return
    # a waiting term is over when its end date begins (domain/wachttermijn.py): say its last day too
    from domain.wachttermijn import laatste_wachtdag

    eerste = f"Eerste dag: {t.eerste_dag.isoformat()}\n" if t.eerste_dag else ""
    wacht = (f" (voorbij zodra die dag begint; laatste dag {laatste_wachtdag(t.einddatum).isoformat()})"
             if t.wachttermijn else "")
    out.print(f"[bold]{t.omschrijving}[/]\n{eerste}Einddatum: [bold]{t.einddatum.isoformat()}[/]{wacht}\n"
              f"Grondslag: {t.grondslag}\n{t.atw_toelichting}", highlight=False)


# -- aanmelden ------------------------------------------------------------------------------
@app.command()
def aanmelden(gemeente: str = typer.Option(..., help="beverwijk, heemskerk of velsen"),
              bsn: str = typer.Option(..., help="Burgerservicenummer (11-proef)"),
              geboortedatum: str = typer.Option(..., help="JJJJ-MM-DD"),
              naam: str = typer.Option(..., help="Naam van de deelnemer"),
              werkcoach: str = typer.Option(..., help="E-mailadres van de werkcoach"),
              nu: str | None = typer.Option(None, help="Tijdstip voor demo en test (JJJJ-MM-DDTHH:MM)"),
              gegevens_bijwerken: bool = typer.Option(False, "--gegevens-bijwerken",
                                                      help="Bekend BSN met andere naam/geboortedatum: werk ze bij")) -> None:
    """Meld een deelnemer aan en start het traject; toont het trajectnummer."""
    from domain.bsn import validate_bsn
    from domain.gemeenten import parse_gemeente
    from domain.herinneringen import lokale_datum
    from domain.invoer import GEBOORTE_VROEGST
    from domain.traject import controleer_aanmelding

    s = settings()
    moment = parse_nu(nu) or datetime.now(UTC)
    geb = parse_datum(geboortedatum, "--geboortedatum", GEBOORTE_VROEGST, lokale_datum(moment))
    schoon_bsn = guarded(lambda: validate_bsn(bsn))
    guarded(lambda: parse_gemeente(gemeente))
    naam, werkcoach = guarded(lambda: controleer_aanmelding(naam=naam, werkcoach=werkcoach, geboortedatum=geb,
                                                            vandaag=lokale_datum(moment)))
    # Every refusal on the case (an open traject, a known BSN with other data) is the registration's own, in its
    # transaction; here only what a re-registration will update, for the note below.
    velden: list[str] = guarded(lambda: _bij_te_werken(schoon_bsn, naam, geb)) if gegevens_bijwerken else []
    # Store first, in this process: the BSN, name and birth date never become Prefect parameters; the flow that
    # follows gets the reference only (on the stack, or here with --nu). The registration refuses what it must in
    # its own transaction; the reference is printed as soon as it exists, whatever happens after, and a retry of
    # the same aanmelding answers with the traject it made (werkpad/cli_aanmelden.py).
    from werkpad import cli_aanmelden as a

    ref, eerder = guarded(lambda: a.registreer_of_vind(bsn=schoon_bsn, naam=naam, geboortedatum=geb,
                                                       gemeente=gemeente, werkcoach=werkcoach, nu=moment,
                                                       gegevens_bijwerken=gegevens_bijwerken))
    out.print(ref, highlight=False)
    if velden and not eerder:
        err.print(f"Let op: bekende deelnemer; {' en '.join(velden)} bijgewerkt (staat in de tijdlijn). De wachttermijn "
                  "volgt de nieuwe gegevens.", highlight=False)
    reden = a.start_aanmelding(ref, moment if nu is not None else None, in_proces=nu is not None or s.stappen_in_proces)
    a.meld_uitkomst(ref, eerder=eerder, reden=reden)


def _bij_te_werken(bsn: str, naam: str, geboortedatum: date) -> list[str]:
    from tasks.aanmelding import bij_te_werken

    return bij_te_werken(runtime(), bsn=bsn, naam=naam, geboortedatum=geboortedatum)


# -- uitkomst (older spelling of `werkpad brede-intake uitkomst`) ---------------------------
@app.command(hidden=True)
def uitkomst(referentie: str = typer.Argument(..., help="Trajectnummer, bijv. IJW-2026-000123"),
             stap: str = typer.Argument(..., help="Processtap: brede-intake"),
             advies: str = typer.Option(..., help="positief of negatief"),
             route: str = typer.Option(..., help="traject, verlengde-intake, tijdelijk-oponthoud, "
                                                 "voorliggende-voorziening, terug-naar-gemeente"),
             actie: list[str] = typer.Option([], help="'omschrijving;eigenaar;JJJJ-MM-DD'; herhaalbaar"),
             door: str = typer.Option("werkcoach", help="Wie legt vast (e-mailadres of rol)"),
             nu: str | None = typer.Option(None, help="Tijdstip voor demo en test")) -> None:
    """Leg de uitkomst van een processtap vast (zie: werkpad brede-intake uitkomst)."""
    if stap != "brede-intake":
        fail(f"Onbekende stap '{stap[:40]}'; nu ondersteund: brede-intake.")
    from domain.brede_intake_stappen import UITKOMST
    from werkpad.deur import voer_uit

    voer_uit(UITKOMST, "flows.brede_intake", {"referentie": referentie, "advies": advies, "route": route,
                                              "plan_van_aanpak": actie or None, "door": door},
             nu=nu, namen={"plan_van_aanpak": "--actie"})


# -- case -----------------------------------------------------------------------------------
# -- taken and terms: one door each, generated from their declaration (domain/taken_stappen.py) -------------
def _taken_stappen() -> None:
    from domain.taken_stappen import DEADLINE_VERPLAATSEN, TAAK_AFRONDEN
    from werkpad.deur import commando

    commando(app, TAAK_AFRONDEN, "flows.taken", naam=TAAK_AFRONDEN.commando,
             argumenten=[("taak_id", "TAAK_ID", "Taaknummer")])
    commando(app, DEADLINE_VERPLAATSEN, "flows.taken", naam=DEADLINE_VERPLAATSEN.commando,
             argumenten=[("deadline_id", "DEADLINE_ID", "Deadlinenummer")])


_taken_stappen()


# -- scheduled jobs, by hand ------------------------------------------------------------------
@app.command()
def sweep(nu: str | None = typer.Option(None, help="Tijdstip (verschoven klok), bijv. 2026-12-01T07:05")) -> None:
    """Draai de deadline-sweep nu (herinneringen, escalaties en wekkers)."""
    moment = parse_nu(nu)
    s = settings()
    require_prefect(s)
    runtime()  # built from this invocation's settings before a flow needs it
    from flows.deadline_sweep import deadline_sweep

    res = guarded(lambda: deadline_sweep(nu=moment))
    out.print(f"Herinneringen {res['sweep']['herinneringen']}, escalaties {res['sweep']['escalaties']}, "
              f"wekkers {res['sweep']['gewekt']}, "
              f"verzonden {res['outbox']['verstuurd']}", highlight=False)


@app.command("werkvoorraad")
def werkvoorraad_cmd(nu: str | None = typer.Option(None, help="Tijdstip (verschoven klok)"),
                     medewerker: str | None = typer.Option(None, help="Toon alleen de werkvoorraad van dit e-mailadres "
                                                                   "(verstuurt niets)")) -> None:
    """Verstuur de werkvoorraad-mails van vandaag (eenmaal per medewerker per dag), of toon die van één medewerker."""
    moment = parse_nu(nu)
    if medewerker is not None:
        toon_werkvoorraad(guarded(lambda: controleer_email(medewerker, "--medewerker")), moment)
        return
    s = settings()
    require_prefect(s)
    runtime()  # built from this invocation's settings before a flow needs it
    from flows.deadline_sweep import werkvoorraad

    res = guarded(lambda: werkvoorraad(nu=moment))
    out.print(f"Werkvoorraad {res['plan']['datum']}: {res['plan']['mails']} medewerker(s)", highlight=False)


def toon_werkvoorraad(medewerker: str, moment: datetime | None) -> None:
    """Read-only, no Prefect: the open taken and terms of one staff member, overdue first."""
    from casestore.db import session
    from casestore.reports import werkvoorraad
    from domain.herinneringen import lokale_datum
    from tasks.sweep import werkvoorraad_rijen

    vandaag = lokale_datum(moment or datetime.now(UTC))
    with session(runtime().engine) as db:
        rijen = werkvoorraad_rijen(medewerker, werkvoorraad(db, eigenaar=medewerker).get(medewerker, []), vandaag)
    rijen.sort(key=lambda r: (r["verlopen"] != "ja", r["uiterlijk"]))
    tabel = Table(title=f"Werkvoorraad {medewerker} op {vandaag.isoformat()}")
    for c in ("uiterlijk", "verlopen", "traject", "wat", "taak"):
        tabel.add_column(c)
    for r in rijen:
        tabel.add_row(r["uiterlijk"], r["verlopen"], r["traject"], r["wat"], str(r["taak"]))
    out.print(tabel if rijen else f"Geen open taken of termijnen voor {medewerker}.", highlight=False)


@app.command("uitkering-controle", hidden=True)
def uitkering_controle_cmd(nu: str | None = typer.Option(None)) -> None:
    """Vraag de gemeente nu naar uitkeringsbesluiten (zie: werkpad uitkering controle)."""
    from werkpad import cli_uitkering

    cli_uitkering.controle(nu=nu)


# -- simulator ------------------------------------------------------------------------------
SIM_BESLUITEN = ("toegekend", "afgewezen", "in_behandeling")


@sim_app.command("uitkering")
def sim_uitkering(referentie: str, besluit: str = typer.Argument(..., help="toegekend, afgewezen of in_behandeling")) -> None:
    """Laat de gemeente-simulator een uitkering toekennen of afwijzen."""
    referentie = guarded(lambda: parse_referentie(referentie))
    if besluit not in SIM_BESLUITEN:
        fail(f"Besluit '{besluit[:30]}' is onbekend; kies uit {', '.join(SIM_BESLUITEN)}.")
    url = settings().gemeente.api_url
    import httpx

    try:
        r = httpx.post(f"{url}/_sim/uitkeringen/{referentie}", json={"status": besluit}, timeout=5)
    except httpx.HTTPError:
        fail(f"Gemeente-simulator niet bereikbaar op {url}. Start eerst de stack: ./run")
    if r.status_code == 404:
        fail(f"De simulator kent geen zaak {referentie}: is de aanmelding al naar de gemeente gestuurd?")
    if r.status_code != 200:
        fail(f"De simulator weigerde het besluit (HTTP {r.status_code}); is dit wel de gemeente-simulator op {url}?")
    out.print(f"{referentie}: uitkering {besluit} (simulator). Draai 'werkpad uitkering controle' of wacht op het "
              f"uurlijkse schema.", highlight=False)


@sim_app.command("zaken")
def sim_zaken() -> None:
    """Toon de zaken in de gemeente-simulator."""
    import httpx

    url = settings().gemeente.api_url
    try:
        data = httpx.get(f"{url}/_sim/zaken", timeout=5).raise_for_status().json()
    except (httpx.HTTPError, ValueError):
        fail(f"Gemeente-simulator niet bereikbaar op {url}, of dit is geen gemeente-simulator.")
    for z in data["zaken"]:
        uitkering = f"  uitkering={z['uitkering']}" if z.get("uitkering") and z.get("zaaktype") == "IJW-REINTEGRATIE" else ""
        out.print(f"{z['identificatie']}  {z.get('zaaktype', '')}{uitkering}  einddatum={z['einddatum']}",
                  highlight=False, soft_wrap=True)


# -- stack, demo, db -------------------------------------------------------------------------
@app.command()
def up(demo: bool = typer.Option(False, "--demo", help="Vul de stack meteen met voorbeelddeelnemers"),
       topologie: str = typer.Option(None, "--topologie", metavar="ingebed|productie",
                                     help="productie: Prefect en case store op PostgreSQL, werkpool met workers, "
                                          "API afgesloten (standaard: WERKPAD_STACK__TOPOLOGIE, anders ingebed)")
       ) -> None:
    """Start de lokale stack: Prefect-server en UI, deployments, gemeente-simulator, mail-catcher."""
    from werkpad.stack import run_stack

    if topologie is not None and topologie not in ("ingebed", "productie"):
        fail(f"Onbekende topologie '{topologie}'; kies ingebed of productie.")
    run_stack(settings(), demo=demo, topologie=topologie)


@app.command()
def demo() -> None:
    """Meld voorbeelddeelnemers aan tegen de draaiende stack en loop de stappen door op een verschoven klok."""
    s = settings()
    require_prefect(s)
    runtime()
    from werkpad.demo import run_demo

    guarded(lambda: run_demo(out, s))


@app.command("db-upgrade")
def db_upgrade() -> None:
    """Breng het schema van de case store naar de nieuwste migratie (niets anders migreert vanzelf)."""
    s = settings()
    from tasks.runtime import upgrade_store

    schema = guarded(lambda: upgrade_store(s.casestore))
    out.print(f"Case store bijgewerkt (schema {schema}).", highlight=False)


# -- entry point: click's usage errors in Dutch ----------------------------------------------

def _optienaam(param: Any) -> str:
    opts = list(getattr(param, "opts", None) or [])
    return next((o for o in opts if o.startswith("--")), opts[0] if opts else str(param.name))


def _commandopad(args: list[str]) -> str:
    """`werkpad case show` from the typed words, for errors click raises without a context."""
    from typer.main import get_command

    cmd: Any = get_command(app)
    pad = ["werkpad"]
    for woord in args:
        sub = getattr(cmd, "commands", {}).get(woord)
        if sub is None:
            break
        pad.append(woord)
        cmd = sub
    return " ".join(pad)


def gebruiksfout(exc: Any, args: list[str] | None = None) -> str:
    """One Dutch line for a click usage error (missing option or argument, unknown option or
    command, extra argument). Click's own text is English and comes in a box with exit code 2."""
    import re

    from typer._click import exceptions as click  # typer 0.29 vendors click: its own exception classes

    from domain.bsn import maskeer_bsns

    ctx = exc.ctx
    pad = ctx.command_path if ctx is not None else _commandopad(sys.argv[1:] if args is None else args)
    hulp = f" (zie {pad} --help)"
    param = getattr(exc, "param", None)
    if isinstance(exc, click.MissingParameter) and param is not None:
        if param.param_type_name == "option":
            return f"Optie {_optienaam(param)} ontbreekt{hulp}."
        return f"Argument {param.metavar or str(param.name).upper()} ontbreekt{hulp}."
    if isinstance(exc, click.NoSuchOption):
        bedoeld = sorted(exc.possibilities or [])
        suggestie = f" Bedoelt u {' of '.join(bedoeld)}?" if bedoeld else ""
        return f"Onbekende optie {maskeer_bsns(exc.option_name[:40])}{hulp}.{suggestie}"
    if isinstance(exc, click.BadOptionUsage):
        if "requires an argument" in exc.message:
            return f"Optie {exc.option_name} heeft een waarde nodig{hulp}."
        if "does not take a value" in exc.message:
            return f"Optie {exc.option_name} neemt geen waarde{hulp}."
        return f"Optie {exc.option_name} is verkeerd gebruikt{hulp}."
    if isinstance(exc, click.BadParameter) and param is not None:
        naam = _optienaam(param) if param.param_type_name == "option" else param.metavar or str(param.name).upper()
        return f"Ongeldige waarde voor {naam}{hulp}."
    tekst = exc.format_message()
    if m := re.match(r"No such command '(.*?)'", tekst):
        return f"Onbekend commando '{maskeer_bsns(m.group(1)[:40])}'{hulp}."
    if m := re.match(r"Got unexpected extra argument(?:s|\(s\))? \((.*)\)", tekst):
        extra = maskeer_bsns(m.group(1)[:60])
        if extra.startswith("-") and not extra[1:2].isdigit():  # an option the command does not have
            return f"Onbekende optie {extra.split()[0]}{hulp}."
        return f"Onverwacht extra argument: {extra}{hulp}."
    return f"Ongeldige aanroep{hulp}."


def main(args: list[str] | None = None) -> int:
    """The `werkpad` command (pyproject [project.scripts]) and `python -m werkpad.cli`.

    click runs without standalone mode, so a usage error reaches us as an exception instead of
    click's English box: it becomes one `Fout:` line and exit code 1, as all bad input does.
    `--help` (and a bare `werkpad` or `werkpad case`) still show the help, exit code 0."""
    from typer._click import exceptions as click  # typer 0.29 vendors click: its own exception classes

    try:
        rv = app(args=args, prog_name="werkpad", standalone_mode=False)
    except click.NoArgsIsHelpError as exc:  # a bare group: its help, as before
        exc.show()
        return 0
    except click.UsageError as exc:
        err.print(f"[bold red]Fout:[/] {escape(gebruiksfout(exc, args))}", highlight=False, soft_wrap=True)
        return 1
    except typer.Abort:
        err.print("[bold red]Fout:[/] Afgebroken.", highlight=False)
        return 1
    except click.ClickException as exc:  # not a usage error (none is raised today): still one line
        err.print(f"[bold red]Fout:[/] {escape(exc.format_message())}", highlight=False, soft_wrap=True)
        return 1
    return rv if isinstance(rv, int) else 0


if __name__ == "__main__":
    sys.exit(main())
