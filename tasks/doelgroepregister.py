"""Watching the doelgroepregister: open a watch, look up every open one, run its continuation.

A process opens a watch with `open_watch(...)` in its own transaction, naming a `vervolg`; the
module that owns that continuation registers it with `@bij_registratie("<vervolg>")`. The
scheduled `doelgroepregister-controle` (and `werkpad doelgroepregister controle [REF]`) asks
Suwinet once per open watch, each traject on its own: a transient fault leaves the watch open
for the next run, a refusal (FWI) gives the werkcoach one task with Suwinet's message, a
registration closes the watch and runs the continuation in the same transaction.

The BSN is read from the case store just before the lookup and goes only into the Suwinet
request; results, logs and events carry the reference.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from sqlmodel import Session

from casestore import repo
from casestore.db import session as new_session
from casestore.models import ProcesStap, Traject
from domain.doelgroepregister import (
    DOELGROEPREGISTER,
    GEREGISTREERD,
    GRONDSLAG,
    NAVRAGEN_TAAK,
    UITBLIJVEN,
    WACHT,
    controleer_te_volgen,
    uitblijven_due,
)
from domain.doelgroepregister_instellingen import DoelgroepregisterInstellingen
from domain.gemeenten import Gemeente
from domain.herinneringen import lokale_datum
from integrations.errors import PartnerError, PartnerTransient
from tasks.logs import logger
from tasks.partnerlimiet import partner_slot
from tasks.runtime import Runtime
from tasks.step import step

P = DOELGROEPREGISTER

# vervolg -> fn(rt, session, traject, nu, registratie_begin) -> a line for the result
Vervolg = Callable[[Runtime, Session, Traject, datetime, date], str]
VERVOLGEN: dict[str, Vervolg] = {}
STOP_NA_TIJDELIJKE_FOUTEN = 3  # in a row: Suwinet is down, asking the rest only costs timeouts


def bij_registratie(vervolg: str) -> Callable[[Vervolg], Vervolg]:
    """Register what happens when the register shows the deelnemer of a watch with this `vervolg`."""
    def register(fn: Vervolg) -> Vervolg:
        VERVOLGEN[vervolg] = fn
        return fn
    return register


def open_watch(rt: Runtime, s: Session, t: Traject, *, vervolg: str, nu: datetime, actor: str,
               reden: str) -> ProcesStap:
    """Start watching, in the caller's transaction: the instance and the 'uitblijven' deadline
    (werkcoach, escalation to the teamleider) N weeks from today."""
    g = rt.gemeenten[Gemeente(t.gemeente)]
    vandaag = lokale_datum(nu)
    weken = rt.settings.van(DoelgroepregisterInstellingen).escalatie_weken
    due = uitblijven_due(vandaag, weken, rt.kalender)
    stap = repo.open_proces(s, traject=t, proces=P, nu=nu, actor=actor, gebeurtenis=P.gebeurtenis("gestart"),
                            omschrijving=f"Doelgroepregister volgen ({reden}); zonder registratie uiterlijk "
                                         f"{due.isoformat()} navragen.",
                            data={"vervolg": vervolg, "sinds": vandaag.isoformat(), "uiterlijk": due.isoformat(),
                                  "lookups": 0})
    repo.add_deadline(s, traject=t, soort="doelgroepregister",
                      omschrijving=f"Registratie doelgroepregister ({reden}): blijft die uit, vraag UWV na; werkpad "
                                   "controleert elke werkdag (nu: de stap 'doelgroepregister controle')",
                      due=due, grondslag=GRONDSLAG, eigenaar_email=t.werkcoach_email,
                      escalatie_email=g.teamleider_email, nu=nu, kalender=rt.kalender, code=UITBLIJVEN, stap=stap)
    return stap


def volg_register(rt: Runtime, s: Session, t: Traject, *, vervolg: str, nu: datetime, actor: str,
                  reden: str) -> ProcesStap:
    """Watch for this continuation: open a watch, or join the one that runs (its registration then
    runs this continuation too, after its own), in the caller's transaction."""
    loopt = repo.get_open_stap(s, traject=t, proces=P)
    if loopt is None:
        return open_watch(rt, s, t, vervolg=vervolg, nu=nu, actor=actor, reden=reden)
    if vervolg != loopt.data.get("vervolg") and vervolg not in loopt.data.get("ook", []):
        loopt.data = {**loopt.data, "ook": [*loopt.data.get("ook", []), vervolg]}
        s.add(loopt)
        repo.audit(s, traject=t, nu=nu, actor=actor, soort="doelgroepregister:ook",
                   omschrijving=f"Doelgroepregister: de lopende controle (sinds {loopt.data.get('sinds')}) dient "
                                f"ook {reden}.", data={"vervolg": vervolg})
    return loopt


def open_watches(rt: Runtime, referentie: str | None = None) -> list[str]:
    with new_session(rt.engine) as s:
        refs = [t.referentie for _, t in repo.open_stappen(s, proces=P)]
        if referentie is not None:
            t = repo.get_traject(s, referentie=referentie)  # unknown: NotFound, one Dutch line
            loopt = referentie in refs
            klaar = [] if loopt else [p for p in repo.processen(s, traject=t)
                                      if p.proces == P.naam and p.status == GEREGISTREERD]
            # already found: say since when, not just "nothing to watch"
            sinds = str((klaar[-1].data or {}).get("geregistreerd_sinds", "?")) if klaar else None
            controleer_te_volgen(t.referentie, loopt, sinds)
            return [referentie]
        return refs


def _bsn(rt: Runtime, referentie: str) -> str:
    with new_session(rt.engine) as s:
        return repo.get_deelnemer(s, traject=repo.get_traject(s, referentie=referentie)).bsn


def verwerk_registratie(rt: Runtime, *, referentie: str, begin: date, nu: datetime) -> dict[str, Any]:
    """The register shows the deelnemer: close the watch and run its continuation, one transaction."""
    from tasks.vastleggen import laad_processen

    laad_processen()  # the continuations live in the process modules
    with new_session(rt.engine) as s:
        t = repo.get_traject(s, referentie=referentie)
        stap = repo.get_open_stap(s, traject=t, proces=P)
        if stap is None or stap.status != WACHT:
            return {"referentie": referentie, "uitkomst": "al_verwerkt"}
        vervolg = str(stap.data.get("vervolg"))
        repo.overgang(s, traject=t, stap=stap, proces=P, naar=GEREGISTREERD, nu=nu, actor="doelgroepregister-controle",
                      omschrijving=f"UWV heeft de deelnemer geregistreerd (sinds {begin.isoformat()}).",
                      gebeurtenis=P.gebeurtenis(GEREGISTREERD), data={"begin": begin.isoformat(), "vervolg": vervolg})
        repo.sluit_deadlines_van(s, stap=stap, nu=nu, codes={UITBLIJVEN})
        repo.sluit_taken(s, stap=stap, nu=nu, actor="doelgroepregister-controle", codes={NAVRAGEN_TAAK})
        stap.data = {**stap.data, "geregistreerd_sinds": begin.isoformat()}
        s.add(stap)
        regels = []
        for v in [vervolg, *stap.data.get("ook", [])]:  # a joined watch serves each continuation
            fn = VERVOLGEN.get(v)
            regels.append(fn(rt, s, t, nu, begin) if fn else f"geen vervolg '{v}' bekend")
        regel = "; ".join(regels)
        s.commit()
        return {"referentie": referentie, "uitkomst": "geregistreerd", "vervolg": vervolg, "melding": regel}


def _tel_lookup(rt: Runtime, referentie: str, nu: datetime) -> None:
    with new_session(rt.engine) as s:
        t = repo.get_traject(s, referentie=referentie)
        stap = repo.get_open_stap(s, traject=t, proces=P)
        if stap is not None:
            stap.data = {**stap.data, "lookups": int(stap.data.get("lookups", 0)) + 1,
                         "laatst_gecontroleerd": nu.isoformat()}
            s.add(stap)
            s.commit()


def meld_fout(rt: Runtime, *, referentie: str, fout: str, nu: datetime) -> tuple[int, bool]:
    """Suwinet refused or garbled the lookup: an audit event and one task for the werkcoach (not
    one per run). Returns (taak id, newly created)."""
    with new_session(rt.engine) as s:
        t = repo.get_traject(s, referentie=referentie)
        stap = repo.get_stap(s, traject=t, proces=P)
        for k in repo.open_taken(s, traject=t):
            if k.code == NAVRAGEN_TAAK:
                assert k.id is not None
                return k.id, False
        g = rt.gemeenten[Gemeente(t.gemeente)]
        repo.audit(s, traject=t, nu=nu, actor="doelgroepregister-controle", soort="fout",
                   gebeurtenis=P.gebeurtenis("fout"), omschrijving=f"Doelgroepregister niet op te vragen: {fout}"[:500])
        taak = repo.add_taak(s, traject=t, titel=f"Doelgroepregister navragen: {fout}"[:200],
                             eigenaar_email=t.werkcoach_email, escalatie_email=g.teamleider_email,
                             due=rt.kalender.werkdagen_erbij(lokale_datum(nu), 2), nu=nu, grondslag=GRONDSLAG,
                             beleid="kort", actor="doelgroepregister-controle", kalender=rt.kalender,
                             code=NAVRAGEN_TAAK, stap=stap)
        s.commit()
        assert taak.id is not None
        return taak.id, True


@step()
def controleer(rt: Runtime, *, nu: datetime, referentie: str | None = None) -> list[dict[str, Any]]:
    """Look up every open watch (or one), each traject on its own. One entry per traject with
    `uitkomst`: geregistreerd | wacht | overgeslagen (transient: next run) | fout (staff task)."""
    from integrations.suwinet.client import SuwinetClient, staat_in_doelgroepregister

    log = logger()
    uitkomsten: list[dict[str, Any]] = []
    refs = open_watches(rt, referentie)
    if not refs:
        return uitkomsten
    tijdelijk_op_rij = 0
    vandaag = lokale_datum(nu)
    with partner_slot("suwinet"), SuwinetClient(rt.settings.suwinet) as client:
        for ref in refs:
            if tijdelijk_op_rij >= STOP_NA_TIJDELIJKE_FOUTEN:
                uitkomsten.append({"referentie": ref, "uitkomst": "overgeslagen",
                                   "melding": "Niet gevraagd: Suwinet gaf eerder in deze ronde tijdelijke fouten."})
                continue
            try:
                antwoord = client.doelgroepregister(_bsn(rt, ref))
                tijdelijk_op_rij = 0
                _tel_lookup(rt, ref, nu)
                if staat_in_doelgroepregister(antwoord, vandaag):
                    begin = max(r.begin for r in antwoord.registraties if r.geldt_op(vandaag))  # type: ignore[union-attr]
                    uitkomsten.append(verwerk_registratie(rt, referentie=ref, begin=begin, nu=nu))
                else:
                    uitkomsten.append({"referentie": ref, "uitkomst": "wacht"})
            except PartnerTransient as exc:
                tijdelijk_op_rij += 1
                log.warning("%s: doelgroepregister overgeslagen, volgende ronde opnieuw: %s", ref, exc)
                uitkomsten.append({"referentie": ref, "uitkomst": "overgeslagen", "melding": str(exc)})
            except PartnerError as exc:  # refused (FWI) or malformed: asking again will not help
                tijdelijk_op_rij = 0
                taak_id, nieuw = meld_fout(rt, referentie=ref, fout=str(exc), nu=nu)
                log.warning("%s: doelgroepregister geweigerd (%s); taak %d %s", ref, exc, taak_id,
                            "aangemaakt" if nieuw else "staat al open")
                uitkomsten.append({"referentie": ref, "uitkomst": "fout", "melding": str(exc), "taak_id": taak_id})
            except Exception as exc:  # a bug or the case store: this traject only; the others go on
                from domain.bsn import maskeer_bsns

                melding = maskeer_bsns(f"{type(exc).__name__}: {exc}")[:300]
                log.error("%s: doelgroepregister niet verwerkt: %s", ref, melding)
                uitkomsten.append({"referentie": ref, "uitkomst": "fout", "melding": melding})
    return uitkomsten


def vat_samen(uitkomsten: list[dict[str, Any]]) -> dict[str, Any]:
    def tel(soort: str) -> int:
        return sum(1 for u in uitkomsten if u["uitkomst"] == soort)

    return {"gecontroleerd": len(uitkomsten), "geregistreerd": tel("geregistreerd"), "wacht": tel("wacht"),
            "overgeslagen": tel("overgeslagen"), "fouten": tel("fout"), "trajecten": uitkomsten}
