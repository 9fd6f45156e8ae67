"""Issue 20 (M1) through the flows (in-process, the session's Prefect test server): the reaction term before
the beschikking (Awb 4:8) with its two new steps, `maatregel afzien-reactie` and `maatregel horen-achterwege`
(Awb 4:11/4:12), and afzien om dringende redenen (Pw art. 18 lid 10) from the voorstel's form. A refusal ends
Completed as "Geweigerd" with its Dutch line; the new forms hold no personal data."""

from __future__ import annotations

from datetime import date
from typing import Any

from domain.maatregel import BeschikkingType, HorenAchterwege, Verwijtbaar
from tests.conftest import at, weigert
from tests.flows.test_maatregel_flows import PERSOONLIJK, TL, WC, lopend_traject


def test_afzien_reactie_and_horen_achterwege_through_their_flows(prefect, rt, sim, mailbox) -> None:  # type: ignore[no-untyped-def]
    from flows.maatregel import (
        FLOWS,
        maatregel_afzien_reactie,
        maatregel_goedkeuren,
        maatregel_horen,
        maatregel_horen_achterwege,
        maatregel_melden,
        maatregel_toelichting,
        maatregel_voorstel,
    )

    for naam in ("afzien-reactie", "horen-achterwege"):  # the forms carry a reference, never personal data
        assert FLOWS[naam] is not None
    ref = lopend_traject(rt, sim, "999900705")
    maatregel_melden(referentie=ref, gedraging="afspraak_niet_nagekomen", verzuim_op=date(2026, 12, 11),
                     feiten="Niet verschenen op de training", nu=at("2026-12-14T09:00"))
    maatregel_horen(referentie=ref, gesprek="2026-12-17 10:00", locatie="Kantoor IJmond Werkt! Velsen",
                    nu=at("2026-12-14T10:00"))
    maatregel_toelichting(referentie=ref, toelichting="Was het vergeten", nu=at("2026-12-17T11:00"))
    maatregel_voorstel(referentie=ref, verwijtbaar=Verwijtbaar.ja, door=WC, dringende_redenen="Mantelzorg voor "
                       "een ernstig ziek kind", afzien_om_dringende_redenen=True, nu=at("2026-12-18T09:00"))
    weigert(maatregel_goedkeuren(referentie=ref, type=BeschikkingType.AFZIEN, door=TL, nu=at("2026-12-21T09:00")),
            "de reactietermijn loopt nog tot en met 2026-12-29")
    weigert(maatregel_afzien_reactie(referentie=ref, verklaard_op=date(2026, 12, 22), nu=at("2026-12-21T09:00")),
            "ligt in de toekomst")
    res = maatregel_afzien_reactie(referentie=ref, verklaard_op=date(2026, 12, 18), nu=at("2026-12-21T09:05"))
    assert res["verklaard_op"] == "2026-12-18"
    weigert(maatregel_horen_achterwege(referentie=ref, grond=HorenAchterwege.spoed, feiten="Spoed is nodig, echt",
                                       nu=at("2026-12-21T09:10")), "al afgezien van de rest van de reactietermijn")
    res = maatregel_goedkeuren(referentie=ref, type=BeschikkingType.AFZIEN, door=TL, nu=at("2026-12-21T09:30"))
    assert res["type"] == "AFZIEN" and res["kortingsmaanden"] == []

    ref2 = lopend_traject(rt, sim, "999900717")
    maatregel_melden(referentie=ref2, gedraging="afspraak_niet_nagekomen", verzuim_op=date(2026, 12, 11),
                     feiten="Niet verschenen op de training", nu=at("2026-12-14T09:00"))
    res = maatregel_horen_achterwege(referentie=ref2, grond=HorenAchterwege.eerder_gehoord,
                                     feiten="Gehoord op 10-12 over hetzelfde verzuim; sindsdien niets nieuws",
                                     nu=at("2026-12-14T10:00"))
    assert res["status"] == "beoordelen" and res["grondslag"].startswith("Awb art. 4:11, aanhef en onder b")
    maatregel_voorstel(referentie=ref2, verwijtbaar=Verwijtbaar.ja, door=WC, nu=at("2026-12-14T11:00"))
    res = maatregel_goedkeuren(referentie=ref2, type=BeschikkingType.M1M10, door=TL, nu=at("2026-12-14T14:00"))
    assert res["kortingsmaanden"] == [{"maand": "2027-01", "percentage": 10}]
    _geen_persoonsgegevens_in_runs(ref)


def _geen_persoonsgegevens_in_runs(ref: str) -> None:
    from prefect import get_client
    from prefect.client.schemas.filters import FlowRunFilter, FlowRunFilterName

    with get_client(sync_client=True) as c:
        runs: list[Any] = c.read_flow_runs(flow_run_filter=FlowRunFilter(name=FlowRunFilterName(like_=ref)))
    assert runs
    for r in runs:
        assert not (PERSOONLIJK - {"nu"}) & set(r.parameters)
