"""The gemeente client against the real simulator on loopback, checked against the ZGW specs."""

from __future__ import annotations

import json
import re
import time
from datetime import UTC, date, datetime
from functools import lru_cache
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import httpx
import pytest
import yaml
from openapi_core import OpenAPI
from openapi_core.datatypes import RequestParameters
from werkzeug.datastructures import Headers, ImmutableMultiDict

from integrations.gemeente.auth import make_token
from integrations.gemeente.client import GemeenteClient
from integrations.gemeente.errors import GemeenteConfiguratie, GemeenteMalformed, GemeenteRejected, GemeenteTransient
from integrations.gemeente.settings import GemeenteSection

SPECS = Path(__file__).resolve().parents[3] / "shared" / "specs" / "zgw"
if not SPECS.exists():
    SPECS = Path(__file__).resolve().parents[2].parent / "shared" / "specs" / "zgw"


SECRET = "test-secret-of-at-least-32-bytes!!"
BSN = "999993549"  # passes the 11-proef (test value)
MAATREGEL_BESLUITTYPEN = ["Beschikking afzien maatregel", "Beschikking maatregel 100%",
                          "Beschikking maatregel 1 maand 10%", "Beschikking maatregel 1 maand 20%",
                          "Beschikking maatregel 2 maanden 10%", "Beschikking maatregel 2 maanden 20%",
                          "Beschikking gematigde maatregel", "Beslissing op bezwaar maatregel", "Herziening maatregel"]
REMOTE_CATALOGI = "https://raw.githubusercontent.com/vng-Realisatie/catalogi-api/1.2.0/src/openapi.yaml"


@lru_cache
def spec(name: str) -> OpenAPI:
    """Load a spec as published; its one remote $ref (the Catalogi ZaakType, for `expand`)
    is pointed at the local Catalogi file, as there is no network here."""
    path = SPECS / f"{name}-openapi.yaml"
    text = path.read_text(encoding="utf-8").replace(REMOTE_CATALOGI, "catalogi-openapi.yaml")
    return OpenAPI.from_dict(yaml.safe_load(text), base_uri=path.as_uri())


class OARequest:
    def __init__(self, r: httpx.Request) -> None:
        u = urlparse(str(r.url))
        self._u, self._r = u, r
        self.parameters = RequestParameters(query=ImmutableMultiDict(parse_qs(u.query)),
                                            header=Headers(dict(r.headers)), cookie=ImmutableMultiDict({}))

    host_url = property(lambda self: f"{self._u.scheme}://{self._u.netloc}")
    path = property(lambda self: self._u.path)
    method = property(lambda self: self._r.method.lower())
    body = property(lambda self: self._r.content or None)
    content_type = property(lambda self: self._r.headers.get("content-type", "application/json"))


class OAResponse:
    def __init__(self, r: httpx.Response) -> None:
        self.status_code, self.data = r.status_code, r.content
        self.content_type = r.headers.get("content-type", "application/json").split(";")[0]
        self.headers = Headers(dict(r.headers))


class Recording(httpx.HTTPTransport):
    """A real transport that keeps every exchange, to check it against the specs afterwards."""

    def __init__(self) -> None:
        super().__init__()
        self.exchanges: list[tuple[httpx.Request, httpx.Response]] = []

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        response = super().handle_request(request)
        response.read()
        self.exchanges.append((request, response))
        return response


def api_for(path: str) -> str | None:
    for name in ("zaken", "catalogi", "besluiten"):
        if path.startswith(f"/{name}/api/v1"):
            return name
    return None


def settings(sim) -> GemeenteSection:  # type: ignore[no-untyped-def]
    return GemeenteSection(api_url=sim.url, client_id="werkpad-test", secret=SECRET)


def test_zaak_lifecycle_conforms_to_zgw_specs(sim) -> None:  # type: ignore[no-untyped-def]
    rec = Recording()
    with GemeenteClient(settings(sim), transport=rec) as c:
        zt = c.zaaktype("IJW-REINTEGRATIE")
        statustypen = c.statustypen(zt)
        roltypen = {r.omschrijving: r for r in c.roltypen(zt)}
        zaak = c.maak_zaak(bronorganisatie="001826219", identificatie="IJW-2026-900001", zaaktype_url=zt.url,
                           startdatum=date(2026, 11, 23), omschrijving="Test")
        again = c.maak_zaak(bronorganisatie="001826219", identificatie="IJW-2026-900001", zaaktype_url=zt.url,
                            startdatum=date(2026, 11, 23), omschrijving="Test")
        assert again.url == zaak.url  # found by identificatie, not created twice
        s1 = c.zet_status(zaak_url=zaak.url, statustype_url=statustypen[0].url, gezet_op=datetime(2026, 11, 23, 9))
        assert c.zet_status(zaak_url=zaak.url, statustype_url=statustypen[0].url,
                            gezet_op=datetime(2026, 11, 23, 10)) == s1
        c.voeg_rol_toe(zaak_url=zaak.url, roltype_url=roltypen["Deelnemer"].url,
                       betrokkene_type="natuurlijk_persoon", identificatie={"inpBsn": "999900006"})
        c.voeg_rol_toe(zaak_url=zaak.url, roltype_url=roltypen["Werkcoach"].url, betrokkene_type="medewerker",
                       identificatie={"identificatie": "wc@ijw.example"})
        resultaat = {r.omschrijving: r for r in c.resultaattypen(zt)}["Werkaanvaarding"]
        c.zet_resultaat(zaak_url=zaak.url, resultaattype_url=resultaat.url)  # a gemeente wants it before the eindstatus
        c.zet_status(zaak_url=zaak.url, statustype_url=statustypen[-1].url, gezet_op=datetime(2026, 11, 24, 9))
        assert c.uitkeringsstatus(zaak.url).status == "in_behandeling"
    assert sim.drive("/_sim/uitkeringen/IJW-2026-900001", {"status": "toegekend"}).status_code == 200
    with GemeenteClient(settings(sim)) as c:
        assert c.uitkeringsstatus(zaak.url).status == "toegekend"
        token = make_token("werkpad-test", SECRET)
        closed = httpx.get(zaak.url, headers={"Authorization": f"Bearer {token}", "Accept-Crs": "EPSG:4326"})
        assert closed.json()["einddatum"] == "2026-11-24"  # eindstatus closes the zaak

    checked = 0
    for req, resp in rec.exchanges:
        name = api_for(req.url.path)
        if name is None:
            continue
        oa_req = OARequest(req)
        spec(name).validate_request(oa_req)
        spec(name).validate_response(oa_req, OAResponse(resp))
        checked += 1
    assert checked >= 12
    assert {"POST"} <= {r.method for r, _ in rec.exchanges}


def test_simulator_refuses_bad_and_expired_tokens(sim) -> None:  # type: ignore[no-untyped-def]
    url = f"{sim.url}/zaken/api/v1/zaken"
    crs = {"Accept-Crs": "EPSG:4326"}
    assert httpx.get(url, headers=crs).status_code == 403
    bad = make_token("werkpad-test", "wrong-secret" * 3)
    r = httpx.get(url, headers={"Authorization": f"Bearer {bad}", **crs})
    assert r.status_code == 403 and r.headers["content-type"].startswith("application/problem+json")
    expired = make_token("werkpad-test", SECRET, now=time.time() - 3700)
    r = httpx.get(url, headers={"Authorization": f"Bearer {expired}", **crs})
    assert r.status_code == 403 and "verlopen" in r.json()["detail"]
    unknown = make_token("iemand-anders", SECRET)
    assert httpx.get(url, headers={"Authorization": f"Bearer {unknown}", **crs}).status_code == 403
    fresh = make_token("werkpad-test", SECRET)
    assert httpx.get(url, headers={"Authorization": f"Bearer {fresh}", **crs}).status_code == 200
    assert httpx.get(url, headers={"Authorization": f"Bearer {fresh}"}).status_code == 412  # Accept-Crs, as Open Zaak


def test_zaak_write_without_content_crs_is_refused(sim) -> None:  # type: ignore[no-untyped-def]
    h = {"Authorization": "Bearer " + make_token("werkpad-test", SECRET)}
    r = httpx.post(f"{sim.url}/zaken/api/v1/zaken", headers=h, content=json.dumps({}))
    assert r.status_code == 412


def test_client_maps_errors(sim) -> None:  # type: ignore[no-untyped-def]
    with GemeenteClient(GemeenteSection(api_url="http://127.0.0.1:9", client_id="x", secret="y" * 32)) as c:
        with pytest.raises(GemeenteTransient, match="niet bereikbaar"):
            c.zaaktype("IJW-REINTEGRATIE")
    with GemeenteClient(GemeenteSection(api_url=sim.url, client_id="werkpad-test", secret="wrong" * 8)) as c:
        # a refused read of the catalogue is configuration (the rows stay queued), not a refusal of one row
        with pytest.raises(GemeenteConfiguratie, match="403"):
            c.zaaktype("IJW-REINTEGRATIE")
    with GemeenteClient(settings(sim)) as c:
        sim.drive("/_sim/fault", {"mode": "malformed"})
        with pytest.raises(GemeenteMalformed, match="geen gepagineerde lijst"):
            c.zaaktype("IJW-REINTEGRATIE")
        sim.drive("/_sim/fault", {"mode": "500"})
        with pytest.raises(GemeenteTransient, match="500"):
            c.zaaktype("IJW-REINTEGRATIE")
        sim.drive("/_sim/fault", {"mode": None})
        with pytest.raises(GemeenteConfiguratie, match="bestaat niet"):
            c.zaaktype("ONBEKEND")
    with GemeenteClient(GemeenteSection(api_url=sim.url + "/verkeerd", client_id="werkpad-test", secret=SECRET)) as c:
        with pytest.raises(GemeenteConfiguratie, match=r"bestaat niet bij de gemeente \(404\)"):
            c.zaaktype("IJW-REINTEGRATIE")


def test_resultaat_at_uitstroom_conforms_to_zgw_specs_one_per_zaak(sim) -> None:  # type: ignore[no-untyped-def]
    rec = Recording()
    with GemeenteClient(settings(sim), transport=rec) as c:
        zt = c.zaaktype("IJW-REINTEGRATIE")
        resultaattypen = {r.omschrijving: r for r in c.resultaattypen(zt)}
        assert {"Werkaanvaarding", "Terugmelding naar gemeente", "Voortijdig afgebroken"} <= set(resultaattypen)
        statustypen = c.statustypen(zt)
        assert statustypen[-1].omschrijving == "Afgesloten" and statustypen[-1].isEindstatus
        assert [s.omschrijving for s in statustypen if 10 <= s.volgnummer <= 15] == [
            "Kennismaking", "Persoonlijke ontwikkeling", "Ontwikkeling door werkervaring",
            "Ontwikkeling sollicitatievaardigheden", "Werk vinden", "Werk houden"]
        zaak = c.maak_zaak(bronorganisatie="001826219", identificatie="IJW-2026-900002", zaaktype_url=zt.url,
                           startdatum=date(2026, 11, 23), omschrijving="Test")
        r1 = c.zet_resultaat(zaak_url=zaak.url, resultaattype_url=resultaattypen["Werkaanvaarding"].url,
                             toelichting="Uitgestroomd naar werk")
        assert c.zet_resultaat(zaak_url=zaak.url, resultaattype_url=resultaattypen["Werkaanvaarding"].url) == r1
        with pytest.raises(GemeenteRejected, match="ander resultaat"):
            c.zet_resultaat(zaak_url=zaak.url, resultaattype_url=resultaattypen["Garantiebaan"].url)
        c.lees(r1, "resultaat")
    assert len([r for r in sim.state.resultaten.values() if r["zaak"] == zaak.url]) == 1
    h = {"Authorization": "Bearer " + make_token("werkpad-test", SECRET), "Content-Type": "application/json"}
    twice = httpx.post(f"{sim.url}/zaken/api/v1/resultaten", headers=h,
                       content=json.dumps({"zaak": zaak.url, "resultaattype": resultaattypen["Garantiebaan"].url}))
    assert twice.status_code == 400  # the simulator, too, keeps one resultaat per zaak

    checked = set()
    for req, resp in rec.exchanges:
        name = api_for(req.url.path)
        if name is None:
            continue
        oa_req = OARequest(req)
        spec(name).validate_request(oa_req)
        spec(name).validate_response(oa_req, OAResponse(resp))
        checked.add((req.method, req.url.path.rsplit("/", 1)[0] if "resultaten/" in req.url.path else req.url.path))
    assert ("POST", "/zaken/api/v1/resultaten") in checked and ("GET", "/catalogi/api/v1/resultaattypen") in checked
    assert ("GET", "/zaken/api/v1/resultaten") in checked  # the lookup of the existing resultaat (by its URL)


def test_besluit_on_the_zaak_conforms_to_zgw_specs_once_per_identificatie(sim) -> None:  # type: ignore[no-untyped-def]
    """The college's besluit beschut werk on the zaak (ZGW Besluiten API): the besluittype from the
    catalogue, one besluit per identificatie (a retry finds it), request and answer per the specs."""
    rec = Recording()
    with GemeenteClient(settings(sim), transport=rec) as c:
        zt = c.zaaktype("IJW-REINTEGRATIE")
        typen = {t.omschrijving: t for t in c.besluittypen(zt)}
        assert set(typen) == {"Beschut werk toegekend", "Beschut werk afgewezen"}  # the maatregel's are on its own zaaktype
        assert {t.omschrijving for t in c.besluittypen(c.zaaktype("IJW-MAATREGEL"))} == set(MAATREGEL_BESLUITTYPEN)
        zaak = c.maak_zaak(bronorganisatie="001826219", identificatie="IJW-2026-900003", zaaktype_url=zt.url,
                           startdatum=date(2026, 11, 23), omschrijving="Test")
        b1 = c.maak_besluit(verantwoordelijke_organisatie="001826219", identificatie="IJW-2026-900003-BW-1",
                            besluittype_url=typen["Beschut werk toegekend"].url, zaak_url=zaak.url,
                            datum=date(2027, 3, 2), toelichting="Advies UWV gevolgd",
                            uiterlijke_reactiedatum=date(2027, 4, 13))
        assert c.maak_besluit(verantwoordelijke_organisatie="001826219", identificatie="IJW-2026-900003-BW-1",
                              besluittype_url=typen["Beschut werk toegekend"].url, zaak_url=zaak.url,
                              datum=date(2027, 3, 2)) == b1
        assert c.lees(b1, "besluit")["uiterlijkeReactiedatum"] == "2027-04-13"
    assert [b["zaak"] for b in sim.state.besluiten.values()] == [zaak.url]
    h = {"Authorization": "Bearer " + make_token("werkpad-test", SECRET), "Content-Type": "application/json"}
    zonder = httpx.post(f"{sim.url}/besluiten/api/v1/besluiten", headers=h,
                        content=json.dumps({"verantwoordelijkeOrganisatie": "001826219", "datum": "2027-03-02"}))
    assert zonder.status_code == 400 and zonder.json()["invalidParams"][0]["name"] == "besluittype"

    checked = set()
    for req, resp in rec.exchanges:
        name = api_for(req.url.path)
        if name is None:
            continue
        oa_req = OARequest(req)
        spec(name).validate_request(oa_req)
        spec(name).validate_response(oa_req, OAResponse(resp))
        checked.add((req.method, re.sub(r"/[0-9a-f-]{36}$", "", req.url.path)))
    assert {("POST", "/besluiten/api/v1/besluiten"), ("GET", "/besluiten/api/v1/besluiten"),
            ("GET", "/catalogi/api/v1/besluittypen")} <= checked


def zaak_en_typen(c: GemeenteClient, identificatie: str, zaaktype: str = "IJW-MAATREGEL") -> tuple[str, dict[str, str]]:
    zt = c.zaaktype(zaaktype)
    zaak = c.maak_zaak(bronorganisatie="001826219", identificatie=identificatie, zaaktype_url=zt.url,
                       startdatum=date(2027, 1, 4), omschrijving="Test")
    return zaak.url, {t.omschrijving: t.url for t in c.besluittypen(zt)}


def test_maatregel_beschikking_with_every_date_conforms_to_the_besluiten_spec(sim) -> None:  # type: ignore[no-untyped-def]
    """A beschikking maatregel (1 maand 20 %) with its werkingsperiode, verzenddatum and bezwaartermijn:
    the request the client sends and the besluit the gemeente keeps validate against the spec."""
    sim.drive("/_sim/klok", {"vandaag": "2027-02-15"})
    rec = Recording()
    # werkpad's real clock on the gemeente's day (werkpad never sends a beslisdatum after its real today)
    with GemeenteClient(settings(sim), transport=rec, klok=lambda: datetime(2027, 2, 15, 12, tzinfo=UTC)) as c:
        zaak, typen = zaak_en_typen(c, "IJW-2027-000010")
        url = c.maak_besluit(verantwoordelijke_organisatie="001826219", identificatie="IJW-2027-000010-MR-1",
                             besluittype_url=typen["Beschikking maatregel 1 maand 20%"], zaak_url=zaak,
                             datum=date(2027, 2, 15), toelichting="Verwijtbaar niet verschenen op gesprek; gehoord.",
                             uiterlijke_reactiedatum=date(2027, 3, 30), verzenddatum=date(2027, 2, 16),
                             ingangsdatum=date(2027, 3, 1), vervaldatum=date(2027, 3, 31),
                             bestuursorgaan="college van burgemeester en wethouders")
        besluit = c.lees(url, "besluit")
        # the beschut werk besluit of before, on the traject's zaak: ingangsdatum = datum, no verzend- or vervaldatum
        traject, ttypen = zaak_en_typen(c, "IJW-2027-000009", "IJW-REINTEGRATIE")
        zonder = c.maak_besluit(verantwoordelijke_organisatie="001826219", identificatie="IJW-2027-000010-BW-1",
                                besluittype_url=ttypen["Beschut werk toegekend"], zaak_url=traject,
                                datum=date(2027, 2, 1))
        kaal = c.lees(zonder, "besluit")
    assert {k: besluit[k] for k in ("datum", "ingangsdatum", "vervaldatum", "verzenddatum", "uiterlijkeReactiedatum",
                                    "bestuursorgaan", "toelichting", "zaak")} == {
        "datum": "2027-02-15", "ingangsdatum": "2027-03-01", "vervaldatum": "2027-03-31",
        "verzenddatum": "2027-02-16", "uiterlijkeReactiedatum": "2027-03-30",
        "bestuursorgaan": "college van burgemeester en wethouders",
        "toelichting": "Verwijtbaar niet verschenen op gesprek; gehoord.", "zaak": zaak}
    assert (kaal["ingangsdatum"], kaal["vervaldatum"], kaal["verzenddatum"]) == ("2027-02-01", None, None)
    posts = [req for req, _ in rec.exchanges if req.method == "POST" and req.url.path.endswith("/besluiten")]
    assert set(json.loads(posts[0].content)) >= {"verzenddatum", "ingangsdatum", "vervaldatum",
                                                 "uiterlijkeReactiedatum", "toelichting", "bestuursorgaan"}
    for req, resp in rec.exchanges:
        name = api_for(req.url.path)
        assert name is not None
        oa_req = OARequest(req)
        spec(name).validate_request(oa_req)
        spec(name).validate_response(oa_req, OAResponse(resp))


def test_the_gemeente_refuses_a_besluit_open_zaak_would_refuse(sim) -> None:  # type: ignore[no-untyped-def]
    sim.drive("/_sim/klok", {"vandaag": "2027-02-15"})
    # werkpad's clock a day ahead of the gemeente's: the gemeente refuses the beslisdatum as Open Zaak does
    with GemeenteClient(settings(sim), klok=lambda: datetime(2027, 2, 16, 12, tzinfo=UTC)) as c:
        zaak, typen = zaak_en_typen(c, "IJW-2027-000011")
        basis = {"verantwoordelijke_organisatie": "001826219", "besluittype_url": typen["Beschikking maatregel 100%"],
                 "zaak_url": zaak, "datum": date(2027, 2, 15)}
        with pytest.raises(GemeenteRejected, match="datum: Deze datum mag niet in de toekomst liggen") as exc:
            c.maak_besluit(identificatie="B-1", **{**basis, "datum": date(2027, 2, 16)})  # type: ignore[arg-type]
        assert exc.value.status == 400
        with pytest.raises(GemeenteRejected, match="vervaldatum ligt vóór de ingangsdatum"):
            c.maak_besluit(identificatie="B-2", ingangsdatum=date(2027, 3, 1), vervaldatum=date(2027, 2, 28),
                           **basis)  # type: ignore[arg-type]
        assert c.maak_besluit(identificatie="B-3", ingangsdatum=date(2027, 3, 1), vervaldatum=date(2027, 3, 1),
                              **basis)  # type: ignore[arg-type]  # one day is a werkingsperiode
    assert [b["identificatie"] for b in sim.state.besluiten.values()] == ["B-3"]
    h = {"Authorization": "Bearer " + make_token("werkpad-test", SECRET), "Content-Type": "application/json"}
    goed = {"verantwoordelijkeOrganisatie": "001826219", "besluittype": typen["Herziening maatregel"], "zaak": zaak,
            "datum": "2027-02-15", "ingangsdatum": "2027-02-15"}
    for fout, veld in (({"uiterlijkeReactiedatum": "30-03-2027"}, "uiterlijkeReactiedatum"),
                       ({"verzenddatum": "morgen"}, "verzenddatum"), ({"vervaldatum": "2027-02-30"}, "vervaldatum"),
                       ({"datum": "2027-2-15"}, "datum"), ({"ingangsdatum": None}, "ingangsdatum"),
                       ({"bestuursorgaan": "x" * 51}, "bestuursorgaan"), ({"identificatie": "x" * 51}, "identificatie"),
                       ({"vervalreden": "verlopen"}, "vervalreden"), ({"zaak": zaak + "x"}, "zaak")):
        r = httpx.post(f"{sim.url}/besluiten/api/v1/besluiten", headers=h, content=json.dumps({**goed, **fout}))
        assert r.status_code == 400, fout
        assert [p["name"] for p in r.json()["invalidParams"]] == [veld]
    r = httpx.post(f"{sim.url}/besluiten/api/v1/besluiten", headers=h,
                   content=json.dumps({**goed, "verzenddatum": None, "vervaldatum": None, "vervalreden": "tijdelijk"}))
    assert r.status_code == 201 and r.json()["vervalreden"] == "tijdelijk"


# -- verlagingen at the uitkeringsadministratie (our own modelled contract) ------------------------

MAANDEN = [{"maand": "2027-03", "percentage": 20}]


def verzoeken(sim) -> dict[str, dict[str, int]]:  # type: ignore[no-untyped-def]
    return dict(httpx.get(f"{sim.url}/_sim/verzoeken").json()["per_sleutel"])


def test_a_verlaging_is_created_once_and_a_replay_gets_the_same_one(sim) -> None:  # type: ignore[no-untyped-def]
    with GemeenteClient(settings(sim)) as c:
        zaak, _ = zaak_en_typen(c, "IJW-2027-000020")
        url = c.meld_verlaging(idempotency_key="zgw:IJW-2027-000020:verlaging:1", zaak_url=zaak, bsn=BSN,
                               besluit="IJW-2027-000020-MR-1", soort="opleggen", maanden=MAANDEN)
        again = c.meld_verlaging(idempotency_key="zgw:IJW-2027-000020:verlaging:1", zaak_url=zaak, bsn=BSN,
                                 besluit="IJW-2027-000020-MR-1", soort="opleggen", maanden=MAANDEN)
        assert again == url
        herzien = c.meld_verlaging(idempotency_key="zgw:IJW-2027-000020:verlaging:2", zaak_url=zaak, bsn=BSN,
                                   besluit="IJW-2027-000020-HZ-1", soort="herzien",
                                   maanden=[{"maand": "2027-03", "percentage": 10}])
        ingetrokken = c.meld_verlaging(idempotency_key="zgw:IJW-2027-000020:verlaging:3", zaak_url=zaak, bsn=BSN,
                                       besluit="IJW-2027-000020-BB-1", soort="intrekken", maanden=[])
        lijst = c.verlagingen(zaak)
        assert c.verlagingen("http://elders.example/zaken/api/v1/zaken/x") == []
    assert [(v.url, v.soort, [(m.maand, m.percentage) for m in v.maanden]) for v in lijst] == [
        (url, "opleggen", [("2027-03", 20)]), (herzien, "herzien", [("2027-03", 10)]), (ingetrokken, "intrekken", [])]
    assert verzoeken(sim) == {"zgw:IJW-2027-000020:verlaging:1": {"verzoeken": 2, "verlagingen": 1},
                              "zgw:IJW-2027-000020:verlaging:2": {"verzoeken": 1, "verlagingen": 1},
                              "zgw:IJW-2027-000020:verlaging:3": {"verzoeken": 1, "verlagingen": 1}}
    assert BSN not in json.dumps(sim.state.verlagingen)  # the administration's record keeps a hash only
    # the replay is answered 200 with the same resource (raw, to see the status)
    h = {"Authorization": "Bearer " + make_token("werkpad-test", SECRET), "Idempotency-Key": "k-raw"}
    body = {"zaak": zaak, "bsn": BSN, "besluit": "B-raw", "soort": "opleggen", "maanden": MAANDEN}
    eerst, dan = (httpx.post(f"{sim.url}/uitkering/api/v1/verlagingen", headers=h, json=body) for _ in range(2))
    assert (eerst.status_code, dan.status_code) == (201, 200) and eerst.json() == dan.json()
    assert eerst.headers["location"] == eerst.json()["url"]


@pytest.mark.parametrize("mode", ["503", "verloren"])
def test_thirty_percent_failures_with_retries_give_one_verlaging_per_key(sim, mode: str) -> None:  # type: ignore[no-untyped-def]
    with GemeenteClient(settings(sim)) as c:
        zaak, _ = zaak_en_typen(c, "IJW-2027-000021")
    sim.drive("/_sim/fault", {"mode": mode, "aandeel": 0.3, "seed": 7})
    urls: dict[str, str] = {}
    with GemeenteClient(settings(sim)) as c:
        for i in range(20):
            key = f"zgw:IJW-2027-000021:verlaging:{i}"
            for _ in range(30):  # the outbox's retries, without their waits: the same key every time
                try:
                    urls[key] = c.meld_verlaging(idempotency_key=key, zaak_url=zaak, bsn=BSN, besluit=f"MR-{i}",
                                                 soort="opleggen", maanden=MAANDEN)
                    break
                except GemeenteTransient as exc:
                    assert "503" in str(exc)
    sim.drive("/_sim/fault", {"mode": None})
    assert len(urls) == 20 and len(set(urls.values())) == 20
    per = verzoeken(sim)
    assert set(per) == set(urls) and all(v["verlagingen"] == 1 for v in per.values())
    assert sum(v["verzoeken"] for v in per.values()) > 20  # faults did happen (about 30 % of the calls)
    assert sorted(v["url"] for v in sim.state.verlagingen.values()) == sorted(urls.values())


def test_a_lost_answer_then_the_retry_finds_the_stored_verlaging(sim) -> None:  # type: ignore[no-untyped-def]
    with GemeenteClient(settings(sim)) as c:
        zaak, _ = zaak_en_typen(c, "IJW-2027-000022")
        sim.drive("/_sim/fault", {"mode": "verloren", "volgende": 1})
        with pytest.raises(GemeenteTransient, match="503"):
            c.meld_verlaging(idempotency_key="k1", zaak_url=zaak, bsn=BSN, besluit="MR-1", soort="opleggen",
                             maanden=MAANDEN)
        assert len(sim.state.verlagingen) == 1  # the gemeente has it; werkpad does not know yet
        url = c.meld_verlaging(idempotency_key="k1", zaak_url=zaak, bsn=BSN, besluit="MR-1", soort="opleggen",
                               maanden=MAANDEN)
    assert next(iter(sim.state.verlagingen.values()))["url"] == url
    assert verzoeken(sim) == {"k1": {"verzoeken": 2, "verlagingen": 1}}


def test_a_replayed_request_is_handled_twice_and_the_key_keeps_it_one(sim) -> None:  # type: ignore[no-untyped-def]
    """The fault "dubbel" (a replaying proxy): the gemeente handles the request twice; the Idempotency-Key
    makes the second a replay that answers with the first's resource."""
    with GemeenteClient(settings(sim)) as c:
        zaak, _ = zaak_en_typen(c, "IJW-2027-000024")
        sim.drive("/_sim/fault", {"mode": "dubbel", "volgende": 1})
        url = c.meld_verlaging(idempotency_key="k1", zaak_url=zaak, bsn=BSN, besluit="MR-1", soort="opleggen",
                               maanden=MAANDEN)
    assert verzoeken(sim) == {"k1": {"verzoeken": 2, "verlagingen": 1}}  # handled twice, stored once
    assert next(iter(sim.state.verlagingen.values()))["url"] == url
    assert sim.state.fault_volgende == 0  # played once


def test_a_replayed_status_and_zaak_are_each_stored_once_and_answered_as_such(sim) -> None:  # type: ignore[no-untyped-def]
    """Replayed (fault "dubbel"), the status's second handling is refused as a duplicate moment while the first
    was stored: the client answers with the stored status, not with a refusal that fails its outbox row for good
    (found by the chaos test). A replayed zaak is found by its identificatie."""
    with GemeenteClient(settings(sim)) as c:
        zt = c.zaaktype("IJW-REINTEGRATIE")
        statustypen = c.statustypen(zt)
        sim.drive("/_sim/fault", {"mode": "dubbel", "volgende": 5})
        zaak = c.maak_zaak(bronorganisatie="001826219", identificatie="IJW-2027-000025", zaaktype_url=zt.url,
                           startdatum=date(2027, 1, 4), omschrijving="Test")
        status = c.zet_status(zaak_url=zaak.url, statustype_url=statustypen[0].url, gezet_op=datetime(2027, 1, 4, 9))
        sim.drive("/_sim/fault", {"mode": None})
    assert [z["url"] for z in sim.state.zaken.values() if z["identificatie"] == "IJW-2027-000025"] == [zaak.url]
    assert [s["url"] for s in sim.state.statussen.values() if s["zaak"] == zaak.url] == [status]


def test_a_rol_stored_twice_is_kept_once_when_werkpad_looks_again(sim) -> None:  # type: ignore[no-untyped-def]
    """ZGW has no key for a rol: a POST a proxy replayed stores two (found by the chaos test). The next time werkpad
    adds that rol (its retry) it keeps the first and removes the other (DELETE, as Open Zaak allows on an open
    zaak) and answers with the one that stays."""
    with GemeenteClient(settings(sim)) as c:
        zt = c.zaaktype("IJW-REINTEGRATIE")
        werkcoach = {r.omschrijving: r for r in c.roltypen(zt)}["Werkcoach"]
        zaak = c.maak_zaak(bronorganisatie="001826219", identificatie="IJW-2027-000026", zaaktype_url=zt.url,
                           startdatum=date(2027, 1, 4), omschrijving="Test")
        body = {"zaak": zaak.url, "betrokkeneType": "medewerker", "roltype": werkcoach.url, "roltoelichting": "",
                "betrokkeneIdentificatie": {"identificatie": "wc@ijw.example"}}
        eerste = c._request("POST", "/zaken/api/v1/rollen", json=body)["url"]  # the request and its replay
        c._request("POST", "/zaken/api/v1/rollen", json=body)
        assert len(sim.state.zaken[zaak.url.rsplit("/", 1)[1]]["rollen"]) == 2
        rol = c.voeg_rol_toe(zaak_url=zaak.url, roltype_url=werkcoach.url, betrokkene_type="medewerker",
                             identificatie={"identificatie": "wc@ijw.example"})
    assert rol == eerste
    assert [r["url"] for r in sim.state.rollen.values() if r["zaak"] == zaak.url] == [eerste]
    assert sim.state.zaken[zaak.url.rsplit("/", 1)[1]]["rollen"] == [eerste]


def test_the_same_key_for_another_verlaging_is_refused_in_dutch(sim) -> None:  # type: ignore[no-untyped-def]
    with GemeenteClient(settings(sim)) as c:
        zaak, _ = zaak_en_typen(c, "IJW-2027-000023")
        c.meld_verlaging(idempotency_key="k1", zaak_url=zaak, bsn=BSN, besluit="MR-1", soort="opleggen",
                         maanden=MAANDEN)
        with pytest.raises(GemeenteRejected, match="al gebruikt voor een andere verlaging") as exc:
            c.meld_verlaging(idempotency_key="k1", zaak_url=zaak, bsn=BSN, besluit="MR-1", soort="opleggen",
                             maanden=[{"maand": "2027-03", "percentage": 10}])
    assert exc.value.status == 422 and BSN not in str(exc.value)
    assert len(sim.state.verlagingen) == 1 and verzoeken(sim)["k1"] == {"verzoeken": 2, "verlagingen": 1}


@pytest.mark.parametrize(("wijziging", "veld", "reden"), [
    ({"soort": "verhogen"}, "soort", "opleggen, herzien of intrekken"),
    ({"maanden": []}, "maanden", "minstens één maand"),
    ({"soort": "herzien", "maanden": []}, "maanden", "minstens één maand"),
    ({"soort": "intrekken"}, "maanden", "lijst leeg"),
    ({"maanden": [{"maand": "2027-13", "percentage": 20}]}, "maanden.0.maand", "JJJJ-MM"),
    ({"maanden": [{"maand": "2027-3", "percentage": 20}]}, "maanden.0.maand", "JJJJ-MM"),
    ({"maanden": [{"maand": "2027-03", "percentage": 0}]}, "maanden.0.percentage", "1 tot en met 100"),
    ({"maanden": [{"maand": "2027-03", "percentage": 101}]}, "maanden.0.percentage", "1 tot en met 100"),
    ({"maanden": [{"maand": "2027-03", "percentage": 20.5}]}, "maanden.0.percentage", "geheel getal"),
    ({"maanden": [{"maand": "2027-03", "percentage": True}]}, "maanden.0.percentage", "geheel getal"),
    ({"maanden": [{"maand": "2027-03", "percentage": "20"}]}, "maanden.0.percentage", "geheel getal"),
    ({"maanden": MAANDEN * 2}, "maanden.1.maand", "staat er al in"),
    ({"bsn": "123456789"}, "bsn", "elfproef"),
    ({"bsn": "99999354"}, "bsn", "elfproef"),
    ({"besluit": ""}, "besluit", "identificatie van het besluit"),
    ({"zaak": "http://127.0.0.1:9/zaken/api/v1/zaken/onbekend"}, "zaak", "Onbekende zaak"),
])
def test_the_uitkeringsadministratie_refuses_an_invalid_verlaging(sim, wijziging: dict[str, object], veld: str,  # type: ignore[no-untyped-def]
                                                                 reden: str) -> None:
    with GemeenteClient(settings(sim)) as c:
        zaak, _ = zaak_en_typen(c, "IJW-2027-000024")
        melding: dict[str, object] = {"zaak_url": zaak, "bsn": BSN, "besluit": "MR-1", "soort": "opleggen",
                                       "maanden": MAANDEN}
        melding |= {("zaak_url" if k == "zaak" else k): v for k, v in wijziging.items()}
        with pytest.raises(GemeenteRejected, match=reden) as exc:
            c.meld_verlaging(idempotency_key="k1", **melding)  # type: ignore[arg-type]
    assert exc.value.status == 400
    assert [p["name"] for p in exc.value.body["invalidParams"]] == [veld]  # type: ignore[index]
    assert "123456789" not in str(exc.value) and BSN not in str(exc.value)
    assert sim.state.verlagingen == {}
    # a refused body does not take the key: the corrected melding goes through under it
    with GemeenteClient(settings(sim)) as c:
        assert c.meld_verlaging(idempotency_key="k1", zaak_url=zaak, bsn=BSN, besluit="MR-1", soort="opleggen",
                                maanden=MAANDEN)


def test_a_verlaging_without_key_or_json_is_refused(sim) -> None:  # type: ignore[no-untyped-def]
    with GemeenteClient(settings(sim)) as c:
        zaak, _ = zaak_en_typen(c, "IJW-2027-000025")
    h = {"Authorization": "Bearer " + make_token("werkpad-test", SECRET)}
    body = {"zaak": zaak, "bsn": BSN, "besluit": "MR-1", "soort": "opleggen", "maanden": MAANDEN}
    zonder = httpx.post(f"{sim.url}/uitkering/api/v1/verlagingen", headers=h, json=body)
    assert zonder.status_code == 400 and "Idempotency-Key" in zonder.json()["detail"]
    assert zonder.headers["content-type"] == "application/problem+json"
    te_lang = httpx.post(f"{sim.url}/uitkering/api/v1/verlagingen", headers={**h, "Idempotency-Key": "k" * 256},
                         json=body)
    geen_json = httpx.post(f"{sim.url}/uitkering/api/v1/verlagingen", headers={**h, "Idempotency-Key": "k"},
                           content=b"{niet", )
    lijst = httpx.post(f"{sim.url}/uitkering/api/v1/verlagingen", headers={**h, "Idempotency-Key": "k"}, json=[body])
    assert [r.status_code for r in (te_lang, geen_json, lijst)] == [400, 400, 400]
    assert httpx.post(f"{sim.url}/uitkering/api/v1/verlagingen", headers={"Idempotency-Key": "k"},
                      json=body).status_code == 403
    assert sim.state.verlagingen == {}


def test_verlaging_errors_transient_and_malformed(sim) -> None:  # type: ignore[no-untyped-def]
    with GemeenteClient(settings(sim)) as c:
        zaak, _ = zaak_en_typen(c, "IJW-2027-000026")
        melding = {"idempotency_key": "k1", "zaak_url": zaak, "bsn": BSN, "besluit": "MR-1", "soort": "opleggen",
                   "maanden": MAANDEN}
        sim.drive("/_sim/fault", {"mode": "malformed", "volgende": 1})
        with pytest.raises(GemeenteMalformed, match="verlaging"):
            c.meld_verlaging(**melding)  # type: ignore[arg-type]
        sim.drive("/_sim/fault", {"mode": "500", "volgende": 1})
        with pytest.raises(GemeenteTransient, match="500"):
            c.meld_verlaging(**melding)  # type: ignore[arg-type]
        assert sim.state.verlagingen == {}  # neither was handled
        url = c.meld_verlaging(**melding)  # type: ignore[arg-type]  # the faults were for one call each
        # an answer for another verlaging than the one reported is not taken for it
        with pytest.raises(GemeenteMalformed, match="andere verlaging"):
            c.meld_verlaging(**{**melding, "idempotency_key": "k2", "zaak_url": zaak + "/"})  # type: ignore[arg-type]
    with GemeenteClient(settings(sim).model_copy(update={"api_url": "http://127.0.0.1:9"})) as c:
        with pytest.raises(GemeenteTransient, match="niet bereikbaar"):
            c.meld_verlaging(**melding)  # type: ignore[arg-type]
    # Only the call meant to time out gets the short timeout: a busy machine must not fail the others.
    with GemeenteClient(settings(sim).model_copy(update={"timeout_seconds": 0.1})) as ongeduldig, \
            GemeenteClient(settings(sim)) as c:
        sim.drive("/_sim/fault", {"mode": "traag", "volgende": 1, "vertraging": 0.5})  # stored, answered too late
        with pytest.raises(GemeenteTransient, match="niet bereikbaar"):
            ongeduldig.meld_verlaging(**{**melding, "idempotency_key": "k3"})  # type: ignore[arg-type]
        traag = c.meld_verlaging(**{**melding, "idempotency_key": "k3"})  # type: ignore[arg-type]
    urls = [v["url"] for v in sim.state.verlagingen.values()]
    assert len(urls) == 3 and (urls[0], urls[2]) == (url, traag)
    assert verzoeken(sim)["k3"] == {"verzoeken": 2, "verlagingen": 1}


def test_verlagingen_survive_a_restart_and_a_replay_after_it_finds_its_own(tmp_path: Path) -> None:
    from tests.conftest import SimServer, free_port

    path, port = tmp_path / "gemeente-simulator.json", free_port()
    melding = {"idempotency_key": "k1", "bsn": BSN, "besluit": "MR-1", "soort": "opleggen", "maanden": MAANDEN}
    server = SimServer({"werkpad-test": SECRET}, state_file=path, port=port).start()
    try:
        with GemeenteClient(settings(server)) as c:
            zaak, _ = zaak_en_typen(c, "IJW-2027-000027")
            url = c.meld_verlaging(zaak_url=zaak, **melding)  # type: ignore[arg-type]
    finally:
        server.stop()
    assert BSN not in path.read_text(encoding="utf-8").split('"verlagingen"')[1]
    server = SimServer({"werkpad-test": SECRET}, state_file=path, port=port).start()  # restarted
    try:
        with GemeenteClient(settings(server)) as c:
            assert c.meld_verlaging(zaak_url=zaak, **melding) == url  # type: ignore[arg-type]
            assert [v.url for v in c.verlagingen(zaak)] == [url]
    finally:
        server.stop()


def test_a_closed_zaak_with_our_identificatie_is_not_taken_for_ours(sim) -> None:  # type: ignore[no-untyped-def]
    """A fresh case store numbers from IJW-2026-000001 again at a gemeente that still holds an older,
    closed zaak with that identificatie: refused in one line, not reused (its writes would get 403)."""
    with GemeenteClient(settings(sim)) as c:
        zt = c.zaaktype("IJW-REINTEGRATIE")
        typen = c.typen_van(zt)
        oud = c.maak_zaak(bronorganisatie="001826219", identificatie="IJW-2026-900009", zaaktype_url=zt.url,
                          startdatum=date(2026, 1, 5), omschrijving="Oud")
        c.zet_resultaat(zaak_url=oud.url, resultaattype_url=typen.resultaattype("Werkaanvaarding").url)
        c.zet_status(zaak_url=oud.url, statustype_url=typen.statustype("Afgesloten").url,
                     gezet_op=datetime(2026, 6, 1, 9))
        with pytest.raises(GemeenteRejected, match="botsen met eerdere zaken") as exc:
            c.maak_zaak(bronorganisatie="001826219", identificatie="IJW-2026-900009", zaaktype_url=zt.url,
                        startdatum=date(2026, 11, 23), omschrijving="Nieuw")
        assert exc.value.status == 409
