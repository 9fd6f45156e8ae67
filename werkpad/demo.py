"""`werkpad demo`: example deelnemers walked through every process on a moved clock.

Aanmelding and brede intake for all; then a verlengde intake at AD&A (onderzoek, advies, the
werkcoach's decision), a traject through its fasen to Werk houden with nazorg, a traject to
uitstroom, a tijdelijk oponthoud and one left alone so its reminders and escalation show.

The BSNs are from the 9999xxxxx test range and pass the 11-proef; the names are invented.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import httpx
from rich.console import Console

from domain.errors import DomainError
from domain.herinneringen import TZ, lokaal_naar_utc
from domain.traject import Actie, Advies, Eigenaar, Route
from werkpad.settings import Settings

VOORBEELDEN: list[dict[str, Any]] = [
    {"bsn": "999900006", "naam": "Demo Jansen", "geboortedatum": date(1988, 3, 14), "gemeente": "velsen",
     "werkcoach": "werkcoach.velsen@ijmondwerkt.example", "route": Route.traject, "uitkering": "toegekend"},
    {"bsn": "999900018", "naam": "Demo de Vries", "geboortedatum": date(2003, 7, 2), "gemeente": "beverwijk",
     "werkcoach": "werkcoach.beverwijk@ijmondwerkt.example", "route": Route.verlengde_intake,
     "uitkering": "toegekend"},
    {"bsn": "999900031", "naam": "Demo Bakker", "geboortedatum": date(1975, 11, 30), "gemeente": "heemskerk",
     "werkcoach": "werkcoach.heemskerk@ijmondwerkt.example", "route": Route.traject, "uitkering": "afgewezen"},
    {"bsn": "999900043", "naam": "Demo Visser", "geboortedatum": date(1969, 1, 9), "gemeente": "velsen",
     "werkcoach": "werkcoach.velsen@ijmondwerkt.example", "route": Route.tijdelijk_oponthoud, "uitkering": None},
    {"bsn": "999900055", "naam": "Demo Smit", "geboortedatum": date(1999, 5, 21), "gemeente": "beverwijk",
     "werkcoach": "werkcoach.beverwijk@ijmondwerkt.example", "route": None, "uitkering": None},
    {"bsn": "999900067", "naam": "Demo Mulder", "geboortedatum": date(1992, 9, 17), "gemeente": "heemskerk",
     "werkcoach": "werkcoach.heemskerk@ijmondwerkt.example", "route": Route.traject, "uitkering": "toegekend"},
]
JOBCOACH = "jobcoach@ijmondwerkt.example"


class DemoGeweigerd(DomainError):
    pass


def controleer_lege_store(engine: Any) -> None:
    """The demo moves the business clock weeks ahead and sweeps: on a store with real deelnemers it
    would use up their reminders and end their terms early. Only on an empty store (or its own)."""
    from sqlmodel import select

    from casestore.db import session
    from casestore.models import Deelnemer

    eigen = {v["bsn"] for v in VOORBEELDEN}
    with session(engine) as s:
        anderen = [d for d in s.exec(select(Deelnemer)).all() if d.bsn not in eigen]
    if anderen:
        raise DemoGeweigerd(f"De case store bevat al {len(anderen)} andere deelnemer(s); de demo verschuift de klok en "
                            "zou hun herinneringen en termijnen opgebruiken. Start de demo met een eigen datamap, "
                            "bijv. WERKPAD_DATA_DIR=.werkpad-demo ./run --demo.")


def _om(d: date, uur: int, minuut: int = 5) -> datetime:
    return lokaal_naar_utc(datetime.combine(d, time(uur, minuut)))


def run_demo(out: Console, s: Settings, start: datetime | None = None) -> list[str]:
    from flows.aanmelding import aanmelding
    from flows.brede_intake import brede_intake_uitkomst
    from flows.deadline_sweep import deadline_sweep, werkvoorraad
    from flows.traject import uitkering_controle
    from tasks import runtime
    from tasks.aanmelding import meld_aan

    rt = runtime.get()
    nu = start or datetime.now(UTC)
    refs: list[str] = []
    controleer_lege_store(rt.engine)
    out.print("[bold]Demo[/]: aanmeldingen…")
    for v in VOORBEELDEN:
        try:
            ref = meld_aan(rt, bsn=v["bsn"], naam=v["naam"], geboortedatum=v["geboortedatum"],
                           gemeente=v["gemeente"], werkcoach=v["werkcoach"], nu=nu, actor="demo")
            aanmelding(referentie=ref, nu=nu)  # zaak at the gemeente, invitations
        except Exception as exc:  # a rerun of the demo meets its own open trajecten
            out.print(f"  overgeslagen ({exc})", highlight=False)
            continue
        refs.append(ref)
        out.print(f"  {ref} · {v['gemeente']}", highlight=False)

    vandaag = nu.astimezone(TZ).date()
    intake = rt.kalender.werkdagen_erbij(vandaag, 8)
    out.print(f"[bold]Demo[/]: uitkomsten brede intake (klok op {intake.isoformat()})…")
    for ref, v in zip(refs, VOORBEELDEN, strict=False):
        if v["route"] is None:
            continue  # this one keeps its open intake tasks: watch the reminders and the escalation
        advies = Advies.negatief if v["route"] == Route.tijdelijk_oponthoud else Advies.positief
        acties = [Actie(omschrijving="Inschrijven als werkzoekende bij UWV (werk.nl)", eigenaar=Eigenaar.deelnemer,
                        deadline=intake + timedelta(days=7)),
                  Actie(omschrijving="Trajectplan opstellen", eigenaar=Eigenaar.werkcoach,
                        deadline=intake + timedelta(days=14))]
        brede_intake_uitkomst(referentie=ref, advies=advies.value, route=v["route"].value,
                              plan_van_aanpak=[a.model_dump(mode="json") for a in acties], door=v["werkcoach"],
                              nu=_om(intake, 16))
    sim = s.gemeente.api_url
    for ref, v in zip(refs, VOORBEELDEN, strict=False):
        if v["uitkering"]:
            httpx.post(f"{sim}/_sim/uitkeringen/{ref}", json={"status": v["uitkering"]}, timeout=5)
    out.print("[bold]Demo[/]: gemeente besluit over uitkeringen…")
    uitkering_controle(nu=_om(rt.kalender.volgende_werkdag(intake), 9))
    besluit_dag = rt.kalender.volgende_werkdag(intake)
    per_naam = {v["naam"]: ref for ref, v in zip(refs, VOORBEELDEN, strict=False)}
    stappen = _vervolg(per_naam, besluit_dag, rt.kalender)
    out.print("[bold]Demo[/]: verlengde intake, fasen en uitstroom, met deadline-sweeps op een verschoven klok…")
    sweeps = sorted({rt.kalender.volgende_werkdag(vandaag + timedelta(days=n), inclusief=True)
                     for n in (1, 3, 6, 10, 15, 22, 29, 36, 43, 50, 57)})
    for d in [*sweeps, None]:  # None: whatever is left after the last sweep
        if d is not None:
            deadline_sweep(nu=_om(d, 7))
            werkvoorraad(nu=_om(d, 7, 30))
        while stappen and (d is None or stappen[0][0].astimezone(TZ).date() <= d):
            moment, wat, flow, parameters = stappen.pop(0)
            out.print(f"  {moment.astimezone(TZ):%Y-%m-%d} {parameters['referentie']}: {wat}", highlight=False)
            try:
                flow(**parameters, nu=moment)
            except Exception as exc:  # a rerun of the demo meets its own earlier steps
                out.print(f"    overgeslagen ({exc})", highlight=False)
    out.print(f"[bold green]Demo klaar[/]: {len(refs)} trajecten. Bekijk de runs in de Prefect UI en de mails in "
              f"{s.mail_dir}. Tip: werkpad case show {refs[0] if refs else 'IJW-…'}",
              highlight=False)
    return refs


def _vervolg(refs: dict[str, str], dag: date, kalender: Any) -> list[tuple[datetime, str, Any, dict[str, Any]]]:
    """What staff do after the gemeente's decision: (moment, what, flow, its parameters), in order."""
    from domain.fasen import Fase, Uitstroom
    from domain.verlengde_intake import Advies as AdaAdvies
    from domain.verlengde_intake import Besluit, Onderzoek
    from flows.fasen import traject_contact, traject_fase, traject_uitstroom
    from flows.verlengde_intake import (
        verlengde_intake_advies,
        verlengde_intake_besluit,
        verlengde_intake_onderzoek,
        verlengde_intake_starten,
    )

    def op(werkdagen: int, uur: int = 10) -> datetime:
        return _om(kalender.werkdagen_erbij(dag, werkdagen), uur)

    stappen: list[tuple[datetime, str, Any, dict[str, Any]]] = []
    if ref := refs.get("Demo de Vries"):
        stappen += [
            (op(1), "verlengde intake AD&A gestart", verlengde_intake_starten, {"referentie": ref}),
            (op(1, 11), "onderzoek MELBA aangevraagd", verlengde_intake_onderzoek,
             {"referentie": ref, "soort": Onderzoek.melba}),
            (op(25), "advies AD&A: traject, fase Ontwikkeling door werkervaring", verlengde_intake_advies,
             {"referentie": ref, "advies": AdaAdvies.traject, "fase": Fase.ontwikkeling_werkervaring,
              "toelichting": "Leerbaar; werkervaring opdoen in de groenvoorziening"}),
            (op(27), "werkcoach volgt het advies", verlengde_intake_besluit,
             {"referentie": ref, "besluit": Besluit.volgen, "toelichting": "Advies gevolgd"}),
        ]
    if ref := refs.get("Demo Jansen"):
        stappen += [
            (op(2), "fase Persoonlijke ontwikkeling", traject_fase,
             {"referentie": ref, "fase": Fase.persoonlijke_ontwikkeling, "trede": 2,
              "reden": "Kennismaking afgerond; eerst werken aan ritme"}),
            (op(12), "contact vastgelegd", traject_contact,
             {"referentie": ref, "toelichting": "Voortgangsgesprek op kantoor"}),
            (op(20), "fase Werk vinden", traject_fase,
             {"referentie": ref, "fase": Fase.werk_vinden, "trede": 4, "reden": "Klaar om te solliciteren"}),
            (op(28), "fase Werk houden, nazorg door de jobcoach", traject_fase,
             {"referentie": ref, "fase": Fase.werk_houden, "trede": 5, "jobcoach": JOBCOACH,
              "reden": "Aan het werk als magazijnmedewerker"}),
        ]
    if ref := refs.get("Demo Mulder"):
        stappen += [
            (op(3), "fase Werk vinden", traject_fase,
             {"referentie": ref, "fase": Fase.werk_vinden, "reden": "Direct bemiddelbaar"}),
            (op(15), "uitstroom: werkaanvaarding", traject_uitstroom,
             {"referentie": ref, "uitkomst": Uitstroom.werkaanvaarding, "reden": "Vast contract in de zorg"}),
        ]
    return sorted(stappen, key=lambda st: st[0])
