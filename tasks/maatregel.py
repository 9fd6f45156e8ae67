"""Maatregelonderzoek: melding verzuim, horen, voorstel, vier ogen, beschikking; bezwaar, heroverweging, inkeer.

Plain steps; flows run `.task`. The rules live in domain/maatregel.py; here they are persisted, one
transaction per step. The beschikking is rendered to PDF (notifications/beschikking.py) and kept in
the case store (`Document`): it carries name and address, so it never goes into an email, Prefect or
a log. The gemeente hears it twice through the outbox (kind `zgw`): the besluit on the zaak (Besluiten
API, with verzenddatum and the end of the bezwaartermijn as uiterlijkeReactiedatum) and the reduction
for the months concerned to its uitkeringsadministratie, each under its own idempotency key.
"""

from __future__ import annotations

import hashlib
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlmodel import Session

from casestore import maatregelen, repo
from casestore.db import session as new_session
from casestore.models import Deelnemer, Document, Maatregel, ProcesStap, Traject
from domain.errors import TransitionRefused
from domain.gemeenten import Gemeente
from domain.herinneringen import WACHTTERMIJN as ZONDER_HERINNERINGEN
from domain.herinneringen import lokale_datum
from domain.invoer import FORMULIER_DOOR, OngeldigeInvoer, controleer_door, controleer_email, controleer_tekst
from domain.maatregel import (
    AFGEROND,
    BEOORDELEN,
    BEOORDELEN_TAAK,
    BESCHIKT,
    BESLIST,
    BESLUITTYPE_BEZWAAR,
    BESLUITTYPE_HERZIENING,
    BEZWAAR,
    BEZWAAR_TAAK,
    GRONDSLAG_BOB,
    GRONDSLAG_HEROVERWEGING,
    GRONDSLAG_HOREN,
    GRONDSLAG_INKEER,
    GRONDSLAG_ONDERZOEK,
    GRONDSLAG_VIER_OGEN,
    HEROVERWEGING,
    HEROVERWEGING_TAAK,
    HOREN,
    HOREN_TAAK,
    INGETROKKEN,
    INKEER,
    INKEER_TAAK,
    MAATREGELONDERZOEK,
    ONDERZOEK_INGETROKKEN,
    ONDERZOEK_TERMIJN,
    REACTIE_WEKKER,
    STATUS_BESCHIKT,
    STATUS_BEZWAAR,
    VERDAAGD,
    VIER_OGEN,
    VIER_OGEN_TAAK,
    WEKT_REACTIE,
    BeschikkingType,
    BezwaarUitkomst,
    EerdereMaatregel,
    Gedraging,
    HeroverwegingUitkomst,
    InkeerUitkomst,
    RegelVersie,
    Uitkomst,
    bepaal_maatregel,
    beslissing_op_bezwaar_uiterlijk,
    bezwaartermijn,
    controleer_gesprek,
    controleer_verzenddatum,
    eerste_van_volgende_maand,
    heroverweging_uiterlijk,
    inkeer_beslissen_uiterlijk,
    inkeer_tweede_maand,
    kortingsmaanden,
    looptijd,
    maand_code,
    na_inkeer,
    onderzoek_uiterlijk,
    parse_type,
    recidive_groep,
    recidive_stap,
    zaak_resultaat,
    zaak_sluit_na,
)
from domain.maatregel import stappen as maatregel_stappen
from domain.maatregel.stappen import controleer_gesprektijd
from domain.proces import Proces
from domain.stap import Verwijzing
from domain.traject import Status
from tasks._traject import bij_afsluiten, heropen_maatregelzaak, maatregelzaak_row, sluit_maatregelzaak
from tasks.runtime import Runtime
from tasks.step import step
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
    if t.status == Status.afgesloten and not na_afsluiten:
        raise TransitionRefused(f"{referentie} is afgesloten; {wat} kan niet meer.")
    return t


def persoon_sleutel(adres: str) -> str:
    """Who an address is, for vier ogen: lower case, and without a '+tag' (wc+alias@ is wc@)."""
    lokaal, _, domein = adres.strip().lower().partition("@")
    return f"{lokaal.split('+', 1)[0]}@{domein}"


def _persoon(value: str | None, wat: str) -> str:
    """The vier-ogen principle needs persons, not roles: proposer and approver give their address."""
    actor = controleer_door(value, FORMULIER_DOOR)
    if "@" not in actor:
        raise OngeldigeInvoer(f"{wat} vraagt om een persoon: geef je e-mailadres bij 'door' (niet de rol "
                              f"'{actor}'); het vier-ogenprincipe vergelijkt wie voorstelt en wie goedkeurt.")
    return controleer_email(actor, FORMULIER_DOOR)


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
    stap = repo.get_open_stap(s, traject=t, proces=P)
    if stap is None:
        laatste = laatste_beschikking(s, t)
        al = (f" De laatste beschikking ({laatste.besluit_identificatie}) is genomen op "
              f"{laatste.besluit_datum.isoformat()}." if laatste is not None and laatste.besluit_datum else "")
        raise TransitionRefused(f"{t.referentie}: er loopt geen maatregelonderzoek; {wat} kan alleen na een melding "
                                f"van verzuim (de stap 'maatregel melden').{al}")
    if stap.status not in statussen:
        if stap.status in (P.start, HOREN) and {BEOORDELEN, VIER_OGEN} & set(statussen):  # a beschikking too
            m = _maatregel_van(s, stap)
            termijn = f" (reactietermijn tot en met {m.reageren_uiterlijk.isoformat()})" if m.reageren_uiterlijk else ""
            raise TransitionRefused(f"{t.referentie}: het horen is nog niet afgerond{termijn}; {wat} kan pas als de "
                                    "toelichting is vastgelegd of de reactietermijn zonder toelichting verstreek.")
        raise TransitionRefused(f"{t.referentie}: het maatregelonderzoek staat op '{P.status_label(stap.status)}'; "
                                f"{wat} kan nu niet.")
    return stap, _maatregel_van(s, stap)


def laatste_beschikking(s: Session, t: Traject) -> Maatregel | None:
    """The newest beschikking in this traject (what bezwaar, heroverweging and inkeer are about)."""
    return maatregelen.laatste_beschikking(s, traject_id=t.id)


def _beschikking(s: Session, t: Traject, wat: str) -> Maatregel:
    m = laatste_beschikking(s, t)
    if m is None:
        raise TransitionRefused(f"{t.referentie}: er is nog geen beschikking over een maatregel; {wat} kan niet.")
    return m


def beschikking_met_id(s: Session, t: Traject, maatregel_id: int | None, wat: str) -> Maatregel:
    """The beschikking a bezwaar is about: the given one of this traject, else the newest."""
    if maatregel_id is None:
        return _beschikking(s, t, wat)
    m = s.get(Maatregel, maatregel_id)
    if m is None or m.traject_id != t.id or m.besluit_datum is None:
        raise OngeldigeInvoer(f"{t.referentie}: maatregel {maatregel_id} is geen beschikking in dit traject "
                              "(de status van de maatregel toont de nummers).")
    return m


def open_per_maatregel(s: Session, t: Traject, proces: Proces, maatregel_id: int | None, wat: str) -> ProcesStap:
    """The open bezwaar or heroverweging of one beschikking: several may run side by side (a recidive
    beschikking within the three months of the previous heroverweging), then the number chooses."""
    open_ = repo.open_stappen_van(s, traject=t, proces=proces)
    if maatregel_id is not None:
        open_ = [p for p in open_ if p.data.get("maatregel_id") == maatregel_id]
    if not open_:
        bij = f" bij maatregel {maatregel_id}" if maatregel_id is not None else ""
        raise TransitionRefused(f"{t.referentie}: er loopt geen {proces.label.lower()}{bij}; {wat} kan niet.")
    if len(open_) > 1:
        nummers = ", ".join(str(p.data.get("maatregel_id")) for p in open_)
        raise OngeldigeInvoer(f"{t.referentie}: er lopen {len(open_)} ({proces.label.lower()}) bij de maatregelen "
                              f"{nummers}; kies er een met --maatregel (in het formulier: maatregel).")
    return open_[0]


def _eerdere(s: Session, m: Maatregel) -> list[EerdereMaatregel]:
    # herzien (heroverweging, inkeer) was imposed all the same; only bezwaar gegrond undoes it (herroepen)
    rows = maatregelen.opgelegd_aan(s, deelnemer_id=m.deelnemer_id, behalve=m.id)
    return [EerdereMaatregel(besluit_datum=r.besluit_datum, groep=r.recidive_groep or r.gedraging,  # type: ignore[arg-type]
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
    only once the gemeente took the besluit `na_besluit` it rests on (queued before it)."""
    ident = f"{m.besluit_identificatie}-{soort[:3]}-{volgnummer}"[:50]
    repo.add_outbox(s, idem_key=f"zgw:{t.referentie}:verlaging:{ident}", soort="zgw", traject=t, nu=nu,
                    payload={"op": "verlaging", "identificatie": ident, "besluit_identificatie": m.besluit_identificatie,
                             "soort": soort, "maanden": maanden, "maatregel_id": m.id, "na_besluit": na_besluit})


def stand(rt: Runtime, referentie: str) -> dict[str, Any]:
    """Everything a status command shows about the maatregelen of a traject (no personal data)."""
    with new_session(rt.engine) as s:
        t = repo.get_traject(s, referentie=referentie)
        rows = maatregelen.van_traject(s, traject_id=t.id)
        stappen = {p.id: p for p in repo.processen(s, traject=t)}
        out = []
        for m in rows:
            p = stappen.get(m.proces_stap_id)
            out.append({"id": m.id, "status": P.status_label(p.status) if p else "?", "gedraging": m.gedraging,
                        "verzuim_op": m.verzuim_op.isoformat(), "type": m.type, "percentage": m.percentage,
                        "maanden": m.maanden, "besluit_datum": m.besluit_datum.isoformat() if m.besluit_datum else None,
                        "bezwaar_uiterlijk": m.bezwaar_uiterlijk.isoformat() if m.bezwaar_uiterlijk else None,
                        "reageren_uiterlijk": m.reageren_uiterlijk.isoformat() if m.reageren_uiterlijk else None,
                        "kortingsmaanden": m.kortingsmaanden, "beschikking_status": m.status})
        # One line per open instance: bezwaren and heroverwegingen run per beschikking (#maatregel id).
        lopend = {f"{pr.naam}" + (f" #{p.data['maatregel_id']}" if pr in (BEZWAAR, HEROVERWEGING, INKEER)
                                  and p.data.get("maatregel_id") else ""): pr.status_label(p.status)
                  for p in stappen.values() for pr in (P, BEZWAAR, HEROVERWEGING, INKEER)
                  if p.proces == pr.naam and p.open_sleutel}
        return {"referentie": referentie, "gemeente": t.gemeente, "maatregelen": out, "lopend": lopend}


# -- 1. melding verzuim ------------------------------------------------------------------------
def controleer_melding(rt: Runtime, s: Session, t: Traject, gedraging: str, verzuim_op: date,
                       vandaag: date) -> tuple[RegelVersie, Gedraging]:
    """Every rule a melding must meet, without writing (the step and the CLI's check before Prefect)."""
    if t.status in (Status.aangemeld, Status.brede_intake_gepland, Status.wacht_op_uitkering):
        raise TransitionRefused(f"{t.referentie}: er is nog geen uitkering toegekend ({t.status.replace('_', ' ')}); "
                                "een maatregel verlaagt de bijstand en kan pas daarna.")
    if verzuim_op > vandaag:
        raise OngeldigeInvoer(f"De datum van het verzuim ({verzuim_op.isoformat()}) ligt in de toekomst.")
    if verzuim_op < t.aangemeld_op:
        raise OngeldigeInvoer(f"De datum van het verzuim ({verzuim_op.isoformat()}) ligt vóór de aanmelding "
                              f"({t.aangemeld_op.isoformat()}).")
    versie = rt.maatregelen.op(Gemeente(t.gemeente), verzuim_op)
    ged = versie.gedraging(gedraging)
    lopend = repo.get_open_stap(s, traject=t, proces=P)
    if lopend is not None:
        raise TransitionRefused(f"{t.referentie}: maatregelonderzoek loopt al "
                                f"({P.status_label(lopend.status)}); rond dat eerst af (zie de status van "
                                "de maatregel).")
    dubbel = maatregelen.zelfde_verzuim(s, deelnemer_id=t.deelnemer_id, gedraging=ged.code, verzuim_op=verzuim_op)
    if dubbel is not None:
        raise TransitionRefused(f"{t.referentie}: voor dit verzuim ({ged.code} op {verzuim_op.isoformat()}) is al een "
                                f"maatregelonderzoek (#{dubbel.id}); één gedraging geeft één maatregel.")
    return versie, ged


@step()
def meld_verzuim(rt: Runtime, *, referentie: str, gedraging: str, verzuim_op: date, feiten: str, nu: datetime,
                 actor: str) -> dict[str, Any]:
    """A werkcoach reports verzuim: the onderzoek starts with its own term and the task to invite."""
    actor = controleer_door(actor, FORMULIER_DOOR)
    feiten = _tekst(feiten, "Het veld feiten")
    vandaag = lokale_datum(nu)
    with new_session(rt.engine) as s:
        t = _traject(s, referentie, "een maatregelonderzoek")
        versie, ged = controleer_melding(rt, s, t, gedraging, verzuim_op, vandaag)
        g = rt.gemeenten[Gemeente(t.gemeente)]
        stap = repo.open_proces(s, traject=t, proces=P, nu=nu, actor=actor, gebeurtenis=P.gebeurtenis("gemeld"),
                                omschrijving=f"Verzuim gemeld: {ged.label} op {verzuim_op.isoformat()}.",
                                data={"gedraging": ged.code, "verzuim_op": verzuim_op.isoformat()})
        assert stap.id is not None and t.id is not None
        m = Maatregel(traject_id=t.id, deelnemer_id=t.deelnemer_id, proces_stap_id=stap.id, gemeente=t.gemeente,
                      gedraging=ged.code, verzuim_op=verzuim_op, feiten=feiten, gemeld_op=nu, gemeld_door=actor,
                      regel_versie=versie.geldig_vanaf, recidive_groep=recidive_groep(ged), aangemaakt_op=nu,
                      gewijzigd_op=nu)
        s.add(m)
        s.flush()
        # The onderzoek's own zaak at the gemeente (its besluiten may follow after the traject's zaak closed).
        maatregelzaak_row(s, t, m, nu, "registreer_maatregelzaak", "registreer")
        weken = rt.settings.maatregel_onderzoek_weken
        uiterlijk = onderzoek_uiterlijk(vandaag, rt.kalender, weken)
        repo.add_deadline(s, traject=t, soort="termijn", omschrijving="Maatregelonderzoek afronden (beschikking)",
                          due=uiterlijk, grondslag=GRONDSLAG_ONDERZOEK.format(weken=weken),
                          eigenaar_email=t.werkcoach_email, escalatie_email=g.teamleider_email, nu=nu,
                          kalender=rt.kalender, code=ONDERZOEK_TERMIJN, stap=stap)
        due = rt.kalender.werkdagen_erbij(vandaag, HOREN_WERKDAGEN)
        taak = repo.add_taak(s, traject=t, titel="Deelnemer uitnodigen om gehoord te worden (maatregelonderzoek)",
                             eigenaar_email=t.werkcoach_email, escalatie_email=g.teamleider_email, due=due, nu=nu,
                             kalender=rt.kalender, grondslag=GRONDSLAG_HOREN, beleid="kort", actor=actor,
                             code=HOREN_TAAK, stap=stap)
        _mail(s, t, nu, f"maatregel-gemeld:{t.referentie}:{m.id}", "maatregel_gemeld", t.werkcoach_email,
              gedraging=ged.label, verzuim_op=verzuim_op.isoformat(), taak_id=taak.id, due=due.isoformat(),
              onderzoek_uiterlijk=uiterlijk.isoformat())
        s.commit()
        return {"referentie": referentie, "gemeente": t.gemeente, "maatregel_id": m.id, "gedraging": ged.code,
                "onderzoek_uiterlijk": uiterlijk.isoformat(), "taak_id": taak.id}


# -- 2. horen -------------------------------------------------------------------------------
@step()
def nodig_uit(rt: Runtime, *, referentie: str, gesprek_op: datetime, locatie: str, nu: datetime,
              actor: str) -> dict[str, Any]:
    """Invite the deelnemer to be heard (Awb 4:8): a gesprek, and a term to react in writing. When the
    term passes without a toelichting, the waking timer records that (never silently skipped)."""
    actor = controleer_door(actor, FORMULIER_DOOR)
    locatie = controleer_tekst(locatie, "Het veld locatie", min_len=3, max_len=200)
    gesprek_lokaal = gesprek_op.astimezone(TZ) if gesprek_op.tzinfo else gesprek_op.replace(tzinfo=TZ)
    vandaag = lokale_datum(nu)
    uiterlijk = rt.kalender.werkdagen_erbij(vandaag, rt.settings.maatregel_reactie_werkdagen)
    with new_session(rt.engine) as s:
        t = _traject(s, referentie, "horen")
        stap, m = _onderzoek(s, t, (P.start,), "uitnodigen om te horen")
        controleer_gesprek(gesprek_lokaal.date(), vandaag, uiterlijk)
        controleer_gesprektijd(gesprek_lokaal, rt.kalender.is_werkdag(gesprek_lokaal.date()))
        g = rt.gemeenten[Gemeente(t.gemeente)]
        ged = rt.maatregelen.op(Gemeente(t.gemeente), m.verzuim_op).gedraging(m.gedraging)
        repo.overgang(s, traject=t, stap=stap, proces=P, naar=HOREN, nu=nu, actor=actor,
                      gebeurtenis=P.gebeurtenis("horen"),
                      omschrijving=f"Uitgenodigd voor een gesprek op {gesprek_lokaal:%Y-%m-%d %H:%M}; schriftelijk "
                                   f"reageren kan tot en met {uiterlijk.isoformat()} (Awb 4:8).",
                      data={"gesprek_op": gesprek_lokaal.isoformat(), "reageren_uiterlijk": uiterlijk.isoformat()})
        repo.sluit_taken(s, stap=stap, nu=nu, actor=actor, codes={HOREN_TAAK})
        m.gesprek_op, m.reageren_uiterlijk, m.gewijzigd_op = gesprek_lokaal.astimezone(ZoneInfo("UTC")), uiterlijk, nu
        s.add(m)
        wekker = rt.kalender.volgende_werkdag(uiterlijk)
        repo.add_deadline(s, traject=t, soort="maatregel-reactietermijn",
                          omschrijving="Reactietermijn horen (toelichting deelnemer) verstreken: wekker", due=wekker,
                          grondslag=GRONDSLAG_HOREN, eigenaar_email=t.werkcoach_email,
                          escalatie_email=g.teamleider_email, nu=nu, kalender=rt.kalender,
                          beleid=ZONDER_HERINNERINGEN, code=REACTIE_WEKKER, stap=stap, wekt=WEKT_REACTIE)
        _mail(s, t, nu, f"maatregel-horen:{t.referentie}:{m.id}:{gesprek_lokaal:%Y%m%dT%H%M}", "maatregel_horen",
              t.werkcoach_email, gedraging=ged.label, verzuim_op=m.verzuim_op.isoformat(),
              gesprek_op=gesprek_lokaal.isoformat(), locatie=locatie, reageren_uiterlijk=uiterlijk.isoformat(),
              gemeente_label=Gemeente(t.gemeente).naam)
        s.commit()
        return {"referentie": referentie, "gemeente": t.gemeente, "gesprek_op": gesprek_lokaal.isoformat(),
                "reageren_uiterlijk": uiterlijk.isoformat()}


@step()
def leg_toelichting_vast(rt: Runtime, *, referentie: str, toelichting: str, nu: datetime,
                         actor: str) -> dict[str, Any]:
    """The deelnemer's toelichting (in the gesprek or in writing); then the werkcoach weighs it."""
    actor = controleer_door(actor, FORMULIER_DOOR)
    toelichting = _tekst(toelichting, "Het veld toelichting")
    with new_session(rt.engine) as s:
        t = _traject(s, referentie, "een toelichting vastleggen")
        stap, m = _onderzoek(s, t, (HOREN,), "een toelichting vastleggen")
        return _naar_beoordelen(rt, s, t, stap, m, nu, actor, toelichting=toelichting)


def _naar_beoordelen(rt: Runtime, s: Session, t: Traject, stap: ProcesStap, m: Maatregel, nu: datetime, actor: str, *,
                     toelichting: str | None) -> dict[str, Any]:
    g = rt.gemeenten[Gemeente(t.gemeente)]
    ontvangen = toelichting is not None
    repo.overgang(s, traject=t, stap=stap, proces=P, naar=BEOORDELEN, nu=nu, actor=actor,
                  gebeurtenis=P.gebeurtenis("toelichting" if ontvangen else "geen_toelichting"),
                  omschrijving="Toelichting van de deelnemer vastgelegd." if ontvangen else
                  f"Geen toelichting ontvangen binnen de reactietermijn (tot en met {m.reageren_uiterlijk}).")
    repo.sluit_deadlines_van(s, stap=stap, nu=nu, status="afgerond" if ontvangen else "verstreken",
                             codes={REACTIE_WEKKER})
    m.toelichting, m.toelichting_ontvangen, m.gewijzigd_op = toelichting, ontvangen, nu
    s.add(m)
    due = rt.kalender.werkdagen_erbij(lokale_datum(nu), BEOORDELEN_WERKDAGEN)
    taak = repo.add_taak(s, traject=t, titel="Verwijtbaarheid en omstandigheden beoordelen; maatregel voorstellen",
                         eigenaar_email=t.werkcoach_email, escalatie_email=g.teamleider_email, due=due, nu=nu,
                         kalender=rt.kalender, grondslag="Participatiewet art. 18 lid 2, 9 en 10", beleid="kort",
                         actor=actor, code=BEOORDELEN_TAAK, stap=stap)
    s.commit()
    return {"referentie": t.referentie, "gemeente": t.gemeente, "toelichting_ontvangen": ontvangen,
            "taak_id": taak.id, "due": due.isoformat()}


@step()
def reactietermijn_verlopen(rt: Runtime, *, referentie: str, nu: datetime) -> dict[str, Any]:
    """Woken the werkdag after the reaction term: no toelichting came, which is recorded. Before the
    date: refused; after a toelichting or twice: no change."""
    with new_session(rt.engine) as s:
        t = repo.get_traject(s, referentie=referentie)
        stap = repo.get_open_stap(s, traject=t, proces=P)
        if stap is None or stap.status != HOREN:
            return {"referentie": referentie, "gemeente": t.gemeente, "gewijzigd": False}
        m = _maatregel_van(s, stap)
        assert m.reageren_uiterlijk is not None
        if lokale_datum(nu) <= m.reageren_uiterlijk:
            raise TransitionRefused(f"{referentie}: de reactietermijn loopt nog tot en met "
                                    f"{m.reageren_uiterlijk.isoformat()}.")
        res = _naar_beoordelen(rt, s, t, stap, m, nu, "wekker", toelichting=None)
        return {**res, "gewijzigd": True}


# -- 3/4. voorstel: verwijtbaarheid, maatregel bepalen ----------------------------------------
@step()
def stel_voor(rt: Runtime, *, referentie: str, verwijtbaar: bool, nu: datetime, actor: str,
              dringende_redenen: str | None = None, gematigd_percentage: int | None = None,
              gematigd_maanden: int | None = None) -> dict[str, Any]:
    """The werkcoach weighs verwijtbaarheid and circumstances; the maatregel follows from the
    gemeente's verordening (recidive included); the teamleider gets it for vier ogen."""
    actor = _persoon(actor, "Een voorstel voor een maatregel")
    redenen = _tekst(dringende_redenen, "Het veld dringende redenen") if dringende_redenen else None
    with new_session(rt.engine) as s:
        t = _traject(s, referentie, "een maatregel voorstellen")
        stap, m = _onderzoek(s, t, (BEOORDELEN,), "een maatregel voorstellen")
        if m.gesprek_op is not None and nu < m.gesprek_op:
            raise TransitionRefused(f"{referentie}: het gesprek (horen) is gepland op "
                                    f"{m.gesprek_op.astimezone(TZ):%Y-%m-%d %H:%M}; een voorstel kan pas daarna, ook als "
                                    "er al een schriftelijke toelichting is.")
        deelnemer = s.get(Deelnemer, t.deelnemer_id)
        assert deelnemer is not None
        if not (deelnemer.adres and deelnemer.postcode and deelnemer.woonplaats):
            raise TransitionRefused(f"{referentie}: het correspondentieadres van de deelnemer ontbreekt; de beschikking "
                                    "is een brief. Leg het correspondentieadres vast (deelnemer adres: adres, postcode, "
                                    "woonplaats).")
        g = rt.gemeenten[Gemeente(t.gemeente)]
        versie = rt.maatregelen.op(Gemeente(t.gemeente), m.verzuim_op)
        ged = versie.gedraging(m.gedraging)
        n = recidive_stap(m.verzuim_op, recidive_groep(ged), _eerdere(s, m))
        v = bepaal_maatregel(versie, m.gedraging, verwijtbaar=verwijtbaar, stap=n, dringende_redenen=redenen,
                             gematigd_percentage=gematigd_percentage, gematigd_maanden=gematigd_maanden)
        repo.overgang(s, traject=t, stap=stap, proces=P, naar=VIER_OGEN, nu=nu, actor=actor,
                      gebeurtenis=P.gebeurtenis("voorgesteld"),
                      omschrijving=f"Voorstel: {v.uitkomst.label}"
                                   f"{'' if verwijtbaar else ' (elke vorm van verwijtbaarheid ontbreekt)'}"
                                   f"{f'; recidive, keer {n}' if n > 1 else ''}.",
                      data={"type": v.uitkomst.type.value, "percentage": v.uitkomst.percentage,
                            "maanden": v.uitkomst.maanden, "recidive_stap": n})
        repo.sluit_taken(s, stap=stap, nu=nu, actor=actor, codes={BEOORDELEN_TAAK})
        m.verwijtbaar, m.dringende_redenen, m.recidive_stap = verwijtbaar, redenen, n
        m.type, m.percentage, m.maanden = v.uitkomst.type.value, v.uitkomst.percentage, v.uitkomst.maanden
        m.gematigd_van = v.gematigd_van.type.value if v.gematigd_van else None
        m.grondslagen, m.voorgesteld_door, m.voorgesteld_op, m.gewijzigd_op = list(v.grondslagen), actor, nu, nu
        m.regel_versie = versie.geldig_vanaf
        s.add(m)
        due = rt.kalender.werkdagen_erbij(lokale_datum(nu), rt.settings.maatregel_vier_ogen_werkdagen)
        taak = repo.add_taak(s, traject=t, titel=f"Vier ogen: voorstel maatregel beoordelen ({v.uitkomst.type.value})",
                             eigenaar_email=g.teamleider_email, escalatie_email=g.teamleider_email, due=due, nu=nu,
                             kalender=rt.kalender, grondslag=GRONDSLAG_VIER_OGEN, beleid="kort", actor=actor,
                             code=VIER_OGEN_TAAK,
                             stap=stap)
        _mail(s, t, nu, f"maatregel-vier-ogen:{t.referentie}:{m.id}:{stap.versie}", "maatregel_vier_ogen",
              g.teamleider_email, type=v.uitkomst.type.value, type_label=v.uitkomst.label,
              gedraging=ged.label, verwijtbaar=verwijtbaar, recidive_stap=n, grondslagen=list(v.grondslagen),
              gematigd_van=v.gematigd_van.label if v.gematigd_van else None, voorgesteld_door=actor,
              taak_id=taak.id, due=due.isoformat(), toelichting_ontvangen=m.toelichting_ontvangen)
        s.commit()
        return {"referentie": referentie, "gemeente": t.gemeente, **v.as_dict(), "label": v.uitkomst.label,
                "taak_id": taak.id, "due": due.isoformat()}


@step()
def stuur_terug(rt: Runtime, *, referentie: str, reden: str, nu: datetime, actor: str) -> dict[str, Any]:
    """The teamleider sends the proposal back to the werkcoach, with a reason."""
    actor = _persoon(actor, "Terugsturen (vier ogen)")
    reden = _tekst(reden, "Het veld reden")
    with new_session(rt.engine) as s:
        t = _traject(s, referentie, "terugsturen")
        stap, m = _onderzoek(s, t, (VIER_OGEN,), "terugsturen")
        if persoon_sleutel(actor) == persoon_sleutel(m.voorgesteld_door or ""):
            raise TransitionRefused(f"{referentie}: {actor} deed zelf het voorstel; een ander (de teamleider) "
                                    "beoordeelt het (vier-ogenprincipe).")
        g = rt.gemeenten[Gemeente(t.gemeente)]
        repo.overgang(s, traject=t, stap=stap, proces=P, naar=BEOORDELEN, nu=nu, actor=actor,
                      gebeurtenis=P.gebeurtenis("teruggestuurd"), omschrijving=_regel(f"Teruggestuurd: {reden}"),
                      data={"reden": reden})
        repo.sluit_taken(s, stap=stap, nu=nu, actor=actor, codes={VIER_OGEN_TAAK})
        due = rt.kalender.werkdagen_erbij(lokale_datum(nu), BEOORDELEN_WERKDAGEN)
        taak = repo.add_taak(s, traject=t, titel="Voorstel maatregel herzien (teruggestuurd door de teamleider)",
                             eigenaar_email=t.werkcoach_email, escalatie_email=g.teamleider_email, due=due, nu=nu,
                             kalender=rt.kalender, grondslag="Participatiewet art. 18 lid 2, 9 en 10", beleid="kort",
                             actor=actor, code=BEOORDELEN_TAAK, stap=stap)
        _mail(s, t, nu, f"maatregel-teruggestuurd:{t.referentie}:{m.id}:{stap.versie}", "maatregel_teruggestuurd",
              t.werkcoach_email, reden=reden, door=actor, taak_id=taak.id, due=due.isoformat())
        s.commit()
        return {"referentie": referentie, "gemeente": t.gemeente, "taak_id": taak.id, "due": due.isoformat()}


@step()
def trek_in(rt: Runtime, *, referentie: str, reden: str, nu: datetime, actor: str) -> dict[str, Any]:
    """A melding made in error is withdrawn before the proposal is approved (audit keeps it)."""
    actor = controleer_door(actor, FORMULIER_DOOR)
    reden = _tekst(reden, "Het veld reden")
    with new_session(rt.engine) as s:
        t = _traject(s, referentie, "een melding intrekken")
        stap, m = _onderzoek(s, t, (P.start, HOREN, BEOORDELEN), "de melding intrekken")
        repo.overgang(s, traject=t, stap=stap, proces=P, naar=INGETROKKEN, nu=nu, actor=actor,
                      gebeurtenis=P.gebeurtenis("ingetrokken"), omschrijving=_regel(reden), data={"reden": reden})
        repo.sluit_taken(s, stap=stap, nu=nu, actor=actor, status="vervallen")
        repo.sluit_deadlines_van(s, stap=stap, nu=nu, status="vervallen")
        m.status, m.gewijzigd_op = "ingetrokken", nu
        s.add(m)
        sluit_maatregelzaak(s, t, m, nu, zaak_resultaat(m.type, m.status), f"Melding ingetrokken: {reden}")
        s.commit()
        return {"referentie": referentie, "gemeente": t.gemeente, "ingetrokken": True}


# -- 5/6. vier ogen and beschikking -------------------------------------------------------------
def beschikking_context(rt: Runtime, s: Session, t: Traject, m: Maatregel, *, datum: date, verzenddatum: date,
                        ) -> dict[str, Any]:
    """Everything the letter shows (notifications/beschikking.py): built here, kept out of Prefect."""
    deelnemer = s.get(Deelnemer, t.deelnemer_id)
    assert deelnemer is not None and m.type is not None
    versie = rt.maatregelen.op(Gemeente(t.gemeente), m.verzuim_op)
    ged = versie.gedraging(m.gedraging)
    uitkomst = Uitkomst(BeschikkingType(m.type), m.percentage or 0, m.maanden or 0)
    maanden = kortingsmaanden(uitkomst, verzenddatum)
    periode = looptijd(maanden)
    bezwaar = bezwaartermijn(verzenddatum, rt.kalender)
    afzien = uitkomst.type == BeschikkingType.AFZIEN
    gematigd = parse_type(m.gematigd_van) if m.gematigd_van else None
    return {
        "gemeente": t.gemeente, "gemeente_label": Gemeente(t.gemeente).naam, "referentie": t.referentie,
        "kenmerk": besluit_identificatie(t, m), "naam": deelnemer.naam, "adres": deelnemer.adres or "",
        "postcode": deelnemer.postcode or "", "woonplaats": deelnemer.woonplaats or "", "datum": datum,
        "verzenddatum": verzenddatum, "type": uitkomst.type.value, "type_label": uitkomst.type.label,
        "percentage": None if afzien else uitkomst.percentage, "maanden": None if afzien else uitkomst.maanden,
        "kortingsmaanden": maanden, "ingangsdatum": periode[0] if periode else None,
        "vervaldatum": periode[1] if periode else None, "gedraging_label": ged.label, "verzuim_op": m.verzuim_op,
        "feiten": m.feiten, "toelichting": m.toelichting, "reageren_uiterlijk": m.reageren_uiterlijk,
        "verwijtbaar": bool(m.verwijtbaar), "dringende_redenen": m.dringende_redenen,
        "gematigd_van": gematigd.label if gematigd else None, "recidive_stap": m.recidive_stap or 1,
        "grondslagen": list(m.grondslagen),
        "heroverweging_uiterlijk": None if afzien else heroverweging_uiterlijk(
            datum, rt.kalender, rt.settings.maatregel_heroverweging_maanden),
        "inkeer_tweede_maand": inkeer_tweede_maand(uitkomst.type, uitkomst.percentage, uitkomst.maanden),
        "bezwaar_uiterlijk": bezwaar.einddatum, "bezwaar_toelichting": bezwaar.atw_toelichting,
        "verordening": versie.verordening,
    }


def besluit_identificatie(t: Traject, m: Maatregel) -> str:
    return f"MR-{t.referentie}-{m.id}"[:50]


def concept(rt: Runtime, *, referentie: str, nu: datetime) -> str:
    """The HTML preview of the beschikking as it would be if approved today (for the teamleider;
    a file on their machine, never a mail or an artifact: it carries name and address)."""
    from notifications.beschikking import render_beschikking_html

    with new_session(rt.engine) as s:
        t = repo.get_traject(s, referentie=referentie)
        stap = repo.get_open_stap(s, traject=t, proces=P)
        if stap is not None and stap.status != VIER_OGEN:
            raise TransitionRefused(f"{referentie}: het maatregelonderzoek staat op '{P.status_label(stap.status)}'; "
                                    "er ligt geen voorstel, dus ook geen concept.")
        if stap is None:
            m = laatste_beschikking(s, t)
            if m is None:
                raise TransitionRefused(f"{referentie}: er ligt geen voorstel voor een maatregel klaar (en geen "
                                        "beschikking).")
            assert m.besluit_datum is not None and m.verzenddatum is not None
            return render_beschikking_html(beschikking_context(rt, s, t, m, datum=m.besluit_datum,
                                                               verzenddatum=m.verzenddatum))
        m = _maatregel_van(s, stap)
        vandaag = lokale_datum(nu)
        return render_beschikking_html(beschikking_context(rt, s, t, m, datum=vandaag, verzenddatum=vandaag))


@step()
def keur_goed(rt: Runtime, *, referentie: str, type: str, nu: datetime, actor: str,
              verzenddatum: date | None = None) -> dict[str, Any]:
    """Vier ogen: another person than the proposer approves the type they saw in the concept. The
    beschikking is made: PDF kept with the case, besluit at the gemeente, reduction to its
    uitkeringsadministratie, heroverweging planned."""
    from notifications.beschikking import render_beschikking_pdf

    actor = _persoon(actor, "Goedkeuren (vier ogen)")
    gekozen = parse_type(type)
    vandaag = lokale_datum(nu)
    # Approved on a day off, the letter goes out with the next werkdag's post (an explicit date must be one).
    verzend = verzenddatum or rt.kalender.volgende_werkdag(vandaag, inclusief=True)
    controleer_verzenddatum(verzend, vandaag, rt.kalender)
    with new_session(rt.engine) as s:
        t = _traject(s, referentie, "een beschikking")
        stap, m = _onderzoek(s, t, (VIER_OGEN,), "goedkeuren")
        if persoon_sleutel(actor) == persoon_sleutel(m.voorgesteld_door or ""):
            raise TransitionRefused(f"{referentie}: {actor} deed zelf het voorstel; een ander moet het goedkeuren "
                                    "(vier-ogenprincipe).")
        assert m.type is not None
        if gekozen.value != m.type:
            raise TransitionRefused(f"{referentie}: het voorstel is {m.type} ({BeschikkingType(m.type).label}), niet "
                                    f"{gekozen.value}; bekijk het concept opnieuw (maatregel "
                                    "concept) of stuur het voorstel terug.")
        g = rt.gemeenten[Gemeente(t.gemeente)]
        ctx = beschikking_context(rt, s, t, m, datum=vandaag, verzenddatum=verzend)
        pdf = render_beschikking_pdf(ctx)
        m.goedgekeurd_door, m.besluit_datum, m.verzenddatum = actor, vandaag, verzend
        m.bezwaar_uiterlijk, m.heroverweging_uiterlijk = ctx["bezwaar_uiterlijk"], ctx["heroverweging_uiterlijk"]
        m.besluit_identificatie, m.kortingsmaanden, m.gewijzigd_op = ctx["kenmerk"], ctx["kortingsmaanden"], nu
        s.add(m)
        assert t.id is not None
        doc = Document(traject_id=t.id, maatregel_id=m.id, soort="beschikking", naam=f"beschikking-{ctx['kenmerk']}.pdf",
                       mime="application/pdf", inhoud=pdf, sha256=hashlib.sha256(pdf).hexdigest(), grootte=len(pdf),
                       aangemaakt_op=nu)
        s.add(doc)
        repo.overgang(s, traject=t, stap=stap, proces=P, naar=BESCHIKT, nu=nu, actor=actor,
                      gebeurtenis=P.gebeurtenis("beschikt"),
                      omschrijving=f"{BeschikkingType(m.type).label} goedgekeurd (vier ogen; voorgesteld door "
                                   f"{m.voorgesteld_door}); verzonden {verzend.isoformat()}, bezwaar tot en met "
                                   f"{ctx['bezwaar_uiterlijk'].isoformat()}.",
                      data={"type": m.type, "percentage": m.percentage, "maanden": m.maanden,
                            "besluit": ctx["kenmerk"], "bezwaar_uiterlijk": ctx["bezwaar_uiterlijk"].isoformat()})
        repo.sluit_taken(s, stap=stap, nu=nu, actor=actor, codes={VIER_OGEN_TAAK})
        repo.sluit_deadlines_van(s, stap=stap, nu=nu, codes={ONDERZOEK_TERMIJN})
        maatregelzaak_row(s, t, m, nu, "status", "beschikt", statustype=STATUS_BESCHIKT,
                          toelichting=f"{BeschikkingType(m.type).label}; verzonden {verzend.isoformat()}.")
        _zgw_besluit(s, t, m, nu, identificatie=ctx["kenmerk"], besluittype=BeschikkingType(m.type).label,
                     datum=vandaag,
                     toelichting=f"{BeschikkingType(m.type).label}; grondslag: {'; '.join(m.grondslagen)}"[:1000],
                     verzenddatum=verzend, uiterlijke_reactiedatum=ctx["bezwaar_uiterlijk"],
                     ingangsdatum=ctx["ingangsdatum"] or vandaag, vervaldatum=ctx["vervaldatum"])
        heroverweging_taak = None
        if m.kortingsmaanden:
            _verlaging(s, t, m, nu, "opleggen", m.kortingsmaanden, "1", na_besluit=ctx["kenmerk"])
            her = repo.open_proces(s, traject=t, proces=HEROVERWEGING, nu=nu, actor=actor, sleutel=str(m.id),
                                   gebeurtenis=HEROVERWEGING.gebeurtenis("gestart"),
                                   omschrijving=f"Heroverweging uiterlijk {ctx['heroverweging_uiterlijk'].isoformat()}.",
                                   data={"maatregel_id": m.id})
            heroverweging_taak = repo.add_taak(
                s, traject=t, titel="Maatregel heroverwegen (Pw art. 18 lid 3)", eigenaar_email=t.werkcoach_email,
                escalatie_email=g.teamleider_email, due=ctx["heroverweging_uiterlijk"], nu=nu, kalender=rt.kalender,
                grondslag=GRONDSLAG_HEROVERWEGING, actor=actor, code=HEROVERWEGING_TAAK, stap=her).id
        _mail(s, t, nu, f"maatregel-beschikt:{t.referentie}:{m.id}", "maatregel_beschikt", t.werkcoach_email,
              type=m.type, type_label=BeschikkingType(m.type).label, kenmerk=ctx["kenmerk"],
              verzenddatum=verzend.isoformat(), bezwaar_uiterlijk=ctx["bezwaar_uiterlijk"].isoformat(),
              kortingsmaanden=m.kortingsmaanden, goedgekeurd_door=actor,
              heroverweging_uiterlijk=ctx["heroverweging_uiterlijk"].isoformat() if ctx["heroverweging_uiterlijk"]
              else None, heroverweging_taak_id=heroverweging_taak)
        s.commit()
        return {"referentie": referentie, "gemeente": t.gemeente, "type": m.type, "besluit": ctx["kenmerk"],
                "verzenddatum": verzend.isoformat(), "bezwaar_uiterlijk": ctx["bezwaar_uiterlijk"].isoformat(),
                "kortingsmaanden": m.kortingsmaanden, "document_id": doc.id}


def beschikking_pdf(rt: Runtime, *, referentie: str) -> tuple[str, bytes]:
    """The stored PDF of the newest beschikking (file name, bytes)."""
    with new_session(rt.engine) as s:
        t = repo.get_traject(s, referentie=referentie)
        m = _beschikking(s, t, "de beschikking ophalen")
        doc = maatregelen.beschikking_document(s, maatregel_id=m.id)
        if doc is None:
            raise TransitionRefused(f"{referentie}: bij de beschikking is geen document bewaard.")
        if hashlib.sha256(doc.inhoud).hexdigest() != doc.sha256:
            raise TransitionRefused(f"{referentie}: het bewaarde document is beschadigd (controlegetal klopt niet).")
        return doc.naam, bytes(doc.inhoud)


# -- 7. after the beschikking: bezwaar ------------------------------------------------------------
@step()
def registreer_bezwaar(rt: Runtime, *, referentie: str, ontvangen_op: date, adviescommissie: bool, nu: datetime,
                       actor: str, maatregel_id: int | None = None) -> dict[str, Any]:
    """A bezwaarschrift against a beschikking (the newest unless `maatregel_id` names one): the
    beslissing op bezwaar term starts (Awb 7:10).
    One received after the bezwaartermijn is registered too, marked late (Awb 6:11 is for the bezwaar
    team to weigh), never refused."""
    actor = controleer_door(actor, FORMULIER_DOOR)
    vandaag = lokale_datum(nu)
    if ontvangen_op > vandaag:
        raise OngeldigeInvoer(f"De ontvangstdatum van het bezwaar ({ontvangen_op.isoformat()}) ligt in de toekomst.")
    with new_session(rt.engine) as s:
        t = _traject(s, referentie, "een bezwaar registreren", na_afsluiten=True)
        m = beschikking_met_id(s, t, maatregel_id, "een bezwaar registreren")
        assert m.verzenddatum is not None and m.bezwaar_uiterlijk is not None
        assert m.besluit_datum is not None
        if ontvangen_op < m.besluit_datum:  # after the besluit but before sending is fine (Awb 6:10)
            raise OngeldigeInvoer(f"Het bezwaar ({ontvangen_op.isoformat()}) is ontvangen vóór de beschikking bestond "
                                  f"(besluit {m.besluit_datum.isoformat()}).")
        g = rt.gemeenten[Gemeente(t.gemeente)]
        te_laat = ontvangen_op > m.bezwaar_uiterlijk
        uiterlijk = beslissing_op_bezwaar_uiterlijk(m.bezwaar_uiterlijk, rt.kalender, adviescommissie=adviescommissie)
        if repo.get_open_stap(s, traject=t, proces=BEZWAAR, sleutel=str(m.id)) is not None:
            raise TransitionRefused(f"{referentie}: er loopt al een bezwaar tegen {m.besluit_identificatie}; leg "
                                    "een tweede bezwaarschrift bij dat bezwaar (aanvulling), niet als nieuw bezwaar.")
        stap = repo.open_proces(s, traject=t, proces=BEZWAAR, nu=nu, actor=actor, sleutel=str(m.id),
                                gebeurtenis=BEZWAAR.gebeurtenis("ontvangen"),
                                omschrijving=f"Bezwaar ontvangen op {ontvangen_op.isoformat()} tegen "
                                             f"{m.besluit_identificatie}"
                                             f"{' (na de bezwaartermijn)' if te_laat else ''}; beslissen uiterlijk "
                                             f"{uiterlijk.isoformat()}.",
                                data={"maatregel_id": m.id, "ontvangen_op": ontvangen_op.isoformat(),
                                      "adviescommissie": adviescommissie, "te_laat": te_laat,
                                      "uiterlijk": uiterlijk.isoformat()})
        heropen_maatregelzaak(s, t, m, nu, f"bezwaar:{stap.id}")  # its zaak closed already: a follow-up zaak
        maatregelzaak_row(s, t, m, nu, "status", f"bezwaar:{stap.id}", statustype=STATUS_BEZWAAR,
                          toelichting=f"Bezwaar ontvangen op {ontvangen_op.isoformat()}.")
        taak = repo.add_taak(s, traject=t, titel="Beslissen op bezwaar tegen maatregel", eigenaar_email=g.teamleider_email,
                             escalatie_email=g.teamleider_email, due=uiterlijk, nu=nu, kalender=rt.kalender,
                             grondslag=f"{GRONDSLAG_BOB}{' jo. 7:13 (adviescommissie)' if adviescommissie else ''}",
                             actor=actor, code=BEZWAAR_TAAK, stap=stap)
        _mail(s, t, nu, f"maatregel-bezwaar:{t.referentie}:{stap.id}", "maatregel_bezwaar", g.teamleider_email,
              kenmerk=m.besluit_identificatie, ontvangen_op=ontvangen_op.isoformat(), te_laat=te_laat,
              bezwaar_uiterlijk=m.bezwaar_uiterlijk.isoformat(), uiterlijk=uiterlijk.isoformat(),
              adviescommissie=adviescommissie, taak_id=taak.id)
        s.commit()
        return {"referentie": referentie, "gemeente": t.gemeente, "te_laat": te_laat, "uiterlijk": uiterlijk.isoformat(),
                "taak_id": taak.id}


@step()
def verdaag_bezwaar(rt: Runtime, *, referentie: str, nu: datetime, actor: str,
                    maatregel_id: int | None = None) -> dict[str, Any]:
    """Awb 7:10 lid 3: the decision may be put off once, by at most six weeks (the deelnemer is told)."""
    actor = controleer_door(actor, FORMULIER_DOOR)
    with new_session(rt.engine) as s:
        t = _traject(s, referentie, "verdagen", na_afsluiten=True)
        stap = open_per_maatregel(s, t, BEZWAAR, maatregel_id, "verdagen")
        if stap.status == VERDAAGD:
            raise TransitionRefused(f"{referentie}: de beslissing op bezwaar is al eens verdaagd; de Awb (7:10 lid 3) "
                                    "staat één verdaging toe.")
        m = s.get(Maatregel, stap.data["maatregel_id"])
        assert m is not None and m.bezwaar_uiterlijk is not None
        oud = date.fromisoformat(stap.data["uiterlijk"])
        if lokale_datum(nu) > oud:
            raise TransitionRefused(f"{referentie}: de beslistermijn is al verstreken ({oud.isoformat()}); verdagen "
                                    "moet binnen de termijn.")
        nieuw = beslissing_op_bezwaar_uiterlijk(m.bezwaar_uiterlijk, rt.kalender,
                                                adviescommissie=bool(stap.data["adviescommissie"]), verdaagd=True)
        repo.overgang(s, traject=t, stap=stap, proces=BEZWAAR, naar=VERDAAGD, nu=nu, actor=actor,
                      gebeurtenis=BEZWAAR.gebeurtenis("verdaagd"),
                      omschrijving=f"Beslissing verdaagd van {oud.isoformat()} naar {nieuw.isoformat()} (Awb 7:10 lid 3).")
        repo.set_stap_data(s, stap=stap, uiterlijk=nieuw.isoformat(), verdaagd_van=oud.isoformat())
        d = repo.get_deadline_van(s, stap=stap, code=BEZWAAR_TAAK, statussen=("open",))
        if d is not None and d.id is not None:
            repo.verplaats_deadline(s, deadline_id=d.id, due=nieuw, nu=nu, actor=actor, kalender=rt.kalender,
                                    reden="Verdaagd (Awb 7:10 lid 3).")
        s.commit()
        return {"referentie": referentie, "gemeente": t.gemeente, "uiterlijk": nieuw.isoformat()}


@step()
def beslis_op_bezwaar(rt: Runtime, *, referentie: str, uitkomst: BezwaarUitkomst, nu: datetime,
                      actor: str, maatregel_id: int | None = None) -> dict[str, Any]:
    """Ongegrond or niet-ontvankelijk: the maatregel stands. Gegrond: it is revoked; the
    uitkeringsadministratie withdraws the reduction and the heroverweging lapses."""
    actor = controleer_door(actor, FORMULIER_DOOR)
    uitkomst = BezwaarUitkomst(uitkomst)
    vandaag = lokale_datum(nu)
    with new_session(rt.engine) as s:
        t = _traject(s, referentie, "beslissen op bezwaar", na_afsluiten=True)
        stap = open_per_maatregel(s, t, BEZWAAR, maatregel_id, "beslissen op bezwaar")
        m = s.get(Maatregel, stap.data["maatregel_id"])
        assert m is not None
        repo.overgang(s, traject=t, stap=stap, proces=BEZWAAR, naar=BESLIST, nu=nu, actor=actor,
                      gebeurtenis=BEZWAAR.gebeurtenis("beslist"),
                      omschrijving=f"Bezwaar {uitkomst.value} tegen {m.besluit_identificatie}.",
                      data={"uitkomst": uitkomst.value, "maatregel_id": m.id})
        repo.sluit_taken(s, stap=stap, nu=nu, actor=actor, codes={BEZWAAR_TAAK})
        # A second bezwaar against the same beschikking (after the first was decided) gets its own besluit.
        eerder = [p for p in repo.processen(s, traject=t) if p.proces == BEZWAAR.naam and p.id != stap.id
                  and p.data.get("maatregel_id") == m.id and p.status == BESLIST]
        ident = f"{m.besluit_identificatie}-BOB{stap.id if eerder else ''}"[:50]
        _zgw_besluit(s, t, m, nu, identificatie=ident, besluittype=BESLUITTYPE_BEZWAAR, datum=vandaag,
                     toelichting=f"Bezwaar {uitkomst.value} (Awb art. 7:11)."
                                 f"{' Maatregel herroepen.' if uitkomst == BezwaarUitkomst.gegrond else ''}")
        if uitkomst == BezwaarUitkomst.gegrond and m.status in ("actief", "herzien"):  # herzien: what remained
            m.status, m.gewijzigd_op = "herroepen", nu
            s.add(m)
            if m.kortingsmaanden:
                _verlaging(s, t, m, nu, "intrekken", [], "bob", na_besluit=ident)
                m.kortingsmaanden = []  # withdrawn at the gemeente; the audit trail and outbox keep what they were
            her = repo.get_open_stap(s, traject=t, proces=HEROVERWEGING, sleutel=str(m.id))
            if her is not None:
                repo.overgang(s, traject=t, stap=her, proces=HEROVERWEGING, naar="vervallen", nu=nu, actor=actor,
                              gebeurtenis=HEROVERWEGING.gebeurtenis("vervallen"),
                              omschrijving="De maatregel is in bezwaar herroepen.")
                repo.sluit_taken(s, stap=her, nu=nu, actor=actor, status="vervallen")
        s.commit()
        return {"referentie": referentie, "gemeente": t.gemeente, "uitkomst": uitkomst.value,
                "maatregel_status": m.status}


# -- heroverweging (art. 18 lid 3) and herziening/inkeer (lid 11) ----------------------------------
def _herzien(s: Session, t: Traject, m: Maatregel, nu: datetime, maanden: list[dict[str, Any]], reden: str,
             volgnummer: str) -> None:
    vandaag = lokale_datum(nu)
    m.kortingsmaanden, m.status, m.gewijzigd_op = maanden, "herzien", nu
    s.add(m)
    ident = f"{m.besluit_identificatie}-H{volgnummer}"[:50]
    _zgw_besluit(s, t, m, nu, identificatie=ident, besluittype=BESLUITTYPE_HERZIENING, datum=vandaag,
                 toelichting=reden[:1000])
    _verlaging(s, t, m, nu, "herzien" if maanden else "intrekken", maanden, volgnummer, na_besluit=ident)


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


def controleer_inkeerverzoek(s: Session, t: Traject, ontvangen_op: date, vandaag: date) -> Maatregel:
    """Every rule a request for herziening must meet, without writing (the step and the CLI's check)."""
    if ontvangen_op > vandaag:
        raise OngeldigeInvoer(f"De ontvangstdatum van het verzoek ({ontvangen_op.isoformat()}) ligt in de toekomst.")
    m = _beschikking(s, t, "een verzoek om herziening")
    assert m.besluit_datum is not None
    if m.status != "actief" or not m.kortingsmaanden:
        raise TransitionRefused(f"{t.referentie}: er is geen lopende verlaging om te herzien ({m.type}, {m.status}).")
    if ontvangen_op < m.besluit_datum:
        raise OngeldigeInvoer(f"Het verzoek ({ontvangen_op.isoformat()}) ligt vóór de beschikking "
                              f"({m.besluit_datum.isoformat()}).")
    vanaf = maand_code(eerste_van_volgende_maand(ontvangen_op))
    if all(x["maand"] < vanaf for x in m.kortingsmaanden):
        raise TransitionRefused(f"{t.referentie}: de verlaging loopt af vóór {vanaf}; er valt niets te herzien.")
    if repo.get_open_stap(s, traject=t, proces=INKEER) is not None:
        raise TransitionRefused(f"{t.referentie}: verzoek om herziening (inkeer) loopt al.")
    return m


@step()
def ontvang_inkeerverzoek(rt: Runtime, *, referentie: str, ontvangen_op: date, nu: datetime,
                          actor: str) -> dict[str, Any]:
    """A request for herziening once the deelnemer complies again (lid 11): decided within the Awb term."""
    actor = controleer_door(actor, FORMULIER_DOOR)
    with new_session(rt.engine) as s:
        t = _traject(s, referentie, "een verzoek om herziening", na_afsluiten=True)
        m = controleer_inkeerverzoek(s, t, ontvangen_op, lokale_datum(nu))
        g = rt.gemeenten[Gemeente(t.gemeente)]
        uiterlijk = inkeer_beslissen_uiterlijk(ontvangen_op, rt.kalender)
        stap = repo.open_proces(s, traject=t, proces=INKEER, nu=nu, actor=actor,
                                gebeurtenis=INKEER.gebeurtenis("ontvangen"),
                                omschrijving=f"Verzoek om herziening ontvangen op {ontvangen_op.isoformat()}; beslissen "
                                             f"uiterlijk {uiterlijk.isoformat()}.",
                                data={"maatregel_id": m.id, "ontvangen_op": ontvangen_op.isoformat(),
                                      "uiterlijk": uiterlijk.isoformat()})
        heropen_maatregelzaak(s, t, m, nu, f"inkeer:{stap.id}")
        maatregelzaak_row(s, t, m, nu, "status", f"inkeer:{stap.id}", statustype=STATUS_BEZWAAR,
                          toelichting=f"Verzoek om herziening ontvangen op {ontvangen_op.isoformat()}.")
        taak = repo.add_taak(s, traject=t, titel="Beslissen op verzoek om herziening van de maatregel (inkeer)",
                             eigenaar_email=t.werkcoach_email, escalatie_email=g.teamleider_email, due=uiterlijk, nu=nu,
                             kalender=rt.kalender, grondslag=GRONDSLAG_INKEER, actor=actor, code=INKEER_TAAK, stap=stap)
        _mail(s, t, nu, f"maatregel-inkeer:{t.referentie}:{stap.id}", "maatregel_inkeer", t.werkcoach_email,
              kenmerk=m.besluit_identificatie, ontvangen_op=ontvangen_op.isoformat(), uiterlijk=uiterlijk.isoformat(),
              tweede_maand=inkeer_tweede_maand(m.type or "", m.percentage or 0, m.maanden or 0), taak_id=taak.id)
        s.commit()
        return {"referentie": referentie, "gemeente": t.gemeente, "uiterlijk": uiterlijk.isoformat(), "taak_id": taak.id}


@step()
def beslis_inkeer(rt: Runtime, *, referentie: str, uitkomst: InkeerUitkomst, nu: datetime,
                  actor: str) -> dict[str, Any]:
    """Toegewezen: the months after the request lapse; for a 100% maatregel of two months or longer the
    first month stands (the inkeerregeling)."""
    actor = controleer_door(actor, FORMULIER_DOOR)
    uitkomst = InkeerUitkomst(uitkomst)
    with new_session(rt.engine) as s:
        t = _traject(s, referentie, "beslissen op een verzoek om herziening", na_afsluiten=True)
        stap = repo.get_stap(s, traject=t, proces=INKEER)
        m = s.get(Maatregel, stap.data["maatregel_id"])
        assert m is not None
        repo.overgang(s, traject=t, stap=stap, proces=INKEER, naar=BESLIST, nu=nu, actor=actor,
                      gebeurtenis=INKEER.gebeurtenis("beslist"), omschrijving=f"Verzoek om herziening {uitkomst.value}.",
                      data={"uitkomst": uitkomst.value})
        repo.sluit_taken(s, stap=stap, nu=nu, actor=actor, codes={INKEER_TAAK})
        if uitkomst == InkeerUitkomst.toegewezen:
            tweede = inkeer_tweede_maand(m.type or "", m.percentage or 0, m.maanden or 0)
            blijft = na_inkeer(m.kortingsmaanden, verzoek_op=date.fromisoformat(stap.data["ontvangen_op"]),
                               tweede_maand_regel=tweede)
            if blijft != m.kortingsmaanden:
                _herzien(s, t, m, nu, blijft, "Herziening (Pw art. 18 lid 11): de deelnemer komt de verplichtingen "
                         "weer na." + (" De eerste maand blijft staan (inkeerregeling)." if tweede else ""),
                         f"ink{stap.id}")
        s.commit()
        return {"referentie": referentie, "gemeente": t.gemeente, "uitkomst": uitkomst.value,
                "kortingsmaanden": m.kortingsmaanden}


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



def sluit_verlopen_maatregelzaken(s: Session, nu: datetime) -> int:
    """Close each maatregel's own zaak once its last term has passed and no bezwaar, heroverweging or
    herziening runs for it (resultaat, then eindstatus). The caller commits. Returns how many."""
    vandaag = lokale_datum(nu)
    gesloten = 0
    for m in maatregelen.met_open_zaak(s):
        na = zaak_sluit_na(bezwaar_uiterlijk=m.bezwaar_uiterlijk, heroverweging_uiterlijk=m.heroverweging_uiterlijk,
                           kortingsmaanden=m.kortingsmaanden)
        if na is None or vandaag <= na:
            continue
        t = s.get(Traject, m.traject_id)
        assert t is not None
        lopend = [p for pr in (BEZWAAR, HEROVERWEGING, INKEER) for p in repo.open_stappen_van(s, traject=t, proces=pr)
                  if p.data.get("maatregel_id") == m.id]
        if lopend:
            continue
        sluit_maatregelzaak(s, t, m, nu, zaak_resultaat(m.type, m.status),
                            f"Alle termijnen van {m.besluit_identificatie} zijn verstreken (tot en met {na.isoformat()}).")
        gesloten += 1
    return gesloten


@bij_afsluiten("maatregel")
def _bij_afsluiten(s: Session, t: Traject, nu: datetime, actor: str, reden: str) -> None:
    """Onderzoeken that lapse with the traject (no beschikking) close their zaak as withdrawn; a beschikte
    maatregel's zaak stays open for its terms."""
    for m in maatregelen.van_traject(s, traject_id=t.id):
        if m.besluit_datum is None and m.zaak_afgesloten_op is None:
            sluit_maatregelzaak(s, t, m, nu, ONDERZOEK_INGETROKKEN, f"Traject afgesloten: {reden}")
