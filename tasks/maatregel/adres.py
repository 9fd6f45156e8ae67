"""The deelnemer's correspondence address, which the beschikking (a letter) needs: recorded with the
CLI only, never a Prefect parameter."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from casestore import repo
from casestore.db import session as new_session
from casestore.models import Deelnemer
from domain.invoer import controleer_door, controleer_tekst
from domain.maatregel import controleer_postcode
from tasks.runtime import Runtime


def leg_adres_vast(rt: Runtime, *, referentie: str, adres: str, postcode: str, woonplaats: str, nu: datetime,
                   actor: str) -> dict[str, Any]:
    actor = controleer_door(actor)
    adres = controleer_tekst(adres, "--adres", min_len=3, max_len=200)
    woonplaats = controleer_tekst(woonplaats, "--woonplaats", min_len=2, max_len=80)
    pc = controleer_postcode(postcode)
    with new_session(rt.engine) as s:
        t = repo.get_traject(s, referentie=referentie)
        d = s.get(Deelnemer, t.deelnemer_id)
        assert d is not None
        d.adres, d.postcode, d.woonplaats = adres, pc, woonplaats
        s.add(d)
        repo.audit(s, traject=t, nu=nu, actor=actor, soort="deelnemer:adres",
                   omschrijving="Correspondentieadres van de deelnemer vastgelegd.")
        s.commit()
        return {"referentie": referentie, "gemeente": t.gemeente}
