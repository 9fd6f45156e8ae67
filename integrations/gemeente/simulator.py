"""A local gemeente: ZGW Zaken, Catalogi and Besluiten (the parts werkpad uses), as strict as a real
Open Zaak (1.30) on what werkpad could get wrong, plus two non-ZGW pieces of the gemeente.

ZGW (shapes per ../shared/specs/zgw; refusals with Open Zaak's codes, see docs/gemeente-simulator.md):
HS256 JWT with iat age check; autorisaties per Applicatie (client_id: scopes, zaaktypen, max
vertrouwelijkheidaanduiding, besluittypen); Accept-Crs/Content-Crs on the zaak resource; versioned
zaaktypen built from catalogus.py; statussen with Open Zaak's rules (unique moment per zaak, not in the
future by the real clock, the eindstatus needs a resultaat and closes the zaak, the current status is the
latest one); closed zaken refuse writes without zaken.heropenen / zaken.geforceerd-bijwerken; 11-proef on
RSIN and BSN; ZaakBesluiten made with a besluit; page-numbered lists of 100.

Not ZGW: the uitkeringsstatus (derived from the gemeente's own LO-AANVRAAG zaak) and the
uitkeringsadministratie's verlagingen, exactly once per Idempotency-Key: our own modelled contract
(docs/integratie-gemeente-uitkering.md).

State is in memory and, with a state file, also on disk: a restarted stack still knows the zaken whose
URLs the case store keeps (catalogue versions and applicaties are not persisted). `/_sim/...` endpoints let
the CLI and tests drive it (grant an uitkering, publish a zaaktype version, break the catalogue, set an
applicatie, inject a fault, set the gemeente's calendar day, count requests per key).
Run: python -m integrations.gemeente.simulator --port 8100 [--client-id werkpad] [--state-file .werkpad/gemeente-simulator.json]
    [--klok-vrij]
(the client's secret in $GEMEENTE_SIMULATOR_SECRET; default: the development secret)

This module wires the app (authentication, fault injection, the API-version headers) and runs it; the
endpoints live beside it, one module per part: sim_catalogi (Catalogi API), sim_zaken (zaken, _zoek,
ZaakBesluiten), sim_statussen (statussen, rollen, resultaten), sim_besluiten, sim_verlagingen,
sim_uitkering (the LO-AANVRAAG zaak and /_sim/uitkeringen), sim_beheer (the other /_sim endpoints) and
sim_notificaties (Open Notificaties: abonnementen under /api/v1, and the notifications of new statussen and
resultaten, delivered at least once to each matching abonnement's callback), over sim_state (SimState),
sim_kern (what they share), sim_catalogus, sim_autorisaties and sim_fouten.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
from datetime import date
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, Response

from integrations.gemeente import (
    sim_beheer,
    sim_besluiten,
    sim_catalogi,
    sim_notificaties,
    sim_statussen,
    sim_uitkering,
    sim_verlagingen,
    sim_zaken,
)
from integrations.gemeente.auth import TokenRefused, check_token
from integrations.gemeente.sim_fouten import ApiFout, probleem
from integrations.gemeente.sim_kern import Kern, problem
from integrations.gemeente.sim_state import BEHEER_SECRET, HERHAAL_FAULT, SimState
from integrations.gemeente.sim_verlagingen import VERLAGINGEN

__all__ = ["BEHEER_SECRET", "BEHEER_SECRET_ENV", "SECRET_ENV", "SimState", "create_app", "main"]

# The API-version header per component (the specs' info.version).
API_VERSIES = {"/zaken/api/v1/": "1.5.1", "/catalogi/api/v1/": "1.3.1", "/besluiten/api/v1/": "1.1.0",
               "/api/v1/": "1.0.0"}  # the last: Open Notificaties (sim_notificaties)
_ZAAK_RESOURCE = re.compile(r"/zaken/api/v1/zaken(/_zoek|/[0-9a-fA-F-]{36})?/?")


def create_app(state: SimState) -> FastAPI:
    app = FastAPI(title="werkpad gemeente-simulator", docs_url=None, redoc_url=None, openapi_url=None)
    sim = Kern(state)

    @app.exception_handler(ApiFout)
    async def api_fout(request: Request, exc: ApiFout) -> Response:
        return probleem(request, exc, sim.base(request))

    @app.middleware("http")
    async def auth_and_faults(request: Request, call_next: Any) -> Response:
        path = request.url.path
        if path.startswith("/_sim"):
            return await call_next(request)  # type: ignore[no-any-return]
        with state.lock:
            state.requests += 1
            sleutel = request.headers.get("idempotency-key", "").strip()
            if request.method == "POST" and path == VERLAGINGEN and sleutel:
                state.verzoeken[sleutel] = state.verzoeken.get(sleutel, 0) + 1
            fault = state.trek_fault()
        versie = next((v for p, v in API_VERSIES.items() if path.startswith(p)), None)
        try:
            client_id = check_token(request.headers.get("authorization"), state.alle_secrets())
        except TokenRefused as exc:
            resp: Response = probleem(request, ApiFout(403, "not_authenticated", "Authenticatiegegevens zijn niet "
                                                       "opgegeven.", str(exc), "NotAuthenticated"), sim.base(request))
        else:
            request.state.applicatie = state.applicatie(client_id)
            if fault == "500":
                return problem(request, 500, "error", "Interne fout", "Gesimuleerde storing.")
            if fault == "503":
                return problem(request, 503, "unavailable", "Niet beschikbaar", "Gesimuleerde storing; probeer het "
                               "later opnieuw.")
            if fault == "malformed":
                return JSONResponse({"onverwacht": True})
            resp = await call_next(request)
            if fault == "verloren":  # handled (and stored), but the answer never reaches the client
                return problem(request, 503, "unavailable", "Niet beschikbaar", "Gesimuleerd verloren antwoord.")
            if fault == "traag":  # handled (and stored), answered after the client gave up
                await asyncio.sleep(state.fault_vertraging)
        if versie:
            resp.headers["API-version"] = versie
        if _ZAAK_RESOURCE.fullmatch(path):
            resp.headers["Content-Crs"] = "EPSG:4326"  # Open Zaak's GeoMixin: on every answer of the zaak resource
        return resp

    # The endpoints, one module per part of the gemeente (in this order: FastAPI matches routes in order).
    for part in (sim_catalogi, sim_zaken, sim_statussen, sim_besluiten, sim_verlagingen, sim_uitkering, sim_beheer,
                 sim_notificaties):
        part.register(app, sim)
    app.add_middleware(_Herhaal, state=state)  # added last: outside the faults and the authentication
    return app


class _Herhaal:
    """The fault "dubbel": a replaying proxy in front of the gemeente hands it the same request twice (its
    first answer is lost on the way back); the client gets the second answer. ASGI, so the body can be
    replayed."""

    def __init__(self, app: Any, state: SimState) -> None:
        self.app, self.state = app, state

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http" or scope["path"].startswith("/_sim"):
            await self.app(scope, receive, send)
            return
        with self.state.lock:
            dubbel = self.state.trek_fault({HERHAAL_FAULT}) is not None
        if not dubbel:
            await self.app(scope, receive, send)
            return
        body, meer = b"", True
        while meer:
            bericht = await receive()
            body += bericht.get("body", b"")
            meer = bool(bericht.get("more_body"))

        def opnieuw(daarna: Any) -> Any:
            gegeven = False

            async def lees() -> Any:
                nonlocal gegeven
                if not gegeven:
                    gegeven = True
                    return {"type": "http.request", "body": body, "more_body": False}
                return await daarna()  # after the body: wait for the real client's disconnect
            return lees

        async def weg(bericht: Any) -> None:  # the first answer never reaches the client
            return None

        async def nooit() -> Any:
            await asyncio.Event().wait()

        await self.app(dict(scope), opnieuw(nooit), weg)
        await self.app(dict(scope), opnieuw(receive), send)


SECRET_ENV = "GEMEENTE_SIMULATOR_SECRET"  # not on the command line: argv is visible to every user (ps)
BEHEER_SECRET_ENV = "GEMEENTE_SIMULATOR_BEHEER_SECRET"


def main() -> None:
    import uvicorn

    from integrations.gemeente.settings import DEV_SECRET

    p = argparse.ArgumentParser(description="Gemeente-simulator (ZGW Zaken/Catalogi/Besluiten + uitkeringsstatus). "
                                            f"Het geheim van de client staat in ${SECRET_ENV} (standaard het "
                                            f"ontwikkelgeheim), dat van de beheerclient in ${BEHEER_SECRET_ENV}.")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8100)
    p.add_argument("--state-file", type=Path, default=None,
                   help="JSON-bestand waarin zaken, statussen, rollen, resultaten en besluiten een herstart overleven")
    p.add_argument("--base-url", default=None, help="Basis van de uitgegeven URL's (standaard http://<host>:<port>)")
    p.add_argument("--client-id", default="werkpad", help="De client_id die de simulator accepteert")
    p.add_argument("--klok-vrij", action="store_true",
                   help="Geen controle op besluitdata in de toekomst (stacks met een verzette klok: werkpad leeft dan "
                        "mogelijk na vandaag). De datum van een status wordt altijd aan de echte klok getoetst.")
    a = p.parse_args()
    # The simulator stands in for the gemeente, a system of its own: it is told whom to accept
    # (`werkpad up` passes werkpad's own client_id and secret) and reads no werkpad settings.
    state = SimState(secrets={a.client_id: os.environ.get(SECRET_ENV) or DEV_SECRET}, state_file=a.state_file,
                     base_url=(a.base_url or f"http://{a.host}:{a.port}").rstrip("/"),
                     klok=date.max if a.klok_vrij else None,
                     beheer_secret=os.environ.get(BEHEER_SECRET_ENV) or BEHEER_SECRET)
    uvicorn.run(create_app(state), host=a.host, port=a.port, log_level="warning")


if __name__ == "__main__":
    main()
