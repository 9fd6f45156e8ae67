"""The waking timer after UWV's term (escalation to the teamleider) and the poll of the HTTP channel
(`indicatie-controle`): ask UWV about every open aanvraag and record what is new."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from casestore import repo
from casestore.db import session as new_session
from domain.gemeenten import Gemeente
from domain.herinneringen import lokale_datum
from domain.indicatie import (
    AFGEWEZEN,
    BESLIS_WEKKER,
    ESCALATIE_TAAK,
    ESCALATIE_WERKDAGEN,
    GARANTIEBAAN,
    GEMEENTEBESLUIT,
    GRONDSLAG_WERK,
    INGEDIEND,
    ONTVANGEN,
    TE_LAAT,
    Soort,
    Uitkomst,
    controleer_wekker_bereikt,
    escalatie_titel,
)
from tasks.indicatie._gedeeld import (
    NAVRAGEN_TAAK,
    P,
    _taak,
)
from tasks.indicatie.uitkomst import beslist, ontvangen
from tasks.runtime import Runtime
from tasks.step import step


@step()
def termijn_verlopen(rt: Runtime, *, referentie: str, nu: datetime) -> dict[str, Any]:
    """Woken the werkdag after UWV's term: the werkcoach's teamleider gets an escalation task; for
    the HTTP channel UWV is asked once more first. Before its date: refused. Twice: no change."""
    with new_session(rt.engine) as s:
        t = repo.get_traject(s, referentie=referentie)
        stap = repo.get_open_stap(s, traject=t, proces=P)
        if stap is None or stap.status != ONTVANGEN:
            return {"referentie": referentie, "gemeente": t.gemeente, "gewijzigd": False}
        wekker = date.fromisoformat(stap.data["wekker"])
        controleer_wekker_bereikt(referentie, wekker, lokale_datum(nu))
        http = stap.data.get("kanaal") == "http" and stap.data.get("uwv_id")
    if http:
        vraag_een(rt, referentie=referentie, nu=nu)
    with new_session(rt.engine) as s:
        t = repo.get_traject(s, referentie=referentie)
        stap = repo.get_open_stap(s, traject=t, proces=P)
        if stap is None or stap.status != ONTVANGEN:  # the poll found the outcome
            return {"referentie": referentie, "gemeente": t.gemeente, "gewijzigd": True, "beslist": True}
        g = rt.gemeenten[Gemeente(t.gemeente)]
        soort = Soort(stap.data["soort"])
        repo.overgang(s, traject=t, stap=stap, proces=P, naar=TE_LAAT, nu=nu, actor="wekker",
                      gebeurtenis=P.gebeurtenis(TE_LAAT),
                      omschrijving=f"Geen uitkomst van UWV op {stap.data.get('beslissing_due')}.")
        repo.sluit_deadlines_van(s, stap=stap, nu=nu, status="verstreken", codes={BESLIS_WEKKER})
        toel = ("Awb 4:13: de redelijke termijn is verstreken. Vraag UWV naar de stand van zaken; overweeg een "
                "ingebrekestelling (Awb 4:17: dwangsom vanaf twee weken daarna)." if soort == Soort.banenafspraak else
                "De servicenorm van UWV is verstreken (geen wettelijke termijn: geen ingebrekestelling of "
                "dwangsom). Vraag UWV naar de stand van zaken.")
        taak_id = _taak(rt, s, t, stap, titel=escalatie_titel(soort), aan=g.teamleider_email, escalatie=g.teamleider_email,
                        due=rt.kalender.werkdagen_erbij(lokale_datum(nu), ESCALATIE_WERKDAGEN), nu=nu, actor="wekker",
                        code=ESCALATIE_TAAK, beleid="kort", toelichting=toel)
        s.commit()
        return {"referentie": referentie, "gemeente": t.gemeente, "gewijzigd": True, "taak_id": taak_id}


OPEN_BIJ_UWV = (INGEDIEND, ONTVANGEN, TE_LAAT)


def open_http_aanvragen(rt: Runtime) -> list[str]:
    with new_session(rt.engine) as s:
        return [t.referentie for p, t in repo.open_stappen(s, proces=P, statussen=OPEN_BIJ_UWV)
                if p.data.get("kanaal") == "http" and p.data.get("uwv_id")]


def vraag_een(rt: Runtime, *, referentie: str, nu: datetime) -> dict[str, Any]:
    """Ask UWV about one aanvraag and record what is new (receipt, outcome), in one transaction."""
    from integrations.uwv.errors import UwvError, UwvTransient
    from integrations.uwv.kanaal import Status as UwvStatus
    from integrations.uwv.kanaal import kanaal_uit

    with new_session(rt.engine) as s:
        t = repo.get_traject(s, referentie=referentie)
        stap = repo.get_open_stap(s, traject=t, proces=P)
        if stap is None or stap.status not in OPEN_BIJ_UWV or not stap.data.get("uwv_id"):
            return {"referentie": referentie, "uitkomst": "niet_open"}
        uwv_id = str(stap.data["uwv_id"])
    try:
        with kanaal_uit(rt.settings.uwv) as kanaal:
            st = kanaal.status(uwv_id)
    except UwvTransient as exc:
        return {"referentie": referentie, "uitkomst": "overgeslagen", "melding": str(exc)}
    except UwvError as exc:
        return {"referentie": referentie, "uitkomst": "fout", "melding": str(exc),
                "taak_id": _meld_fout(rt, referentie=referentie, fout=str(exc), nu=nu)}
    if not isinstance(st, UwvStatus):  # the deployment switched to the manual channel meanwhile
        return {"referentie": referentie, "uitkomst": "handmatig"}
    with new_session(rt.engine) as s:
        t = repo.get_traject(s, referentie=referentie)
        stap = repo.get_stap(s, traject=t, proces=P)
        wat = "ongewijzigd"
        if st.ontvangen_op is not None and stap.status == INGEDIEND:
            ontvangen(rt, s, t, stap, op=st.ontvangen_op, nu=nu, actor="uwv")
            wat = "ontvangen"
        if st.beslissing is not None and stap.status in (ONTVANGEN, TE_LAAT):
            wat = beslist(rt, s, t, stap, uitkomst=Uitkomst(st.beslissing.uitkomst), op=st.beslissing.datum,
                          toelichting="", nu=nu, actor="uwv")
        s.commit()
    return {"referentie": referentie, "uitkomst": wat}


def _meld_fout(rt: Runtime, *, referentie: str, fout: str, nu: datetime) -> int:
    """UWV refused or garbled the status question: one open staff task per aanvraag, with UWV's message."""
    with new_session(rt.engine) as s:
        t = repo.get_traject(s, referentie=referentie)
        for k in repo.open_taken(s, traject=t):
            if k.code == NAVRAGEN_TAAK:
                assert k.id is not None
                return k.id
        g = rt.gemeenten[Gemeente(t.gemeente)]
        stap = repo.get_stap(s, traject=t, proces=P)
        repo.audit(s, traject=t, nu=nu, actor="indicatie-controle", soort="fout",
                   omschrijving=f"Status bij UWV niet op te vragen: {fout}"[:500])
        taak = repo.add_taak(s, traject=t, titel=f"Status aanvraag navragen bij UWV: {fout}"[:200],
                             eigenaar_email=t.werkcoach_email, escalatie_email=g.teamleider_email,
                             due=rt.kalender.werkdagen_erbij(lokale_datum(nu), 2), nu=nu, kalender=rt.kalender,
                             grondslag=GRONDSLAG_WERK, beleid="kort", actor="indicatie-controle", code=NAVRAGEN_TAAK,
                             stap=stap)
        s.commit()
        assert taak.id is not None
        return taak.id


@step(retries=True)
def vraag_uwv(rt: Runtime, *, nu: datetime) -> list[dict[str, Any]]:
    """Ask UWV about every open aanvraag of the HTTP channel, each on its own (a failing one does
    not stop the others). Raises UwvTransient only when nothing could be asked at all."""
    from integrations.uwv.errors import UwvTransient

    uitkomsten = [vraag_een(rt, referentie=ref, nu=nu) for ref in open_http_aanvragen(rt)]
    if uitkomsten and all(u["uitkomst"] == "overgeslagen" for u in uitkomsten):
        raise UwvTransient(f"Geen enkele aanvraag bij UWV op te vragen ({len(uitkomsten)}): {uitkomsten[0]['melding']}")
    return uitkomsten


def vat_samen(uitkomsten: list[dict[str, Any]]) -> dict[str, Any]:
    def tel(*soorten: str) -> int:
        return sum(1 for u in uitkomsten if u["uitkomst"] in soorten)

    return {"gecontroleerd": len(uitkomsten), "ontvangen": tel("ontvangen"),
            "beslist": tel(GARANTIEBAAN, GEMEENTEBESLUIT, AFGEWEZEN), "ongewijzigd": tel("ongewijzigd"),
            "overgeslagen": tel("overgeslagen"), "fouten": tel("fout"), "aanvragen": uitkomsten}
