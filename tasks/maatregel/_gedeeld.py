"""What the maatregel's steps share: the process and its norms, how each of its taken is recorded
(reminder mails, taak-afronden's refusal), finding the traject, the onderzoek and the beschikking a
step is about, and the rows every family writes: a mail, a besluit at the gemeente, a reduction for its
uitkeringsadministratie, a herziening."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlmodel import Session

from casestore import maatregelen, repo
from casestore.models import Maatregel, ProcesStap, Traject
from domain.herinneringen import lokale_datum
from domain.invoer import controleer_tekst
from domain.maatregel import (
    BEOORDELEN_TAAK,
    BESLUITTYPE_HERZIENING,
    BEZWAAR_TAAK,
    HEROVERWEGING_TAAK,
    HOREN_TAAK,
    INKEER_TAAK,
    MAATREGELONDERZOEK,
    VIER_OGEN_TAAK,
    EerdereMaatregel,
    RegelVersie,
    controleer_beschikking,
    controleer_een_lopend,
    controleer_onderzoek,
    controleer_traject,
)
from domain.maatregel import stappen as maatregel_stappen
from domain.proces import Proces
from domain.stap import Verwijzing
from tasks.vastleggen import vastleggen

TZ = ZoneInfo("Europe/Amsterdam")
P = MAATREGELONDERZOEK
TEKST_LANG = 500  # feiten, toelichting, dringende redenen: more than one line of the other forms
HOREN_WERKDAGEN = 2  # the werkcoach invites within two werkdagen of the melding (organisation norm)
BEOORDELEN_WERKDAGEN = 5


# -- how each task is recorded (reminder mails, taak-afronden's refusal) --------------------------
@vastleggen(HOREN_TAAK)
def _hoe_horen(referentie: str) -> Verwijzing:
    return Verwijzing(maatregel_stappen.HOREN, referentie)


@vastleggen(BEOORDELEN_TAAK)
def _hoe_voorstel(referentie: str) -> Verwijzing:
    return Verwijzing(maatregel_stappen.VOORSTEL, referentie,
                      ook=("dringende_redenen", "gematigd_percentage", "gematigd_maanden"))


@vastleggen(VIER_OGEN_TAAK)
def _hoe_vier_ogen(referentie: str) -> tuple[Verwijzing, ...]:
    # the GOEDKEUREN step's description tells to read the concept first
    return Verwijzing(maatregel_stappen.GOEDKEUREN, referentie), Verwijzing(maatregel_stappen.TERUGSTUREN, referentie)


@vastleggen(BEZWAAR_TAAK)
def _hoe_bezwaar(referentie: str) -> Verwijzing:
    return Verwijzing(maatregel_stappen.BEZWAAR_BESLISSEN, referentie)


@vastleggen(HEROVERWEGING_TAAK)
def _hoe_heroverweging(referentie: str) -> Verwijzing:
    return Verwijzing(maatregel_stappen.HEROVERWEGEN, referentie)


@vastleggen(INKEER_TAAK)
def _hoe_inkeer(referentie: str) -> Verwijzing:
    return Verwijzing(maatregel_stappen.INKEER_BESLISSEN, referentie)


# -- helpers ---------------------------------------------------------------------------------
def _traject(s: Session, referentie: str, wat: str, na_afsluiten: bool = False) -> Traject:
    """The traject, open; `na_afsluiten`: also closed (the legal steps after a beschikking outlive it)."""
    t = repo.get_traject(s, referentie=referentie)
    controleer_traject(referentie, t.status, wat, na_afsluiten=na_afsluiten)
    return t


def _tekst(value: str | None, veld: str, *, min_len: int = 5) -> str:
    return controleer_tekst(value, veld, min_len=min_len, max_len=TEKST_LANG)


def _regel(tekst: str, ruimte: int = 400) -> str:
    """Free text in an audit line (500 characters with the transition's own words in front); the
    whole text goes in the event's data."""
    return tekst if len(tekst) <= ruimte else tekst[:ruimte - 1].rstrip() + "…"


def _maatregel_van(s: Session, stap: ProcesStap) -> Maatregel:
    m = maatregelen.van_stap(s, stap_id=stap.id)
    assert m is not None, f"processtap {stap.id} zonder maatregel"
    return m


def _onderzoek(s: Session, t: Traject, statussen: tuple[str, ...], wat: str) -> tuple[ProcesStap, Maatregel]:
    """The open onderzoek and its maatregel, in one of `statussen` (domain: controleer_onderzoek)."""
    stap = repo.get_open_stap(s, traject=t, proces=P)
    if stap is None:
        laatste = laatste_beschikking(s, t)
        controleer_onderzoek(t.referentie, None, statussen, wat, laatste_besluit=(
            (laatste.besluit_identificatie, laatste.besluit_datum) if laatste is not None else None))
    assert stap is not None
    m = _maatregel_van(s, stap)
    controleer_onderzoek(t.referentie, stap.status, statussen, wat, reageren_uiterlijk=m.reageren_uiterlijk)
    return stap, m


def laatste_beschikking(s: Session, t: Traject) -> Maatregel | None:
    """The newest beschikking in this traject (what bezwaar, heroverweging and inkeer are about)."""
    return maatregelen.laatste_beschikking(s, traject_id=t.id)


def _beschikking(s: Session, t: Traject, wat: str) -> Maatregel:
    m = laatste_beschikking(s, t)
    controleer_beschikking(t.referentie, gevonden=m is not None, wat=wat)
    assert m is not None
    return m


def beschikking_met_id(s: Session, t: Traject, maatregel_id: int | None, wat: str) -> Maatregel:
    """The beschikking a bezwaar is about: the given one of this traject, else the newest."""
    if maatregel_id is None:
        return _beschikking(s, t, wat)
    m = s.get(Maatregel, maatregel_id)
    gevonden = m is not None and m.traject_id == t.id and m.besluit_datum is not None
    controleer_beschikking(t.referentie, gevonden=gevonden, wat=wat, maatregel_id=maatregel_id)
    assert m is not None
    return m


def open_per_maatregel(s: Session, t: Traject, proces: Proces, maatregel_id: int | None, wat: str) -> ProcesStap:
    """The open bezwaar or heroverweging of one beschikking: several may run side by side (a recidive
    beschikking within the three months of the previous heroverweging), then the number chooses."""
    open_ = repo.open_stappen_van(s, traject=t, proces=proces)
    if maatregel_id is not None:
        open_ = [p for p in open_ if p.data.get("maatregel_id") == maatregel_id]
    controleer_een_lopend(t.referentie, proces.label, [p.data.get("maatregel_id") for p in open_], maatregel_id, wat)
    return open_[0]


def _eerdere(s: Session, m: Maatregel, versie: RegelVersie | None = None) -> list[EerdereMaatregel]:
    """The person's earlier imposed maatregelen, each in the recidive group the version in force on the day
    of this verzuim gives its gedraging (per gedraging or per categorie); one it does not know keeps the
    group it got at its own melding."""
    # herzien (heroverweging, inkeer) was imposed all the same; only bezwaar gegrond undoes it (herroepen)
    rows = maatregelen.opgelegd_aan(s, deelnemer_id=m.deelnemer_id, behalve=m.id)
    return [EerdereMaatregel(besluit_datum=r.besluit_datum,  # type: ignore[arg-type]
                             groep=(versie.recidive_groep_van(r.gedraging) if versie is not None else None)
                             or r.recidive_groep or r.gedraging,
                             recidive_stap=r.recidive_stap or 1) for r in rows]


def _mail(s: Session, t: Traject, nu: datetime, key: str, template: str, aan: str, **payload: Any) -> None:
    repo.add_outbox(s, idem_key=key, soort="email", traject=t, nu=nu,
                    payload={"template": template, "aan": aan, "referentie": t.referentie,
                             "werkcoach": t.werkcoach_email, **payload})


def _zgw_besluit(s: Session, t: Traject, m: Maatregel, nu: datetime, *, identificatie: str, besluittype: str,
                 datum: date,
                 toelichting: str, verzenddatum: date | None = None, uiterlijke_reactiedatum: date | None = None,
                 ingangsdatum: date | None = None, vervaldatum: date | None = None) -> None:
    # On the maatregelonderzoek's own zaak (maatregel_id), never on the traject's.
    payload: dict[str, Any] = {"op": "besluit", "identificatie": identificatie, "besluittype": besluittype,
                               "datum": datum.isoformat(), "toelichting": toelichting, "maatregel_id": m.id}
    for k, v in (("verzenddatum", verzenddatum), ("uiterlijke_reactiedatum", uiterlijke_reactiedatum),
                 ("ingangsdatum", ingangsdatum), ("vervaldatum", vervaldatum)):
        if v is not None:
            payload[k] = v.isoformat()
    repo.add_outbox(s, idem_key=f"zgw:{t.referentie}:besluit:{identificatie}", soort="zgw", traject=t, nu=nu,
                    payload=payload)


def _verlaging(s: Session, t: Traject, m: Maatregel, nu: datetime, soort: str, maanden: list[dict[str, Any]],
               volgnummer: str, na_besluit: str) -> None:
    """The uitkeringsadministratie applies (or corrects) the reduction: one row per change, keyed, sent
    only once the gemeente took the besluit `na_besluit` it rests on (queued before it): the row waits for the
    besluit's row (`wacht_op`, casestore/outbox.py), by call or by task mail alike; a refused besluit holds it."""
    ident = f"{m.besluit_identificatie}-{soort[:3]}-{volgnummer}"[:50]
    repo.add_outbox(s, idem_key=f"zgw:{t.referentie}:verlaging:{ident}", soort="zgw", traject=t, nu=nu,
                    payload={"op": "verlaging", "identificatie": ident, "besluit_identificatie": m.besluit_identificatie,
                             "soort": soort, "maanden": maanden, "maatregel_id": m.id, "na_besluit": na_besluit,
                             "wacht_op": f"zgw:{t.referentie}:besluit:{na_besluit}",
                             "omschrijving": f"de verlaging ({soort})"})


def _herzien(s: Session, t: Traject, m: Maatregel, nu: datetime, maanden: list[dict[str, Any]], reden: str,
             volgnummer: str) -> None:
    vandaag = lokale_datum(nu)
    m.kortingsmaanden, m.status, m.gewijzigd_op = maanden, "herzien", nu
    s.add(m)
    ident = f"{m.besluit_identificatie}-H{volgnummer}"[:50]
    _zgw_besluit(s, t, m, nu, identificatie=ident, besluittype=BESLUITTYPE_HERZIENING, datum=vandaag,
                 toelichting=reden[:1000])
    _verlaging(s, t, m, nu, "herzien" if maanden else "intrekken", maanden, volgnummer, na_besluit=ident)
