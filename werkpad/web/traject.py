"""The traject page: what a werkcoach (or the teamleider of its gemeente) can do for one deelnemer when no task
mail asks for it: set a fase, record contact, add a doel, record the uitstroom. Each step's form is rendered from
the step's own input model (werkpad/web/formulier.py) and starts the step through the same door as a task page
(werkpad/web/uitvoeren.py). A form carries a random key made when it was shown: sending it twice (a double click,
the back button) starts one run."""

from __future__ import annotations

import secrets
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from domain import webrollen
from domain.stap import Stap
from werkpad.web import formulier

SLEUTEL = "sleutel"  # the form's own idempotency nonce (hidden field)


def stappen() -> list[Stap]:
    """The steps a traject page offers, in the order staff take them."""
    from domain import traject_stappen as ts
    from domain import trajectplan_stappen as tp

    return [ts.FASE, ts.CONTACT, tp.DOEL, ts.PARTTIME, ts.UITSTROOM]


def _stap(proces: str, naam: str) -> Stap | None:
    return next((s for s in stappen() if (s.proces, s.naam) == (proces, naam)), None)


def _mag(w: Any, s: Any, ik: Any, traject: Any) -> bool:
    """The traject's werkcoach, or a teamleider of its gemeente."""
    boek = w.adresboek(s)
    return (webrollen.normaal(traject.werkcoach_email) == webrollen.normaal(ik.email)
            or traject.gemeente in webrollen.gemeenten_van_teamleider(ik.email, boek))


def _laad(w: Any, request: Request, s: Any, ik: Any) -> Any:
    """The traject of the path, or the Dutch page that says why not."""
    from casestore import repo
    from domain.invoer import parse_referentie

    try:
        ref = parse_referentie(str(request.path_params["referentie"]))
        traject = repo.get_traject(s, referentie=ref)
    except Exception:  # noqa: BLE001 (a malformed and an unknown reference get the same answer)
        return w.melding(request, "Onbekend traject", "Dit trajectnummer bestaat niet.", 404)
    if not _mag(w, s, ik, traject):
        return w.melding(request, "Geen toegang", "Dit traject openen alleen zijn werkcoach en de teamleider van "
                         "de gemeente.", 403)
    return traject


def _vast(stap: Stap, referentie: str, ik: Any) -> dict[str, Any]:
    velden = stap.invoer.model_fields
    vast: dict[str, Any] = {}
    if "referentie" in velden:
        vast["referentie"] = referentie
    if formulier.WIE in velden:
        vast[formulier.WIE] = ik.email
    return vast


def _trajectpagina(w: Any, request: Request, s: Any, ik: Any, traject: Any) -> Response:
    from sqlmodel import col, select

    from casestore import repo
    from casestore import web as cweb
    from casestore.models import Deadline, Deelnemer, Taak
    from domain.herinneringen import TZ, lokale_datum
    from notifications import taaklink
    from werkpad.web.app import _nu

    deelnemer = s.get(Deelnemer, traject.deelnemer_id)
    vandaag = lokale_datum(_nu())
    taken = []
    for taak, deadline in s.exec(select(Taak, Deadline).join(Deadline, Deadline.id == Taak.deadline_id)  # type: ignore[arg-type]
                                 .where(Taak.traject_id == traject.id, Taak.status == "open")
                                 .order_by(col(Deadline.due))).all():
        taken.append({"titel": taak.titel, "due": deadline.due, "te_laat": deadline.due < vandaag,
                      "eigenaar": taak.eigenaar_email,
                      "link": taaklink.url("", w.geheim, taak_id=taak.id, email=ik.email)})
    tijdlijn = [{"op": e.op, "wanneer": f"{e.op.astimezone(TZ):%d-%m-%Y %H:%M}", "actor": e.actor,
                 "omschrijving": e.omschrijving} for e in repo.tijdlijn(s, traject=traject)]
    cweb.log_inzage(s, traject=traject, wie=ik.email, bron=ik.bron, pagina=request.url.path, nu=_nu())
    s.commit()
    from domain.fasen import Fase
    from domain.traject import STATUS_LABEL, Status

    status_tekst = STATUS_LABEL.get(Status(traject.status), traject.status) if traject.status in set(Status) \
        else traject.status
    fase = Fase(traject.fase).label if traject.fase in set(Fase) else traject.fase
    return w.pagina(request, "traject.html", traject=traject, deelnemer_naam=deelnemer.naam, taken=taken,
                    status_tekst=status_tekst, fase=fase,
                    stappen=[{"titel": st.omschrijving.split(":")[0].split(";")[0], "naam": st.naam,
                              "href": f"/traject/{traject.referentie}/stap/{st.proces}/{st.naam}"}
                             for st in stappen()],
                    tijdlijn=tijdlijn, afgesloten=traject.status == "afgesloten")


def _stappagina(w: Any, request: Request, s: Any, ik: Any, traject: Any, stap: Stap, *, status: int = 200,
                waarden: Any = None, fouten: Any = None, weigering: str | None = None,
                sleutel: str | None = None) -> Response:
    from casestore import web as cweb
    from casestore.models import Deelnemer
    from werkpad.web.app import _nu

    deelnemer = s.get(Deelnemer, traject.deelnemer_id)
    vv = formulier.velden(stap.invoer, vast=_vast(stap, traject.referentie, ik), waarden=waarden, fouten=fouten)
    cweb.log_inzage(s, traject=traject, wie=ik.email, bron=ik.bron, pagina=request.url.path, nu=_nu())
    s.commit()
    return w.pagina(request, "stap.html", status, traject=traject, deelnemer_naam=deelnemer.naam, stap=stap,
                    velden=vv, heeft_fouten=bool(fouten), fouten_algemeen=(fouten or {}).get("_algemeen"),
                    weigering=weigering, sleutel=sleutel or secrets.token_urlsafe(16),
                    actie=request.url.path)


def _met_traject(w: Any, request: Request, ik: Any, fn: Any) -> Response:
    from casestore.db import session

    with session(w.rt.engine) as s:
        traject = _laad(w, request, s, ik)
        if isinstance(traject, Response):
            return traject
        return fn(s, traject)  # type: ignore[no-any-return]


async def _traject(request: Request) -> Response:
    from werkpad.web.app import _ingelogd, _w

    w = _w(request)
    ik = _ingelogd(w, request)
    if isinstance(ik, Response):
        return ik
    return await run_in_threadpool(_met_traject, w, request, ik,
                                   lambda s, t: _trajectpagina(w, request, s, ik, t))


async def _stap_route(request: Request) -> Response:
    from werkpad.deur import NietGestart
    from werkpad.web import uitvoeren
    from werkpad.web.app import _csrf_weigering, _een, _formulier, _ingelogd, _w
    from werkpad.web.sessie import csrf_klopt

    w = _w(request)
    ik = _ingelogd(w, request)
    if isinstance(ik, Response):
        return ik
    stap = _stap(str(request.path_params["proces"]), str(request.path_params["naam"]))
    if stap is None:
        return w.melding(request, "Onbekende stap", "Deze stap bestaat niet op de trajectpagina.", 404)
    if request.method == "GET":
        return await run_in_threadpool(_met_traject, w, request, ik,
                                       lambda s, t: _stappagina(w, request, s, ik, t, stap))
    form = await _formulier(request)
    if not csrf_klopt(request, _een(form, "csrf")):
        return _csrf_weigering(w, request)
    sleutel = _een(form, SLEUTEL)
    if not (8 <= len(sleutel) <= 64 and sleutel.replace("-", "").replace("_", "").isalnum()):
        sleutel = secrets.token_urlsafe(16)  # a form without its key: a new one (this submission counts once)

    def controleer(s: Any, t: Any) -> Any:
        invoer, terug, fouten = formulier.lees(stap.invoer, form, vast=_vast(stap, t.referentie, ik))
        if invoer is None:
            return _stappagina(w, request, s, ik, t, stap, status=422, waarden=terug, fouten=fouten, sleutel=sleutel)
        return invoer, terug, t.referentie

    klaar = await run_in_threadpool(_met_traject, w, request, ik, controleer)
    if isinstance(klaar, Response):
        return klaar
    invoer, terug, referentie = klaar
    weigering, status = None, 422
    try:
        uitkomst = await run_in_threadpool(lambda: uitvoeren.start(
            stap, invoer, f"traject:{ik.email}:{sleutel}",
            in_proces=bool(getattr(w.settings, "stappen_in_proces", False))))
        if uitkomst.geweigerd:
            weigering = uitkomst.tekst
    except NietGestart as exc:
        weigering, status = str(exc), 503
    if weigering is not None:
        return await run_in_threadpool(_met_traject, w, request, ik, lambda s, t: _stappagina(
            w, request, s, ik, t, stap, status=status, waarden=terug, weigering=weigering, sleutel=sleutel))
    return w.pagina(request, "uitkomst.html", uitkomst=uitkomst, referentie=referentie, traject_link=True)


def routes() -> list[Route]:
    return [Route("/traject/{referentie}", _traject),
            Route("/traject/{referentie}/stap/{proces}/{naam}", _stap_route, methods=["GET", "POST"])]
