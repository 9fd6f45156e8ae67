"""The browser-test harness: Debian's Chromium (/usr/bin/chromium, installed by .ci/run) driven by Playwright.

Playwright's own browser download is not reachable here, so the browser is always the system one
(`executable_path`); never `playwright install`. One headless browser per session (per xdist worker), a fresh
context (cookies, storage) and `page` per test. Helpers for tests (import them from here):

- `bewaar_screenshot(page, naam)`: a PNG in the artifacts folder ($WERKPAD_TEST_ARTIFACTS, else
  tests/artifacts/screenshots/, git-ignored); a failing browser test leaves one by itself (FOUT-<test>.png).
- `axe_controle(page)`: axe-core (bundled by axe-playwright-python) with the WCAG 2.1 A/AA rules; fails on
  every violation of impact serious or critical, listed readably. `axe_bevindingen(page)` returns them all.
- `Toetsenbord(page)`: the keyboard-only path: `tab_naar(locator)` presses Tab until that element has the
  focus, and checks that the focus is visible; then `enter()`.
"""

from __future__ import annotations

import asyncio
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path(os.environ.get("WERKPAD_CHROMIUM", "/usr/bin/chromium"))
# CI or a developer may point it elsewhere; by default beside the tests, git-ignored (.gitignore: tests/artifacts/).
SCREENSHOTS = Path(os.environ.get("WERKPAD_TEST_ARTIFACTS")
                   or Path(__file__).resolve().parents[1] / "artifacts" / "screenshots")
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
ERNSTIG = ("serious", "critical")


def _lus_alleen_tijdens_playwright() -> None:
    """Playwright's sync API leaves its event loop marked as *running* in the calling thread between calls
    (playwright/_impl/_greenlets.py, wait_for_future). With the session's browser alive, every later test on
    that xdist worker then looked like async code to Prefect (`asyncio.get_running_loop()`): its sync calls
    returned coroutines (`flow.to_deployment`, `state.result()`). So the loop is marked running only during a
    Playwright call, and the test's own code (and Prefect in it) sees no running loop, as without a browser."""
    from playwright._impl import _sync_base

    origineel = _sync_base.SyncBase._sync
    if getattr(origineel, "werkpad", False):
        return

    def _sync(self: Any, awaitable: Any) -> Any:
        vorige = asyncio._get_running_loop()  # None in a test; the loop itself inside a Playwright callback
        asyncio._set_running_loop(self._loop)
        try:
            return origineel(self, awaitable)
        finally:
            asyncio._set_running_loop(vorige)

    _sync.werkpad = True  # type: ignore[attr-defined]
    _sync_base.SyncBase._sync = _sync


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Headless system Chromium, once per session (per xdist worker)."""
    if not CHROMIUM.exists():
        reden = f"{CHROMIUM} ontbreekt: de browsertests hebben Debian's chromium nodig (apt-get install chromium)"
        if os.environ.get("CI"):
            pytest.fail(reden + "; .ci/run installeert hem")
        pytest.skip(reden)
    from playwright.sync_api import sync_playwright

    _lus_alleen_tijdens_playwright()
    pw = sync_playwright().start()
    lus = asyncio._get_running_loop()  # Playwright's own loop, left marked running by start()
    asyncio._set_running_loop(None)
    b = pw.chromium.launch(executable_path=str(CHROMIUM), headless=True)
    yield b
    b.close()
    asyncio._set_running_loop(lus)  # stop() resumes the loop where it was suspended
    try:
        pw.stop()
    finally:
        asyncio._set_running_loop(None)


@pytest.fixture()
def page(browser: Any, request: pytest.FixtureRequest) -> Iterator[Any]:
    """A new page in its own context (no cookies or storage from another test), Dutch, a laptop's size."""
    context = browser.new_context(locale="nl-NL", timezone_id="Europe/Amsterdam",
                                  viewport={"width": 1280, "height": 800})
    context.set_default_timeout(10_000)  # a real page answers within that on a busy 2-core machine
    p = context.new_page()
    yield p
    report = getattr(request.node, "_werkpad_call_report", None)
    if report is not None and report.failed:
        try:
            bewaar_screenshot(p, f"FOUT-{request.node.nodeid}")
        except Exception:  # a crashed page has no screenshot; the failure itself is the news
            pass
    context.close()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    outcome = yield
    if call.when == "call":
        item._werkpad_call_report = outcome.get_result()  # type: ignore[attr-defined]  # for `page`'s teardown


def bewaar_screenshot(page: Any, naam: str, *, hele_pagina: bool = True) -> Path:
    """The page as a PNG in the artifacts folder; returns its path. `naam` becomes a file name."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    bestand = SCREENSHOTS / (re.sub(r"[^A-Za-z0-9_.-]+", "_", naam).strip("_") + ".png")
    page.screenshot(path=str(bestand), full_page=hele_pagina)
    return bestand


def axe_bevindingen(page: Any) -> list[dict[str, Any]]:
    """Every axe-core violation of the WCAG 2.1 A and AA rules on the page as it is now."""
    from axe_playwright_python.sync_playwright import Axe

    resultaat = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_21_AA},
                                         "resultTypes": ["violations"]})
    return list(resultaat.response["violations"])


def axe_tekst(bevindingen: list[dict[str, Any]]) -> str:
    """Violations as lines a person reads: rule, impact, what it means, and the elements (at most 5 each)."""
    regels = []
    for v in bevindingen:
        regels.append(f"- {v['id']} ({v['impact']}): {v['help']} — {v['helpUrl']}")
        for node in v["nodes"][:5]:
            regels.append(f"    {' '.join(node['target'])}: {node['html'][:120]}")
        if len(v["nodes"]) > 5:
            regels.append(f"    … en nog {len(v['nodes']) - 5}")
    return "\n".join(regels)


def axe_controle(page: Any, *, ernst: tuple[str, ...] = ERNSTIG) -> list[dict[str, Any]]:
    """Fails (AssertionError) on a violation of impact serious or critical; returns the milder ones."""
    bevindingen = axe_bevindingen(page)
    ernstig = [v for v in bevindingen if v.get("impact") in ernst]
    if ernstig:
        raise AssertionError(f"axe-core (WCAG 2.1 AA) op {page.url}: {len(ernstig)} ernstige bevinding(en)\n"
                             + axe_tekst(ernstig))
    return [v for v in bevindingen if v not in ernstig]


class Toetsenbord:
    """Keyboard only: Tab to an element (its focus visible at every stop on the way), then Enter or Space."""

    def __init__(self, page: Any) -> None:
        self.page = page
        self.stops: list[str] = []  # what had the focus after each Tab, for the failure message

    def tab_naar(self, doel: Any, *, hoogstens: int = 40) -> None:
        """Press Tab until `doel` (a Locator) has the focus; every focused element must show it."""
        for _ in range(hoogstens):
            self.page.keyboard.press("Tab")
            self.stops.append(self._beschrijf())
            self.assert_focus_zichtbaar()
            if doel.evaluate("el => el === document.activeElement"):
                return
        raise AssertionError(f"{doel} kreeg geen focus na {hoogstens}× Tab; de focus ging langs: {self.stops}")

    def _beschrijf(self) -> str:
        return str(self.page.evaluate(
            "() => { const e = document.activeElement; if (!e) return '-';"
            " return e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') +"
            " (e.textContent ? ' «' + e.textContent.trim().slice(0, 30) + '»' : ''); }"))

    def assert_focus_zichtbaar(self) -> None:
        """The focused element matches :focus-visible and draws something for it (an outline or a shadow)."""
        zichtbaar = self.page.evaluate(
            "() => { const e = document.activeElement; if (!e || e === document.body) return true;"
            # a date input takes the focus in its shadow parts: the input itself then matches :focus only
            " const datum = /^(date|time|datetime-local|month|week)$/.test(e.type || '');"
            " if (!e.matches(':focus-visible') && !(datum && e.matches(':focus-within'))) return false;"
            " const s = getComputedStyle(e);"
            " const outline = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0;"
            " return outline || (s.boxShadow && s.boxShadow !== 'none'); }")
        assert zichtbaar, f"de focus is niet zichtbaar op {self._beschrijf()}"

    def enter(self) -> None:
        self.page.keyboard.press("Enter")

    def spatie(self) -> None:
        self.page.keyboard.press("Space")


@pytest.fixture()
def toetsenbord(page: Any) -> Toetsenbord:
    return Toetsenbord(page)
