"""The deadline sweep and the werkvoorraad digest, as a few coarse tasks (bulk work)."""

from __future__ import annotations

from dataclasses import asdict
from datetime import datetime
from typing import Any

from casestore import faults, repo
from casestore.db import session as new_session
from casestore.reports import eigenaars_met_open_werk, werkvoorraad
from casestore.sweep import verwerk_herinneringen
from domain.herinneringen import lokale_datum
from tasks.logs import logger
from tasks.runtime import Runtime


def sweep(rt: Runtime, *, nu: datetime) -> dict[str, Any]:
    with new_session(rt.engine) as s:
        res = verwerk_herinneringen(s, nu=nu, kalender=rt.kalender)
        s.commit()
    faults.point("sweep-na-commit")
    logger().info("Sweep: %d deadlines bekeken, %d herinneringen, %d escalaties, %d wachttermijnen verstreken",
                  res.bekeken, res.herinneringen, res.escalaties, res.verstreken)
    return asdict(res)


def plan_digests(rt: Runtime, *, nu: datetime) -> dict[str, Any]:
    """Queue one werkvoorraad email per staff member with open work, once per day."""
    vandaag = lokale_datum(nu)
    if not rt.kalender.is_werkdag(vandaag):
        return {"datum": vandaag.isoformat(), "werkdag": False, "mails": 0, "overzicht": []}
    with new_session(rt.engine) as s:
        eigenaars = eigenaars_met_open_werk(s)
        for e in eigenaars:
            repo.add_outbox(s, idem_key=f"werkvoorraad:{e}:{vandaag.isoformat()}", soort="email", traject=None, nu=nu,
                            payload={"template": "werkvoorraad", "aan": e, "datum": vandaag.isoformat()})
        overzicht = []
        for e, regels in werkvoorraad(s).items():
            overzicht.append({"medewerker": e, "open": len(regels),
                              "verlopen": sum(1 for r in regels if r.due < vandaag)})
        s.commit()
    return {"datum": vandaag.isoformat(), "werkdag": True, "mails": len(eigenaars), "overzicht": overzicht}

