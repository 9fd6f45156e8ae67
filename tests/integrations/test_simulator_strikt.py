"""The gemeente simulator refuses what a real Open Zaak (1.30) refuses, with Open Zaak's status codes and
error codes: driven with raw httpx and a fresh JWT per call, as any ZGW client would."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

import httpx
import pytest

from integrations.gemeente.auth import make_token
from integrations.gemeente.simulator import BEHEER_SECRET
from tests.conftest import SECRET, SimServer

CLIENT = "werkpad-test"
BRON = "001005650"  # passes the 11-proef
BSN = "999900006"
ZAKEN, CATALOGI, BESLUITEN = "/zaken/api/v1", "/catalogi/api/v1", "/besluiten/api/v1"
CRS = {"Accept-Crs": "EPSG:4326", "Content-Crs": "EPSG:4326"}


def kop(client: str = CLIENT, secret: str = SECRET, **extra: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {make_token(client, secret)}", **extra}


def beheer(**extra: str) -> dict[str, str]:
    return kop("gemeente-beheer", BEHEER_SECRET, **extra)


def uur(delta: float = 0) -> str:
    """A moment `delta` hours from now, an hour back by default (in the past: allowed)."""
    return (datetime.now(UTC) + timedelta(hours=delta - 1)).replace(microsecond=0).isoformat()


class Gemeente:
    """A small ZGW client over raw httpx: what the tests need to set up a zaak."""

    def __init__(self, sim: SimServer, headers: dict[str, str] | None = None) -> None:
        self.sim, self.h = sim, headers

    def kop(self, **extra: str) -> dict[str, str]:
        return {**(self.h or kop()), **extra} if self.h else kop(**extra)

    def get(self, path: str, **kw: Any) -> httpx.Response:
        url = path if path.startswith("http") else self.sim.url + path
        return httpx.get(url, headers=self.kop(**kw.pop("headers", {})), timeout=5, **kw)

    def post(self, path: str, body: Any, **kw: Any) -> httpx.Response:
        return httpx.post(self.sim.url + path, json=body, headers=self.kop(**kw.pop("headers", {})), timeout=5, **kw)

    def zaaktype(self, ident: str = "IJW-REINTEGRATIE") -> dict[str, Any]:
        r = self.get(f"{CATALOGI}/zaaktypen", params={"identificatie": ident})
        assert r.status_code == 200, r.text
        return r.json()["results"][-1]  # type: ignore[no-any-return]

    def type_(self, soort: str, zt: dict[str, Any], omschrijving: str) -> str:
        r = self.get(f"{CATALOGI}/{soort}", params={"zaaktype": zt["url"]} if soort != "besluittypen"
                     else {"zaaktypen": zt["url"]})
        return next(t["url"] for t in r.json()["results"] if t["omschrijving"] == omschrijving)  # type: ignore[no-any-return]

    def zaak(self, ident: str = "IJW-2026-000001", zaaktype: str = "IJW-REINTEGRATIE", **extra: Any) -> dict[str, Any]:
        zt = self.zaaktype(zaaktype)
        r = self.post(f"{ZAKEN}/zaken", {"bronorganisatie": BRON, "verantwoordelijkeOrganisatie": BRON,
                                         "identificatie": ident, "zaaktype": zt["url"], "startdatum": "2026-01-05",
                                         **extra}, headers=CRS)
        assert r.status_code == 201, r.text
        return r.json()  # type: ignore[no-any-return]

    def status(self, zaak: dict[str, Any], omschrijving: str, gezet: str, **kw: Any) -> httpx.Response:
        zt = self.get(zaak["zaaktype"]).json()
        return self.post(f"{ZAKEN}/statussen", {"zaak": zaak["url"], "datumStatusGezet": gezet,
                                                "statustype": self.type_("statustypen", zt, omschrijving)}, **kw)

    def resultaat(self, zaak: dict[str, Any], omschrijving: str) -> httpx.Response:
        zt = self.get(zaak["zaaktype"]).json()
        return self.post(f"{ZAKEN}/resultaten", {"zaak": zaak["url"],
                                                 "resultaattype": self.type_("resultaattypen", zt, omschrijving)})

    def rol(self, zaak: dict[str, Any], omschrijving: str = "Deelnemer", bsn: str = BSN) -> httpx.Response:
        zt = self.get(zaak["zaaktype"]).json()
        return self.post(f"{ZAKEN}/rollen", {"zaak": zaak["url"], "roltype": self.type_("roltypen", zt, omschrijving),
                                             "betrokkeneType": "natuurlijk_persoon", "roltoelichting": "",
                                             "betrokkeneIdentificatie": {"inpBsn": bsn}})

    def besluit(self, zaak: dict[str, Any] | None, besluittype: str, **extra: Any) -> httpx.Response:
        return self.post(f"{BESLUITEN}/besluiten", {"verantwoordelijkeOrganisatie": BRON, "besluittype": besluittype,
                                                    "zaak": zaak["url"] if zaak else "", "datum": "2026-01-10",
                                                    "ingangsdatum": "2026-01-10", **extra})

    def sluit(self, zaak: dict[str, Any], resultaat: str = "Werkaanvaarding") -> None:
        assert self.resultaat(zaak, resultaat).status_code == 201
        assert self.status(zaak, "Afgesloten", uur()).status_code == 201


def fout(r: httpx.Response, status: int, code: str) -> dict[str, Any]:
    assert r.status_code == status, r.text
    assert r.headers["content-type"].startswith("application/problem+json")
    body: dict[str, Any] = r.json()
    assert body["code"] == code, body
    assert {"type", "code", "title", "status", "detail", "instance"} <= set(body)
    return body


def ongeldig(r: httpx.Response, *codes: str) -> list[dict[str, str]]:
    body = fout(r, 400, "invalid")
    assert body["detail"] == "Ongeldige invoer."
    gevonden = [p["code"] for p in body["invalidParams"]]
    for c in codes:
        assert c in gevonden, body
    return body["invalidParams"]  # type: ignore[no-any-return]


@pytest.fixture()
def gem(sim: SimServer) -> Gemeente:
    return Gemeente(sim)


# -- 1. Accept-Crs / Content-Crs ----------------------------------------------------------------
def test_crs_headers_as_open_zaak(gem: Gemeente) -> None:
    zaak = gem.zaak()
    body = fout(gem.get(f"{ZAKEN}/zaken"), 412, "precondition_failed")
    assert body["detail"] == "'Accept-Crs' header ontbreekt"
    fout(gem.get(zaak["url"]), 412, "precondition_failed")
    fout(gem.get(zaak["url"], headers={"Accept-Crs": "EPSG:28992"}), 406, "not_acceptable")
    assert gem.get(zaak["url"], headers={"Accept-Crs": "EPSG:4326"}).headers["Content-Crs"] == "EPSG:4326"
    zt = gem.zaaktype()
    nieuw = {"bronorganisatie": BRON, "verantwoordelijkeOrganisatie": BRON, "zaaktype": zt["url"],
             "startdatum": "2026-01-05"}
    body = fout(gem.post(f"{ZAKEN}/zaken", nieuw, headers={"Accept-Crs": "EPSG:4326"}), 412, "precondition_failed")
    assert body["detail"] == "'Content-Crs' header ontbreekt"
    fout(gem.post(f"{ZAKEN}/zaken", nieuw, headers={**CRS, "Content-Crs": "EPSG:28992"}), 406, "not_acceptable")
    fout(gem.post(f"{ZAKEN}/zaken", nieuw, headers={"Content-Crs": "EPSG:4326"}), 412, "precondition_failed")
    fout(gem.post(f"{ZAKEN}/zaken/_zoek", {"identificatie": "x"}), 412, "precondition_failed")
    r = httpx.patch(zaak["url"], json={"omschrijving": "x"}, headers=kop(**{"Accept-Crs": "EPSG:4326"}), timeout=5)
    fout(r, 412, "precondition_failed")
    # the sub-resources carry no geometry: no CRS asked
    assert gem.get(f"{ZAKEN}/statussen").status_code == 200


def test_api_version_per_component(gem: Gemeente) -> None:
    assert gem.get(f"{ZAKEN}/zaken", headers={"Accept-Crs": "EPSG:4326"}).headers["API-version"] == "1.5.1"
    assert gem.get(f"{CATALOGI}/zaaktypen").headers["API-version"] == "1.3.1"
    assert gem.get(f"{BESLUITEN}/besluiten").headers["API-version"] == "1.1.0"
    assert gem.get(f"{ZAKEN}/zaken").headers["API-version"] == "1.5.1"  # on a refusal too


# -- 2-4, 9. statussen ------------------------------------------------------------------------------
def test_two_statussen_at_the_same_instant_are_refused(gem: Gemeente) -> None:
    zaak = gem.zaak()
    moment = datetime.now(UTC).replace(microsecond=0) - timedelta(hours=2)
    assert gem.status(zaak, "Aangemeld", moment.isoformat()).status_code == 201
    zelfde = moment.astimezone(timezone(timedelta(hours=1))).isoformat()  # the same instant, written in +01:00
    params = ongeldig(gem.status(zaak, "Brede intake gepland", zelfde), "unique")
    assert params[0]["name"] == "nonFieldErrors"
    assert params[0]["reason"] == "De velden zaak, datum_status_gezet moeten een unieke set zijn."


def test_eindstatus_needs_a_resultaat(gem: Gemeente) -> None:
    zaak = gem.zaak()
    ongeldig(gem.status(zaak, "Afgesloten", uur()), "resultaat-does-not-exist")


def test_datum_status_gezet_in_the_future_by_the_real_clock(gem: Gemeente, sim: SimServer) -> None:
    assert sim.state.klok == date.max  # the besluit calendar is free; the status check is not
    zaak = gem.zaak()
    toekomst = (datetime.now(UTC) + timedelta(seconds=30)).isoformat()
    params = ongeldig(gem.status(zaak, "Aangemeld", toekomst), "date-in-future")
    assert params[0]["name"] == "datumStatusGezet"
    ongeldig(gem.status(zaak, "Aangemeld", "gisteren"), "invalid")


def test_current_status_is_the_latest_datum_and_the_eindstatus_sets_einddatum(gem: Gemeente) -> None:
    zaak = gem.zaak()
    later = gem.status(zaak, "Brede intake gepland", uur(-1)).json()
    gem.status(zaak, "Aangemeld", uur(-5))  # made after, but earlier
    z = gem.get(zaak["url"], headers={"Accept-Crs": "EPSG:4326"}).json()
    assert z["status"] == later["url"]
    lijst = gem.get(f"{ZAKEN}/statussen", params={"zaak": zaak["url"]}).json()["results"]
    assert [s["indicatieLaatstGezetteStatus"] for s in lijst] == [True, False]
    assert gem.resultaat(zaak, "Werkaanvaarding").status_code == 201
    # 23:30 in Amsterdam on 1 Jan is 22:30 UTC: the einddatum is the client's own date, as Open Zaak does
    r = gem.status(zaak, "Afgesloten", "2026-01-01T23:30:00+01:00")
    assert r.status_code == 201, r.text
    z = gem.get(zaak["url"], headers={"Accept-Crs": "EPSG:4326"}).json()
    assert z["einddatum"] == "2026-01-01" and z["archiefnominatie"] == "vernietigen"
    assert z["status"] == later["url"]  # the eindstatus is not the latest one by datum


# -- 5. zaaktype versions and the catalogue -------------------------------------------------------
def test_zaaktype_versions(gem: Gemeente, sim: SimServer) -> None:
    oud = gem.zaaktype()
    assert (oud["beginGeldigheid"], oud["versiedatum"], oud["eindeGeldigheid"], oud["concept"]) == (
        "2020-01-01", "2020-01-01", None, False)
    zaak = gem.zaak()
    r = sim.drive("/_sim/zaaktype-versie", {"identificatie": "IJW-REINTEGRATIE", "beginGeldigheid": "2026-03-01"})
    assert r.status_code == 201, r.text
    alle = gem.get(f"{CATALOGI}/zaaktypen", params={"identificatie": "IJW-REINTEGRATIE"}).json()["results"]
    assert len(alle) == 2
    v1 = next(z for z in alle if z["url"] == oud["url"])
    v2 = next(z for z in alle if z["url"] != oud["url"])
    assert v1["eindeGeldigheid"] == "2026-02-28" and v2["beginGeldigheid"] == "2026-03-01"
    assert set(v2["statustypen"]).isdisjoint(v1["statustypen"])
    assert set(v2["besluittypen"]).isdisjoint(v1["besluittypen"])
    op = gem.get(f"{CATALOGI}/zaaktypen", params={"identificatie": "IJW-REINTEGRATIE", "datumGeldigheid": "2026-01-15"})
    assert [z["url"] for z in op.json()["results"]] == [oud["url"]]
    op = gem.get(f"{CATALOGI}/zaaktypen", params={"identificatie": "IJW-REINTEGRATIE", "datumGeldigheid": "2026-05-01"})
    assert [z["url"] for z in op.json()["results"]] == [v2["url"]]
    # a type of the new version on a zaak of the old one
    nieuw_st = gem.type_("statustypen", v2, "Aangemeld")
    r = gem.post(f"{ZAKEN}/statussen", {"zaak": zaak["url"], "statustype": nieuw_st, "datumStatusGezet": uur()})
    assert ongeldig(r, "zaaktype-mismatch")[0]["name"] == "nonFieldErrors"
    r = gem.post(f"{ZAKEN}/rollen", {"zaak": zaak["url"], "roltype": gem.type_("roltypen", v2, "Deelnemer"),
                                     "betrokkeneType": "natuurlijk_persoon", "betrokkeneIdentificatie": {"inpBsn": BSN}})
    ongeldig(r, "zaaktype-mismatch")
    ongeldig(gem.post(f"{ZAKEN}/resultaten", {"zaak": zaak["url"],
                                              "resultaattype": gem.type_("resultaattypen", v2, "Garantiebaan")}),
             "zaaktype-mismatch")
    ongeldig(gem.besluit(zaak, gem.type_("besluittypen", v2, "Beschut werk toegekend")), "zaaktype-mismatch")
    maatregel = gem.zaaktype("IJW-MAATREGEL")
    ongeldig(gem.besluit(zaak, gem.type_("besluittypen", maatregel, "Herziening maatregel")), "zaaktype-mismatch")
    assert gem.besluit(zaak, gem.type_("besluittypen", oud, "Beschut werk toegekend")).status_code == 201


def test_every_catalogue_url_answers_and_lists_filter(gem: Gemeente) -> None:
    urls: set[str] = set()
    for ident in ("IJW-REINTEGRATIE", "IJW-MAATREGEL", "LO-AANVRAAG"):
        zt = gem.zaaktype(ident)
        urls |= {zt["url"], zt["catalogus"], *zt["statustypen"], *zt["roltypen"], *zt["resultaattypen"],
                 *zt["besluittypen"]}
    for url in urls:
        assert gem.get(url).status_code == 200, url
    assert gem.get(f"{CATALOGI}/zaaktypen/00000000-0000-0000-0000-000000000000").status_code == 404
    rol = gem.get(f"{CATALOGI}/roltypen", params={"zaaktypeIdentificatie": "LO-AANVRAAG",
                                                   "omschrijvingGeneriek": "initiator"}).json()["results"]
    assert [r["omschrijving"] for r in rol] == ["Aanvrager"]
    zt = gem.zaaktype("IJW-MAATREGEL")
    bt = gem.get(f"{CATALOGI}/besluittypen", params={"zaaktypen": zt["url"], "omschrijving": "Herziening maatregel"})
    assert bt.json()["count"] == 1
    eind = [s for s in gem.get(f"{CATALOGI}/statustypen", params={"zaaktype": zt["url"]}).json()["results"]
            if s["isEindstatus"]]
    assert [s["omschrijving"] for s in eind] == ["Afgesloten"]
    fout(gem.get(f"{CATALOGI}/zaaktypen", params={"identificatie": "X", "foo": "1"}), 400, "invalid")


def test_a_broken_catalogue_and_its_repair(gem: Gemeente, sim: SimServer) -> None:
    r = sim.drive("/_sim/catalogus/verwijder", {"zaaktype": "IJW-MAATREGEL", "soort": "besluittype",
                                                "omschrijving": "Herziening maatregel"})
    assert r.status_code == 200
    zt = gem.zaaktype("IJW-MAATREGEL")
    oms = [gem.get(u).json()["omschrijving"] for u in zt["besluittypen"]]
    assert "Herziening maatregel" not in oms and len(oms) == 8
    sim.drive("/_sim/catalogus/verwijder", {"zaaktype": "LO-AANVRAAG", "soort": "zaaktype"})
    assert gem.get(f"{CATALOGI}/zaaktypen", params={"identificatie": "LO-AANVRAAG"}).json()["count"] == 0
    sim.drive("/_sim/catalogus/herstel", {})
    assert len(gem.zaaktype("IJW-MAATREGEL")["besluittypen"]) == 9
    assert gem.get(f"{CATALOGI}/zaaktypen", params={"identificatie": "LO-AANVRAAG"}).json()["count"] == 1


# -- 6. closed zaken ---------------------------------------------------------------------------
def test_a_closed_zaak_refuses_writes(gem: Gemeente, sim: SimServer) -> None:
    zaak = gem.zaak()
    gem.sluit(zaak)
    body = fout(gem.status(zaak, "Werk houden", uur(0.5)), 403, "permission_denied")
    assert "zaken.heropenen" in body["detail"]
    # (a closed zaak has its one resultaat: a second one is refused as `unique` before the closed check)
    ongeldig(gem.resultaat(zaak, "Garantiebaan"), "unique")
    for r in (gem.rol(zaak), gem.besluit(zaak, gem.type_("besluittypen", gem.zaaktype(), "Beschut werk toegekend"))):
        body = fout(r, 403, "permission_denied")
        assert body["detail"] == "Je mag geen gegevens aanpassen van een gesloten zaak."
    r = httpx.patch(zaak["url"], json={"omschrijving": "x"}, headers=kop(**CRS), timeout=5)
    fout(r, 403, "permission_denied")
    # the gemeente itself (heeftAlleAutorisaties) may
    g = Gemeente(sim, beheer())
    assert g.rol(zaak).status_code == 201
    assert g.besluit(zaak, gem.type_("besluittypen", gem.zaaktype(), "Beschut werk toegekend")).status_code == 201


def test_heropenen_with_the_scope(gem: Gemeente, sim: SimServer) -> None:
    zaak = gem.zaak()
    gem.sluit(zaak)
    scopes = ["zaken.lezen", "zaken.statussen.toevoegen", "zaken.heropenen"]
    r = sim.drive("/_sim/applicatie", {"client_id": "heropener", "secret": "heropener-secret-of-at-least-32-bytes",
                                       "autorisaties": [{"component": "zrc", "scopes": scopes,
                                                         "zaaktype": "IJW-REINTEGRATIE",
                                                         "maxVertrouwelijkheidaanduiding": "vertrouwelijk"},
                                                        {"component": "ztc", "scopes": ["catalogi.lezen"]}]})
    assert r.status_code == 200, r.text
    g = Gemeente(sim, kop("heropener", "heropener-secret-of-at-least-32-bytes"))
    assert g.status(zaak, "Werk houden", uur(0.5)).status_code == 201
    z = g.get(zaak["url"], headers={"Accept-Crs": "EPSG:4326"}).json()
    assert z["einddatum"] is None and "archiefactiedatum" not in z
    assert z["resultaat"]  # Open Zaak keeps the resultaat; the archiving fields are reset
    fout(g.rol(zaak), 403, "permission_denied")  # no zaken.bijwerken


# -- 7. autorisaties ------------------------------------------------------------------------------
def test_default_applicatie_is_what_werkpad_needs(gem: Gemeente, sim: SimServer) -> None:
    # werkpad only reads the gemeente's aanvraag zaken
    zt = gem.zaaktype("LO-AANVRAAG")
    r = gem.post(f"{ZAKEN}/zaken", {"bronorganisatie": BRON, "verantwoordelijkeOrganisatie": BRON,
                                    "zaaktype": zt["url"], "startdatum": "2026-01-05"}, headers=CRS)
    body = fout(r, 403, "permission_denied")
    assert body["detail"] == "Je hebt geen toestemming om deze actie uit te voeren."
    aanvraag = Gemeente(sim, beheer()).zaak("LO-000001", "LO-AANVRAAG")
    assert gem.get(aanvraag["url"], headers={"Accept-Crs": "EPSG:4326"}).status_code == 200
    fout(gem.post(f"{ZAKEN}/resultaten", {"zaak": aanvraag["url"], "resultaattype": zt["resultaattypen"][0]}),
         403, "permission_denied")
    # above its max vertrouwelijkheidaanduiding
    fout(gem.post(f"{ZAKEN}/zaken", {"bronorganisatie": BRON, "verantwoordelijkeOrganisatie": BRON,
                                     "zaaktype": gem.zaaktype()["url"], "startdatum": "2026-01-05",
                                     "vertrouwelijkheidaanduiding": "geheim"}, headers=CRS), 403, "permission_denied")
    # besluiten of the aanvraag: read only
    bt = gem.type_("besluittypen", zt, "Toekenning levensonderhoud")
    fout(gem.besluit(aanvraag, bt), 403, "permission_denied")


def test_lists_show_only_what_the_applicatie_may_read(gem: Gemeente, sim: SimServer) -> None:
    gem.zaak("IJW-2026-000001")
    gem.zaak("M-1", "IJW-MAATREGEL")
    geheim = "alleen-traject-secret-of-at-least-32-bytes"
    sim.drive("/_sim/applicatie", {"client_id": "alleen-traject", "secret": geheim, "autorisaties": [
        {"component": "zrc", "scopes": ["zaken.lezen"], "zaaktype": "IJW-REINTEGRATIE"}]})
    g = Gemeente(sim, kop("alleen-traject", geheim))
    r = g.get(f"{ZAKEN}/zaken", headers={"Accept-Crs": "EPSG:4326"})
    assert [z["identificatie"] for z in r.json()["results"]] == ["IJW-2026-000001"]
    fout(g.get(f"{CATALOGI}/zaaktypen"), 403, "permission_denied")  # no catalogi.lezen
    fout(g.get(f"{BESLUITEN}/besluiten"), 403, "permission_denied")
    maatregel = next(z for z in sim.state.zaken.values() if z["identificatie"] == "M-1")
    fout(g.get(maatregel["url"], headers={"Accept-Crs": "EPSG:4326"}), 403, "permission_denied")
    assert sim.drive("/_sim/applicatie", {"client_id": "x", "autorisaties": [
        {"component": "zrc", "scopes": ["zaken.alles"]}]}).status_code == 400


def test_jwt_checks_stay(gem: Gemeente, sim: SimServer) -> None:
    r = httpx.get(f"{sim.url}{CATALOGI}/zaaktypen", timeout=5)
    fout(r, 403, "not_authenticated")
    r = httpx.get(f"{sim.url}{CATALOGI}/zaaktypen", headers=kop(secret="wrong-secret-of-at-least-32-bytes!!"),
                  timeout=5)
    fout(r, 403, "not_authenticated")


# -- 8. 11-proef --------------------------------------------------------------------------------
def test_elfproef_on_bsn_and_rsin(gem: Gemeente) -> None:
    zaak = gem.zaak()
    r = gem.rol(zaak, bsn="999900007")
    params = ongeldig(r, "invalid")
    assert params[0]["name"] == "betrokkeneIdentificatie.inpBsn"
    assert "999900007" not in r.text  # never echo a BSN
    ongeldig(gem.rol(zaak, bsn="99990000x"), "only-digits")
    assert gem.rol(zaak).status_code == 201
    zt = gem.zaaktype()
    r = gem.post(f"{ZAKEN}/zaken", {"bronorganisatie": "001005651", "verantwoordelijkeOrganisatie": "12345",
                                    "zaaktype": zt["url"], "startdatum": "2026-01-05"}, headers=CRS)
    params = ongeldig(r, "invalid", "min_length")
    assert {p["name"] for p in params} == {"bronorganisatie", "verantwoordelijkeOrganisatie"}
    bt = gem.type_("besluittypen", zt, "Beschut werk toegekend")
    ongeldig(gem.besluit(zaak, bt, verantwoordelijkeOrganisatie="001005651"), "invalid")


# -- 10. ZaakBesluiten ---------------------------------------------------------------------------
def test_a_besluit_with_a_zaak_makes_the_zaakbesluit(gem: Gemeente) -> None:
    zaak = gem.zaak()
    bt = gem.type_("besluittypen", gem.zaaktype(), "Beschut werk toegekend")
    besluit = gem.besluit(zaak, bt).json()
    lijst = gem.get(f"{zaak['url']}/besluiten").json()
    assert [zb["besluit"] for zb in lijst] == [besluit["url"]]
    assert gem.get(lijst[0]["url"]).json()["besluit"] == besluit["url"]


# -- 11. pagination -------------------------------------------------------------------------------
def test_pages_of_100(gem: Gemeente, sim: SimServer) -> None:
    g = Gemeente(sim, beheer())
    zt = g.zaaktype()
    for i in range(101):
        r = g.post(f"{ZAKEN}/zaken", {"bronorganisatie": BRON, "verantwoordelijkeOrganisatie": BRON,
                                      "identificatie": f"P-{i}", "zaaktype": zt["url"], "startdatum": "2026-01-05"},
                   headers=CRS)
        assert r.status_code == 201
    een = g.get(f"{ZAKEN}/zaken", headers={"Accept-Crs": "EPSG:4326"}).json()
    assert een["count"] == 101 and len(een["results"]) == 100 and een["previous"] is None
    assert een["results"][0]["identificatie"] == "P-100"  # newest first, as Open Zaak orders (-pk)
    twee = g.get(een["next"], headers={"Accept-Crs": "EPSG:4326"}).json()
    assert len(twee["results"]) == 1 and twee["next"] is None and twee["previous"]
    body = fout(g.get(f"{ZAKEN}/zaken", params={"page": 3}, headers={"Accept-Crs": "EPSG:4326"}), 404, "not_found")
    assert body["detail"] == "Ongeldige pagina."
    fout(g.get(f"{ZAKEN}/zaken", params={"page": "nul"}, headers={"Accept-Crs": "EPSG:4326"}), 404, "not_found")


# -- 12. bodies and references ------------------------------------------------------------------
@pytest.mark.parametrize("inhoud", [b"{niet json", b"null", b"[1, 2]", b'"tekst"', b"42"])
def test_a_body_that_is_no_json_object_is_a_parse_error(gem: Gemeente, sim: SimServer, inhoud: bytes) -> None:
    for pad in ("/zaken", "/statussen", "/rollen", "/resultaten"):
        r = httpx.post(f"{sim.url}{ZAKEN}{pad}", content=inhoud, timeout=5,
                       headers=kop(**CRS, **{"Content-Type": "application/json"}))
        fout(r, 400, "parse_error")
    r = httpx.post(f"{sim.url}{BESLUITEN}/besluiten", content=inhoud, timeout=5,
                   headers=kop(**{"Content-Type": "application/json"}))
    fout(r, 400, "parse_error")


def test_url_references(gem: Gemeente) -> None:
    zaak = gem.zaak()
    zt = gem.zaaktype()
    st = zt["statustypen"][0]
    r = gem.post(f"{ZAKEN}/statussen", {"zaak": zaak["url"], "statustype": "geen-url", "datumStatusGezet": uur()})
    ongeldig(r, "bad-url")
    r = gem.post(f"{ZAKEN}/statussen", {"zaak": zaak["url"], "statustype": zt["roltypen"][0],
                                        "datumStatusGezet": uur()})
    ongeldig(r, "invalid-resource")
    r = gem.post(f"{ZAKEN}/statussen", {"zaak": zaak["url"], "statustype": "https://elders.example/statustypen/1",
                                        "datumStatusGezet": uur()})
    ongeldig(r, "bad-url")
    r = gem.post(f"{ZAKEN}/statussen", {"zaak": zaak["url"], "statustype": st.rsplit("/", 1)[0]
                                        + "/00000000-0000-0000-0000-000000000000", "datumStatusGezet": uur()})
    ongeldig(r, "does_not_exist")
    r = gem.post(f"{ZAKEN}/statussen", {"zaak": "geen-url", "statustype": st, "datumStatusGezet": uur()})
    ongeldig(r, "bad-url")
    r = gem.post(f"{ZAKEN}/statussen", {"zaak": zaak["url"].rsplit("/", 1)[0] + "/00000000-0000-0000-0000-000000000000",
                                        "statustype": st, "datumStatusGezet": uur()})
    ongeldig(r, "object-does-not-exist")
    r = gem.post(f"{ZAKEN}/zaken", {"bronorganisatie": BRON, "verantwoordelijkeOrganisatie": BRON,
                                    "zaaktype": st, "startdatum": "2026-01-05"}, headers=CRS)
    ongeldig(r, "invalid-resource")


# -- 14. _zoek and relevanteAndereZaken ---------------------------------------------------------------
def test_zoek(gem: Gemeente) -> None:
    a = gem.zaak("IJW-2026-000001")
    gem.rol(a)
    b = gem.zaak("M-1", "IJW-MAATREGEL")
    zoek = {"headers": CRS}
    r = gem.post(f"{ZAKEN}/zaken/_zoek", {"rol__betrokkeneIdentificatie__natuurlijkPersoon__inpBsn": BSN}, **zoek)
    assert [z["url"] for z in r.json()["results"]] == [a["url"]]
    r = gem.post(f"{ZAKEN}/zaken/_zoek", {"zaaktype__in": [a["zaaktype"], b["zaaktype"]]}, **zoek)
    assert r.json()["count"] == 2
    r = gem.post(f"{ZAKEN}/zaken/_zoek", {"uuid__in": [b["uuid"]], "bronorganisatie": BRON}, **zoek)
    assert [z["identificatie"] for z in r.json()["results"]] == ["M-1"]
    ongeldig(gem.post(f"{ZAKEN}/zaken/_zoek", {}, **zoek), "empty_search_body")
    ongeldig(gem.post(f"{ZAKEN}/zaken/_zoek", {"uuid__in": ["x"]}, **zoek), "invalid")
    r = gem.get(f"{ZAKEN}/zaken", params={"onbekend": "1"}, headers={"Accept-Crs": "EPSG:4326"})
    ongeldig(r, "unknown-parameters")


def test_relevante_andere_zaken(gem: Gemeente) -> None:
    a = gem.zaak("IJW-2026-000001")
    b = gem.zaak("M-1", "IJW-MAATREGEL", relevanteAndereZaken=[{"url": a["url"], "aardRelatie": "vervolg"}])
    assert b["relevanteAndereZaken"][0]["url"] == a["url"]
    zt = gem.zaaktype("IJW-MAATREGEL")
    nieuw = {"bronorganisatie": BRON, "verantwoordelijkeOrganisatie": BRON, "zaaktype": zt["url"],
             "startdatum": "2026-01-05"}
    r = gem.post(f"{ZAKEN}/zaken", {**nieuw, "relevanteAndereZaken": [{"url": "geen", "aardRelatie": "vervolg"}]},
                 headers=CRS)
    assert ongeldig(r, "bad-url")[0]["name"] == "relevanteAndereZaken.0.url"
    r = gem.post(f"{ZAKEN}/zaken", {**nieuw, "relevanteAndereZaken": [{"url": zt["url"], "aardRelatie": "vervolg"}]},
                 headers=CRS)
    ongeldig(r, "invalid-resource")


# -- 15. the aanvraag levensonderhoud ------------------------------------------------------------
def test_uitkering_lives_on_the_gemeentes_own_aanvraag_zaak(gem: Gemeente, sim: SimServer) -> None:
    traject = gem.zaak("IJW-2026-000001")
    gem.rol(traject)
    url = f"{ZAKEN.replace('/zaken/api/v1', '')}/uitkeringen/api/v1/uitkeringsaanvragen"
    assert gem.get(url, params={"zaak": traject["url"]}).json() == {
        "zaak": traject["url"], "status": "in_behandeling", "besluitdatum": None, "aanvraagdatum": None}
    assert sim.drive("/_sim/uitkeringen/IJW-2026-000001", {"aanvraagdatum": "2026-01-02"}).status_code == 200
    u = gem.get(url, params={"zaak": traject["url"]}).json()
    assert (u["status"], u["aanvraagdatum"]) == ("in_behandeling", "2026-01-02")
    r = sim.drive("/_sim/uitkeringen/IJW-2026-000001", {"status": "toegekend", "besluitdatum": "2026-02-03"})
    assert r.status_code == 200, r.text
    u = gem.get(url, params={"zaak": traject["url"]}).json()
    assert (u["status"], u["besluitdatum"], u["aanvraagdatum"]) == ("toegekend", "2026-02-03", "2026-01-02")
    # a real ZGW zaak: LO-AANVRAAG, closed with resultaat Toegekend, the Aanvrager with the BSN, a besluit
    r = Gemeente(sim, beheer()).post(f"{ZAKEN}/zaken/_zoek", {"identificatie": "LO-000001"}, headers=CRS)
    az = r.json()["results"][0]
    assert az["einddatum"] == "2026-02-03" and az["startdatum"] == "2026-01-02" and az["resultaat"]
    assert az["bronorganisatie"] == BRON
    rollen = gem.get(f"{ZAKEN}/rollen", params={"zaak": az["url"]}).json()["results"]
    assert [(x["omschrijving"], x["betrokkeneIdentificatie"]["inpBsn"]) for x in rollen] == [("Aanvrager", BSN)]
    assert len(gem.get(f"{az['url']}/besluiten").json()) == 1
    # the gemeente revises: afgewezen
    sim.drive("/_sim/uitkeringen/IJW-2026-000001", {"status": "afgewezen"})
    assert gem.get(url, params={"zaak": traject["url"]}).json()["status"] == "afgewezen"
    zaken = sim.drive("/_sim/uitkeringen/IJW-2026-000001", {"status": "afgewezen"})
    assert zaken.status_code == 200
    overzicht = httpx.get(f"{sim.url}/_sim/zaken", timeout=5).json()["zaken"]
    assert {(z["identificatie"], z["zaaktype"], z["uitkering"]) for z in overzicht} == {
        ("IJW-2026-000001", "IJW-REINTEGRATIE", "afgewezen"), ("LO-000001", "LO-AANVRAAG", None)}
    assert sim.drive("/_sim/uitkeringen/ONBEKEND", {"status": "toegekend"}).status_code == 404


def test_leeg_restores_everything(sim: SimServer) -> None:
    sim.drive("/_sim/zaaktype-versie", {"identificatie": "IJW-MAATREGEL", "beginGeldigheid": "2026-03-01"})
    sim.drive("/_sim/applicatie", {"client_id": CLIENT, "autorisaties": []})
    sim.state.leeg()
    g = Gemeente(sim)
    assert g.get(f"{CATALOGI}/zaaktypen", params={"identificatie": "IJW-MAATREGEL"}).json()["count"] == 1
    assert sim.state.applicatie(CLIENT).autorisaties  # the default again
