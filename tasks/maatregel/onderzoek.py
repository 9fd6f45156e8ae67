"""The onderzoek up to the proposal: melding verzuim, horen (invitation, toelichting, the reaction
term's waking timer), the werkcoach's voorstel, and withdrawing a melding made in error."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlmodel import Session

from casestore import maatregelen, repo
from casestore.db import session as new_session
from casestore.models import Deelnemer, Maatregel, ProcesStap, Traject
from domain.gemeenten import Gemeente
from domain.herinneringen import WACHTTERMIJN as ZONDER_HERINNERINGEN
from domain.herinneringen import lokale_datum
from domain.invoer import FORMULIER_DOOR, controleer_door, controleer_tekst
from domain.maatregel import (
    BEOORDELEN,
    BEOORDELEN_TAAK,
    GRONDSLAG_HOREN,
    GRONDSLAG_ONDERZOEK,
    GRONDSLAG_VIER_OGEN,
    HOREN,
    HOREN_TAAK,
    INGETROKKEN,
    ONDERZOEK_TERMIJN,
    REACTIE_WEKKER,
    VIER_OGEN,
    VIER_OGEN_TAAK,
    WEKT_REACTIE,
    Gedraging,
    HorenVastgelegd,
    RegelVersie,
    bepaal_maatregel,
    controleer_adres,
    controleer_gesprek,
    controleer_gesprek_verzetten,
    controleer_na_gesprek,
    controleer_nieuw_onderzoek,
    controleer_persoon,
    controleer_reactietermijn_verstreken,
    controleer_verzuim,
    onderzoek_uiterlijk,
    recidive_groep,
    recidive_stap,
    vier_ogen_uiterlijk,
    zaak_resultaat,
)
from domain.maatregel.gesprektijd import controleer_gesprektijd
from domain.maatregel.instellingen import MaatregelInstellingen
from tasks._traject import maatregelzaak_row, sluit_maatregelzaak
from tasks.maatregel._gedeeld import (
    BEOORDELEN_WERKDAGEN,
    HOREN_WERKDAGEN,
    TZ,
    P,
    _eerdere,
    _maatregel_van,
    _mail,
    _onderzoek,
    _regel,
    _tekst,
    _traject,
)
from tasks.runtime import Runtime
from tasks.step import step


# -- 1. melding verzuim ------------------------------------------------------------------------
def controleer_melding(rt: Runtime, s: Session, t: Traject, gedraging: str, verzuim_op: date,
                       vandaag: date) -> tuple[RegelVersie, Gedraging]:
    """Every rule a melding must meet, without writing: the rows it needs, read here; the rules, in
    domain/maatregel/onderzoek.py."""
    controleer_verzuim(t.referentie, t.status, t.aangemeld_op, verzuim_op, vandaag)
    versie = rt.maatregelen.op(Gemeente(t.gemeente), verzuim_op)
    ged = versie.gedraging(gedraging)
    lopend = repo.get_open_stap(s, traject=t, proces=P)
    dubbel = maatregelen.zelfde_verzuim(s, deelnemer_id=t.deelnemer_id, gedraging=ged.code, verzuim_op=verzuim_op)
    controleer_nieuw_onderzoek(t.referentie, lopend_status=lopend.status if lopend is not None else None,
                               dubbel_id=dubbel.id if dubbel is not None else None, gedraging=ged.code,
                               verzuim_op=verzuim_op)
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
        weken = rt.settings.van(MaatregelInstellingen).onderzoek_weken
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
    uiterlijk = rt.kalender.werkdagen_erbij(vandaag, rt.settings.van(MaatregelInstellingen).reactie_werkdagen)
    with new_session(rt.engine) as s:
        t = _traject(s, referentie, "horen")
        stap, m = _onderzoek(s, t, (P.start, HOREN), "uitnodigen om te horen")
        if stap.status == HOREN:  # the invitation stands; the gesprek moves (the letter offers another time)
            return _verzet_gesprek(rt, s, t, stap, m, gesprek_lokaal, locatie, nu, actor)
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
        # the day of the invitation: a deelnemer gives up the reaction term on or after it (afzien-reactie)
        stap.data = {**(stap.data or {}), "uitgenodigd_op": vandaag.isoformat()}
        s.add(stap)
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


def _verzet_gesprek(rt: Runtime, s: Session, t: Traject, stap: ProcesStap, m: Maatregel, gesprek_lokaal: datetime,
                    locatie: str, nu: datetime, actor: str) -> dict[str, Any]:
    """Another time for the gesprek: the reaction term of the invitation stays (it runs from the letter), the same
    agenda item is updated (its sequence goes up), the werkcoach gets the new letter text."""
    huidig = m.gesprek_op.replace(tzinfo=ZoneInfo("UTC")) if m.gesprek_op and m.gesprek_op.tzinfo is None \
        else m.gesprek_op
    controleer_gesprek_verzetten(huidig, nu)
    assert m.reageren_uiterlijk is not None
    controleer_gesprek(gesprek_lokaal.date(), lokale_datum(nu), m.reageren_uiterlijk)
    controleer_gesprektijd(gesprek_lokaal, rt.kalender.is_werkdag(gesprek_lokaal.date()))
    versie = int((stap.data or {}).get("gesprek_versie", 0)) + 1
    stap.data = {**(stap.data or {}), "gesprek_op": gesprek_lokaal.isoformat(), "gesprek_versie": versie}
    m.gesprek_op, m.gewijzigd_op = gesprek_lokaal.astimezone(ZoneInfo("UTC")), nu
    s.add_all([stap, m])
    repo.audit(s, traject=t, nu=nu, actor=actor, soort="maatregel",
               omschrijving=f"Gesprek verzet naar {gesprek_lokaal:%Y-%m-%d %H:%M}; schriftelijk reageren kan nog "
                            f"steeds tot en met {m.reageren_uiterlijk.isoformat()} (Awb 4:8).")
    ged = rt.maatregelen.op(Gemeente(t.gemeente), m.verzuim_op).gedraging(m.gedraging)
    _mail(s, t, nu, f"maatregel-horen:{t.referentie}:{m.id}:{gesprek_lokaal:%Y%m%dT%H%M}", "maatregel_horen",
          t.werkcoach_email, gedraging=ged.label, verzuim_op=m.verzuim_op.isoformat(),
          gesprek_op=gesprek_lokaal.isoformat(), locatie=locatie, reageren_uiterlijk=m.reageren_uiterlijk.isoformat(),
          gemeente_label=Gemeente(t.gemeente).naam, sequence=versie)
    s.commit()
    return {"referentie": t.referentie, "gemeente": t.gemeente, "gesprek_op": gesprek_lokaal.isoformat(),
            "reageren_uiterlijk": m.reageren_uiterlijk.isoformat(), "verzet": True}


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
                     toelichting: str | None, gebeurtenis: str | None = None,
                     omschrijving: str | None = None) -> dict[str, Any]:
    """To beoordelen: a toelichting, the term passed without one, or (`gebeurtenis`/`omschrijving` given) the
    deelnemer gave up the term or horen is omitted on a statutory ground (tasks/maatregel/reactietermijn.py)."""
    g = rt.gemeenten[Gemeente(t.gemeente)]
    ontvangen = toelichting is not None
    repo.overgang(s, traject=t, stap=stap, proces=P, naar=BEOORDELEN, nu=nu, actor=actor,
                  gebeurtenis=P.gebeurtenis(gebeurtenis or ("toelichting" if ontvangen else "geen_toelichting")),
                  omschrijving=omschrijving or ("Toelichting van de deelnemer vastgelegd." if ontvangen else
                  f"Geen toelichting ontvangen binnen de reactietermijn (tot en met {m.reageren_uiterlijk})."))
    repo.sluit_deadlines_van(s, stap=stap, nu=nu, status="afgerond" if ontvangen or gebeurtenis else "verstreken",
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
        controleer_reactietermijn_verstreken(referentie, m.reageren_uiterlijk, lokale_datum(nu))
        res = _naar_beoordelen(rt, s, t, stap, m, nu, "wekker", toelichting=None)
        return {**res, "gewijzigd": True}


# -- 3/4. voorstel: verwijtbaarheid, maatregel bepalen ----------------------------------------
@step()
def stel_voor(rt: Runtime, *, referentie: str, verwijtbaar: bool, nu: datetime, actor: str,
              dringende_redenen: str | None = None, gematigd_percentage: int | None = None,
              gematigd_maanden: int | None = None, afzien_dringend: bool = False) -> dict[str, Any]:
    """The werkcoach weighs verwijtbaarheid and circumstances; the maatregel follows from the
    gemeente's verordening (recidive included); the teamleider gets it for vier ogen. `afzien_dringend`:
    afzien om dringende redenen (Pw art. 18 lid 10), its own outcome beside lid 9 (not verwijtbaar)."""
    actor = controleer_persoon(actor, "Een voorstel voor een maatregel")
    redenen = _tekst(dringende_redenen, "Het veld dringende redenen") if dringende_redenen else None
    with new_session(rt.engine) as s:
        t = _traject(s, referentie, "een maatregel voorstellen")
        stap, m = _onderzoek(s, t, (BEOORDELEN,), "een maatregel voorstellen")
        # horen omitted on a statutory ground (Awb 4:11/4:12), or the deelnemer gave up the rest of the term (and
        # with it the gesprek still to come): a planned gesprek no longer holds the voorstel
        gehoord = HorenVastgelegd.uit(stap.data)
        controleer_na_gesprek(referentie, None if gehoord.achterwege or gehoord.afgezien_op else m.gesprek_op, nu)
        deelnemer = s.get(Deelnemer, t.deelnemer_id)
        assert deelnemer is not None
        controleer_adres(referentie, deelnemer.adres, deelnemer.postcode, deelnemer.woonplaats)
        g = rt.gemeenten[Gemeente(t.gemeente)]
        versie = rt.maatregelen.op(Gemeente(t.gemeente), m.verzuim_op)
        ged = versie.gedraging(m.gedraging)
        n = recidive_stap(m.verzuim_op, recidive_groep(ged), _eerdere(s, m, versie))
        v = bepaal_maatregel(versie, m.gedraging, verwijtbaar=verwijtbaar, stap=n, dringende_redenen=redenen,
                             gematigd_percentage=gematigd_percentage, gematigd_maanden=gematigd_maanden,
                             afzien_dringend=afzien_dringend)
        repo.overgang(s, traject=t, stap=stap, proces=P, naar=VIER_OGEN, nu=nu, actor=actor,
                      gebeurtenis=P.gebeurtenis("voorgesteld"),
                      omschrijving=f"Voorstel: {v.uitkomst.label}"
                                   f"{'' if verwijtbaar else ' (elke vorm van verwijtbaarheid ontbreekt)'}"
                                   f"{' (dringende redenen, Pw art. 18 lid 10)' if afzien_dringend else ''}"
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
        h = HorenVastgelegd.uit(stap.data)
        due = vier_ogen_uiterlijk(lokale_datum(nu), rt.kalender, rt.settings.van(MaatregelInstellingen).vier_ogen_werkdagen,
                                  m.reageren_uiterlijk, termijn_opgeheven=bool(h.afgezien_op or h.achterwege))
        # the first day approving is allowed, when the reaction term still runs (Awb 4:8); None: already allowed
        vanaf = (rt.kalender.volgende_werkdag(m.reageren_uiterlijk) if m.reageren_uiterlijk is not None
                 and not (h.afgezien_op or h.achterwege) and m.reageren_uiterlijk >= lokale_datum(nu) else None)
        taak = repo.add_taak(s, traject=t, titel=f"Vier ogen: voorstel maatregel beoordelen ({v.uitkomst.type.value})",
                             eigenaar_email=g.teamleider_email, escalatie_email=g.teamleider_email, due=due, nu=nu,
                             kalender=rt.kalender, grondslag=GRONDSLAG_VIER_OGEN, beleid="kort", actor=actor,
                             code=VIER_OGEN_TAAK,
                             stap=stap)
        _mail(s, t, nu, f"maatregel-vier-ogen:{t.referentie}:{m.id}:{stap.versie}", "maatregel_vier_ogen",
              g.teamleider_email, type=v.uitkomst.type.value, type_label=v.uitkomst.label,
              gedraging=ged.label, verwijtbaar=verwijtbaar, recidive_stap=n, grondslagen=list(v.grondslagen),
              gematigd_van=v.gematigd_van.label if v.gematigd_van else None, voorgesteld_door=actor,
              taak_id=taak.id, due=due.isoformat(), toelichting_ontvangen=m.toelichting_ontvangen,
              goedkeuren_vanaf=vanaf.isoformat() if vanaf else None,
              reageren_uiterlijk=m.reageren_uiterlijk.isoformat() if m.reageren_uiterlijk else None)
        s.commit()
        return {"referentie": referentie, "gemeente": t.gemeente, **v.as_dict(), "label": v.uitkomst.label,
                "taak_id": taak.id, "due": due.isoformat()}


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
