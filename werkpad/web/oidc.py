"""Logging in to werkpad web through the organisation's identity provider (OpenID Connect).

The authorization code flow with PKCE, state and nonce, by authlib's Starlette client (the flow's state lives
in the signed session cookie, so the app needs Starlette's SessionMiddleware):

    GET /oidc/inloggen?volgende=/taken/12   -> the provider's login page
    GET /oidc/terug?code=…&state=…          -> code exchanged, ID token checked (signature by the provider's JWKS,
                                               issuer, audience, nonce, expiry), groups -> roles, meld_aan, back
                                               to `volgende` (a local path only)

The app mounts these only when the `oidc` settings section has an issuer:

    routes(settings, meld_aan)              # or routes(settings, meld_aan, maak_identiteit)

`meld_aan(request, identiteit)` puts the identity in the session (werkpad/web/sessie.py); `maak_identiteit(email=,
naam=, rollen=, bron=)` builds it (default: sessie's `Identiteit`, imported only when the routes are made). Both
can be given, so this module imports nothing of the web app and is tested on its own. A user without a werkpad
role gets a Dutch 403 page and no session; every failure gets one Dutch line on a page, never a traceback.
"""

from __future__ import annotations

import html
import importlib
import logging
import warnings
from collections.abc import Callable, Mapping
from typing import Any

import httpx
from authlib.deprecate import AuthlibDeprecationWarning
from authlib.integrations.base_client import OAuthError
from joserfc import errors as jose
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Route

from domain.errors import DomainError
from domain.invoer import controleer_email
from domain.rollen import ROL_NAMEN, rollen_uit_groepen
from domain.terugpad import veilig_terugpad
from tasks.settings import BasisSettings, OidcSection

with warnings.catch_warnings():  # authlib 1.x prefers httpx2 and falls back to httpx, the stack's client: fine here
    warnings.simplefilter("ignore", AuthlibDeprecationWarning)
    from authlib.integrations.starlette_client import OAuth

try:  # the HTTP errors of whichever client authlib uses
    import httpx2  # type: ignore[import-not-found]

    HTTP_FOUTEN: tuple[type[Exception], ...] = (httpx.HTTPError, httpx2.HTTPError)
except ImportError:
    HTTP_FOUTEN = (httpx.HTTPError,)

log = logging.getLogger(__name__)

BRON = "oidc"
VOLGENDE = "oidc_volgende"  # session key: where to go after the login (a checked local path)
INLOGGEN = "/oidc/inloggen"
TERUG = "/oidc/terug"

MeldAan = Callable[[Request, Any], None]
MaakIdentiteit = Callable[..., Any]  # (email=, naam=, rollen=, bron=) -> werkpad.web.sessie.Identiteit
Pagina = Callable[[Request, int, str, str], Response]  # (request, status, title, one Dutch line)

ONBEREIKBAAR = "De inlogdienst van de organisatie is nu niet bereikbaar; probeer het over enkele minuten opnieuw."
VERKEERD_INGESTELD = "De koppeling met de inlogdienst is verkeerd ingesteld; meld dit aan beheer."
OPNIEUW = "Deze inlogpoging is verlopen of is in een andere browser begonnen; log opnieuw in."


class Weigering(Exception):
    """A login that does not go through: the status and the one Dutch line the user reads."""

    def __init__(self, status: int, regel: str, titel: str = "Inloggen is niet gelukt") -> None:
        super().__init__(regel)
        self.status, self.regel, self.titel = status, regel, titel


def routes(settings: BasisSettings | OidcSection, meld_aan: MeldAan, maak_identiteit: MaakIdentiteit | None = None,
           pagina: Pagina | None = None) -> list[Route]:
    """The two routes of the OIDC login. `maak_identiteit` defaults to the web app's `Identiteit` (imported here,
    when the app mounts the routes: the module itself stays free of the app); `pagina` renders a refusal in the
    app's own layout (default: a plain page of its own)."""
    sectie = settings if isinstance(settings, OidcSection) else settings.oidc
    if not sectie.issuer:
        raise ValueError("De OIDC-login vraagt een issuer (WERKPAD_OIDC__ISSUER).")
    if maak_identiteit is None:
        maak_identiteit = importlib.import_module("werkpad.web.sessie").Identiteit
    maak: MaakIdentiteit = maak_identiteit
    issuer = sectie.issuer
    toon = pagina or standaard_pagina
    oauth = OAuth()
    client: Any = oauth.register(
        "werkpad",
        client_id=sectie.client_id,
        client_secret=sectie.client_secret.get_secret_value() if sectie.client_secret is not None else None,
        server_metadata_url=issuer.rstrip("/") + "/.well-known/openid-configuration",
        client_kwargs={"scope": sectie.scopes, "code_challenge_method": "S256", "timeout": sectie.timeout_seconds},
    )

    async def inloggen(request: Request) -> Response:
        request.session[VOLGENDE] = veilig_terugpad(request.query_params.get("volgende"))
        terug = sectie.terug_url or str(request.url_for("oidc_terug"))
        try:
            metadata = await client.load_server_metadata()
            if metadata.get("issuer") != issuer:  # OIDC Discovery 4.3; else every ID token would be refused later
                log.error("OIDC: het discovery-document van %s noemt een andere issuer: %r", issuer, metadata.get("issuer"))
                return toon(request, 503, "Inloggen lukt nu niet", VERKEERD_INGESTELD)
            response: Response = await client.authorize_redirect(request, terug)
        except HTTP_FOUTEN as exc:  # down, or its discovery document is not there
            log.warning("OIDC: discovery bij %s mislukt: %s", issuer, type(exc).__name__)
            return toon(request, 503, "Inloggen lukt nu niet", ONBEREIKBAAR)
        except Exception:  # a broken discovery document: the user reads one line, beheer the log
            log.exception("OIDC: inloggen bij %s kon niet beginnen", issuer)
            return toon(request, 503, "Inloggen lukt nu niet", ONBEREIKBAAR)
        return response

    async def terug(request: Request) -> Response:
        volgende = veilig_terugpad(request.session.pop(VOLGENDE, None))
        try:
            claims = await _claims(request, client, issuer, sectie)
            identiteit = _identiteit(claims, sectie, maak)
        except Weigering as w:
            return toon(request, w.status, w.titel, w.regel)
        meld_aan(request, identiteit)
        return RedirectResponse(volgende, status_code=303)

    return [Route(INLOGGEN, inloggen, methods=["GET"], name="oidc_inloggen"),
            Route(TERUG, terug, methods=["GET"], name="oidc_terug")]


async def _claims(request: Request, client: Any, issuer: str, sectie: OidcSection) -> dict[str, Any]:
    """The code exchanged and the ID token checked; its claims, completed from userinfo when the email or the
    groups are not in the token (some providers put the groups only there)."""
    opties = {"iss": {"essential": True, "value": issuer}, "aud": {"essential": True, "value": sectie.client_id}}
    try:
        token = await client.authorize_access_token(request, claims_options=opties)
        claims: dict[str, Any] = dict(token.get("userinfo") or {})
        if not claims:
            raise Weigering(502, "De inlogdienst gaf geen ID-token terug; vraag beheer de scope 'openid' te geven.")
        if not claims.get("email") or sectie.groepen_claim not in claims:
            metadata = await client.load_server_metadata()
            if metadata.get("userinfo_endpoint"):
                extra = dict(await client.userinfo(token=token))
                if extra.get("sub") != claims.get("sub"):  # OIDC Core 5.3.2: else the answer is not about this user
                    raise Weigering(502, "De inlogdienst gaf gegevens over een andere gebruiker dan die inlogde.")
                claims = {**extra, **claims}
        return claims
    except Weigering:
        raise
    except OAuthError as exc:
        raise Weigering(400, _oauth_reden(exc)) from None
    except jose.JoseError as exc:
        log.warning("OIDC: ID-token afgewezen: %s", type(exc).__name__)  # never the token or its claims
        raise Weigering(400, _token_reden(exc)) from None
    except HTTP_FOUTEN as exc:
        log.warning("OIDC: de inlogdienst %s antwoordde niet: %s", issuer, type(exc).__name__)
        raise Weigering(503, ONBEREIKBAAR) from None
    except Exception:
        log.exception("OIDC: terugkomst van %s onverwacht mislukt", issuer)
        raise Weigering(500, "Inloggen is mislukt door een fout in werkpad; beheer is ingelicht. Probeer het "
                        "opnieuw.") from None


def _oauth_reden(exc: OAuthError) -> str:
    fout = getattr(exc, "error", None) or ""
    if fout == "mismatching_state":
        return OPNIEUW
    if fout == "access_denied":
        return "Het inloggen is bij de inlogdienst afgebroken of geweigerd; u bent niet ingelogd."
    if fout == "invalid_grant":
        return "De inlogcode is al gebruikt of verlopen; log opnieuw in."
    if fout == "invalid_client":
        return "De inlogdienst kent werkpad niet met deze gegevens (client-id of geheim); meld dit aan beheer."
    return f"De inlogdienst weigerde het inloggen ({fout or 'onbekende fout'}); log opnieuw in."


def _token_reden(exc: jose.JoseError) -> str:
    """Why the ID token is refused, in Dutch (the claim by name, never its value)."""
    if isinstance(exc, jose.ExpiredTokenError):
        return "Het inlogbewijs (ID-token) van de inlogdienst is verlopen; u bent niet ingelogd, log opnieuw in."
    if isinstance(exc, jose.InvalidClaimError | jose.MissingClaimError):
        wat = {"iss": "komt niet van de ingestelde inlogdienst (issuer)",
               "aud": "is niet voor werkpad bedoeld (audience)",
               "azp": "is niet voor werkpad bedoeld (azp)",
               "nonce": "hoort niet bij deze inlogpoging (nonce)",
               "nbf": "is nog niet geldig (nbf)",
               "iat": "heeft een ongeldige uitgiftetijd (iat)"}.get(exc.claim, f"heeft een ongeldig veld '{exc.claim}'")
        if isinstance(exc, jose.MissingClaimError):
            wat = f"mist het veld '{exc.claim}'"
        return f"Het inlogbewijs (ID-token) {wat}; u bent niet ingelogd."
    if isinstance(exc, jose.BadSignatureError | jose.InvalidKeyIdError | jose.MissingKeyError):
        return "De handtekening van het inlogbewijs (ID-token) klopt niet met de sleutels van de inlogdienst; u bent " \
               "niet ingelogd."
    return "Het inlogbewijs (ID-token) van de inlogdienst is ongeldig; u bent niet ingelogd."


def _identiteit(claims: Mapping[str, Any], sectie: OidcSection, maak_identiteit: MaakIdentiteit) -> Any:
    """Email, name and roles from the checked claims; a user without a werkpad role is refused (403)."""
    if claims.get("email_verified") is False:
        raise Weigering(403, "Uw e-mailadres is bij de inlogdienst niet bevestigd; werkpad laat u daarom niet toe.")
    try:
        email = controleer_email(claims.get("email") if isinstance(claims.get("email"), str) else None,
                                 "Het e-mailadres van de inlogdienst")
    except DomainError:
        raise Weigering(502, "De inlogdienst gaf geen bruikbaar e-mailadres; vraag beheer de scope 'email' te geven.") \
            from None
    naam = _naam(claims) or email
    rollen = rollen_uit_groepen(claims.get(sectie.groepen_claim), sectie.groepen)
    if not rollen:
        namen = ", ".join(sorted(ROL_NAMEN.values(), key=str.casefold))
        raise Weigering(403, f"U bent bij de inlogdienst bekend als {email}, maar u hebt geen rol in werkpad ({namen}). "
                        "Vraag uw teamleider u in de groep van uw rol te zetten.", titel="Geen toegang tot werkpad")
    return maak_identiteit(email=email, naam=naam, rollen=rollen, bron=BRON)


def _naam(claims: Mapping[str, Any]) -> str:
    naam = claims.get("name")
    if not isinstance(naam, str) or not naam.strip():
        delen = [claims.get(k) for k in ("given_name", "family_name")]
        naam = " ".join(d.strip() for d in delen if isinstance(d, str) and d.strip())
    return " ".join(naam.split())[:200]


def standaard_pagina(request: Request, status: int, titel: str, regel: str) -> Response:
    """A plain Dutch page: the title, the one line, and the way back to logging in."""
    t, r = html.escape(titel), html.escape(regel)
    body = (f'<!doctype html>\n<html lang="nl"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1"><title>{t} – werkpad</title></head>'
            f'<body><main><h1>{t}</h1><p role="alert">{r}</p>'
            f'<p><a href="{INLOGGEN}">Opnieuw inloggen</a></p></main></body></html>\n')
    return HTMLResponse(body, status_code=status, headers={"Cache-Control": "no-store"})
