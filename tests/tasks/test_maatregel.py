"""Maatregelonderzoek steps (tasks/maatregel.py) on the real case store, SQLite and PostgreSQL.

The whole path melden → horen → toelichting → voorstel → vier ogen → beschikking with its outbox
rows (mails by key, the besluit and the reduction for the gemeente) and the stored PDF; afzien;
the waking timer's step; the refusals the issue names (no melding, beschikking before horen, the
proposer approving, an unknown type) with nothing written; terugsturen, intrekken; bezwaar (late,
verdaagd once, gegrond), heroverweging, inkeer with the tweede-maand rule; the address; closure.
No personal data leaves the case store through the outbox, the audit trail, taken or deadlines.
"""

from __future__ import annotations

import hashlib
import io
from datetime import date, datetime
from typing import Any

import pytest
from sqlalchemy import text
from sqlmodel import select

from casestore import repo
from casestore.db import session
from casestore.models import AuditEvent, Deadline, Document, Maatregel, Outbox, ProcesStap, Taak
from domain.errors import DomainError, TransitionRefused
from domain.invoer import OngeldigeInvoer
from domain.maatregel import (
    BEOORDELEN_TAAK,
    BESLUITTYPE_BEZWAAR,
    BESLUITTYPE_HERZIENING,
    BEZWAAR_TAAK,
    HEROVERWEGING,
    HEROVERWEGING_TAAK,
    HOREN_TAAK,
    INKEER,
    INKEER_TAAK,
    MAATREGELONDERZOEK,
    ONDERZOEK_TERMIJN,
    REACTIE_WEKKER,
    VIER_OGEN_TAAK,
    WEKT_REACTIE,
    BezwaarUitkomst,
    HeroverwegingUitkomst,
    InkeerUitkomst,
    regeltabel_uit,
)
from tasks.config import load_ladders
from tests.conftest import at, besluit_datum, prepared, verlaging_http

BSN, NAAM, GEBOREN = "999905004", "Maatregel Proefpersoon", date(1984, 5, 17)
ADRES, POSTCODE, WOONPLAATS = "Kennemerlaan 17", "1972EB", "IJmuiden"
COACH, TL = "wc.velsen@ijw.example", "teamleider.velsen@ijmondwerkt.example"
PRIVE = [BSN, NAAM, "Proefpersoon", "1984-05-17", ADRES, "Kennemerlaan", POSTCODE, "1972 EB"]
TABELLEN = ("deelnemer", "traject", "auditevent", "deadline", "taak", "outbox", "teller", "processtap", "doel",
            "actie", "maatregel", "document")


# -- helpers -----------------------------------------------------------------------------------
def lopend(rt: Any, sim: Any, bsn: str = BSN, *, naam: str = NAAM, gemeente: str = "velsen",
           adres: bool = True) -> str:
    """Aanmelding, brede intake, the gemeente grants the uitkering (plain steps); the address is set.
    Walked once per session and copied in afterwards (tests/conftest.py::prepared)."""
    return str(prepared(rt, sim, ("lopend", bsn, naam, gemeente, adres),
                        lambda: _lopend(rt, sim, bsn, naam=naam, gemeente=gemeente, adres=adres)))


def _lopend(rt: Any, sim: Any, bsn: str, *, naam: str, gemeente: str, adres: bool) -> str:
    from domain.traject import Actie, Advies, BredeIntakeUitkomst, Eigenaar, Route
    from tasks.aanmelding import plan_intake, registreer
    from tasks.brede_intake import leg_uitkomst_vast
    from tasks.dispatch import dispatch
    from tasks.maatregel import leg_adres_vast
    from tasks.uitkering import verwerk_uitkeringsbesluit

    t0 = at("2026-11-23T09:00")
    ref = registreer(rt, bsn=bsn, naam=naam, geboortedatum=GEBOREN, gemeente=gemeente,
                     werkcoach=f"wc.{gemeente}@ijw.example", nu=t0, actor="test")
    plan_intake(rt, referentie=ref, nu=t0)
    dispatch(rt, nu=t0)
    leg_uitkomst_vast(rt, referentie=ref, nu=at("2026-12-07T10:00"), actor="test",
                      uitkomst=BredeIntakeUitkomst(advies=Advies.positief, route=Route.traject, plan_van_aanpak=[
                          Actie(omschrijving="Trajectplan opstellen", eigenaar=Eigenaar.werkcoach,
                                deadline=date(2027, 1, 29))]))
    dispatch(rt, nu=at("2026-12-07T10:00"))
    sim.drive(f"/_sim/uitkeringen/{ref}", {"status": "toegekend"})
    verwerk_uitkeringsbesluit(rt, referentie=ref, status="toegekend", nu=at("2026-12-08T09:00"))
    dispatch(rt, nu=at("2026-12-08T09:00"))
    if adres:
        leg_adres_vast(rt, referentie=ref, adres=ADRES, postcode=POSTCODE, woonplaats=WOONPLAATS,
                       nu=at("2026-12-08T10:00"), actor="test")
    return ref


def gemeld(rt: Any, ref: str, *, gedraging: str = "afspraak_niet_nagekomen", dag: str = "2027-01-11",
           verzuim_op: date = date(2027, 1, 8)) -> dict[str, Any]:
    from tasks.maatregel import meld_verzuim

    return meld_verzuim(rt, referentie=ref, gedraging=gedraging, verzuim_op=verzuim_op,
                        feiten="Niet verschenen op de training; niet afgemeld", nu=at(f"{dag}T09:00"), actor=COACH)


def gehoord(rt: Any, ref: str, *, dag: str = "2027-01-12", gesprek: str = "2027-01-18T10:00",
            toelichting: str | None = "Ik was ziek maar heb niet gebeld") -> dict[str, Any]:
    from tasks.maatregel import leg_toelichting_vast, nodig_uit

    res = nodig_uit(rt, referentie=ref, gesprek_op=datetime.fromisoformat(gesprek), locatie="Kantoor IJmuiden",
                    nu=at(f"{dag}T10:00"), actor=COACH)
    if toelichting is not None:
        leg_toelichting_vast(rt, referentie=ref, toelichting=toelichting, nu=at(f"{gesprek[:10]}T11:00"), actor=COACH)
    return res  # type: ignore[no-any-return]


def voorgesteld(rt: Any, ref: str, *, dag: str = "2027-01-19", verwijtbaar: bool = True,
                **kw: Any) -> dict[str, Any]:
    from tasks.maatregel import stel_voor

    return stel_voor(rt, referentie=ref, verwijtbaar=verwijtbaar, nu=at(f"{dag}T09:00"), actor=COACH, **kw)


def beschikt(rt: Any, ref: str, type: str = "M1M10", *, dag: str = "2027-01-27", **kw: Any) -> dict[str, Any]:
    """Approved by the teamleider of the traject's gemeente (who signs the letter: `ondertekenaars`), on a day
    after the reaction term of the default walk (until 26-1-2027, Awb 4:8)."""
    from domain.gemeenten import Gemeente
    from tasks.maatregel import keur_goed

    with session(rt.engine) as s:
        gemeente = repo.get_traject(s, referentie=ref).gemeente
    actor = TL if gemeente == "velsen" else rt.gemeenten[Gemeente(gemeente)].teamleider_email
    return keur_goed(rt, referentie=ref, type=type, nu=at(f"{dag}T14:00"), actor=actor, **kw)


def tot_beschikking(rt: Any, ref: str, type: str = "M1M10", **kw: Any) -> dict[str, Any]:
    gemeld(rt, ref, **kw)
    gehoord(rt, ref)
    voorgesteld(rt, ref)
    return beschikt(rt, ref, type)


def rijen(rt: Any, ref: str, soort: str | None = None) -> list[Outbox]:
    with session(rt.engine) as s:
        t = repo.get_traject(s, referentie=ref)
        q = select(Outbox).where(Outbox.traject_id == t.id)
        if soort is not None:
            q = q.where(Outbox.soort == soort)
        return list(s.exec(q.order_by(Outbox.id)).all())  # type: ignore[arg-type]


def rij(rt: Any, key: str) -> Outbox:
    with session(rt.engine) as s:
        return s.exec(select(Outbox).where(Outbox.idem_key == key)).one()


def mails(rt: Any, ref: str, template: str) -> list[Outbox]:
    return [r for r in rijen(rt, ref, "email") if r.payload.get("template") == template]


def maatregelen(rt: Any, ref: str) -> list[Maatregel]:
    with session(rt.engine) as s:
        t = repo.get_traject(s, referentie=ref)
        return list(s.exec(select(Maatregel).where(Maatregel.traject_id == t.id).order_by(Maatregel.id)).all())  # type: ignore[arg-type]


def stappen(rt: Any, ref: str, proces: Any) -> list[ProcesStap]:
    with session(rt.engine) as s:
        t = repo.get_traject(s, referentie=ref)
        return [p for p in repo.processen(s, traject=t) if p.proces == proces.naam]


def taken(rt: Any, ref: str, code: str) -> list[tuple[Taak, Deadline]]:
    with session(rt.engine) as s:
        t = repo.get_traject(s, referentie=ref)
        out = []
        for k in s.exec(select(Taak).where(Taak.traject_id == t.id, Taak.code == code).order_by(Taak.id)).all():  # type: ignore[arg-type]
            d = s.get(Deadline, k.deadline_id)
            assert d is not None
            out.append((k, d))
        return out


def deadline(rt: Any, ref: str, code: str) -> Deadline:
    with session(rt.engine) as s:
        t = repo.get_traject(s, referentie=ref)
        return s.exec(select(Deadline).where(Deadline.traject_id == t.id, Deadline.code == code)
                      .order_by(Deadline.id.desc())).first()  # type: ignore[union-attr,return-value]


def tijdlijn(rt: Any, ref: str) -> list[AuditEvent]:
    with session(rt.engine) as s:
        return repo.tijdlijn(s, traject=repo.get_traject(s, referentie=ref))


def gebeurtenissen(rt: Any, ref: str, prefix: str = "maatregel") -> list[tuple[str, str]]:
    return [(e.gebeurtenis, e.actor) for e in tijdlijn(rt, ref) if e.gebeurtenis and e.gebeurtenis.startswith(prefix)]


def inhoud(rt: Any) -> dict[str, list[tuple[Any, ...]]]:
    with rt.engine.connect() as c:
        return {t: [tuple(r) for r in c.execute(text(f"SELECT * FROM {t} ORDER BY 1"))] for t in TABELLEN}


def geweigerd(rt: Any, fout: type[Exception], melding: str, doe: Any) -> str:
    """`doe` is refused with one line that holds `melding`, and not one row of the store changed."""
    voor = inhoud(rt)
    with pytest.raises(fout) as exc:
        doe()
    msg = str(exc.value)
    assert melding in msg, msg
    assert len(msg.splitlines()) == 1
    na = inhoud(rt)
    assert {t: len(r) for t, r in na.items()} == {t: len(r) for t, r in voor.items()}
    assert na == voor
    return msg


def assert_geen_persoonsgegevens(rt: Any, ref: str) -> None:
    """Outbox payloads (mails, besluit, verlaging, flow runs), the audit trail, taken and deadlines
    carry the case's reference, never name, BSN, birth date or address."""
    with session(rt.engine) as s:
        t = repo.get_traject(s, referentie=ref)
        teksten = [repr(o.payload) for o in s.exec(select(Outbox).where(Outbox.traject_id == t.id))]
        teksten += [f"{e.omschrijving} {e.data!r}" for e in s.exec(select(AuditEvent).where(AuditEvent.traject_id == t.id))]
        teksten += [k.titel for k in s.exec(select(Taak).where(Taak.traject_id == t.id))]
        teksten += [f"{d.omschrijving} {d.grondslag}" for d in s.exec(select(Deadline).where(Deadline.traject_id == t.id))]
        teksten += [repr(p.data) for p in s.exec(select(ProcesStap).where(ProcesStap.traject_id == t.id))]
    alles = "\n".join(teksten)
    assert len(teksten) > 20
    for n in PRIVE:
        assert n not in alles, n


# -- the whole path ----------------------------------------------------------------------------
@pytest.mark.postgresql  # also on PostgreSQL (tests/conftest.py)
def test_whole_path_to_the_beschikking(rt, sim) -> None:  # type: ignore[no-untyped-def]
    from tasks.maatregel import beschikking_pdf, concept, stand

    ref = lopend(rt, sim)
    r = gemeld(rt, ref)
    mid = r["maatregel_id"]
    assert r["onderzoek_uiterlijk"] == "2027-03-08" and r["gedraging"] == "afspraak_niet_nagekomen"
    [(horen, horen_d)] = taken(rt, ref, HOREN_TAAK)
    assert horen.eigenaar_email == COACH and horen_d.due == date(2027, 1, 13) and horen_d.beleid == "kort"
    onderzoek = deadline(rt, ref, ONDERZOEK_TERMIJN)
    assert onderzoek.due == date(2027, 3, 8) and onderzoek.escalatie_email == TL and onderzoek.status == "open"
    m = rij(rt, f"maatregel-gemeld:{ref}:{mid}").payload
    assert m["template"] == "maatregel_gemeld" and m["aan"] == COACH and m["referentie"] == ref
    assert m["verzuim_op"] == "2027-01-08" and m["taak_id"] == horen.id and m["onderzoek_uiterlijk"] == "2027-03-08"

    h = gehoord(rt, ref, toelichting=None)
    assert h["reageren_uiterlijk"] == "2027-01-26" and h["gesprek_op"] == "2027-01-18T10:00:00+01:00"
    assert taken(rt, ref, HOREN_TAAK)[0][0].status == "afgerond"
    wekker = deadline(rt, ref, REACTIE_WEKKER)
    assert wekker.due == date(2027, 1, 27) and wekker.wekt == WEKT_REACTIE and wekker.beleid == "wachttermijn"
    uitn = rij(rt, f"maatregel-horen:{ref}:{mid}:20270118T1000").payload
    assert uitn["template"] == "maatregel_horen" and uitn["aan"] == COACH and uitn["locatie"] == "Kantoor IJmuiden"
    assert uitn["reageren_uiterlijk"] == "2027-01-26" and uitn["gemeente_label"] == "Velsen"

    from tasks.maatregel import leg_toelichting_vast
    leg_toelichting_vast(rt, referentie=ref, toelichting="Ik was ziek maar heb niet gebeld",
                         nu=at("2027-01-18T11:00"), actor=COACH)
    assert deadline(rt, ref, REACTIE_WEKKER).status == "afgerond"
    [(beoordelen, beoordelen_d)] = taken(rt, ref, BEOORDELEN_TAAK)
    assert beoordelen_d.due == date(2027, 1, 25) and beoordelen.eigenaar_email == COACH

    v = voorgesteld(rt, ref)
    assert (v["type"], v["percentage"], v["maanden"], v["recidive_stap"]) == ("M1M10", 10, 1, 1)
    # vier ogen: five werkdagen, but not before approving is allowed (the day after the reaction term, Awb 4:8)
    assert v["label"] == "Beschikking maatregel 1 maand 10%" and v["due"] == "2027-01-27"
    [(vier, vier_d)] = taken(rt, ref, VIER_OGEN_TAAK)
    assert vier.eigenaar_email == TL and vier_d.due == date(2027, 1, 27) and vier.titel.endswith("(M1M10)")
    [vm] = mails(rt, ref, "maatregel_vier_ogen")
    assert vm.payload["aan"] == TL and vm.payload["voorgesteld_door"] == COACH and vm.payload["type"] == "M1M10"
    assert "Participatiewet art. 18 lid 2 en art. 8 lid 1 onder a" in vm.payload["grondslagen"]
    assert vm.payload["toelichting_ontvangen"] is True

    html = concept(rt, referentie=ref, nu=at("2027-01-20T13:00"))
    assert "Participatiewet art. 18 lid 2" in html  # the letter shows its legal grounds

    b = beschikt(rt, ref, "m1m10")  # the type as typed
    kenmerk = f"MR-{ref}-{mid}"
    assert b["besluit"] == kenmerk and b["verzenddatum"] == "2027-01-27" and b["bezwaar_uiterlijk"] == "2027-03-10"
    assert b["kortingsmaanden"] == [{"maand": "2027-02", "percentage": 10}]
    [mr] = maatregelen(rt, ref)
    assert (mr.type, mr.percentage, mr.maanden, mr.status) == ("M1M10", 10, 1, "actief")
    assert mr.voorgesteld_door == COACH and mr.goedgekeurd_door == TL and mr.besluit_datum == date(2027, 1, 27)
    assert mr.bezwaar_uiterlijk == date(2027, 3, 10) and mr.heroverweging_uiterlijk == date(2027, 4, 26)
    assert mr.regel_versie == date(2027, 1, 1) and mr.recidive_groep == "afspraak_niet_nagekomen"
    assert mr.toelichting_ontvangen is True and mr.verwijtbaar is True
    assert any("Maatregelverordening art. 9 lid 1 onder a" in g for g in mr.grondslagen)

    besluit = rij(rt, f"zgw:{ref}:besluit:{kenmerk}").payload
    assert besluit == {
        "op": "besluit", "identificatie": kenmerk, "besluittype": "Beschikking maatregel 1 maand 10%",
        "datum": "2027-01-27", "toelichting": besluit["toelichting"], "verzenddatum": "2027-01-27",
        "uiterlijke_reactiedatum": "2027-03-10", "ingangsdatum": "2027-02-01", "vervaldatum": "2027-02-28",
        "maatregel_id": besluit["maatregel_id"]}  # on the onderzoek's own zaak
    assert besluit["toelichting"].startswith("Beschikking maatregel 1 maand 10%; grondslag: Participatiewet art. 18")
    verlaging = rij(rt, f"zgw:{ref}:verlaging:{kenmerk}-opl-1").payload
    assert verlaging == {"op": "verlaging", "identificatie": f"{kenmerk}-opl-1", "besluit_identificatie": kenmerk,
                         "soort": "opleggen", "maanden": [{"maand": "2027-02", "percentage": 10}],
                         "maatregel_id": besluit["maatregel_id"], "na_besluit": kenmerk,
                         "wacht_op": f"zgw:{ref}:besluit:{kenmerk}", "omschrijving": "de verlaging (opleggen)"}
    [bm] = mails(rt, ref, "maatregel_beschikt")
    assert bm.idem_key == f"maatregel-beschikt:{ref}:{mid}" and bm.payload["aan"] == COACH
    assert bm.payload["goedgekeurd_door"] == TL and bm.payload["heroverweging_uiterlijk"] == "2027-04-26"

    with session(rt.engine) as s:
        [doc] = s.exec(select(Document)).all()
        assert doc.id == b["document_id"] and doc.maatregel_id == mid and doc.soort == "beschikking"
        assert doc.mime == "application/pdf" and doc.naam == f"beschikking-{kenmerk}.pdf"
        assert doc.sha256 == hashlib.sha256(doc.inhoud).hexdigest() and doc.grootte == len(doc.inhoud) > 100
        assert doc.inhoud.startswith(b"%PDF")
    naam, pdf = beschikking_pdf(rt, referentie=ref)
    assert naam == f"beschikking-{kenmerk}.pdf" and pdf == doc.inhoud
    # the letter the deelnemer gets: addressed, with the decision, its legal grounds and the terms
    from pypdf import PdfReader
    reader = PdfReader(io.BytesIO(pdf))
    brief = " ".join(" ".join(p.extract_text() for p in reader.pages).split())
    assert NAAM in brief and ADRES in brief and "IJmuiden" in brief
    assert "Beschikking maatregel 1 maand 10%" in brief and kenmerk in brief
    for g in mr.grondslagen:
        assert g in brief, g
    assert "uiterlijk op 10 maart 2027" in brief  # bezwaar
    assert "uiterlijk op 26 april 2027" in brief  # heroverweging (art. 18 lid 3)
    assert "februari 2027" in brief
    assert reader.metadata is not None and NAAM not in " ".join(str(v) for v in reader.metadata.values())

    # taken and terms: vier ogen done, the onderzoek's term closed, the heroverweging planned
    assert taken(rt, ref, VIER_OGEN_TAAK)[0][0].status == "afgerond"
    assert deadline(rt, ref, ONDERZOEK_TERMIJN).status == "afgerond"
    [(her, her_d)] = taken(rt, ref, HEROVERWEGING_TAAK)
    assert her.status == "open" and her_d.due == date(2027, 4, 26) and her.eigenaar_email == COACH
    assert [p.status for p in stappen(rt, ref, HEROVERWEGING)] == ["open"]
    [onderzoek_stap] = stappen(rt, ref, MAATREGELONDERZOEK)
    assert onderzoek_stap.status == "beschikt" and onderzoek_stap.open_sleutel is None

    # every step, decision and actor in the audit trail
    assert gebeurtenissen(rt, ref) == [
        ("maatregelonderzoek.gemeld", COACH), ("maatregelonderzoek.horen", COACH),
        ("maatregelonderzoek.toelichting", COACH), ("maatregelonderzoek.voorgesteld", COACH),
        ("maatregelonderzoek.beschikt", TL), ("maatregel_heroverweging.gestart", TL)]
    beschikt_ev = next(e for e in tijdlijn(rt, ref) if e.gebeurtenis == "maatregelonderzoek.beschikt")
    assert f"voorgesteld door {COACH}" in beschikt_ev.omschrijving and "bezwaar tot en met 2027-03-10" in beschikt_ev.omschrijving
    assert beschikt_ev.data["besluit"] == kenmerk and beschikt_ev.gemeente == "velsen"
    voorstel_ev = next(e for e in tijdlijn(rt, ref) if e.gebeurtenis == "maatregelonderzoek.voorgesteld")
    assert voorstel_ev.data == {"type": "M1M10", "percentage": 10, "maanden": 1, "recidive_stap": 1}

    st = stand(rt, referentie=ref)
    assert st["maatregelen"][0]["status"] == "Beschikking genomen" and st["maatregelen"][0]["type"] == "M1M10"
    assert st["lopend"] == {f"maatregel_heroverweging #{st['maatregelen'][0]['id']}": "Te heroverwegen"}
    assert NAAM not in repr(st) and ADRES not in repr(st)
    assert_geen_persoonsgegevens(rt, ref)


def test_verzenddatum_later_than_the_decision_moves_terms_and_months(rt, sim) -> None:  # type: ignore[no-untyped-def]
    ref = lopend(rt, sim)
    gemeld(rt, ref)
    gehoord(rt, ref)
    voorgesteld(rt, ref)
    b = beschikt(rt, ref, "M1M10", dag="2027-01-27", verzenddatum=date(2027, 2, 1))
    assert b["verzenddatum"] == "2027-02-01" and b["bezwaar_uiterlijk"] == "2027-03-15"
    assert b["kortingsmaanden"] == [{"maand": "2027-03", "percentage": 10}]  # the month after sending
    p = rij(rt, f"zgw:{ref}:besluit:{b['besluit']}").payload
    assert (p["datum"], p["verzenddatum"], p["ingangsdatum"], p["vervaldatum"]) == (
        "2027-01-27", "2027-02-01", "2027-03-01", "2027-03-31")


def test_afzien_no_reduction_no_heroverweging(rt, sim) -> None:  # type: ignore[no-untyped-def]
    ref = lopend(rt, sim)
    gemeld(rt, ref)
    gehoord(rt, ref)
    v = voorgesteld(rt, ref, verwijtbaar=False)
    assert v["type"] == "AFZIEN" and v["grondslagen"][-1].startswith("Participatiewet art. 18 lid 9")
    b = beschikt(rt, ref, "AFZIEN")
    assert b["kortingsmaanden"] == [] and b["bezwaar_uiterlijk"] == "2027-03-10"
    assert [r for r in rijen(rt, ref, "zgw") if r.payload["op"] == "verlaging"] == []
    p = rij(rt, f"zgw:{ref}:besluit:{b['besluit']}").payload
    assert p["besluittype"] == "Beschikking afzien maatregel" and p["ingangsdatum"] == "2027-01-27"
    assert "vervaldatum" not in p and p["uiterlijke_reactiedatum"] == "2027-03-10"
    assert "lid 9" in p["toelichting"]
    assert stappen(rt, ref, HEROVERWEGING) == [] and taken(rt, ref, HEROVERWEGING_TAAK) == []
    [bm] = mails(rt, ref, "maatregel_beschikt")
    assert bm.payload["heroverweging_uiterlijk"] is None and bm.payload["heroverweging_taak_id"] is None
    [mr] = maatregelen(rt, ref)
    assert (mr.type, mr.percentage, mr.maanden, mr.verwijtbaar) == ("AFZIEN", 0, 0, False)
    with session(rt.engine) as s:
        assert len(s.exec(select(Document)).all()) == 1  # the afzien-beschikking is a letter too
    from tasks.maatregel import ontvang_inkeerverzoek
    geweigerd(rt, TransitionRefused, "er is geen lopende verlaging om te herzien", lambda: ontvang_inkeerverzoek(
        rt, referentie=ref, ontvangen_op=date(2027, 1, 25), nu=at("2027-01-25T10:00"), actor=COACH))


# -- the waking timer's step -------------------------------------------------------------------
def test_reactietermijn_verlopen(rt, sim) -> None:  # type: ignore[no-untyped-def]
    from tasks.maatregel import reactietermijn_verlopen

    ref = lopend(rt, sim)
    gemeld(rt, ref)
    gehoord(rt, ref, toelichting=None)  # react until Tue 26-1-2027
    geweigerd(rt, TransitionRefused, "de reactietermijn loopt nog tot en met 2027-01-26",
              lambda: reactietermijn_verlopen(rt, referentie=ref, nu=at("2027-01-26T23:00")))
    res = reactietermijn_verlopen(rt, referentie=ref, nu=at("2027-01-27T08:05"))
    assert res["gewijzigd"] is True and res["toelichting_ontvangen"] is False and res["due"] == "2027-02-03"
    [mr] = maatregelen(rt, ref)
    assert mr.toelichting_ontvangen is False and mr.toelichting is None
    assert deadline(rt, ref, REACTIE_WEKKER).status == "verstreken"
    ev = next(e for e in tijdlijn(rt, ref) if e.gebeurtenis == "maatregelonderzoek.geen_toelichting")
    assert ev.actor == "wekker" and "tot en met 2027-01-26" in ev.omschrijving
    voor = inhoud(rt)
    again = reactietermijn_verlopen(rt, referentie=ref, nu=at("2027-01-27T08:35"))  # twice: nothing changes
    assert again == {"referentie": ref, "gemeente": "velsen", "gewijzigd": False}
    assert inhoud(rt) == voor
    v = voorgesteld(rt, ref, dag="2027-01-28")
    [vm] = mails(rt, ref, "maatregel_vier_ogen")
    assert v["type"] == "M1M10" and vm.payload["toelichting_ontvangen"] is False


def test_reactietermijn_after_a_toelichting_changes_nothing(rt, sim) -> None:  # type: ignore[no-untyped-def]
    from tasks.maatregel import reactietermijn_verlopen

    ref = lopend(rt, sim)
    gemeld(rt, ref)
    gehoord(rt, ref)
    voor = inhoud(rt)
    assert reactietermijn_verlopen(rt, referentie=ref, nu=at("2027-01-27T08:05"))["gewijzigd"] is False
    assert inhoud(rt) == voor


# -- the four refusals the issue names (and their neighbours) -----------------------------------
def test_refused_without_a_melding(rt, sim) -> None:  # type: ignore[no-untyped-def]
    from tasks.maatregel import leg_toelichting_vast, nodig_uit, stel_voor, trek_in

    ref = lopend(rt, sim)
    melding = "er loopt geen maatregelonderzoek"
    geweigerd(rt, TransitionRefused, melding, lambda: stel_voor(rt, referentie=ref, verwijtbaar=True,
                                                                nu=at("2027-01-19T09:00"), actor=COACH))
    msg = geweigerd(rt, TransitionRefused, melding, lambda: beschikt(rt, ref))
    assert "(de stap 'maatregel melden')" in msg and "alleen na een melding van verzuim" in msg
    geweigerd(rt, TransitionRefused, melding, lambda: nodig_uit(
        rt, referentie=ref, gesprek_op=datetime(2027, 1, 18, 10), locatie="Kantoor", nu=at("2027-01-12T10:00"),
        actor=COACH))
    geweigerd(rt, TransitionRefused, melding, lambda: leg_toelichting_vast(
        rt, referentie=ref, toelichting="Ik was ziek", nu=at("2027-01-12T10:00"), actor=COACH))
    geweigerd(rt, TransitionRefused, melding, lambda: trek_in(rt, referentie=ref, reden="Vergissing gemaakt",
                                                              nu=at("2027-01-12T10:00"), actor=COACH))


def test_melding_refusals(rt, sim) -> None:  # type: ignore[no-untyped-def]
    from tasks.maatregel import meld_verzuim

    ref = lopend(rt, sim)

    def meld(**kw: Any) -> Any:
        args = {"referentie": ref, "gedraging": "afspraak_niet_nagekomen", "verzuim_op": date(2027, 1, 8),
                "feiten": "Niet verschenen op de training", "nu": at("2027-01-11T09:00"), "actor": COACH, **kw}
        return lambda: meld_verzuim(rt, **args)

    geweigerd(rt, OngeldigeInvoer, "Onbekende gedraging 'te_laat' in de verordening van Velsen",
              meld(gedraging="te_laat"))
    geweigerd(rt, OngeldigeInvoer, "ligt in de toekomst", meld(verzuim_op=date(2027, 1, 12)))
    geweigerd(rt, OngeldigeInvoer, "ligt vóór de aanmelding (2026-11-23)", meld(verzuim_op=date(2026, 11, 20)))
    geweigerd(rt, OngeldigeInvoer, "Het veld feiten", meld(feiten="kort"))
    geweigerd(rt, OngeldigeInvoer, "negen cijfers", meld(feiten=f"Deelnemer {BSN} kwam niet"))
    gemeld(rt, ref)
    geweigerd(rt, TransitionRefused, "maatregelonderzoek loopt al", meld())


def test_melding_refused_before_the_uitkering(rt, sim) -> None:  # type: ignore[no-untyped-def]
    from tasks.aanmelding import registreer
    from tasks.maatregel import meld_verzuim

    ref = registreer(rt, bsn=BSN, naam=NAAM, geboortedatum=GEBOREN, gemeente="velsen", werkcoach=COACH,
                     nu=at("2026-11-23T09:00"), actor="test")
    geweigerd(rt, TransitionRefused, "er is nog geen uitkering toegekend", lambda: meld_verzuim(
        rt, referentie=ref, gedraging="afspraak_niet_nagekomen", verzuim_op=date(2026, 11, 24),
        feiten="Niet verschenen op de intake", nu=at("2026-11-25T09:00"), actor=COACH))


def test_beschikking_before_horen_refused(rt, sim) -> None:  # type: ignore[no-untyped-def]
    ref = lopend(rt, sim)
    gemeld(rt, ref)
    geweigerd(rt, TransitionRefused, "het horen is nog niet afgerond", lambda: voorgesteld(rt, ref))
    msg = geweigerd(rt, TransitionRefused, "het horen is nog niet afgerond", lambda: beschikt(rt, ref))
    assert "goedkeuren kan pas als de toelichting is vastgelegd" in msg
    gehoord(rt, ref, toelichting=None)
    msg = geweigerd(rt, TransitionRefused, "het horen is nog niet afgerond (reactietermijn tot en met 2027-01-26)",
                    lambda: voorgesteld(rt, ref))
    geweigerd(rt, TransitionRefused, "het horen is nog niet afgerond (reactietermijn tot en met 2027-01-26)",
              lambda: beschikt(rt, ref))
    from tasks.maatregel import concept
    geweigerd(rt, TransitionRefused, "er ligt geen voorstel", lambda: concept(rt, referentie=ref,
                                                                              nu=at("2027-01-20T09:00")))


def test_approval_by_the_proposer_refused(rt, sim) -> None:  # type: ignore[no-untyped-def]
    from tasks.maatregel import keur_goed, stel_voor, stuur_terug

    ref = lopend(rt, sim)
    gemeld(rt, ref)
    gehoord(rt, ref)
    voorgesteld(rt, ref)
    nu = at("2027-01-20T14:00")
    for wie in (COACH, COACH.upper(), f"  {COACH} "):
        msg = geweigerd(rt, TransitionRefused, "deed zelf het voorstel; een ander moet het goedkeuren",
                        lambda w=wie: keur_goed(rt, referentie=ref, type="M1M10", nu=nu, actor=w))
        assert "vier-ogenprincipe" in msg
    geweigerd(rt, TransitionRefused, "deed zelf het voorstel", lambda: stuur_terug(
        rt, referentie=ref, reden="Toch anders bekijken", nu=nu, actor=COACH))
    geweigerd(rt, OngeldigeInvoer, "vraagt om een persoon", lambda: keur_goed(rt, referentie=ref, type="M1M10", nu=nu,
                                                                             actor="teamleider"))
    stuur_terug(rt, referentie=ref, reden="Nog eens bekijken", nu=nu, actor=TL)
    geweigerd(rt, OngeldigeInvoer, "Een voorstel voor een maatregel vraagt om een persoon", lambda: stel_voor(
        rt, referentie=ref, verwijtbaar=True, nu=nu, actor="werkcoach"))


def test_unknown_or_other_beschikking_type_refused(rt, sim) -> None:  # type: ignore[no-untyped-def]
    ref = lopend(rt, sim)
    gemeld(rt, ref)
    gehoord(rt, ref)
    voorgesteld(rt, ref)
    for fout in ("M3M10", "", "Beschikking maatregel 1 maand 10%", "M1M10; DROP TABLE maatregel"):
        msg = geweigerd(rt, OngeldigeInvoer, "Onbekend beschikkingstype", lambda f=fout: beschikt(rt, ref, f))
        assert "M1M10 (Beschikking maatregel 1 maand 10%)" in msg
    msg = geweigerd(rt, TransitionRefused, "het voorstel is M1M10 (Beschikking maatregel 1 maand 10%), niet M2M20",
                    lambda: beschikt(rt, ref, "M2M20"))
    assert "bekijk het concept opnieuw (maatregel concept)" in msg
    geweigerd(rt, OngeldigeInvoer, "vóór de beslisdatum", lambda: beschikt(rt, ref, verzenddatum=date(2027, 1, 26)))
    geweigerd(rt, OngeldigeInvoer, "meer dan twee weken", lambda: beschikt(rt, ref, verzenddatum=date(2027, 2, 11)))
    beschikt(rt, ref, "M1M10")
    geweigerd(rt, TransitionRefused, "er loopt geen maatregelonderzoek", lambda: beschikt(rt, ref, "M1M10"))


# -- terugsturen, intrekken --------------------------------------------------------------------
def test_terugsturen_and_a_new_proposal(rt, sim) -> None:  # type: ignore[no-untyped-def]
    from tasks.maatregel import stuur_terug

    ref = lopend(rt, sim)
    mid = gemeld(rt, ref)["maatregel_id"]
    gehoord(rt, ref)
    voorgesteld(rt, ref)
    res = stuur_terug(rt, referentie=ref, reden="Weeg de schulden mee", nu=at("2027-01-20T10:00"), actor=TL)
    assert res["due"] == "2027-01-27"
    [(eerste, _), (tweede, tweede_d)] = taken(rt, ref, BEOORDELEN_TAAK)
    assert eerste.status == "afgerond" and tweede.status == "open" and tweede.titel.startswith("Voorstel maatregel herzien")
    assert taken(rt, ref, VIER_OGEN_TAAK)[0][0].status == "afgerond"
    [tm] = mails(rt, ref, "maatregel_teruggestuurd")
    assert tm.payload["aan"] == COACH and tm.payload["reden"] == "Weeg de schulden mee" and tm.payload["door"] == TL
    geweigerd(rt, TransitionRefused, "staat op 'Verwijtbaarheid en omstandigheden beoordelen'; goedkeuren kan nu niet",
              lambda: beschikt(rt, ref))
    v = voorgesteld(rt, ref, dag="2027-01-21", dringende_redenen="Dreigende huisuitzetting door schulden",
                    gematigd_percentage=5, gematigd_maanden=1)
    assert v["type"] == "MGEMATIGD" and v["gematigd_van"]["type"] == "M1M10"
    assert len(mails(rt, ref, "maatregel_vier_ogen")) == 2  # a new key for the new proposal
    b = beschikt(rt, ref, "MGEMATIGD", dag="2027-01-27")
    assert b["kortingsmaanden"] == [{"maand": "2027-02", "percentage": 5}]
    [mr] = maatregelen(rt, ref)
    assert mr.id == mid and mr.gematigd_van == "M1M10" and mr.dringende_redenen.startswith("Dreigende")  # type: ignore[union-attr]
    assert rij(rt, f"zgw:{ref}:besluit:{b['besluit']}").payload["besluittype"] == "Beschikking gematigde maatregel"
    assert [g for g, _ in gebeurtenissen(rt, ref, "maatregelonderzoek")] == [
        "maatregelonderzoek.gemeld", "maatregelonderzoek.horen", "maatregelonderzoek.toelichting",
        "maatregelonderzoek.voorgesteld", "maatregelonderzoek.teruggestuurd", "maatregelonderzoek.voorgesteld",
        "maatregelonderzoek.beschikt"]


def test_intrekken(rt, sim) -> None:  # type: ignore[no-untyped-def]
    from tasks.maatregel import trek_in

    ref = lopend(rt, sim)
    gemeld(rt, ref)
    gehoord(rt, ref)
    trek_in(rt, referentie=ref, reden="Deelnemer was wel afgemeld; melding berust op een vergissing",
            nu=at("2027-01-19T09:00"), actor=COACH)
    [mr] = maatregelen(rt, ref)
    assert mr.status == "ingetrokken" and mr.besluit_datum is None
    assert [p.status for p in stappen(rt, ref, MAATREGELONDERZOEK)] == ["ingetrokken"]
    assert {k.status for k, _ in taken(rt, ref, BEOORDELEN_TAAK)} == {"vervallen"}
    assert deadline(rt, ref, ONDERZOEK_TERMIJN).status == "vervallen"
    assert deadline(rt, ref, REACTIE_WEKKER).status == "afgerond"  # closed by the toelichting already
    ev = next(e for e in tijdlijn(rt, ref) if e.gebeurtenis == "maatregelonderzoek.ingetrokken")
    assert ev.actor == COACH and "vergissing" in ev.omschrijving
    # a withdrawn melding is no beschikking (nothing to object to) and a new melding may follow
    from tasks.maatregel import registreer_bezwaar
    geweigerd(rt, TransitionRefused, "er is nog geen beschikking", lambda: registreer_bezwaar(
        rt, referentie=ref, ontvangen_op=date(2027, 1, 19), adviescommissie=False, nu=at("2027-01-19T10:00"),
        actor=COACH))
    gemeld(rt, ref, dag="2027-01-25", verzuim_op=date(2027, 1, 22))
    assert len(maatregelen(rt, ref)) == 2


def test_intrekken_refused_once_proposed(rt, sim) -> None:  # type: ignore[no-untyped-def]
    from tasks.maatregel import trek_in

    ref = lopend(rt, sim)
    gemeld(rt, ref)
    gehoord(rt, ref)
    voorgesteld(rt, ref)
    geweigerd(rt, TransitionRefused, "staat op 'Voorstel bij teamleider'; de melding intrekken kan nu niet",
              lambda: trek_in(rt, referentie=ref, reden="Toch een vergissing", nu=at("2027-01-20T09:00"), actor=COACH))


@pytest.mark.parametrize("stap", ["terugsturen", "intrekken"])
def test_long_reason_fits_the_audit_trail(rt, sim, stap: str) -> None:  # type: ignore[no-untyped-def]
    """A reason as long as the step (and its form and CLI option) accepts, 500 characters: the audit
    line (500 with the transition's words) shortens it, the event's data keeps it whole. It used to
    overflow the column on PostgreSQL."""
    from tasks.maatregel import stuur_terug, trek_in

    ref = lopend(rt, sim)
    gemeld(rt, ref)
    gehoord(rt, ref)
    reden = ("Weeg de omstandigheden opnieuw " * 20)[:500].strip()
    if stap == "terugsturen":
        voorgesteld(rt, ref)
        stuur_terug(rt, referentie=ref, reden=reden, nu=at("2027-01-20T10:00"), actor=TL)
    else:
        trek_in(rt, referentie=ref, reden=reden, nu=at("2027-01-20T10:00"), actor=COACH)
    [ev] = [e for e in tijdlijn(rt, ref) if e.gebeurtenis in ("maatregelonderzoek.teruggestuurd",
                                                               "maatregelonderzoek.ingetrokken")]
    assert ev.data["reden"] == reden and len(ev.omschrijving) <= 500 and ev.omschrijving.endswith("…")
    assert reden[:300] in ev.omschrijving
    with pytest.raises(OngeldigeInvoer, match="Het veld reden is te lang"):
        trek_in(rt, referentie=ref, reden="x" * 501, nu=at("2027-01-20T10:00"), actor=COACH)


# -- bezwaar -----------------------------------------------------------------------------------
def test_bezwaar_late_verdaagd_once_then_gegrond(rt, sim) -> None:  # type: ignore[no-untyped-def]
    from tasks.maatregel import beslis_op_bezwaar, registreer_bezwaar, verdaag_bezwaar

    ref = lopend(rt, sim)
    b = tot_beschikking(rt, ref)  # bezwaar until Wed 10-3-2027
    kenmerk = b["besluit"]
    geweigerd(rt, OngeldigeInvoer, "is ontvangen vóór de beschikking bestond", lambda: registreer_bezwaar(
        rt, referentie=ref, ontvangen_op=date(2027, 1, 26), adviescommissie=False, nu=at("2027-01-28T10:00"),
        actor=COACH))
    geweigerd(rt, OngeldigeInvoer, "ligt in de toekomst", lambda: registreer_bezwaar(
        rt, referentie=ref, ontvangen_op=date(2027, 1, 29), adviescommissie=False, nu=at("2027-01-28T10:00"),
        actor=COACH))
    geweigerd(rt, TransitionRefused, "er loopt geen bezwaar tegen maatregel", lambda: verdaag_bezwaar(
        rt, referentie=ref, nu=at("2027-01-28T10:00"), actor=TL))

    r = registreer_bezwaar(rt, referentie=ref, ontvangen_op=date(2027, 3, 12), adviescommissie=True,
                           nu=at("2027-03-15T10:00"), actor=COACH)
    assert r["te_laat"] is True and r["uiterlijk"] == "2027-06-02"  # 12 weeks after 10-3 (adviescommissie)
    [(bt, bt_d)] = taken(rt, ref, BEZWAAR_TAAK)
    assert bt.eigenaar_email == TL and bt_d.due == date(2027, 6, 2) and "7:13" in bt_d.grondslag
    [bzm] = mails(rt, ref, "maatregel_bezwaar")
    assert bzm.payload["te_laat"] is True and bzm.payload["kenmerk"] == kenmerk and bzm.payload["aan"] == TL
    ev = next(e for e in tijdlijn(rt, ref) if e.gebeurtenis == "maatregel_bezwaar.ontvangen")
    assert "(na de bezwaartermijn)" in ev.omschrijving and ev.data["te_laat"] is True
    geweigerd(rt, TransitionRefused, "er loopt al een bezwaar tegen", lambda: registreer_bezwaar(
        rt, referentie=ref, ontvangen_op=date(2027, 3, 15), adviescommissie=False, nu=at("2027-03-15T11:00"),
        actor=COACH))

    v = verdaag_bezwaar(rt, referentie=ref, nu=at("2027-05-10T10:00"), actor=TL)
    assert v["uiterlijk"] == "2027-07-14"
    assert taken(rt, ref, BEZWAAR_TAAK)[0][1].due == date(2027, 7, 14)
    geweigerd(rt, TransitionRefused, "al eens verdaagd; de Awb (7:10 lid 3) staat één verdaging toe",
              lambda: verdaag_bezwaar(rt, referentie=ref, nu=at("2027-05-11T10:00"), actor=TL))

    res = beslis_op_bezwaar(rt, referentie=ref, uitkomst=BezwaarUitkomst.gegrond, nu=at("2027-06-01T10:00"), actor=TL)
    assert res["maatregel_status"] == "herroepen"
    [mr] = maatregelen(rt, ref)
    assert mr.status == "herroepen"
    bob = rij(rt, f"zgw:{ref}:besluit:{kenmerk}-BOB").payload
    assert bob["besluittype"] == BESLUITTYPE_BEZWAAR and bob["datum"] == "2027-06-01"
    assert "gegrond" in bob["toelichting"] and "herroepen" in bob["toelichting"]
    intrekken = rij(rt, f"zgw:{ref}:verlaging:{kenmerk}-int-bob").payload
    assert intrekken["soort"] == "intrekken" and intrekken["maanden"] == [] and intrekken["besluit_identificatie"] == kenmerk
    assert [p.status for p in stappen(rt, ref, HEROVERWEGING)] == ["vervallen"]
    assert taken(rt, ref, HEROVERWEGING_TAAK)[0][0].status == "vervallen"
    assert taken(rt, ref, BEZWAAR_TAAK)[0][0].status == "afgerond"
    assert [g for g, _ in gebeurtenissen(rt, ref, "maatregel_")] == [
        "maatregel_heroverweging.gestart", "maatregel_bezwaar.ontvangen", "maatregel_bezwaar.verdaagd",
        "maatregel_bezwaar.beslist", "maatregel_heroverweging.vervallen"]
    geweigerd(rt, TransitionRefused, "er loopt geen bezwaar", lambda: beslis_op_bezwaar(
        rt, referentie=ref, uitkomst=BezwaarUitkomst.ongegrond, nu=at("2027-06-02T10:00"), actor=TL))
    # a maatregel undone in bezwaar is no first step for recidive
    gemeld(rt, ref, dag="2027-06-07", verzuim_op=date(2027, 6, 4))
    gehoord(rt, ref, dag="2027-06-08", gesprek="2027-06-14T10:00")
    assert voorgesteld(rt, ref, dag="2027-06-15")["recidive_stap"] == 1
    assert_geen_persoonsgegevens(rt, ref)


def test_bezwaar_in_time_ongegrond_keeps_the_maatregel(rt, sim) -> None:  # type: ignore[no-untyped-def]
    from tasks.maatregel import beslis_op_bezwaar, registreer_bezwaar, verdaag_bezwaar

    ref = lopend(rt, sim)
    b = tot_beschikking(rt, ref)
    r = registreer_bezwaar(rt, referentie=ref, ontvangen_op=date(2027, 3, 10), adviescommissie=False,
                           nu=at("2027-03-10T16:00"), actor=COACH)
    assert r["te_laat"] is False and r["uiterlijk"] == "2027-04-21"
    geweigerd(rt, TransitionRefused, "de beslistermijn is al verstreken (2027-04-21)",
              lambda: verdaag_bezwaar(rt, referentie=ref, nu=at("2027-04-22T09:00"), actor=TL))
    beslis_op_bezwaar(rt, referentie=ref, uitkomst=BezwaarUitkomst.ongegrond, nu=at("2027-04-22T10:00"), actor=TL)
    [mr] = maatregelen(rt, ref)
    assert mr.status == "actief"
    assert [r.payload["soort"] for r in rijen(rt, ref, "zgw") if r.payload["op"] == "verlaging"] == ["opleggen"]
    assert [p.status for p in stappen(rt, ref, HEROVERWEGING)] == ["open"]
    assert rij(rt, f"zgw:{ref}:besluit:{b['besluit']}-BOB").payload["toelichting"] == "Bezwaar ongegrond (Awb art. 7:11)."


# -- heroverweging and inkeer ------------------------------------------------------------------
def _tabel(rt: Any, *ladder: str) -> None:
    """This test's verordening: gedraging 'arbeid' (lid 4) with the given ladder, in every gemeente."""
    rt.maatregelen = regeltabel_uit({"versie": [
        {"gemeente": g, "geldig_vanaf": date(2023, 7, 1), "verordening": "Testverordening", "gedraging": [
            {"code": "arbeid", "label": "Arbeid niet aanvaard", "grondslag": "Testverordening art. 10",
             "arbeidsverplichting": True, "uitkomsten": list(ladder)}]} for g in ("velsen", "beverwijk", "heemskerk")]},
        wet=load_ladders())


def test_heroverweging_handhaven_and_beeindigen(rt, sim) -> None:  # type: ignore[no-untyped-def]
    from tasks.maatregel import heroverweeg

    _tabel(rt, "M100:2", "M100:3", "M100:3")
    ref = lopend(rt, sim)
    b = tot_beschikking(rt, ref, "M100", gedraging="arbeid")
    assert b["kortingsmaanden"] == [{"maand": "2027-02", "percentage": 100}, {"maand": "2027-03", "percentage": 100}]
    res = heroverweeg(rt, referentie=ref, uitkomst=HeroverwegingUitkomst.beeindigen, nu=at("2027-02-15T10:00"),
                      actor=COACH)
    assert res["kortingsmaanden"] == [{"maand": "2027-02", "percentage": 100}]  # March lapses
    [mr] = maatregelen(rt, ref)
    assert mr.status == "herzien" and mr.kortingsmaanden == res["kortingsmaanden"]
    herzien = rij(rt, f"zgw:{ref}:verlaging:{b['besluit']}-her-her").payload
    assert herzien["soort"] == "herzien" and herzien["maanden"] == [{"maand": "2027-02", "percentage": 100}]
    hb = rij(rt, f"zgw:{ref}:besluit:{b['besluit']}-Hher").payload
    assert hb["besluittype"] == BESLUITTYPE_HERZIENING and "art. 18 lid 3" in hb["toelichting"]
    assert [p.status for p in stappen(rt, ref, HEROVERWEGING)] == ["afgerond"]
    assert taken(rt, ref, HEROVERWEGING_TAAK)[0][0].status == "afgerond"
    geweigerd(rt, TransitionRefused, "er loopt geen heroverweging maatregel", lambda: heroverweeg(
        rt, referentie=ref, uitkomst=HeroverwegingUitkomst.handhaven, nu=at("2027-02-16T10:00"), actor=COACH))


def test_heroverweging_handhaven_changes_no_reduction(rt, sim) -> None:  # type: ignore[no-untyped-def]
    from tasks.maatregel import heroverweeg

    ref = lopend(rt, sim)
    tot_beschikking(rt, ref)
    res = heroverweeg(rt, referentie=ref, uitkomst=HeroverwegingUitkomst.handhaven, nu=at("2027-04-19T10:00"),
                      actor=COACH)
    assert res["kortingsmaanden"] == [{"maand": "2027-02", "percentage": 10}]
    assert [r.payload["soort"] for r in rijen(rt, ref, "zgw") if r.payload["op"] == "verlaging"] == ["opleggen"]
    assert maatregelen(rt, ref)[0].status == "actief"
    ev = next(e for e in tijdlijn(rt, ref) if e.gebeurtenis == "maatregel_heroverweging.afgerond")
    assert ev.actor == COACH and ev.data == {"uitkomst": "handhaven"}


def test_inkeer_toegewezen_with_the_tweede_maand_rule(rt, sim) -> None:  # type: ignore[no-untyped-def]
    from tasks.maatregel import beslis_inkeer, ontvang_inkeerverzoek

    _tabel(rt, "M100:2", "M100:3", "M100:3")
    ref = lopend(rt, sim)
    b = tot_beschikking(rt, ref, "M100", gedraging="arbeid")  # February and March, 100%
    geweigerd(rt, OngeldigeInvoer, "ligt in de toekomst", lambda: ontvang_inkeerverzoek(
        rt, referentie=ref, ontvangen_op=date(2027, 1, 29), nu=at("2027-01-28T10:00"), actor=COACH))
    r = ontvang_inkeerverzoek(rt, referentie=ref, ontvangen_op=date(2027, 1, 28), nu=at("2027-01-28T10:00"),
                              actor=COACH)
    assert r["uiterlijk"] == "2027-03-25"
    [(ik, ik_d)] = taken(rt, ref, INKEER_TAAK)
    assert ik_d.due == date(2027, 3, 25) and ik.eigenaar_email == COACH
    [im] = mails(rt, ref, "maatregel_inkeer")
    assert im.payload["tweede_maand"] is True and im.payload["kenmerk"] == b["besluit"]
    geweigerd(rt, TransitionRefused, "verzoek om herziening (inkeer) loopt al", lambda: ontvang_inkeerverzoek(
        rt, referentie=ref, ontvangen_op=date(2027, 1, 28), nu=at("2027-01-28T11:00"), actor=COACH))
    res = beslis_inkeer(rt, referentie=ref, uitkomst=InkeerUitkomst.toegewezen, nu=at("2027-01-29T10:00"), actor=TL)
    # requested before the first month: with the inkeerregeling the first month stands
    assert res["kortingsmaanden"] == [{"maand": "2027-02", "percentage": 100}]
    [mr] = maatregelen(rt, ref)
    assert mr.status == "herzien"
    [stap] = stappen(rt, ref, INKEER)
    herzien = rij(rt, f"zgw:{ref}:verlaging:{b['besluit']}-her-ink{stap.id}").payload
    assert herzien["soort"] == "herzien" and herzien["maanden"] == [{"maand": "2027-02", "percentage": 100}]
    hb = rij(rt, f"zgw:{ref}:besluit:{b['besluit']}-Hink{stap.id}").payload
    assert "De eerste maand blijft staan (inkeerregeling)" in hb["toelichting"]
    assert stap.status == "beslist" and taken(rt, ref, INKEER_TAAK)[0][0].status == "afgerond"


def test_inkeer_without_tweede_maand_and_afgewezen(rt, sim) -> None:  # type: ignore[no-untyped-def]
    from tasks.maatregel import beslis_inkeer, ontvang_inkeerverzoek

    verlaging_http(rt)
    _tabel(rt, "M100:1", "M100:2", "M100:3")  # inkeer (lid 11) only for a verlaging under lid 5-8
    ref = lopend(rt, sim)
    b = tot_beschikking(rt, ref, "M100", gedraging="arbeid")  # 100% for February 2027 only
    ontvang_inkeerverzoek(rt, referentie=ref, ontvangen_op=date(2027, 1, 28), nu=at("2027-01-28T10:00"), actor=COACH)
    assert mails(rt, ref, "maatregel_inkeer")[0].payload["tweede_maand"] is False
    beslis_inkeer(rt, referentie=ref, uitkomst=InkeerUitkomst.afgewezen, nu=at("2027-01-28T11:00"), actor=TL)
    assert maatregelen(rt, ref)[0].status == "actief"
    assert [r.payload["soort"] for r in rijen(rt, ref, "zgw") if r.payload["op"] == "verlaging"] == ["opleggen"]
    ontvang_inkeerverzoek(rt, referentie=ref, ontvangen_op=date(2027, 1, 29), nu=at("2027-01-29T10:00"), actor=COACH)
    res = beslis_inkeer(rt, referentie=ref, uitkomst=InkeerUitkomst.toegewezen, nu=at("2027-01-29T11:00"), actor=TL)
    assert res["kortingsmaanden"] == []  # no inkeerregeling for one month: the whole reduction lapses
    [stap] = [p for p in stappen(rt, ref, INKEER) if p.data.get("uitkomst") == "toegewezen"] or stappen(rt, ref, INKEER)[-1:]
    assert rij(rt, f"zgw:{ref}:verlaging:{b['besluit']}-int-ink{stap.id}").payload["soort"] == "intrekken"
    geweigerd(rt, TransitionRefused, "er is geen lopende verlaging om te herzien", lambda: ontvang_inkeerverzoek(
        rt, referentie=ref, ontvangen_op=date(2027, 2, 1), nu=at("2027-02-01T10:00"), actor=COACH))


def test_inkeer_after_the_last_month_refused(rt, sim) -> None:  # type: ignore[no-untyped-def]
    from tasks.maatregel import ontvang_inkeerverzoek

    ref = lopend(rt, sim)
    tot_beschikking(rt, ref)
    geweigerd(rt, TransitionRefused, "de verlaging loopt af vóór 2027-03; er valt niets te herzien",
              lambda: ontvang_inkeerverzoek(rt, referentie=ref, ontvangen_op=date(2027, 2, 10),
                                            nu=at("2027-02-10T10:00"), actor=COACH))


# -- address -----------------------------------------------------------------------------------
def test_address_required_before_voorstel(rt, sim) -> None:  # type: ignore[no-untyped-def]
    from tasks.maatregel import leg_adres_vast

    ref = lopend(rt, sim, adres=False)
    gemeld(rt, ref)
    gehoord(rt, ref)
    msg = geweigerd(rt, TransitionRefused, "het correspondentieadres van de deelnemer ontbreekt",
                    lambda: voorgesteld(rt, ref))
    assert "Leg het correspondentieadres vast (deelnemer adres" in msg
    leg_adres_vast(rt, referentie=ref, adres=ADRES, postcode="1972 eb", woonplaats=WOONPLAATS,
                   nu=at("2027-01-19T08:00"), actor="test")
    with session(rt.engine) as s:
        d = repo.get_deelnemer(s, traject=repo.get_traject(s, referentie=ref))
        assert (d.adres, d.postcode, d.woonplaats) == (ADRES, "1972EB", WOONPLAATS)
    ev = [e for e in tijdlijn(rt, ref) if e.soort == "deelnemer:adres"]
    assert len(ev) == 1 and ADRES not in ev[0].omschrijving and "1972" not in ev[0].omschrijving
    assert voorgesteld(rt, ref)["type"] == "M1M10"


@pytest.mark.parametrize(("veld", "waarde", "melding"), [
    ("postcode", "0972EB", "geen Nederlandse postcode"),
    ("postcode", "1972E", "geen Nederlandse postcode"),
    ("postcode", "19721EB", "geen Nederlandse postcode"),
    ("postcode", "EB1972", "geen Nederlandse postcode"),
    ("postcode", "1972\nEB", "geen Nederlandse postcode"),
    ("postcode", "", "geen Nederlandse postcode"),
    ("postcode", "１９７２EB", "geen Nederlandse postcode"),
    ("adres", "Straat 1\r\nBcc: x", "stuurtekens"),
    ("adres", "ab", "te kort"),
    ("adres", "x" * 201, "te lang"),
    ("woonplaats", "", "ontbreekt"),
])
def test_leg_adres_vast_refusals(rt, sim, veld: str, waarde: str, melding: str) -> None:  # type: ignore[no-untyped-def]
    from tasks.maatregel import leg_adres_vast

    ref = lopend(rt, sim, adres=False)
    args = {"adres": ADRES, "postcode": POSTCODE, "woonplaats": WOONPLAATS, veld: waarde}
    geweigerd(rt, DomainError, melding, lambda: leg_adres_vast(rt, referentie=ref, nu=at("2027-01-19T08:00"),
                                                               actor="test", **args))


# -- closure -----------------------------------------------------------------------------------
def test_closing_the_traject_lets_open_instances_lapse(rt, sim) -> None:  # type: ignore[no-untyped-def]
    from domain.fasen import Uitstroom
    from tasks.fasen import stroom_uit
    from tasks.maatregel import nodig_uit, reactietermijn_verlopen

    ref = lopend(rt, sim)
    tot_beschikking(rt, ref)  # the heroverweging is open
    gemeld(rt, ref, dag="2027-02-15", verzuim_op=date(2027, 2, 12))  # and a second onderzoek
    gehoord(rt, ref, dag="2027-02-16", gesprek="2027-02-22T10:00", toelichting=None)
    stroom_uit(rt, referentie=ref, uitkomst=Uitstroom.werkaanvaarding, reden="Vast contract bij een bakker",
               nu=at("2027-02-18T10:00"), actor=COACH)
    assert [p.status for p in stappen(rt, ref, MAATREGELONDERZOEK)] == ["beschikt", "vervallen"]
    # the heroverweging of the beschikking is a legal step of its own: it outlives the traject, with its task
    [her] = stappen(rt, ref, HEROVERWEGING)
    assert her.status == "open" and her.open_sleutel
    with session(rt.engine) as s:
        t = repo.get_traject(s, referentie=ref)
        assert [k.code for k in repo.open_taken(s, traject=t)] == [HEROVERWEGING_TAAK]
        assert {d.proces_stap_id for d in repo.open_deadlines(s, traject=t)} == {her.id}
    assert deadline(rt, ref, REACTIE_WEKKER).status == "vervallen"
    gebeurd = {g for g, _ in gebeurtenissen(rt, ref)}
    assert "maatregelonderzoek.vervallen" in gebeurd and "maatregel_heroverweging.vervallen" not in gebeurd
    # the timer's run after closure changes nothing; staff steps are refused
    voor = inhoud(rt)
    assert reactietermijn_verlopen(rt, referentie=ref, nu=at("2027-03-03T08:05"))["gewijzigd"] is False
    assert inhoud(rt) == voor
    geweigerd(rt, TransitionRefused, f"{ref} is afgesloten", lambda: nodig_uit(
        rt, referentie=ref, gesprek_op=datetime(2027, 3, 8, 10), locatie="Kantoor", nu=at("2027-03-03T10:00"),
        actor=COACH))
    geweigerd(rt, TransitionRefused, f"{ref} is afgesloten", lambda: gemeld(rt, ref, dag="2027-03-03"))


def test_a_herziene_maatregel_still_counts_for_recidive(rt, sim) -> None:  # type: ignore[no-untyped-def]
    """Heroverweging or inkeer shortens a maatregel; it was imposed all the same (only bezwaar undoes it)."""
    from tasks.maatregel import heroverweeg

    _tabel(rt, "M100:2", "M100:3", "M100:3")
    ref = lopend(rt, sim)
    tot_beschikking(rt, ref, "M100", gedraging="arbeid")
    heroverweeg(rt, referentie=ref, uitkomst=HeroverwegingUitkomst.beeindigen, nu=at("2027-02-15T10:00"), actor=COACH)
    assert maatregelen(rt, ref)[0].status == "herzien"
    gemeld(rt, ref, gedraging="arbeid", dag="2027-06-07", verzuim_op=date(2027, 6, 4))
    gehoord(rt, ref, dag="2027-06-08", gesprek="2027-06-14T10:00")
    v = voorgesteld(rt, ref, dag="2027-06-15")
    assert (v["recidive_stap"], v["percentage"], v["maanden"]) == (2, 100, 3)


def test_bezwaar_gegrond_after_a_heroverweging_still_revokes(rt, sim) -> None:  # type: ignore[no-untyped-def]
    """A maatregel shortened in heroverweging (herzien) that is then revoked in bezwaar: the months
    that remained are withdrawn too."""
    from tasks.maatregel import beslis_op_bezwaar, heroverweeg, registreer_bezwaar

    _tabel(rt, "M100:2", "M100:3", "M100:3")
    ref = lopend(rt, sim)
    b = tot_beschikking(rt, ref, "M100", gedraging="arbeid")
    heroverweeg(rt, referentie=ref, uitkomst=HeroverwegingUitkomst.beeindigen, nu=at("2027-02-15T10:00"), actor=COACH)
    registreer_bezwaar(rt, referentie=ref, ontvangen_op=date(2027, 2, 16), adviescommissie=False,
                       nu=at("2027-02-16T10:00"), actor=COACH)
    res = beslis_op_bezwaar(rt, referentie=ref, uitkomst=BezwaarUitkomst.gegrond, nu=at("2027-02-25T10:00"), actor=TL)
    assert res["maatregel_status"] == "herroepen"
    assert maatregelen(rt, ref)[0].status == "herroepen"
    assert [r.payload["soort"] for r in rijen(rt, ref, "zgw") if r.payload["op"] == "verlaging"] == [
        "opleggen", "herzien", "intrekken"]
    assert rij(rt, f"zgw:{ref}:verlaging:{b['besluit']}-int-bob").payload["maanden"] == []


def test_staff_mails_carry_no_personal_data(rt, sim, mailbox) -> None:  # type: ignore[no-untyped-def]
    """Every mail of the process, sent through real SMTP: the case's reference, never name, BSN,
    birth date or address (the beschikking is a document in the case store, not an attachment)."""
    from notifications.mailcatcher import read_folder
    from tasks.dispatch import dispatch
    from tasks.maatregel import (
        beslis_inkeer,
        beslis_op_bezwaar,
        heroverweeg,
        ontvang_inkeerverzoek,
        registreer_bezwaar,
        stuur_terug,
        verdaag_bezwaar,
    )

    _tabel(rt, "M100:1", "M100:2", "M100:3")  # inkeer (lid 11) needs a verlaging under lid 5-8
    ref = lopend(rt, sim)
    gemeld(rt, ref, gedraging="arbeid")
    gehoord(rt, ref)
    voorgesteld(rt, ref)
    stuur_terug(rt, referentie=ref, reden="Weeg de omstandigheden mee", nu=at("2027-01-19T15:00"), actor=TL)
    voorgesteld(rt, ref, dag="2027-01-20")
    beschikt(rt, ref, "M100", dag="2027-01-27")
    registreer_bezwaar(rt, referentie=ref, ontvangen_op=date(2027, 1, 28), adviescommissie=False,
                       nu=at("2027-01-28T10:00"), actor=COACH)
    verdaag_bezwaar(rt, referentie=ref, nu=at("2027-01-28T11:00"), actor=TL)
    beslis_op_bezwaar(rt, referentie=ref, uitkomst=BezwaarUitkomst.ongegrond, nu=at("2027-01-29T10:00"), actor=TL)
    ontvang_inkeerverzoek(rt, referentie=ref, ontvangen_op=date(2027, 1, 29), nu=at("2027-01-29T11:00"), actor=COACH)
    beslis_inkeer(rt, referentie=ref, uitkomst=InkeerUitkomst.afgewezen, nu=at("2027-02-01T10:00"), actor=TL)
    heroverweeg(rt, referentie=ref, uitkomst=HeroverwegingUitkomst.handhaven, nu=at("2027-02-01T11:00"), actor=COACH)
    res = dispatch(rt, nu=at("2027-02-01T12:00"), soort="email")
    assert res.fouten == []
    sjablonen = {r.payload["template"] for r in rijen(rt, ref, "email")}
    assert {"maatregel_gemeld", "maatregel_horen", "maatregel_vier_ogen", "maatregel_teruggestuurd",
            "maatregel_beschikt", "maatregel_bezwaar", "maatregel_inkeer"} <= sjablonen
    assert all(r.status == "sent" for r in rijen(rt, ref, "email"))
    post = [m for m in read_folder(mailbox.folder) if ref in m["Subject"]]  # type: ignore[attr-defined]
    assert len(post) >= 8
    for m in post:
        inhoud_mail = m.as_string()
        for n in PRIVE:
            assert n not in inhoud_mail, (m["Subject"], n)
        for deel in m.walk():
            if deel.get_content_maintype() != "multipart" and deel.get_content_type() != "application/pdf":
                tekst = deel.get_payload(decode=True) or b""
                for n in PRIVE:
                    assert n.encode() not in tekst, (m["Subject"], deel.get_content_type(), n)
        assert "application/pdf" not in {d.get_content_type() for d in m.walk()}  # the letter stays in the store


def test_beschikking_in_december_reduces_january(rt, sim) -> None:  # type: ignore[no-untyped-def]
    ref = lopend(rt, sim)
    gemeld(rt, ref, dag="2026-12-09", verzuim_op=date(2026, 12, 8))
    gehoord(rt, ref, dag="2026-12-10", gesprek="2026-12-14T10:00")
    voorgesteld(rt, ref, dag="2026-12-15")
    b = beschikt(rt, ref, dag="2026-12-28")  # the term ran until 24-12
    assert b["kortingsmaanden"] == [{"maand": "2027-01", "percentage": 10}] and b["bezwaar_uiterlijk"] == "2027-02-08"
    p = rij(rt, f"zgw:{ref}:besluit:{b['besluit']}").payload
    assert (p["ingangsdatum"], p["vervaldatum"]) == ("2027-01-01", "2027-01-31")
    assert rij(rt, f"zgw:{ref}:verlaging:{b['besluit']}-opl-1").payload["maanden"] == b["kortingsmaanden"]
    # the heroverweging ceiling: 28-3-2027 is Easter Sunday and 26-3 Good Friday, so Thursday 25-3
    assert taken(rt, ref, HEROVERWEGING_TAAK)[0][1].due == date(2027, 3, 25)


def _bij_de_gemeente(rt: Any, sim: Any, ref: str, nu: str) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    from tasks.dispatch import dispatch

    res = dispatch(rt, nu=at(nu), soort="zgw")
    assert res.fouten == [], res.fouten
    assert all(r.status == "sent" for r in rijen(rt, ref, "zgw"))
    # the traject's zaak and each maatregelonderzoek's own zaak (REF-M<id>)
    zaken = {z["url"] for z in sim.state.zaken.values() if str(z["identificatie"]).startswith(ref)}
    besluiten = sorted((b for b in sim.state.besluiten.values() if b["zaak"] in zaken),
                       key=lambda b: b["identificatie"])
    verlagingen = sorted((v for v in sim.state.verlagingen.values() if v["zaak"] in zaken),
                         key=lambda v: v["url"])
    return besluiten, verlagingen


def test_the_gemeente_takes_what_the_steps_queue(rt, sim) -> None:  # type: ignore[no-untyped-def]
    """The rows the steps queue pass the gemeente's own checks (besluittypen in its catalogus, the
    dates of a besluit, the verlaging's body) and arrive once: beschikking, reduction, beslissing op
    bezwaar, withdrawal."""
    from integrations.simstate import bsn_hash
    from tasks.maatregel import beslis_op_bezwaar, registreer_bezwaar

    verlaging_http(rt)
    ref = lopend(rt, sim)
    b = tot_beschikking(rt, ref)
    besluiten, verlagingen = _bij_de_gemeente(rt, sim, ref, "2027-01-27T14:05")
    [bes] = besluiten
    assert bes["identificatie"] == b["besluit"] and bes["uiterlijkeReactiedatum"] == "2027-03-10"
    assert (bes["datum"], bes["verzenddatum"], bes["ingangsdatum"], bes["vervaldatum"]) == (
        besluit_datum(date(2027, 1, 27)), "2027-01-27", "2027-02-01", "2027-02-28")
    [v] = verlagingen
    assert (v["besluit"], v["soort"], v["maanden"]) == (b["besluit"], "opleggen", [{"maand": "2027-02",
                                                                                  "percentage": 10}])
    assert v["bsn_hash"] == bsn_hash(BSN)
    registreer_bezwaar(rt, referentie=ref, ontvangen_op=date(2027, 1, 28), adviescommissie=False,
                       nu=at("2027-01-28T10:00"), actor=COACH)
    beslis_op_bezwaar(rt, referentie=ref, uitkomst=BezwaarUitkomst.gegrond, nu=at("2027-01-29T10:00"), actor=TL)
    besluiten, verlagingen = _bij_de_gemeente(rt, sim, ref, "2027-01-29T10:05")
    assert [x["identificatie"] for x in besluiten] == [b["besluit"], f"{b['besluit']}-BOB"]
    assert [(x["soort"], x["maanden"]) for x in verlagingen if x["soort"] != "opleggen"] == [("intrekken", [])]
    assert len(verlagingen) == 2
    besluiten, verlagingen = _bij_de_gemeente(rt, sim, ref, "2027-01-29T11:00")  # nothing left: nothing twice
    assert len(besluiten) == 2 and len(verlagingen) == 2 and len(sim.state.verlagingen) == 2


def test_the_gemeente_takes_an_afzien_and_a_herziening(rt, sim) -> None:  # type: ignore[no-untyped-def]
    from tasks.maatregel import beslis_inkeer, ontvang_inkeerverzoek

    verlaging_http(rt)
    ref = lopend(rt, sim)
    gemeld(rt, ref)
    gehoord(rt, ref)
    voorgesteld(rt, ref, verwijtbaar=False)
    b = beschikt(rt, ref, "AFZIEN")
    [bes], verlagingen = _bij_de_gemeente(rt, sim, ref, "2027-01-27T14:05")
    assert verlagingen == [] and bes["identificatie"] == b["besluit"] and bes["ingangsdatum"] == "2027-01-27"

    _tabel(rt, "M100:2", "M100:3", "M100:3")
    gemeld(rt, ref, gedraging="arbeid", dag="2027-02-01", verzuim_op=date(2027, 1, 29))
    gehoord(rt, ref, dag="2027-02-02", gesprek="2027-02-08T10:00")
    voorgesteld(rt, ref, dag="2027-02-09")
    b2 = beschikt(rt, ref, "M100", dag="2027-02-17")
    ontvang_inkeerverzoek(rt, referentie=ref, ontvangen_op=date(2027, 2, 18), nu=at("2027-02-18T10:00"), actor=COACH)
    beslis_inkeer(rt, referentie=ref, uitkomst=InkeerUitkomst.toegewezen, nu=at("2027-02-19T10:00"), actor=TL)
    besluiten, verlagingen = _bij_de_gemeente(rt, sim, ref, "2027-02-19T10:05")
    [inkeer] = stappen(rt, ref, INKEER)
    assert [x["identificatie"] for x in besluiten if x["identificatie"].startswith(b2["besluit"])] == [
        b2["besluit"], f"{b2['besluit']}-Hink{inkeer.id}"]
    assert sorted((x["soort"], [m["maand"] for m in x["maanden"]]) for x in verlagingen) == [
        ("herzien", ["2027-03"]), ("opleggen", ["2027-03", "2027-04"])]  # the first month stands


def test_a_second_beschikking_while_the_first_is_reconsidered(rt, sim) -> None:  # type: ignore[no-untyped-def]
    """A recidive within the three months of the first heroverweging: both run side by side, one per
    beschikking, and so do their bezwaren; with two open, the step asks which one."""
    from domain.invoer import OngeldigeInvoer
    from tasks.maatregel import beslis_op_bezwaar, heroverweeg, registreer_bezwaar

    ref = lopend(rt, sim)
    eerste = tot_beschikking(rt, ref, "M1M10")
    gemeld(rt, ref, dag="2027-02-08", verzuim_op=date(2027, 2, 5))
    gehoord(rt, ref, dag="2027-02-09", gesprek="2027-02-15T10:00")
    voorgesteld(rt, ref, dag="2027-02-16")
    tweede = beschikt(rt, ref, "M2M10", dag="2027-02-24")  # recidive: the table's second step
    ids = [m.id for m in maatregelen(rt, ref)]
    open_ = [p for p in stappen(rt, ref, HEROVERWEGING) if p.gesloten_op is None]
    assert sorted(p.data["maatregel_id"] for p in open_) == ids
    assert len(taken(rt, ref, HEROVERWEGING_TAAK)) == 2
    geweigerd(rt, OngeldigeInvoer, "kies er een met --maatregel", lambda: heroverweeg(
        rt, referentie=ref, uitkomst=HeroverwegingUitkomst.handhaven, nu=at("2027-03-01T10:00"), actor=COACH))
    heroverweeg(rt, referentie=ref, uitkomst=HeroverwegingUitkomst.handhaven, nu=at("2027-03-01T10:00"), actor=COACH,
                maatregel_id=ids[0])
    # Both bezwaartermijnen ran on 25-2 (the first until 10-3): without a number the step asks which (issue 20);
    # by number each gets its own; the same one twice is refused.
    geweigerd(rt, OngeldigeInvoer, f"bij 2 maatregelen ({ids[0]}, {ids[1]}); kies met --maatregel",
              lambda: registreer_bezwaar(rt, referentie=ref, ontvangen_op=date(2027, 2, 25), adviescommissie=False,
                                         nu=at("2027-02-25T10:00"), actor=COACH))
    registreer_bezwaar(rt, referentie=ref, ontvangen_op=date(2027, 2, 25), adviescommissie=False,
                       nu=at("2027-02-25T10:00"), actor=COACH, maatregel_id=ids[1])
    registreer_bezwaar(rt, referentie=ref, ontvangen_op=date(2027, 2, 25), adviescommissie=False,
                       nu=at("2027-02-25T11:00"), actor=COACH, maatregel_id=ids[0])
    geweigerd(rt, TransitionRefused, "er loopt al een bezwaar tegen", lambda: registreer_bezwaar(
        rt, referentie=ref, ontvangen_op=date(2027, 2, 25), adviescommissie=False, nu=at("2027-02-25T12:00"),
        actor=COACH))
    res = beslis_op_bezwaar(rt, referentie=ref, uitkomst=BezwaarUitkomst.gegrond, nu=at("2027-03-10T10:00"), actor=TL,
                            maatregel_id=ids[1])
    assert res["maatregel_status"] == "herroepen"
    statussen = {m.id: m.status for m in maatregelen(rt, ref)}
    assert statussen == {ids[0]: "actief", ids[1]: "herroepen"}
    assert eerste["besluit"] != tweede["besluit"]


def test_trial_findings_refused_with_one_line(rt, sim) -> None:  # type: ignore[no-untyped-def]
    """What a hostile trial got through: a voorstel before the planned gesprek, approval by the
    proposer under a +alias, a verzenddatum on a Sunday, the same verzuim twice, a made-up postcode."""
    from domain.invoer import OngeldigeInvoer
    from tasks.maatregel import keur_goed, leg_adres_vast, leg_toelichting_vast, nodig_uit, stel_voor

    ref = lopend(rt, sim)
    gemeld(rt, ref)
    geweigerd(rt, TransitionRefused, "maatregelonderzoek loopt al", lambda: gemeld(rt, ref, dag="2027-01-11"))
    nodig_uit(rt, referentie=ref, gesprek_op=datetime.fromisoformat("2027-01-18T10:00"), locatie="Kantoor IJmuiden",
              nu=at("2027-01-12T10:00"), actor=COACH)
    leg_toelichting_vast(rt, referentie=ref, toelichting="Schriftelijk: ik was ziek", nu=at("2027-01-13T10:00"),
                         actor=COACH)
    geweigerd(rt, TransitionRefused, "het gesprek (horen) is gepland op 2027-01-18 10:00", lambda: stel_voor(
        rt, referentie=ref, verwijtbaar=True, nu=at("2027-01-14T09:00"), actor=COACH))
    voorgesteld(rt, ref, dag="2027-01-19")
    alias = COACH.replace("@", "+tweede@")
    geweigerd(rt, TransitionRefused, "deed zelf het voorstel", lambda: keur_goed(
        rt, referentie=ref, type="M1M10", nu=at("2027-01-20T14:00"), actor=alias))
    geweigerd(rt, OngeldigeInvoer, "is geen werkdag", lambda: beschikt(rt, ref, "M1M10",
                                                                        verzenddatum=date(2027, 1, 31)))
    geweigerd(rt, OngeldigeInvoer, "bestaat niet", lambda: leg_adres_vast(
        rt, referentie=ref, adres=ADRES, postcode="1971SA", woonplaats=WOONPLAATS, nu=at("2027-01-20T10:00"),
        actor="test"))


def test_bezwaar_before_sending_counts_and_gegrond_empties_the_months(rt, sim) -> None:  # type: ignore[no-untyped-def]
    """Awb 6:10: a bezwaar between the besluit and its sending is not too early. A gegrond bezwaar leaves
    no reduced months in the status (the gemeente withdrew them)."""
    from tasks.maatregel import beslis_op_bezwaar, registreer_bezwaar, stand

    ref = lopend(rt, sim)
    gemeld(rt, ref)
    gehoord(rt, ref)
    voorgesteld(rt, ref)
    beschikt(rt, ref, "M1M10", verzenddatum=date(2027, 1, 29))
    geweigerd(rt, TransitionRefused, "één gedraging geeft één maatregel", lambda: gemeld(rt, ref, dag="2027-01-28"))
    registreer_bezwaar(rt, referentie=ref, ontvangen_op=date(2027, 1, 28), adviescommissie=False,
                       nu=at("2027-01-28T10:00"), actor=COACH)
    beslis_op_bezwaar(rt, referentie=ref, uitkomst=BezwaarUitkomst.gegrond, nu=at("2027-02-01T10:00"), actor=TL)
    [m] = stand(rt, ref)["maatregelen"]
    assert (m["beschikking_status"], m["kortingsmaanden"]) == ("herroepen", [])


def test_the_horen_invitation_carries_a_named_time_zone() -> None:
    """The .ics of the gesprek names Europe/Amsterdam (with its VTIMEZONE), not a bare UTC offset."""
    from notifications.beschikking import horen_ics
    from tasks.maatregel_mail import horen_context

    ctx = horen_context({"referentie": "IJW-2027-000001", "gemeente_label": "Velsen", "gedraging": "Afspraak",
                         "verzuim_op": "2027-01-08", "gesprek_op": "2027-01-18T10:00:00+01:00", "locatie": "Kantoor",
                         "reageren_uiterlijk": "2027-01-26", "werkcoach": COACH})
    ics = horen_ics({**ctx, "stamp": at("2027-01-12T10:00")}).decode()
    assert 'DTSTART;TZID=Europe/Amsterdam:20270118T100000' in ics and "BEGIN:VTIMEZONE" in ics
