"""`werkpad maatregel …`: maatregelonderzoek (Participatiewet art. 18) — melden, horen, toelichting, voorstel,
vier ogen (goedkeuren, terugsturen), intrekken; bezwaar, heroverweging, herziening (inkeer): one generated door
per step (werkpad/deur.py). And `werkpad deelnemer adres …`: the correspondence address the beschikking is sent
to (CLI only, so the address never reaches Prefect).

`status`, `concept`, `beschikking`, `gedragingen`, `typen` and `deelnemer adres` run no flow."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import typer

from domain.invoer import controleer_door, parse_referentie
from werkpad.commando import (
    OVERSCHRIJF_HELP,
    UIT_HELP,
    guarded,
    out,
    parse_datum,
    parse_nu,
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


def _print(tekst: str) -> None:
    out.print(tekst, highlight=False, soft_wrap=True)


# -- the steps: one door each, generated from their declaration (domain/maatregel/stappen.py) -------------
def _stappen() -> None:
    from domain.maatregel.stappen import STAPPEN
    from werkpad.deur import commandos

    commandos(app, STAPPEN, "flows.maatregel")


_stappen()


# -- commands that run no flow -------------------------------------------------------------------
@app.command("status")
def status(referentie: str = typer.Argument(..., help=REF_HELP),
           nu: str | None = typer.Option(None, help=NU_HELP)) -> None:
    """Toon de maatregelen van een traject: stand, type, termijnen en verlaagde maanden (zonder persoonsgegevens);
    een lopende dwangsom bij niet tijdig beslissen met het bedrag tot vandaag."""
    ref = guarded(lambda: parse_referentie(referentie))
    moment = parse_nu(nu) or datetime.now(UTC)

    def lees() -> Any:
        from tasks.maatregel import dwangsommen, stand

        rt = runtime()
        return {**stand(rt, ref), "dwangsommen": dwangsommen(rt, ref, moment)}

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
        for v in m.get("verlagingen", []):  # at the uitkeringsadministratie: sent, waiting, or held
            regel += f"; verlaging {v['soort']} (bericht {v['bericht']}): {v['stand']}"
            if v.get("opnieuw"):
                regel += f"; na herstel: werkpad outbox opnieuw {v['opnieuw']}"
        regels.append(regel)
    for proces, stand_ in st["lopend"].items():
        regels.append(f"  loopt: {proces} – {stand_}")
    for d in st["dwangsommen"]:
        regels.append(_dwangsom_regel(d))
    _print("\n".join(regels))


def _dwangsom_regel(d: dict[str, Any]) -> str:
    """One line per dwangsom bij niet tijdig beslissen (Awb 4:17): where it stands and what it costs so far."""
    wat = f"{'bezwaar' if d['proces'].endswith('bezwaar') else 'inkeer'} #{d['maatregel_id']}"
    from domain.maatregel.dwangsom import euro  # one way to write an amount (€ 1.442), as the letters do

    bedrag = euro(d["bedrag"])
    if d["vastgesteld"]:
        v = d["vastgesteld"]
        return f"  dwangsom ({wat}): vastgesteld op {v['op']}: {euro(v['bedrag'])} (document {v['document_id']})"
    if d["dagen"] == 0 and d["laatste_dag"] is None:
        return (f"  dwangsom ({wat}): ingebrekestelling ontvangen {d['ontvangen_op']}; beslis uiterlijk "
                f"{d['beslissen_zonder_dwangsom']}, anders loopt de dwangsom vanaf {d['eerste_dag']}")
    if d["laatste_dag"] is None:
        return (f"  dwangsom ({wat}): loopt sinds {d['eerste_dag']}: {d['dagen']} dag(en), {bedrag} tot vandaag "
                f"({euro(d['per_dag_nu'])} per dag erbij, max {euro(d['max_bedrag'])} op {d['laatste_mogelijke_dag']})")
    return (f"  dwangsom ({wat}): gestopt op {d['laatste_dag']}: {d['dagen']} dag(en), {bedrag}; vaststellen "
            f"uiterlijk {d['vaststellen_uiterlijk']} (Awb 4:18)")


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


@app.command("brief")
def brief(referentie: str = typer.Argument(..., help=REF_HELP),
          document: int = typer.Option(..., "--document", min=1, help="Nummer van het document (staat in de mail en "
                                                                      "in de uitkomst van de stap)"),
          uit: Path | None = typer.Option(None, help=UIT_HELP),
          overschrijf: bool = typer.Option(False, "--overschrijf", help=OVERSCHRIJF_HELP)) -> None:
    """Schrijf een bewaarde brief aan de deelnemer (PDF: verdaging, hoorzitting, beslissing op bezwaar, dwangsom …)
    naar een bestand dat alleen jij kunt lezen."""
    ref = guarded(lambda: parse_referentie(referentie))

    def lees() -> tuple[str, bytes]:
        from tasks.maatregel import brief_pdf

        return brief_pdf(runtime(), referentie=ref, document_id=document)  # type: ignore[no-any-return]

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
            regels.append(f"{g.naam}: {v.verordening}, geldig vanaf {v.geldig_vanaf.isoformat()}; recidive telt "
                          f"per {v.recidive}")
            for ged in v.gedragingen.values():
                ladder = " → ".join(f"{u.type.value} ({u.percentage}% × {u.maanden} mnd)" for u in ged.uitkomsten)
                cat = f"categorie {ged.categorie}; " if ged.categorie else ""
                regels.append(f"  {ged.code}: {ged.label} [{ged.grondslag}]; {cat}{ged.recidive_uitleg}; eerste keer "
                              f"en recidive: {ladder}")
            if v.ladder is not None and any(x.arbeidsverplichting for x in v.gedragingen.values()):
                treden = "; ".join(f"{t.leden}: {t.omschrijving}" for t in v.ladder.treden)
                regels.append(f"  wettelijke ladder ({v.ladder.bron}, geldig vanaf {v.ladder.geldig_vanaf.isoformat()}): "
                              f"{v.ladder.percentage}% gedurende {v.ladder.maanden_min}-{v.ladder.maanden_max} maanden; "
                              f"{treden}")
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
