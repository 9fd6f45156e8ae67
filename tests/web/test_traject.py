"""The traject page: the werkcoach takes the steps no task mail asks for (a fase, the uitstroom) from werkpad web,
with the step's own form and guard; a form sent twice is one run; another werkcoach's traject is closed to them."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from sqlmodel import Session, select
from starlette.testclient import TestClient

from casestore.models import StapUitvoering, Traject
from tests.web.conftest import WERKCOACH, csrf, gestart, html_tekst, log_in, nieuw_client

ANDERE_WERKCOACH = "wc2.velsen@ijw.example"


@pytest.fixture()
def web_stap(rt: Any, prefect: None) -> Iterator[TestClient]:
    from werkpad.web.app import maak_app

    settings = rt.settings.model_copy(update={"stappen_in_proces": True})
    with TestClient(maak_app(settings, runtime=rt), base_url="http://127.0.0.1", raise_server_exceptions=False) as c:
        yield c


def traject(rt: Any, ref: str) -> Traject:
    with Session(rt.engine) as s:
        return s.exec(select(Traject).where(Traject.referentie == ref)).one()


def runs(rt: Any, stap: str) -> int:
    with Session(rt.engine) as s:
        return len([u for u in s.exec(select(StapUitvoering)) if u.stap.startswith(stap)])


def test_the_werkcoach_sets_a_fase_and_records_the_uitstroom_from_the_traject_page(
        rt: Any, sim: Any, web_stap: TestClient) -> None:
    ref = gestart(rt, sim)
    log_in(web_stap, rt, WERKCOACH)
    r = web_stap.get(f"/traject/{ref}")
    assert r.status_code == 200 and "Traject Persoon" in r.text and "999990019" not in r.text
    assert f'href="/traject/{ref}/stap/traject/fase"' in r.text and "Trajectplan opstellen" in r.text

    pad = f"/traject/{ref}/stap/traject/fase"
    r = web_stap.get(pad)
    assert r.status_code == 200 and 'name="fase"' in r.text and 'name="door"' not in r.text  # who: the login
    sleutel = re.search(r'name="sleutel" value="([^"]+)"', r.text).group(1)  # type: ignore[union-attr]
    form = {"csrf": csrf(r.text), "sleutel": sleutel, "fase": "werk-vinden", "reden": "Klaar om te solliciteren"}

    # bad input: the Dutch reason beside the field, nothing started
    r = web_stap.post(pad, data={**form, "fase": "op-vakantie", "trede": "9"})
    assert r.status_code == 422 and "niet verstuurd" in r.text and runs(rt, "traject-fase") == 0
    assert "trede" in html_tekst(r.text).lower()

    r = web_stap.post(pad, data=form)
    assert r.status_code == 200 and "Vastgelegd" in r.text, html_tekst(r.text)[:1500]
    assert traject(rt, ref).fase == "werk-vinden" and runs(rt, "traject-fase") == 1
    r = web_stap.post(pad, data=form)  # the same form again (double click, back button): one run
    assert r.status_code == 200 and runs(rt, "traject-fase") == 1

    # a refusal of the step's guard is shown on the form (uitstroom needs its reason; here an unknown uitkomst
    # is caught by the model, a closed traject by the guard below)
    pad = f"/traject/{ref}/stap/traject/uitstroom"
    r = web_stap.get(pad)
    form = {"csrf": csrf(r.text), "sleutel": re.search(r'name="sleutel" value="([^"]+)"', r.text).group(1),  # type: ignore[union-attr]
            "uitkomst": "werkaanvaarding", "reden": "Vast contract in de zorg"}
    r = web_stap.post(pad, data=form)
    assert r.status_code == 200 and "Vastgelegd" in r.text, html_tekst(r.text)[:1500]
    assert traject(rt, ref).status == "afgesloten"
    r = web_stap.get(pad)
    form["csrf"], form["sleutel"] = csrf(r.text), "een-nieuwe-sleutel-1234"
    r = web_stap.post(pad, data=form)  # a second uitstroom: the step's own guard refuses it
    assert r.status_code == 422 and "Niet vastgelegd" in r.text and runs(rt, "traject-uitstroom") == 1
    assert "Vastleggen" not in web_stap.get(f"/traject/{ref}").text.split("Tijdlijn")[0].split("Open taken")[1]


def test_another_werkcoachs_traject_is_closed(rt: Any, sim: Any, web_stap: TestClient) -> None:
    ref = gestart(rt, sim)
    with nieuw_client(rt) as ander:
        log_in(ander, rt, WERKCOACH)  # known address, so the magic link goes out; then another person's traject
    ref2 = gestart(rt, sim, bsn="999990020", werkcoach=ANDERE_WERKCOACH)
    log_in(web_stap, rt, WERKCOACH)
    r = web_stap.get(f"/traject/{ref2}")
    assert r.status_code == 403 and "alleen zijn werkcoach" in r.text and "Traject Persoon" not in r.text
    r = web_stap.post(f"/traject/{ref2}/stap/traject/fase", data={"csrf": csrf(web_stap.get(f"/traject/{ref}").text),
                                                                  "fase": "werk-vinden", "reden": "x y z"})
    assert r.status_code == 403 and traject(rt, ref2).fase == "kennismaking"  # unchanged
    assert web_stap.get("/traject/IJW-2026-999999").status_code == 404
    assert web_stap.get("/traject/niet-een-nummer").status_code == 404
    assert web_stap.get(f"/traject/{ref}/stap/maatregel/goedkeuren").status_code == 404  # not offered here
    with nieuw_client(rt) as anoniem:
        r = anoniem.get(f"/traject/{ref}", follow_redirects=False)
        assert r.status_code == 303 and r.headers["location"] == "/inloggen"
