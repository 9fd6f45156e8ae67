"""The deelnemer's correspondence address, which the beschikking (a letter) needs: recorded with the
CLI only, never a Prefect parameter."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from casestore import repo
from casestore.db import session as new_session
from casestore.models import Deelnemer
from domain.invoer import OngeldigeInvoer, controleer_door, controleer_tekst
from tasks.runtime import Runtime

# -- the deelnemer's correspondence address (CLI only: never a Prefect parameter) --------------------
POSTCODE = r"^[1-9][0-9]{3} ?[A-Z]{2}$"


def leg_adres_vast(rt: Runtime, *, referentie: str, adres: str, postcode: str, woonplaats: str, nu: datetime,
                   actor: str) -> dict[str, Any]:
    import re

    actor = controleer_door(actor)
    adres = controleer_tekst(adres, "--adres", min_len=3, max_len=200)
    woonplaats = controleer_tekst(woonplaats, "--woonplaats", min_len=2, max_len=80)
    pc = (postcode or "").strip().upper()
    if not re.match(POSTCODE, pc):
        raise OngeldigeInvoer("--postcode is geen Nederlandse postcode (vier cijfers, niet met 0 beginnend, en twee "
                              "letters, bijv. 1941AB).")
    pc = pc.replace(" ", "")
    if pc[4:] in ("SA", "SD", "SS"):  # PostNL does not use these letter pairs
        raise OngeldigeInvoer(f"--postcode {pc} bestaat niet (de letters SA, SD en SS komen in postcodes niet voor).")
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
