"""The harness itself, against a tiny Dutch site served by a real server on loopback (Starlette in uvicorn):
a good page passes axe-core, a bad one is reported with its violations, a screenshot lands in the artifacts
folder, the keyboard alone reaches the button and submits, and an invisible focus is caught."""

from __future__ import annotations

import asyncio
import html
from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qs

import pytest

from tests.browser.conftest import SCREENSHOTS, Toetsenbord, axe_bevindingen, axe_controle, bewaar_screenshot
from tests.conftest import AppServer

STIJL = """body { font-family: sans-serif; color: #1a1a1a; background: #fff; max-width: 40rem; margin: 2rem auto; }
a { color: #0b4f9c; } button { font: inherit; padding: .4rem 1rem; }
:focus-visible { outline: 3px solid #0b4f9c; outline-offset: 2px; }"""


def pagina(titel: str, inhoud: str, stijl: str = STIJL) -> str:
    return (f'<!doctype html><html lang="nl"><head><meta charset="utf-8"><title>{titel}</title>'
            f"<style>{stijl}</style></head><body><main><h1>{titel}</h1>{inhoud}</main></body></html>")


FORMULIER = pagina("Aanmelden voor de informatiebijeenkomst", """
<p>Vul uw naam in. <a href="/uitleg">Waarom vragen we dit?</a></p>
<form method="post" action="/verstuur">
  <label for="naam">Naam</label> <input id="naam" name="naam" autocomplete="name" required>
  <button type="submit">Versturen</button>
</form>""")

SLECHT = pagina("Slechte pagina", """
<img src="/logo.png">
<input name="zoek">
<p style="color:#c8c8c8">Deze tekst is nauwelijks te lezen.</p>""")

ONZICHTBARE_FOCUS = pagina("Zonder focusrand", '<button type="button">Doorgaan</button>',
                           STIJL + " *:focus, *:focus-visible { outline: none; box-shadow: none; }")


def maak_app() -> Any:
    from starlette.applications import Starlette
    from starlette.requests import Request
    from starlette.responses import HTMLResponse
    from starlette.routing import Route

    async def verstuur(request: Request) -> HTMLResponse:
        naam = parse_qs((await request.body()).decode()).get("naam", [""])[0]
        return HTMLResponse(pagina("Aanmelding ontvangen", f"<p>Dank u, {html.escape(naam)}.</p>"))

    def vast(tekst: str) -> Any:
        async def route(request: Request) -> HTMLResponse:
            return HTMLResponse(tekst)
        return route

    return Starlette(routes=[Route("/", vast(FORMULIER)), Route("/slecht", vast(SLECHT)),
                             Route("/focus", vast(ONZICHTBARE_FOCUS)),
                             Route("/uitleg", vast(pagina("Uitleg", "<p>Voor de presentielijst.</p>"))),
                             Route("/verstuur", verstuur, methods=["POST"])])


@pytest.fixture(scope="module")
def site() -> Iterator[AppServer]:
    s = AppServer(maak_app()).start()
    yield s
    s.stop()


def test_goede_pagina_doorstaat_axe(page: Any, site: AppServer) -> None:
    page.goto(site.url + "/")
    assert axe_controle(page) == []  # not even a mild finding on this page


def test_slechte_pagina_wordt_gemeld_met_haar_bevindingen(page: Any, site: AppServer) -> None:
    page.goto(site.url + "/slecht")
    regels = {v["id"]: v["impact"] for v in axe_bevindingen(page)}
    assert regels["image-alt"] == "critical" and regels["label"] == "critical"
    assert regels["color-contrast"] == "serious"
    with pytest.raises(AssertionError) as fout:
        axe_controle(page)
    melding = str(fout.value)
    assert "3 ernstige bevinding(en)" in melding
    for regel, element in (("image-alt (critical)", "<img"), ("label (critical)", "<input"),
                           ("color-contrast (serious)", "<p")):
        assert regel in melding and element in melding, melding


def test_screenshot_in_de_artefactenmap(page: Any, site: AppServer) -> None:
    page.goto(site.url + "/")
    pad = bewaar_screenshot(page, "harnas/formulier leeg")
    assert pad.parent == SCREENSHOTS and pad.name == "harnas_formulier_leeg.png"
    assert pad.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and pad.stat().st_size > 1000


def test_alleen_toetsenbord_vult_in_en_verstuurt(page: Any, site: AppServer, toetsenbord: Toetsenbord) -> None:
    page.goto(site.url + "/")
    toetsenbord.tab_naar(page.get_by_label("Naam"))
    page.keyboard.type("Fatima el Amrani")
    toetsenbord.tab_naar(page.get_by_role("button", name="Versturen"))
    assert len(toetsenbord.stops) == 3, toetsenbord.stops  # the link, the field, the button: in reading order
    toetsenbord.enter()
    page.wait_for_url(site.url + "/verstuur")
    assert page.get_by_role("heading", level=1).inner_text() == "Aanmelding ontvangen"
    assert "Dank u, Fatima el Amrani." in page.inner_text("main")
    axe_controle(page)


def test_de_code_van_een_test_ziet_geen_lopende_event_loop(page: Any, site: AppServer) -> None:
    """Between Playwright's calls a test may run Prefect's sync API and asyncio.run (the browser lives on)."""
    page.goto(site.url + "/")
    with pytest.raises(RuntimeError):
        asyncio.get_running_loop()  # what Prefect asks to choose between its sync and async faces
    assert asyncio.run(_twee()) == 2
    assert page.get_by_role("button", name="Versturen").is_visible()  # and Playwright goes on working


async def _twee() -> int:
    await asyncio.sleep(0)
    return 2


def test_onzichtbare_focus_wordt_gemeld(page: Any, site: AppServer, toetsenbord: Toetsenbord) -> None:
    page.goto(site.url + "/focus")
    with pytest.raises(AssertionError, match="focus is niet zichtbaar op button «Doorgaan»"):
        toetsenbord.tab_naar(page.get_by_role("button", name="Doorgaan"))
