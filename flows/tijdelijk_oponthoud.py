"""Tijdelijk oponthoud: start (werkcoach), heroverwegen (woken by the re-check timer), beëindigen."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from prefect import flow
from pydantic import Field

from domain.invoer import Door, FormDatum, Referentie, VrijeTekst
from flows._common import label, nu_of
from tasks._traject import lees_traject
from tasks.artifacts import publiceer_tijdlijn
from tasks.dispatch import verstuur
from tasks.tijdelijk_oponthoud import beeindig, heroverweeg, start, verleng

# The server checks a form's values by its JSON schema but ignores `format: date`: a pattern makes
# it refuse "morgen" before a run exists (pydantic itself parses the date in the flow).
Datum = FormDatum
Reden = Annotated[VrijeTekst, Field(description="Waarom (geen persoonsgegevens, geen medische details)")]


@flow(name="tijdelijk-oponthoud-starten", flow_run_name="tijdelijk-oponthoud · {referentie} · starten")
def tijdelijk_oponthoud_starten(referentie: Referentie, reden: Reden, tot: Datum | None = None,
                                door: Door = "werkcoach", nu: datetime | None = None) -> dict[str, Any]:
    """Zet een traject tijdelijk stil tot een herbeoordelingsdatum (leeg: over 13 weken)."""
    moment = nu_of(nu)
    label("tijdelijk-oponthoud", referentie, "starten", lees_traject.task(referentie=referentie)["gemeente"])
    res = start.task(referentie=referentie, tot=tot, reden=reden, nu=moment, actor=door)
    verstuur.task(nu=moment, referentie=referentie)
    publiceer_tijdlijn(referentie)
    return res


@flow(name="tijdelijk-oponthoud-verlengen", flow_run_name="tijdelijk-oponthoud · {referentie} · verlengen")
def tijdelijk_oponthoud_verlengen(referentie: Referentie, reden: Reden, tot: Datum, door: Door = "werkcoach",
                                  nu: datetime | None = None) -> dict[str, Any]:
    """Zet het tijdelijk oponthoud voort tot een nieuwe herbeoordelingsdatum."""
    moment = nu_of(nu)
    label("tijdelijk-oponthoud", referentie, "verlengen", lees_traject.task(referentie=referentie)["gemeente"])
    res = verleng.task(referentie=referentie, tot=tot, reden=reden, nu=moment, actor=door)
    publiceer_tijdlijn(referentie)
    return res


@flow(name="tijdelijk-oponthoud-heroverwegen", flow_run_name="tijdelijk-oponthoud · {referentie} · heroverwegen")
def tijdelijk_oponthoud_heroverwegen(referentie: Referentie, nu: datetime | None = None) -> dict[str, Any]:
    """Gestart door de wekker op de herbeoordelingsdatum: taak voor de werkcoach."""
    moment = nu_of(nu)
    label("tijdelijk-oponthoud", referentie, "heroverwegen", lees_traject.task(referentie=referentie)["gemeente"])
    res = heroverweeg.task(referentie=referentie, nu=moment)
    verstuur.task(nu=moment, referentie=referentie)
    publiceer_tijdlijn(referentie)
    return res


@flow(name="tijdelijk-oponthoud-beeindigen", flow_run_name="tijdelijk-oponthoud · {referentie} · beëindigen")
def tijdelijk_oponthoud_beeindigen(referentie: Referentie, toelichting: Reden, door: Door = "werkcoach",
                                   nu: datetime | None = None) -> dict[str, Any]:
    """Beëindig het tijdelijk oponthoud; de taak en de wekker vervallen."""
    moment = nu_of(nu)
    label("tijdelijk-oponthoud", referentie, "beëindigen", lees_traject.task(referentie=referentie)["gemeente"])
    res = beeindig.task(referentie=referentie, toelichting=toelichting, nu=moment, actor=door)
    verstuur.task(nu=moment, referentie=referentie)  # the zaak's status after the pause
    publiceer_tijdlijn(referentie)
    return res


def deployments() -> list[Any]:
    tags = ["proces:tijdelijk-oponthoud"]
    return [
        tijdelijk_oponthoud_starten.to_deployment(name="starten", tags=tags,
                                                  description="Formulier: zet een traject tijdelijk stil."),
        tijdelijk_oponthoud_heroverwegen.to_deployment(name="heroverwegen", tags=tags,
                                                       description="Door de wekker gestart op de herbeoordelingsdatum."),
        tijdelijk_oponthoud_verlengen.to_deployment(name="verlengen", tags=tags,
                                                    description="Formulier: zet het tijdelijk oponthoud voort."),
        tijdelijk_oponthoud_beeindigen.to_deployment(name="beeindigen", tags=tags,
                                                     description="Formulier: beëindig het tijdelijk oponthoud."),
    ]
