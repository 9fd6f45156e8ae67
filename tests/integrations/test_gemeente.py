"""The gemeente client against the real simulator on loopback, checked against the ZGW specs."""

from __future__ import annotations

import json
import re
import time
from datetime import date, datetime
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
from integrations.gemeente.errors import GemeenteMalformed, GemeenteRejected, GemeenteTransient
from integrations.gemeente.settings import GemeenteSection

SPECS = Path(__file__).resolve().parents[3] / "shared" / "specs" / "zgw"
if not SPECS.exists():
    SPECS = Path(__file__).resolve().parents[2].parent / "shared" / "specs" / "zgw"


SECRET = "test-secret-of-at-least-32-bytes!!"
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
        c.zet_status(zaak_url=zaak.url, statustype_url=statustypen[-1].url, gezet_op=datetime(2026, 11, 24, 9))
        assert c.uitkeringsstatus(zaak.url).status == "in_behandeling"
    assert sim.drive("/_sim/uitkeringen/IJW-2026-900001", {"status": "toegekend"}).status_code == 200
    with GemeenteClient(settings(sim)) as c:
        assert c.uitkeringsstatus(zaak.url).status == "toegekend"
        token = make_token("werkpad-test", SECRET)
        closed = httpx.get(zaak.url, headers={"Authorization": f"Bearer {token}"})
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
    assert httpx.get(url).status_code == 403
    bad = make_token("werkpad-test", "wrong-secret" * 3)
    r = httpx.get(url, headers={"Authorization": f"Bearer {bad}"})
    assert r.status_code == 403 and r.headers["content-type"].startswith("application/problem+json")
    expired = make_token("werkpad-test", SECRET, now=time.time() - 3700)
    r = httpx.get(url, headers={"Authorization": f"Bearer {expired}"})
    assert r.status_code == 403 and "verlopen" in r.json()["detail"]
    unknown = make_token("iemand-anders", SECRET)
    assert httpx.get(url, headers={"Authorization": f"Bearer {unknown}"}).status_code == 403
    fresh = make_token("werkpad-test", SECRET)
    assert httpx.get(url, headers={"Authorization": f"Bearer {fresh}"}).status_code == 200


def test_zaak_write_without_content_crs_is_refused(sim) -> None:  # type: ignore[no-untyped-def]
    h = {"Authorization": "Bearer " + make_token("werkpad-test", SECRET)}
    r = httpx.post(f"{sim.url}/zaken/api/v1/zaken", headers=h, content=json.dumps({}))
    assert r.status_code == 412


def test_client_maps_errors(sim) -> None:  # type: ignore[no-untyped-def]
    with GemeenteClient(GemeenteSection(api_url="http://127.0.0.1:9", client_id="x", secret="y" * 32)) as c:
        with pytest.raises(GemeenteTransient, match="niet bereikbaar"):
            c.zaaktype("IJW-REINTEGRATIE")
    with GemeenteClient(GemeenteSection(api_url=sim.url, client_id="werkpad-test", secret="wrong" * 8)) as c:
        with pytest.raises(GemeenteRejected, match="403"):
            c.zaaktype("IJW-REINTEGRATIE")
    with GemeenteClient(settings(sim)) as c:
        sim.drive("/_sim/fault", {"mode": "malformed"})
        with pytest.raises(GemeenteMalformed, match="geen gepagineerde lijst"):
            c.zaaktype("IJW-REINTEGRATIE")
        sim.drive("/_sim/fault", {"mode": "500"})
        with pytest.raises(GemeenteTransient, match="500"):
            c.zaaktype("IJW-REINTEGRATIE")
        sim.drive("/_sim/fault", {"mode": None})
        with pytest.raises(GemeenteRejected, match="bestaat niet"):
            c.zaaktype("ONBEKEND")


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
        c._get_url(r1, "resultaat")
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
        assert set(typen) == {"Beschut werk toegekend", "Beschut werk afgewezen"}
        zaak = c.maak_zaak(bronorganisatie="001826219", identificatie="IJW-2026-900003", zaaktype_url=zt.url,
                           startdatum=date(2026, 11, 23), omschrijving="Test")
        b1 = c.maak_besluit(verantwoordelijke_organisatie="001826219", identificatie="IJW-2026-900003-BW-1",
                            besluittype_url=typen["Beschut werk toegekend"].url, zaak_url=zaak.url,
                            datum=date(2027, 3, 2), toelichting="Advies UWV gevolgd",
                            uiterlijke_reactiedatum=date(2027, 4, 13))
        assert c.maak_besluit(verantwoordelijke_organisatie="001826219", identificatie="IJW-2026-900003-BW-1",
                              besluittype_url=typen["Beschut werk toegekend"].url, zaak_url=zaak.url,
                              datum=date(2027, 3, 2)) == b1
        assert c._get_url(b1, "besluit")["uiterlijkeReactiedatum"] == "2027-04-13"
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
