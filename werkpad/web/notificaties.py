"""werkpad web: the callback of werkpad's abonnement on the gemeente's Notificaties API.

`routes(settings)` gives the route (POST on the path of WERKPAD_NOTIFICATIES__CALLBACK_URL, default
/notificaties/callback) for werkpad web to mount. One notification:

1. the Authorization header must be the token werkpad gave in its abonnement (`Bearer <token>`, compared in
   constant time): otherwise 403, nothing stored (Open Notificaties also checks, when the abonnement is made, that
   a call without it is refused);
2. the body must be the spec's `Message` (kanaal, hoofdObject, resource, resourceUrl, actie, aanmaakdatum,
   kenmerken): otherwise 400 with a problem+json in Dutch, nothing stored;
3. it is stored in the case store, deduplicated on its content (casestore/notificaties.py), and committed;
4. then acknowledged: 204. A store that cannot take it answers 503, so Open Notificaties delivers it again;
5. after the answer it is handled (tasks/notificaties.py: check that traject now), once: a repeated delivery is
   acknowledged and counted, not handled again; then what an earlier process stored but left unhandled.

Nothing of a notification reaches Prefect or a log but its id and, once known, the traject's reference.
"""

from __future__ import annotations

import hmac
import json
import logging
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from starlette.background import BackgroundTask
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

log = logging.getLogger("werkpad.web.notificaties")
PROBLEEM = "application/problem+json"
MAX_BODY = 64 * 1024  # a notification is a few hundred bytes


def _probleem(status: int, code: str, titel: str, detail: str, invalid: list[dict[str, str]] | None = None) -> Response:
    body: dict[str, Any] = {"type": f"https://werkpad.local/fouten/{code}", "code": code, "title": titel,
                            "status": status, "detail": detail, "instance": f"urn:uuid:{uuid.uuid4()}"}
    if invalid is not None:
        body["invalidParams"] = invalid
    return JSONResponse(body, status_code=status, media_type=PROBLEEM)


def routes(settings: Any, runtime: Callable[[], Any] | None = None,
           klok: Callable[[], datetime] | None = None) -> list[Route]:
    """The callback route. `runtime`: how to get the Runtime (default: tasks.runtime, built from `settings` once);
    `klok`: now (tests move it)."""
    instellingen = settings.notificaties
    verwacht = instellingen.auth_header.encode()

    def _rt() -> Any:
        if runtime is not None:
            return runtime()
        from tasks import runtime as rt_mod

        if not rt_mod.configured():
            rt_mod.configure(rt_mod.build_runtime(settings))
        return rt_mod.get()

    def _nu() -> datetime:
        return klok() if klok is not None else datetime.now(UTC)

    def _bewaar(bericht: dict[str, Any], nu: datetime) -> tuple[int, bool, str]:
        from casestore import notificaties as cs
        from casestore.db import session

        with session(_rt().engine) as s:
            rij, nieuw = cs.bewaar(s, bericht=bericht, nu=nu)
            assert rij.id is not None
            return rij.id, nieuw, rij.status

    def _behandel(notificatie_id: int) -> None:
        from tasks.notificaties import behandel, behandel_achterstand

        try:
            behandel(_rt(), notificatie_id=notificatie_id, nu=_nu())
            behandel_achterstand(_rt(), nu=_nu())  # what an earlier process stored and left
        except Exception:  # stored already: the hourly check (and a later pass) remain
            log.exception("notificatie %d: behandeling mislukt", notificatie_id)

    async def callback(request: Request) -> Response:
        gegeven = request.headers.get("authorization", "").encode()
        if not hmac.compare_digest(gegeven, verwacht):
            return _probleem(403, "permission_denied", "Geen toegang",
                             "Authorization ontbreekt of klopt niet: alleen de Notificaties-API van de gemeente, met "
                             "het token uit werkpads abonnement, mag hier notificaties afleveren.")
        ruw = await request.body()
        if len(ruw) > MAX_BODY:
            return _probleem(400, "parse_error", "Ongeldig verzoek", "Het bericht is te groot voor een notificatie.")
        try:
            body = json.loads(ruw)
        except ValueError:
            return _probleem(400, "parse_error", "Ongeldig verzoek", "Het bericht is geen geldige JSON.")
        from integrations.gemeente.notificaties import lees_notificatie

        bericht, fouten = lees_notificatie(body)
        if bericht is None:
            return _probleem(400, "invalid", "Ongeldige notificatie",
                             "Het bericht is geen notificatie volgens de Notificaties-API: " +
                             "; ".join(f"{f['name']}: {f['reason']}" for f in fouten), fouten)
        try:
            notificatie_id, nieuw, status = await run_in_threadpool(_bewaar, bericht.model_dump(), _nu())
        except Exception:
            log.exception("notificatie niet opgeslagen")
            return _probleem(503, "unavailable", "Niet beschikbaar",
                             "werkpad kan de notificatie nu niet opslaan; lever haar later opnieuw af.")
        # New, or stored before but never handled (that handler stopped): handle after the answer. claim() makes
        # sure one handler acts, however many deliveries race.
        taak = BackgroundTask(_behandel, notificatie_id) if nieuw or status == "ontvangen" else None
        return Response(status_code=204, background=taak)

    return [Route(instellingen.callback_pad, callback, methods=["POST"], name="notificaties-callback")]
