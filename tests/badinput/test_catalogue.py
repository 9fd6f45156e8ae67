"""Catalogue of bad input at every door: the CLI, the deployments' parameters, the gemeente's answers.

Each case names what was typed or answered, the (Dutch) line that must come back, and checks
that nothing moved: every row of every case-store table (content, not just counts), and the
zaken, statussen and rollen at the gemeente. The store is seeded once with three cases (open,
closed, waiting for the uitkering decision) and copied per case.
"""

from __future__ import annotations

import copy
import json
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from dateutil.relativedelta import relativedelta
from sqlalchemy import text
from sqlmodel import select
from typer.testing import CliRunner

from casestore.db import make_engine, session
from domain.herinneringen import lokale_datum
from tests.conftest import SimServer, make_settings, settings_env

TABELLEN = ("deelnemer", "traject", "auditevent", "deadline", "taak", "outbox", "teller", "processtap", "doel",
            "actie", "maatregel", "document")
BSN_OPEN, BSN_DICHT, BSN_WACHT, BSN_NIEUW = "999900109", "999900110", "999900122", "999900134"
BSN_IN_FORMULIER = "999900146"  # typed into a `referentie` field of a deployment form
# A BSN in free text as the hostile trial wrote it (issue 19, point 11): in groups, with commas, with
# dots and a comma, in Bengali or mathematical-bold digits, with double spaces, glued to a tenth digit
# by a comma. Each passed every free-text check before, or passed the form and failed in the step.
BSN_IN_TEKST = {"groepen": "999 - 901 - 138", "komma": "999,901,138", "punt-komma": "9999.0113,8",
                "bengaals": "৯৯৯৯০১১৩৮", "wiskundig-vet": "𝟗𝟗𝟗𝟗𝟎𝟏𝟏𝟑𝟖", "dubbele-spatie": "999  901  138",
                "met-getal-erachter": "999901138, 2"}
BSN_ACHT_CIJFERS = "12345672"  # 123456782 with its 8 lost; zero-padded (012345672) it passes the 11-proef


@dataclass
class Seed:
    template: Path
    sim: dict[str, Any]
    ids: dict[str, str]


def settings_for(url: str, sim: SimServer, data_dir: Path) -> Any:
    return make_settings(db_url=url, sim_url=sim.url, data_dir=data_dir)


@pytest.fixture(scope="module")
def seed(simulator: SimServer, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Seed]:
    """Three trajecten on the real clock: open (intake planned), closed, waiting for the uitkering."""
    from casestore import repo
    from casestore.models import Deadline, Taak
    from domain.traject import Actie, Advies, BredeIntakeUitkomst, Eigenaar, Route, Status
    from tasks import runtime
    from tasks.aanmelding import meld_aan, registreer
    from tasks.brede_intake import leg_uitkomst_vast
    from tasks.dispatch import dispatch

    st = simulator.state
    st.leeg()
    tmp = tmp_path_factory.mktemp("seed")
    url = f"sqlite:///{tmp / 'seed.db'}"
    s = settings_for(url, simulator, tmp)
    runtime.upgrade_store(s.casestore)
    rt = runtime.build_runtime(s)
    runtime.configure(rt)
    nu = datetime.now(UTC)
    vandaag = lokale_datum(nu)
    open_ref = meld_aan(rt, bsn=BSN_OPEN, naam="Open Persoon", geboortedatum=date(2001, 2, 3), gemeente="velsen",
                        werkcoach="wc@ijw.example", nu=nu, actor="test")
    dicht_ref = registreer(rt, bsn=BSN_DICHT, naam="Oud Naam", geboortedatum=date(1980, 1, 1), gemeente="beverwijk",
                           werkcoach="wc@ijw.example", nu=nu, actor="test")
    wacht_ref = meld_aan(rt, bsn=BSN_WACHT, naam="Wacht Persoon", geboortedatum=date(1985, 6, 7), gemeente="heemskerk",
                         werkcoach="wc@ijw.example", nu=nu, actor="test")
    dispatch(rt, nu=nu, soort="zgw")  # the waiting case's zaak exists at the gemeente
    leg_uitkomst_vast(rt, referentie=wacht_ref, nu=nu, actor="test", uitkomst=BredeIntakeUitkomst(
        advies=Advies.positief, route=Route.traject, plan_van_aanpak=[
            Actie(omschrijving="Trajectplan opstellen", eigenaar=Eigenaar.werkcoach, deadline=vandaag + timedelta(14))]))
    dispatch(rt, nu=nu, soort="zgw")
    with session(rt.engine) as s:
        t = repo.get_traject(s, referentie=dicht_ref)
        repo.transitie(s, traject=t, naar=Status.afgesloten, nu=nu, actor="test",
                       omschrijving="Gesloten voor de catalogus.")
        s.commit()
        o = repo.get_traject(s, referentie=open_ref)
        w = repo.get_traject(s, referentie=wacht_ref)
        wt = next(d for d in repo.open_deadlines(s, traject=o) if d.soort == "zoektermijn")
        taak = repo.open_taken(s, traject=o)[0]
        besluit = next(d for d in repo.open_deadlines(s, traject=w) if d.soort == "uitkeringsbesluit")
        # a closed deadline: the intake task of the waiting case, closed with its outcome
        dicht_dl = next(d for d in s.exec(select(Deadline).where(Deadline.traject_id == w.id))
                        if d.status == "afgerond")
        taak_dl = s.get(Deadline, taak.deadline_id)
        assert isinstance(taak, Taak) and taak_dl is not None and w.status == Status.wacht_op_uitkering and w.zaak_url
    ids = {"ref_open": open_ref, "ref_dicht": dicht_ref, "ref_wacht": wacht_ref, "zoektermijn": str(wt.id),
           "taak": str(taak.id), "taak_deadline": str(taak.deadline_id), "taak_due": taak_dl.due.isoformat(),
           "besluit_deadline": str(besluit.id), "morgen": (vandaag + timedelta(1)).isoformat(),
           "over_week": (vandaag + timedelta(7)).isoformat(), "vandaag": vandaag.isoformat(),
           "over_3_jaar": (vandaag + timedelta(3 * 366)).isoformat(), "dicht_deadline": str(dicht_dl.id),
           "na_2_jaar": (vandaag + relativedelta(years=2, days=1)).isoformat(),
           "negen_weken_terug": (vandaag - timedelta(weeks=9)).isoformat()}  # before the earliest aanvraag
    rt.engine.dispose()
    runtime.configure(None)
    snapshot = {k: copy.deepcopy(getattr(st, k)) for k in st.PERSISTED}
    yield Seed(tmp / "seed.db", snapshot, ids)


@pytest.fixture()
def world(seed: Seed, simulator: SimServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, Any]]:
    """A fresh copy of the seeded store and gemeente; the CLI and the runtime point at them."""
    from tasks import runtime

    db = tmp_path / "werkpad.db"
    shutil.copy(seed.template, db)
    url = f"sqlite:///{db}"
    st = simulator.state
    st.fault = None
    for k, v in seed.sim.items():
        getattr(st, k).clear()
        getattr(st, k).update(copy.deepcopy(v))
    s = settings_for(url, simulator, tmp_path)
    for k, v in {**settings_env(s), "PREFECT_API_URL": "http://127.0.0.1:9/api"}.items():  # no Prefect: refusals come first
        monkeypatch.setenv(k, v)
    rt = runtime.build_runtime(s)
    runtime.configure(rt)
    yield {"url": url, "rt": rt, "sim": simulator, "ids": seed.ids}
    st.fault = None
    runtime.configure(None)
    rt.engine.dispose()


def inhoud(url: str) -> dict[str, list[tuple[Any, ...]]]:
    e = make_engine(url)
    try:
        with e.connect() as c:
            return {t: [tuple(r) for r in c.execute(text(f"SELECT * FROM {t} ORDER BY 1"))] for t in TABELLEN}
    finally:
        e.dispose()


def gemeente(sim: SimServer) -> dict[str, Any]:
    st = sim.state
    return copy.deepcopy({k: getattr(st, k) for k in st.PERSISTED})


def assert_unchanged(w: dict[str, Any], voor: dict[str, list[tuple[Any, ...]]], sim_voor: dict[str, Any]) -> None:
    na = inhoud(w["url"])
    assert {t: len(r) for t, r in na.items()} == {t: len(r) for t, r in voor.items()}  # row counts, readable
    assert na == voor  # and not a single value changed
    sim_na = gemeente(w["sim"])
    assert len(sim_na["zaken"]) == len(sim_voor["zaken"])  # no zaak was created at the gemeente
    assert sim_na == sim_voor


# -- 1. the CLI ---------------------------------------------------------------------------

AANMELDEN = {"--gemeente": "velsen", "--bsn": BSN_NIEUW, "--geboortedatum": "1990-01-01", "--naam": "Nieuwe Persoon",
             "--werkcoach": "wc@ijw.example"}


def aanmelden(**override: str) -> list[str]:
    opts = {**AANMELDEN, **{("--" + k.replace("_", "-")): v for k, v in override.items()}}
    return ["aanmelden", *[x for kv in opts.items() for x in kv]]


def uitkomst(*acties: str, advies: str = "positief", route: str = "traject", ref: str = "{ref_open}",
             extra: tuple[str, ...] = ()) -> list[str]:
    return ["uitkomst", ref, "brede-intake", "--advies", advies, "--route", route,
            *[x for a in acties for x in ("--actie", a)], *extra]


GOEDE_ACTIE = "Trajectplan opstellen;werkcoach;{over_week}"


def verplaats(deadline: str, *opts: str) -> list[str]:
    return ["deadline-verplaatsen", deadline, *opts]


CLI: list[tuple[str, list[str], str, str | None]] = [
    # (id, arguments, expected part of the one line, simulator fault)
    ("bsn-arabisch-indische-cijfers", aanmelden(bsn="٩٩٩٩٠٠٠٠٦"), "alleen uit de cijfers 0-9", None),
    ("bsn-fullwidth-cijfers", aanmelden(bsn="９９９９０００８０"), "alleen uit de cijfers 0-9", None),
    ("bsn-superscript", aanmelden(bsn="99990007²"), "alleen uit de cijfers 0-9", None),
    ("bsn-met-spatie", aanmelden(bsn="9999 00134"), "alleen uit de cijfers 0-9", None),
    ("bsn-11-proef", aanmelden(bsn="123456789"), "11-proef", None),
    ("bsn-te-kort", aanmelden(bsn="1234567"), "een BSN heeft negen cijfers, dit nummer heeft er 7", None),
    # eight digits were zero-padded and sent to the gemeente (issue 19, point 14)
    ("bsn-acht-cijfers", aanmelden(bsn=BSN_ACHT_CIJFERS), "een BSN heeft negen cijfers, dit nummer heeft er acht; "
     "begint het BSN met een 0, typ die 0 dan mee", None),
    ("bsn-leeg", aanmelden(bsn=""), "alleen uit de cijfers 0-9", None),
    ("bsn-nullen", aanmelden(bsn="000000000"), "11-proef", None),
    ("bsn-al-open-traject", aanmelden(bsn=BSN_OPEN), "al een open traject", None),
    ("bsn-gesloten-andere-naam", aanmelden(bsn=BSN_DICHT, geboortedatum="1980-01-01"), "andere naam", None),
    ("bsn-gesloten-andere-geboortedatum", aanmelden(bsn=BSN_DICHT, naam="Oud Naam"), "andere geboortedatum", None),
    ("werkcoach-crlf", aanmelden(werkcoach="wc@ijw.example\r\nBcc: x@evil.example"), "precies één e-mailadres", None),
    ("werkcoach-komma", aanmelden(werkcoach="wc@ijw.example,x@evil.example"), "precies één e-mailadres", None),
    ("werkcoach-puntkomma", aanmelden(werkcoach="wc@ijw.example;x@evil.example"), "precies één e-mailadres", None),
    ("werkcoach-zonder-punt", aanmelden(werkcoach="a@b"), "geen geldig e-mailadres", None),
    ("werkcoach-weergavenaam", aanmelden(werkcoach="Jan <wc@ijw.example>"), "geen geldig e-mailadres", None),
    ("werkcoach-geen-apenstaart", aanmelden(werkcoach="werkcoach.velsen"), "geen geldig e-mailadres", None),
    ("werkcoach-te-lang", aanmelden(werkcoach="a" * 250 + "@ijw.example"), "te lang", None),
    ("naam-10000-tekens", aanmelden(naam="Jan " * 2500), "te lang", None),
    ("naam-html", aanmelden(naam="<script>alert(1)</script>"), "niet horen", None),
    ("naam-crlf", aanmelden(naam="Jan\r\nJansen"), "stuurtekens", None),
    ("naam-nul-teken", aanmelden(naam="Jan\x00Jansen"), "stuurtekens", None),
    ("naam-leeg", aanmelden(naam="   "), "Naam ontbreekt", None),
    ("naam-alleen-cijfers", aanmelden(naam="12345"), "letters", None),
    ("naam-onzichtbaar-teken", aanmelden(naam="Jan\u200bJansen"), "onzichtbare", None),
    ("geboortedatum-toekomst", aanmelden(geboortedatum="2099-01-01"), "te ver vooruit", None),
    ("geboortedatum-jaar-0001", aanmelden(geboortedatum="0001-01-01"), "te ver terug", None),
    ("geboortedatum-jaar-9999", aanmelden(geboortedatum="9999-12-31"), "te ver vooruit", None),
    ("geboortedatum-30-februari", aanmelden(geboortedatum="1990-02-30"), "bestaat niet", None),
    ("geboortedatum-arabische-cijfers", aanmelden(geboortedatum="١٩٩٠-٠١-٠١"), "geen geldige datum", None),
    ("geboortedatum-dd-mm-jjjj", aanmelden(geboortedatum="01-01-1990"), "geen geldige datum", None),
    ("aanmelden-nu-jaar-2000", aanmelden(nu="2000-01-04T09:00"), "meer dan 5 jaar", None),
    ("aanmelden-nu-jaar-9999", aanmelden(nu="9999-12-31T00:00"), "meer dan 5 jaar", None),
    ("aanmelden-nu-tekst", aanmelden(nu="morgen"), "geen geldig tijdstip", None),
    ("gemeente-onbekend", aanmelden(gemeente="haarlem"), "Onbekende gemeente", None),
    ("gemeente-storing-500", aanmelden(), "Gemeente-API gaf 500", "500"),
    ("gemeente-onverwacht-antwoord", aanmelden(), "Onverwacht antwoord van de gemeente", "malformed"),
    ("termijn-jaar-9999", ["termijn", "bezwaar", "--vanaf", "9999-12-31"], "te ver vooruit", None),
    ("termijn-jaar-0001", ["termijn", "bezwaar", "--vanaf", "0001-01-01"], "te ver terug", None),
    ("termijn-maand-13", ["termijn", "bezwaar", "--vanaf", "2026-13-01"], "geen geldige datum", None),
    ("termijn-soort-onbekend", ["termijn", "onzin", "--vanaf", "2026-01-01"], "Onbekende termijnsoort", None),
    # Issue 21's doors: the stack's topology and a worker host (the world's store is SQLite: no worker on it).
    ("up-topologie-onbekend", ["up", "--topologie", "cluster"], "Onbekende topologie 'cluster'", None),
    ("worker-op-sqlite", ["worker", "start", "--naam", "host-a"], "case store in SQLite", None),
    ("termijn-voor-de-wet", ["termijn", "zoektermijn", "--vanaf", "2010-01-01"], "geen regel geldig", None),
    ("sweep-nu-jaar-9999", ["sweep", "--nu", "9999-12-31T00:00"], "meer dan 5 jaar", None),
    ("sweep-nu-jaar-0001", ["sweep", "--nu", "0001-01-01T00:00"], "meer dan 5 jaar", None),
    ("werkvoorraad-nu-tekst", ["werkvoorraad", "--nu", "vandaag"], "geen geldig tijdstip", None),
    ("uitkering-controle-nu-9999", ["uitkering-controle", "--nu", "9999-12-31T00:00"], "meer dan 5 jaar", None),
    ("uitkomst-31-acties", uitkomst(*[GOEDE_ACTIE] * 31), "hoogstens 30 acties", None),
    ("uitkomst-actie-jaar-9999", uitkomst("Trajectplan;werkcoach;9999-12-31"), "meer dan twee jaar vooruit", None),
    ("uitkomst-actie-verleden", uitkomst("Trajectplan;werkcoach;2020-01-01"), "in het verleden", None),
    ("uitkomst-actie-te-kort", uitkomst("ab;werkcoach;{over_week}"), "Actie 1, omschrijving", None),
    ("uitkomst-actie-te-lang", uitkomst("x" * 300 + ";werkcoach;{over_week}"), "Actie 1, omschrijving: hoogstens 200 tekens",
     None),
    ("uitkomst-actie-regeleinde", uitkomst("Plan\nopstellen;werkcoach;{over_week}"),
     "Actie 1, omschrijving: bevat tekens die hier niet zijn toegestaan (zoals een regeleinde, < of >)", None),
    ("uitkomst-actie-vorm", uitkomst("Trajectplan;werkcoach"), "moet de vorm", None),
    ("uitkomst-actie-eigenaar", uitkomst("Trajectplan;baas;{over_week}"), "Actie 1, eigenaar: 'baas' is onbekend", None),
    ("uitkomst-actie-30-februari", uitkomst("Trajectplan;werkcoach;2027-02-30"), "bestaat niet", None),
    ("uitkomst-referentie-is-bsn", uitkomst(GOEDE_ACTIE, ref=BSN_OPEN),
     "Trajectnummer: bevat negen cijfers op een rij (een BSN?)", None),
    ("uitkomst-referentie-onbekend", uitkomst(GOEDE_ACTIE, ref="IJW-2026-999999"), "Onbekend traject", None),
    ("uitkomst-door-regeleinde", uitkomst(GOEDE_ACTIE, extra=("--door", "wc\r\nx")),
     "--door: bevat tekens die hier niet zijn toegestaan (zoals een regeleinde, < of >)", None),
    ("uitkomst-door-te-lang", uitkomst(GOEDE_ACTIE, extra=("--door", "w" * 500)), "--door: hoogstens 100 tekens", None),
    ("uitkomst-door-html", uitkomst(GOEDE_ACTIE, extra=("--door", "<b>baas</b>")),
     "--door: bevat tekens die hier niet zijn toegestaan", None),
    ("uitkomst-advies-onbekend", uitkomst(GOEDE_ACTIE, advies="misschien"), "kies uit positief, negatief", None),
    ("uitkomst-stap-onbekend", ["uitkomst", "{ref_open}", "intake", "--advies", "positief", "--route", "traject"],
     "Onbekende stap", None),
    ("uitkomst-route-past-niet", uitkomst(GOEDE_ACTIE, advies="negatief"), "past niet", None),
    ("uitkomst-niet-in-deze-stap", uitkomst(GOEDE_ACTIE, ref="{ref_wacht}"), "niet 'Brede intake gepland'", None),
    ("case-show-onbekend", ["case", "show", "IJW-2026-999999"], "Onbekend traject", None),
    ("case-show-html", ["case", "show", "<b>IJW</b>"], "geen trajectnummer", None),
    ("case-show-bsn", ["case", "show", BSN_OPEN], "geen trajectnummer", None),
    ("stap-referentie-te-kort", ["maatregel", "melden", "ijw-2026-1", "--gedraging", "x", "--verzuim-op", "2026-01-01",
                                 "--feiten", "Niet gekomen op de afspraak"],
     "Trajectnummer: gebruik de vorm IJW-JJJJ-NNNNNN", None),
    ("stap-feiten-html", ["maatregel", "melden", "{ref_open}", "--gedraging", "x", "--verzuim-op", "2026-01-01",
                          "--feiten", "<script>x</script>"], "(zoals een regeleinde, < of >)", None),
    # issue 20's maatregel steps: each door refuses a bad value in one line before anything runs
    ("afzien-reactie-datum-bestaat-niet", ["maatregel", "afzien-reactie", "{ref_open}", "--verklaard-op", "2027-02-30"],
     "--verklaard-op: 2027-02-30 is geen geldige datum: die dag bestaat niet", None),
    ("horen-achterwege-grond-onbekend", ["maatregel", "horen-achterwege", "{ref_open}", "--grond", "haast",
                                         "--feiten", "Spoed want huur"], "--grond: 'haast' is onbekend; kies uit", None),
    ("horen-achterwege-feiten-bsn", ["maatregel", "horen-achterwege", "{ref_open}", "--grond", "spoed",
                                     "--feiten", "Belde 999 - 901 - 138 over"], "--feiten: bevat negen cijfers", None),
    ("bezwaar-horen-tijdstip-vorm", ["maatregel", "bezwaar-horen", "{ref_open}", "--op", "morgen", "--locatie",
                                     "Kantoor IJmuiden"], "--op: geen geldig tijdstip (JJJJ-MM-DD UU:MM)", None),
    ("bezwaar-niet-horen-grond-onbekend", ["maatregel", "bezwaar-niet-horen", "{ref_open}", "--grond", "misschien",
                                           "--toelichting", "Schriftelijk afgezien"], "'misschien' is onbekend", None),
    ("bezwaar-opschorten-datum", ["maatregel", "bezwaar-opschorten", "{ref_open}", "--verzocht-op", "2027-13-01",
                                  "--hersteltermijn-tot", "2027-02-01", "--verzuim", "Handtekening ontbreekt"],
     "--verzocht-op", None),
    ("bezwaar-hersteld-datum", ["maatregel", "bezwaar-hersteld", "{ref_open}", "--hersteld-op", "gisteren"],
     "--hersteld-op", None),
    ("bezwaar-uitstellen-datum", ["maatregel", "bezwaar-uitstellen", "{ref_open}", "--tot", "2027-04-31", "--grond",
                                  "procedure"],
     "2027-04-31 is geen geldige datum", None),
    ("ingebrekestelling-over-onbekend", ["maatregel", "ingebrekestelling", "{ref_open}", "--over", "heroverweging",
                                         "--ontvangen-op", "{vandaag}"], "--over", None),
    ("dwangsom-vaststellen-over-onbekend", ["maatregel", "dwangsom-vaststellen", "{ref_open}", "--over", "x"],
     "--over", None),
    ("brief-document-geen-nummer", ["maatregel", "brief", "{ref_open}", "--document", "abc"], "--document", None),
    ("taak-20-cijfers", ["taak-afronden", "99999999999999999999"], "geen geldig nummer", None),
    ("taak-negatief", ["taak-afronden", "-1"], "geen geldig nummer", None),
    ("taak-nul", ["taak-afronden", "0"], "geen geldig nummer", None),
    ("taak-tekst", ["taak-afronden", "abc"], "geen geldig nummer", None),
    ("taak-onbekend", ["taak-afronden", "123456"], "Onbekende taak", None),
    ("taak-door-regeleinde", ["taak-afronden", "{taak}", "--door", "wc\nx"],
     "--door: bevat tekens die hier niet zijn toegestaan (zoals een regeleinde, < of >)", None),
    ("taak-door-bsn", ["taak-afronden", "{taak}", "--door", BSN_OPEN], "--door: bevat negen cijfers op een rij (een BSN?)", None),
    ("uitkomst-door-bsn-in-adres", uitkomst(GOEDE_ACTIE, extra=("--door", f"x{BSN_OPEN}@ijw.example")),
     "--door: bevat negen cijfers op een rij (een BSN?)", None),
    ("taak-door-bsn-in-groepen", ["taak-afronden", "{taak}", "--door", "jan 999 - 901 - 138"],
     "--door: bevat negen cijfers op een rij (een BSN?)", None),
    ("taak-door-bsn-met-liggende-streepjes-in-adres", ["taak-afronden", "{taak}", "--door", "jan_999_901_138@ijw.example"],
     "--door: bevat negen cijfers op een rij (een BSN?)", None),
    *[(f"verplaatsen-reden-bsn-{soort}", verplaats("{taak_deadline}", "--naar", "{over_week}", "--reden",
                                                   f"Deelnemer {bsn} ziek"),
       "--reden: bevat negen cijfers op een rij (een BSN?)", None) for soort, bsn in BSN_IN_TEKST.items()],
    ("verplaatsen-verleden", verplaats("{taak_deadline}", "--naar", "2020-01-01", "--reden", "Deelnemer ziek"),
     "in het verleden", None),
    ("verplaatsen-lege-reden", verplaats("{taak_deadline}", "--naar", "{over_week}", "--reden", ""),
     "--reden: minstens 5 tekens", None),
    ("verplaatsen-blanco-reden", verplaats("{taak_deadline}", "--naar", "{over_week}", "--reden", "   "),
     "--reden: minstens 5 tekens", None),
    ("verplaatsen-reden-te-lang", verplaats("{taak_deadline}", "--naar", "{over_week}", "--reden", "z" * 1000),
     "--reden: hoogstens 200 tekens", None),
    ("verplaatsen-reden-regeleinde", verplaats("{taak_deadline}", "--naar", "{over_week}", "--reden", "ziek\r\nbcc"),
     "--reden: bevat tekens die hier niet zijn toegestaan (zoals een regeleinde, < of >)", None),
    ("verplaatsen-zoektermijn-korter", verplaats("{zoektermijn}", "--naar", "{morgen}", "--reden", "Graag sneller"),
     "wettelijke termijn", None),
    ("verplaatsen-zoektermijn-zonder-grond", verplaats("{zoektermijn}", "--reden", "Deelnemer ziek"),
     "wettelijke grond", None),
    ("verplaatsen-beslistermijn-naar-datum", verplaats("{besluit_deadline}", "--naar", "{over_week}", "--reden",
                                                       "Gemeente vraagt uitstel"), "wettelijke termijn", None),
    ("verplaatsen-grond-onbekend", verplaats("{zoektermijn}", "--grond", "ziekte", "--dagen", "5", "--reden",
                                             "Deelnemer ziek"), "--grond: 'ziekte' is onbekend; kies uit opschorting, verlenging",
     None),
    ("verplaatsen-dagen-nul", verplaats("{zoektermijn}", "--grond", "opschorting", "--dagen", "0", "--reden",
                                        "Deelnemer ziek"), "geen geldig nummer", None),
    ("verplaatsen-dagen-negatief", verplaats("{zoektermijn}", "--grond", "opschorting", "--dagen", "-5", "--reden",
                                             "Deelnemer ziek"), "geen geldig nummer", None),
    ("verplaatsen-dagen-te-veel", verplaats("{zoektermijn}", "--grond", "verlenging", "--dagen", "400", "--reden",
                                            "Deelnemer ziek"), "--dagen: 400 is te veel: een opschorting of verlenging is "
                                                               "hoogstens 365 dagen.", None),
    ("verplaatsen-taak-met-grond", verplaats("{taak_deadline}", "--grond", "verlenging", "--dagen", "5", "--reden",
                                             "Deelnemer ziek"), "Deadline {taak_deadline} is een taak, geen wettelijke "
                                                                "termijn: geef --naar en --reden, geen --grond of --dagen.",
     None),
    ("verplaatsen-afgerond-met-grond", verplaats("{dicht_deadline}", "--grond", "opschorting", "--dagen", "14",
                                                 "--reden", "Aanvraag onvolledig"),
     "Deadline {dicht_deadline} is al afgerond; verplaatsen kan niet.", None),
    ("verplaatsen-afgerond-naar-datum", verplaats("{dicht_deadline}", "--naar", "{over_week}", "--reden",
                                                  "Deelnemer ziek"), "is al afgerond; verplaatsen kan niet.", None),
    ("verplaatsen-zoektermijn-zonder-grond-geen-code", verplaats("{besluit_deadline}", "--reden", "Deelnemer ziek"),
     "is de beslistermijn van de gemeente op de uitkeringsaanvraag, een wettelijke termijn (Awb art. 4:13)", None),
    ("verplaatsen-taak-1-dag-na-2-jaar", verplaats("{taak_deadline}", "--naar", "{na_2_jaar}", "--reden",
                                                   "Deelnemer ziek"), "meer dan twee jaar vooruit", None),
    ("uitkomst-actie-1-dag-na-2-jaar", uitkomst("Trajectplan;werkcoach;{na_2_jaar}"), "meer dan twee jaar vooruit",
     None),
    # click's own usage errors (English, boxed, exit 2 before): one Dutch line too
    ("verplaatsen-zonder-reden", verplaats("{zoektermijn}", "--grond", "opschorting", "--dagen", "14"),
     "Optie --reden ontbreekt (zie werkpad deadline-verplaatsen --help).", None),
    ("aanmelden-zonder-opties", ["aanmelden"], "Optie --gemeente ontbreekt (zie werkpad aanmelden --help).", None),
    ("taak-zonder-nummer", ["taak-afronden"], "Argument TAAK_ID ontbreekt (zie werkpad taak-afronden --help).", None),
    ("case-show-onbekende-optie", ["case", "show", "{ref_open}", "--onbekend", "x"],
     "Onbekende optie --onbekend (zie werkpad case show --help).", None),
    ("taak-onbekende-optie", ["taak-afronden", "{taak}", "--onbekend", "x"], "Onbekende optie --onbekend", None),
    ("termijn-vanaf-zonder-waarde", ["termijn", "bezwaar", "--vanaf"], "Optie --vanaf heeft een waarde nodig", None),
    ("termijn-json-met-waarde", ["termijn", "bezwaar", "--vanaf", "2026-02-20", "--json=ja"],
     "Optie --json neemt geen waarde", None),
    ("case-show-bsn-als-extra-argument", ["case", "show", "{ref_open}", BSN_OPEN],
     "Onverwacht extra argument: ********* (zie werkpad case show --help).", None),
    ("commando-onbekend", ["aanmeldne"], "Onbekend commando 'aanmeldne' (zie werkpad --help).", None),
    ("verplaatsen-jaar-9999", verplaats("{taak_deadline}", "--naar", "9999-12-31", "--reden", "Deelnemer ziek"),
     "meer dan twee jaar vooruit", None),
    ("verplaatsen-over-3-jaar", verplaats("{taak_deadline}", "--naar", "{over_3_jaar}", "--reden", "Deelnemer ziek"),
     "meer dan twee jaar vooruit", None),
    ("verplaatsen-zelfde-datum", verplaats("{taak_deadline}", "--naar", "{taak_due}", "--reden", "Deelnemer ziek"),
     "staat al op", None),
    ("verplaatsen-id-negatief", verplaats("-1", "--naar", "{over_week}", "--reden", "Deelnemer ziek"),
     "geen geldig nummer", None),
    ("verplaatsen-id-te-groot", verplaats("99999999999999999999", "--naar", "{over_week}", "--reden", "Ziek"),
     "geen geldig nummer", None),
    ("verplaatsen-onbekend", verplaats("999999", "--naar", "{over_week}", "--reden", "Deelnemer ziek"),
     "Onbekende deadline", None),
    ("simulator-referentie-met-slash", ["simulator", "uitkering", "IJW/2026/000001", "toegekend"],
     "geen trajectnummer", None),
    ("simulator-besluit-misschien", ["simulator", "uitkering", "{ref_wacht}", "misschien"], "kies uit", None),
    ("simulator-onbekende-zaak", ["simulator", "uitkering", "IJW-2026-999999", "toegekend"], "kent geen zaak", None),
    # the klantmanager's door (uitkering bron handmatig), ops' outbox door, the onboarding check
    ("uitkering-besluit-misschien", ["uitkering", "besluit", "{ref_wacht}", "misschien"], "kies uit", None),
    ("uitkering-besluit-niet-wachtend", ["uitkering", "besluit", "{ref_open}", "toegekend"],
     "wacht niet op een uitkeringsbesluit", None),
    ("uitkering-besluit-onbekend-traject", ["uitkering", "besluit", "IJW-2026-999999", "toegekend"],
     "Onbekend traject", None),
    ("uitkering-besluit-aanvraag-toekomst", ["uitkering", "besluit", "{ref_wacht}", "toegekend", "--aanvraagdatum",
                                             "{over_week}"], "ligt in de toekomst", None),
    ("uitkering-besluit-aanvraag-1900", ["uitkering", "besluit", "{ref_wacht}", "toegekend", "--aanvraagdatum",
                                         "1900-01-01"], "te lang vóór de aanmelding", None),
    # issue 20 (26): an aanvraag more than eight weeks (Awb 4:13) before the aanmelding belongs to no traject
    ("uitkomst-aanvraag-lang-voor-aanmelding", ["brede-intake", "uitkomst", "{ref_open}", "--advies", "positief",
                                                "--route", "traject", "--actie", GOEDE_ACTIE,
                                                "--aanvraag-ontvangen-op", "{negen_weken_terug}"],
     "te lang vóór de aanmelding", None),
    ("uitkering-besluit-aanvraag-negen-weken-terug", ["uitkering", "besluit", "{ref_wacht}", "toegekend",
                                                      "--aanvraagdatum", "{negen_weken_terug}"],
     "te lang vóór de aanmelding", None),
    ("uitkering-besluit-zgw-niet-besloten", ["uitkering", "besluit", "{ref_wacht}", "toegekend"],
     "werkpad leest het besluit zelf", None),
    ("gemeente-controleer-leeg", ["gemeente", "controleer", "--gemeente", ""], "Onbekende gemeente", None),
    ("uitkering-besluit-aanvraag-geen-datum", ["uitkering", "besluit", "{ref_wacht}", "toegekend", "--aanvraagdatum",
                                               "gisteren"], "--aanvraagdatum", None),
    ("outbox-opnieuw-niets-genoemd", ["outbox", "opnieuw", "--door", "beheer@ijw.example"], "Noem één bericht", None),
    ("outbox-opnieuw-allebei", ["outbox", "opnieuw", "1", "--traject", "{ref_open}", "--door", "beheer@ijw.example"],
     "Noem één bericht", None),
    ("outbox-opnieuw-onbekend", ["outbox", "opnieuw", "99999", "--door", "beheer@ijw.example"],
     "geen outbox-bericht 99999", None),
    ("outbox-opnieuw-al-verzonden", ["outbox", "opnieuw", "1", "--door", "beheer@ijw.example"], "al verzonden", None),
    ("outbox-opnieuw-geen-geweigerde", ["outbox", "opnieuw", "--traject", "{ref_open}", "--door", "beheer@ijw.example"],
     "geen geweigerde berichten", None),
    ("outbox-opnieuw-id-tekst", ["outbox", "opnieuw", "een", "--door", "beheer@ijw.example"], "id", None),
    ("outbox-opnieuw-door-leeg", ["outbox", "opnieuw", "1", "--door", " "], "door", None),
    ("outbox-lijst-status-kapot", ["outbox", "lijst", "--status", "kapot"], "is onbekend", None),
    ("outbox-lijst-traject-slash", ["outbox", "lijst", "--traject", "IJW/2026/1"], "geen trajectnummer", None),
    ("gemeente-controleer-uitgeest", ["gemeente", "controleer", "--gemeente", "uitgeest"], "Uitgeest", None),
    ("gemeente-controleer-onbekend", ["gemeente", "controleer", "--gemeente", "amsterdam"], "Onbekende gemeente", None),
    # The abonnement on the gemeente's notifications: none yet (the check says how to make it); a callback that
    # does not answer (werkpad web not running) is refused by Open Notificaties' test POST, nothing is stored.
    ("gemeente-abonnement-ontbreekt", ["gemeente", "abonnement"], "werkpad gemeente abonneer", None),
    ("gemeente-abonneer-callback-onbereikbaar", ["gemeente", "abonneer"], "niet beveiligd met autorisatie", None),
]


# The cases above that the step itself refuses, inside its run: a check on the case (unknown, closed, in another
# status, a term and its legal ground) or on today's date (the run's clock). Since every door of a step is the same
# (issue 19), the CLI no longer checks these before Prefect; the door runs the step (here in-process, on the
# session's Prefect test server), the run ends Completed as "Geweigerd" and the door prints its reason as one line.
# Every other case is refused by the door's input model (or a command that runs no step) with no Prefect at all.
IN_DE_STAP = frozenset({
    "uitkomst-actie-jaar-9999", "uitkomst-actie-verleden", "uitkomst-referentie-onbekend", "uitkomst-route-past-niet",
    "uitkomst-niet-in-deze-stap", "uitkomst-actie-1-dag-na-2-jaar", "taak-onbekend", "verplaatsen-verleden",
    "verplaatsen-zoektermijn-korter", "verplaatsen-zoektermijn-zonder-grond", "verplaatsen-beslistermijn-naar-datum",
    "verplaatsen-taak-met-grond", "verplaatsen-afgerond-met-grond", "verplaatsen-afgerond-naar-datum",
    "verplaatsen-zoektermijn-zonder-grond-geen-code", "verplaatsen-taak-1-dag-na-2-jaar", "verplaatsen-jaar-9999",
    "verplaatsen-over-3-jaar", "verplaatsen-zelfde-datum", "verplaatsen-onbekend", "uitkering-besluit-niet-wachtend",
    "uitkering-besluit-onbekend-traject", "uitkering-besluit-aanvraag-toekomst", "uitkering-besluit-aanvraag-1900",
    "uitkering-besluit-zgw-niet-besloten", "uitkomst-aanvraag-lang-voor-aanmelding",
    "uitkering-besluit-aanvraag-negen-weken-terug"})
PERSOONLIJK = (BSN_OPEN, BSN_DICHT, BSN_WACHT, BSN_NIEUW, "Open Persoon", "Oud Naam", "Wacht Persoon")


def werkpad(args: list[str]) -> tuple[int, str]:
    """Run the `werkpad` entry point (werkpad.cli:main, as the installed command does), output captured."""
    from werkpad.cli import main

    with CliRunner().isolation() as (_, _, output):
        try:
            code = main(args)
        except SystemExit as exc:  # pragma: no cover - main returns its exit code
            code = exc.code if isinstance(exc.code, int) else 1
        return code, output.getvalue().decode()


def stap_in_proces(request: pytest.FixtureRequest, world: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    """The generated doors run the step's flow in this process, on the session's Prefect test server."""
    import werkpad.deur as d

    request.getfixturevalue("prefect")
    rt = world["rt"]
    monkeypatch.setattr(d, "settings", lambda: rt.settings.model_copy(update={"stappen_in_proces": True}))
    monkeypatch.setattr(d, "require_prefect", lambda s: None)


def runs_sinds(moment: datetime) -> list[Any]:
    from prefect import get_client
    from prefect.client.schemas.filters import FlowRunFilter, FlowRunFilterStartTime

    with get_client(sync_client=True) as c:
        sinds = FlowRunFilterStartTime.model_validate({"after_": moment})
        return list(c.read_flow_runs(flow_run_filter=FlowRunFilter(start_time=sinds)))


@pytest.mark.parametrize(("naam", "args", "msg", "fault"), CLI, ids=[c[0] for c in CLI])
def test_cli_refuses(world: dict[str, Any], request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch,
                     naam: str, args: list[str], msg: str, fault: str | None) -> None:
    in_de_stap = naam in IN_DE_STAP
    if in_de_stap:
        stap_in_proces(request, world, monkeypatch)
    voor, sim_voor = inhoud(world["url"]), gemeente(world["sim"])
    begin = datetime.now(UTC)
    world["sim"].state.fault = fault
    code, output = werkpad([a.format(**world["ids"]) if "{" in a else a for a in args])
    world["sim"].state.fault = None
    regels = output.strip().splitlines()
    assert code == 1, output
    msg = msg.format(**world["ids"]) if "{" in msg else msg
    assert len(regels) == 1 and regels[0].startswith("Fout: ") and msg in regels[0], output
    assert "Traceback" not in output and "Usage" not in output
    assert_unchanged(world, voor, sim_voor)
    if in_de_stap:  # one run, refused by the step: Completed "Geweigerd" with the same line, nothing personal in it
        runs = runs_sinds(begin)
        assert [(r.state_type.value, r.state_name) for r in runs] == [("COMPLETED", "Geweigerd")], runs
        assert runs[0].state is not None and runs[0].state.message == regels[0].removeprefix("Fout: ")
        opgeslagen = json.dumps([runs[0].name, runs[0].parameters, runs[0].state.message], ensure_ascii=False)
        assert not [p for p in PERSOONLIJK if p in opgeslagen], opgeslagen


# -- 2. the gemeente's answers --------------------------------------------------------------

def _bron(w: dict[str, Any], bron: str) -> None:
    from domain.gemeenten import UitkeringBron

    for g in w["rt"].gemeenten.values():
        g.uitkering.bron = UitkeringBron(bron)


def _besluit(getypt: str, bron: str = "http") -> Callable[[dict[str, Any]], object]:
    """Bron http (werkpad's own contract) unless named: the cases below were written for its faults."""
    def run(w: dict[str, Any]) -> object:
        from tasks.uitkering import verwerk_uitkeringsbesluit

        _bron(w, bron)
        return verwerk_uitkeringsbesluit(w["rt"], referentie=w["ids"]["ref_wacht"], status=getypt, nu=datetime.now(UTC))
    return run


def _controle(w: dict[str, Any]) -> object:
    from tasks.uitkering import vraag_uitkeringen

    _bron(w, "http")
    return vraag_uitkeringen(w["rt"], nu=datetime.now(UTC))


def _gemeente_besluit(status: str) -> Callable[[SimServer], None]:
    """The gemeente decides on the deelnemer's own aanvraag-zaak (what both sources read)."""
    def zet(sim: SimServer) -> None:
        for z in list(sim.state.zaken.values()):
            if str(z.get("identificatie", "")).startswith("IJW-") and not z.get("einddatum"):
                sim.drive(f"/_sim/uitkeringen/{z['identificatie']}", {"status": status})
    return zet


def _zonder_afgewezen(w: dict[str, Any]) -> object:
    """Bron zgw with a gemeente whose 'Afgewezen' werkpad was not told about."""
    for g in w["rt"].gemeenten.values():
        g.uitkering.resultaten = {"Toegekend": "toegekend"}
    return _besluit("afgewezen", "zgw")(w)


def _fout(mode: str) -> Callable[[SimServer], None]:
    def zet(sim: SimServer) -> None:
        sim.state.fault = mode
    return zet


def _zaak_weg(sim: SimServer) -> None:
    sim.state.zaken.clear()


PARTNER: list[tuple[str, Callable[[SimServer], None] | None, Callable[[dict[str, Any]], object], str]] = [
    ("getypt-toegekend-gemeente-nog-in-behandeling", None, _besluit("toegekend"), "nog niet besloten"),
    ("getypt-afgewezen-gemeente-nog-in-behandeling", None, _besluit("afgewezen"), "nog niet besloten"),
    ("getypt-afgewezen-gemeente-kende-toe", _gemeente_besluit("toegekend"), _besluit("afgewezen"),
     "meldt 'toegekend', niet 'afgewezen'"),
    ("getypt-toegekend-gemeente-wees-af", _gemeente_besluit("afgewezen"), _besluit("toegekend"),
     "meldt 'afgewezen', niet 'toegekend'"),
    ("getypt-in-behandeling", _gemeente_besluit("toegekend"), _besluit("in_behandeling"), "kies uit toegekend, afgewezen"),
    ("getypt-misschien", _gemeente_besluit("toegekend"), _besluit("misschien"), "kies uit toegekend, afgewezen"),
    ("besluit-gemeente-storing-500", _fout("500"), _besluit("toegekend"), "gaf 500"),
    ("besluit-gemeente-onverwacht-antwoord", _fout("malformed"), _besluit("toegekend"), "Onverwacht antwoord"),
    ("besluit-gemeente-onbekende-status", _fout("uitkering-onbekend"), _besluit("toegekend"),
     "Onbekende uitkeringsstatus"),
    ("besluit-zaak-bestaat-niet-meer", _zaak_weg, _besluit("toegekend"), "Gemeente weigerde"),
    ("controle-gemeente-storing-500", _fout("500"), _controle, "gaf 500"),
    # bron zgw: the gemeente's own aanvraag-zaak
    ("zgw-getypt-toegekend-geen-aanvraag", None, _besluit("toegekend", "zgw"), "nog niet besloten"),
    ("zgw-getypt-afgewezen-gemeente-kende-toe", _gemeente_besluit("toegekend"), _besluit("afgewezen", "zgw"),
     "meldt 'toegekend', niet 'afgewezen'"),
    ("zgw-onbekend-resultaat", _gemeente_besluit("afgewezen"), _zonder_afgewezen, "dat werkpad niet kent"),
    ("zgw-gemeente-storing-503", _fout("503"), _besluit("toegekend", "zgw"), "gaf 503"),
]

# In the hourly check a garbled answer about one traject must not stop the others: it is not
# refused but becomes one visible error entry (an audit 'fout' event and one staff task), and
# nothing else changes — also when the check runs again.
GARBLED = [("controle-gemeente-onverwacht-antwoord", "malformed", "Onverwacht antwoord"),
           ("controle-gemeente-onbekende-status", "uitkering-onbekend", "Onbekende uitkeringsstatus")]


@pytest.mark.parametrize(("mode", "msg"), [c[1:] for c in GARBLED], ids=[c[0] for c in GARBLED])
def test_garbled_answer_in_the_hourly_check_is_one_error_entry(world: dict[str, Any], mode: str, msg: str) -> None:
    voor, sim_voor = inhoud(world["url"]), gemeente(world["sim"])
    world["sim"].state.fault = mode
    for _ in range(2):
        res = _controle(world)
        assert [u["uitkomst"] for u in res] == ["fout"] and msg in res[0]["melding"]  # type: ignore[attr-defined,index]
    world["sim"].state.fault = None
    na = inhoud(world["url"])
    grown = {t: len(na[t]) - len(voor[t]) for t in na if len(na[t]) != len(voor[t])}
    assert grown == {"auditevent": 2, "taak": 1, "deadline": 1}  # the error and the task it opened
    for t in set(na) - set(grown):
        assert na[t] == voor[t], t
    assert gemeente(world["sim"]) == sim_voor


@pytest.mark.parametrize(("zet", "doe", "msg"), [c[1:] for c in PARTNER], ids=[c[0] for c in PARTNER])
def test_partner_answer_refused(world: dict[str, Any], zet: Callable[[SimServer], None] | None,
                                doe: Callable[[dict[str, Any]], object], msg: str) -> None:
    from domain.errors import DomainError
    from integrations.gemeente.errors import GemeenteError

    if zet is not None:
        zet(world["sim"])
    voor, sim_voor = inhoud(world["url"]), gemeente(world["sim"])
    with pytest.raises((DomainError, GemeenteError)) as exc:
        doe(world)
    world["sim"].state.fault = None
    assert msg in str(exc.value) and len(str(exc.value).splitlines()) == 1
    assert_unchanged(world, voor, sim_voor)


# A value that passes a form's schema but not the step's own check (an address without a dotted
# domain, free text as "who"): refused inside the run with a line that names the form's field,
# never a CLI option the form does not have, and nothing changes.
def _uitkomst_door(door: str) -> Callable[[dict[str, Any]], object]:
    def run(w: dict[str, Any]) -> object:
        from domain.traject import Actie, Advies, BredeIntakeUitkomst, Eigenaar, Route
        from tasks.brede_intake import leg_uitkomst_vast

        u = BredeIntakeUitkomst(advies=Advies.positief, route=Route.traject, plan_van_aanpak=[
            Actie(omschrijving="Trajectplan opstellen", eigenaar=Eigenaar.werkcoach,
                  deadline=date.fromisoformat(w["ids"]["over_week"]))])
        return leg_uitkomst_vast(w["rt"], referentie=w["ids"]["ref_open"], uitkomst=u, nu=datetime.now(UTC), actor=door)
    return run


def _uitkomst_aanvraag(dag: str) -> Callable[[dict[str, Any]], object]:
    """The brede intake form's aanvraag_ontvangen_op (issue 20, 26: it used to check the future only)."""
    def run(w: dict[str, Any]) -> object:
        from domain.traject import Actie, Advies, BredeIntakeUitkomst, Eigenaar, Route
        from tasks.brede_intake import leg_uitkomst_vast

        u = BredeIntakeUitkomst(advies=Advies.positief, route=Route.traject, plan_van_aanpak=[
            Actie(omschrijving="Trajectplan opstellen", eigenaar=Eigenaar.werkcoach,
                  deadline=date.fromisoformat(w["ids"]["over_week"]))],
            aanvraag_ontvangen_op=date.fromisoformat(w["ids"][dag]))
        return leg_uitkomst_vast(w["rt"], referentie=w["ids"]["ref_open"], uitkomst=u, nu=datetime.now(UTC),
                                 actor="werkcoach")
    return run


def _taak_door(door: str) -> Callable[[dict[str, Any]], object]:
    def run(w: dict[str, Any]) -> object:
        from tasks.taken import rond_af

        return rond_af(w["rt"], taak_id=int(w["ids"]["taak"]), nu=datetime.now(UTC), actor=door)
    return run


def _besluit_aanvraag(dag: str) -> Callable[[dict[str, Any]], object]:
    """The uitkeringsbesluit form's aanvraagdatum (bron handmatig: the klantmanager's word counts)."""
    def run(w: dict[str, Any]) -> object:
        from tasks.uitkering import verwerk_uitkeringsbesluit

        _bron(w, "handmatig")
        return verwerk_uitkeringsbesluit(w["rt"], referentie=w["ids"]["ref_wacht"], status="toegekend",
                                         nu=datetime.now(UTC), aanvraag_op=date.fromisoformat(w["ids"][dag])
                                         if dag in w["ids"] else date.fromisoformat(dag))
    return run


def _aanmelding(bsn: str) -> Callable[[dict[str, Any]], object]:
    """The aanmelding step itself (what `registreer_en_start` calls after the CLI's checks)."""
    def run(w: dict[str, Any]) -> object:
        from tasks.aanmelding import registreer

        return registreer(w["rt"], bsn=bsn, naam="Nieuwe Persoon", geboortedatum=date(1990, 1, 1), gemeente="velsen",
                          werkcoach="wc@ijw.example", nu=datetime.now(UTC), actor="test")
    return run


IN_FLOW: list[tuple[str, Callable[[dict[str, Any]], object], str]] = [
    ("aanmelding-bsn-acht-cijfers", _aanmelding(BSN_ACHT_CIJFERS), "een BSN heeft negen cijfers, dit nummer heeft er acht"),
    ("taak-door-bsn-in-groepen", _taak_door("jan 999 - 901 - 138"), "Het veld door bevat een nummer van negen cijfers"),
    ("taak-door-bsn-bengaals-in-adres", _taak_door("jan৯৯৯৯০১১৩৮@ijw.example"),
     "Het veld door bevat een nummer van negen cijfers"),
    ("besluit-aanvraagdatum-toekomst", _besluit_aanvraag("over_week"), "ligt in de toekomst"),
    ("besluit-aanvraagdatum-1900", _besluit_aanvraag("1900-01-01"), "te lang vóór de aanmelding"),
    ("besluit-aanvraagdatum-negen-weken-terug", _besluit_aanvraag("negen_weken_terug"), "te lang vóór de aanmelding"),
    ("uitkomst-aanvraagdatum-negen-weken-terug", _uitkomst_aanvraag("negen_weken_terug"), "te lang vóór de aanmelding"),
    ("uitkomst-door-vrije-tekst", _uitkomst_door("de baas!"), "Het veld door is een e-mailadres of een rol"),
    ("uitkomst-door-adres-zonder-domein", _uitkomst_door("wc@ijw"), "Het veld door 'wc@ijw'"),
    ("taak-door-vrije-tekst", _taak_door("de baas!"), "Het veld door is een e-mailadres of een rol"),
    ("taak-door-adres-zonder-domein", _taak_door("wc@ijw"), "Het veld door 'wc@ijw'"),
]


@pytest.mark.parametrize(("doe", "msg"), [c[1:] for c in IN_FLOW], ids=[c[0] for c in IN_FLOW])
def test_form_value_refused_inside_the_step_names_the_field(world: dict[str, Any],
                                                           doe: Callable[[dict[str, Any]], object], msg: str) -> None:
    from domain.errors import DomainError

    voor, sim_voor = inhoud(world["url"]), gemeente(world["sim"])
    with pytest.raises(DomainError) as exc:
        doe(world)
    assert msg in str(exc.value) and "--" not in str(exc.value) and len(str(exc.value).splitlines()) == 1
    assert_unchanged(world, voor, sim_voor)


# -- 3. the deployments' parameters (the Prefect server refuses before a run exists) ---------

# The brede intake's form is flat (its input model's fields: advies, route, plan_van_aanpak, aanvraag_ontvangen_op, door).
UITKOMST: dict[str, Any] = {"advies": "positief", "route": "traject",
            "plan_van_aanpak": [{"omschrijving": "Trajectplan opstellen", "eigenaar": "werkcoach",
                                 "deadline": "2026-12-31"}]}
REF = "IJW-2026-000001"

DEPLOYMENT: list[tuple[str, str, dict[str, Any], str]] = [
    ("oponthoud-reden-met-bsn", "tijdelijk-oponthoud-starten/starten",
     {"referentie": REF, "reden": f"BSN {BSN_IN_FORMULIER} ziek"}, "does not match"),
    *[(f"oponthoud-reden-bsn-{soort}", "tijdelijk-oponthoud-starten/starten",
       {"referentie": REF, "reden": f"Deelnemer {bsn} ziek"}, "does not match") for soort, bsn in BSN_IN_TEKST.items()],
    ("oponthoud-reden-regeleinde-aan-het-eind", "tijdelijk-oponthoud-starten/starten",
     {"referentie": REF, "reden": "Deelnemer ziek\n"}, "does not match"),  # `$` matched before a final \n
    ("oponthoud-reden-bengaals-cijfer", "tijdelijk-oponthoud-starten/starten",
     {"referentie": REF, "reden": "Deelnemer ৩ dagen ziek"}, "does not match"),
    ("oponthoud-door-bsn-in-groepen", "tijdelijk-oponthoud-starten/starten",
     {"referentie": REF, "reden": "Deelnemer ziek", "door": "jan 999 - 901 - 138"}, "does not match"),
    ("oponthoud-reden-met-nel", "tijdelijk-oponthoud-starten/starten",
     {"referentie": REF, "reden": "Deelnemer\u0085ziek lang"}, "does not match"),
    ("oponthoud-reden-met-lijnscheiding", "tijdelijk-oponthoud-verlengen/verlengen",
     {"referentie": REF, "reden": "Nog\u2028even", "tot": "2027-01-04"}, "does not match"),
    ("oponthoud-tot-geen-datum", "tijdelijk-oponthoud-verlengen/verlengen",
     {"referentie": REF, "reden": "Nog even weg", "tot": "morgen"}, "does not match"),
    ("actie-omschrijving-met-bsn", "uitkomst-vastleggen", {"referentie": REF, **UITKOMST, "plan_van_aanpak": [
        {"omschrijving": f"Bel {BSN_IN_FORMULIER}", "eigenaar": "werkcoach", "deadline": "2026-12-31"}]},
     "does not match"),
    ("aanmelding-bsn-als-referentie", "aanmelding", {"referentie": BSN_IN_FORMULIER}, "does not match"),
    ("aanmelding-referentie-kleine-letters", "aanmelding", {"referentie": REF.lower()}, "does not match"),
    ("aanmelding-referentie-arabische-cijfers", "aanmelding", {"referentie": "IJW-٢٠٢٦-٠٠٠٠٠١"}, "does not match"),
    ("aanmelding-referentie-met-bsn-erachter", "aanmelding", {"referentie": f"{REF} {BSN_IN_FORMULIER}"},
     "does not match"),
    ("aanmelding-verschoven-klok", "aanmelding", {"referentie": REF, "nu": "9999-12-31T00:00:00"},
     "Additional properties"),
    ("sweep-verschoven-klok", "elk-kwartier", {"nu": "9999-12-31T00:00:00"}, "Additional properties"),
    ("werkvoorraad-verschoven-klok", "werkdagen-0730", {"nu": "2000-01-01T07:30:00"}, "Additional properties"),
    ("uitkering-controle-verschoven-klok", "werkdagen-elk-uur", {"nu": "9999-12-31T00:00:00"}, "Additional properties"),
    ("besluit-in-behandeling", "uitkeringsbesluit", {"referentie": REF, "besluit": "in_behandeling"}, "is not one of"),
    ("besluit-misschien", "uitkeringsbesluit", {"referentie": REF, "besluit": "misschien"}, "is not one of"),
    ("besluit-ontbreekt", "uitkeringsbesluit", {"referentie": REF}, "is a required property"),
    ("uitkomst-door-regeleinde", "uitkomst-vastleggen",
     {"referentie": REF, **UITKOMST, "door": "wc\r\nBcc: x"}, "does not match"),
    ("uitkomst-31-acties", "uitkomst-vastleggen",
     {"referentie": REF, **UITKOMST, "plan_van_aanpak": UITKOMST["plan_van_aanpak"] * 31}, "is too long"),
    ("uitkomst-actie-regeleinde", "uitkomst-vastleggen",
     {"referentie": REF, **UITKOMST, "plan_van_aanpak": [
         {**UITKOMST["plan_van_aanpak"][0], "omschrijving": "Plan\nmet BSN"}]}, "does not match"),
    ("uitkomst-route-onbekend", "uitkomst-vastleggen",
     {"referentie": REF, **UITKOMST, "route": "ergens-heen"}, "is not one of"),
    # a BSN typed as "who": bare, or inside an address (it used to pass the form and fail inside the run)
    ("uitkomst-door-bsn", "uitkomst-vastleggen",
     {"referentie": REF, **UITKOMST, "door": BSN_IN_FORMULIER}, "does not match"),
    ("uitkomst-door-bsn-in-adres", "uitkomst-vastleggen",
     {"referentie": REF, **UITKOMST, "door": f"jan{BSN_IN_FORMULIER}@ijw.example"},
     "does not match"),
    # taak-afronden/afronden: the id fits the database (20 digits made a run that died of an
    # OverflowError), and `door` is the shared Door type
    ("taak-id-20-cijfers", "afronden", {"taak_id": 99999999999999999999}, "is greater than the maximum"),
    ("taak-id-2-tot-de-31e", "afronden", {"taak_id": 2**31}, "is greater than the maximum"),
    ("taak-id-nul", "afronden", {"taak_id": 0}, "is less than or equal to the minimum"),
    ("taak-door-bsn", "afronden", {"taak_id": 1, "door": BSN_IN_FORMULIER}, "does not match"),
    ("taak-door-regeleinde", "afronden", {"taak_id": 1, "door": "wc\r\nBcc: x"}, "does not match"),
    ("taak-door-html", "afronden", {"taak_id": 1, "door": "<b>baas</b>"}, "does not match"),
]


@pytest.fixture(scope="module")
def deployment_ids(prefect: None) -> dict[str, Any]:
    from deployments.serve import deployments

    ids: dict[str, Any] = {}
    for d in deployments():  # by "flow/deployment", and by the bare name (the first one that has it)
        dep_id = d.apply()
        ids[f"{d.flow_name}/{d.name}"] = dep_id
        ids.setdefault(d.name, dep_id)
    return ids


@pytest.mark.parametrize(("naam", "params", "msg"), [c[1:] for c in DEPLOYMENT], ids=[c[0] for c in DEPLOYMENT])
def test_deployment_parameters_refused_by_the_server(world: dict[str, Any], deployment_ids: dict[str, Any], naam: str,
                                                    params: dict[str, Any], msg: str) -> None:
    from prefect import get_client
    from prefect.exceptions import PrefectHTTPStatusError

    voor, sim_voor = inhoud(world["url"]), gemeente(world["sim"])
    with get_client(sync_client=True) as c:
        runs_voor = c.count_flow_runs()
        with pytest.raises(PrefectHTTPStatusError) as exc:
            c.create_flow_run_from_deployment(deployment_ids[naam], parameters=params)
        assert exc.value.response.status_code == 409 and msg in exc.value.response.text
        assert c.count_flow_runs() == runs_voor  # refused before a run (name, parameters, events) existed
    assert_unchanged(world, voor, sim_voor)


def test_deployment_accepts_a_good_run_and_keeps_the_bsn_out(world: dict[str, Any],
                                                            deployment_ids: dict[str, Any]) -> None:
    """The control: the same door lets a proper reference through, and the refused BSN was stored nowhere."""
    from prefect import get_client

    from tests.flows.test_slice import assert_no_personal_data_in_prefect

    with get_client(sync_client=True) as c:
        run = c.create_flow_run_from_deployment(deployment_ids["aanmelding"], parameters={"referentie": REF})
        assert run.parameters == {"referentie": REF}
        c.delete_flow_run(run.id)  # never executed: nothing serves the deployment here
    assert_no_personal_data_in_prefect([BSN_IN_FORMULIER, *BSN_IN_TEKST.values(),
                                        *(json.dumps(b)[1:-1] for b in BSN_IN_TEKST.values() if not b.isascii())])


def test_catalogue_size() -> None:
    assert len(CLI) + len(PARTNER) + len(DEPLOYMENT) + len(IN_FLOW) >= 50
    for groep in (CLI, PARTNER, DEPLOYMENT, IN_FLOW):  # the same bad input at two doors is two cases
        ids = [c[0] for c in groep]
        assert len(ids) == len(set(ids))
    assert IN_DE_STAP <= {c[0] for c in CLI}  # no stale name: each one a case that really runs


def test_the_same_doors_let_good_input_through(world: dict[str, Any], request: pytest.FixtureRequest,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """Controls for the refusals above: a legal ground moves a statutory term, a reason a task (the step's run)."""
    from casestore import repo
    from casestore.models import Deadline
    from tasks import runtime
    from werkpad.cli import app

    # A step that goes through sends what it queued at the end of its run: here to a real mail catcher.
    mailbox = request.getfixturevalue("mailbox")
    rt = runtime.build_runtime(make_settings(db_url=world["url"], sim_url=world["sim"].url,
                                             data_dir=world["rt"].settings.data_dir, smtp_port=mailbox.port))
    runtime.configure(rt)
    request.addfinalizer(rt.engine.dispose)
    world = {**world, "rt": rt}
    stap_in_proces(request, world, monkeypatch)
    ids, runner = world["ids"], CliRunner()
    with session(world["rt"].engine) as s:
        oud = s.get(Deadline, int(ids["zoektermijn"]))
        assert oud is not None
        oud_due = oud.due
    r = runner.invoke(app, ["deadline-verplaatsen", ids["zoektermijn"], "--grond", "opschorting", "--dagen", "14",
                            "--reden", "Deelnemer opgenomen in ziekenhuis"])
    assert r.exit_code == 0, r.output
    r = runner.invoke(app, ["deadline-verplaatsen", ids["taak_deadline"], "--naar", ids["over_week"], "--reden",
                            "Consulent afwezig", "--door", "WC@IJW.example"])
    assert r.exit_code == 0, r.output
    r = runner.invoke(app, ["case", "show", ids["ref_open"].lower()])
    assert r.exit_code == 0 and ids["ref_open"] in r.output
    with session(world["rt"].engine) as s:
        nieuw = s.get(Deadline, int(ids["zoektermijn"]))
        assert nieuw is not None and nieuw.due == oud_due + timedelta(days=14)  # a waiting term: no Atw shift
        regels = [e for e in repo.tijdlijn(s, traject=repo.get_traject(s, referentie=ids["ref_open"]))
                  if e.soort == "deadline-verplaatst"]
        assert "Opschorting (Pw art. 41 lid 4), 14 dag(en): Deelnemer opgenomen in ziekenhuis" in regels[0].omschrijving
        assert regels[1].actor == "wc@ijw.example"


# -- werkpad web: the brede-intake form of the open traject's outcome task ----------------------------------
# Each row: the form's values, the field whose Dutch reason must show next to it, a part of that reason. Nothing
# starts and nothing in the case store moves (only the view is logged, in `inzage`, outside TABELLEN).
WEB = [("web-advies-onbekend", {"advies": "misschien", "route": "traject"}, "advies", "is onbekend; kies uit"),
       ("web-advies-leeg", {"advies": "", "route": "traject"}, "advies", "ontbreekt"),
       ("web-route-onbekend", {"advies": "positief", "route": "ergens"}, "route", "is onbekend; kies uit"),
       ("web-actie-vorm", {"advies": "positief", "route": "traject", "plan_van_aanpak": "Alleen tekst"},
        "plan_van_aanpak", "moet de vorm"),
       ("web-actie-datum", {"advies": "positief", "route": "traject",
                            "plan_van_aanpak": "Trajectplan opstellen;werkcoach;2027-02-30"}, "plan_van_aanpak",
        "geen geldige datum"),
       ("web-actie-eigenaar", {"advies": "positief", "route": "traject",
                               "plan_van_aanpak": "Trajectplan opstellen;buurman;{over_week}"}, "plan_van_aanpak",
        "onbekend"),
       ("web-aanvraag-datum", {"advies": "positief", "route": "traject", "aanvraag_ontvangen_op": "morgen"},
        "aanvraag_ontvangen_op", "geen geldige datum"),
       *[(f"web-actie-bsn-{k}", {"advies": "positief", "route": "traject",
                                 "plan_van_aanpak": f"Bel {v};werkcoach;{{over_week}}"}, "plan_van_aanpak", "")
         for k, v in BSN_IN_TEKST.items()]]


@pytest.mark.parametrize(("naam", "velden", "veld", "reden"), WEB, ids=[c[0] for c in WEB])
def test_web_form_refuses(world: dict[str, Any], tmp_path: Path, naam: str, velden: dict[str, str], veld: str,
                          reden: str) -> None:
    import dataclasses
    import re
    from html import unescape

    from starlette.testclient import TestClient

    from casestore.models import Taak
    from domain.brede_intake import UITKOMST
    from notifications import taaklink
    from notifications.mailcatcher import MailCatcher, read_folder
    from tests.conftest import free_port
    from werkpad.web.app import maak_app

    ids = world["ids"]
    mc = MailCatcher(tmp_path / "web-mail", port=free_port()).start()
    try:
        s = world["rt"].settings.model_copy(update={"mail": world["rt"].settings.mail.model_copy(
            update={"smtp_port": mc.port})})
        rt = dataclasses.replace(world["rt"], settings=s)
        with session(rt.engine) as ses:
            taak = ses.exec(select(Taak).where(Taak.code == UITKOMST, Taak.status == "open")).first()
        assert taak is not None
        with TestClient(maak_app(s, runtime=rt), base_url="http://127.0.0.1") as c:
            r = c.get("/inloggen")
            c.post("/inloggen", data={"csrf": re.search(r'name="csrf" value="([^"]+)"', r.text).group(1),  # type: ignore[union-attr]
                                      "email": "wc@ijw.example"})
            url = re.search(r"/inloggen/link\?t=(\S+)", read_folder(tmp_path / "web-mail")[-1]
                            .get_body(("plain",)).get_content()).group(1)  # type: ignore[union-attr]
            r = c.get(f"/inloggen/link?t={url}")
            token = r.text.split('name="token" value="')[1].split('"')[0]
            c.post("/inloggen/link", data={"csrf": re.search(r'name="csrf" value="([^"]+)"', r.text).group(1),  # type: ignore[union-attr]
                                           "token": token})
            link = taaklink.maak(s.web_geheim(), taak_id=taak.id, email="wc@ijw.example")
            r = c.get(f"/taak/{taak.id}", params={"t": link})
            assert r.status_code == 200
            csrf = re.search(r'name="csrf" value="([^"]+)"', r.text).group(1)  # type: ignore[union-attr]
            voor, sim_voor = inhoud(world["url"]), gemeente(world["sim"])
            r = c.post(f"/taak/{taak.id}?t={link}", data={"csrf": csrf, "keuze": "0",
                                                          **{k: v.format(**ids) for k, v in velden.items()}})
    finally:
        mc.stop()
    assert r.status_code == 422, naam
    fout = unescape(r.text.split(f'id="f0-{veld}-fout">')[1].split("</p>")[0])
    assert reden.lower() in fout.lower(), (naam, fout)
    if naam.startswith("web-actie-bsn"):
        assert "BSN" in fout or "tekens" in fout, fout
    assert "Traceback" not in r.text
    assert_unchanged(world, voor, sim_voor)
