"""werkpad's ZGW client against the gemeente, as a real Open Zaak answers (see conftest for the modes).

Each test is what werkpad does on one path, and what a real Open Zaak refused before werkpad learned
it (issue 18): the Accept-Crs header, two statussen at one moment, an eindstatus without resultaat, a
future status, the zaaktype version of the zaak, a besluit on a closed zaak, the maatregel's own
zaak, and the uitkering decision from the gemeente's own aanvraag-zaak.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from domain.gemeenten import UitkeringConfig
from integrations.gemeente.catalogus import AANVRAAG, MAATREGEL, TRAJECT
from integrations.gemeente.client import Typen
from integrations.gemeente.errors import GemeenteRejected
from integrations.gemeente.uitkering import uitkeringsbesluit
from tests.contract.conftest import Partner

BSN = "999993549"  # a fictitious test BSN that passes the 11-proef
START = date(2026, 11, 2)
MOMENT = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)


def test_bsn(run: str) -> str:
    """A fictitious BSN (999 range) of this run that passes the 11-proef."""
    n = int.from_bytes(run.encode(), "big") % 100000
    while True:
        eerste = f"999{n:05d}"
        som = sum(int(c) * w for c, w in zip(eerste, range(9, 1, -1), strict=True))
        laatste = som % 11
        if laatste < 10:
            return eerste + str(laatste)
        n = (n + 1) % 100000


test_bsn.__test__ = False  # type: ignore[attr-defined]  # a helper, not a test


def _traject_zaak(p: Partner, naam: str) -> tuple[str, Typen]:
    c = p.client
    zt = c.zaaktype(TRAJECT.identificatie, op=START)
    zaak = c.maak_zaak(bronorganisatie=p.rsin, identificatie=f"CT-{p.run}-{naam}", zaaktype_url=zt.url,
                       startdatum=START, omschrijving=f"Contracttest {naam}")
    typen = c.typen_van(zaak.zaaktype)
    c.voeg_rol_toe(zaak_url=zaak.url, roltype_url=typen.roltype("Deelnemer").url, betrokkene_type="natuurlijk_persoon",
                   identificatie={"inpBsn": BSN}, toelichting="Deelnemer")
    return zaak.url, typen


def test_a_zaak_with_roles_and_two_statussen_of_one_moment(partner: Partner) -> None:
    """Open Zaak: 412 without Accept-Crs (the client sends it); 400 `unique` for two equal moments (the
    client puts the second one a second later)."""
    c = partner.client
    zaak_url, typen = _traject_zaak(partner, "STATUS")
    c.zet_status(zaak_url=zaak_url, statustype_url=typen.statustype("Aangemeld").url, gezet_op=MOMENT)
    c.zet_status(zaak_url=zaak_url, statustype_url=typen.statustype("Brede intake gepland").url,
                 gezet_op=MOMENT)
    zaak = c.zaak(zaak_url)
    huidig = c.lees(zaak["status"], "status")
    assert huidig["statustype"] == typen.statustype("Brede intake gepland").url
    assert huidig["datumStatusGezet"].startswith("2026-11-02T09:00:01")
    # the same status again (a retry after a lost answer) is found, not set twice
    again = c.zet_status(zaak_url=zaak_url, statustype_url=typen.statustype("Brede intake gepland").url,
                         gezet_op=MOMENT)
    assert again == zaak["status"]


def test_the_partner_refuses_a_zaak_read_without_accept_crs(partner: Partner) -> None:
    r = partner.beheer("GET", "/zaken/api/v1/zaken?identificatie=CT-GEEN")
    assert r.status_code == 200
    import httpx

    from integrations.gemeente.auth import make_token

    kaal = httpx.get(partner.base_url + "/zaken/api/v1/zaken", params={"identificatie": "CT-GEEN"}, timeout=30,
                     headers={"Authorization": "Bearer " + make_token(partner.beheer_id, partner.beheer_secret)})
    assert kaal.status_code == 412


def test_an_eindstatus_needs_a_resultaat_first_and_then_the_zaak_is_closed(partner: Partner) -> None:
    c = partner.client
    zaak_url, typen = _traject_zaak(partner, "EIND")
    c.zet_status(zaak_url=zaak_url, statustype_url=typen.statustype("Aangemeld").url, gezet_op=MOMENT)
    with pytest.raises(GemeenteRejected) as exc:
        c.zet_status(zaak_url=zaak_url, statustype_url=typen.statustype("Afgesloten").url,
                     gezet_op=MOMENT.replace(hour=10))
    assert exc.value.status == 400
    assert "resultaat-does-not-exist" in {p["code"] for p in exc.value.invalid_params}
    assert "resultaat-does-not-exist" in str(exc.value)  # the reason reaches the staff task
    c.zet_resultaat(zaak_url=zaak_url, resultaattype_url=typen.resultaattype("Uitkering afgewezen").url)
    c.zet_status(zaak_url=zaak_url, statustype_url=typen.statustype("Afgesloten").url,
                 gezet_op=MOMENT.replace(hour=10))
    assert c.zaak(zaak_url)["einddatum"] == "2026-11-02"


def test_a_future_moment_is_sent_as_the_real_now(partner: Partner) -> None:
    """A moved development clock: Open Zaak refuses a datumStatusGezet in the future (date-in-future)."""
    c = partner.client
    zaak_url, typen = _traject_zaak(partner, "TOEKOMST")
    c.klok = lambda: datetime(2026, 11, 30, 12, 0, tzinfo=UTC)  # the 'real' now, fixed so a replay matches
    c.zet_status(zaak_url=zaak_url, statustype_url=typen.statustype("Aangemeld").url,
                 gezet_op=datetime(2099, 1, 1, tzinfo=UTC))
    status = c.lees(c.zaak(zaak_url)["status"], "status")
    assert status["datumStatusGezet"].startswith("2026-11-30T12:00:00")


def test_a_besluit_on_a_closed_zaak_is_refused_but_the_maatregel_has_its_own_zaak(partner: Partner) -> None:
    """Open Zaak: 403 on any write naming a closed zaak (without zaken.geforceerd-bijwerken). So the
    maatregelonderzoek has a zaak of its own, related to the traject's, and its besluit goes there."""
    c = partner.client
    zaak_url, typen = _traject_zaak(partner, "UIT")
    c.zet_status(zaak_url=zaak_url, statustype_url=typen.statustype("Aangemeld").url, gezet_op=MOMENT)
    c.zet_resultaat(zaak_url=zaak_url, resultaattype_url=typen.resultaattype("Werkaanvaarding").url)
    c.zet_status(zaak_url=zaak_url, statustype_url=typen.statustype("Afgesloten").url,
                 gezet_op=MOMENT.replace(hour=11))
    mt = c.zaaktype(MAATREGEL.identificatie, op=START)
    mzaak = c.maak_zaak(bronorganisatie=partner.rsin, identificatie=f"CT-{partner.run}-UIT-M1", zaaktype_url=mt.url,
                        startdatum=START, omschrijving="Contracttest maatregel", relevante_andere_zaken=[zaak_url])
    mtypen = c.typen_van(mzaak.zaaktype)
    c.zet_status(zaak_url=mzaak.url, statustype_url=mtypen.statustype("Onderzoek gestart").url, gezet_op=MOMENT)
    bt = mtypen.besluittype("Beschikking maatregel 1 maand 20%")
    with pytest.raises(GemeenteRejected) as exc:  # not on the traject's closed zaak
        c.maak_besluit(verantwoordelijke_organisatie=partner.rsin, identificatie=f"CT-{partner.run}-B0",
                       besluittype_url=typen.besluittype("Beschut werk afgewezen").url,
                       zaak_url=zaak_url, datum=START)
    assert exc.value.status == 403
    besluit = c.maak_besluit(verantwoordelijke_organisatie=partner.rsin, identificatie=f"CT-{partner.run}-B1",
                             besluittype_url=bt.url, zaak_url=mzaak.url, datum=START, verzenddatum=START,
                             uiterlijke_reactiedatum=date(2026, 12, 14))
    assert besluit in c.zaakbesluiten(mzaak.url)  # the gemeente links it to the zaak itself
    again = c.maak_besluit(verantwoordelijke_organisatie=partner.rsin, identificatie=f"CT-{partner.run}-B1",
                           besluittype_url=bt.url, zaak_url=mzaak.url, datum=START)
    assert again == besluit  # a retry finds it
    relaties = c.zaak(mzaak.url).get("relevanteAndereZaken") or []
    assert [r["url"] for r in relaties] == [zaak_url]


def test_types_come_from_the_zaaks_own_zaaktype_version(partner: Partner) -> None:
    c = partner.client
    zaak_url, typen = _traject_zaak(partner, "VERSIE")
    zaak = c.zaak(zaak_url)
    assert typen.zaaktype.url == zaak["zaaktype"]
    assert all(s.zaaktype == zaak["zaaktype"] for s in typen.statustypen)
    assert [s.omschrijving for s in typen.statustypen] == [o for _, o in TRAJECT.statustypen]


def test_the_uitkering_decision_from_the_gemeentes_own_aanvraag_zaak(partner: Partner) -> None:
    """bron zgw: the gemeente's aanvraag levensonderhoud, found by POST /zaken/_zoek on the BSN."""
    c = partner.client
    bsn = test_bsn(partner.run)  # a person of this run only, so earlier recordings' aanvragen do not count
    cfg = UitkeringConfig()
    geen = uitkeringsbesluit(c, cfg, bsn=bsn, traject_zaak="", aangemeld_op=date(2020, 1, 1))
    assert geen.status == "in_behandeling"
    # The gemeente registers the aanvraag in its own zaaktype (werkpad may only read those).
    zt = c.zaaktype(AANVRAAG.identificatie, op=START)
    at = c.typen_van(zt)
    r = partner.beheer("POST", "/zaken/api/v1/zaken", {
        "identificatie": f"LO-{partner.run}-1", "bronorganisatie": partner.rsin, "zaaktype": zt.url,
        "verantwoordelijkeOrganisatie": partner.rsin, "startdatum": "2026-10-30", "vertrouwelijkheidaanduiding":
        "vertrouwelijk", "omschrijving": "Aanvraag levensonderhoud"})
    assert r.status_code == 201, r.text
    aanvraag = r.json()["url"]
    r = partner.beheer("POST", "/zaken/api/v1/rollen", {
        "zaak": aanvraag, "roltype": at.roltype("Aanvrager").url, "betrokkeneType": "natuurlijk_persoon",
        "roltoelichting": "Aanvrager", "betrokkeneIdentificatie": {"inpBsn": bsn}})
    assert r.status_code == 201, r.text
    st = uitkeringsbesluit(c, cfg, bsn=bsn, traject_zaak="", aangemeld_op=START)
    assert (st.status, st.aanvraagdatum) == ("in_behandeling", date(2026, 10, 30))
    r = partner.beheer("POST", "/zaken/api/v1/resultaten", {"zaak": aanvraag,
                                                          "resultaattype": at.resultaattype("Toegekend").url})
    assert r.status_code == 201, r.text
    st = uitkeringsbesluit(c, cfg, bsn=bsn, traject_zaak="", aangemeld_op=START)
    assert (st.status, st.aanvraagdatum, st.aanvraag) == ("toegekend", date(2026, 10, 30), f"LO-{partner.run}-1")


def test_a_refusal_carries_the_gemeentes_reasons_without_a_bsn(partner: Partner) -> None:
    """Every 400 of Open Zaak says 'Ongeldige invoer.'; the reason is in invalidParams."""
    c = partner.client
    zaak_url, typen = _traject_zaak(partner, "FOUT")
    with pytest.raises(GemeenteRejected) as exc:
        c.voeg_rol_toe(zaak_url=zaak_url, roltype_url=typen.roltype("Werkcoach").url,
                       betrokkene_type="natuurlijk_persoon", identificatie={"inpBsn": "123456789"})
    assert exc.value.status == 400
    assert exc.value.invalid_params and "123456789" not in str(exc.value)


def test_a_replay_refuses_a_changed_request() -> None:
    """The replay's body matcher: the same JSON in another key order matches; another moment does not."""
    from types import SimpleNamespace

    from tests.contract.conftest import _body_matcher

    opgenomen = SimpleNamespace(body=b'{"zaak": "z", "datumStatusGezet": "2026-11-02T09:00:01Z"}')
    _body_matcher(opgenomen, SimpleNamespace(body=b'{"datumStatusGezet": "2026-11-02T09:00:01Z", "zaak": "z"}'))
    with pytest.raises(AssertionError):
        _body_matcher(opgenomen, SimpleNamespace(body=b'{"zaak": "z", "datumStatusGezet": "2026-11-02T09:00:00Z"}'))
