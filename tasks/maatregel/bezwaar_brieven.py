"""The letters of the bezwaar procedure (notifications/bezwaar_brieven.py): each rendered to PDF, kept with the
case (`Document`, it carries name and address) and announced to the teamleider through the outbox (a staff mail
that names only the traject and the document number; the letter itself never goes into a mail)."""

from __future__ import annotations

import hashlib
from datetime import date, datetime
from typing import Any

from sqlmodel import Session, select

from casestore import repo
from casestore.db import session as new_session
from casestore.models import Deelnemer, Document, Maatregel, ProcesStap, Traject
from casestore.repo.traject import NotFound
from domain.gemeenten import Gemeente
from domain.maatregel import BeschikkingType
from tasks.maatregel._gedeeld import _mail
from tasks.runtime import Runtime

BRIEF_MAIL = "maatregel_bezwaar_brief_klaar"


def brief_context(s: Session, t: Traject, m: Maatregel, stap: ProcesStap | None, *, datum: date,
                  kenmerk: str, stuk: str = "bezwaarschrift", **extra: Any) -> dict[str, Any]:
    """What every letter of the procedure shows: sender, addressee, the beschikking and the bezwaar (or, `stuk`,
    the verzoek om herziening) it is about."""
    d = s.get(Deelnemer, t.deelnemer_id)
    assert d is not None
    ontvangen = (stap.data or {}).get("ontvangen_op") if stap is not None else None
    return {"gemeente": t.gemeente, "gemeente_label": Gemeente(t.gemeente).naam, "referentie": t.referentie,
            "kenmerk": kenmerk, "naam": d.naam, "adres": d.adres or "", "postcode": d.postcode or "",
            "woonplaats": d.woonplaats or "", "datum": datum, "besluit_kenmerk": m.besluit_identificatie,
            "besluit_label": BeschikkingType(m.type).label if m.type else "beschikking",
            "bezwaar_ontvangen_op": date.fromisoformat(ontvangen) if ontvangen else datum, "stuk": stuk, **extra}


def bewaar_brief(rt: Runtime, s: Session, t: Traject, m: Maatregel, soort: str, ctx: dict[str, Any], nu: datetime,
                 *, aan: str, waarom: str, door: str) -> Document:
    """Render, store and announce one letter, signed like the beschikking (name and function from the gemeente's
    `ondertekenaars`): by `door`, who records the step, when listed, else by the teamleider who signed the
    beschikking. The caller commits."""
    from notifications.bezwaar_brieven import SOORTEN, render_brief_pdf

    g = rt.gemeenten[Gemeente(t.gemeente)]
    o = g.ondertekenaar(door) or (g.ondertekenaar(m.goedgekeurd_door) if m.goedgekeurd_door else None)
    ctx = {**ctx, "ondertekenaar": None if o is None else {"naam": o.naam, "functie": o.functie}}
    pdf = render_brief_pdf(soort, ctx)
    assert t.id is not None
    doc = Document(traject_id=t.id, maatregel_id=m.id, soort=f"bezwaar-{soort}", naam=f"{soort}-{ctx['kenmerk']}.pdf",
                   mime="application/pdf", inhoud=pdf, sha256=hashlib.sha256(pdf).hexdigest(), grootte=len(pdf),
                   aangemaakt_op=nu)
    s.add(doc)
    s.flush()
    _mail(s, t, nu, f"maatregel-brief:{t.referentie}:{doc.id}", BRIEF_MAIL, aan, onderwerp=SOORTEN[soort],
          kenmerk=ctx["kenmerk"], document_id=doc.id, datum=ctx["datum"].isoformat(), soort=soort, waarom=waarom)
    return doc


def brief_pdf(rt: Runtime, *, referentie: str, document_id: int) -> tuple[str, bytes]:
    """A stored letter of this traject (file name, bytes): the beschikking or a letter of the bezwaar procedure."""
    with new_session(rt.engine) as s:
        t = repo.get_traject(s, referentie=referentie)
        doc = s.exec(select(Document).where(Document.id == document_id, Document.traject_id == t.id)).first()
        if doc is None:
            raise NotFound(f"{referentie}: geen document {document_id} bij dit traject.")
        return doc.naam, bytes(doc.inhoud)
