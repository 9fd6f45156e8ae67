"""`werkpad maatregel …`: maatregelonderzoek (Participatiewet art. 18) — melden, horen, toelichting, voorstel,
vier ogen (goedkeuren, terugsturen), intrekken; bezwaar, heroverweging, herziening (inkeer). And
`werkpad deelnemer adres …`: the correspondence address the beschikking is sent to (CLI only, so the address
never reaches Prefect).

Refusals are decided from the case store before Prefect is loaded (one Dutch line, nothing written).
`status`, `concept`, `beschikking`, `gedragingen`, `typen` and `deelnemer adres` run no flow."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import typer

from domain.invoer import controleer_door, controleer_tekst, parse_referentie
from werkpad.commando import (
    OVERSCHRIJF_HELP,
    UIT_HELP,
    fail,
    guarded,
    keuze,
    out,
    parse_datum,
    parse_nu,
    require_prefect,
    runtime,
    schrijf_prive,
    settings,
    uitvoerbestand,
)

app = typer.Typer(help="Maatregelonderzoek (Pw art. 18): melden, horen, voorstel, vier ogen, beschikking; bezwaar, "
                       "heroverweging en herziening (inkeer).", no_args_is_help=True)
deelnemer_app = typer.Typer(help="Gegevens van de deelnemer die niet via Prefect mogen (alleen de CLI).",
                            no_args_is_help=True)

REF_HELP = "Trajectnummer, bijv. IJW-2026-000123"
DOOR_HELP = "Wie legt vast (e-mailadres of rol)"
PERSOON_HELP = "Jouw e-mailadres (vier ogen vergelijkt personen, geen rollen)"
NU_HELP = "Tijdstip voor demo en test"
TEKST_LANG = 500  # as tasks.maatregel.TEKST_LANG (not imported here: that module loads the case store)


def _vandaag(moment: datetime | None) -> date:
    from domain.herinneringen import lokale_datum

    return lokale_datum(moment or datetime.now(UTC))


def _tekst(value: str | None, veld: str, min_len: int = 5) -> str:
    t: str = guarded(lambda: controleer_tekst(value, veld, min_len=min_len, max_len=TEKST_LANG))
    return t


def _persoon(value: str, veld: str = "--door") -> str:
    """The vier-ogen steps need a person: an e-mail address, not a role."""
    from domain.invoer import controleer_email

    door = guarded(lambda: controleer_door(value, veld))
    if "@" not in door:
        fail(f"{veld} vraagt om een persoon: geef je e-mailadres (niet de rol '{door}'); het vier-ogenprincipe "
             "vergelijkt wie voorstelt en wie goedkeurt.")
    adres: str = guarded(lambda: controleer_email(door, veld))
    return adres


def _controle(ref: str, fn: Callable[[Any, Any, Any], Any]) -> Any:
    """Run `fn(rt, db, traject)` in a read-only session: the checks a step makes, before Prefect."""
    def run() -> Any:
        from casestore import repo
        from casestore.db import session

        rt = runtime()
        with session(rt.engine) as db:
            t = repo.get_traject(db, referentie=ref)
            return fn(rt, db, t)
    return guarded(run)


def _open_traject(t: Any, wat: str) -> None:
    from domain.errors import TransitionRefused
    from domain.traject import Status

    if t.status == Status.afgesloten:
        raise TransitionRefused(f"{t.referentie} is afgesloten; {wat} kan niet meer.")


def _onderzoek(statussen: tuple[str, ...], wat: str) -> Callable[[Any, Any, Any], Any]:
    """The open onderzoek in one of `statussen` (the step's own refusal text), and its maatregel."""
    def check(rt: Any, db: Any, t: Any) -> Any:
        from tasks.maatregel import _onderzoek as onderzoek

        _open_traject(t, wat)
        return onderzoek(db, t, statussen, wat)
    return check


def _open_proces(naam: str, wat: str, maatregel_id: int | None = None) -> Callable[[Any, Any, Any], Any]:
    def check(rt: Any, db: Any, t: Any) -> Any:
        from casestore import repo
        from domain import maatregel as d
        from tasks.maatregel import open_per_maatregel

        proces = {p.naam: p for p in (d.BEZWAAR, d.HEROVERWEGING, d.INKEER)}[naam]
        if proces is d.INKEER:
            return repo.get_stap(db, traject=t, proces=proces)
        return open_per_maatregel(db, t, proces, maatregel_id, wat)
    return check


MAATREGEL_HELP = "Nummer van de beschikking (#… in werkpad maatregel status); nodig als er meer lopen"


def _run(flow_naam: str, **kwargs: Any) -> dict[str, Any]:
    require_prefect(settings())

    def run() -> Any:
        from flows import maatregel as flows

        return getattr(flows, flow_naam)(**kwargs)

    res: dict[str, Any] = guarded(run)
    return res


def _print(tekst: str) -> None:
    out.print(tekst, highlight=False, soft_wrap=True)


# -- the onderzoek -----------------------------------------------------------------------------
@app.command("melden")
def melden(referentie: str = typer.Argument(..., help=REF_HELP),
           gedraging: str = typer.Option(..., help="Code uit de verordening (werkpad maatregel gedragingen)"),
           verzuim_op: str = typer.Option(..., help="Dag van het verzuim, JJJJ-MM-DD"),
           feiten: str = typer.Option(..., help="Wat er gebeurde, feitelijk (geen persoonsgegevens)"),
           door: str = typer.Option("werkcoach", help=DOOR_HELP),
           nu: str | None = typer.Option(None, help=NU_HELP)) -> None:
    """Meld een verzuim: het maatregelonderzoek start; je krijgt de taak de deelnemer uit te nodigen (horen)."""
    ref = guarded(lambda: parse_referentie(referentie))
    datum = parse_datum(verzuim_op, "--verzuim-op")
    tekst = _tekst(feiten, "--feiten")
    door = guarded(lambda: controleer_door(door))
    moment = parse_nu(nu)
    code = gedraging.strip().lower()

    def check(rt: Any, db: Any, t: Any) -> None:

        from tasks.maatregel import controleer_melding

        _open_traject(t, "een maatregelonderzoek")
        controleer_melding(rt, db, t, code, datum, _vandaag(moment))

    _controle(ref, check)
    res = _run("maatregel_melden", referentie=ref, gedraging=code, verzuim_op=datum, feiten=tekst, door=door,
               nu=moment)
    _print(f"{ref}: verzuim gemeld ({res['gedraging']}); nodig de deelnemer uit om gehoord te worden (taak "
           f"{res['taak_id']}): werkpad maatregel horen {ref} --gesprek \"JJJJ-MM-DD UU:MM\" --locatie \"…\". "
           f"Onderzoek afronden uiterlijk {res['onderzoek_uiterlijk']}.")


@app.command("horen")
def horen(referentie: str = typer.Argument(..., help=REF_HELP),
          gesprek: str = typer.Option(..., help="Datum en tijd van het gesprek, \"JJJJ-MM-DD UU:MM\" (Nederlandse tijd)"),
          locatie: str = typer.Option(..., help="Waar het gesprek is (geen adres van de deelnemer)"),
          door: str = typer.Option("werkcoach", help=DOOR_HELP),
          nu: str | None = typer.Option(None, help=NU_HELP)) -> None:
    """Nodig de deelnemer uit om gehoord te worden (Awb 4:8); je krijgt de brieftekst en het agenda-item per mail."""
    from domain.invoer import parse_moment_lokaal

    ref = guarded(lambda: parse_referentie(referentie))
    lokaal = guarded(lambda: parse_moment_lokaal(gesprek, "--gesprek"))
    plek = guarded(lambda: controleer_tekst(locatie, "--locatie", min_len=3, max_len=200))
    door = guarded(lambda: controleer_door(door))
    moment = parse_nu(nu)

    def check(rt: Any, db: Any, t: Any) -> None:
        from domain.invoer import OngeldigeInvoer
        from domain.maatregel import controleer_gesprek

        _onderzoek(("gemeld",), "uitnodigen om te horen")(rt, db, t)
        vandaag = _vandaag(moment)
        uiterlijk = rt.kalender.werkdagen_erbij(vandaag, rt.settings.maatregel_reactie_werkdagen)
        controleer_gesprek(lokaal.date(), vandaag, uiterlijk)
        if not rt.kalender.is_werkdag(lokaal.date()) or not 8 * 60 <= lokaal.hour * 60 + lokaal.minute <= 18 * 60:
            raise OngeldigeInvoer("Plan het gesprek op een werkdag tussen 08:00 en 18:00.")

    _controle(ref, check)
    res = _run("maatregel_horen", referentie=ref, gesprek=lokaal.strftime("%Y-%m-%d %H:%M"), locatie=plek, door=door,
               nu=moment)
    _print(f"{ref}: gesprek op {lokaal:%Y-%m-%d %H:%M}; schriftelijk reageren kan tot en met "
           f"{res['reageren_uiterlijk']}. De brieftekst en het agenda-item staan in je mail. Daarna: werkpad "
           f"maatregel toelichting {ref} --toelichting \"…\"")


@app.command("toelichting")
def toelichting(referentie: str = typer.Argument(..., help=REF_HELP),
                toelichting: str = typer.Option(..., help="De toelichting van de deelnemer, kort (geen "
                                                          "persoonsgegevens of medische details)"),
                door: str = typer.Option("werkcoach", help=DOOR_HELP),
                nu: str | None = typer.Option(None, help=NU_HELP)) -> None:
    """Leg de toelichting van de deelnemer vast; daarna beoordeel je verwijtbaarheid en omstandigheden."""
    ref = guarded(lambda: parse_referentie(referentie))
    tekst = _tekst(toelichting, "--toelichting")
    door = guarded(lambda: controleer_door(door))
    moment = parse_nu(nu)
    _controle(ref, _onderzoek(("horen",), "een toelichting vastleggen"))
    res = _run("maatregel_toelichting", referentie=ref, toelichting=tekst, door=door, nu=moment)
    _print(f"{ref}: toelichting vastgelegd; stel uiterlijk {res['due']} een maatregel voor (taak {res['taak_id']}): "
           f"werkpad maatregel voorstel {ref} --verwijtbaar ja|nee --door EMAIL")


@app.command("voorstel")
def voorstel(referentie: str = typer.Argument(..., help=REF_HELP),
             verwijtbaar: str = typer.Option(..., help="ja of nee (nee: afzien, Pw art. 18 lid 9)"),
             door: str = typer.Option(..., help=PERSOON_HELP),
             dringende_redenen: str | None = typer.Option(None, help="Alleen bij matiging (lid 10): de dringende "
                                                                     "redenen"),
             gematigd_percentage: int | None = typer.Option(None, min=1, max=100,
                                                            help="Alleen bij matiging: percentage (1-100)"),
             gematigd_maanden: int | None = typer.Option(None, min=1, max=3,
                                                         help="Alleen bij matiging: aantal maanden (1-3)"),
             nu: str | None = typer.Option(None, help=NU_HELP)) -> None:
    """Stel een maatregel voor: hij volgt uit de verordening (recidive meegerekend); de teamleider beoordeelt hem."""
    from domain.maatregel import Verwijtbaar

    ref = guarded(lambda: parse_referentie(referentie))
    keus = keuze(Verwijtbaar, verwijtbaar, "--verwijtbaar")
    redenen = _tekst(dringende_redenen, "--dringende-redenen") if dringende_redenen is not None else None
    persoon = _persoon(door)
    moment = parse_nu(nu)

    def check(rt: Any, db: Any, t: Any) -> None:
        from casestore.models import Deelnemer
        from domain.errors import TransitionRefused
        from domain.gemeenten import Gemeente
        from domain.maatregel import bepaal_maatregel, recidive_groep, recidive_stap
        from tasks.maatregel import _eerdere

        stap, m = _onderzoek(("beoordelen",), "een maatregel voorstellen")(rt, db, t)
        if m.gesprek_op is not None and (moment or datetime.now(UTC)) < m.gesprek_op:
            from zoneinfo import ZoneInfo

            lokaal = m.gesprek_op.astimezone(ZoneInfo("Europe/Amsterdam"))
            raise TransitionRefused(f"{ref}: het gesprek (horen) is gepland op {lokaal:%Y-%m-%d %H:%M}; een voorstel "
                                    "kan pas daarna, ook als er al een schriftelijke toelichting is.")
        d = db.get(Deelnemer, t.deelnemer_id)
        if not (d.adres and d.postcode and d.woonplaats):
            raise TransitionRefused(f"{ref}: het correspondentieadres van de deelnemer ontbreekt; de beschikking is een "
                                    f"brief. Leg het vast: werkpad deelnemer adres {ref} --adres \"…\" --postcode "
                                    "1234AB --woonplaats \"…\"")
        versie = rt.maatregelen.op(Gemeente(t.gemeente), m.verzuim_op)
        n = recidive_stap(m.verzuim_op, recidive_groep(versie.gedraging(m.gedraging)), _eerdere(db, m))
        bepaal_maatregel(versie, m.gedraging, verwijtbaar=keus == Verwijtbaar.ja, stap=n, dringende_redenen=redenen,
                         gematigd_percentage=gematigd_percentage, gematigd_maanden=gematigd_maanden)

    _controle(ref, check)
    res = _run("maatregel_voorstel", referentie=ref, verwijtbaar=keus, door=persoon, dringende_redenen=redenen,
               gematigd_percentage=gematigd_percentage, gematigd_maanden=gematigd_maanden, nu=moment)
    _print(f"{ref}: voorstel {res['type']} ({res['label']}) ligt bij de teamleider (vier ogen, taak {res['taak_id']}, "
           f"uiterlijk {res['due']}).")


def _vier_ogen(ref: str, persoon: str, wat: str) -> Callable[[Any, Any, Any], Any]:
    def check(rt: Any, db: Any, t: Any) -> Any:
        from domain.errors import TransitionRefused

        stap, m = _onderzoek(("vier_ogen",), wat)(rt, db, t)
        if persoon == (m.voorgesteld_door or "").lower():
            raise TransitionRefused(f"{ref}: {persoon} deed zelf het voorstel; een ander (de teamleider) beoordeelt "
                                    "het (vier-ogenprincipe).")
        return m
    return check


@app.command("goedkeuren")
def goedkeuren(referentie: str = typer.Argument(..., help=REF_HELP),
               type: str = typer.Option(..., "--type", help="Het type uit het concept (werkpad maatregel typen)"),
               door: str = typer.Option(..., help=PERSOON_HELP),
               verzenddatum: str | None = typer.Option(None, help="Dag van verzenden als die niet vandaag is, "
                                                                  "JJJJ-MM-DD"),
               nu: str | None = typer.Option(None, help=NU_HELP)) -> None:
    """Vier ogen: keur het voorstel goed (lees eerst: werkpad maatregel concept REF). De beschikking wordt gemaakt."""
    from domain.maatregel import BeschikkingType, controleer_verzenddatum, parse_type

    ref = guarded(lambda: parse_referentie(referentie))
    gekozen = guarded(lambda: parse_type(type))
    persoon = _persoon(door)
    moment = parse_nu(nu)
    verzend = parse_datum(verzenddatum, "--verzenddatum") if verzenddatum is not None else None
    guarded(lambda: controleer_verzenddatum(verzend or _vandaag(moment), _vandaag(moment)))

    def check(rt: Any, db: Any, t: Any) -> None:
        from domain.errors import TransitionRefused

        m = _vier_ogen(ref, persoon, "goedkeuren")(rt, db, t)
        if gekozen.value != m.type:
            raise TransitionRefused(f"{ref}: het voorstel is {m.type} ({BeschikkingType(m.type).label}), niet "
                                    f"{gekozen.value}; bekijk het concept opnieuw (werkpad maatregel concept {ref}) "
                                    "of stuur het voorstel terug.")

    _controle(ref, check)
    res = _run("maatregel_goedkeuren", referentie=ref, type=gekozen, door=persoon, verzenddatum=verzend, nu=moment)
    maanden = ", ".join(f"{x['maand']} {x['percentage']}%" for x in res["kortingsmaanden"]) or "geen verlaging"
    _print(f"{ref}: beschikking {res['besluit']} ({gekozen.label}) genomen; verzonden {res['verzenddatum']}, bezwaar "
           f"tot en met {res['bezwaar_uiterlijk']}; {maanden}. De brief: werkpad maatregel beschikking {ref}")


@app.command("terugsturen")
def terugsturen(referentie: str = typer.Argument(..., help=REF_HELP),
                reden: str = typer.Option(..., help="Waarom het voorstel terug gaat (geen persoonsgegevens)"),
                door: str = typer.Option(..., help=PERSOON_HELP),
                nu: str | None = typer.Option(None, help=NU_HELP)) -> None:
    """Vier ogen: stuur het voorstel met een reden terug naar de werkcoach."""
    ref = guarded(lambda: parse_referentie(referentie))
    tekst = _tekst(reden, "--reden")
    persoon = _persoon(door)
    moment = parse_nu(nu)
    _controle(ref, _vier_ogen(ref, persoon, "terugsturen"))
    res = _run("maatregel_terugsturen", referentie=ref, reden=tekst, door=persoon, nu=moment)
    _print(f"{ref}: voorstel teruggestuurd; de werkcoach herziet het uiterlijk {res['due']} (taak {res['taak_id']}).")


@app.command("intrekken")
def intrekken(referentie: str = typer.Argument(..., help=REF_HELP),
              reden: str = typer.Option(..., help="Waarom de melding ten onrechte was"),
              door: str = typer.Option("werkcoach", help=DOOR_HELP),
              nu: str | None = typer.Option(None, help=NU_HELP)) -> None:
    """Trek een ten onrechte gedane melding in (vóór de goedkeuring); de tijdlijn bewaart haar."""
    ref = guarded(lambda: parse_referentie(referentie))
    tekst = _tekst(reden, "--reden")
    door = guarded(lambda: controleer_door(door))
    moment = parse_nu(nu)
    _controle(ref, _onderzoek(("gemeld", "horen", "beoordelen"), "de melding intrekken"))
    _run("maatregel_intrekken", referentie=ref, reden=tekst, door=door, nu=moment)
    _print(f"{ref}: melding ingetrokken.")


# -- after the beschikking ------------------------------------------------------------------------
def _beschikking(wat: str) -> Callable[[Any, Any, Any], Any]:
    def check(rt: Any, db: Any, t: Any) -> Any:
        from domain.errors import TransitionRefused
        from tasks.maatregel import laatste_beschikking

        m = laatste_beschikking(db, t)  # also after uitstroom: the legal steps outlive the traject
        if m is None:
            raise TransitionRefused(f"{t.referentie}: er is nog geen beschikking over een maatregel; {wat} kan niet.")
        return m
    return check


@app.command("bezwaar")
def bezwaar(referentie: str = typer.Argument(..., help=REF_HELP),
            ontvangen_op: str = typer.Option(..., help="Dag van ontvangst van het bezwaarschrift, JJJJ-MM-DD"),
            adviescommissie: bool = typer.Option(False, "--adviescommissie",
                                                 help="Een adviescommissie hoort het bezwaar (Awb 7:13: 12 weken)"),
            maatregel: int | None = typer.Option(None, min=1, help="Nummer van de beschikking (#… in werkpad "
                                                 "maatregel status); zonder: de laatste"),
            door: str = typer.Option("werkcoach", help=DOOR_HELP),
            nu: str | None = typer.Option(None, help=NU_HELP)) -> None:
    """Registreer een bezwaarschrift tegen de laatste beschikking; de beslistermijn (Awb 7:10) begint."""
    ref = guarded(lambda: parse_referentie(referentie))
    datum = parse_datum(ontvangen_op, "--ontvangen-op")
    door = guarded(lambda: controleer_door(door))
    moment = parse_nu(nu)

    def check(rt: Any, db: Any, t: Any) -> None:
        from casestore import repo
        from domain.errors import TransitionRefused
        from domain.invoer import OngeldigeInvoer
        from domain.maatregel import BEZWAAR

        if datum > _vandaag(moment):
            raise OngeldigeInvoer(f"De ontvangstdatum van het bezwaar ({datum.isoformat()}) ligt in de toekomst.")
        from tasks.maatregel import beschikking_met_id

        m = beschikking_met_id(db, t, maatregel, "een bezwaar registreren")
        if m.besluit_datum and datum < m.besluit_datum:  # before sending is fine (Awb 6:10)
            raise OngeldigeInvoer(f"Het bezwaar ({datum.isoformat()}) is ontvangen vóór de beschikking bestond "
                                  f"(besluit {m.besluit_datum.isoformat()}).")
        if repo.get_open_stap(db, traject=t, proces=BEZWAAR, sleutel=str(m.id)) is not None:
            raise TransitionRefused(f"{ref}: er loopt al een bezwaar tegen {m.besluit_identificatie}.")

    _controle(ref, check)
    res = _run("maatregel_bezwaar", referentie=ref, ontvangen_op=datum, adviescommissie=adviescommissie, door=door,
               nu=moment, maatregel=maatregel)
    laat = " (ontvangen na de bezwaartermijn)" if res["te_laat"] else ""
    _print(f"{ref}: bezwaar geregistreerd{laat}; beslissen uiterlijk {res['uiterlijk']} (taak {res['taak_id']}).")


@app.command("bezwaar-verdagen")
def bezwaar_verdagen(referentie: str = typer.Argument(..., help=REF_HELP),
                     maatregel: int | None = typer.Option(None, min=1, help=MAATREGEL_HELP),
                     door: str = typer.Option("teamleider", help=DOOR_HELP),
                     nu: str | None = typer.Option(None, help=NU_HELP)) -> None:
    """Verdaag de beslissing op bezwaar eenmaal met ten hoogste zes weken (Awb 7:10 lid 3)."""
    ref = guarded(lambda: parse_referentie(referentie))
    door = guarded(lambda: controleer_door(door))
    moment = parse_nu(nu)

    def check(rt: Any, db: Any, t: Any) -> None:
        from domain.errors import TransitionRefused

        stap = _open_proces("maatregel_bezwaar", "verdagen", maatregel)(rt, db, t)
        if stap.status == "verdaagd":
            raise TransitionRefused(f"{ref}: de beslissing op bezwaar is al eens verdaagd; de Awb (7:10 lid 3) staat "
                                    "één verdaging toe.")
        if _vandaag(moment) > date.fromisoformat(stap.data["uiterlijk"]):
            raise TransitionRefused(f"{ref}: de beslistermijn is al verstreken ({stap.data['uiterlijk']}); verdagen "
                                    "moet binnen de termijn.")

    _controle(ref, check)
    res = _run("maatregel_bezwaar_verdagen", referentie=ref, door=door, nu=moment, maatregel=maatregel)
    _print(f"{ref}: beslissing op bezwaar verdaagd tot uiterlijk {res['uiterlijk']}; laat het de deelnemer weten.")


@app.command("bezwaar-beslissen")
def bezwaar_beslissen(referentie: str = typer.Argument(..., help=REF_HELP),
                      uitkomst: str = typer.Option(..., help="ongegrond, gegrond of niet-ontvankelijk"),
                      maatregel: int | None = typer.Option(None, min=1, help=MAATREGEL_HELP),
                      door: str = typer.Option("teamleider", help=DOOR_HELP),
                      nu: str | None = typer.Option(None, help=NU_HELP)) -> None:
    """Leg de beslissing op bezwaar vast; gegrond: de maatregel wordt herroepen en de verlaging ingetrokken."""
    from domain.maatregel import BezwaarUitkomst

    ref = guarded(lambda: parse_referentie(referentie))
    keus = keuze(BezwaarUitkomst, uitkomst, "--uitkomst")
    door = guarded(lambda: controleer_door(door))
    moment = parse_nu(nu)
    _controle(ref, _open_proces("maatregel_bezwaar", "beslissen op bezwaar", maatregel))
    res = _run("maatregel_bezwaar_beslissen", referentie=ref, uitkomst=keus, door=door, nu=moment,
               maatregel=maatregel)
    _print(f"{ref}: bezwaar {res['uitkomst']}; de maatregel is {res['maatregel_status']}.")


@app.command("heroverwegen")
def heroverwegen(referentie: str = typer.Argument(..., help=REF_HELP),
                 uitkomst: str = typer.Option(..., help="handhaven of beeindigen"),
                 maatregel: int | None = typer.Option(None, min=1, help=MAATREGEL_HELP),
                 door: str = typer.Option("werkcoach", help=DOOR_HELP),
                 nu: str | None = typer.Option(None, help=NU_HELP)) -> None:
    """Leg de heroverweging vast (Pw art. 18 lid 3); beëindigen: de maanden die nog niet begonnen vervallen."""
    from domain.maatregel import HeroverwegingUitkomst

    ref = guarded(lambda: parse_referentie(referentie))
    keus = keuze(HeroverwegingUitkomst, uitkomst.replace("ë", "e"), "--uitkomst")
    door = guarded(lambda: controleer_door(door))
    moment = parse_nu(nu)
    _controle(ref, _open_proces("maatregel_heroverweging", "heroverwegen", maatregel))
    res = _run("maatregel_heroverwegen", referentie=ref, uitkomst=keus, door=door, nu=moment, maatregel=maatregel)
    maanden = ", ".join(f"{x['maand']} {x['percentage']}%" for x in res["kortingsmaanden"]) or "geen"
    _print(f"{ref}: heroverweging vastgelegd ({res['uitkomst']}); verlaagde maanden: {maanden}.")


@app.command("inkeer")
def inkeer(referentie: str = typer.Argument(..., help=REF_HELP),
           ontvangen_op: str = typer.Option(..., help="Dag van ontvangst van het verzoek om herziening, JJJJ-MM-DD"),
           door: str = typer.Option("werkcoach", help=DOOR_HELP),
           nu: str | None = typer.Option(None, help=NU_HELP)) -> None:
    """Registreer een verzoek om herziening: de deelnemer komt de verplichtingen weer na (Pw art. 18 lid 11)."""
    ref = guarded(lambda: parse_referentie(referentie))
    datum = parse_datum(ontvangen_op, "--ontvangen-op")
    door = guarded(lambda: controleer_door(door))
    moment = parse_nu(nu)

    def check(rt: Any, db: Any, t: Any) -> None:
        from tasks.maatregel import controleer_inkeerverzoek

        controleer_inkeerverzoek(db, t, datum, _vandaag(moment))

    _controle(ref, check)
    res = _run("maatregel_inkeer", referentie=ref, ontvangen_op=datum, door=door, nu=moment)
    _print(f"{ref}: verzoek om herziening geregistreerd; beslissen uiterlijk {res['uiterlijk']} (taak "
           f"{res['taak_id']}).")


@app.command("inkeer-beslissen")
def inkeer_beslissen(referentie: str = typer.Argument(..., help=REF_HELP),
                     uitkomst: str = typer.Option(..., help="toegewezen of afgewezen"),
                     door: str = typer.Option("werkcoach", help=DOOR_HELP),
                     nu: str | None = typer.Option(None, help=NU_HELP)) -> None:
    """Beslis op het verzoek om herziening; toegewezen: de maanden na het verzoek vervallen."""
    from domain.maatregel import InkeerUitkomst

    ref = guarded(lambda: parse_referentie(referentie))
    keus = keuze(InkeerUitkomst, uitkomst, "--uitkomst")
    door = guarded(lambda: controleer_door(door))
    moment = parse_nu(nu)
    _controle(ref, _open_proces("maatregel_inkeer", "beslissen op een verzoek om herziening"))
    res = _run("maatregel_inkeer_beslissen", referentie=ref, uitkomst=keus, door=door, nu=moment)
    maanden = ", ".join(f"{x['maand']} {x['percentage']}%" for x in res["kortingsmaanden"]) or "geen"
    _print(f"{ref}: verzoek om herziening {res['uitkomst']}; verlaagde maanden: {maanden}.")


# -- commands that run no flow -------------------------------------------------------------------
@app.command("status")
def status(referentie: str = typer.Argument(..., help=REF_HELP)) -> None:
    """Toon de maatregelen van een traject: stand, type, termijnen en verlaagde maanden (zonder persoonsgegevens)."""
    ref = guarded(lambda: parse_referentie(referentie))

    def lees() -> Any:
        from tasks.maatregel import stand

        return stand(runtime(), ref)

    st = guarded(lees)
    if not st["maatregelen"]:
        _print(f"{ref}: geen maatregelonderzoek.")
        return
    regels = [f"{ref} (gemeente {st['gemeente']})"]
    for m in st["maatregelen"]:
        regel = f"  #{m['id']} {m['gedraging']} (verzuim {m['verzuim_op']}): {m['status']}"
        if m["type"]:
            regel += f"; {m['type']}"
            if m["percentage"]:
                regel += f" {m['percentage']}% × {m['maanden']} mnd"
        if m["reageren_uiterlijk"] and not m["besluit_datum"]:
            regel += f"; reageren tot en met {m['reageren_uiterlijk']}"
        if m["besluit_datum"]:
            regel += f"; besluit {m['besluit_datum']}, bezwaar tot en met {m['bezwaar_uiterlijk']}"
            regel += f" ({m['beschikking_status']})"
        if m["kortingsmaanden"]:
            regel += "; verlaagd: " + ", ".join(f"{x['maand']} {x['percentage']}%" for x in m["kortingsmaanden"])
        regels.append(regel)
    for proces, stand_ in st["lopend"].items():
        regels.append(f"  loopt: {proces} – {stand_}")
    _print("\n".join(regels))


@app.command("concept")
def concept(referentie: str = typer.Argument(..., help=REF_HELP),
            uit: Path | None = typer.Option(None, help=UIT_HELP),
            overschrijf: bool = typer.Option(False, "--overschrijf", help=OVERSCHRIJF_HELP),
            nu: str | None = typer.Option(None, help=NU_HELP)) -> None:
    """Schrijf het concept van de beschikking als HTML (alleen voor jou leesbaar): lees het vóór je goedkeurt."""
    ref = guarded(lambda: parse_referentie(referentie))
    pad, vervang = uitvoerbestand(settings(), uit, f"concept-{ref}.html", overschrijf=overschrijf)
    moment = parse_nu(nu) or datetime.now(UTC)

    def maak() -> str:
        from tasks.maatregel import concept as html

        return html(runtime(), referentie=ref, nu=moment)

    tekst: str = guarded(maak)
    _print(str(schrijf_prive(pad, tekst.encode("utf-8"), overschrijf=vervang)))


@app.command("beschikking")
def beschikking(referentie: str = typer.Argument(..., help=REF_HELP),
                uit: Path | None = typer.Option(None, help=UIT_HELP),
                overschrijf: bool = typer.Option(False, "--overschrijf", help=OVERSCHRIJF_HELP)) -> None:
    """Schrijf de bewaarde beschikking (PDF) naar een bestand dat alleen jij kunt lezen."""
    ref = guarded(lambda: parse_referentie(referentie))

    def lees() -> tuple[str, bytes]:
        from tasks.maatregel import beschikking_pdf

        return beschikking_pdf(runtime(), referentie=ref)  # type: ignore[no-any-return]

    naam, pdf = guarded(lees)
    pad, vervang = uitvoerbestand(settings(), uit, naam, overschrijf=overschrijf)
    _print(str(schrijf_prive(pad, pdf, overschrijf=vervang)))


@app.command("gedragingen")
def gedragingen(gemeente: str | None = typer.Option(None, help="beverwijk, heemskerk of velsen (standaard: alle)"),
                op: str | None = typer.Option(None, help="De versie die geldt op deze dag, JJJJ-MM-DD (standaard "
                                                         "vandaag)")) -> None:
    """Toon de gedragingen en maatregelen uit de maatregelenverordening die op een dag gelden."""
    from domain.gemeenten import Gemeente, parse_gemeente

    gemeenten = [guarded(lambda: parse_gemeente(gemeente))] if gemeente is not None else list(Gemeente)
    datum = parse_datum(op, "--op") if op is not None else _vandaag(None)

    def lees() -> list[str]:
        from tasks.config import load_maatregelen

        regels: list[str] = []
        tabel = load_maatregelen(settings().maatregelen_file)  # the file itself: no case store needed
        for g in gemeenten:
            v = tabel.op(g, datum)
            regels.append(f"{g.naam}: {v.verordening}, geldig vanaf {v.geldig_vanaf.isoformat()}")
            for ged in v.gedragingen.values():
                ladder = " → ".join(f"{u.type.value} ({u.percentage}% × {u.maanden} mnd)" for u in ged.uitkomsten)
                regels.append(f"  {ged.code}: {ged.label} [{ged.grondslag}]; eerste keer en recidive: {ladder}")
        return regels

    _print("\n".join(guarded(lees)))


@app.command("typen")
def typen() -> None:
    """Toon de typen beschikking (de waarden van --type bij goedkeuren)."""
    from domain.maatregel import TYPE_LABEL

    _print("\n".join(f"{t.value}: {label}" for t, label in TYPE_LABEL.items()))


# -- werkpad deelnemer adres -----------------------------------------------------------------------
@deelnemer_app.command("adres")
def adres(referentie: str = typer.Argument(..., help=REF_HELP),
          adres: str = typer.Option(..., help="Straat en huisnummer"),
          postcode: str = typer.Option(..., help="Postcode, bijv. 1941AB"),
          woonplaats: str = typer.Option(..., help="Woonplaats"),
          door: str = typer.Option("werkcoach", help=DOOR_HELP),
          nu: str | None = typer.Option(None, help=NU_HELP)) -> None:
    """Leg het correspondentieadres van de deelnemer vast (voor de beschikking). Alleen via de CLI: een adres
    hoort niet in Prefect."""
    ref = guarded(lambda: parse_referentie(referentie))
    door = guarded(lambda: controleer_door(door))
    moment = parse_nu(nu) or datetime.now(UTC)

    def leg_vast() -> Any:
        from tasks.maatregel import leg_adres_vast

        return leg_adres_vast(runtime(), referentie=ref, adres=adres, postcode=postcode, woonplaats=woonplaats,
                              nu=moment, actor=door)

    guarded(leg_vast)
    _print(f"{ref}: correspondentieadres vastgelegd.")
