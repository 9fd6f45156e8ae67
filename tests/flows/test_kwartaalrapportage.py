"""kwartaalrapportage: on the first werkdag after a quarter, table artifacts and ONE HTML mail per
period (tables + fasen chart), through the outbox, never twice; other days nothing; a table that
does not add up stops everything.

Real parts: the aiosmtpd mailbox, the case store on SQLite and PostgreSQL, the Prefect test server.
The clock is moved (`nu`), never waited for.
"""

from __future__ import annotations

import io
import json
import re
import struct
import zlib
from email.message import EmailMessage
from typing import Any

import httpx
import pytest
from sqlmodel import select

from casestore import repo
from casestore.db import session
from casestore.models import Outbox
from domain.rapport import Controlefout
from notifications.mailcatcher import read_folder
from tests.conftest import at, wachtend_traject

ONTVANGERS = ["bestuur@ijmondwerkt.example", "management@ijmondwerkt.example"]
BSNS = ("999900201", "999900213")


@pytest.fixture()
def wereld(rt, monkeypatch) -> Any:  # type: ignore[no-untyped-def]
    """Two trajecten with events in 2026Q3 (intake afgerond, first fase), the management list set;
    the report counts them with the real seven tables."""
    from domain.rapport_instellingen import RapportageInstellingen

    rt.settings.rapportage = RapportageInstellingen(ontvangers=ONTVANGERS)
    refs = [wachtend_traject(rt, bsn, gemeente=g, nu="2026-08-03T09:00") for bsn, g in zip(BSNS, ("velsen", "beverwijk"),
                                                                                           strict=True)]
    with session(rt.engine) as s:
        for ref in refs:
            t = repo.get_traject(s, referentie=ref)
            repo.audit(s, traject=t, nu=at("2026-08-20T10:00"), actor="test", soort="fase", omschrijving="Fase",
                       data={"van": None, "naar": "kennismaking"}, gebeurtenis="traject.fase")
        s.commit()
    return refs


def mails(mailbox) -> list[EmailMessage]:  # type: ignore[no-untyped-def]
    return [m for m in read_folder(mailbox.folder) if m["X-Werkpad-Key"].startswith("kwartaal")]


def api() -> str:
    from prefect import get_client

    with get_client(sync_client=True) as c:
        return str(c.api_url).rstrip("/")


def artefacten(*keys: str) -> dict[str, dict[str, Any]]:
    arts = httpx.post(f"{api()}/artifacts/filter", json={"artifacts": {"key": {"any_": list(keys)}},
                                                         "sort": "CREATED_DESC"}).json()
    uit: dict[str, dict[str, Any]] = {}
    for a in arts:
        uit.setdefault(a["key"], a)
    return uit


def run_van(state: Any) -> Any:
    from prefect import get_client

    with get_client(sync_client=True) as c:
        return c.read_flow_run(state.state_details.flow_run_id)


def png_info(png: bytes) -> tuple[int, int]:
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    lengte, soort = struct.unpack(">I4s", png[8:16])
    assert soort == b"IHDR" and lengte == 13
    breedte, hoogte = struct.unpack(">II", png[16:24])
    assert zlib.crc32(png[12:29]) == struct.unpack(">I", png[29:33])[0]  # an intact header chunk
    return breedte, hoogte


@pytest.mark.postgresql  # also on PostgreSQL (tests/conftest.py)
def test_first_werkdag_sends_one_mail_with_tables_and_chart_and_never_twice(prefect, rt, mailbox, wereld) -> None:  # type: ignore[no-untyped-def]
    from flows.kwartaalrapportage import kwartaalrapportage

    state = kwartaalrapportage(nu=at("2026-10-01T07:00"), return_state=True)  # Thursday 1 October: first werkdag
    res = state.result()
    assert res["perioden"] == ["2026Q3"] and res["outbox"] == {"2026Q3": "nieuw"} and res["verzonden"]["verstuurd"] == 1
    run = run_van(state)
    assert run.name == "kwartaalrapportage · 2026Q3 · verstuurd"
    assert {"proces:kwartaalrapportage", "periode:2026Q3"} <= set(run.tags)

    [m] = mails(mailbox)
    assert m["Subject"] == "Kwartaalrapportage 2026Q3 (1 juli t/m 30 september 2026)"
    assert [a.strip() for a in m["To"].split(",")] == ONTVANGERS
    assert m["X-Werkpad-Key"] == "kwartaalrapportage:2026Q3"
    html = m.get_body(preferencelist=("html",)).get_content()  # type: ignore[union-attr]
    tekst = m.get_body(preferencelist=("plain",)).get_content()  # type: ignore[union-attr]
    with session(rt.engine) as s:
        tabellen = s.exec(select(Outbox).where(Outbox.idem_key == "kwartaalrapportage:2026Q3")).one().payload["tabellen"]
    assert {"intakes-maatregelen", "beschikkingen", "fasen"} <= {t["naam"] for t in tabellen}
    from html import unescape

    for t in tabellen:  # every table, with its title, columns, row labels and notes, in both bodies
        for verwacht in (t["titel"], *t["kolommen"], *(label for label, _ in t["rijen"]), *t["voetnoten"]):
            assert verwacht in unescape(html) and verwacht in tekst, verwacht
    for verwacht in ("Aantal afgeronde intakes", "Beverwijk", "Velsen", "Kennismaking", "Werk houden"):
        assert verwacht in html and verwacht in tekst, verwacht
    fasen = dict((label, w) for label, w in next(t for t in tabellen if t["naam"] == "fasen")["rijen"])
    assert fasen["Kennismaking"] == [0, 2, 0, 2] and fasen["Totaal"] == [0, 2, 0, 2]  # the real table, from events
    intakes = html.split("Aantal afgeronde intakes", 1)[1].split("</tr>", 1)[0]
    assert re.findall(r">([^<]*)</td>", intakes) == ["1", "1", "2"]  # Beverwijk, Velsen, Totaal

    # The chart: an inline PNG part whose Content-ID the HTML points at, drawn by matplotlib.
    [beeld] = [p for p in m.walk() if p.get_content_type() == "image/png"]
    cid = beeld["Content-ID"].strip("<>")
    assert f'src="cid:{cid}"' in html and beeld.get_content_disposition() == "inline"
    assert m.get_body(preferencelist=("related",)) is not None  # html + png in one multipart/related
    png = beeld.get_content()
    assert png_info(png) == (900, 480) and len(png) > 10_000
    from PIL import Image

    img = Image.open(io.BytesIO(png)).convert("RGB")
    kleuren = img.getcolors(maxcolors=100_000)
    assert kleuren is not None and len(kleuren) > 50  # bars, labels, anti-aliased text: not a blank canvas
    assert any(c == (0x00, 0x60, 0x9C) for _, c in kleuren)  # the Eind bars in the house blue

    # Aggregates only: no BSN, no name, no reference in the mail or in Prefect.
    ruw = m.as_bytes()
    for naald in (*BSNS, "Test Persoon", *wereld):
        assert naald.encode() not in ruw
    from tests.flows.test_slice import assert_no_personal_data_in_prefect

    assert_no_personal_data_in_prefect(list(BSNS))

    # The artifacts: one table per report table, keyed by period and table.
    keys = [f"kwartaal-2026q3-{t['naam']}" for t in tabellen]
    arts = artefacten(*keys)
    assert set(arts) == set(keys)
    for t in tabellen:
        a = arts[f"kwartaal-2026q3-{t['naam']}"]
        assert a["type"] == "table" and "Kwartaalrapportage 2026Q3 (1 juli t/m 30 september 2026)" in a["description"]
        assert t["titel"] in a["description"]
        rijen = json.loads(a["data"]) if isinstance(a["data"], str) else a["data"]
        assert [r[t["titel"]] for r in rijen] == [label for label, _ in t["rijen"]]
    intake = next(t for t in tabellen if t["naam"] == "intakes-maatregelen")
    rijen = json.loads(arts["kwartaal-2026q3-intakes-maatregelen"]["data"])
    assert rijen[0] == {intake["titel"]: "Aantal afgeronde intakes", "Beverwijk": 1, "Velsen": 1, "Totaal": 2}

    # The next scheduled run that day (11:00): sent already, so it ends at once and says so.
    state = kwartaalrapportage(nu=at("2026-10-01T11:00"), return_state=True)
    res = state.result()
    assert res["perioden"] == [] and "2026Q3 is al verstuurd" in res["reden"]
    assert run_van(state).name == "kwartaalrapportage · 2026-10-01 · niets te doen"
    assert len(mails(mailbox)) == 1
    # A second run while the first was still sending (it queued nothing new; the claim sends once).
    from tasks.kwartaalrapportage import maak_rapport, verstuur_rapporten, zet_in_outbox

    assert zet_in_outbox(rt, rapporten=maak_rapport(rt, perioden=["2026Q3"]), nu=at("2026-10-01T07:01")) == \
        {"2026Q3": "sent"}
    assert verstuur_rapporten(rt, perioden=["2026Q3"], nu=at("2026-10-01T07:01"))["verstuurd"] == 0
    assert len(mails(mailbox)) == 1
    # And on demand for the same period later: still the one mail (one key per period).
    state = kwartaalrapportage(periode="2026q3", nu=at("2026-11-24T10:00"), return_state=True)
    assert len(mails(mailbox)) == 1
    assert run_van(state).name == "kwartaalrapportage · 2026Q3 · op verzoek, al verstuurd"  # not "op verzoek" only


def test_after_q2_the_quarter_and_the_half_year(prefect, rt, mailbox, wereld) -> None:  # type: ignore[no-untyped-def]
    from flows.kwartaalrapportage import kwartaalrapportage

    res = kwartaalrapportage(nu=at("2026-07-01T07:00"))
    assert res["outbox"] == {"2026Q2": "nieuw", "2026H1": "nieuw"}
    assert sorted(m["X-Werkpad-Key"] for m in mails(mailbox)) == ["kwartaalrapportage:2026H1", "kwartaalrapportage:2026Q2"]
    assert set(artefacten("kwartaal-2026h1-fasen", "kwartaal-2026q2-fasen")) == {"kwartaal-2026h1-fasen",
                                                                                 "kwartaal-2026q2-fasen"}


@pytest.mark.parametrize("moment", ["2026-10-02T07:00", "2026-01-02T07:00", "2026-08-03T07:00"])
def test_other_days_do_nothing_and_say_so(prefect, rt, mailbox, wereld, moment: str) -> None:  # type: ignore[no-untyped-def]
    from flows.kwartaalrapportage import kwartaalrapportage

    state = kwartaalrapportage(nu=at(moment), return_state=True)
    res = state.result()
    assert res["perioden"] == [] and res["outbox"] == {}
    assert run_van(state).name == f"kwartaalrapportage · {moment[:10]} · niets te doen"
    assert mails(mailbox) == []
    with session(rt.engine) as s:
        assert s.exec(select(Outbox).where(Outbox.soort == "email", Outbox.traject_id == None)).all() == []  # noqa: E711


def test_a_controlefout_fails_the_run_and_sends_nothing(prefect, rt, mailbox, wereld, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from flows.kwartaalrapportage import kwartaalrapportage
    from tasks import kwartaalrapportage as levering

    goed = levering.bouw_tabellen

    def scheef(s, p, afspraken):  # type: ignore[no-untyped-def]
        tabellen = goed(s, p, afspraken)
        naam, t = tabellen[0]
        label, waarden = t.rijen[0]
        t.rijen[0] = (label, [*waarden[:-1], int(waarden[-1]) + 1])  # Totaal one too many
        return [(naam, t), *tabellen[1:]]

    monkeypatch.setattr(levering, "bouw_tabellen", scheef)
    state = kwartaalrapportage(periode="2025Q3", nu=at("2026-10-01T07:00"), return_state=True)
    assert state.is_failed()
    with pytest.raises(Controlefout, match=r"cel 'Aantal afgeronde intakes' / 'Totaal' is 1"):
        state.result()
    assert mails(mailbox) == []
    with session(rt.engine) as s:
        assert s.exec(select(Outbox).where(Outbox.idem_key == "kwartaalrapportage:2025Q3")).first() is None
    assert artefacten("kwartaal-2025q3-intakes-maatregelen") == {}


def test_mail_server_down_then_up_sends_once(prefect, rt, mailbox, wereld) -> None:  # type: ignore[no-untyped-def]
    """A retry or the next run after an SMTP outage sends the queued mail once, not again."""
    from flows.kwartaalrapportage import kwartaalrapportage
    from tasks.dispatch import DispatchUitgesteld
    from tests.conftest import free_port

    poort = rt.settings.mail.smtp_port
    rt.settings.mail = rt.settings.mail.model_copy(update={"smtp_port": free_port()})  # nobody listens
    state = kwartaalrapportage(nu=at("2027-01-04T07:00"), return_state=True)  # Monday 4 January 2027: Q4, H2, year
    with pytest.raises(DispatchUitgesteld, match=r"^Mailserver 127\.0\.0\.1:\d+ niet bereikbaar \(verbinding geweigerd\)"):
        state.result()
    assert run_van(state).name == "kwartaalrapportage · 2026Q4 + 2026H2 + 2026 · in de wachtrij"
    with session(rt.engine) as s:
        rijen = s.exec(select(Outbox).where(Outbox.idem_key.startswith("kwartaalrapportage:"))).all()  # type: ignore[attr-defined]
        assert sorted(r.idem_key for r in rijen) == ["kwartaalrapportage:2026", "kwartaalrapportage:2026H2",
                                                     "kwartaalrapportage:2026Q4"]
        assert {r.status for r in rijen} == {"pending"} and all(r.pogingen == 3 for r in rijen)  # 1 + 2 retries
    assert mails(mailbox) == []
    rt.settings.mail = rt.settings.mail.model_copy(update={"smtp_port": poort})
    res = kwartaalrapportage(nu=at("2027-01-04T11:00"))  # the next scheduled run sends what was queued
    assert res["outbox"] == {"2026Q4": "pending", "2026H2": "pending", "2026": "pending"}
    assert res["verzonden"]["verstuurd"] == 3
    assert res["verzonden"]["status"] == {"2026Q4": "sent", "2026H2": "sent", "2026": "sent"}
    from werkpad.cli_kwartaalrapportage import _uitkomst  # what `werkpad kwartaalrapportage verstuur` says of it

    assert _uitkomst("pending", "sent").startswith("verstuurd (stond nog in de wachtrij")
    assert (_uitkomst("nieuw", "sent"), _uitkomst("sent", "sent")) == ("verstuurd", "was al verstuurd, niet opnieuw")
    assert sorted(m["Subject"] for m in mails(mailbox)) == [
        "Kwartaalrapportage 2026 (1 januari t/m 31 december 2026)",
        "Kwartaalrapportage 2026H2 (1 juli t/m 31 december 2026)",
        "Kwartaalrapportage 2026Q4 (1 oktober t/m 31 december 2026)"]
    assert kwartaalrapportage(nu=at("2027-01-04T15:00"))["perioden"] == []  # the next scheduled run: all sent
    assert len(mails(mailbox)) == 3


def test_a_refused_mail_fails_the_run_every_time(prefect, rt, mailbox, wereld, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """A definitive refusal has no werkcoach to tell: the run fails, and so does the next one."""
    from flows.kwartaalrapportage import kwartaalrapportage
    from tasks.handlers import email
    from tasks.kwartaalrapportage import RapportNietVerzonden

    def kapot(ctx, row, p):  # type: ignore[no-untyped-def]
        raise ValueError("grafiek kapot")

    monkeypatch.setitem(email.AFBEELDINGEN, "kwartaalrapportage", kapot)
    with pytest.raises(RapportNietVerzonden, match="2026Q1: grafiek kapot"):
        kwartaalrapportage(nu=at("2026-04-01T07:00"))
    with pytest.raises(RapportNietVerzonden, match="2026Q1: grafiek kapot"):
        kwartaalrapportage(nu=at("2026-04-01T08:00"))
    assert mails(mailbox) == []


def test_on_demand_refuses_a_period_that_has_not_ended(prefect, rt, mailbox, wereld) -> None:  # type: ignore[no-untyped-def]
    from domain.invoer import OngeldigeInvoer
    from flows.kwartaalrapportage import kwartaalrapportage

    with pytest.raises(OngeldigeInvoer, match="nog niet afgelopen"):
        kwartaalrapportage(periode="2026Q4", nu=at("2026-11-24T10:00"))
    assert mails(mailbox) == []


@pytest.mark.parametrize(("params", "msg"), [
    ({"periode": "2026Q5"}, "Validation failed for field 'periode'"),
    ({"periode": "999900006"}, "Validation failed for field 'periode'"),
    ({"periode": "2026Q3; drop"}, "Validation failed for field 'periode'"),
    ({"periode": "2026Q3", "nu": "2026-10-01T07:00:00"}, "Additional properties"),
    ({"ontvangers": "x@example.org"}, "Additional properties"),
])
def test_the_deployment_form_refuses_junk(prefect, params: dict[str, Any], msg: str) -> None:  # type: ignore[no-untyped-def]
    from prefect import get_client
    from prefect.exceptions import PrefectHTTPStatusError

    from deployments.serve import deployments

    dep = next(d for d in deployments() if d.flow_name == "kwartaalrapportage")
    dep_id = dep.apply()
    with get_client(sync_client=True) as c:
        with pytest.raises(PrefectHTTPStatusError) as exc:
            c.create_flow_run_from_deployment(dep_id, parameters=params)
        assert exc.value.response.status_code == 409 and msg in exc.value.response.text
        schema = c.read_deployment(dep_id).parameter_openapi_schema
    assert set(schema["properties"]) == {"periode"}  # no clock, no personal-data field
