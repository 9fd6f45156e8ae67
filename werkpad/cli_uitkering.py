"""`werkpad uitkering …`: the uitkering gate — ask the gemeente for its decisions now."""

from __future__ import annotations

import typer

from werkpad.commando import fail, guarded, keuze, out, parse_datum, parse_nu, require_prefect, runtime, settings

app = typer.Typer(help="Uitkeringsbesluit van de gemeente: de poort naar het traject.", no_args_is_help=True)


@app.command("controle")
def controle(nu: str | None = typer.Option(None, help="Tijdstip voor demo en test")) -> None:
    """Vraag de gemeente nu naar uitkeringsbesluiten van wachtende trajecten."""
    moment = parse_nu(nu)
    s = settings()
    require_prefect(s)
    runtime()  # built from this invocation's settings before a flow needs it
    from flows.traject import uitkering_controle

    res = guarded(lambda: uitkering_controle(nu=moment))
    out.print(f"{res['gecontroleerd']} traject(en) gecontroleerd: {res['besloten']} besloten, {res['ongewijzigd']} "
              f"ongewijzigd, {res['overgeslagen']} overgeslagen, {res['fouten']} fout(en)", highlight=False)




@app.command("besluit")
def besluit(referentie: str = typer.Argument(..., help="Trajectnummer, bijv. IJW-2026-000123"),
            uitkomst: str = typer.Argument(..., help="toegekend of afgewezen"),
            aanvraagdatum: str | None = typer.Option(None, help="Dag waarop de gemeente de aanvraag ontving "
                                                                "(JJJJ-MM-DD); de beslistermijn telt daarvandaan"),
            nu: str | None = typer.Option(None, help="Tijdstip voor demo en test")) -> None:
    """Leg het besluit van de gemeente op de uitkeringsaanvraag vast (de klantmanager geeft het door).

    Vraagt werkpad deze gemeente zelf (bron zgw of http), dan moet het besluit kloppen met wat de gemeente meldt."""
    from datetime import UTC, date, datetime

    from domain.invoer import parse_referentie
    from domain.traject import STATUS_LABEL, Status, Uitkeringsbesluit

    referentie = guarded(lambda: parse_referentie(referentie))
    gekozen = keuze(Uitkeringsbesluit, uitkomst, "besluit")
    moment = parse_nu(nu)
    vandaag = (moment or datetime.now(UTC)).date()
    def check() -> date | None:
        """Refuse before a run starts, with the step's own rules: unknown case, not waiting for the gemeente,
        an aanvraag before the aanmelding's year or after today, and — where werkpad asks the gemeente
        itself (bron zgw or http) — a decision the gemeente does not report."""
        from casestore import repo
        from casestore.db import session
        from domain.traject import controleer_aanvraagdatum, controleer_besluit
        from tasks.uitkering import vraag_besluit

        rt = runtime()
        with session(rt.engine) as db:
            t = repo.get_traject(db, referentie=referentie)
            if t.status != Status.wacht_op_uitkering:
                fail(f"{referentie} wacht niet op een uitkeringsbesluit (status: {STATUS_LABEL[Status(t.status)]}); "
                     "er is niets gewijzigd.")
            aangemeld_op = t.aangemeld_op
        aanvraag = controleer_aanvraagdatum(parse_datum(aanvraagdatum, "--aanvraagdatum"), aangemeld_op, vandaag) \
            if aanvraagdatum else None
        with rt.gemeente_client() as client:
            st = vraag_besluit(rt, client, referentie)
        if st is not None:  # the gemeente is asked: its own answer must say the same
            bron = "de aanvraag-zaak van de gemeente" if st.aanvraag else "de gemeente"
            try:
                controleer_besluit(gekozen.value, st.status)
            except Exception as exc:
                fail(f"{exc} (werkpad leest het besluit zelf uit {bron}; vastleggen is daar niet nodig.)")
        return aanvraag

    aanvraag = guarded(check)
    require_prefect(settings())

    def run() -> dict[str, object]:
        from flows.traject import uitkeringsbesluit

        return uitkeringsbesluit(referentie=referentie, besluit=gekozen, nu=moment, aanvraagdatum=aanvraag)

    res = guarded(run)
    out.print(f"{referentie}: {STATUS_LABEL[Status(str(res['status']))]}", highlight=False)
