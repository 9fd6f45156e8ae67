"""werkpad web in a real browser (Debian's Chromium, driven by Playwright), served by uvicorn on loopback with the
steps run in process against the Prefect test server: what staff do, from the mails alone.

- the werkcoach opens the link from the real invitation mail in the catcher, logs in by the mailed link, sends the
  brede-intake form with an impossible date (refused on the form, nothing written), then right; the next task
  appears in Mijn werkvoorraad; from there the traject page sets a fase and records the uitstroom;
- the teamleider approves a colleague's maatregel proposal and cannot approve their own;
- a link forwarded to someone else is refused;
- the keyboard alone records a step; axe-core finds no serious violation on any page seen.
Screenshots land in the artifacts folder (tests/browser/conftest.py); the README's come from here."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from sqlmodel import Session, select

from casestore.models import Maatregel, Taak, Traject
from tests.browser.conftest import Toetsenbord, axe_controle, bewaar_screenshot
from tests.conftest import AppServer, at
from tests.web.conftest import WERKCOACH, aangemeld, link_uit, lokaal, mails, tekst
from tests.web.test_web_stappen import TL, _tot_voorstel


@pytest.fixture()
def site(rt: Any, prefect: None) -> Iterator[AppServer]:
    from werkpad.web.app import maak_app

    settings = rt.settings.model_copy(update={"stappen_in_proces": True})
    s = AppServer(maak_app(settings, runtime=rt)).start()
    yield s
    s.stop()


def inloggen(page: Any, site: AppServer, rt: Any, email: str) -> None:
    """As a person does it: the address, the mail in the catcher, the button."""
    page.get_by_label("Uw e-mailadres").fill(email)
    voor = len(mails(rt))
    page.get_by_role("button", name="Stuur mij een inloglink").click()
    page.get_by_text("Kijk in uw mail").wait_for()
    mail = [m for m in mails(rt)[voor:] if m["To"] == email][-1]
    page.goto(site.url + lokaal(link_uit(tekst(mail), "/inloggen/link")))
    page.get_by_role("button", name="Inloggen").click()
    page.get_by_role("button", name=re.compile("^Uitloggen")).wait_for()  # logged in (the header says so)


def taakmail_link(rt: Any, aan: str, pad: str = "/taak/") -> str:
    for m in reversed(mails(rt)):
        if m["To"] == aan and pad in tekst(m):
            return lokaal(link_uit(tekst(m), pad))
    raise AssertionError(f"geen mail met een taaklink aan {aan}")


def kies(page: Any, naam: str, waarde: str) -> None:
    """A choice as the form renders it: a list (select) or radio buttons."""
    veld = page.locator(f'[name="{naam}"]')
    if veld.first.evaluate("e => e.tagName") == "SELECT":
        veld.select_option(waarde)
    else:
        page.locator(f'[name="{naam}"][value="{waarde}"]').check()


def test_the_werkcoach_walks_a_deelnemer_from_the_mail_to_uitstroom(rt: Any, sim: Any, site: AppServer,
                                                                     page: Any) -> None:
    from tasks.dispatch import dispatch
    from tasks.uitkering import verwerk_uitkeringsbesluit

    ref = aangemeld(rt)
    dispatch(rt, nu=at("2026-11-23T09:00"))  # the invitation goes out, with its task link
    page.goto(site.url + taakmail_link(rt, WERKCOACH))
    assert "Log in om deze taak te openen" in page.content()
    axe_controle(page)
    inloggen(page, site, rt, WERKCOACH)  # and back to the task
    page.get_by_role("heading", name="Uitkomst brede intake vastleggen", level=1).wait_for()
    assert "Test Persoon" in page.content() and "999990019" not in page.content()
    axe_controle(page)
    bewaar_screenshot(page, "taakpagina")

    # an impossible date in the plan: the Dutch reason on the form, nothing written
    page.get_by_label("positief", exact=True).check()
    page.get_by_label("traject", exact=True).check()
    page.locator("textarea").first.fill("Trajectplan opstellen;werkcoach;2027-02-30")
    page.get_by_role("button", name="Vastleggen").click()
    page.get_by_text("Het formulier is niet verstuurd").wait_for()
    assert "2027-02-30" in page.content()
    axe_controle(page)
    bewaar_screenshot(page, "geweigerd-formulier")
    with Session(rt.engine) as s:
        assert s.exec(select(Taak).where(Taak.titel == "Uitkomst brede intake vastleggen")).one().status == "open"

    page.locator("textarea").first.fill("Trajectplan opstellen;werkcoach;2027-01-29")
    page.get_by_role("button", name="Vastleggen").click()
    page.get_by_role("heading", name="Vastgelegd", level=1).wait_for()
    page.locator("#inhoud").get_by_role("link", name="Mijn werkvoorraad").click()
    page.get_by_role("link", name="Trajectplan opstellen").wait_for()
    axe_controle(page)
    bewaar_screenshot(page, "mijn-werkvoorraad")

    # the gemeente grants the uitkering; the traject runs; the werkcoach sets a fase and records the uitstroom
    sim.drive(f"/_sim/uitkeringen/{ref}", {"status": "toegekend"})
    verwerk_uitkeringsbesluit(rt, referentie=ref, status="toegekend", nu=at("2026-11-30T09:00"))
    page.reload()
    page.get_by_role("link", name=ref).first.click()
    page.get_by_role("heading", name=f"Traject {ref}", level=1).wait_for()
    axe_controle(page)
    bewaar_screenshot(page, "trajectpagina")
    page.get_by_role("link", name=re.compile("^Zet het traject in een")).click()
    kies(page, "fase", "werk-vinden")
    page.locator('[name="reden"]').fill("Klaar om te solliciteren")
    page.get_by_role("button", name="Vastleggen").click()
    page.get_by_role("heading", name="Vastgelegd", level=1).wait_for()
    page.get_by_role("link", name=f"Terug naar traject {ref}").click()
    page.get_by_role("link", name=re.compile("^Leg de uitstroom vast")).click()
    kies(page, "uitkomst", "werkaanvaarding")
    page.locator('[name="reden"]').fill("Vast contract in de zorg")
    page.get_by_role("button", name="Vastleggen").click()
    page.get_by_role("heading", name="Vastgelegd", level=1).wait_for()
    with Session(rt.engine) as s:
        t = s.exec(select(Traject).where(Traject.referentie == ref)).one()
    assert t.status == "afgesloten"


def test_the_teamleider_approves_a_colleagues_proposal_not_their_own(rt: Any, sim: Any, site: AppServer,
                                                                    page: Any) -> None:
    from casestore import repo
    from notifications import taaklink

    anders = _tot_voorstel(rt, sim, "999990020", WERKCOACH)
    eigen = _tot_voorstel(rt, sim, "999990032", TL)
    with Session(rt.engine) as s:
        ids = {ref: repo.get_traject(s, referentie=ref).id for ref in (anders, eigen)}
        typen = {ref: s.exec(select(Maatregel.type).where(Maatregel.traject_id == ids[ref])).one()
                 for ref in (anders, eigen)}

    def link(ref: str) -> str:
        with Session(rt.engine) as s:
            k = s.exec(select(Taak).where(Taak.traject_id == ids[ref], Taak.status == "open",
                                          Taak.eigenaar_email == TL)).first()
        assert k is not None and k.id is not None
        return lokaal(taaklink.url("http://x", rt.settings.web_geheim(), taak_id=k.id, email=TL))

    page.goto(site.url + link(eigen))
    inloggen(page, site, rt, TL)
    kies(page, "type", typen[eigen])
    page.get_by_role("button", name="Goedkeuren").click()
    page.get_by_text("Niet vastgelegd").wait_for()
    axe_controle(page)
    page.goto(site.url + link(anders))
    kies(page, "type", typen[anders])
    page.get_by_role("button", name="Goedkeuren").click()
    page.get_by_role("heading", name="Vastgelegd", level=1).wait_for()
    with Session(rt.engine) as s:
        door = {ref: s.exec(select(Maatregel.goedgekeurd_door).where(Maatregel.traject_id == ids[ref])).one()
                for ref in (anders, eigen)}
    assert door == {anders: TL, eigen: None}


def test_a_forwarded_link_is_refused_and_the_keyboard_alone_records_a_step(
        rt: Any, site: AppServer, page: Any, toetsenbord: Toetsenbord) -> None:
    from tasks.dispatch import dispatch

    aangemeld(rt)
    dispatch(rt, nu=at("2026-11-23T09:00"))
    link = taakmail_link(rt, WERKCOACH)
    page.goto(site.url + link)
    inloggen(page, site, rt, TL)  # the teamleider holds the werkcoach's link: forwarded
    page.get_by_role("heading", name="Niet uw taak").or_(page.get_by_text("werkt alleen voor de geadresseerde")) \
        .first.wait_for()
    assert "Test Persoon" not in page.content()
    axe_controle(page)
    bewaar_screenshot(page, "doorgestuurde-link")

    page.context.clear_cookies()
    page.goto(site.url + "/inloggen")
    toetsenbord.tab_naar(page.get_by_label("Uw e-mailadres"))
    page.keyboard.type(WERKCOACH)
    toetsenbord.tab_naar(page.get_by_role("button", name="Stuur mij een inloglink"))
    voor = len(mails(rt))
    toetsenbord.enter()
    page.get_by_text("Kijk in uw mail").wait_for()
    mail = [m for m in mails(rt)[voor:] if m["To"] == WERKCOACH][-1]
    page.goto(site.url + lokaal(link_uit(tekst(mail), "/inloggen/link")))
    toetsenbord.tab_naar(page.get_by_role("button", name="Inloggen"))
    toetsenbord.enter()
    page.get_by_role("button", name=re.compile("^Uitloggen")).wait_for()  # logged in (the header says so)
    page.goto(site.url + link)
    toetsenbord.tab_naar(page.get_by_label("positief", exact=True))
    page.keyboard.press("Space")
    toetsenbord.tab_naar(page.get_by_label("traject", exact=True))
    page.keyboard.press("Space")
    toetsenbord.tab_naar(page.locator("textarea").first)
    page.keyboard.type("Trajectplan opstellen;werkcoach;2027-01-29")
    toetsenbord.tab_naar(page.get_by_role("button", name="Vastleggen"))
    toetsenbord.enter()
    page.get_by_role("heading", name="Vastgelegd", level=1).wait_for()
