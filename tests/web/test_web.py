"""werkpad web in process (Starlette's TestClient) on a real SQLite case store with the real mail catcher: the
magic link and the one-time code arrive as mails; task links refused when forwarded, tampered with, expired or used;
CSRF; security headers; bad input per field in Dutch with nothing started; inzage logged; the rate limit."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from html import unescape
from typing import Any

from sqlmodel import Session, select

from casestore.models import Inzage, StapUitvoering, Taak, WebInlog
from notifications import taaklink
from tests.web.conftest import (
    WERKCOACH,
    aangemeld,
    csrf,
    html_tekst,
    link_uit,
    log_in,
    lokaal,
    mails,
    nieuw_client,
    taaklink_voor,
    tekst,
)

TL = "teamleider.velsen@ijmondwerkt.example"
CONSULENT = "consulent.intake@velsen.example"


def taken(rt: Any) -> dict[str, Taak]:
    with Session(rt.engine) as s:
        return {t.titel: t for t in s.exec(select(Taak))}


def test_magic_link_logs_in_once_and_never_tells_who_is_known(rt: Any, web: Any) -> None:
    aangemeld(rt)
    r = web.get("/werkvoorraad", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/inloggen"
    voor = len(mails(rt))
    r = web.get("/inloggen")
    onbekend = web.post("/inloggen", data={"csrf": csrf(r.text), "email": "niemand@elders.example"})
    assert onbekend.status_code == 200 and "Kijk in uw mail" in onbekend.text
    assert len(mails(rt)) == voor  # nobody is mailed, and the page says the same as for a known address
    fout = web.post("/inloggen", data={"csrf": csrf(r.text), "email": "geen adres"})
    assert fout.status_code == 422 and 'aria-invalid="true"' in fout.text and "e-mailadres" in html_tekst(fout.text)

    log_in(web, rt, WERKCOACH)
    r = web.get("/werkvoorraad")
    assert r.status_code == 200 and "Uitkomst brede intake vastleggen" in r.text
    # the link is single-use: the mail's link again is refused
    inlog = [m for m in mails(rt) if m["To"] == WERKCOACH and "Inloggen" in m["Subject"]][-1]
    url = link_uit(tekst(inlog), "/inloggen/link")
    ander = nieuw_client(rt)
    r = ander.get(lokaal(url))
    assert r.status_code == 410 and "al gebruikt" in r.text
    # and a link past its 15 minutes is refused too (the row's clock moved, no sleeping)
    r = ander.get("/inloggen")
    ander.post("/inloggen", data={"csrf": csrf(r.text), "email": WERKCOACH})
    with Session(rt.engine) as s:
        for rij in s.exec(select(WebInlog).where(WebInlog.gebruikt_op == None)):  # noqa: E711
            rij.verloopt_op = datetime.now(UTC) - timedelta(minutes=1)
            s.add(rij)
        s.commit()
    url = link_uit(tekst([m for m in mails(rt) if m["To"] == WERKCOACH and "Inloggen" in m["Subject"]][-1]),
                   "/inloggen/link")
    assert ander.get(lokaal(url)).status_code == 410


def test_task_links_forwarded_tampered_expired_or_without_login_are_refused(rt: Any, web: Any) -> None:
    aangemeld(rt)
    taak = taken(rt)["Brede intake voorbereiden"]
    link = taaklink_voor(rt, taak.id, WERKCOACH)
    r = web.get(link)  # not logged in: the login, and afterwards back to the task
    assert r.status_code == 401 and "Log in om deze taak te openen" in r.text and "Test Persoon" not in r.text

    log_in(web, rt, TL)  # the teamleider holds a link mailed to the werkcoach: forwarded
    r = web.get(link)
    assert r.status_code == 403 and "doorgestuurd" in r.text and "Test Persoon" not in r.text

    log_in(web, rt, WERKCOACH)
    assert web.get(link).status_code == 200
    vervalst = link[:-3] + ("AAA" if not link.endswith("AAA") else "BBB")
    r = web.get(vervalst)
    assert r.status_code == 403 and "niet door werkpad gemaakt" in r.text
    r = web.get(link.replace(f"/taak/{taak.id}?", f"/taak/{taak.id + 1}?"))
    assert r.status_code == 403 and "andere taak" in r.text
    oud = taaklink.maak(rt.settings.web_geheim(), taak_id=taak.id, email=WERKCOACH,
                        op=datetime.now(UTC) - timedelta(days=rt.settings.web.link_dagen + 1))
    r = web.get(f"/taak/{taak.id}", params={"t": oud})
    assert r.status_code == 410 and "verlopen" in r.text.lower()
    assert web.get(f"/taak/{taak.id}").status_code == 403  # no token at all
    with Session(rt.engine) as s:  # only the werkcoach's real view was logged
        gezien = s.exec(select(Inzage)).all()
    assert [(i.wie, i.pagina) for i in gezien] == [(WERKCOACH, f"/taak/{taak.id}")]


def test_every_post_needs_the_sessions_csrf_token_and_every_page_the_headers(rt: Any, web: Any) -> None:
    aangemeld(rt)
    taak = taken(rt)["Brede intake voorbereiden"]
    log_in(web, rt, WERKCOACH)
    link = taaklink_voor(rt, taak.id, WERKCOACH)
    r = web.post(link, data={"keuze": "0"})
    assert r.status_code == 403 and "Formulier verlopen" in r.text
    r = web.post(link, data={"keuze": "0", "csrf": "geraden"})
    assert r.status_code == 403
    assert taken(rt)["Brede intake voorbereiden"].status == "open"
    r = web.post("/inloggen", data={"email": WERKCOACH})
    assert r.status_code == 403
    for pad in (link, "/werkvoorraad", "/inloggen", "/bestaat-niet"):
        r = web.get(pad)
        assert "default-src 'self'" in r.headers["content-security-policy"] and "unsafe-inline" not in \
            r.headers["content-security-policy"]
        assert r.headers["x-frame-options"] == "DENY" and "frame-ancestors 'none'" in r.headers["content-security-policy"]
        assert r.headers["referrer-policy"] == "no-referrer" and r.headers["x-content-type-options"] == "nosniff"
        assert r.headers["cache-control"] == "no-store"
    r = web.get("/bestaat-niet")
    assert r.status_code == 404 and 'lang="nl"' in r.text and "Pagina niet gevonden" in r.text
    cookie = nieuw_client(rt).get("/inloggen").headers["set-cookie"]
    assert "samesite=lax" in cookie.lower() and "httponly" in cookie.lower()
    css = web.get("/static/werkpad.css")
    assert css.status_code == 200 and ":focus" in css.text


def test_bad_input_at_every_field_is_shown_in_dutch_and_starts_nothing(rt: Any, web: Any) -> None:
    aangemeld(rt)
    taak = taken(rt)["Uitkomst brede intake vastleggen"]
    log_in(web, rt, WERKCOACH)
    link = taaklink_voor(rt, taak.id, WERKCOACH)
    r = web.get(link)
    assert r.status_code == 200
    pagina = html_tekst(r.text)
    assert "Test Persoon" in pagina and "IJW-2026-000001" in pagina and "999990019" not in pagina
    assert "Re-integratieadvies" in pagina and 'type="radio"' in r.text and 'name="door"' not in r.text
    assert 'type="date"' in r.text and "Tijdlijn" in pagina and "Grondslag" in pagina
    token = csrf(r.text)
    gevallen = [
        ({"advies": "misschien", "route": "traject"}, "advies", "'misschien' is onbekend"),
        ({"route": "traject"}, "advies", "Ontbreekt"),
        ({"advies": "positief", "route": "traject", "aanvraag_ontvangen_op": "2026-02-30"}, "aanvraag_ontvangen_op",
         "geen geldige datum"),
        ({"advies": "positief", "route": "traject", "plan_van_aanpak": "Bellen met werkgever"}, "plan_van_aanpak",
         "vorm"),
        ({"advies": "positief", "route": "traject", "plan_van_aanpak": "Bel 123456782;werkcoach;2027-01-05"},
         "plan_van_aanpak", "BSN"),
    ]
    for velden, veld, reden in gevallen:
        r = web.post(link, data={"csrf": token, "keuze": "0", **velden})
        assert r.status_code == 422, velden
        assert f'id="f0-{veld}-fout">' in r.text, (velden, html_tekst(r.text)[:3000])
        fout = unescape(r.text.split(f'id="f0-{veld}-fout">')[1].split("</p>")[0])
        assert reden.lower() in fout.lower(), (velden, fout)
        assert "Traceback" not in r.text and "het formulier is niet verstuurd" in r.text.lower()
        for k, v in velden.items():  # what was typed stays on the form
            assert v.split(";")[0] in r.text, k
    with Session(rt.engine) as s:
        assert s.exec(select(StapUitvoering)).all() == []  # nothing started
    assert taken(rt)["Uitkomst brede intake vastleggen"].status == "open"


def test_gemeente_staff_open_their_own_task_with_the_link_and_a_one_time_code(rt: Any, web: Any) -> None:
    aangemeld(rt)
    taak = taken(rt)["Brede intake voeren (gemeente)"]
    link = taaklink_voor(rt, taak.id, CONSULENT)
    r = web.get(link)
    assert r.status_code == 401 and "Stuur mij een code" in r.text
    voor = len(mails(rt))
    r = web.post(link.replace("?", "/code?"), data={"csrf": csrf(r.text)})
    assert r.status_code == 200 and "Code invoeren" in r.text
    codemail = [m for m in mails(rt)[voor:] if m["To"] == CONSULENT]
    assert len(codemail) == 1
    code = codemail[0]["Subject"].rsplit(" ", 1)[1]
    assert code.isdigit() and len(code) == 6 and code in tekst(codemail[0])
    fout = web.post(link.replace("?", "/code/invoeren?"), data={"csrf": csrf(r.text), "code": "000000" if code !=
                                                                "000000" else "111111"})
    assert fout.status_code == 422 and "klopt niet" in fout.text
    r = web.post(link.replace("?", "/code/invoeren?"), data={"csrf": csrf(r.text), "code": code})
    assert r.status_code == 200 and "Brede intake voeren" in r.text and "Test Persoon" in r.text
    assert r.url.path == f"/taak/{taak.id}"
    # the code opens that task only: not the werkvoorraad, not another task's link
    assert web.get("/werkvoorraad").status_code == 403
    ander = taken(rt)["Brede intake voorbereiden"]
    assert web.get(taaklink_voor(rt, ander.id, CONSULENT)).status_code == 403
    # the code is single-use
    r = web.post(link.replace("?", "/code/invoeren?"), data={"csrf": csrf(web.get(link).text), "code": code})
    assert r.status_code == 422
    # a link for an IJmond Werkt! colleague offers no code
    r = nieuw_client(rt).get(taaklink_voor(rt, ander.id, WERKCOACH))
    assert "Stuur mij een code" not in r.text


def test_every_view_is_logged_and_only_the_teamleider_reads_the_log(rt: Any, web: Any) -> None:
    ref = aangemeld(rt)
    taak = taken(rt)["Brede intake voorbereiden"]
    log_in(web, rt, WERKCOACH)
    web.get(taaklink_voor(rt, taak.id, WERKCOACH))
    r = web.get(f"/traject/{ref}/inzage")
    assert r.status_code == 403
    tl = nieuw_client(rt)
    log_in(tl, rt, TL)
    r = tl.get(f"/traject/{ref}/inzage")
    assert r.status_code == 200
    rijen = html_tekst(r.text)
    assert WERKCOACH in rijen and f"/taak/{taak.id}" in rijen and "magic-link" in rijen and "?t=" not in r.text
    assert tl.get("/traject/IJW-2026-999999/inzage").status_code == 404
    assert tl.get("/traject/onzin/inzage").status_code == 404
    # the teamleider sees the team's work
    r = tl.get("/werkvoorraad")
    assert "Brede intake voorbereiden" in r.text and "uw team (Velsen)" in r.text


def test_login_attempts_are_limited_per_address(rt: Any, web: Any) -> None:
    r = web.get("/inloggen")
    token = csrf(r.text)
    codes = [web.post("/inloggen", data={"csrf": token, "email": WERKCOACH}).status_code for _ in range(7)]
    assert codes[:5] == [200] * 5 and codes[5:] == [429, 429]
    assert "Te veel pogingen" in web.post("/inloggen", data={"csrf": token, "email": WERKCOACH}).text


def test_outside_ontwikkeling_there_is_no_magic_link_and_no_start_without_a_secret(rt: Any) -> None:
    import pytest

    from tasks.settings import Omgeving
    from werkpad.web.app import maak_app

    zonder = rt.settings.model_copy(update={"omgeving": Omgeving.productie})
    with pytest.raises(ValueError, match="WERKPAD_WEB__GEHEIM ontbreekt"):
        maak_app(zonder, runtime=rt)
    from pydantic import SecretStr

    kort = zonder.model_copy(update={"web": zonder.web.model_copy(update={"geheim": SecretStr("te-kort")})})
    assert "minstens 32 tekens" in (kort.web_geheim_fout() or "")
    from starlette.testclient import TestClient

    goed = zonder.model_copy(update={"web": zonder.web.model_copy(update={"geheim": SecretStr("x" * 40)})})
    with TestClient(maak_app(goed, runtime=rt), base_url="http://127.0.0.1") as c:
        r = c.get("/inloggen")
        assert "Stuur mij een inloglink" not in r.text
        assert c.post("/inloggen", data={"email": WERKCOACH}).status_code == 404


def test_a_failure_is_a_dutch_page_never_a_traceback(rt: Any, tmp_path: Any) -> None:
    import dataclasses

    from starlette.testclient import TestClient

    from casestore.db import make_engine
    from werkpad.web.app import maak_app

    kapot = dataclasses.replace(rt, engine=make_engine(f"sqlite:///{tmp_path / 'leeg.db'}"))  # no tables at all
    with TestClient(maak_app(rt.settings, runtime=kapot), base_url="http://127.0.0.1",
                    raise_server_exceptions=False) as c:
        r = c.get("/inloggen")
        r = c.post("/inloggen", data={"csrf": csrf(r.text), "email": WERKCOACH})
    assert r.status_code == 500 and "Storing" in r.text and 'lang="nl"' in r.text
    assert "Traceback" not in r.text and "sqlite" not in r.text.lower() and "no such table" not in r.text
    assert r.headers["cache-control"] == "no-store" and r.headers["x-frame-options"] == "DENY"


def test_an_oversized_or_odd_form_is_refused_plainly(rt: Any, web: Any) -> None:
    aangemeld(rt)
    taak = taken(rt)["Uitkomst brede intake vastleggen"]
    log_in(web, rt, WERKCOACH)
    link = taaklink_voor(rt, taak.id, WERKCOACH)
    token = csrf(web.get(link).text)
    r = web.post(link, content="&".join(f"v{i}=1" for i in range(300)),
                 headers={"content-type": "application/x-www-form-urlencoded"})
    assert r.status_code == 413 and "Te veel invoer" in r.text
    r = web.post(link, data={"csrf": token, "keuze": "7", "advies": "positief"})
    assert r.status_code == 422 and "Kies een van de formulieren" in r.text
    r = web.post(link, data={"csrf": token, "keuze": "0", "advies": "positief\x00", "route": "traject"})
    assert r.status_code == 422 and "Traceback" not in r.text
    assert taken(rt)["Uitkomst brede intake vastleggen"].status == "open"


def test_three_wrong_codes_void_the_code(rt: Any, web: Any) -> None:
    aangemeld(rt)
    taak = taken(rt)["Brede intake voeren (gemeente)"]
    link = taaklink_voor(rt, taak.id, CONSULENT)
    r = web.post(link.replace("?", "/code?"), data={"csrf": csrf(web.get(link).text)})
    code = [m for m in mails(rt) if m["To"] == CONSULENT][-1]["Subject"].rsplit(" ", 1)[1]
    fout_code = "000000" if code != "000000" else "111111"
    for _ in range(3):
        r = web.post(link.replace("?", "/code/invoeren?"), data={"csrf": csrf(r.text), "code": fout_code})
        assert r.status_code == 422
    r = web.post(link.replace("?", "/code/invoeren?"), data={"csrf": csrf(r.text), "code": code})
    assert r.status_code == 422 and "vraag een nieuwe aan" in r.text  # the right code no longer works
    assert web.get("/werkvoorraad", follow_redirects=False).status_code == 303  # not logged in
