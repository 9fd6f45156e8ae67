"""werkpad web in process: Starlette's TestClient against a real SQLite case store, the real mail catcher for the
magic link and the code."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from html import unescape
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from starlette.testclient import TestClient

from tests.conftest import at

WERKCOACH = "wc.velsen@ijw.example"


def csrf(html: str) -> str:
    m = re.search(r'name="csrf" value="([^"]+)"', html)
    assert m, html[:2000]
    return m.group(1)


def mails(rt: Any) -> list[Any]:
    from notifications.mailcatcher import read_folder

    return read_folder(Path(rt.settings.data_dir) / "mail")


def tekst(msg: Any) -> str:
    for part in msg.walk():
        if part.get_content_type() == "text/plain":
            return str(part.get_content())
    return ""


def link_uit(body: str, pad: str) -> str:
    m = re.search(rf"http://[^\s]+{re.escape(pad)}[^\s]*", body)
    assert m, body
    return m.group(0)


def lokaal(url: str) -> str:
    d = urlsplit(url)
    return d.path + (f"?{d.query}" if d.query else "")


def token(url: str) -> str:
    return parse_qs(urlsplit(url).query)["t"][0]


@pytest.fixture()
def web(rt: Any, tmp_path: Path) -> Iterator[TestClient]:
    from werkpad.web.app import maak_app

    app = maak_app(rt.settings, runtime=rt)
    with TestClient(app, base_url="http://127.0.0.1", raise_server_exceptions=False) as c:
        yield c


def nieuw_client(rt: Any) -> TestClient:
    from werkpad.web.app import maak_app

    return TestClient(maak_app(rt.settings, runtime=rt), base_url="http://127.0.0.1", raise_server_exceptions=False)


def log_in(c: TestClient, rt: Any, email: str) -> None:
    """The magic link, as a person does it: ask, open the mail, press the button."""
    r = c.get("/inloggen")
    voor = len(mails(rt))
    r = c.post("/inloggen", data={"csrf": csrf(r.text), "email": email})
    assert r.status_code == 200 and "Kijk in uw mail" in r.text
    nieuw = [m for m in mails(rt)[voor:] if m["To"] == email]
    assert nieuw, f"geen inlogmail voor {email}"
    url = link_uit(tekst(nieuw[-1]), "/inloggen/link")
    r = c.get(lokaal(url))
    assert r.status_code == 200, r.text
    r = c.post("/inloggen/link", data={"csrf": csrf(r.text), "token": token(url)}, follow_redirects=False)
    assert r.status_code == 303, r.text


def aangemeld(rt: Any, bsn: str = "999990019", nu: str = "2026-11-23T09:00") -> str:
    from tasks.aanmelding import plan_intake, registreer

    t0 = at(nu)
    ref = registreer(rt, bsn=bsn, naam="Test Persoon", geboortedatum=date(1980, 1, 1), gemeente="velsen",
                     werkcoach=WERKCOACH, nu=t0, actor="test")
    plan_intake(rt, referentie=ref, nu=t0)
    return str(ref)


def taaklink_voor(rt: Any, taak_id: int, email: str) -> str:
    from notifications import taaklink

    return lokaal(taaklink.url("http://x", rt.settings.web_geheim(), taak_id=taak_id, email=email))


def html_tekst(html: str) -> str:
    return unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)))


def gestart(rt: Any, sim: Any, bsn: str = "999990019", werkcoach: str = WERKCOACH,
            naam: str = "Traject Persoon") -> str:
    """A traject whose uitkering was granted: it runs, in no fase yet (walked in the past)."""
    from domain.traject import Actie, Advies, BredeIntakeUitkomst, Eigenaar, Route
    from tasks.aanmelding import plan_intake, registreer
    from tasks.brede_intake import leg_uitkomst_vast
    from tasks.dispatch import dispatch
    from tasks.uitkering import verwerk_uitkeringsbesluit

    t0 = at("2026-09-01T09:00")
    ref = registreer(rt, bsn=bsn, naam=naam, geboortedatum=date(1984, 5, 17), gemeente="velsen",
                     werkcoach=werkcoach, nu=t0, actor="test")
    plan_intake(rt, referentie=ref, nu=t0)
    dispatch(rt, nu=t0)
    leg_uitkomst_vast(rt, referentie=ref, nu=at("2026-09-10T10:00"), actor="test",
                      uitkomst=BredeIntakeUitkomst(advies=Advies.positief, route=Route.traject, plan_van_aanpak=[
                          Actie(omschrijving="Trajectplan opstellen", eigenaar=Eigenaar.werkcoach,
                                deadline=date(2027, 1, 29))]))
    dispatch(rt, nu=at("2026-09-10T10:00"))
    sim.drive(f"/_sim/uitkeringen/{ref}", {"status": "toegekend"})
    verwerk_uitkeringsbesluit(rt, referentie=ref, status="toegekend", nu=at("2026-09-15T09:00"))
    dispatch(rt, nu=at("2026-09-15T09:00"))
    return str(ref)
