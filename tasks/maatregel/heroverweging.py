"""Heroverweging of a maatregel (Pw art. 18 lid 3): handhaven, or beëindigen (the months not yet
begun lapse)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from casestore import repo
from casestore.db import session as new_session
from casestore.models import Maatregel
from domain.herinneringen import lokale_datum
from domain.invoer import FORMULIER_DOOR, controleer_door
from domain.maatregel import (
    AFGEROND,
    HEROVERWEGING,
    HEROVERWEGING_TAAK,
    HeroverwegingUitkomst,
    eerste_van_volgende_maand,
    maand_code,
)
from tasks.maatregel._gedeeld import _herzien, _traject, open_per_maatregel
from tasks.runtime import Runtime
from tasks.step import step


@step()
def heroverweeg(rt: Runtime, *, referentie: str, uitkomst: HeroverwegingUitkomst, nu: datetime,
                actor: str, maatregel_id: int | None = None) -> dict[str, Any]:
    """Art. 18 lid 3: the college heroverweegt the maatregel. Beëindigen: the months not yet begun lapse."""
    actor = controleer_door(actor, FORMULIER_DOOR)
    uitkomst = HeroverwegingUitkomst(uitkomst)
    with new_session(rt.engine) as s:
        t = _traject(s, referentie, "heroverwegen", na_afsluiten=True)
        stap = open_per_maatregel(s, t, HEROVERWEGING, maatregel_id, "heroverwegen")
        m = s.get(Maatregel, stap.data["maatregel_id"])
        assert m is not None
        repo.overgang(s, traject=t, stap=stap, proces=HEROVERWEGING, naar=AFGEROND, nu=nu, actor=actor,
                      gebeurtenis=HEROVERWEGING.gebeurtenis("afgerond"),
                      omschrijving=f"Heroverweging: {uitkomst.value}.", data={"uitkomst": uitkomst.value})
        repo.sluit_taken(s, stap=stap, nu=nu, actor=actor, codes={HEROVERWEGING_TAAK})
        if uitkomst == HeroverwegingUitkomst.beeindigen:
            volgende = maand_code(eerste_van_volgende_maand(lokale_datum(nu)))
            blijft = [x for x in m.kortingsmaanden if x["maand"] < volgende]
            if blijft != m.kortingsmaanden:
                _herzien(s, t, m, nu, blijft, "Heroverweging (Pw art. 18 lid 3): de maatregel eindigt; de maanden "
                         f"vanaf {volgende} vervallen.", "her")
        s.commit()
        return {"referentie": referentie, "gemeente": t.gemeente, "uitkomst": uitkomst.value,
                "kortingsmaanden": m.kortingsmaanden}
