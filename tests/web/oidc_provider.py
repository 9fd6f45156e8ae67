"""A small OpenID Connect provider for the tests, served on loopback (tests/conftest.py AppServer): discovery,
JWKS, authorize (approves the configured user at once: the tests drive it by HTTP), token (code -> ID token and
access token; checks the client secret, the redirect URI and the PKCE verifier; a code works once) and userinfo.

Its ID tokens are signed RS256 with joserfc (authlib's own JOSE library). The knobs on `Provider` make it
misbehave as a real provider might: another audience or issuer, an expired token, a foreign signing key, the
groups only in userinfo, a refused login."""

from __future__ import annotations

import base64
import hashlib
import secrets
import time
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs, unquote, urlencode

from joserfc import jwt
from joserfc.jwk import RSAKey
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import Route

KID = "werkpad-test-1"


@dataclass
class Gebruiker:
    sub: str = "u-0001"
    email: str = "w.coach@ijmondwerkt.example"
    naam: str = "Wendy Coach"
    groepen: list[str] = field(default_factory=lambda: ["werkpad-werkcoaches", "werkpad-teamleiders", "personeel"])
    email_verified: bool = True


def _sleutel() -> RSAKey:
    return RSAKey.generate_key(2048, parameters={"kid": KID, "use": "sig", "alg": "RS256"})


@dataclass
class Provider:
    client_id: str = "werkpad-test"
    client_secret: str = "provider-geheim-voor-de-tests"
    issuer: str = ""  # set once the port is known
    redirect_uris: set[str] = field(default_factory=set)  # empty: any http://127.0.0.1 address (test apps' ports vary)
    gebruiker: Gebruiker = field(default_factory=Gebruiker)
    sleutel: RSAKey = field(default_factory=_sleutel)
    # knobs
    id_token_extra: dict[str, Any] = field(default_factory=dict)  # merged into the ID token's claims
    vreemde_sleutel: bool = False  # sign with a key that is not in the JWKS (same kid)
    groepen_alleen_in_userinfo: bool = False
    weiger_login: bool = False  # the user cancels at the provider: error=access_denied
    token_kapot: bool = False  # the token endpoint fails (500, no JSON): the provider broke mid-login
    userinfo_sub: str | None = None  # userinfo answers about another subject
    # what happened
    codes: dict[str, dict[str, Any]] = field(default_factory=dict)
    tokens: dict[str, dict[str, Any]] = field(default_factory=dict)
    autorisaties: list[dict[str, str]] = field(default_factory=list)  # the authorize requests' parameters
    token_fouten: list[str] = field(default_factory=list)

    def herstel(self) -> None:
        """Back to a well-behaved provider and the default user (between tests)."""
        self.gebruiker = Gebruiker()
        self.id_token_extra = {}
        self.vreemde_sleutel = self.groepen_alleen_in_userinfo = self.weiger_login = self.token_kapot = False
        self.userinfo_sub = None
        self.codes.clear()
        self.tokens.clear()
        self.autorisaties.clear()
        self.token_fouten.clear()

    def metadata(self) -> dict[str, Any]:
        return {
            "issuer": self.issuer,
            "authorization_endpoint": f"{self.issuer}/authorize",
            "token_endpoint": f"{self.issuer}/token",
            "userinfo_endpoint": f"{self.issuer}/userinfo",
            "jwks_uri": f"{self.issuer}/jwks",
            "response_types_supported": ["code"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "code_challenge_methods_supported": ["S256"],
            "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"],
            "scopes_supported": ["openid", "email", "profile"],
            "claims_supported": ["sub", "email", "email_verified", "name", "groups"],
        }

    def claims(self, g: Gebruiker, met_groepen: bool) -> dict[str, Any]:
        c: dict[str, Any] = {"sub": g.sub, "email": g.email, "email_verified": g.email_verified, "name": g.naam}
        if met_groepen:
            c["groups"] = list(g.groepen)
        return c

    def id_token(self, code: dict[str, Any], access_token: str) -> str:
        nu = int(time.time())
        claims = {"iss": self.issuer, "aud": self.client_id, "iat": nu, "exp": nu + 300, "auth_time": nu,
                  "nonce": code["nonce"], **self.claims(code["gebruiker"], not self.groepen_alleen_in_userinfo),
                  **self.id_token_extra}
        claims = {k: v for k, v in claims.items() if v is not None}  # a knob set to None drops the claim
        sleutel = _sleutel() if self.vreemde_sleutel else self.sleutel
        return jwt.encode({"alg": "RS256", "kid": KID, "typ": "JWT"}, claims, sleutel)


def _fout(redirect_uri: str, state: str | None, fout: str) -> Response:
    return RedirectResponse(f"{redirect_uri}?{urlencode({'error': fout, **({'state': state} if state else {})})}", 302)


def create_app(p: Provider) -> Starlette:
    async def discovery(request: Request) -> Response:
        return JSONResponse(p.metadata())

    async def jwks(request: Request) -> Response:
        return JSONResponse({"keys": [p.sleutel.as_dict(private=False)]})

    async def authorize(request: Request) -> Response:
        q = dict(request.query_params)
        p.autorisaties.append(q)
        redirect_uri = q.get("redirect_uri", "")
        if q.get("client_id") != p.client_id:
            return JSONResponse({"error": "invalid_client"}, 400)  # never redirect for an unknown client
        if not (redirect_uri in p.redirect_uris or (not p.redirect_uris and redirect_uri.startswith("http://127.0.0.1:"))):
            return JSONResponse({"error": "invalid_request", "error_description": "redirect_uri"}, 400)
        state = q.get("state")
        if q.get("response_type") != "code":
            return _fout(redirect_uri, state, "unsupported_response_type")
        if "openid" not in q.get("scope", "").split() or q.get("code_challenge_method") != "S256" \
                or not q.get("code_challenge"):
            return _fout(redirect_uri, state, "invalid_request")  # PKCE (S256) is required here
        if p.weiger_login:
            return _fout(redirect_uri, state, "access_denied")
        code = secrets.token_urlsafe(24)
        p.codes[code] = {"redirect_uri": redirect_uri, "challenge": q["code_challenge"], "nonce": q.get("nonce"),
                         "gebruiker": p.gebruiker}
        return RedirectResponse(f"{redirect_uri}?{urlencode({'code': code, **({'state': state} if state else {})})}", 302)

    async def token(request: Request) -> Response:
        if p.token_kapot:
            return Response("Internal Server Error", 500, media_type="text/plain")
        form = {k: v[0] for k, v in parse_qs((await request.body()).decode()).items()}  # no python-multipart here
        client_id, geheim = form.get("client_id"), form.get("client_secret")
        auth = request.headers.get("authorization", "")
        if auth.lower().startswith("basic "):
            client_id, _, geheim = base64.b64decode(auth[6:]).decode().partition(":")
            client_id, geheim = unquote(client_id), unquote(geheim)
        if client_id != p.client_id or not secrets.compare_digest(str(geheim or ""), p.client_secret):
            p.token_fouten.append("invalid_client")
            return JSONResponse({"error": "invalid_client"}, 401)
        code = p.codes.pop(str(form.get("code", "")), None)  # once only
        verifier = str(form.get("code_verifier", ""))
        uitdaging = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
        if form.get("grant_type") != "authorization_code" or code is None \
                or form.get("redirect_uri") != code["redirect_uri"] or not verifier \
                or not secrets.compare_digest(uitdaging, code["challenge"]):
            p.token_fouten.append("invalid_grant")
            return JSONResponse({"error": "invalid_grant"}, 400)
        access = secrets.token_urlsafe(24)
        p.tokens[access] = {"gebruiker": code["gebruiker"]}
        return JSONResponse({"access_token": access, "token_type": "Bearer", "expires_in": 300,
                             "id_token": p.id_token(code, access)}, headers={"Cache-Control": "no-store"})

    async def userinfo(request: Request) -> Response:
        auth = request.headers.get("authorization", "")
        info = p.tokens.get(auth[7:]) if auth.lower().startswith("bearer ") else None
        if info is None:
            return JSONResponse({"error": "invalid_token"}, 401, headers={"WWW-Authenticate": "Bearer"})
        return JSONResponse({**p.claims(info["gebruiker"], True), **({"sub": p.userinfo_sub} if p.userinfo_sub else {})})

    return Starlette(routes=[
        Route("/.well-known/openid-configuration", discovery),
        Route("/jwks", jwks),
        Route("/authorize", authorize),
        Route("/token", token, methods=["POST"]),
        Route("/userinfo", userinfo),
    ])
