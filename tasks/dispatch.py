"""Perform outbox rows: emails over SMTP, calls to the gemeente. At most once per row.

Each row is claimed (a committed lease) before the side effect and marked sent after it,
with the stable external id (Message-ID, zaak URL). A process that dies before the send
leaves a pending or expired lease that the next dispatch picks up; see README for the one
window that remains (death between SMTP accept and the 'sent' commit).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlmodel import Session, select

from casestore import faults, outbox, repo
from casestore.db import session as new_session
from casestore.models import Outbox, Taak, Traject
from casestore.reports import werkvoorraad
from domain.gemeenten import Gemeente
from domain.herinneringen import TZ, lokale_datum
from integrations.gemeente.client import GemeenteClient
from integrations.gemeente.errors import GemeenteError, GemeenteTransient
from integrations.gemeente.models import StatusType
from notifications import ics, smtp
from notifications.render import render
from tasks.logs import logger
from tasks.runtime import Runtime


class DispatchUitgesteld(RuntimeError):
    """Some rows could not be sent now (partner or mail server unreachable); they stay queued."""


@dataclass
class DispatchResultaat:
    verstuurd: int = 0
    mislukt_tijdelijk: int = 0
    mislukt_definitief: int = 0
    fouten: list[str] = field(default_factory=list)


class _ZgwContext:
    """Catalogue lookups cached for one dispatch run."""

    def __init__(self, client: GemeenteClient) -> None:
        self.client = client
        self._zaaktype: Any = None
        self._statustypen: list[StatusType] | None = None

    def zaaktype(self) -> Any:
        if self._zaaktype is None:
            self._zaaktype = self.client.zaaktype("IJW-REINTEGRATIE")
        return self._zaaktype

    def statustype(self, omschrijving: str) -> StatusType:
        if self._statustypen is None:
            self._statustypen = self.client.statustypen(self.zaaktype())
        for s in self._statustypen:
            if s.omschrijving == omschrijving:
                return s
        raise GemeenteError(f"Statustype '{omschrijving}' ontbreekt in de catalogus van de gemeente.")


def _rol(rt: Runtime, email: str) -> str:
    """werkcoach | consulent | teamleider: the gemeente's consulent gets no werkpad commands."""
    for g in rt.gemeenten.values():
        if email == g.consulent_email:
            return "consulent"
        if email == g.teamleider_email:
            return "teamleider"
    return "werkcoach"


def _hoe_vastleggen(rt: Runtime, s: Session, row: Outbox, p: dict[str, Any]) -> dict[str, Any]:
    """What a reminder or escalation needs to say how the outcome is recorded: the Taak id (not
    the deadline id) and who may run werkpad. Looked up at send time, as the payload keeps
    references only; rows queued before these fields existed still render."""
    taak_id = s.exec(select(Taak.id).where(Taak.deadline_id == p["deadline_id"])).first()
    traject = s.get(Traject, row.traject_id)
    return {"taak_id": taak_id, "ontvanger_rol": _rol(rt, p["aan"]), "eigenaar_rol": _rol(rt, p["eigenaar"]),
            "werkcoach": traject.werkcoach_email if traject else ""}


def _email(rt: Runtime, s: Session, row: Outbox, nu: datetime) -> str:
    p = dict(row.payload)
    key = p.pop("template")
    ics_bytes = None
    if key in ("herinnering", "escalatie"):
        p.update(_hoe_vastleggen(rt, s, row, p))
    if key == "werkvoorraad":
        regels = werkvoorraad(s, eigenaar=p["aan"]).get(p["aan"], [])
        vandaag = lokale_datum(nu)
        p["regels"] = [{"referentie": r.referentie, "gemeente": r.gemeente.capitalize(), "wat": r.wat,
                        "due": r.due.isoformat(), "te_laat": r.due < vandaag, "taak_id": r.taak_id} for r in regels]
        p["ontvanger_rol"] = _rol(rt, p["aan"])
        p["te_laat"] = sum(1 for r in p["regels"] if r["te_laat"])
    if key == "escalatie":
        # Say truthfully what went before: only reminders that really left count.
        p["herinneringen"] = [
            {"label": h["label"], "due": h["due"],
             "verstuurd_op": h["verstuurd_op"].astimezone(TZ).replace(tzinfo=None) if h["verstuurd_op"] else None}
            for h in repo.verstuurde_herinneringen(s, referentie=p["referentie"], deadline_id=p["deadline_id"])]
    if key == "uitnodiging_brede_intake":
        moment = datetime.fromisoformat(p["moment"])
        p["moment"] = moment
        ics_bytes = ics.uitnodiging(
            uid=f"brede-intake-{p['referentie']}@{rt.mail.message_id_domain}", start=moment, duur_minuten=p["duur"],
            titel=f"Brede intake {p['referentie']}", locatie=p["locatie"],
            beschrijving=f"Brede intake voor traject {p['referentie']} (gemeente {p['gemeente']}).",
            organisator=rt.mail.sender, deelnemers=p["deelnemers"], stamp=nu, sequence=p.get("sequence", 0))
    rendered = render(key, p)
    # A consulent does not use werkpad: a reply reaches the werkcoach, who records it.
    reply_to = p.get("werkcoach") if p.get("ontvanger_rol") == "consulent" else None
    msg = smtp.build(rendered, to=p["aan"], settings=rt.mail, idem_key=row.idem_key, when=nu, ics=ics_bytes,
                     reply_to=reply_to)
    return smtp.send(msg, rt.mail)


def _zgw(rt: Runtime, s: Session, row: Outbox, nu: datetime, ctx: dict[str, _ZgwContext]) -> str:
    traject = s.get(Traject, row.traject_id)
    assert traject is not None
    g = rt.gemeenten[Gemeente(traject.gemeente)]
    if traject.gemeente not in ctx:
        ctx[traject.gemeente] = _ZgwContext(rt.gemeente_client())
    z = ctx[traject.gemeente]
    op = row.payload["op"]
    if op == "registreer_zaak":
        zt = z.zaaktype()
        zaak = z.client.maak_zaak(bronorganisatie=g.rsin, identificatie=traject.referentie, zaaktype_url=zt.url,
                                  startdatum=traject.aangemeld_op,
                                  omschrijving=f"Re-integratie IJmond Werkt! {traject.referentie}")
        roltypen = {r.omschrijving: r for r in z.client.roltypen(zt)}
        deelnemer = repo.get_deelnemer(s, traject=traject)
        # The BSN leaves werkpad here, and only here: to the gemeente, on its own zaak.
        z.client.voeg_rol_toe(zaak_url=zaak.url, roltype_url=roltypen["Deelnemer"].url,
                              betrokkene_type="natuurlijk_persoon",
                              identificatie={"inpBsn": deelnemer.bsn}, toelichting="Deelnemer")
        z.client.voeg_rol_toe(zaak_url=zaak.url, roltype_url=roltypen["Werkcoach"].url,
                              betrokkene_type="medewerker",
                              identificatie={"identificatie": traject.werkcoach_email[:24]},
                              toelichting="Werkcoach IJmond Werkt!")
        z.client.zet_status(zaak_url=zaak.url, statustype_url=z.statustype("Aangemeld").url, gezet_op=nu,
                            toelichting="Aangemeld bij IJmond Werkt!")
        if traject.zaak_url != zaak.url:
            traject.zaak_url = zaak.url
            s.add(traject)
            repo.audit(s, traject=traject, nu=nu, actor="werkpad", soort="zaak",
                       omschrijving=f"Zaak {traject.referentie} geregistreerd bij gemeente {g.gemeente.naam}.")
            s.commit()
        return zaak.url
    if op == "status":
        if not traject.zaak_url:
            raise GemeenteTransient("Zaak is nog niet aangemaakt bij de gemeente; status volgt later.")
        url = z.client.zet_status(zaak_url=traject.zaak_url, statustype_url=z.statustype(row.payload["statustype"]).url,
                                  gezet_op=nu, toelichting=row.payload.get("toelichting", ""))
        return url
    raise GemeenteError(f"Onbekende outbox-operatie '{op}'.")


def dispatch(rt: Runtime, *, nu: datetime, traject_id: int | None = None, soort: str | None = None,
             limit: int = 500) -> DispatchResultaat:
    res = DispatchResultaat()
    ctx: dict[str, _ZgwContext] = {}
    with new_session(rt.engine) as s:
        ids = outbox.te_versturen(s, nu=nu, traject_id=traject_id, soort=soort, limit=limit)
        s.commit()
        for oid in ids:
            row = outbox.claim(s, outbox_id=oid, nu=nu)
            if row is None:
                continue  # sent or being sent by another run
            faults.point("voor-verzenden")
            try:
                kenmerk = _email(rt, s, row, nu) if row.soort == "email" else _zgw(rt, s, row, nu, ctx)
            except (GemeenteTransient, OSError) as exc:
                s.rollback()
                outbox.markeer_fout(s, outbox_id=oid, fout=str(exc), definitief=False)
                res.mislukt_tijdelijk += 1
                res.fouten.append(str(exc))
                continue
            except Exception as exc:  # refused or malformed: do not hammer the partner
                s.rollback()
                outbox.markeer_fout(s, outbox_id=oid, fout=str(exc), definitief=True)
                res.mislukt_definitief += 1
                res.fouten.append(str(exc))
                if row.traject_id is not None:
                    t = s.get(Traject, row.traject_id)
                    if t is not None:
                        repo.audit(s, traject=t, nu=nu, actor="werkpad", soort="fout",
                                   omschrijving=f"Niet verzonden ({row.soort}): {exc}"[:500])
                        s.commit()
                continue
            faults.point("na-verzenden")
            outbox.markeer_verstuurd(s, outbox_id=oid, nu=nu, extern_kenmerk=kenmerk)
            res.verstuurd += 1
            faults.point("tussen-verzendingen")
        for c in ctx.values():
            c.client.close()
    log = logger()
    log.info("Outbox: %d verstuurd, %d tijdelijk mislukt, %d geweigerd", res.verstuurd, res.mislukt_tijdelijk,
             res.mislukt_definitief)
    return res


def traject_id(rt: Runtime, referentie: str) -> int:
    with new_session(rt.engine) as s:
        t = repo.get_traject(s, referentie=referentie)
        assert t.id is not None
        return t.id


def verstuur(rt: Runtime, *, nu: datetime, referentie: str | None = None) -> dict[str, int]:
    """Send what is queued (for one traject, or everything). Raises on partner trouble, so the
    Prefect task around it retries visibly; the rows stay queued for the next run either way."""
    tid = traject_id(rt, referentie) if referentie else None
    res = dispatch(rt, nu=nu, traject_id=tid)
    if res.mislukt_tijdelijk:
        raise DispatchUitgesteld(f"{res.fouten[0]} ({res.mislukt_tijdelijk} bericht(en) blijven in de wachtrij)")
    return {"verstuurd": res.verstuurd, "geweigerd": res.mislukt_definitief}
