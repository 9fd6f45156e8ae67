"""The whole walking skeleton under one Prefect test server, with real SMTP, simulator and store."""

from __future__ import annotations

from datetime import date
from email.message import EmailMessage
from pathlib import Path

import pytest
from icalendar import Calendar
from sqlmodel import select

from casestore import repo
from casestore.db import session
from casestore.models import Outbox, Traject
from notifications.mailcatcher import read_folder
from tasks.aanmelding import registreer
from tests.conftest import at, weigert

BSN, NAAM, GEBOORTE = "999900067", "Jantje Privacytest", date(2001, 2, 3)


def mails(tmp_path: Path) -> list[EmailMessage]:
    return read_folder(tmp_path / "mail")


def body(m: EmailMessage) -> str:
    return m.get_body(("plain",)).get_content()  # type: ignore[union-attr]


@pytest.fixture()
def db_url(tmp_path: Path) -> str:
    """The slice runs once, on the default store (the store itself is tested on both)."""
    return f"sqlite:///{tmp_path / 'werkpad.db'}"


def test_whole_slice(prefect, rt, sim, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from prefect import get_client
    from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterKey, FlowRunFilter, FlowRunFilterName

    from flows.aanmelding import aanmelding
    from flows.brede_intake import brede_intake_uitkomst
    from flows.deadline_sweep import deadline_sweep, werkvoorraad
    from flows.traject import uitkering_controle

    nu0 = at("2026-11-23T09:00")  # Monday
    ref = registreer(rt, bsn=BSN, naam=NAAM, geboortedatum=GEBOORTE, gemeente="velsen",
                     werkcoach="wc.velsen@ijw.example", nu=nu0, actor="test")
    plan = aanmelding(referentie=ref, nu=nu0)
    assert plan["moment"] == "2026-11-25T09:00:00"  # first Velsen intake day after two werkdagen
    assert plan["termijn"] == "zoektermijn" and plan["termijn_einde"] == "2026-12-21"  # under 27: Pw 41 lid 4

    inv = mails(tmp_path)
    assert sorted(m["To"] for m in inv) == ["consulent.intake@velsen.example", "wc.velsen@ijw.example"]
    for m in inv:
        assert ref in m["Subject"] and BSN not in m.as_string() and "Jantje" not in m.as_string()
        att = [p for p in m.iter_attachments() if p.get_content_type() == "text/calendar"]
        ev = next(iter(Calendar.from_ical(att[0].get_content()).walk("VEVENT")))
        assert ev.decoded("dtstart").isoformat() == "2026-11-25T09:00:00+01:00"

    zaak = next(z for z in sim.state.zaken.values() if z["identificatie"] == ref)
    rollen = [r for r in sim.state.rollen.values() if r["zaak"] == zaak["url"]]
    assert {"inpBsn": BSN} in [r["betrokkeneIdentificatie"] for r in rollen]  # the gemeente gets the BSN
    aanmelding(referentie=ref, nu=nu0)  # a rerun changes nothing and sends nothing
    assert len(mails(tmp_path)) == 2 and [z["identificatie"] for z in sim.state.zaken.values()] == [ref]  # one zaak

    weigert(brede_intake_uitkomst(referentie=ref, advies="negatief", route="traject", nu=at("2026-11-25T11:00")),
            "past niet bij een negatief")  # refused inside the run: it ends Completed as "Geweigerd"
    acties = [{"omschrijving": "Inschrijven bij UWV", "eigenaar": "deelnemer", "deadline": "2026-12-02"},
              {"omschrijving": "Trajectplan opstellen", "eigenaar": "werkcoach", "deadline": "2026-12-09"}]
    res = brede_intake_uitkomst(referentie=ref, advies="positief", route="traject", plan_van_aanpak=acties,
                                nu=at("2026-11-25T11:00"))
    assert res["status"] == "wacht_op_uitkering" and res["tekst"] == f"{ref}: Wacht op uitkeringsbesluit gemeente"
    weigert(brede_intake_uitkomst(referentie=ref, advies="positief", route="traject", plan_van_aanpak=acties,
                                  nu=at("2026-11-25T11:05")), "Wacht op uitkeringsbesluit")

    res = uitkering_controle(nu=at("2026-11-26T08:05"))  # still in behandeling: the case waits
    assert (res["gecontroleerd"], res["ongewijzigd"], res["besloten"]) == (1, 1, 0)
    sim.drive(f"/_sim/uitkeringen/{ref}", {"status": "toegekend"})
    res = uitkering_controle(nu=at("2026-11-26T09:05"))
    assert res["besloten"] == 1 and res["trajecten"][0]["status"] == "traject"
    assert any("uitkering toegekend" in m["Subject"] for m in mails(tmp_path))
    # Under 27 and granted within the four weeks: the werkcoach is told, by reference only.
    assert [m["To"] for m in mails(tmp_path) if "tijdens de zoektermijn" in m["Subject"]] == ["wc.velsen@ijw.example"]

    before = len(mails(tmp_path))
    deadline_sweep(nu=at("2026-12-01T07:05"))  # PvA 1 due 2 Dec: t-1 reminder to the werkcoach
    deadline_sweep(nu=at("2026-12-01T07:20"))  # next quarter: nothing new
    new = mails(tmp_path)[before:]
    assert [m["Subject"] for m in new] == [f"Herinnering {ref} (nog 1 werkdag): PvA 1: Inschrijven bij UWV "
                                           "(deelnemer; werkcoach volgt op)"]
    deadline_sweep(nu=at("2026-12-03T07:05"))  # not done: escalation to the teamleider
    esc = [m for m in mails(tmp_path) if m["Subject"].startswith("Verlopen")]
    assert [m["To"] for m in esc] == ["teamleider.velsen@ijmondwerkt.example"]

    before = len(mails(tmp_path))
    werkvoorraad(nu=at("2026-12-03T07:30"))
    werkvoorraad(nu=at("2026-12-03T07:45"))  # once per staff member per day
    digest = mails(tmp_path)[before:]
    # The consulent's intake task closed with the outcome: only the werkcoach has open work left.
    assert [m["To"] for m in digest] == ["wc.velsen@ijw.example"]
    before = len(mails(tmp_path))
    assert werkvoorraad(nu=at("2026-12-25T07:30"))["plan"]["werkdag"] is False  # Eerste Kerstdag: no digest
    assert len(mails(tmp_path)) == before
    wc = next(m for m in digest if m["To"] == "wc.velsen@ijw.example")
    assert "VERLOPEN" in body(wc) and ref in body(wc)

    deadline_sweep(nu=at("2026-12-22T07:05"))  # the zoektermijn ended on 21 December: by itself, no escalation
    assert not [m for m in mails(tmp_path) if "Zoektermijn" in m["Subject"]]

    with session(rt.engine) as s:
        t = repo.get_traject(s, referentie=ref)
        assert t.status == "traject"
        assert any(e.omschrijving.startswith("Zoektermijn verstreken op 2026-12-21") for e in repo.tijdlijn(s, traject=t))
        assert s.exec(select(Outbox).where(Outbox.status != "sent")).all() == []
        soorten = [e.soort for e in repo.tijdlijn(s, traject=t)]
        assert soorten[0] == "aanmelding" and "status:traject" in soorten

    with get_client(sync_client=True) as c:
        # The sync client with its defaults (limit/sort null) works again with fastapi < 0.151.
        runs = c.read_flow_runs(flow_run_filter=FlowRunFilter(name=FlowRunFilterName(like_=ref)))
        names = {r.name for r in runs}
        assert f"aanmelding · {ref} · intake plannen" in names
        # a step's run is named after the step (flows/_stap.py): the outcome is its state's message, not its name
        assert f"brede-intake · {ref} · uitkomst-vastleggen" in names
        assert f"uitkering · {ref} · uitkeringsbesluit" in names
        for r in runs:
            assert "gemeente:velsen" in r.tags and any(tag.startswith("proces:") for tag in r.tags)
        tl = c.read_artifacts(artifact_filter=ArtifactFilter(key=ArtifactFilterKey(any_=[f"tijdlijn-{ref.lower()}"])))
        assert tl and any("Re-integratietraject gestart" in str(a.data) for a in tl)

    for m in mails(tmp_path):  # staff emails carry the reference, never the deelnemer
        raw = m.as_string()
        assert BSN not in raw and "Jantje" not in raw and "Privacytest" not in raw and "2001-02-03" not in raw
    assert_no_personal_data_in_prefect([BSN, "Jantje", "Privacytest", "2001-02-03"])


def assert_no_personal_data_in_prefect(needles: list[str]) -> None:
    from prefect.logging.handlers import APILogHandler
    from prefect.settings import get_current_settings

    APILogHandler().flush()  # logs are shipped in the background; get them into the DB first
    conn = get_current_settings().server.database.connection_url
    url = conn.get_secret_value() if hasattr(conn, "get_secret_value") else str(conn)
    db = Path(url.split("///", 1)[1])
    blobs = b"".join(p.read_bytes() for p in db.parent.glob(db.name + "*"))
    assert len(blobs) > 10_000  # we really read the Prefect database
    for n in needles:
        assert n.encode() not in blobs, f"{n!r} found in the Prefect database"
    storage = Path(str(get_current_settings().home))
    for p in storage.rglob("*"):
        if p.is_file() and p.stat().st_size < 5_000_000 and not p.name.startswith(db.name):
            data = p.read_bytes()
            for n in needles:
                assert n.encode() not in data, f"{n!r} found in {p}"


def test_unreachable_gemeente_keeps_work_queued(prefect, rt, sim, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from flows.aanmelding import aanmelding
    from flows.deadline_sweep import deadline_sweep
    ref = registreer(rt, bsn="999900079", naam="Piet Storing", geboortedatum=date(1980, 1, 1), gemeente="beverwijk",
                     werkcoach="wc.bev@ijw.example", nu=at("2026-11-23T09:00"), actor="test")
    sim.drive("/_sim/fault", {"mode": "500"})
    # The intake is planned and committed: the run is Completed (not Failed), and says why sending waits.
    state = aanmelding(referentie=ref, nu=at("2026-11-23T09:00"), return_state=True)
    assert state.is_completed() and state.message is not None and state.message.startswith("Versturen uitgesteld: ")
    assert "500" in state.message and "500" in state.result()["versturen_uitgesteld"]
    with session(rt.engine) as s:
        t = s.exec(select(Traject).where(Traject.referentie == ref)).one()
        assert t.status == "brede_intake_gepland" and t.zaak_url is None  # planned, zaak still queued
        assert s.exec(select(Outbox).where(Outbox.idem_key == f"zgw:{ref}:zaak")).one().status == "pending"
    sim.drive("/_sim/fault", {"mode": None})
    deadline_sweep(nu=at("2026-11-23T09:15"))  # the next sweep drains what was left
    with session(rt.engine) as s:
        assert s.exec(select(Traject).where(Traject.referentie == ref)).one().zaak_url
        assert s.exec(select(Outbox).where(Outbox.status != "sent")).all() == []


def test_bsn_in_a_log_line_is_masked_before_prefect_stores_it(prefect) -> None:  # type: ignore[no-untyped-def]
    """The safety net: even a careless log line does not carry a BSN into Prefect."""
    from prefect import flow, get_run_logger

    @flow(name="log-vangnet")
    def careless() -> None:
        get_run_logger().info("oeps, BSN %s gelogd", "999900092")

    careless()
    assert_no_personal_data_in_prefect(["999900092"])
