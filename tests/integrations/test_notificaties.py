"""werkpad's Notificaties client against the gemeente simulator's Open Notificaties on loopback, every exchange
checked against ../shared/specs/zgw/notificaties-openapi.yaml (openapi-core); the simulator's abonnement validation
as Open Notificaties 1.x does it; its at-least-once delivery (retries on a non-2xx, duplicates on demand), each
delivered body a valid `Message`."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from integrations.gemeente.auth import make_token
from integrations.gemeente.client import GemeenteClient
from integrations.gemeente.errors import GemeenteRejected
from integrations.gemeente.notificaties import (
    Gevolgd,
    NotificatiesClient,
    abonneer,
    gewenst_abonnement,
    lees_notificatie,
    verschillen,
)
from integrations.gemeente.settings import GemeenteSection, NotificatiesSection
from tests.conftest import SECRET, AppServer, free_port
from tests.integrations.test_gemeente import OARequest, OAResponse, Recording, spec
from tests.notificaties_hulp import TOKEN, wacht_tot

AUTH = f"Bearer {TOKEN}"


class Ontvanger:
    """A callback as a consumer builds one: 403 without the token, then `fouten` answers of 500, then 204; it keeps
    what it got."""

    def __init__(self, fouten: int = 0, zonder_auth: int = 403, met_auth: int = 204) -> None:
        self.fouten, self.zonder_auth, self.met_auth = fouten, zonder_auth, met_auth
        self.ontvangen: list[dict[str, Any]] = []
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/callback"

        async def callback(request: Request) -> Response:
            if request.headers.get("authorization") != AUTH:
                return Response(status_code=self.zonder_auth)
            body = json.loads(await request.body())
            if body.get("kanaal") != "test" and self.fouten > 0:
                self.fouten -= 1
                return Response(status_code=500)
            self.ontvangen.append(body)
            return Response(status_code=self.met_auth)

        self.server = AppServer(Starlette(routes=[Route("/callback", callback, methods=["POST"])]), self.port)


@pytest.fixture()
def ontvanger(sim: Any) -> Iterator[Ontvanger]:
    o = Ontvanger()
    o.server.start()
    sim.state.notificatie_wachttijden = (0.05, 0.1, 0.2)
    yield o
    o.server.stop()


def instellingen(sim: Any, callback: str) -> tuple[NotificatiesSection, GemeenteSection]:
    return (NotificatiesSection(api_url=f"{sim.url}/api/v1", callback_url=callback, token=TOKEN),
            GemeenteSection(api_url=sim.url, client_id="werkpad-test", secret=SECRET))


def gevolgd(g: GemeenteSection) -> list[Gevolgd]:
    with GemeenteClient(g) as c:
        return [Gevolgd("velsen", "001826219", v.url) for v in c.zaaktypen("LO-AANVRAAG")]


def beheer(sim: Any, method: str, path: str, body: Any = None) -> httpx.Response:
    """A call to the simulator's Notificaties API as any client it knows (werkpad's)."""
    return httpx.request(method, f"{sim.url}/api/v1{path}", json=body, timeout=10,
                         headers={"Authorization": "Bearer " + make_token("werkpad-test", SECRET)})


def test_abonneer_makes_it_once_and_every_exchange_conforms_to_the_spec(sim: Any, ontvanger: Ontvanger) -> None:
    n, g = instellingen(sim, ontvanger.url)
    gewenst = gewenst_abonnement(n, gevolgd(g))
    assert gewenst["kanalen"] == [{"naam": "zaken", "filters": {"bronorganisatie": "001826219",
                                                                "zaaktype": gevolgd(g)[0].zaaktype_url}}]
    rec = Recording()
    with NotificatiesClient(n, g, transport=rec) as c:
        eerste = abonneer(c, gewenst)
        tweede = abonneer(c, gewenst)  # idempotent: nothing changes
        assert (eerste.gedaan, tweede.gedaan, tweede.url) == ("gemaakt", "ongewijzigd", eerste.url)
        assert len(c.abonnementen()) == 1 and verschillen(c.mijn_abonnement() or {}, gewenst) == []
    assert "auth" not in (c_ := beheer(sim, "GET", "/abonnement").json()[0]) and c_["callbackUrl"] == ontvanger.url
    # Open Notificaties tested the callback with the token (and once without it) before it accepted.
    assert ontvanger.ontvangen[0]["kanaal"] == "test"
    for req, resp in rec.exchanges:
        oa = OARequest(req)
        spec("notificaties").validate_request(oa)
        spec("notificaties").validate_response(oa, OAResponse(resp))
    assert {r.method for r, _ in rec.exchanges} == {"GET", "POST"}


def test_a_new_zaaktype_version_makes_the_check_fail_and_abonneer_replaces_it(sim: Any, ontvanger: Ontvanger) -> None:
    n, g = instellingen(sim, ontvanger.url)
    with NotificatiesClient(n, g) as c:
        abonneer(c, gewenst_abonnement(n, gevolgd(g)))
        assert sim.drive("/_sim/zaaktype-versie", {"identificatie": "LO-AANVRAAG",
                                                   "beginGeldigheid": "2026-06-01"}).status_code == 201
        gewenst = gewenst_abonnement(n, gevolgd(g))
        fouten = verschillen(c.mijn_abonnement() or {}, gewenst)
        assert len(fouten) == 1 and fouten[0].startswith("filter ontbreekt op kanaal zaken: bronorganisatie=001826219")
        a = abonneer(c, gewenst)
        assert a.gedaan == "vervangen" and a.verschillen == fouten
        assert verschillen(c.mijn_abonnement() or {}, gewenst) == [] and len(c.abonnementen()) == 1
        c.verwijder(a.url)
        assert c.mijn_abonnement() is None


def _fout(r: httpx.Response) -> tuple[int, set[tuple[str, str]]]:
    return r.status_code, {(p["name"], p["code"]) for p in r.json().get("invalidParams", [])}


def test_the_simulator_validates_an_abonnement_as_open_notificaties_does(sim: Any, ontvanger: Ontvanger) -> None:
    goed = {"callbackUrl": ontvanger.url, "auth": AUTH, "kanalen": [{"naam": "zaken", "filters": {}}]}
    assert _fout(beheer(sim, "POST", "/abonnement", {"kanalen": []})) == (
        400, {("callbackUrl", "required"), ("auth", "required")})
    assert _fout(beheer(sim, "POST", "/abonnement", {**goed, "callbackUrl": "geen url"})) == (
        400, {("callbackUrl", "invalid")})
    assert _fout(beheer(sim, "POST", "/abonnement", {**goed, "kanalen": [{"naam": "onbekend"}]})) == (
        400, {("naam", "kanaal_naam")})
    assert _fout(beheer(sim, "POST", "/abonnement", {**goed, "kanalen": [{"naam": "zaken", "filters": {
        "zaaktype": "x", "iets_anders": "y"}}]})) == (400, {("filters", "inconsistent-abonnement-filters")})
    assert _fout(beheer(sim, "POST", "/abonnement", {**goed, "auth": "Bearer verkeerd"})) == (
        400, {("nonFieldErrors", "invalid-callback-url")})  # the callback refuses this token
    dicht = f"http://127.0.0.1:{free_port()}/callback"  # nothing listens there
    assert _fout(beheer(sim, "POST", "/abonnement", {**goed, "callbackUrl": dicht})) == (
        400, {("callbackUrl", "no-auth-on-callback-url")})
    open_deur = Ontvanger(zonder_auth=204)  # takes anything, also without a token: not secured
    open_deur.server.start()
    try:
        assert _fout(beheer(sim, "POST", "/abonnement", {**goed, "callbackUrl": open_deur.url})) == (
            400, {("callbackUrl", "no-auth-on-callback-url")})
    finally:
        open_deur.server.stop()
    assert sim.state.abonnementen == {}  # every refusal stored nothing
    r = beheer(sim, "POST", "/abonnement", goed)
    assert r.status_code == 201 and r.headers["API-version"] == "1.0.0"
    url = r.json()["url"]
    assert beheer(sim, "GET", url.split("/api/v1")[1]).json()["kanalen"] == [{"naam": "zaken", "filters": {}}]
    assert beheer(sim, "DELETE", url.split("/api/v1")[1]).status_code == 204
    assert beheer(sim, "GET", url.split("/api/v1")[1]).status_code == 404
    assert httpx.get(f"{sim.url}/api/v1/abonnement", timeout=5).status_code == 403  # no token, no answer
    assert {k["naam"] for k in beheer(sim, "GET", "/kanaal").json()} == {"zaken", "besluiten"}


def test_the_client_says_what_the_notificaties_api_refused(sim: Any, ontvanger: Ontvanger) -> None:
    n, g = instellingen(sim, ontvanger.url)
    with NotificatiesClient(n, g) as c, pytest.raises(GemeenteRejected) as exc:
        c.maak({"callbackUrl": ontvanger.url, "auth": "Bearer verkeerd", "kanalen": [{"naam": "zaken"}]})
    assert "kan geen notificaties ontvangen" in str(exc.value)


def _maak_aanvraag_notificaties(sim: Any) -> None:
    """The gemeente's own work: a zaak of its aanvraag-zaaktype, a status on it (a notification each)."""
    from tests.integrations.test_gemeente import BSN  # noqa: F401  (the same test person)

    g = GemeenteSection(api_url=sim.url, client_id="werkpad-test", secret=SECRET)
    with GemeenteClient(g) as c:
        zt = c.zaaktypen("IJW-REINTEGRATIE")[0]
        from datetime import date, datetime

        zaak = c.maak_zaak(bronorganisatie="001826219", identificatie="IJW-2026-900001", zaaktype_url=zt.url,
                           startdatum=date(2026, 11, 23), omschrijving="Test")
        st = c.statustypen(zt)[0]
        c.zet_status(zaak_url=zaak.url, statustype_url=st.url, gezet_op=datetime(2026, 11, 23, 9))
        c.voeg_rol_toe(zaak_url=zaak.url, roltype_url={r.omschrijving: r for r in c.roltypen(zt)}["Deelnemer"].url,
                       betrokkene_type="natuurlijk_persoon", identificatie={"inpBsn": "999993549"})


@pytest.mark.parametrize("dubbel", [False, True])
def test_delivery_is_at_least_once_with_retries_and_each_body_is_a_message(sim: Any, dubbel: bool) -> None:
    o = Ontvanger(fouten=2)  # the first two deliveries fail with a 500
    o.server.start()
    try:
        n, g = instellingen(sim, o.url)
        sim.state.notificatie_wachttijden = (0.05, 0.1, 0.2)
        with NotificatiesClient(n, g) as c:
            c.maak({"callbackUrl": o.url, "auth": AUTH, "kanalen": [{"naam": "zaken", "filters": {
                "bronorganisatie": "001826219"}}]})  # every zaak of this gemeente
        sim.state.notificatie_dubbel = dubbel
        _maak_aanvraag_notificaties(sim)
        zaken = wacht_tot(lambda: [b for b in o.ontvangen if b["kanaal"] == "zaken"] if len(
            [b for b in o.ontvangen if b["kanaal"] == "zaken"]) >= (2 if dubbel else 1) else [])
    finally:
        o.server.stop()
    pogingen = [a for a in sim.state.afleveringen if a["resource"] == "status"]
    assert [a["status"] for a in pogingen[:2]] == [500, 500] and not any(a["opgegeven"] for a in pogingen)
    geslaagd = [a["poging"] for a in pogingen if a["status"] == 204]  # after the retries
    assert geslaagd == ([2, 2] if dubbel else [3]), pogingen
    assert all(b == zaken[0] for b in zaken)  # a repeat is the same notification: same content, same key
    b = zaken[0]
    assert (b["resource"], b["actie"]) == ("status", "create") and b["kenmerken"]["bronorganisatie"] == "001826219"
    assert "999993549" not in json.dumps(b)  # a notification carries URLs and kenmerken, never a BSN
    assert lees_notificatie(b)[0] is not None
    # The delivered body is the spec's Message (what a publisher POSTs to /notificaties is what a consumer gets).
    req = httpx.Request("POST", f"{sim.url}/api/v1/notificaties", json=b,
                        headers={"Content-Type": "application/json", "Authorization": "Bearer x"})
    spec("notificaties").validate_request(OARequest(req))


def test_a_callback_that_keeps_failing_is_given_up_after_the_retries(sim: Any) -> None:
    o = Ontvanger(fouten=100)
    o.server.start()
    try:
        sim.state.notificatie_wachttijden = (0.02, 0.02)
        assert beheer(sim, "POST", "/abonnement", {"callbackUrl": o.url, "auth": AUTH, "kanalen": [
            {"naam": "zaken"}]}).status_code == 201
        _maak_aanvraag_notificaties(sim)
        opgegeven = wacht_tot(lambda: [a for a in sim.state.afleveringen if a["opgegeven"]])
    finally:
        o.server.stop()
    assert opgegeven[0]["poging"] == 3 and opgegeven[0]["status"] == 500
    assert o.ontvangen[1:] == []  # only the test POST of the abonnement got through


def test_a_notification_outside_the_filters_is_not_delivered(sim: Any, ontvanger: Ontvanger) -> None:
    n, g = instellingen(sim, ontvanger.url)
    with NotificatiesClient(n, g) as c:
        abonneer(c, gewenst_abonnement(n, gevolgd(g)))  # the aanvraag-zaaktype only
    _maak_aanvraag_notificaties(sim)  # a zaak of werkpad's own zaaktype: not followed
    assert sim.drive("/_sim/uitkeringen/IJW-2026-900001", {"status": "toegekend"}).status_code == 200
    aanvraag = wacht_tot(lambda: [b for b in ontvanger.ontvangen if b["kanaal"] == "zaken" and b["resource"] == "resultaat"])
    assert all(b["kenmerken"]["zaaktype"] == gevolgd(g)[0].zaaktype_url for b in ontvanger.ontvangen
               if b["kanaal"] == "zaken")
    assert aanvraag[0]["hoofdObject"] != aanvraag[0]["resourceUrl"]
