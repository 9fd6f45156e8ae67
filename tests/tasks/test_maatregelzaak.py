"""The maatregelonderzoek's own zaak at a strict gemeente: registered at the melding, related to the
traject's zaak, its besluiten there; a bezwaar after uitstroom is decided on it (the traject's zaak is
closed by then: a real Open Zaak answers 403 on any write to it); the sweep closes it after its last term."""

from __future__ import annotations

from typing import Any

import pytest
from sqlmodel import select

from casestore.db import session
from casestore.models import Maatregel, Outbox
from domain.fasen import Uitstroom
from domain.maatregel import BezwaarUitkomst, HeroverwegingUitkomst
from tasks.dispatch import dispatch
from tests.conftest import at
from tests.tasks.test_maatregel import COACH, TL, lopend, tot_beschikking


def _zaak(sim: Any, identificatie: str) -> dict[str, Any]:
    return next(z for z in sim.state.zaken.values() if z["identificatie"] == identificatie)


def _verstuur(rt: Any, nu: str) -> None:
    res = dispatch(rt, nu=at(nu))
    assert res.fouten == [] and res.mislukt_definitief == 0, res.fouten


@pytest.mark.postgresql  # also on PostgreSQL (tests/conftest.py)
def test_a_bezwaar_after_uitstroom_is_decided_on_the_maatregels_own_zaak(rt, sim) -> None:  # type: ignore[no-untyped-def]
    from tasks.fasen import stroom_uit
    from tasks.maatregel import beslis_op_bezwaar, heroverweeg, registreer_bezwaar, sluit_verlopen_maatregelzaken

    ref = lopend(rt, sim)
    b = tot_beschikking(rt, ref)
    _verstuur(rt, "2027-01-20T15:00")
    traject = _zaak(sim, ref)
    mzaak = _zaak(sim, f"{ref}-M1")
    assert [r["url"] for r in mzaak["relevanteAndereZaken"]] == [traject["url"]]
    besluiten = [x for x in sim.state.besluiten.values() if x["identificatie"] == b["besluit"]]
    assert [x["zaak"] for x in besluiten] == [mzaak["url"]]  # on the maatregel's zaak, not the traject's
    with session(rt.engine) as s:
        mail = s.exec(select(Outbox).where(Outbox.payload["template"].as_string() == "verlaging_doorvoeren")).all()
        assert [m.status for m in mail] == ["sent"]  # sent in the same run, after the besluit was accepted
        assert mail[0].payload["aan"] == "klantmanager@velsen.example" and "999905004" not in str(mail[0].payload)

    stroom_uit(rt, referentie=ref, uitkomst=Uitstroom.werkaanvaarding, reden="Vaste baan gevonden",
               nu=at("2027-01-25T10:00"), actor=COACH)
    _verstuur(rt, "2027-01-25T10:00")
    assert traject["einddatum"] and traject["resultaat"]  # the traject's zaak: resultaat, then closed
    assert mzaak.get("einddatum") is None  # the maatregel's zaak stays open for its terms

    registreer_bezwaar(rt, referentie=ref, ontvangen_op=at("2027-02-01T09:00").date(), adviescommissie=False,
                       nu=at("2027-02-01T09:00"), actor=COACH)
    beslis_op_bezwaar(rt, referentie=ref, uitkomst=BezwaarUitkomst.ongegrond, nu=at("2027-02-20T09:00"), actor=TL)
    heroverweeg(rt, referentie=ref, uitkomst=HeroverwegingUitkomst.handhaven, nu=at("2027-02-21T09:00"), actor=TL)
    _verstuur(rt, "2027-02-21T09:00")
    bob = [x for x in sim.state.besluiten.values() if x["identificatie"] == f"{b['besluit']}-BOB"]
    assert [x["zaak"] for x in bob] == [mzaak["url"]]
    assert mzaak.get("einddatum") is None

    with session(rt.engine) as s:  # before the last term: nothing closes
        assert sluit_verlopen_maatregelzaken(s, at("2027-02-22T07:00")) == 0
        s.commit()
    with session(rt.engine) as s:
        assert sluit_verlopen_maatregelzaken(s, at("2027-06-01T07:00")) == 1
        s.commit()
    _verstuur(rt, "2027-06-01T07:00")
    assert mzaak["einddatum"] and mzaak["resultaat"]
    resultaat = sim.state.resultaten[mzaak["resultaat"].rsplit("/", 1)[-1]]
    with session(rt.engine) as s:
        m = s.exec(select(Maatregel)).one()
        assert m.zaak_url == mzaak["url"] and m.zaak_afgesloten_op is not None
        assert sluit_verlopen_maatregelzaken(s, at("2027-06-02T07:00")) == 0  # once
    assert resultaat["resultaattype"]

    # A late bezwaar after the zaak closed (registered, marked late): werkpad may not reopen the closed
    # zaak, so a follow-up zaak takes it, related to the traject's zaak and to the closed one.
    registreer_bezwaar(rt, referentie=ref, ontvangen_op=at("2027-06-10T09:00").date(), adviescommissie=False,
                       nu=at("2027-06-10T09:00"), actor=COACH)
    beslis_op_bezwaar(rt, referentie=ref, uitkomst=BezwaarUitkomst.niet_ontvankelijk, nu=at("2027-06-20T09:00"),
                      actor=TL)
    _verstuur(rt, "2027-06-20T09:00")
    vervolg = _zaak(sim, f"{ref}-M1-V1")
    bob2 = [x for x in sim.state.besluiten.values() if x["identificatie"].startswith(f"{b['besluit']}-BOB")
            and x["zaak"] == vervolg["url"]]
    assert len(bob2) == 1  # the second beslissing op bezwaar is a besluit of its own, on the follow-up zaak
    assert sorted(r["url"] for r in vervolg["relevanteAndereZaken"]) == sorted([traject["url"], mzaak["url"]])
    assert vervolg.get("einddatum") is None
    with session(rt.engine) as s:
        m = s.exec(select(Maatregel)).one()
        assert (m.zaak_url, m.zaak_vervolg, m.zaak_afgesloten_op) == (vervolg["url"], 1, None)
        assert sluit_verlopen_maatregelzaken(s, at("2027-06-21T07:00")) == 1  # nothing runs any more: it closes
        s.commit()
    _verstuur(rt, "2027-06-21T07:00")
    assert vervolg["einddatum"] and vervolg["resultaat"]
    with session(rt.engine) as s:
        assert s.exec(select(Outbox).where(Outbox.status != "sent")).all() == []
