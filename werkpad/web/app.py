"""werkpad web: the staff site behind every task mail. `maak_app(settings)` builds it; `python -m werkpad.web`
serves it (werkpad up starts it beside the others).

Pages: /inloggen (magic link by mail, ontwikkeling only), /taak/{id}?t=<signed link> (the task, its case and the
form of the step that records it), /werkvoorraad (open tasks and terms), /traject/{ref} (the traject and the steps
taken without a task: fase, contact, doel, uitstroom; werkpad/web/traject.py), /traject/{ref}/inzage (who viewed
it, teamleider only), /gezond. Every POST carries the session's CSRF token; every response carries the security
headers; a view of personal data is logged (casestore/web.py); an error is a Dutch page, never a traceback.

Rate limits on login and code attempts are counted in the case store (table web_poging), not in memory: they
hold across a restart and across several web processes behind one address."""

from __future__ import annotations

import hashlib
import logging
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, quote, urlsplit

from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.sessions import SessionMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from domain import webrollen
from domain.stap import Verwijzing
from domain.webrollen import Adresboek, GemeenteAdressen
from notifications import taaklink
from werkpad.web import formulier
from werkpad.web.sessie import Identiteit, csrf_klopt, csrf_token, meld_aan, meld_af, wie
from werkpad.web.traject import routes as traject_routes

HIER = Path(__file__).parent
LOG = logging.getLogger("werkpad.web")
LINK_MINUTEN = 15  # a magic link and a one-time code
VENSTER = timedelta(minutes=15)  # the rate limits' window
MAX_PER_ADRES = 5
MAX_PER_CLIENT = 20
CODE_POGINGEN = 3  # wrong codes before a code is void (fewer than the rate limit: a new code is needed)

CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; form-action 'self'; "
       "frame-ancestors 'none'; base-uri 'none'; object-src 'none'")
KOPPEN = [(b"content-security-policy", CSP.encode()), (b"x-frame-options", b"DENY"),
          (b"referrer-policy", b"no-referrer"), (b"x-content-type-options", b"nosniff"),
          (b"permissions-policy", b"camera=(), microphone=(), geolocation=()")]


class Beveiligingskoppen:
    """Security headers on every response; no-store on every page (they show personal data or tokens), except
    the stylesheet."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        statisch = scope.get("path", "").startswith("/static/")

        async def verzend(bericht: Any) -> None:
            if bericht["type"] == "http.response.start":
                koppen = [(k, v) for k, v in bericht.get("headers", []) if k.lower() != b"cache-control"]
                koppen += KOPPEN
                koppen.append((b"cache-control", b"public, max-age=3600" if statisch else b"no-store"))
                bericht = {**bericht, "headers": koppen}
            await send(bericht)

        await self.app(scope, receive, verzend)


@dataclass
class Web:
    """What every page needs: the settings, the runtime, the signing secret, the templates."""

    settings: Any
    rt: Any
    geheim: str
    env: Environment
    oidc_pad: str | None = None

    @property
    def ontwikkeling(self) -> bool:
        return str(getattr(self.settings.omgeving, "value", self.settings.omgeving)) == "ontwikkeling"

    def kenmerk(self, email: str) -> str:
        return taaklink.kenmerk(self.geheim, email)

    def adresboek(self, s: Any) -> Adresboek:
        from sqlmodel import select

        from casestore.models import Traject

        gemeenten = {str(getattr(n, "value", n)): GemeenteAdressen(
            teamleider=g.teamleider_email, consulent=g.consulent_email, klantmanager=g.klantmanager_email,
            wsp=g.wsp_email, uitkeringsadministratie=g.uitkeringsadministratie_email)
            for n, g in self.rt.gemeenten.items()}
        vi = getattr(self.settings, "verlengde_intake", None)
        lw = getattr(self.settings, "loonwaarde", None)
        ada = {webrollen.normaal(a) for a in (getattr(vi, "ada_email", ""), getattr(vi, "ada_teamleider_email", ""))
               if a}
        werkcoaches = {webrollen.normaal(e) for e in s.exec(select(Traject.werkcoach_email).distinct())}
        return Adresboek(gemeenten=gemeenten, ada=frozenset(ada),
                         ada_teamleider=getattr(vi, "ada_teamleider_email", "") or "",
                         jobcoaches=frozenset({webrollen.normaal(lw.jobcoach_email)} if lw else set()),
                         werkcoaches=frozenset(werkcoaches))

    def pagina(self, request: Request, naam: str, status: int = 200, **context: Any) -> HTMLResponse:
        ik = wie(request)
        html = self.env.get_template(naam).render(ik=ik, csrf=csrf_token(request), **context)
        return HTMLResponse(html, status_code=status)

    def melding(self, request: Request, titel: str, tekst: str, status: int, soort: str = "fout",
                links: list[tuple[str, str]] | None = None) -> HTMLResponse:
        return self.pagina(request, "melding.html", status, titel=titel, tekst=tekst, soort=soort,
                           links=links if links is not None else [("/werkvoorraad", "Naar mijn werkvoorraad")])


def _datum(value: Any) -> str:
    from notifications.render import _datum as datum

    return datum(value)


def _nu() -> datetime:
    return datetime.now(UTC)


async def _formulier(request: Request) -> dict[str, list[str]]:
    """The urlencoded form (no multipart: no file uploads here, and no extra dependency)."""
    if request.headers.get("content-type", "").split(";")[0].strip() != "application/x-www-form-urlencoded":
        return {}
    body = await request.body()
    if len(body) > 100_000:
        raise HTTPException(413)
    try:
        return parse_qs(body.decode("utf-8", errors="replace"), keep_blank_values=True, max_num_fields=200)
    except ValueError:  # more fields than any form of ours has
        raise HTTPException(413) from None


def _een(form: Mapping[str, list[str]], naam: str) -> str:
    return (form.get(naam) or [""])[0]


def _client(request: Request) -> str:
    host = request.client.host if request.client else "?"
    return hashlib.sha256(host.encode()).hexdigest()[:32]


def maak_app(settings: Any, *, runtime: Any = None) -> Starlette:
    """The site for these settings; `runtime` (tests) or the one built from the settings."""
    from tasks import runtime as rt_mod

    rt = runtime
    if rt is None:
        rt = rt_mod.get() if rt_mod.configured() else rt_mod.build_runtime(settings)
        if not rt_mod.configured():
            rt_mod.configure(rt)
    web_s = settings.web
    if (fout := settings.web_geheim_fout()) is not None:
        raise ValueError(fout)
    geheim = settings.web_geheim()
    assert geheim is not None  # web_geheim_fout refused an unset one outside ontwikkeling
    env = Environment(loader=FileSystemLoader(HIER / "templates"), autoescape=select_autoescape(["html"]))
    env.filters["datum"] = _datum
    w = Web(settings=settings, rt=rt, geheim=geheim, env=env)

    routes: list[Any] = [
        Route("/gezond", _gezond),
        Route("/", lambda r: RedirectResponse("/werkvoorraad", 303)),
        Route("/inloggen", _inloggen, methods=["GET", "POST"]),
        Route("/inloggen/link", _inloglink, methods=["GET", "POST"]),
        Route("/uitloggen", _uitloggen, methods=["POST"]),
        Route("/taak/{taak_id:int}", _taak, methods=["GET", "POST"]),
        Route("/taak/{taak_id:int}/code", _code_sturen, methods=["POST"]),
        Route("/taak/{taak_id:int}/code/invoeren", _code_invoeren, methods=["POST"]),
        Route("/werkvoorraad", _werkvoorraad),
        Route("/traject/{referentie}/inzage", _inzage),
        *traject_routes(),
        Mount("/static", app=StaticFiles(directory=HIER / "static"), name="static"),
    ]
    # The gemeente's notifications (Open Notificaties' callback): a machine caller with its own token, no session.
    from werkpad.web.notificaties import routes as notificatie_routes

    routes[0:0] = notificatie_routes(settings, runtime=lambda: rt)
    # The OIDC login (werkpad/web/oidc.py, its own helper) mounts here when the settings name an issuer.
    oidc = getattr(settings, "oidc", None)
    if oidc is not None and getattr(oidc, "issuer", None):
        from werkpad.web.oidc import routes as oidc_routes  # type: ignore[import-not-found, unused-ignore]

        extra = oidc_routes(settings, meld_aan)
        routes[0:0] = list(extra) if isinstance(extra, list | tuple) else [Mount("/oidc", app=extra)]
        w.oidc_pad = getattr(oidc, "login_pad", None) or "/oidc/inloggen"
    https = str(web_s.basis_url).startswith("https://")
    app = Starlette(routes=routes, middleware=[
        Middleware(Beveiligingskoppen),
        Middleware(SessionMiddleware, secret_key=geheim, session_cookie="werkpad_sessie",
                   max_age=web_s.sessie_minuten * 60, same_site="lax", https_only=https),
    ], exception_handlers={HTTPException: _http_fout, Exception: _storing})
    app.state.web = w
    app.state.sessie_seconden = web_s.sessie_minuten * 60
    return app


def _w(request: Request) -> Web:
    return request.app.state.web  # type: ignore[no-any-return]


async def _http_fout(request: Request, exc: Exception) -> Response:
    status = getattr(exc, "status_code", 500)
    teksten = {404: ("Pagina niet gevonden", "Deze pagina bestaat niet. Controleer het adres of ga naar uw "
                     "werkvoorraad."),
               405: ("Niet toegestaan", "Deze pagina kan zo niet worden gebruikt."),
               413: ("Te veel invoer", "Het formulier is te groot en is niet verwerkt.")}
    titel, tekst = teksten.get(status, ("Er ging iets mis", "Deze pagina kan nu niet worden getoond."))
    try:
        return _w(request).melding(request, titel, tekst, status)
    except Exception:  # noqa: BLE001 (the error page itself must not fail)
        return HTMLResponse(f"<!DOCTYPE html><html lang=nl><title>{titel}</title><h1>{titel}</h1><p>{tekst}</p>",
                            status_code=status)


async def _storing(request: Request, exc: Exception) -> Response:
    LOG.error("werkpad web: storing op %s: %s", request.url.path, type(exc).__name__, exc_info=exc)
    tekst = ("Er ging iets mis in werkpad. Wat al vastlag blijft staan en opnieuw proberen verdubbelt niets. Blijft "
             "het misgaan, meld het dan bij beheer (met het tijdstip).")
    koppen = {k.decode(): v.decode() for k, v in KOPPEN} | {"cache-control": "no-store"}  # outside the middleware
    html = ("<!DOCTYPE html><html lang=\"nl\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" "
            "content=\"width=device-width, initial-scale=1\"><title>Storing – werkpad web</title><link rel=\"stylesheet\" "
            "href=\"/static/werkpad.css\"></head><body><main id=\"inhoud\">"
            f"<h1>Storing</h1><p>{tekst}</p><p><a href=\"/werkvoorraad\">Naar mijn werkvoorraad</a></p></main></body></html>")
    return HTMLResponse(html, status_code=500, headers=koppen)


async def _gezond(request: Request) -> Response:
    return JSONResponse({"status": "ok"})


def _csrf_weigering(w: Web, request: Request) -> Response:
    return w.melding(request, "Formulier verlopen", "Dit formulier is verlopen of kwam niet van deze site; er is "
                     "niets veranderd. Open de pagina opnieuw en probeer het nog eens.", 403)


def _te_vaak(w: Web, request: Request) -> Response:
    return w.melding(request, "Te veel pogingen", "Er is te vaak geprobeerd in te loggen. Wacht een kwartier en "
                     "probeer het dan opnieuw.", 429)


def _rem(w: Web, s: Any, *, soort: str, email: str, client: str) -> bool:
    """Count this attempt; True when the address or the client is over its limit in the window."""
    from casestore import web as cweb

    nu = _nu()
    adres = w.kenmerk(email)
    te_veel = (cweb.pogingen(s, soort=soort, sinds=nu - VENSTER, adres=adres) >= MAX_PER_ADRES
               or cweb.pogingen(s, soort=soort, sinds=nu - VENSTER, client=client) >= MAX_PER_CLIENT)
    cweb.poging(s, soort=soort, adres=adres, client=client, nu=nu)
    return te_veel


def _veilig_volgende(pad: str | None) -> str:
    """Only a path on this site (no open redirect)."""
    if not pad or not pad.startswith("/") or pad.startswith("//") or "\\" in pad:
        return "/werkvoorraad"
    return pad


def _stuur(w: Web, sjabloon: str, aan: str, idem_key: str, context: dict[str, Any]) -> None:
    from notifications import smtp
    from notifications.render import render

    msg = smtp.build(render(sjabloon, context), to=aan, settings=w.rt.mail, idem_key=idem_key, when=_nu())
    smtp.send(msg, w.rt.mail)


# -- login: magic link (ontwikkeling) ---------------------------------------------------------------------
async def _inloggen(request: Request) -> Response:
    w = _w(request)
    if request.method == "GET":
        if request.query_params.get("volgende"):
            request.session["volgende"] = _veilig_volgende(request.query_params.get("volgende"))
        return w.pagina(request, "inloggen.html", magic_link=w.ontwikkeling, oidc_pad=w.oidc_pad)
    if not w.ontwikkeling:  # production offers no magic link
        return w.melding(request, "Niet beschikbaar", "Inloggen met een link per mail kan alleen in de "
                         "ontwikkelomgeving.", 404)
    form = await _formulier(request)
    if not csrf_klopt(request, _een(form, "csrf")):
        return _csrf_weigering(w, request)
    email = webrollen.normaal(_een(form, "email"))[:200]
    from domain.errors import DomainError
    from domain.invoer import controleer_email

    try:
        controleer_email(email, "Uw e-mailadres")
    except DomainError as exc:
        return w.pagina(request, "inloggen.html", 422, magic_link=True, oidc_pad=w.oidc_pad, fout=str(exc),
                        email=email)
    client = _client(request)

    def verwerk() -> bool:
        from casestore import web as cweb
        from casestore.db import session

        with session(w.rt.engine) as s:
            if _rem(w, s, soort="inloggen", email=email, client=client):
                s.commit()
                return False
            rollen = webrollen.rollen_van(email, w.adresboek(s))
            token = secrets.token_urlsafe(32)
            if rollen:
                cweb.nieuwe_inlog(s, geheim=token, soort="link", email=email, nu=_nu(),
                                  geldig=timedelta(minutes=LINK_MINUTEN))
            s.commit()
        if rollen:  # the same neutral page either way: no user enumeration
            link = f"{str(w.settings.web.basis_url).rstrip('/')}/inloggen/link?t={quote(token)}"
            _stuur(w, "web_inloglink", email, f"web-inlog:{cweb.sleutel(token)[:40]}", {"link": link})
        return True

    if not await run_in_threadpool(verwerk):
        return _te_vaak(w, request)
    return w.melding(request, "Kijk in uw mail", "Als werkpad dit adres kent als medewerker, staat er nu een mail "
                     "met een inloglink in uw postvak. De link werkt één keer en 15 minuten lang.", 200, "info", [])


async def _inloglink(request: Request) -> Response:
    """GET shows a button (a mail scanner that opens the link uses nothing up); POST logs in."""
    w = _w(request)
    from casestore import web as cweb
    from casestore.db import session

    if request.method == "GET":
        token = request.query_params.get("t", "")
    else:
        form = await _formulier(request)
        if not csrf_klopt(request, _een(form, "csrf")):
            return _csrf_weigering(w, request)
        token = _een(form, "token")
    if not w.ontwikkeling:
        return w.melding(request, "Niet beschikbaar", "Inloggen met een link per mail kan alleen in de "
                         "ontwikkelomgeving.", 404)
    nu = _nu()

    def verwerk() -> tuple[str, str | None, frozenset[str]]:
        with session(w.rt.engine) as s:
            rij = cweb.zoek_inlog(s, geheim=token, soort="link") if token else None
            if rij is None:
                return "onbekend", None, frozenset()
            if rij.gebruikt_op is not None:
                return "gebruikt", None, frozenset()
            if rij.verloopt_op.replace(tzinfo=UTC) < nu:
                return "verlopen", None, frozenset()
            if request.method == "GET":
                return "tonen", rij.email, frozenset()
            rij.gebruikt_op = nu
            s.add(rij)
            rollen = webrollen.rollen_van(rij.email, w.adresboek(s))
            s.commit()
            return "ok", rij.email, rollen

    uitkomst, email, rollen = await run_in_threadpool(verwerk)
    if uitkomst in ("onbekend", "gebruikt", "verlopen"):
        reden = {"onbekend": "Deze inloglink klopt niet.", "gebruikt": "Deze inloglink is al gebruikt.",
                 "verlopen": "Deze inloglink is verlopen (hij werkt 15 minuten)."}[uitkomst]
        return w.melding(request, "Inloggen lukt niet", reden + " Vraag een nieuwe aan.",
                         403 if uitkomst == "onbekend" else 410, links=[("/inloggen", "Opnieuw inloggen")])
    assert email is not None
    if uitkomst == "tonen":
        return w.pagina(request, "inloglink.html", email=email, token=token)
    meld_aan(request, Identiteit(email=email, naam=email, rollen=rollen, bron="magic-link"))
    return RedirectResponse(_veilig_volgende(request.session.pop("volgende", None)), 303)


async def _uitloggen(request: Request) -> Response:
    w = _w(request)
    form = await _formulier(request)
    if not csrf_klopt(request, _een(form, "csrf")):
        return _csrf_weigering(w, request)
    meld_af(request)
    return w.melding(request, "Uitgelogd", "U bent uitgelogd.", 200, "info", [("/inloggen", "Opnieuw inloggen")])


# -- the task page -------------------------------------------------------------------------------------
@dataclass
class Toegang:
    link: taaklink.TaakLink
    ik: Identiteit


def _lees_link(w: Web, request: Request, taak_id: int) -> taaklink.TaakLink | Response:
    token = request.query_params.get("t", "")
    if not token:
        return w.melding(request, "Link niet compleet", "Deze link naar een taak is niet compleet. Open de taak met "
                         "de link uit de mail, of via Mijn werkvoorraad.", 403)
    try:
        link = taaklink.lees(w.geheim, token, max_dagen=w.settings.web.link_dagen)
    except taaklink.VerlopenLink:
        return w.melding(request, "Link verlopen", f"Deze link is ouder dan {w.settings.web.link_dagen} dagen en "
                         "werkt niet meer. Open de taak via Mijn werkvoorraad; daar staat een nieuwe link.", 410)
    except taaklink.OngeldigeLink:
        return w.melding(request, "Link ongeldig", "Deze link is niet door werkpad gemaakt of is veranderd. Er is "
                         "niets veranderd. Gebruik de link uit de mail, of open de taak via Mijn werkvoorraad.", 403)
    if link.taak_id != taak_id:
        return w.melding(request, "Link ongeldig", "Deze link hoort bij een andere taak. Er is niets veranderd.", 403)
    return link


def _gemeente_adressen(w: Web) -> list[str]:
    return [a for g in w.rt.gemeenten.values()
            for a in (g.consulent_email, g.klantmanager_email, g.uitkeringsadministratie_email) if a]


def _toegang(w: Web, request: Request, taak_id: int, s: Any) -> Toegang | Response:
    from casestore import web as cweb

    link = _lees_link(w, request, taak_id)
    if isinstance(link, Response):
        return link
    ik = wie(request)
    if ik is None:
        request.session["volgende"] = f"/taak/{taak_id}?t={quote(request.query_params.get('t', ''))}"
        code = webrollen.geadresseerde_uit(link.geadresseerde, _gemeente_adressen(w), w.kenmerk) is not None
        return w.pagina(request, "inloggen.html", 401, magic_link=w.ontwikkeling, oidc_pad=w.oidc_pad,
                        uitleg="Log in om deze taak te openen.", code_mogelijk=code, taak_id=taak_id,
                        token=request.query_params.get("t", ""))
    alleen = request.session.get("alleen_taak")
    if ik.bron == "code" and alleen != taak_id:
        return w.melding(request, "Geen toegang", "Met deze code opent u alleen de taak waarvoor u hem kreeg.", 403,
                         links=[])
    if not webrollen.mag_openen(ik.email, ik.rollen, link.geadresseerde, w.adresboek(s), w.kenmerk):
        return w.melding(request, "Geen toegang", "Deze link is gemaild aan iemand anders en is doorgestuurd. Hij "
                         "werkt alleen voor de geadresseerde (of, bij een teampostbus, voor het team). Er is niets "
                         "veranderd. Is de taak voor u, vraag dan wie hem nu heeft om hem aan u over te dragen.", 403)
    gebruikt = cweb.link_gebruikt(s, nonce=link.nonce)
    if gebruikt is not None:
        return w.melding(request, "Link al gebruikt", f"Met deze link is de taak al vastgelegd (door "
                         f"{gebruikt.door}). Er is niets opnieuw gedaan. De uitkomst staat in de tijdlijn van het "
                         "traject.", 410)
    return Toegang(link, ik)


@dataclass
class Keuze:
    verwijzing: Verwijzing
    vast: dict[str, Any]


def _keuzes(s: Any, taak: Any, referentie: str, ik: Identiteit) -> list[Keuze]:
    from domain.taken_stappen import TAAK_AFRONDEN
    from tasks.vastleggen import hoe_vastleggen

    hoe = hoe_vastleggen(taak.code, referentie, session=s, taak_id=taak.id)
    verwijzingen = list(hoe) if hoe else [Verwijzing(TAAK_AFRONDEN, referentie, {"taak_id": taak.id})]
    uit = []
    for v in verwijzingen:
        velden = v.stap.invoer.model_fields
        vast: dict[str, Any] = {}
        if v.referentie and "referentie" in velden:
            vast["referentie"] = v.referentie
        vast.update(v.waarden)
        if formulier.WIE in velden:
            vast[formulier.WIE] = ik.email  # the vier-ogen rule compares the logged-in person, never a typed one
        uit.append(Keuze(v, vast))
    return uit


def _taakpagina(w: Web, request: Request, s: Any, toegang: Toegang, taak: Any, *, status: int = 200,
                keuze_nr: int | None = None, waarden: Mapping[str, str] | None = None,
                fouten: Mapping[str, str] | None = None, weigering: str | None = None) -> Response:
    from casestore import repo
    from casestore import web as cweb
    from casestore.models import Deadline, Deelnemer, ProcesStap, Traject
    from domain.herinneringen import TZ, lokale_datum
    from domain.proces_namen import proces_label

    traject = s.get(Traject, taak.traject_id)
    deelnemer = s.get(Deelnemer, traject.deelnemer_id)
    deadline = s.get(Deadline, taak.deadline_id)
    ps = s.get(ProcesStap, taak.proces_stap_id) if taak.proces_stap_id else None
    formulieren: list[dict[str, Any]] = []
    keuzes = _keuzes(s, taak, traject.referentie, toegang.ik)
    for i, k in enumerate(keuzes):
        eigen = keuze_nr == i
        vv = formulier.velden(k.verwijzing.stap.invoer, vast=k.vast, waarden=waarden if eigen else None,
                              fouten=fouten if eigen else None)
        naam = k.verwijzing.stap.naam.replace("-", " ").capitalize()  # goedkeuren / terugsturen: say which
        formulieren.append({"titel": taak.titel if len(keuzes) == 1 else f"Of: {naam}" if i else naam,
                            "omschrijving": k.verwijzing.stap.omschrijving, "velden": vv, "nummer": i,
                            "knop": "Vastleggen" if len(keuzes) == 1 else naam,
                            "heeft_fouten": bool(eigen and fouten),
                            "fouten_algemeen": (fouten or {}).get("_algemeen") if eigen else None})
    alles = [{"op": e.op, "wanneer": f"{e.op.astimezone(TZ):%d-%m-%Y %H:%M}", "actor": e.actor,
              "omschrijving": e.omschrijving, "proces": e.proces} for e in repo.tijdlijn(s, traject=traject)]
    # the timeline of this task's process (as its events name it); the traject's whole timeline beside it
    tijdlijn = [e for e in alles if ps is not None and e["proces"] == ps.proces] or alles
    cweb.log_inzage(s, traject=traject, wie=toegang.ik.email, bron=toegang.ik.bron, pagina=request.url.path, nu=_nu())
    s.commit()
    return w.pagina(request, "taak.html", status, taak=taak, traject=traject, deelnemer_naam=deelnemer.naam,
                    deadline=deadline, te_laat=bool(deadline and deadline.due < lokale_datum(_nu())),
                    proces=proces_label(ps.proces) if ps else None, formulieren=formulieren, tijdlijn=tijdlijn,
                    tijdlijn_traject=alles if len(tijdlijn) < len(alles) else [],
                    token=request.query_params.get("t", ""), weigering=weigering)


def _met_taak(w: Web, request: Request, taak_id: int, fn: Any) -> Response:
    """Open a session, check the link and the person, load the open task, and hand them to `fn` (all in one
    thread: the session never crosses threads)."""
    from casestore.db import session
    from casestore.models import Taak

    with session(w.rt.engine) as s:
        toegang = _toegang(w, request, taak_id, s)
        if isinstance(toegang, Response):
            return toegang
        taak = s.get(Taak, taak_id)
        if taak is None or taak.status != "open":
            tekst = ("Deze taak bestaat niet." if taak is None else
                     f"Deze taak is al {'afgerond' if taak.status == 'afgerond' else taak.status}; er hoeft niets "
                     "meer te gebeuren.")
            return w.melding(request, "Taak niet open", tekst, 404 if taak is None else 410)
        return fn(s, toegang, taak)  # type: ignore[no-any-return]


@dataclass
class Klaar:
    """A valid form, ready to start (outside any session)."""

    keuze: Keuze
    nr: int
    invoer: Any
    terug: dict[str, str]
    nonce: str
    email: str


async def _taak(request: Request) -> Response:
    w = _w(request)
    taak_id = int(request.path_params["taak_id"])
    if request.method == "GET":
        return await run_in_threadpool(_met_taak, w, request, taak_id,
                                       lambda s, toegang, taak: _taakpagina(w, request, s, toegang, taak))
    form = await _formulier(request)
    if not csrf_klopt(request, _een(form, "csrf")):
        return _csrf_weigering(w, request)

    def controleer(s: Any, toegang: Toegang, taak: Any) -> Any:
        from casestore.models import Traject

        traject = s.get(Traject, taak.traject_id)
        keuzes = _keuzes(s, taak, traject.referentie, toegang.ik)
        try:
            nr = int(_een(form, "keuze") or "0")
            keuze = keuzes[nr]
        except (ValueError, IndexError):
            return _taakpagina(w, request, s, toegang, taak, status=422,
                               weigering="Kies een van de formulieren op deze pagina.")
        invoer, terug, fouten = formulier.lees(keuze.verwijzing.stap.invoer, form, vast=keuze.vast)
        if invoer is None:
            return _taakpagina(w, request, s, toegang, taak, status=422, keuze_nr=nr, waarden=terug, fouten=fouten)
        return Klaar(keuze, nr, invoer, terug, toegang.link.nonce, toegang.ik.email)

    klaar = await run_in_threadpool(_met_taak, w, request, taak_id, controleer)
    if not isinstance(klaar, Klaar):
        return klaar  # type: ignore[no-any-return]
    from werkpad.deur import NietGestart
    from werkpad.web import uitvoeren

    weigering: str | None = None
    status = 422
    try:
        uitkomst = await run_in_threadpool(lambda: uitvoeren.start(
            klaar.keuze.verwijzing.stap, klaar.invoer, klaar.nonce,
            in_proces=bool(getattr(w.settings, "stappen_in_proces", False))))
        if uitkomst.geweigerd:
            weigering = uitkomst.tekst
    except NietGestart as exc:
        weigering, status = str(exc), 503

    def daarna(s: Any, toegang: Toegang, taak: Any) -> Response:
        from casestore import web as cweb
        from casestore.models import Traject

        if weigering is not None:
            return _taakpagina(w, request, s, toegang, taak, status=status, keuze_nr=klaar.nr, waarden=klaar.terug,
                               weigering=weigering)
        cweb.markeer_link(s, nonce=klaar.nonce, taak_id=taak.id, door=klaar.email, nu=_nu())
        s.commit()
        return w.pagina(request, "uitkomst.html", uitkomst=uitkomst, referentie=s.get(Traject, taak.traject_id).referentie)

    if weigering is not None:
        return await run_in_threadpool(_met_taak, w, request, taak_id, daarna)
    # The step closed the task: mark the link used without the open-task check.
    from casestore import web as cweb
    from casestore.db import session
    from casestore.models import Taak, Traject

    def gebruikt() -> Response:
        with session(w.rt.engine) as s:
            cweb.markeer_link(s, nonce=klaar.nonce, taak_id=taak_id, door=klaar.email, nu=_nu())
            s.commit()
            taak = s.get(Taak, taak_id)
            traject = s.get(Traject, taak.traject_id) if taak else None
            ref = traject.referentie if traject else ""
        return w.pagina(request, "uitkomst.html", uitkomst=uitkomst, referentie=ref)

    return await run_in_threadpool(gebruikt)


# -- gemeente staff: the task's link plus a one-time code -------------------------------------------------
async def _code_sturen(request: Request) -> Response:
    w = _w(request)
    taak_id = int(request.path_params["taak_id"])
    form = await _formulier(request)
    if not csrf_klopt(request, _een(form, "csrf")):
        return _csrf_weigering(w, request)
    link = _lees_link(w, request, taak_id)
    if isinstance(link, Response):
        return link
    adres = webrollen.geadresseerde_uit(link.geadresseerde, _gemeente_adressen(w), w.kenmerk)
    token = request.query_params.get("t", "")
    if adres is None:
        return w.melding(request, "Geen code mogelijk", "Een code is er alleen voor medewerkers van de gemeente, op "
                         "het adres waar de taak naartoe is gemaild. Log in op de gewone manier.", 403,
                         links=[("/inloggen", "Inloggen")])
    client = _client(request)

    def verwerk() -> bool:
        from casestore import web as cweb
        from casestore.db import session

        with session(w.rt.engine) as s:
            if _rem(w, s, soort="code", email=adres, client=client):
                s.commit()
                return False
            code = f"{secrets.randbelow(1_000_000):06d}"
            cweb.nieuwe_inlog(s, geheim=f"{link.nonce}:{code}", soort="code", email=adres, taak_id=taak_id, nu=_nu(),
                              geldig=timedelta(minutes=LINK_MINUTEN))
            s.commit()
        _stuur(w, "web_code", adres, f"web-code:{cweb.sleutel(link.nonce + ':' + code)[:40]}",
               {"code": code, "taak_id": taak_id})
        return True

    if not await run_in_threadpool(verwerk):
        return _te_vaak(w, request)
    return w.pagina(request, "code.html", taak_id=taak_id, token=token,
                    uitleg="Er is een code van 6 cijfers gemaild naar het adres waar deze taak naartoe ging.")


async def _code_invoeren(request: Request) -> Response:
    w = _w(request)
    taak_id = int(request.path_params["taak_id"])
    form = await _formulier(request)
    if not csrf_klopt(request, _een(form, "csrf")):
        return _csrf_weigering(w, request)
    link = _lees_link(w, request, taak_id)
    if isinstance(link, Response):
        return link
    adres = webrollen.geadresseerde_uit(link.geadresseerde, _gemeente_adressen(w), w.kenmerk)
    code = _een(form, "code").strip()
    token = request.query_params.get("t", "")
    client = _client(request)

    def verwerk() -> str:
        from casestore import web as cweb
        from casestore.db import session

        if adres is None:
            return "geen"
        with session(w.rt.engine) as s:
            if _rem(w, s, soort="code-in", email=adres, client=client):
                s.commit()
                return "te_vaak"
            rij = cweb.zoek_inlog(s, geheim=f"{link.nonce}:{code}", soort="code") \
                if code.isascii() and code.isdigit() and len(code) == 6 else None
            nu = _nu()
            if rij is None or rij.gebruikt_op is not None or rij.verloopt_op.replace(tzinfo=UTC) < nu \
                    or rij.taak_id != taak_id:
                for open_code in cweb.open_codes(s, email=adres, taak_id=taak_id, nu=nu):  # a guess counts against
                    open_code.pogingen += 1                                              # every code still open
                    if open_code.pogingen >= CODE_POGINGEN:
                        open_code.gebruikt_op = nu  # void: ask for a new one
                    s.add(open_code)
                s.commit()
                return "fout"
            rij.gebruikt_op = nu
            s.add(rij)
            s.commit()
            return "ok"

    uitkomst = await run_in_threadpool(verwerk)
    if uitkomst == "te_vaak":
        return _te_vaak(w, request)
    if uitkomst != "ok":
        return w.pagina(request, "code.html", 422, taak_id=taak_id, token=token, uitleg="Vul de code uit de mail in.",
                        fout="Deze code klopt niet of is verlopen. Controleer hem, of vraag een nieuwe aan.")
    assert adres is not None
    meld_aan(request, Identiteit(email=adres, naam=adres, rollen=frozenset({webrollen.KLANTMANAGER}), bron="code"),
             alleen_taak=taak_id)
    request.session.pop("volgende", None)
    return RedirectResponse(f"/taak/{taak_id}?t={quote(token)}", 303)


# -- werkvoorraad, inzage --------------------------------------------------------------------------------
def _ingelogd(w: Web, request: Request) -> Identiteit | Response:
    ik = wie(request)
    if ik is None:
        request.session["volgende"] = request.url.path
        return RedirectResponse("/inloggen", 303)
    if ik.bron == "code":
        return w.melding(request, "Geen toegang", "Met een code opent u alleen de taak waarvoor u hem kreeg.", 403,
                         links=[])
    return ik


async def _werkvoorraad(request: Request) -> Response:
    w = _w(request)
    ik = _ingelogd(w, request)
    if isinstance(ik, Response):
        return ik

    def lees() -> dict[str, Any]:
        from casestore.db import session
        from casestore.reports import werkvoorraad
        from domain.herinneringen import lokale_datum

        vandaag = lokale_datum(_nu())
        with session(w.rt.engine) as s:
            boek = w.adresboek(s)
            mijn = {ik.email} | {adres for adres, rol in webrollen.rolpostbussen(boek).items() if rol in ik.rollen}
            team = set(webrollen.gemeenten_van_teamleider(ik.email, boek)) if webrollen.TEAMLEIDER in ik.rollen \
                else set()
            regels = []
            for eigenaar, rijen in werkvoorraad(s).items():
                for r in rijen:
                    if webrollen.normaal(eigenaar) in mijn or r.gemeente in team:
                        regels.append({"referentie": r.referentie, "gemeente": r.gemeente, "wat": r.wat,
                                       "due": r.due, "te_laat": r.due < vandaag, "eigenaar": eigenaar,
                                       "link": taaklink.url("", w.geheim, taak_id=r.taak_id, email=ik.email)
                                       if r.taak_id else None})
        regels.sort(key=lambda r: (not r["te_laat"], r["due"], r["referentie"]))
        uitleg = (f"Uw open taken en termijnen, en die van uw team ({', '.join(g.capitalize() for g in sorted(team))})."
                  if team else "Uw open taken en termijnen.")
        return {"regels": regels, "team": bool(team), "uitleg": uitleg}

    return w.pagina(request, "werkvoorraad.html", **await run_in_threadpool(lees))


async def _inzage(request: Request) -> Response:
    w = _w(request)
    ik = _ingelogd(w, request)
    if isinstance(ik, Response):
        return ik
    referentie = str(request.path_params["referentie"])

    def lees() -> Response:
        from casestore import repo
        from casestore import web as cweb
        from casestore.db import session
        from domain.herinneringen import TZ
        from domain.invoer import parse_referentie

        try:
            ref = parse_referentie(referentie)
        except Exception:  # noqa: BLE001 (any refusal of the reference is the same answer)
            return w.melding(request, "Onbekend traject", "Dit trajectnummer bestaat niet.", 404)
        with session(w.rt.engine) as s:
            try:
                t = repo.get_traject(s, referentie=ref)
            except repo.NotFound:
                return w.melding(request, "Onbekend traject", "Dit trajectnummer bestaat niet.", 404)
            boek = w.adresboek(s)
            if t.gemeente not in webrollen.gemeenten_van_teamleider(ik.email, boek):
                return w.melding(request, "Geen toegang", "Alleen de teamleider van dit traject ziet wie het heeft "
                                 "ingezien.", 403)
            cweb.log_inzage(s, traject=t, wie=ik.email, bron=ik.bron, pagina=request.url.path, nu=_nu())
            s.commit()
            rijen = [{"wanneer": f"{i.op.astimezone(TZ):%d-%m-%Y %H:%M}", "wie": i.wie, "bron": i.bron,
                      "pagina": i.pagina} for i in cweb.inzagen(s, traject=t)]
        return w.pagina(request, "inzage.html", referentie=ref, inzagen=rijen)

    return await run_in_threadpool(lees)


def pad_zonder_query(url: str) -> str:
    return urlsplit(url).path
