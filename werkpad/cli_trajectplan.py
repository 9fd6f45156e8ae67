"""`werkpad trajectplan …`: goals, actions (owner, due date) and referrals to a voorliggende voorziening."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import typer

from domain.invoer import controleer_door, parse_id, parse_referentie
from domain.trajectplan import (
    Opvolging,
    Soort,
    Voorziening,
    controleer_instelling,
    controleer_omschrijving,
    controleer_opvolgdatum,
    controleer_uiterlijk,
    controleer_verwezen_op,
    na_opvolging,
    parse_opvolging,
    parse_voorziening,
)
from werkpad.commando import ID_ARGUMENT, guarded, out, parse_datum, parse_nu, require_prefect, runtime, settings

VOORZIENINGEN = ", ".join(v.value for v in Voorziening)
UITKOMSTEN = ", ".join(o.value for o in Opvolging)
DOOR = "Wie legt vast (e-mailadres of rol)"
NU = "Tijdstip voor demo en test"

app = typer.Typer(help="Trajectplan: doelen, acties (eigenaar, uiterlijk) en verwijzingen naar een voorliggende "
                       "voorziening.", no_args_is_help=True)


def _vandaag(moment: datetime | None) -> date:
    from domain.herinneringen import lokale_datum

    return lokale_datum(moment or datetime.now(UTC))


def _check(ref: str | None, *, doel_id: int | None = None, doel_open: bool = True, actie_id: int | None = None,
           soort: Soort | None = None, eigenaar: str | None = None) -> dict[str, Any]:
    """Refuse before a run exists, with the rules the step applies: unknown or closed traject, a goal
    or action that does not exist, belongs to another traject or is closed, an invalid owner.
    Without `ref` (actie-gedaan ID, doel-behaald ID) the traject is the one of the goal or action."""
    from casestore import repo
    from casestore.db import session
    from domain.invoer import OngeldigeInvoer
    from domain.traject import Status
    from domain.trajectplan import (
        controleer_actie,
        controleer_doel,
        controleer_doel_open,
        controleer_eigenaar,
        controleer_plan_mogelijk,
    )

    with session(runtime().engine) as db:
        if ref is None and actie_id is not None:
            gevonden_actie = repo.get_actie(db, actie_id=actie_id)
            if gevonden_actie is None:
                raise OngeldigeInvoer(f"Actie {actie_id} bestaat niet.")
            ref = gevonden_actie[1]
        if ref is None and doel_id is not None:
            gevonden_doel = repo.get_doel(db, doel_id=doel_id)
            if gevonden_doel is None:
                raise OngeldigeInvoer(f"Doel {doel_id} bestaat niet.")
            ref = gevonden_doel[1]
        assert ref is not None
        t = repo.get_traject(db, referentie=ref)
        controleer_plan_mogelijk(ref, Status(t.status))
        res: dict[str, Any] = {"referentie": ref}
        if eigenaar is not None:
            res["eigenaar"] = controleer_eigenaar(eigenaar, t.werkcoach_email)
        if doel_id is not None:
            gd = repo.get_doel(db, doel_id=doel_id)
            doel, dref = gd if gd is not None else (None, None)
            if doel_open:
                controleer_doel(ref, doel_id, dref, doel.status if doel else None)
            else:
                if doel is None or dref != ref:
                    controleer_doel(ref, doel_id, dref, None)
                assert doel is not None
                controleer_doel_open(doel_id, doel.status)
        if actie_id is not None:
            ga = repo.get_actie(db, actie_id=actie_id)
            actie, aref = ga if ga is not None else (None, None)
            controleer_actie(ref, actie_id, aref, actie.status if actie else None, soort,
                             actie.soort if actie else None)
            assert actie is not None
            res["verwezen_op"] = actie.verwezen_op
        return res


@app.command("doel")
def doel(referentie: str = typer.Argument(..., help="Trajectnummer, bijv. IJW-2026-000123"),
         omschrijving: str = typer.Option(..., help="Het doel (5-200 tekens; geen persoonsgegevens)"),
         door: str = typer.Option("werkcoach", help=DOOR),
         nu: str | None = typer.Option(None, help=NU)) -> None:
    """Leg een doel van het trajectplan vast."""
    ref = guarded(lambda: parse_referentie(referentie))
    tekst = guarded(lambda: controleer_omschrijving(omschrijving))
    door = guarded(lambda: controleer_door(door))
    moment = parse_nu(nu)
    guarded(lambda: _check(ref))
    require_prefect(settings())

    def run() -> Any:
        from flows.trajectplan import trajectplan_doel

        return trajectplan_doel(referentie=ref, omschrijving=tekst, door=door, nu=moment)

    res = guarded(run)
    out.print(f"{ref}: doel {res['doel_id']} vastgelegd", highlight=False)


@app.command("actie", context_settings=ID_ARGUMENT)
def actie(referentie: str = typer.Argument(..., help="Trajectnummer"),
          doel_id: str = typer.Option(..., "--doel", help="Nummer van het doel (zie 'werkpad trajectplan toon')"),
          omschrijving: str = typer.Option(..., help="De actie (5-200 tekens; geen persoonsgegevens)"),
          eigenaar: str = typer.Option("werkcoach", help="'werkcoach' (de werkcoach van het traject) of het "
                                                         "e-mailadres van een medewerker"),
          uiterlijk: str = typer.Option(..., help="Uiterlijk op, JJJJ-MM-DD (vandaag of later)"),
          door: str = typer.Option("werkcoach", help=DOOR),
          nu: str | None = typer.Option(None, help=NU)) -> None:
    """Een actie bij een doel: een taak voor de eigenaar met herinnering en escalatie naar de teamleider."""
    ref = guarded(lambda: parse_referentie(referentie))
    did = guarded(lambda: parse_id(doel_id, "--doel"))
    tekst = guarded(lambda: controleer_omschrijving(omschrijving))
    door = guarded(lambda: controleer_door(door))
    moment = parse_nu(nu)
    datum = guarded(lambda: controleer_uiterlijk(parse_datum(uiterlijk, "--uiterlijk"), _vandaag(moment)))
    check = guarded(lambda: _check(ref, doel_id=did, eigenaar=eigenaar))
    require_prefect(settings())

    def run() -> Any:
        from flows.trajectplan import trajectplan_actie

        return trajectplan_actie(referentie=ref, doel_id=did, omschrijving=tekst, eigenaar=check["eigenaar"],
                                 uiterlijk=datum, door=door, nu=moment)

    res = guarded(run)
    out.print(f"{ref}: actie {res['actie_id']} voor {res['eigenaar']}, uiterlijk {res['uiterlijk']} "
              f"(taak {res['taak_id']})", highlight=False)


@app.command("actie-gedaan", context_settings=ID_ARGUMENT)
def actie_gedaan(actie_id: str = typer.Argument(..., metavar="ACTIE_ID", help="Nummer van de actie (zie toon)"),
                 toelichting: str | None = typer.Option(None, help="Korte toelichting (geen persoonsgegevens)"),
                 door: str = typer.Option("werkcoach", help=DOOR),
                 nu: str | None = typer.Option(None, help=NU)) -> None:
    """De actie is gedaan: de taak sluit en de herinneringen stoppen."""
    aid = guarded(lambda: parse_id(actie_id, "Actienummer"))
    if toelichting is not None:
        toelichting = guarded(lambda: controleer_omschrijving(toelichting, "--toelichting"))
    door = guarded(lambda: controleer_door(door))
    moment = parse_nu(nu)
    ref = guarded(lambda: _check(None, actie_id=aid, soort=Soort.actie))["referentie"]
    require_prefect(settings())

    def run() -> Any:
        from flows.trajectplan import trajectplan_actie_gedaan

        return trajectplan_actie_gedaan(referentie=ref, actie_id=aid, toelichting=toelichting, door=door, nu=moment)

    guarded(run)
    out.print(f"{ref}: actie {aid} gedaan", highlight=False)


@app.command("doel-behaald", context_settings=ID_ARGUMENT)
def doel_behaald(doel_id: str = typer.Argument(..., metavar="DOEL_ID", help="Nummer van het doel (zie toon)"),
                 door: str = typer.Option("werkcoach", help=DOOR),
                 nu: str | None = typer.Option(None, help=NU)) -> None:
    """Het doel is behaald; acties bij dit doel die nog open zijn vervallen (met hun taak)."""
    did = guarded(lambda: parse_id(doel_id, "Doelnummer"))
    door = guarded(lambda: controleer_door(door))
    moment = parse_nu(nu)
    ref = guarded(lambda: _check(None, doel_id=did, doel_open=False))["referentie"]
    require_prefect(settings())

    def run() -> Any:
        from flows.trajectplan import trajectplan_doel_behaald

        return trajectplan_doel_behaald(referentie=ref, doel_id=did, door=door, nu=moment)

    res = guarded(run)
    extra = f"; {len(res['vervallen_acties'])} open actie(s) vervallen" if res["vervallen_acties"] else ""
    out.print(f"{ref}: doel {did} behaald{extra}", highlight=False)


@app.command("verwijzen", context_settings=ID_ARGUMENT)
def verwijzen(referentie: str = typer.Argument(..., help="Trajectnummer"),
              voorziening: str = typer.Option(..., help=f"Voorliggende voorziening: {VOORZIENINGEN}"),
              instelling: str = typer.Option(..., help="Instelling, bijv. 'Nova College' (geen persoonsgegevens)"),
              opvolgen_op: str = typer.Option(..., "--opvolgen-op", help="Opvolgen op, JJJJ-MM-DD (na de verwijsdatum)"),
              verwezen_op: str | None = typer.Option(None, "--verwezen-op",
                                                     help="Datum van de verwijzing, JJJJ-MM-DD (leeg: vandaag)"),
              doel_id: str | None = typer.Option(None, "--doel", help="Nummer van het doel waar de verwijzing bij hoort"),
              door: str = typer.Option("werkcoach", help=DOOR),
              nu: str | None = typer.Option(None, help=NU)) -> None:
    """Verwijs naar een voorliggende voorziening; de werkcoach krijgt de taak die op de opvolgdatum op te volgen."""
    ref = guarded(lambda: parse_referentie(referentie))
    vz = guarded(lambda: parse_voorziening(voorziening))
    inst = guarded(lambda: controleer_instelling(instelling))
    did = guarded(lambda: parse_id(doel_id, "--doel")) if doel_id is not None else None
    door = guarded(lambda: controleer_door(door))
    moment = parse_nu(nu)
    vandaag = _vandaag(moment)
    verwezen = guarded(lambda: controleer_verwezen_op(parse_datum(verwezen_op, "--verwezen-op"), vandaag)) \
        if verwezen_op is not None else None
    opvolgen = guarded(lambda: controleer_opvolgdatum(parse_datum(opvolgen_op, "--opvolgen-op"), verwezen or vandaag,
                                                      vandaag))
    guarded(lambda: _check(ref, doel_id=did))
    require_prefect(settings())

    def run() -> Any:
        from flows.trajectplan import trajectplan_verwijzen

        return trajectplan_verwijzen(referentie=ref, voorziening=vz, instelling=inst, opvolgen_op=opvolgen,
                                     verwezen_op=verwezen, doel_id=did, door=door, nu=moment)

    res = guarded(run)
    out.print(f"{ref}: verwijzing {res['actie_id']} naar {vz.label}; opvolgen op {res['opvolgen_op']} "
              f"(taak {res['taak_id']})", highlight=False)


@app.command("verwijzing-opvolgen", context_settings=ID_ARGUMENT)
def verwijzing_opvolgen(referentie: str = typer.Argument(..., help="Trajectnummer"),
                        actie_id: str = typer.Argument(..., metavar="ACTIE_ID", help="Nummer van de verwijzing"),
                        uitkomst: str = typer.Option(..., help=f"Uitkomst: {UITKOMSTEN}"),
                        nieuwe_datum: str | None = typer.Option(None, "--nieuwe-datum",
                                                                help="Opnieuw opvolgen op, JJJJ-MM-DD"),
                        toelichting: str | None = typer.Option(None, help="Korte toelichting (geen persoonsgegevens)"),
                        door: str = typer.Option("werkcoach", help=DOOR),
                        nu: str | None = typer.Option(None, help=NU)) -> None:
    """Volg een verwijzing op: met --nieuwe-datum opnieuw opvolgen, anders sluit de verwijzing."""
    ref = guarded(lambda: parse_referentie(referentie))
    aid = guarded(lambda: parse_id(actie_id, "Actienummer"))
    u = guarded(lambda: parse_opvolging(uitkomst))
    if toelichting is not None:
        toelichting = guarded(lambda: controleer_omschrijving(toelichting, "--toelichting"))
    door = guarded(lambda: controleer_door(door))
    moment = parse_nu(nu)
    vandaag = _vandaag(moment)
    datum = parse_datum(nieuwe_datum, "--nieuwe-datum") if nieuwe_datum is not None else None
    guarded(lambda: na_opvolging(u, datum))
    check = guarded(lambda: _check(ref, actie_id=aid, soort=Soort.verwijzing))
    if datum is not None:
        guarded(lambda: controleer_opvolgdatum(datum, check["verwezen_op"] or vandaag, vandaag, "--nieuwe-datum"))
    require_prefect(settings())

    def run() -> Any:
        from flows.trajectplan import trajectplan_verwijzing_opvolgen

        return trajectplan_verwijzing_opvolgen(referentie=ref, actie_id=aid, uitkomst=u, nieuwe_datum=datum,
                                               toelichting=toelichting, door=door, nu=moment)

    res = guarded(run)
    if res["opvolgen_op"]:
        out.print(f"{ref}: verwijzing {aid} {u.value}; opnieuw opvolgen op {res['opvolgen_op']}", highlight=False)
    else:
        out.print(f"{ref}: verwijzing {aid} {u.value}; verwijzing {res['status']}", highlight=False)


@app.command("toon")
def toon(referentie: str = typer.Argument(..., help="Trajectnummer"),
         nu: str | None = typer.Option(None, help=NU)) -> None:
    """Toon het trajectplan: doelen met hun acties, eigenaar, uiterlijk en status; te laat gemarkeerd."""
    ref = guarded(lambda: parse_referentie(referentie))
    moment = parse_nu(nu)
    settings()
    from casestore import repo
    from casestore.db import session
    from domain.trajectplan import VOORZIENING_LABEL, te_laat

    vandaag = _vandaag(moment)
    with session(runtime().engine) as db:
        t = guarded(lambda: repo.get_traject(db, referentie=ref))
        doelen, acties = repo.trajectplan(db, traject=t)

    def regel(a: Any) -> str:
        laat = " — TE LAAT" if te_laat(a.uiterlijk, a.status, vandaag) else ""
        if a.soort == Soort.verwijzing:
            vz = VOORZIENING_LABEL.get(Voorziening(a.voorziening), a.voorziening) if a.voorziening else "-"
            return (f"    verwijzing {a.id}: {vz} bij {a.instelling} (verwezen {a.verwezen_op}) · opvolgen "
                    f"{a.uiterlijk.isoformat()} · {a.eigenaar_email} · {a.status}{laat}")
        return f"    actie {a.id}: {a.omschrijving} · {a.eigenaar_email} · uiterlijk {a.uiterlijk.isoformat()} · " \
               f"{a.status}{laat}"

    out.print(f"Trajectplan {ref} (op {vandaag.isoformat()})", highlight=False)
    if not doelen and not acties:
        out.print("  Nog geen doelen of verwijzingen.", highlight=False)
    for d in doelen:
        out.print(f"  doel {d.id}: {d.omschrijving} · {d.status}", highlight=False, markup=False, soft_wrap=True)
        for a in acties:
            if a.doel_id == d.id:
                out.print(regel(a), highlight=False, markup=False, soft_wrap=True)
    los = [a for a in acties if a.doel_id is None]
    if los:
        out.print("  Verwijzingen zonder doel:", highlight=False)
        for a in los:
            out.print(regel(a), highlight=False, markup=False, soft_wrap=True)
