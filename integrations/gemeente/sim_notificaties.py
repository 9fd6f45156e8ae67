"""The gemeente simulator's Open Notificaties (Notificaties API 1.0, ../shared/specs/zgw/notificaties-openapi.yaml,
served under /api/v1 as Open Notificaties serves it), as it behaves where werkpad could get it wrong:

- `abonnement` (list, create, read, replace, delete; `auth` is writeOnly). A create or replace is validated as
  Open Notificaties 1.x does (src/nrc/api/serializers.py, validators.py): `callbackUrl` and `auth` required,
  lengths; the callback must be secured (a test POST *without* auth must get 401 or 403: "no-auth-on-callback-url")
  and must take notifications (the same test POST *with* the auth must get 200-209: "invalid-callback-url", a
  nonFieldError); each kanaal must exist ("kanaal_naam") and a group's filter names must be a subset or superset
  of the kanaal's ("inconsistent-abonnement-filters").
- `kanaal` (list): zaken (kenmerken bronorganisatie, zaaktype, vertrouwelijkheidaanduiding, as Open Zaak sends
  them) and besluiten.
- Publishing: when the Zaken API makes a status or a resultaat (sim_kern.Kern), a notification (kanaal, hoofdObject,
  resource, resourceUrl, actie, aanmaakdatum, kenmerken) goes to every abonnement with a matching filter group
  (Open Notificaties' match_pattern: each filter's key that the kenmerken have must equal it, or be "*"), POSTed
  with the abonnement's `auth` as Authorization header, from a thread of its own: at least once. A non-2xx or an
  unreachable callback is tried again after each of `SimState.notificatie_wachttijden`, then given up (as Open
  Notificaties' retried task does); with `notificatie_dubbel` every notification is delivered twice.

Not modelled: the scopes notificaties.consumeren/publiceren (any client the simulator knows may subscribe),
cloudevents, and POST /notificaties by other publishers.
"""

from __future__ import annotations

import heapq
import itertools
import threading
import time
import uuid as uuidlib
from typing import Any

import httpx
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, Response

from integrations.gemeente.sim_fouten import fout, is_url, json_object, niet_gevonden, ongeldig
from integrations.gemeente.sim_kern import Kern, sim_body
from integrations.gemeente.sim_state import SimState

BASIS = "/api/v1"
KANALEN: dict[str, list[str]] = {
    "zaken": ["bronorganisatie", "zaaktype", "vertrouwelijkheidaanduiding"],
    "besluiten": ["verantwoordelijke_organisatie", "besluittype"],
}
# What Open Notificaties POSTs to a callback before it accepts an abonnement (validators.py).
TESTBERICHT = {"kanaal": "test", "hoofdObject": "http://some.hoofdobject.nl/", "resource": "some_resource",
               "resourceUrl": "http://some.resource.nl/", "actie": "create", "aanmaakdatum": "2019-01-01T12:00:00Z",
               "kenmerken": {}}
TIMEOUT = 5.0


def kanaal_json(base: str, naam: str) -> dict[str, Any]:
    return {"url": f"{base}{BASIS}/kanaal/{uuidlib.uuid5(uuidlib.NAMESPACE_URL, naam)}", "naam": naam,
            "documentatieLink": f"https://open-zaak.readthedocs.io/notificaties/{naam}", "filters": KANALEN[naam]}


def past(filters: dict[str, str], kenmerken: dict[str, str]) -> bool:
    """Open Notificaties' match_pattern: a filter on a kenmerk the notification has must equal it (or be "*");
    a filter on a kenmerk it lacks does not stop it."""
    return all(v == "*" or v == kenmerken[k] for k, v in filters.items() if k in kenmerken)


def publiceer(state: SimState, bericht: dict[str, Any]) -> int:
    """Route one notification to every matching abonnement; the deliveries happen on the delivery thread.
    Returns how many were queued. Callers may hold state.lock."""
    doelen = []
    for a in state.abonnementen.values():
        if any(g["naam"] == bericht["kanaal"] and past(g.get("filters") or {}, bericht.get("kenmerken") or {})
               for g in a.get("kanalen") or []):
            doelen.append(a)
    if not doelen:
        return 0
    if state.bezorger is None:
        state.bezorger = Bezorger(state)
    for a in doelen:
        for _ in range(2 if state.notificatie_dubbel else 1):
            state.bezorger.zet(a["uuid"], a["callbackUrl"], a["auth"], dict(bericht))
    return len(doelen)


class Bezorger:
    """The delivery thread: each notification POSTed to its callback, tried again after a failure."""

    def __init__(self, state: SimState) -> None:
        self.state = state
        self._rij: list[tuple[float, int, dict[str, Any]]] = []
        self._volg = itertools.count()
        self._cv = threading.Condition()
        threading.Thread(target=self._loop, name="sim-notificaties", daemon=True).start()

    def zet(self, abonnement: str, callback: str, auth: str, bericht: dict[str, Any], poging: int = 0,
            wacht: float = 0.0) -> None:
        with self._cv:
            heapq.heappush(self._rij, (time.monotonic() + wacht, next(self._volg), {
                "abonnement": abonnement, "callback": callback, "auth": auth, "bericht": bericht, "poging": poging}))
            self._cv.notify()

    def _loop(self) -> None:
        with httpx.Client(timeout=TIMEOUT) as http:
            while True:
                with self._cv:
                    while not self._rij or self._rij[0][0] > time.monotonic():
                        self._cv.wait(None if not self._rij else max(0.0, self._rij[0][0] - time.monotonic()))
                    _, _, item = heapq.heappop(self._rij)
                self._bezorg(http, item)

    def _bezorg(self, http: httpx.Client, item: dict[str, Any]) -> None:
        try:
            r = http.post(item["callback"], json=item["bericht"], headers={"Authorization": item["auth"]})
            status: int | None = r.status_code
            ok = 200 <= r.status_code < 300
        except httpx.HTTPError:
            status, ok = None, False
        wachttijden = self.state.notificatie_wachttijden
        opgegeven = not ok and item["poging"] >= len(wachttijden)
        with self.state.lock:
            self.state.afleveringen.append({"abonnement": item["abonnement"], "resourceUrl": item["bericht"]["resourceUrl"],
                                            "resource": item["bericht"]["resource"], "actie": item["bericht"]["actie"],
                                            "poging": item["poging"] + 1, "status": status, "opgegeven": opgegeven})
        if not ok and not opgegeven:
            self.zet(item["abonnement"], item["callback"], item["auth"], item["bericht"], item["poging"] + 1,
                     wachttijden[item["poging"]])


async def _test_post(callback: str, auth: str | None) -> int | None:
    headers = {"Authorization": auth} if auth is not None else {}
    try:
        async with httpx.AsyncClient(timeout=TIMEOUT) as http:
            return (await http.post(callback, json=TESTBERICHT, headers=headers)).status_code
    except httpx.HTTPError:
        return None


async def valideer(body: Any) -> dict[str, Any]:
    """The abonnement as Open Notificaties would store it, or an ApiFout (400 with invalidParams)."""
    if not isinstance(body, dict):
        raise ongeldig([fout("nonFieldErrors", "invalid", "Ongeldige data. Verwachtte een dictionary, kreeg een "
                                                          f"{type(body).__name__}.")])
    fouten = []
    callback, auth = body.get("callbackUrl"), body.get("auth")
    for naam, waarde, maxlen in (("callbackUrl", callback, 200), ("auth", auth, 1000)):
        if waarde is None:
            fouten.append(fout(naam, "required", "Dit veld is vereist."))
        elif not isinstance(waarde, str) or not waarde.strip():
            fouten.append(fout(naam, "blank", "Dit veld mag niet leeg zijn."))
        elif len(waarde) > maxlen:
            fouten.append(fout(naam, "max_length", f"Zorg ervoor dat dit veld niet meer dan {maxlen} karakters "
                                                   "bevat."))
    if isinstance(callback, str) and callback.strip() and not is_url(callback):
        fouten.append(fout("callbackUrl", "invalid", "Voer een geldige URL in."))
    kanalen = body.get("kanalen", [])
    if not isinstance(kanalen, list) or not all(isinstance(k, dict) for k in kanalen):
        fouten.append(fout("kanalen", "not_a_list", "Verwachtte een lijst met items, kreeg een ander type."))
        kanalen = []
    for i, k in enumerate(kanalen):
        if not isinstance(k.get("naam"), str) or not k["naam"]:
            fouten.append(fout(f"kanalen.{i}.naam", "required", "Dit veld is vereist."))
        filters = k.get("filters", {})
        if not isinstance(filters, dict) or not all(isinstance(v, str) and len(v) <= 1000 for v in filters.values()):
            fouten.append(fout(f"kanalen.{i}.filters", "invalid", "Verwachtte een dictionary van tekst."))
    if fouten:
        raise ongeldig(fouten)
    assert isinstance(callback, str) and isinstance(auth, str)
    # The field's validator first (is the callback secured?), then the serializer's (does it take notifications?).
    if (await _test_post(callback, None)) not in (401, 403):
        raise ongeldig([fout("callbackUrl", "no-auth-on-callback-url",
                             "De opgegeven callback URL is niet beveiligd met autorisatie.")])
    status = await _test_post(callback, auth)
    if status is None or not 200 <= status <= 209:
        raise ongeldig([fout("nonFieldErrors", "invalid-callback-url",
                             "De opgegeven callback URL kan geen notificaties ontvangen.")])
    for k in kanalen:
        if k["naam"] not in KANALEN:
            raise ongeldig([fout("naam", "kanaal_naam", "Kanaal met deze naam bestaat niet.")])
        namen, eigen = set(k.get("filters") or {}), set(KANALEN[k["naam"]])
        if namen and not (eigen <= namen or eigen >= namen):
            raise ongeldig([fout("filters", "inconsistent-abonnement-filters",
                                 "abonnement filters aren't consistent with kanaal filters")])
    return {"callbackUrl": callback, "auth": auth,
            "kanalen": [{"naam": k["naam"], "filters": dict(k.get("filters") or {})} for k in kanalen]}


def register(app: FastAPI, sim: Kern) -> None:
    state = sim.state

    def url(request: Request, u: str) -> str:
        return f"{sim.base(request)}{BASIS}/abonnement/{u}"

    def tonen(request: Request, a: dict[str, Any]) -> dict[str, Any]:
        return {"url": url(request, a["uuid"]), "callbackUrl": a["callbackUrl"], "kanalen": a["kanalen"],
                "sendCloudevents": False, "cloudeventFilters": []}

    def een(abonnement_uuid: str) -> dict[str, Any]:
        a = state.abonnementen.get(abonnement_uuid.lower())
        if a is None:
            raise niet_gevonden()
        return a

    @app.get(f"{BASIS}/kanaal")
    def list_kanalen(request: Request) -> list[dict[str, Any]]:
        return [kanaal_json(sim.base(request), n) for n in KANALEN]

    @app.get(f"{BASIS}/abonnement")
    def list_abonnementen(request: Request) -> list[dict[str, Any]]:
        with state.lock:
            return [tonen(request, a) for a in state.abonnementen.values()]

    @app.post(f"{BASIS}/abonnement")
    async def create_abonnement(request: Request) -> Response:
        data = await valideer(await json_object(request))
        u = str(uuidlib.uuid4())
        with state.lock:
            state.abonnementen[u] = {"uuid": u, **data}
            state.save()
            return JSONResponse(tonen(request, state.abonnementen[u]), 201, headers={"Location": url(request, u)})

    @app.get(f"{BASIS}/abonnement/{{abonnement_uuid}}")
    def get_abonnement(request: Request, abonnement_uuid: str) -> dict[str, Any]:
        with state.lock:
            return tonen(request, een(abonnement_uuid))

    @app.put(f"{BASIS}/abonnement/{{abonnement_uuid}}")
    async def put_abonnement(request: Request, abonnement_uuid: str) -> dict[str, Any]:
        with state.lock:
            een(abonnement_uuid)
        data = await valideer(await json_object(request))
        with state.lock:
            a = een(abonnement_uuid)
            a.update(data)
            state.save()
            return tonen(request, a)

    @app.delete(f"{BASIS}/abonnement/{{abonnement_uuid}}")
    def delete_abonnement(abonnement_uuid: str) -> Response:
        with state.lock:
            a = een(abonnement_uuid)
            del state.abonnementen[a["uuid"]]
            state.save()
        return Response(status_code=204)

    @app.get("/_sim/notificaties")
    def sim_afleveringen() -> dict[str, Any]:
        """Every delivery attempt so far (abonnement, resource, attempt, the callback's status; no auth)."""
        with state.lock:
            return {"afleveringen": list(state.afleveringen), "dubbel": state.notificatie_dubbel,
                    "wachttijden": list(state.notificatie_wachttijden)}

    @app.post("/_sim/notificaties")
    async def sim_instellen(request: Request) -> Response:
        """Body: {"dubbel"?: bool, "wachttijden"?: [s, ...]}: deliver twice; the waits before each retry."""
        body = await sim_body(request)
        with state.lock:
            if "dubbel" in body:
                state.notificatie_dubbel = bool(body["dubbel"])
            if "wachttijden" in body:
                w = body["wachttijden"]
                if not isinstance(w, list) or not all(isinstance(x, int | float) and 0 <= x <= 3600 for x in w):
                    return JSONResponse({"detail": "wachttijden: een lijst seconden (0 tot 3600)"}, 400)
                state.notificatie_wachttijden = tuple(float(x) for x in w)
        return JSONResponse({"dubbel": state.notificatie_dubbel, "wachttijden": list(state.notificatie_wachttijden)})
