"""werkpad web starts the step the task needs, in process (`stappen_in_proces`, the Prefect test server): the
werkcoach records the brede-intake outcome from the task's link, the next task appears in Mijn werkvoorraad, the
used link and a resubmit start nothing; the teamleider approves someone else's maatregel proposal and not their
own (vier ogen compares the logged-in person, never a typed address)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from typing import Any

import pytest
from sqlmodel import Session, select
from starlette.testclient import TestClient

from casestore.models import Maatregel, StapUitvoering, Taak
from tests.conftest import at
from tests.web.conftest import WERKCOACH, aangemeld, csrf, gestart, html_tekst, log_in, taaklink_voor

TL = "teamleider.velsen@ijmondwerkt.example"


@pytest.fixture()
def web_stap(rt: Any, prefect: None) -> Iterator[TestClient]:
    from werkpad.web.app import maak_app

    settings = rt.settings.model_copy(update={"stappen_in_proces": True})
    with TestClient(maak_app(settings, runtime=rt), base_url="http://127.0.0.1", raise_server_exceptions=False) as c:
        yield c


def taak(rt: Any, titel: str, referentie_id: int | None = None) -> Taak:
    with Session(rt.engine) as s:
        q = select(Taak).where(Taak.titel == titel)
        if referentie_id is not None:
            q = q.where(Taak.traject_id == referentie_id)
        return s.exec(q.order_by(Taak.id)).first()  # type: ignore[arg-type, return-value]


def test_the_werkcoach_records_the_outcome_once_and_sees_the_next_task(rt: Any, web_stap: TestClient) -> None:
    aangemeld(rt)
    uitkomst = taak(rt, "Uitkomst brede intake vastleggen")
    log_in(web_stap, rt, WERKCOACH)
    link = taaklink_voor(rt, uitkomst.id, WERKCOACH)
    r = web_stap.get(link)
    form = {"csrf": csrf(r.text), "keuze": "0", "advies": "positief", "route": "traject",
            "plan_van_aanpak": "Trajectplan opstellen;werkcoach;2027-01-29\r\n"}
    # a refusal of the step's own guard is shown on the form, nothing written (the route does not fit advies)
    r = web_stap.post(link, data={**form, "advies": "negatief"})
    assert r.status_code == 422 and "Niet vastgelegd" in r.text and "Er is niets veranderd" in r.text
    assert taak(rt, "Uitkomst brede intake vastleggen").status == "open"

    r = web_stap.post(link, data=form)
    assert r.status_code == 200, html_tekst(r.text)[:2000]
    assert "Vastgelegd" in r.text and "IJW-2026-000001" in r.text
    assert taak(rt, "Uitkomst brede intake vastleggen").status == "afgerond"
    with Session(rt.engine) as s:
        runs = [u for u in s.exec(select(StapUitvoering)) if u.stap.startswith("brede-intake")]
    assert len(runs) == 1 and runs[0].sleutel.startswith("werkpad-web:")

    # the same form again (a double click, the back button): the link is used up, no second run
    r = web_stap.post(link, data=form)
    assert r.status_code == 410 and "al vastgelegd" in r.text
    assert web_stap.get(link).status_code == 410
    with Session(rt.engine) as s:
        assert len([u for u in s.exec(select(StapUitvoering)) if u.stap.startswith("brede-intake")]) == 1

    # the plan's action is the werkcoach's next task, with its own link
    r = web_stap.get("/werkvoorraad")
    assert "Trajectplan opstellen" in r.text and "/taak/" in r.text


def test_the_same_key_twice_starts_one_run(rt: Any, prefect: None) -> None:
    """The web door's idempotency key: the task link's nonce and the form's values; a second start with it does
    nothing and reports the first outcome."""
    from domain.brede_intake_stappen import UITKOMST
    from werkpad.web import uitvoeren

    ref = aangemeld(rt)
    invoer = UITKOMST.invoer.model_validate({"referentie": ref, "advies": "positief", "route": "traject",
                                             "plan_van_aanpak": ["Bellen;werkcoach;2027-01-29"], "door": WERKCOACH})
    eerste = uitvoeren.start(UITKOMST, invoer, "nonce-1", in_proces=True)
    tweede = uitvoeren.start(UITKOMST, invoer, "nonce-1", in_proces=True)
    assert not eerste.geweigerd and tweede.gegevens.get("herhaald") is True
    with Session(rt.engine) as s:
        assert len([u for u in s.exec(select(StapUitvoering)) if u.stap.startswith("brede-intake")]) == 1


def _tot_voorstel(rt: Any, sim: Any, bsn: str, voorsteller: str) -> str:
    """A traject with a maatregel proposal waiting for vier ogen, walked in the past (the web step runs now)."""
    from tasks.dispatch import dispatch
    from tasks.maatregel import leg_adres_vast, leg_toelichting_vast, meld_verzuim, nodig_uit, stel_voor

    ref = gestart(rt, sim, bsn, naam="Vier Ogen")
    leg_adres_vast(rt, referentie=ref, adres="Kennemerlaan 17", postcode="1972EB", woonplaats="IJmuiden",
                   nu=at("2026-09-15T10:00"), actor="test")
    meld_verzuim(rt, referentie=ref, gedraging="afspraak_niet_nagekomen", verzuim_op=date(2026, 10, 2),
                 feiten="Niet verschenen op de training; niet afgemeld", nu=at("2026-10-05T09:00"), actor=WERKCOACH)
    nodig_uit(rt, referentie=ref, gesprek_op=datetime.fromisoformat("2026-10-12T10:00"), locatie="Kantoor IJmuiden",
              nu=at("2026-10-06T10:00"), actor=WERKCOACH)
    leg_toelichting_vast(rt, referentie=ref, toelichting="Ik was ziek maar heb niet gebeld",
                         nu=at("2026-10-12T11:00"), actor=WERKCOACH)
    stel_voor(rt, referentie=ref, verwijtbaar=True, nu=at("2026-10-20T09:00"), actor=voorsteller)
    dispatch(rt, nu=at("2026-10-20T09:00"))
    return str(ref)


def test_vier_ogen_the_teamleider_approves_another_s_proposal_not_their_own(rt: Any, sim: Any,
                                                                             web_stap: TestClient) -> None:
    from casestore import repo

    anders = _tot_voorstel(rt, sim, "999990020", WERKCOACH)
    eigen = _tot_voorstel(rt, sim, "999990032", TL)
    with Session(rt.engine) as s:
        ids = {ref: repo.get_traject(s, referentie=ref).id for ref in (anders, eigen)}
        typen = {ref: s.exec(select(Maatregel.type).where(Maatregel.traject_id == ids[ref])).one()
                 for ref in (anders, eigen)}
    log_in(web_stap, rt, TL)

    def vier_ogen(ref: str) -> tuple[Taak, str]:
        with Session(rt.engine) as s:
            k = s.exec(select(Taak).where(Taak.traject_id == ids[ref], Taak.status == "open",
                                          Taak.eigenaar_email == TL)).first()
        assert k is not None
        return k, taaklink_voor(rt, k.id, TL)

    k, link = vier_ogen(eigen)
    r = web_stap.get(link)
    assert r.status_code == 200 and 'name="door"' not in r.text  # who approves is the login, never typed
    assert "Goedkeuren" in html_tekst(r.text) or "goedkeuren" in html_tekst(r.text)
    r = web_stap.post(link, data={"csrf": csrf(r.text), "keuze": "0", "type": typen[eigen], "door": "iemand@anders.nl"})
    assert r.status_code == 422 and "Niet vastgelegd" in r.text, html_tekst(r.text)[:1500]
    assert "voorstel" in html_tekst(r.text).lower()
    with Session(rt.engine) as s:
        assert s.get(Taak, k.id).status == "open"  # type: ignore[union-attr]
        assert s.exec(select(Maatregel.goedgekeurd_door).where(Maatregel.traject_id == ids[eigen])).one() is None

    k, link = vier_ogen(anders)
    r = web_stap.get(link)
    r = web_stap.post(link, data={"csrf": csrf(r.text), "keuze": "0", "type": typen[anders]})
    assert r.status_code == 200 and "Vastgelegd" in r.text, html_tekst(r.text)[:1500]
    with Session(rt.engine) as s:
        assert s.exec(select(Maatregel.goedgekeurd_door).where(Maatregel.traject_id == ids[anders])).one() == TL
