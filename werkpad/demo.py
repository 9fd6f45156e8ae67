"""`werkpad demo`: example deelnemers walked through aanmelding and brede intake on a moved clock.

The BSNs are from the 9999xxxxx test range and pass the 11-proef; the names are invented.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import httpx
from rich.console import Console

from domain.herinneringen import TZ, lokaal_naar_utc
from domain.traject import Actie, Advies, BredeIntakeUitkomst, Eigenaar, Route
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
]


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
        brede_intake_uitkomst(referentie=ref, uitkomst=BredeIntakeUitkomst(advies=advies, route=v["route"],
                                                                          plan_van_aanpak=acties),
                              vastgelegd_door=v["werkcoach"], nu=_om(intake, 16))
    sim = s.gemeente.api_url
    for ref, v in zip(refs, VOORBEELDEN, strict=False):
        if v["uitkering"]:
            httpx.post(f"{sim}/_sim/uitkeringen/{ref}", json={"status": v["uitkering"]}, timeout=5)
    out.print("[bold]Demo[/]: gemeente besluit over uitkeringen…")
    uitkering_controle(nu=_om(rt.kalender.volgende_werkdag(intake), 9))
    out.print("[bold]Demo[/]: deadline-sweeps en werkvoorraad op een verschoven klok…")
    for dagen in (1, 3, 6, 10, 15, 22):
        d = rt.kalender.volgende_werkdag(vandaag + timedelta(days=dagen), inclusief=True)
        deadline_sweep(nu=_om(d, 7))
        werkvoorraad(nu=_om(d, 7, 30))
    out.print(f"[bold green]Demo klaar[/]: {len(refs)} trajecten. Bekijk de runs in de Prefect UI en de mails in "
              f"{s.mail_dir}. Tip: werkpad case show {refs[0] if refs else 'IJW-…'}",
              highlight=False)
    return refs
