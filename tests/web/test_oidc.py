"""OpenID Connect login (werkpad/web/oidc.py) against a real provider on loopback (tests/web/oidc_provider.py).

A tiny Starlette app with SessionMiddleware, the OIDC routes and a stub `meld_aan` that records the identity,
served by uvicorn; a real httpx client follows the redirects across both, as a browser would."""

from __future__ import annotations

import html
import socket
import sys
import time
import types
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import httpx
import pytest
from pydantic import SecretStr
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.sessions import SessionMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from tasks.settings import OidcSection
from tests.conftest import AppServer, free_port
from tests.web.oidc_provider import Gebruiker, Provider, create_app
from werkpad.web.oidc import ONBEREIKBAAR, OPNIEUW, routes


@dataclass(frozen=True)
class Identiteit:  # the shape of werkpad.web.sessie.Identiteit (the web app's), built by the routes' factory
    email: str
    naam: str
    rollen: frozenset[str]
    bron: str


class Werkpad:
    """The test app: the OIDC routes, and every other path shows who the session says is logged in."""

    def __init__(self, sectie: OidcSection) -> None:
        self.aangemeld: list[Identiteit] = []

        def meld_aan(request: Request, identiteit: Identiteit) -> None:
            self.aangemeld.append(identiteit)
            request.session["identiteit"] = {"email": identiteit.email, "rollen": sorted(identiteit.rollen)}

        async def pagina(request: Request) -> Response:
            return JSONResponse({"pad": request.url.path, "query": request.url.query,
                                 "identiteit": request.session.get("identiteit")})

        app = Starlette(routes=[*routes(sectie, meld_aan, Identiteit), Route("/{pad:path}", pagina)],
                        middleware=[Middleware(SessionMiddleware, secret_key="test-sessiesleutel", https_only=False)])
        self.server = AppServer(app).start()
        self.url = self.server.url

    def browser(self) -> httpx.Client:
        return httpx.Client(follow_redirects=True, timeout=10)

    def wie(self, browser: httpx.Client) -> Any:
        """Who the session of this browser holds."""
        return browser.get(f"{self.url}/wie").json()["identiteit"]


def tekst(r: httpx.Response) -> str:
    """The page as the user reads it (entities unescaped)."""
    return html.unescape(r.text)


def sectie(p: Provider, **anders: Any) -> OidcSection:
    waarden: dict[str, Any] = {"issuer": p.issuer, "client_id": p.client_id, "client_secret": SecretStr(p.client_secret)}
    return OidcSection(**{**waarden, **anders})


@pytest.fixture(scope="module")
def provider_server() -> Iterator[Provider]:
    p = Provider()
    server = AppServer(create_app(p))
    p.issuer = server.url
    server.start()
    yield p
    server.stop()


@pytest.fixture()
def idp(provider_server: Provider) -> Provider:
    provider_server.herstel()
    return provider_server


@pytest.fixture(scope="module")
def werkpad_server(provider_server: Provider) -> Iterator[Werkpad]:
    w = Werkpad(sectie(provider_server))
    yield w
    w.server.stop()


@pytest.fixture()
def werkpad(werkpad_server: Werkpad, idp: Provider) -> Werkpad:
    werkpad_server.aangemeld.clear()
    return werkpad_server


def test_login_follows_the_code_flow_with_pkce_and_the_roles_come_from_the_groups(werkpad: Werkpad, idp: Provider) -> None:
    with werkpad.browser() as browser:
        r = browser.get(f"{werkpad.url}/oidc/inloggen", params={"volgende": "/taken/12?tab=tijdlijn"})
        assert r.status_code == 200 and r.json()["pad"] == "/taken/12" and r.json()["query"] == "tab=tijdlijn"
        assert [h.status_code for h in r.history] == [302, 302, 303]  # werkpad -> provider -> werkpad -> the task
        assert r.json()["identiteit"] == {"email": "w.coach@ijmondwerkt.example", "rollen": ["teamleider", "werkcoach"]}
    assert werkpad.aangemeld == [Identiteit(email="w.coach@ijmondwerkt.example", naam="Wendy Coach",
                                            rollen=frozenset({"werkcoach", "teamleider"}), bron="oidc")]
    (autorisatie,) = idp.autorisaties
    assert autorisatie["code_challenge_method"] == "S256" and len(autorisatie["code_challenge"]) == 43
    assert autorisatie["nonce"] and autorisatie["state"] and autorisatie["scope"] == "openid email profile"
    assert autorisatie["redirect_uri"] == f"{werkpad.url}/oidc/terug"
    assert idp.token_fouten == [] and idp.codes == {}  # the code was used, once


def test_groups_only_in_userinfo_still_give_the_roles_and_the_email_is_normalised(werkpad: Werkpad, idp: Provider) -> None:
    idp.groepen_alleen_in_userinfo = True
    idp.gebruiker = Gebruiker(sub="u-0002", email="A.Dekker@IJmondWerkt.example", naam="  Anna   Dekker ",
                              groepen=["/werkpad-ada"])
    with werkpad.browser() as browser:
        r = browser.get(f"{werkpad.url}/oidc/inloggen")
        assert r.json()["pad"] == "/"
    assert werkpad.aangemeld == [Identiteit(email="a.dekker@ijmondwerkt.example", naam="Anna Dekker",
                                            rollen=frozenset({"ada"}), bron="oidc")]


def test_a_user_without_werkpad_groups_gets_a_dutch_403_and_no_session(werkpad: Werkpad, idp: Provider) -> None:
    idp.gebruiker = Gebruiker(sub="u-0003", email="k.manager@velsen.example", naam="Karel", groepen=["personeel"])
    with werkpad.browser() as browser:
        r = browser.get(f"{werkpad.url}/oidc/inloggen", params={"volgende": "/taken/12"})
        assert r.status_code == 403 and r.url.path == "/oidc/terug"
        assert "Geen toegang tot werkpad" in tekst(r) and "u hebt geen rol in werkpad" in tekst(r)
        assert "k.manager@velsen.example" in tekst(r) and 'lang="nl"' in r.text and "Traceback" not in r.text
        assert werkpad.wie(browser) is None
    assert werkpad.aangemeld == []


def test_an_unconfirmed_email_is_refused(werkpad: Werkpad, idp: Provider) -> None:
    idp.gebruiker = Gebruiker(email_verified=False)
    with werkpad.browser() as browser:
        r = browser.get(f"{werkpad.url}/oidc/inloggen")
        assert r.status_code == 403 and "niet bevestigd" in tekst(r)
        assert werkpad.wie(browser) is None


def _tot_terugkomst(werkpad: Werkpad, browser: httpx.Client) -> str:
    """Start a login and let the provider approve it; the callback URL it sends the browser to (not yet opened)."""
    naar_idp = browser.get(f"{werkpad.url}/oidc/inloggen", follow_redirects=False)
    assert naar_idp.status_code == 302
    terug = browser.get(naar_idp.headers["location"], follow_redirects=False)
    assert terug.status_code == 302 and terug.headers["location"].startswith(f"{werkpad.url}/oidc/terug?")
    return terug.headers["location"]


def _met(url: str, **params: str) -> str:
    deel = urlsplit(url)
    q = {k: v[0] for k, v in parse_qs(deel.query).items()} | params
    return deel._replace(query=urlencode(q)).geturl()


def test_a_tampered_state_a_stranger_s_callback_and_a_replay_are_refused(werkpad: Werkpad, idp: Provider) -> None:
    with werkpad.browser() as browser:
        terug = _tot_terugkomst(werkpad, browser)
        r = browser.get(_met(terug, state="vervalst-" + "x" * 20))
        assert r.status_code == 400 and OPNIEUW in tekst(r) and werkpad.wie(browser) is None
        with werkpad.browser() as vreemde:  # the callback opened in another browser (login CSRF)
            r = vreemde.get(terug)
            assert r.status_code == 400 and OPNIEUW in tekst(r) and werkpad.wie(vreemde) is None
        assert browser.get(terug).json()["identiteit"]["email"] == "w.coach@ijmondwerkt.example"  # the real one
        r = browser.get(terug)  # the same callback again: its state is spent
        assert r.status_code == 400 and OPNIEUW in tekst(r)
    assert len(werkpad.aangemeld) == 1 and idp.codes == {}


def test_a_code_not_from_this_login_is_refused_by_the_provider(werkpad: Werkpad, idp: Provider) -> None:
    with werkpad.browser() as browser:
        terug = _tot_terugkomst(werkpad, browser)
        r = browser.get(_met(terug, code="een-geraden-code"))
        assert r.status_code == 400 and "De inlogcode is al gebruikt of verlopen" in tekst(r)
        assert werkpad.wie(browser) is None
    assert idp.token_fouten == ["invalid_grant"]


@pytest.mark.parametrize(("extra", "regel"), [
    ({"aud": "een-andere-applicatie"}, "is niet voor werkpad bedoeld (audience)"),
    ({"aud": ["een-andere-applicatie", "nog-een"], "azp": "een-andere-applicatie"}, "is niet voor werkpad bedoeld"),
    ({"iss": "https://nep-inlogdienst.example"}, "komt niet van de ingestelde inlogdienst (issuer)"),
    ({"exp": 1_000_000_000, "iat": 999_999_000}, "is verlopen"),
    ({"nonce": "een-andere-nonce"}, "hoort niet bij deze inlogpoging (nonce)"),
    ({"nonce": None}, "mist het veld 'nonce'"),
    ({"sub": None}, "mist het veld 'sub'"),
], ids=["audience", "audiences-azp", "issuer", "verlopen", "nonce", "zonder-nonce", "zonder-sub"])
def test_an_id_token_with_a_wrong_claim_is_refused(werkpad: Werkpad, idp: Provider, extra: dict[str, Any],
                                                    regel: str) -> None:
    idp.id_token_extra = extra
    with werkpad.browser() as browser:
        r = browser.get(f"{werkpad.url}/oidc/inloggen", params={"volgende": "/taken/12"})
        assert r.status_code == 400 and regel in tekst(r) and "u bent niet ingelogd" in tekst(r)
        assert "Traceback" not in r.text and r.url.path == "/oidc/terug"
        assert werkpad.wie(browser) is None
    assert werkpad.aangemeld == []


def test_an_id_token_signed_with_a_key_not_in_the_jwks_is_refused(werkpad: Werkpad, idp: Provider) -> None:
    idp.vreemde_sleutel = True
    with werkpad.browser() as browser:
        r = browser.get(f"{werkpad.url}/oidc/inloggen")
        assert r.status_code == 400 and "De handtekening van het inlogbewijs (ID-token) klopt niet" in tekst(r)
        assert werkpad.wie(browser) is None


def test_a_login_cancelled_at_the_provider_is_one_dutch_line(werkpad: Werkpad, idp: Provider) -> None:
    idp.weiger_login = True
    with werkpad.browser() as browser:
        r = browser.get(f"{werkpad.url}/oidc/inloggen")
        assert r.status_code == 400 and "bij de inlogdienst afgebroken of geweigerd" in tekst(r)
        assert werkpad.wie(browser) is None


@pytest.mark.parametrize("volgende", ["https://kwaad.example/", "//kwaad.example/taken", "/\\kwaad.example",
                                      "/\t/kwaad.example", "javascript:alert(1)", "taken/12"])
def test_the_return_path_cannot_leave_werkpad(werkpad: Werkpad, idp: Provider, volgende: str) -> None:
    with werkpad.browser() as browser:
        r = browser.get(f"{werkpad.url}/oidc/inloggen", params={"volgende": volgende})
        assert r.status_code == 200 and str(r.url) == f"{werkpad.url}/" and r.json()["identiteit"] is not None
        assert r.history[-1].headers["location"] == "/"


def test_a_wrong_client_secret_is_refused_by_the_provider(idp: Provider) -> None:
    w = Werkpad(sectie(idp, client_secret=SecretStr("niet-het-geheim")))
    try:
        with w.browser() as browser:
            r = browser.get(f"{w.url}/oidc/inloggen")
            assert r.status_code == 400 and "client-id of geheim" in tekst(r) and w.wie(browser) is None
        assert idp.token_fouten == ["invalid_client"]
    finally:
        w.server.stop()


def test_a_provider_that_is_down_gives_one_dutch_line(idp: Provider) -> None:
    dicht = f"http://127.0.0.1:{free_port()}"  # nothing listens here
    w = Werkpad(sectie(idp, issuer=dicht))
    try:
        with w.browser() as browser:
            r = browser.get(f"{w.url}/oidc/inloggen", params={"volgende": "/taken/12"})
            assert r.status_code == 503 and ONBEREIKBAAR in tekst(r) and "Traceback" not in r.text
            assert w.wie(browser) is None
    finally:
        w.server.stop()


def test_a_provider_that_does_not_answer_is_given_up_after_the_timeout(idp: Provider) -> None:
    with socket.socket() as stil:  # accepts connections (the kernel's backlog) and never answers
        stil.bind(("127.0.0.1", 0))
        stil.listen(8)
        w = Werkpad(sectie(idp, issuer=f"http://127.0.0.1:{stil.getsockname()[1]}", timeout_seconds=0.3))
        try:
            with w.browser() as browser:
                begin = time.monotonic()
                r = browser.get(f"{w.url}/oidc/inloggen")
                assert r.status_code == 503 and ONBEREIKBAAR in tekst(r)
                assert time.monotonic() - begin < 3  # the setting's 0.3 s, not httpx's default 5 s
        finally:
            w.server.stop()


def test_a_provider_that_breaks_at_the_token_endpoint_gives_one_dutch_line(werkpad: Werkpad, idp: Provider) -> None:
    idp.token_kapot = True
    with werkpad.browser() as browser:
        r = browser.get(f"{werkpad.url}/oidc/inloggen")
        assert r.status_code == 503 and ONBEREIKBAAR in tekst(r) and werkpad.wie(browser) is None


def test_userinfo_about_another_user_is_refused(werkpad: Werkpad, idp: Provider) -> None:
    idp.groepen_alleen_in_userinfo = True
    idp.userinfo_sub = "u-9999"
    with werkpad.browser() as browser:
        r = browser.get(f"{werkpad.url}/oidc/inloggen")
        assert r.status_code == 502 and "over een andere gebruiker" in tekst(r) and werkpad.wie(browser) is None


def test_a_discovery_document_of_another_issuer_is_refused_before_the_login(idp: Provider) -> None:
    w = Werkpad(sectie(idp, issuer=idp.issuer + "/"))  # one slash off: every ID token's issuer would differ
    try:
        with w.browser() as browser:
            r = browser.get(f"{w.url}/oidc/inloggen")
            assert r.status_code == 503 and "verkeerd ingesteld" in tekst(r) and idp.autorisaties == []
    finally:
        w.server.stop()


def test_the_registered_callback_address_is_used_when_set(idp: Provider) -> None:
    w = Werkpad(sectie(idp, terug_url="http://127.0.0.1:1/oidc/terug"))  # as registered at the provider
    try:
        with w.browser() as browser:
            r = browser.get(f"{w.url}/oidc/inloggen", follow_redirects=False)
            assert parse_qs(urlsplit(r.headers["location"]).query)["redirect_uri"] == ["http://127.0.0.1:1/oidc/terug"]
    finally:
        w.server.stop()


def test_without_a_factory_the_web_app_s_identity_is_used(idp: Provider, monkeypatch: pytest.MonkeyPatch) -> None:
    sessie = types.ModuleType("werkpad.web.sessie")
    sessie.Identiteit = Identiteit  # type: ignore[attr-defined]  # the app's own (werkpad/web/sessie.py) where merged
    monkeypatch.setitem(sys.modules, "werkpad.web.sessie", sessie)
    gemeld: list[Any] = []
    app = Starlette(routes=routes(sectie(idp), lambda request, identiteit: gemeld.append(identiteit)),
                    middleware=[Middleware(SessionMiddleware, secret_key="test-sessiesleutel")])
    server = AppServer(app).start()
    try:
        with httpx.Client(follow_redirects=True, timeout=10) as browser:
            browser.get(f"{server.url}/oidc/inloggen")
        assert gemeld == [Identiteit(email="w.coach@ijmondwerkt.example", naam="Wendy Coach",
                                     rollen=frozenset({"werkcoach", "teamleider"}), bron="oidc")]
    finally:
        server.stop()


def test_routes_need_an_issuer() -> None:
    with pytest.raises(ValueError, match="WERKPAD_OIDC__ISSUER"):
        routes(OidcSection(), lambda request, identiteit: None, Identiteit)
