"""What werkpad web keeps in the case store: who viewed which traject (inzage), the task links whose action was
done, the logins it mailed, and the login attempts its rate limit counts."""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta

from sqlalchemy import func
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from casestore.models import Inzage, Traject, WebInlog, WebLinkGebruik, WebPoging


def log_inzage(s: Session, *, traject: Traject, wie: str, bron: str, pagina: str, nu: datetime) -> None:
    assert traject.id is not None
    s.add(Inzage(op=nu, wie=wie[:200], bron=bron[:20], traject_id=traject.id, pagina=pagina[:200]))


def inzagen(s: Session, *, traject: Traject) -> list[Inzage]:
    return list(s.exec(select(Inzage).where(Inzage.traject_id == traject.id).order_by(col(Inzage.op).desc(),
                                                                                   col(Inzage.id).desc())))


def link_gebruikt(s: Session, *, nonce: str) -> WebLinkGebruik | None:
    return s.exec(select(WebLinkGebruik).where(WebLinkGebruik.nonce == nonce)).first()


def markeer_link(s: Session, *, nonce: str, taak_id: int, door: str, nu: datetime) -> bool:
    """Use the link up; False when it was used already (a concurrent submit): the unique nonce decides."""
    if link_gebruikt(s, nonce=nonce) is not None:
        return False
    try:
        with s.begin_nested():
            s.add(WebLinkGebruik(nonce=nonce, taak_id=taak_id, door=door[:200], gebruikt_op=nu))
    except IntegrityError:
        return False
    return True


def sleutel(geheim: str) -> str:
    return hashlib.sha256(geheim.encode()).hexdigest()


def nieuwe_inlog(s: Session, *, geheim: str, soort: str, email: str, nu: datetime, geldig: timedelta,
                 taak_id: int | None = None) -> WebInlog:
    rij = WebInlog(sleutel=sleutel(geheim), soort=soort, email=email, taak_id=taak_id, aangemaakt_op=nu,
                   verloopt_op=nu + geldig)
    s.add(rij)
    return rij


def zoek_inlog(s: Session, *, geheim: str, soort: str) -> WebInlog | None:
    return s.exec(select(WebInlog).where(WebInlog.sleutel == sleutel(geheim), WebInlog.soort == soort)).first()


def open_codes(s: Session, *, email: str, taak_id: int, nu: datetime) -> list[WebInlog]:
    return list(s.exec(select(WebInlog).where(WebInlog.soort == "code", WebInlog.email == email,
                                              WebInlog.taak_id == taak_id, col(WebInlog.gebruikt_op).is_(None),
                                              WebInlog.verloopt_op > nu)))


def poging(s: Session, *, soort: str, adres: str, client: str, nu: datetime) -> None:
    s.add(WebPoging(op=nu, soort=soort, adres=adres[:64], client=client[:64]))


def pogingen(s: Session, *, soort: str, sinds: datetime, adres: str | None = None, client: str | None = None) -> int:
    q = select(func.count()).select_from(WebPoging).where(WebPoging.soort == soort, WebPoging.op >= sinds)
    if adres is not None:
        q = q.where(WebPoging.adres == adres)
    if client is not None:
        q = q.where(WebPoging.client == client)
    return int(s.exec(q).one())
