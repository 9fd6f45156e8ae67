"""Maatregelonderzoek through its flows (in-process, the session's Prefect test server) and its forms.

The forms are typed (the rule table's gedragingen, the beschikking types, the uitkomsten as enums; the
gesprek as JJJJ-MM-DD UU:MM; free text without BSN-like digit runs) and hold no personal data; every
task's "formulier" is a deployment that exists. The flows walk melden → horen → toelichting →
voorstel → terugsturen → voorstel → goedkeuren, then bezwaar, heroverweging and inkeer; the reaction
term's waking timer records a missing toelichting once. The staff mails say what to do, by when and how
to record it, with the letter text and the .ics for the werkcoach, and name no BSN, name or address.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest
from sqlmodel import select

from casestore import repo
from casestore.db import session
from casestore.models import Outbox, Taak
from domain.errors import TransitionRefused
from domain.maatregel import (
    BEOORDELEN_TAAK,
    HOREN_TAAK,
    VIER_OGEN_TAAK,
    WEKT_REACTIE,
    BeschikkingType,
    BezwaarUitkomst,
    HeroverwegingUitkomst,
    InkeerUitkomst,
    Verwijtbaar,
)
from domain.maatregel.bezwaar import WEKT_HERSTEL
from tests.conftest import at, wachtend_traject, weigert

BSN, NAAM = "999900626", "Maatregel Testpersoon"
ADRES, POSTCODE, WOONPLAATS = "Lange Nieuwstraat 12", "1971AB", "IJmuiden"
WC, TL = "wc.velsen@ijw.example", "teamleider.velsen@ijmondwerkt.example"
PERSOONLIJK = {"bsn", "naam", "geboortedatum", "adres", "postcode", "woonplaats", "nu"}


def lopend_traject(rt: Any, sim: Any, bsn: str = BSN) -> str:
    """Aanmelding, brede intake, the gemeente grants (plain steps), and the correspondence address."""
    from tasks.dispatch import dispatch
    from tasks.maatregel import leg_adres_vast
    from tasks.uitkering import verwerk_uitkeringsbesluit

    ref = wachtend_traject(rt, bsn)
    with session(rt.engine) as s:
        from casestore.models import Deelnemer

        t = repo.get_traject(s, referentie=ref)
        d = s.get(Deelnemer, t.deelnemer_id)
        assert d is not None
        d.naam = NAAM
        s.add(d)
        s.commit()
    sim.drive(f"/_sim/uitkeringen/{ref}", {"status": "toegekend"})
    verwerk_uitkeringsbesluit(rt, referentie=ref, status="toegekend", nu=at("2026-12-08T09:00"))
    dispatch(rt, nu=at("2026-12-08T09:00"))
    leg_adres_vast(rt, referentie=ref, adres=ADRES, postcode=POSTCODE, woonplaats=WOONPLAATS,
                   nu=at("2026-12-08T09:30"), actor="werkcoach")
    return ref


def taken(rt: Any, ref: str, code: str) -> list[Taak]:
    with session(rt.engine) as s:
        t = repo.get_traject(s, referentie=ref)
        return list(s.exec(select(Taak).where(Taak.traject_id == t.id, Taak.code == code)).all())


def mails(mailbox: Any, template_subject: str) -> list[Any]:
    from notifications.mailcatcher import read_folder

    return [m for m in read_folder(mailbox.folder) if template_subject in str(m["Subject"])]


def tekst(m: Any) -> str:
    return str(m.get_body(("plain",)).get_content())


# -- the forms ----------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def formulieren(prefect: None) -> dict[str, Any]:
    from deployments.serve import deployments

    return {f"{d.flow_name}/{d.name}": d.apply() for d in deployments() if d.flow_name.startswith("maatregel-")}


def _schema(dep_id: Any) -> dict[str, Any]:
    from prefect import get_client

    with get_client(sync_client=True) as c:
        schema: dict[str, Any] = c.read_deployment(dep_id).parameter_openapi_schema or {}
    return schema


def _defs(schema: dict[str, Any]) -> dict[str, Any]:
    d: dict[str, Any] = schema.get("definitions") or schema.get("$defs") or {}
    return d


def test_forms_are_typed_and_hold_no_personal_data(formulieren: dict[str, Any]) -> None:
    from tasks import maatregel  # noqa: F401  (registers how each maatregel task is recorded)
    from tasks.config import load_maatregelen
    from tasks.settings import Settings
    from tasks.vastleggen import VASTLEGGEN

    assert set(formulieren) == {
        "maatregel-melden/melden", "maatregel-horen/horen", "maatregel-toelichting/toelichting", WEKT_REACTIE,
        "maatregel-voorstel/voorstel", "maatregel-goedkeuren/goedkeuren", "maatregel-terugsturen/terugsturen",
        "maatregel-intrekken/intrekken", "maatregel-bezwaar/bezwaar", "maatregel-bezwaar-verdagen/bezwaar-verdagen",
        "maatregel-bezwaar-beslissen/bezwaar-beslissen", "maatregel-heroverwegen/heroverwegen",
        "maatregel-inkeer/inkeer", "maatregel-inkeer-beslissen/inkeer-beslissen",
        # issue 20: the bezwaar procedure and the dwangsom
        "maatregel-bezwaar-horen/bezwaar-horen", "maatregel-bezwaar-niet-horen/bezwaar-niet-horen",
        "maatregel-bezwaar-opschorten/bezwaar-opschorten", "maatregel-bezwaar-hersteld/bezwaar-hersteld",
        "maatregel-bezwaar-uitstellen/bezwaar-uitstellen", "maatregel-ingebrekestelling/ingebrekestelling",
        "maatregel-dwangsom-vaststellen/dwangsom-vaststellen", WEKT_HERSTEL,
        "maatregel-afzien-reactie/afzien-reactie", "maatregel-horen-achterwege/horen-achterwege"}
    # every "formulier" a task mail or a refusal names is a deployment that exists
    for code, hoe in VASTLEGGEN.items():
        if code.startswith("maatregel."):
            stappen = hoe("IJW-2026-000001")
            for v in stappen if isinstance(stappen, tuple) else (stappen,):
                assert v.formulier in formulieren, (code, v.formulier)
    for dep_id in formulieren.values():
        schema = _schema(dep_id)
        assert not PERSOONLIJK & set(schema["properties"])
        assert schema.get("additionalProperties") is False
        assert schema["properties"]["referentie"]["pattern"] == r"^IJW-[0-9]{4}-[0-9]{6}$"
    melden = _schema(formulieren["maatregel-melden/melden"])
    codes = load_maatregelen(Settings().maatregelen_file).gedragingen()  # a code's shape in the form; which codes
    patroon = melden["properties"]["gedraging"]["pattern"]               # exist, the step's guard (the verordening)
    assert all(re.fullmatch(patroon, c) for c in codes) and "afspraak_niet_nagekomen" in codes
    assert melden["properties"]["feiten"]["maxLength"] == 500 and melden["properties"]["feiten"]["pattern"]
    goed = _schema(formulieren["maatregel-goedkeuren/goedkeuren"])
    assert _defs(goed)["BeschikkingType"]["enum"] == [t.value for t in BeschikkingType]
    voorstel = _schema(formulieren["maatregel-voorstel/voorstel"])
    assert _defs(voorstel)["Verwijtbaar"]["enum"] == ["ja", "nee"]
    pct = voorstel["properties"]["gematigd_percentage"]["anyOf"][0]
    assert (pct["minimum"], pct["maximum"]) == (1, 100)
    assert _defs(_schema(formulieren["maatregel-bezwaar-beslissen/bezwaar-beslissen"]))["BezwaarUitkomst"]["enum"] == \
        [u.value for u in BezwaarUitkomst]
    assert _defs(_schema(formulieren["maatregel-heroverwegen/heroverwegen"]))["HeroverwegingUitkomst"]["enum"] == \
        [u.value for u in HeroverwegingUitkomst]
    assert _defs(_schema(formulieren["maatregel-inkeer-beslissen/inkeer-beslissen"]))["InkeerUitkomst"]["enum"] == \
        [u.value for u in InkeerUitkomst]
    assert _schema(formulieren["maatregel-horen/horen"])["properties"]["gesprek"]["pattern"].startswith("^[0-9]{4}-")

    from prefect import get_client

    with get_client(sync_client=True) as c:
        beschrijving = c.read_deployment(formulieren["maatregel-goedkeuren/goedkeuren"]).description or ""
    assert "lees eerst het concept" in beschrijving and "M1M10 = Beschikking maatregel 1 maand 10%" in beschrijving


REF = "IJW-2026-000001"
GEWEIGERD: list[tuple[str, str, dict[str, Any], str]] = [
    ("gedraging-geen-code", "maatregel-melden/melden",
     {"referentie": REF, "gedraging": "te laat op kantoor", "verzuim_op": "2026-12-01", "feiten": "Niet gekomen"},
     "does not match"),
    ("feiten-met-bsn", "maatregel-melden/melden",
     {"referentie": REF, "gedraging": "afspraak_niet_nagekomen", "verzuim_op": "2026-12-01",
      "feiten": f"Deelnemer {BSN} kwam niet"}, "does not match"),
    ("bsn-veld", "maatregel-melden/melden",
     {"referentie": REF, "gedraging": "afspraak_niet_nagekomen", "verzuim_op": "2026-12-01", "feiten": "Niet gekomen",
      "bsn": BSN}, "Additional properties"),
    ("gesprek-tekst", "maatregel-horen/horen",
     {"referentie": REF, "gesprek": "morgen om tien", "locatie": "Kantoor Velsen"}, "does not match"),
    ("adres-veld", "maatregel-horen/horen",
     {"referentie": REF, "gesprek": "2026-12-17 10:00", "locatie": "Kantoor Velsen", "adres": ADRES},
     "Additional properties"),
    ("type-onbekend", "maatregel-goedkeuren/goedkeuren",
     {"referentie": REF, "type": "M3M30", "door": TL}, "is not one of"),
    ("verwijtbaar-misschien", "maatregel-voorstel/voorstel",
     {"referentie": REF, "verwijtbaar": "misschien", "door": WC}, "is not one of"),
    ("matiging-vier-maanden", "maatregel-voorstel/voorstel",
     {"referentie": REF, "verwijtbaar": "ja", "door": WC, "gematigd_maanden": 4}, "maximum"),
    ("uitkomst-onbekend", "maatregel-bezwaar-beslissen/bezwaar-beslissen",
     {"referentie": REF, "uitkomst": "half"}, "is not one of"),
    ("verschoven-klok", "maatregel-inkeer/inkeer",
     {"referentie": REF, "ontvangen_op": "2026-12-01", "nu": "9999-12-31T00:00:00"}, "Additional properties"),
]


@pytest.mark.parametrize(("form", "params", "msg"), [c[1:] for c in GEWEIGERD], ids=[c[0] for c in GEWEIGERD])
def test_a_bad_form_is_refused_before_a_run_exists(formulieren: dict[str, Any], form: str, params: dict[str, Any],
                                                   msg: str) -> None:
    from prefect import get_client
    from prefect.exceptions import PrefectHTTPStatusError

    with get_client(sync_client=True) as c:
        voor = c.count_flow_runs()
        with pytest.raises(PrefectHTTPStatusError) as exc:
            c.create_flow_run_from_deployment(formulieren[form], parameters=params)
        assert exc.value.response.status_code == 409 and msg in exc.value.response.text
        assert c.count_flow_runs() == voor


# -- the flows ----------------------------------------------------------------------------------
def test_the_onderzoek_to_the_proposal_through_its_flows(prefect, rt, sim, mailbox) -> None:  # type: ignore[no-untyped-def]
    from flows.maatregel import (
        maatregel_horen,
        maatregel_melden,
        maatregel_reactietermijn_verlopen,
        maatregel_terugsturen,
        maatregel_toelichting,
        maatregel_voorstel,
    )

    ref = lopend_traject(rt, sim)
    res = maatregel_melden(referentie=ref, gedraging="afspraak_niet_nagekomen", verzuim_op=date(2026, 12, 11),
                           feiten="Niet verschenen op de training sollicitatievaardigheden", door=WC,
                           nu=at("2026-12-14T09:00"))
    assert res["gedraging"] == "afspraak_niet_nagekomen" and res["taak_id"] == taken(rt, ref, HOREN_TAAK)[0].id
    gemeld = mails(mailbox, f"{ref}: verzuim gemeld")
    assert len(gemeld) == 1 and gemeld[0]["To"] == WC
    body = tekst(gemeld[0])
    assert f"werkpad maatregel horen {ref} --gesprek" in body and "maatregel-horen/horen → Run → Custom run" in body
    assert "beginnend\r\ntussen 08:00 en 17:00" in body  # the window of the one rule (controleer_gesprektijd), not 18:00
    assert f"taak {res['taak_id']}" in body and f"werkpad deelnemer adres {ref}" in body

    weigert(maatregel_voorstel(referentie=ref, verwijtbaar=Verwijtbaar.ja, door=WC, nu=at("2026-12-14T09:30")),
            "het horen is nog niet afgerond")
    res = maatregel_horen(referentie=ref, gesprek="2026-12-17 10:00", locatie="Kantoor IJmond Werkt! Velsen",
                          door=WC, nu=at("2026-12-14T10:00"))
    assert res["gesprek_op"].startswith("2026-12-17T10:00") and taken(rt, ref, HOREN_TAAK)[0].status == "afgerond"
    uiterlijk = res["reageren_uiterlijk"]
    with pytest.raises(TransitionRefused, match=f"de reactietermijn loopt nog tot en met {uiterlijk}"):
        maatregel_reactietermijn_verlopen(referentie=ref, nu=at(f"{uiterlijk}T12:00"))
    res = maatregel_toelichting(referentie=ref, toelichting="Deelnemer was ziek maar meldde zich niet af",
                                door=WC, nu=at("2026-12-17T11:00"))
    assert res["toelichting_ontvangen"] is True
    # the timer woke after all (a late outbox row): the toelichting is there, nothing changes
    assert maatregel_reactietermijn_verlopen(referentie=ref, nu=at("2027-01-15T08:00"))["gewijzigd"] is False

    res = maatregel_voorstel(referentie=ref, verwijtbaar=Verwijtbaar.ja, door=WC, nu=at("2026-12-18T09:00"))
    assert (res["type"], res["percentage"], res["maanden"]) == ("M1M10", 10, 1)
    vier_ogen = mails(mailbox, f"{ref}: vier ogen")
    assert len(vier_ogen) == 1 and vier_ogen[0]["To"] == TL
    body = tekst(vier_ogen[0])
    assert f"werkpad maatregel concept {ref}" in body and f"goedkeuren {ref} --type M1M10" in body
    assert "maatregel-goedkeuren/goedkeuren → Run → Custom run" in body and "kan het niet zelf goedkeuren" in body
    assert "MGEMATIGD: Beschikking gematigde maatregel" in body and f"taak {res['taak_id']}" in body

    weigert(maatregel_terugsturen(referentie=ref, reden="Eerst het verzuimbeleid nalezen", door=WC,
                          nu=at("2026-12-18T10:00")), "deed zelf het voorstel")
    res = maatregel_terugsturen(referentie=ref, reden="Omstandigheden ziekte nader uitzoeken", door=TL,
                                nu=at("2026-12-18T10:00"))
    assert [k.status for k in taken(rt, ref, VIER_OGEN_TAAK)] == ["afgerond"]
    assert [k.status for k in taken(rt, ref, BEOORDELEN_TAAK)] == ["afgerond", "open"]
    terug = mails(mailbox, f"{ref}: voorstel maatregel teruggestuurd")
    assert len(terug) == 1 and "Omstandigheden ziekte nader uitzoeken" in tekst(terug[0])
    assert f"werkpad maatregel voorstel {ref} --verwijtbaar" in tekst(terug[0])

    _geen_persoonsgegevens(rt, mailbox, ref)
    _runs_benoemd(ref, "maatregelonderzoek")


def test_the_waking_timer_records_no_toelichting_once(prefect, rt, sim, mailbox) -> None:  # type: ignore[no-untyped-def]
    from flows.maatregel import maatregel_horen, maatregel_melden, maatregel_reactietermijn_verlopen
    from tasks.maatregel import stand

    ref = lopend_traject(rt, sim, "999900638")
    maatregel_melden(referentie=ref, gedraging="plan_van_aanpak", verzuim_op=date(2026, 12, 11),
                     feiten="Geen sollicitaties gedaan zoals afgesproken", nu=at("2026-12-14T09:00"))
    uiterlijk = maatregel_horen(referentie=ref, gesprek="2026-12-16 14:30", locatie="Kantoor IJmond Werkt! Velsen",
                                nu=at("2026-12-14T10:00"))["reageren_uiterlijk"]
    with session(rt.engine) as s:
        t = repo.get_traject(s, referentie=ref)
        wekker = s.exec(select(Outbox).where(Outbox.traject_id == t.id, Outbox.soort == "flow")).all()
    assert wekker == []  # the sweep starts it when due, not before
    res = maatregel_reactietermijn_verlopen(referentie=ref, nu=at("2027-01-04T08:00"))
    assert res["gewijzigd"] is True and res["toelichting_ontvangen"] is False and uiterlijk < "2027-01-04"
    assert maatregel_reactietermijn_verlopen(referentie=ref, nu=at("2027-01-04T08:15"))["gewijzigd"] is False
    st = stand(rt, ref)
    assert st["lopend"] == {"maatregelonderzoek": "Verwijtbaarheid en omstandigheden beoordelen"}
    assert [k.status for k in taken(rt, ref, BEOORDELEN_TAAK)] == ["open"]


def test_the_horen_mail_carries_the_letter_text_and_the_gesprek(prefect, rt, sim, mailbox) -> None:  # type: ignore[no-untyped-def]
    from icalendar import Calendar

    from flows.maatregel import maatregel_horen, maatregel_melden

    ref = lopend_traject(rt, sim, "999900651")
    maatregel_melden(referentie=ref, gedraging="afspraak_niet_nagekomen", verzuim_op=date(2026, 12, 11),
                     feiten="Niet verschenen op de training", nu=at("2026-12-14T09:00"))
    res = maatregel_horen(referentie=ref, gesprek="2026-12-17 10:00", locatie="Kantoor IJmond Werkt! Velsen",
                          nu=at("2026-12-14T10:00"))
    [m] = mails(mailbox, f"{ref}: uitnodiging horen")
    assert m["To"] == WC
    body = tekst(m)
    assert "Beste deelnemer," in body and "Kantoor IJmond Werkt! Velsen" in body
    assert f"werkpad maatregel toelichting {ref} --toelichting" in body
    assert "maatregel-toelichting/toelichting → Run → Custom run" in body
    assert "donderdag 17 december 2026 om 10:00" in body
    ics = next(p for p in m.iter_attachments() if p.get_content_type() == "text/calendar")
    ev: Any = next(c for c in Calendar.from_ical(ics.get_content()).walk("VEVENT"))
    assert str(ev["uid"]).startswith(f"maatregel-horen-{ref}-") and ev["dtstart"].dt.hour == 10
    assert f"tot en met {_lang(res['reageren_uiterlijk'])}" in body
    _geen_persoonsgegevens(rt, mailbox, ref)


def test_beschikking_bezwaar_heroverweging_and_inkeer_through_their_flows(prefect, rt, sim, mailbox) -> None:  # type: ignore[no-untyped-def]
    from flows.maatregel import (
        maatregel_bezwaar,
        maatregel_bezwaar_beslissen,
        maatregel_bezwaar_verdagen,
        maatregel_goedkeuren,
        maatregel_heroverwegen,
        maatregel_horen,
        maatregel_inkeer,
        maatregel_inkeer_beslissen,
        maatregel_melden,
        maatregel_toelichting,
        maatregel_voorstel,
    )
    from tasks.maatregel import beschikking_pdf

    ref = lopend_traject(rt, sim, "999900663")
    maatregel_melden(referentie=ref, gedraging="arbeid_niet_aanvaard", verzuim_op=date(2026, 12, 11),
                     feiten="Aangeboden baan als magazijnmedewerker geweigerd", nu=at("2026-12-14T09:00"))
    maatregel_horen(referentie=ref, gesprek="2026-12-17 10:00", locatie="Kantoor IJmond Werkt! Velsen",
                    nu=at("2026-12-14T10:00"))
    maatregel_toelichting(referentie=ref, toelichting="Wilde geen nachtdiensten draaien", nu=at("2026-12-17T11:00"))
    maatregel_voorstel(referentie=ref, verwijtbaar=Verwijtbaar.ja, door=WC, nu=at("2026-12-18T09:00"))
    weigert(maatregel_goedkeuren(referentie=ref, type=BeschikkingType.M1M10, door=TL, nu=at("2026-12-21T09:00")),
            "het voorstel is M100")
    weigert(maatregel_goedkeuren(referentie=ref, type=BeschikkingType.M100, door=TL, nu=at("2026-12-21T09:00")),
            "de reactietermijn loopt nog tot en met 2026-12-29")  # Awb 4:8: the invitation's written term
    res = maatregel_goedkeuren(referentie=ref, type=BeschikkingType.M100, door=TL, nu=at("2026-12-30T09:00"))
    assert res["kortingsmaanden"] == [{"maand": "2027-01", "percentage": 100}]
    with session(rt.engine) as s:  # the besluit and the reduction reached the gemeente, each once
        t = repo.get_traject(s, referentie=ref)
        zgw = s.exec(select(Outbox).where(Outbox.traject_id == t.id, Outbox.soort == "zgw")).all()
        ops = sorted(r.payload["op"] for r in zgw if r.payload["op"] in ("besluit", "verlaging"))
        assert ops == ["besluit", "verlaging"] and all(r.status == "sent" for r in zgw), [(r.idem_key, r.status) for r in zgw]
    naam, pdf = beschikking_pdf(rt, referentie=ref)
    assert pdf.startswith(b"%PDF") and naam.endswith(".pdf")
    [m] = mails(mailbox, f"{ref}: beschikking")
    body = tekst(m)
    assert f"werkpad maatregel beschikking {ref}" in body and f"werkpad maatregel heroverwegen {ref}" in body
    assert "maatregel-bezwaar/bezwaar → Run → Custom run" in body and "2027-01 100%" in body

    maatregel_bezwaar(referentie=ref, ontvangen_op=date(2026, 12, 31), nu=at("2026-12-31T09:00"))
    [m] = mails(mailbox, f"{ref}: bezwaar tegen")
    assert m["To"] == TL and f"bezwaar-beslissen {ref} --uitkomst" in tekst(m)
    verdaagd = maatregel_bezwaar_verdagen(referentie=ref, door=TL, nu=at("2027-01-05T09:00"))
    weigert(maatregel_bezwaar_verdagen(referentie=ref, door=TL, nu=at("2027-01-05T09:05")), "al eens verdaagd")
    assert verdaagd["uiterlijk"] > "2027-02-15"
    res = maatregel_bezwaar_beslissen(referentie=ref, uitkomst=BezwaarUitkomst.ongegrond, door=TL,
                                      nu=at("2027-01-06T09:00"))
    assert res["maatregel_status"] == "actief"
    maatregel_inkeer(referentie=ref, ontvangen_op=date(2026, 12, 30), nu=at("2027-01-07T09:00"))
    [m] = mails(mailbox, f"{ref}: verzoek om herziening")
    assert f"werkpad maatregel inkeer-beslissen {ref}" in tekst(m)
    res = maatregel_inkeer_beslissen(referentie=ref, uitkomst=InkeerUitkomst.toegewezen, nu=at("2027-01-08T09:00"))
    assert res["kortingsmaanden"] == []  # from the month after the request: January lapses
    res = maatregel_heroverwegen(referentie=ref, uitkomst=HeroverwegingUitkomst.handhaven, nu=at("2027-01-08T10:00"))
    assert res["uitkomst"] == "handhaven"
    _geen_persoonsgegevens(rt, mailbox, ref)
    for proces in ("maatregelonderzoek", "maatregel_bezwaar", "maatregel_inkeer", "maatregel_heroverweging"):
        _runs_benoemd(ref, proces)


# -- helpers ------------------------------------------------------------------------------------
def _lang(iso: str) -> str:
    from notifications.render import _datum

    return _datum(iso)


def _geen_persoonsgegevens(rt: Any, mailbox: Any, ref: str) -> None:
    from notifications.mailcatcher import read_folder

    for m in read_folder(mailbox.folder):
        inhoud = m.as_string()
        for geheim in (BSN, NAAM, ADRES, POSTCODE, WOONPLAATS, "1980-01-01", "1 januari 1980"):
            assert geheim not in inhoud, (m["Subject"], geheim)


def _runs_benoemd(ref: str, proces: str) -> None:
    from prefect import get_client
    from prefect.client.schemas.filters import FlowRunFilter, FlowRunFilterName

    with get_client(sync_client=True) as c:
        runs = [r for r in c.read_flow_runs(flow_run_filter=FlowRunFilter(name=FlowRunFilterName(like_=ref)))
                if f"proces:{proces}" in r.tags]
    assert runs and all(r.name.startswith(f"{proces} · {ref} · ") and "gemeente:velsen" in r.tags for r in runs)
    for r in runs:
        assert not (PERSOONLIJK - {"nu"}) & set(r.parameters) and BSN not in str(r.parameters)
