"""A maatregel reaches the gemeente through the outbox: the beschikking as a besluit on the zaak (with
its werkingsperiode) and the verlaging at the uitkeringsadministratie, exactly once, with the BSN
read from the case store at send time (never in the row). Real dispatcher, real simulator."""

from __future__ import annotations

import json

import httpx
import pytest
from sqlmodel import col, select

from casestore import repo
from casestore.db import session
from casestore.models import AuditEvent, Outbox, Taak
from integrations.simstate import bsn_hash
from tasks.aanmelding import registreer
from tasks.dispatch import dispatch
from tests.conftest import at, besluit_datum, verlaging_http, wachtend_traject

BSN = "999900602"


def queue(rt, ref: str, idem_key: str, payload: dict[str, object]) -> None:  # type: ignore[no-untyped-def]
    with session(rt.engine) as s:
        repo.add_outbox(s, idem_key=idem_key, soort="zgw", traject=repo.get_traject(s, referentie=ref),
                        nu=at("2027-02-15T10:00"), payload=payload)
        s.commit()


def rij(rt, idem_key: str) -> Outbox:  # type: ignore[no-untyped-def]
    with session(rt.engine) as s:
        r = s.exec(select(Outbox).where(Outbox.idem_key == idem_key)).one()
        s.expunge(r)
        return r


@pytest.mark.postgresql  # also on PostgreSQL (tests/conftest.py)
def test_beschikking_and_verlaging_reach_the_gemeente_once_through_faults(rt, sim) -> None:  # type: ignore[no-untyped-def]
    verlaging_http(rt)
    ref = wachtend_traject(rt, BSN)
    # a besluit on the traject's own zaak (a maatregel's go on its own zaak: tests/tasks/test_maatregelzaak.py)
    queue(rt, ref, f"zgw:{ref}:besluit:{ref}-MR-1", {
        "op": "besluit", "besluittype": "Beschut werk toegekend", "identificatie": f"{ref}-MR-1",
        "datum": "2027-02-15", "toelichting": "Maatregel na horen", "uiterlijke_reactiedatum": "2027-03-30",
        "verzenddatum": "2027-02-16", "ingangsdatum": "2027-03-01", "vervaldatum": "2027-03-31"})
    sleutel = f"zgw:{ref}:verlaging:1"
    queue(rt, ref, sleutel, {"op": "verlaging", "identificatie": f"{ref}-VL-1", "besluit_identificatie": f"{ref}-MR-1",
                             "soort": "opleggen", "maanden": [{"maand": "2027-03", "percentage": 20}],
                             "na_besluit": f"{ref}-MR-1"})  # only once the gemeente took the besluit
    # About a third of the gemeente's answers are lost (handled, then a 503): the dispatcher keeps the
    # rows queued and a later run sends them again, with the same key.
    sim.drive("/_sim/fault", {"mode": "verloren", "aandeel": 0.3, "seed": 3})
    nu, rondes = at("2027-02-15T10:05"), 0
    while rij(rt, sleutel).status != "sent":
        assert rondes < 40, rij(rt, sleutel).laatste_fout
        dispatch(rt, nu=nu, soort="zgw")
        rondes += 1
    sim.drive("/_sim/fault", {"mode": None})
    assert rondes > 1  # the faults did play

    zaak = next(z for z in sim.state.zaken.values() if z["identificatie"] == ref)
    besluiten = [b for b in sim.state.besluiten.values() if b["zaak"] == zaak["url"]]
    assert len(besluiten) == 1
    assert {k: besluiten[0][k] for k in ("datum", "ingangsdatum", "vervaldatum", "verzenddatum",
                                         "uiterlijkeReactiedatum")} == {
        "datum": besluit_datum(at("2027-02-15T10:00").date()), "ingangsdatum": "2027-03-01", "vervaldatum": "2027-03-31",
        "verzenddatum": "2027-02-16", "uiterlijkeReactiedatum": "2027-03-30"}
    verlagingen = list(sim.state.verlagingen.values())
    assert len(verlagingen) == 1
    v = verlagingen[0]
    assert (v["zaak"], v["besluit"], v["soort"], v["maanden"]) == (
        zaak["url"], f"{ref}-MR-1", "opleggen", [{"maand": "2027-03", "percentage": 20}])
    assert v["bsn_hash"] == bsn_hash(BSN) and v["sleutel"] == sleutel  # the deelnemer's BSN, read at send time
    sent = rij(rt, sleutel)
    assert sent.extern_kenmerk == v["url"] and BSN not in json.dumps(sent.payload)
    per = httpx.get(f"{sim.url}/_sim/verzoeken").json()["per_sleutel"]
    assert per[sleutel]["verlagingen"] == 1 and per[sleutel]["verzoeken"] >= 1
    dispatch(rt, nu=at("2027-02-15T11:00"), soort="zgw")  # nothing left: no second verlaging
    assert len(sim.state.verlagingen) == 1 and len(sim.state.besluiten) == 1


def test_a_verlaging_waits_for_the_zaak(rt, sim) -> None:  # type: ignore[no-untyped-def]
    verlaging_http(rt)
    t0 = at("2026-11-23T09:00")
    ref = registreer(rt, bsn=BSN, naam="Test Persoon", geboortedatum=at("1980-01-01T12:00").date(), gemeente="velsen",
                     werkcoach="wc.velsen@ijw.example", nu=t0, actor="test")
    with session(rt.engine) as s:  # the zaak was never registered (its row stopped), so no zaak URL
        for r in s.exec(select(Outbox).where(Outbox.soort == "zgw")).all():
            r.status = "failed"
            s.add(r)
        s.commit()
    queue(rt, ref, f"zgw:{ref}:verlaging:1", {"op": "verlaging", "identificatie": f"{ref}-VL-1",
                                               "besluit_identificatie": f"{ref}-MR-1", "soort": "intrekken",
                                               "maanden": []})
    res = dispatch(rt, nu=at("2027-02-15T10:05"), soort="zgw")
    assert res.mislukt_tijdelijk == 1 and "verlaging volgt later" in res.fouten[0]
    assert rij(rt, f"zgw:{ref}:verlaging:1").status == "pending" and sim.state.verlagingen == {}


def test_a_refused_verlaging_becomes_a_task_with_the_gemeentes_words_and_no_bsn(rt, sim) -> None:  # type: ignore[no-untyped-def]
    verlaging_http(rt)
    ref = wachtend_traject(rt, BSN)
    sleutel = f"zgw:{ref}:verlaging:1"
    queue(rt, ref, sleutel, {"op": "verlaging", "identificatie": f"{ref}-VL-1", "besluit_identificatie": f"{ref}-MR-1",
                             "soort": "opleggen", "maanden": [{"maand": "2027-03", "percentage": 120}]})
    res = dispatch(rt, nu=at("2027-02-15T10:05"), soort="zgw")
    assert res.mislukt_definitief == 1 and rij(rt, sleutel).status == "failed"
    assert "1 tot en met 100" in res.fouten[0] and "(400)" in res.fouten[0]
    with session(rt.engine) as s:
        taken = s.exec(select(Taak).where(col(Taak.titel).contains("Geweigerd door gemeente"))).all()
        assert len(taken) == 1 and "maanden.0.percentage" in taken[0].titel
        teksten = [a.omschrijving for a in s.exec(select(AuditEvent)).all()] + [t.titel for t in taken]
    assert all(BSN not in t for t in teksten)
    assert sim.state.verlagingen == {}
