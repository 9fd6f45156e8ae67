"""The gemeente's notifications, handled after they were stored (werkpad/web/notificaties.py stores and
acknowledges; casestore/notificaties.py keeps them, deduplicated).

A notification on kanaal `zaken` about a status or resultaat of a gemeente's aanvraag-zaak (the zaaktype in
`[<gemeente>.uitkering]`, bron zgw) means: the gemeente may have decided. Instead of waiting for the hourly
`uitkering-controle`, werkpad checks that one traject now, the way the hourly check does:

1. claim the row (one handler per notification, however often it was delivered);
2. is it ours? the kanaal, the resource, the gemeente (kenmerk bronorganisatie), the zaaktype (a version of the
   aanvraag-zaaktype), and a traject of werkpad that waits for the uitkering of the zaak's natuurlijk persoon
   (its rollen; the BSN stays in this process). Not ours: marked `genegeerd` with the reason;
3. ask the gemeente for that traject's decision (tasks/uitkering.py `vraag_besluit`, the hourly check's question);
4. decided: queue the step `uitkeringsbesluit` for it as an outbox row of kind `flow` (idempotency key per traject
   and decision: the resultaat's and the eindstatus's notifications queue one run) and dispatch it at once; the
   step re-asks the gemeente and records the decision. Not decided yet: nothing to do.

The hourly check stays as the safety net: a notification that never came, or that could not be handled (the
gemeente unreachable: marked `fout`), is caught by it. Log lines name the notification's id and the traject's
reference only.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from casestore import notificaties as cs
from casestore import repo
from casestore.db import session as new_session
from domain.gemeenten import GemeenteConfig, UitkeringBron
from domain.traject import Status
from integrations.errors import PartnerError
from integrations.gemeente.notificaties import Gevolgd
from tasks.logs import logger
from tasks.runtime import Runtime

RESOURCES = ("resultaat", "status")  # what a decision on the aanvraag-zaak looks like on kanaal zaken
UITKERINGSBESLUIT = "uitkeringsbesluit/uitkeringsbesluit"  # the step's deployment (domain/uitkering_stappen.py)


def gevolgde_gemeenten(gemeenten: Mapping[Any, GemeenteConfig], ontwikkeling: bool) -> list[GemeenteConfig]:
    """The gemeenten whose aanvraag-zaken werkpad follows: those it asks through their Zaken API (bron zgw)."""
    return [g for g in gemeenten.values() if g.uitkering_bron(ontwikkeling) is UitkeringBron.zgw]


def gevolgd(gemeenten: Mapping[Any, GemeenteConfig], ontwikkeling: bool, client: Any) -> list[Gevolgd]:
    """Every version of each followed gemeente's aanvraag-zaaktype (a GemeenteClient asks the catalogue)."""
    return [Gevolgd(g.gemeente.value, g.rsin, v.url) for g in gevolgde_gemeenten(gemeenten, ontwikkeling)
            for v in client.zaaktypen(g.uitkering.zaaktype)]


def behandel(rt: Runtime, *, notificatie_id: int, nu: datetime) -> dict[str, Any]:
    """Handle one stored notification, once. Returns {status, uitkomst, referentie} (no personal data)."""
    with new_session(rt.engine) as s:
        n = cs.claim(s, notificatie_id=notificatie_id, nu=nu)
        if n is None:
            return {"status": "al_behandeld", "uitkomst": "Al (of nog) in behandeling; niets gedaan.", "referentie": None}
        bericht = {"kanaal": n.kanaal, "hoofdObject": n.hoofd_object, "resource": n.resource,
                   "resourceUrl": n.resource_url, "actie": n.actie, "kenmerken": dict(n.kenmerken)}
    try:
        status, uitkomst, referentie = _behandel(rt, bericht, nu)
    except PartnerError as exc:
        status, uitkomst, referentie = cs.FOUT, f"Niet behandeld: {exc} De uurlijkse controle vangt het op.", None
    except Exception as exc:  # never leave the row claimed: the hourly check remains the safety net
        status, uitkomst, referentie = cs.FOUT, f"Niet behandeld ({type(exc).__name__}); de uurlijkse controle vangt " \
                                                "het op.", None
        logger().exception("notificatie %d: behandeling mislukt", notificatie_id)
    with new_session(rt.engine) as s:
        cs.markeer(s, notificatie_id=notificatie_id, status=status, uitkomst=uitkomst, nu=nu, referentie=referentie)
    logger().info("notificatie %d: %s (%s)", notificatie_id, status, referentie or "geen traject")
    return {"status": status, "uitkomst": uitkomst, "referentie": referentie}


def _behandel(rt: Runtime, bericht: dict[str, Any], nu: datetime) -> tuple[str, str, str | None]:
    from tasks.uitkering import registreer_aanvraagdatum, vraag_besluit

    kanaal = rt.settings.notificaties.kanaal
    if bericht["kanaal"] != kanaal:
        return cs.GENEGEERD, f"Kanaal '{bericht['kanaal'][:50]}': werkpad volgt alleen kanaal '{kanaal}'.", None
    if bericht["resource"] not in RESOURCES:
        return cs.GENEGEERD, f"Resource '{bericht['resource'][:50]}': werkpad kijkt alleen naar status en resultaat.", None
    kenmerken = bericht["kenmerken"]
    rsin = str(kenmerken.get("bronorganisatie") or "")
    from tasks.settings import Omgeving

    ontwikkeling = rt.settings.omgeving is Omgeving.ontwikkeling
    gemeenten = [g for g in gevolgde_gemeenten(rt.gemeenten, ontwikkeling) if g.rsin == rsin]
    if not gemeenten:
        return cs.GENEGEERD, f"Bronorganisatie '{rsin[:9]}': geen gemeente waarvan werkpad de aanvraag-zaken volgt.", None
    g = gemeenten[0]
    with rt.gemeente_client() as client:
        versies = {v.url for v in client.zaaktypen(g.uitkering.zaaktype)}
        if kenmerken.get("zaaktype") not in versies:
            return cs.GENEGEERD, (f"Zaaktype is geen versie van {g.uitkering.zaaktype}, de aanvraag-zaak die werkpad "
                                  f"bij gemeente {g.gemeente.naam} volgt."), None
        referentie = _wachtend_traject(rt, g, client.bsns_van_zaak(bericht["hoofdObject"]))
        if referentie is None:
            return cs.GENEGEERD, ("Niet van ons: geen traject van werkpad wacht op het besluit over deze "
                                 "aanvraag-zaak."), None
        st = vraag_besluit(rt, client, referentie)
    if st is None:  # the bron changed under us (handmatig): the klantmanager passes the decision on
        return cs.GENEGEERD, "De klantmanager geeft dit besluit door (bron handmatig).", referentie
    if st.aanvraagdatum is not None:  # the beslistermijn counts from it
        registreer_aanvraagdatum(rt, referentie=referentie, aanvraag_op=st.aanvraagdatum, nu=nu, actor="gemeente")
    if st.status not in ("toegekend", "afgewezen"):
        return cs.VERWERKT, "Nagevraagd: de gemeente heeft nog niet besloten; niets te doen.", referentie
    start_besluitstap(rt, referentie=referentie, besluit=st.status, nu=nu)
    return cs.VERWERKT, (f"Nagevraagd: de gemeente heeft de uitkering {st.status}; de stap uitkeringsbesluit is "
                         "gestart."), referentie


def _wachtend_traject(rt: Runtime, g: GemeenteConfig, bsns: list[str]) -> str | None:
    """The traject of this gemeente that waits for the uitkering of one of these people (by BSN, in memory)."""
    with new_session(rt.engine) as s:
        for bsn in bsns:
            t = repo.open_traject_met_bsn(s, bsn=bsn)
            if t is not None and t.gemeente == g.gemeente.value and t.status == Status.wacht_op_uitkering:
                return t.referentie
    return None


def start_besluitstap(rt: Runtime, *, referentie: str, besluit: str, nu: datetime) -> None:
    """Queue the step `uitkeringsbesluit` (the outbox's kind `flow`, as a timer starts a step) and send it now;
    a Prefect server that cannot take it now leaves the row for the next dispatch (deadline-sweep)."""
    from sqlalchemy.exc import IntegrityError

    from tasks.dispatch import dispatch

    sleutel = f"flow:{referentie}:uitkeringsbesluit:{besluit}:notificatie"
    with new_session(rt.engine) as s:
        t = repo.get_traject(s, referentie=referentie)
        repo.add_outbox(s, idem_key=sleutel, soort="flow", traject=t, nu=nu, payload={
            "deployment": UITKERINGSBESLUIT, "parameters": {"referentie": referentie, "besluit": besluit}})
        try:
            s.commit()
        except IntegrityError:  # the resultaat's and the eindstatus's notifications, handled at the same moment
            s.rollback()
    dispatch(rt, nu=nu, idem_keys=[sleutel])


def behandel_achterstand(rt: Runtime, *, nu: datetime) -> int:
    """Handle what was stored but not handled (the process stopped after acknowledging, or while handling): the
    callback runs this after each notification it handled. Returns how many it took up."""
    with new_session(rt.engine) as s:
        ids = cs.onbehandeld(s, nu=nu)
    for i in ids:
        behandel(rt, notificatie_id=i, nu=nu)
    return len(ids)

