"""The traject and its deelnemer: registration, the traject's status (guarded by its version), its
fase, the gemeente's zaak, and the lookups the doors need."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from casestore.models import Deelnemer, Teller, Traject
from casestore.repo.gebeurtenissen import audit
from domain.errors import DomainError, TransitionRefused
from domain.herinneringen import lokale_datum
from domain.rapport import leeftijdsklasse
from domain.traject import (
    OPEN_STATUSSEN,
    STATUS_LABEL,
    Status,
    controleer_traject_overgang,
    leeftijd_op,
    referentie,
    referentie_jaar,
    traject_gebeurtenis,
)


class NotFound(DomainError):
    pass


class DuplicateTraject(DomainError):
    pass


def volgende_referentie(session: Session, *, jaar: int) -> str:
    res = session.execute(update(Teller).where(col(Teller.jaar) == jaar).values(laatste=col(Teller.laatste) + 1))
    if res.rowcount == 0:  # type: ignore[attr-defined]
        session.add(Teller(jaar=jaar, laatste=1))
        session.flush()
    teller = session.get(Teller, jaar)
    assert teller is not None
    session.refresh(teller)
    return referentie(jaar, teller.laatste)


def registreer_aanmelding(session: Session, *, bsn: str, naam: str, geboortedatum: date, gemeente: str,
                          werkcoach_email: str, nu: datetime, actor: str) -> Traject:
    """Register a deelnemer and open a traject. Validation of BSN/gemeente happens before."""
    deelnemer = session.exec(select(Deelnemer).where(Deelnemer.bsn == bsn)).first()
    if deelnemer is None:
        deelnemer = Deelnemer(bsn=bsn, naam=naam, geboortedatum=geboortedatum, aangemaakt_op=nu)
        session.add(deelnemer)
        session.flush()
    else:
        bestaand = session.exec(select(Traject).where(Traject.open_bsn == bsn)).first()
        if bestaand is not None:
            raise DuplicateTraject(
                f"Deze deelnemer heeft al een open traject ({bestaand.referentie}); een tweede wordt geweigerd."
            )
    ref = volgende_referentie(session, jaar=referentie_jaar(nu))
    assert deelnemer.id is not None
    traject = Traject(referentie=ref, deelnemer_id=deelnemer.id, open_bsn=bsn, gemeente=gemeente,
                      status=Status.aangemeld, werkcoach_email=werkcoach_email, aangemeld_op=lokale_datum(nu),
                      aangemaakt_op=nu, gewijzigd_op=nu)
    session.add(traject)
    try:
        session.flush()
    except IntegrityError:
        session.rollback()
        raise DuplicateTraject("Deze deelnemer heeft al een open traject; een tweede wordt geweigerd.") from None
    # The age band at aanmelding (never the birth date) for the report's doelgroepen (16/17, 50+).
    leeftijd = leeftijdsklasse(leeftijd_op(deelnemer.geboortedatum, traject.aangemeld_op))
    audit(session, traject=traject, nu=nu, actor=actor, soort="aanmelding", gebeurtenis="traject.aangemeld",
          omschrijving=f"Aangemeld bij gemeente {gemeente.capitalize()}; werkcoach {werkcoach_email}.",
          data={"leeftijd": leeftijd})
    return traject


def get_traject(session: Session, *, referentie: str) -> Traject:
    t = session.exec(select(Traject).where(Traject.referentie == referentie)).first()
    if t is None:
        raise NotFound(f"Onbekend traject '{referentie}'.")
    return t


def set_zaak_url(session: Session, *, traject: Traject, zaak_url: str, nu: datetime, omschrijving: str) -> None:
    """Remember the gemeente's zaak on the traject (once); the caller's transaction commits it."""
    if traject.zaak_url == zaak_url:
        return
    traject.zaak_url = zaak_url
    session.add(traject)
    audit(session, traject=traject, nu=nu, actor="werkpad", soort="zaak", omschrijving=omschrijving)


def get_deelnemer(session: Session, *, traject: Traject) -> Deelnemer:
    d = session.get(Deelnemer, traject.deelnemer_id)
    assert d is not None
    return d


def transitie(session: Session, *, traject: Traject, naar: Status, nu: datetime, actor: str, omschrijving: str,
              data: dict[str, Any] | None = None, gebeurtenis: str | None = None) -> None:
    """Move a traject to a new status if the traject's table allows it from where it is now.

    The update is guarded by the version, so two concurrent transitions cannot both win.
    """
    controleer_traject_overgang(traject.referentie, Status(traject.status), naar)
    res = session.execute(
        update(Traject)
        .where(col(Traject.id) == traject.id, col(Traject.versie) == traject.versie)
        .values(status=naar, versie=traject.versie + 1, gewijzigd_op=nu,
                open_bsn=None if naar not in OPEN_STATUSSEN else Traject.open_bsn)
    )
    if res.rowcount != 1:  # type: ignore[attr-defined]
        raise TransitionRefused(f"{traject.referentie} is tegelijk door iemand anders gewijzigd; probeer opnieuw.")
    session.refresh(traject)
    audit(session, traject=traject, nu=nu, actor=actor, soort=f"status:{naar}",
          omschrijving=f"Status: {STATUS_LABEL[naar]}. {omschrijving}".strip(), data=data,
          gebeurtenis=gebeurtenis or traject_gebeurtenis(naar))


def een_open_zaak_url(session: Session) -> str | None:
    """The zaak URL of some open traject (the onboarding check tests its right to write there)."""
    t = session.exec(select(Traject).where(col(Traject.zaak_url).is_not(None), Traject.status != Status.afgesloten)
                     .limit(1)).first()
    return t.zaak_url if t else None


def trajecten_met_status(session: Session, *, status: Status) -> list[Traject]:
    return list(session.exec(select(Traject).where(Traject.status == status).order_by(col(Traject.id))))


def bezette_intakes(session: Session, *, gemeente: str, vanaf: datetime) -> list[datetime]:
    rows = session.exec(select(Traject.intake_moment).where(
        Traject.gemeente == gemeente, col(Traject.intake_moment).is_not(None), col(Traject.intake_moment) >= vanaf))
    return [r for r in rows if r is not None]


# -- the re-integratietraject's fase, trede and uitstroom (domain/fasen.py) ------------------------

def set_fase(session: Session, *, traject: Traject, fase: str | None, nu: datetime, actor: str, omschrijving: str,
             trede: int | None = None, uitstroom: str | None = None, deels_uitgestroomd_op: date | None = None,
             data: dict[str, Any] | None = None, gebeurtenis: str = "traject.fase") -> None:
    """Set the traject's current fase (and trede, uitstroom, deels-uitgestroomd date when given),
    guarded by the version like `transitie`, with its typed event (`traject.fase` {van, naar})."""
    waarden: dict[str, Any] = {"versie": traject.versie + 1, "gewijzigd_op": nu}
    if gebeurtenis == "traject.fase":
        waarden["fase"] = fase
    if trede is not None:
        waarden["trede"] = trede
    if uitstroom is not None:
        waarden["uitstroom"] = uitstroom
    if deels_uitgestroomd_op is not None:
        waarden["deels_uitgestroomd_op"] = deels_uitgestroomd_op
    res = session.execute(update(Traject).where(col(Traject.id) == traject.id, col(Traject.versie) == traject.versie)
                          .values(**waarden))
    if res.rowcount != 1:  # type: ignore[attr-defined]
        raise TransitionRefused(f"{traject.referentie} is tegelijk door iemand anders gewijzigd; probeer opnieuw.")
    session.refresh(traject)
    audit(session, traject=traject, nu=nu, actor=actor, soort=gebeurtenis.replace("traject.", "traject:"),
          omschrijving=omschrijving, data=data, proces="traject", gebeurtenis=gebeurtenis)


# -- doors: lookups and updates for validated input (kept apart from the functions above) ----

def deelnemer_met_bsn(session: Session, *, bsn: str) -> Deelnemer | None:
    return session.exec(select(Deelnemer).where(Deelnemer.bsn == bsn)).first()


def werk_deelnemer_bij(session: Session, *, deelnemer: Deelnemer, traject: Traject, naam: str, geboortedatum: date,
                       velden: list[str], nu: datetime, actor: str) -> None:
    """Re-registration with corrected data: update, and audit which fields changed (not their values)."""
    deelnemer.naam, deelnemer.geboortedatum = naam, geboortedatum
    session.add(deelnemer)
    audit(session, traject=traject, nu=nu, actor=actor, soort="gegevens-bijgewerkt",
          omschrijving=f"Gegevens deelnemer bijgewerkt bij heraanmelding: {', '.join(velden)}.",
          data={"velden": velden})


def open_traject_met_bsn(session: Session, *, bsn: str) -> Traject | None:
    return session.exec(select(Traject).where(Traject.open_bsn == bsn)).first()
