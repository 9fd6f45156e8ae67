"""`werkpad maatregel …` and `werkpad deelnemer adres`: the commands as staff type them.

Bad input (an unknown gedraging, type or uitkomst, a bad date or moment, nine digits in a text, a
role where vier ogen needs a person, the proposer approving) is refused with one Dutch line before
Prefect, and nothing is written. The walk runs the flows in-process (the session's Prefect test
server); the concept and the beschikking land in files only their owner can read (0600).
"""

from __future__ import annotations

import stat
import tempfile
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import func, select
from typer.testing import CliRunner

from casestore import repo
from casestore.db import session
from casestore.models import AuditEvent, Deelnemer, Maatregel, Outbox
from tests.conftest import at
from tests.flows.test_maatregel_flows import ADRES, BSN, NAAM, POSTCODE, TL, WC, WOONPLAATS

BSN_IN_TEKST = "999900006"


def _lopend(rt: Any, sim: Any, bsn: str, adres: bool = True) -> str:
    from tests.flows.test_maatregel_flows import lopend_traject

    ref = lopend_traject(rt, sim, bsn)
    if not adres:
        with session(rt.engine) as s:
            d = s.get(Deelnemer, repo.get_traject(s, referentie=ref).deelnemer_id)
            assert d is not None
            d.adres = d.postcode = d.woonplaats = None
            s.add(d)
            s.commit()
    return ref


def _tot_vier_ogen(rt: Any, ref: str) -> None:
    """Melding, horen, toelichting and a proposal by the werkcoach (plain steps, no Prefect)."""
    from tasks.maatregel import leg_toelichting_vast, meld_verzuim, nodig_uit, stel_voor

    meld_verzuim(rt, referentie=ref, gedraging="afspraak_niet_nagekomen", verzuim_op=date(2026, 12, 11),
                 feiten="Niet verschenen op de training", nu=at("2026-12-14T09:00"), actor=WC)
    nodig_uit(rt, referentie=ref, gesprek_op=datetime(2026, 12, 17, 10, 0), locatie="Kantoor Velsen",
              nu=at("2026-12-14T10:00"), actor=WC)
    leg_toelichting_vast(rt, referentie=ref, toelichting="Was vergeten af te melden", nu=at("2026-12-17T11:00"),
                         actor=WC)
    stel_voor(rt, referentie=ref, verwijtbaar=True, nu=at("2026-12-18T09:00"), actor=WC)


def _inhoud(rt: Any) -> tuple[int, ...]:
    with session(rt.engine) as s:
        adressen = s.exec(select(func.count()).select_from(Deelnemer).where(Deelnemer.adres.is_not(None))).one()  # type: ignore[union-attr]
        return (s.exec(select(func.count()).select_from(AuditEvent)).one(),
                s.exec(select(func.count()).select_from(Outbox)).one(),
                s.exec(select(func.count()).select_from(Maatregel)).one(), adressen)


@pytest.fixture()
def cli(rt: Any, deur: Any, monkeypatch: pytest.MonkeyPatch) -> Any:
    """The CLI on the test's runtime; a step runs its flow in-process (its guard refuses inside the run)."""
    import werkpad.cli_maatregel as m

    monkeypatch.setattr(m, "settings", lambda: rt.settings)
    return m


def werkpad(*args: str) -> Any:
    from werkpad.cli import app

    return CliRunner().invoke(app, list(args))


VIER_OGEN, NIETS = "{vier_ogen}", "{niets}"
MELDEN = ["maatregel", "melden", NIETS, "--verzuim-op", "2026-11-23", "--feiten", "Niet verschenen op de training"]
WEIGERINGEN: list[tuple[str, list[str], str]] = [
    ("gedraging-onbekend", [*MELDEN, "--gedraging", "te_laat_op_kantoor"], "Onbekende gedraging 'te_laat_op_kantoor'"),
    ("verzuimdatum-bestaat-niet", ["maatregel", "melden", NIETS, "--gedraging", "afspraak_niet_nagekomen",
                                   "--verzuim-op", "2026-02-30", "--feiten", "Niet verschenen"], "die dag bestaat niet"),
    ("verzuimdatum-tekst", ["maatregel", "melden", NIETS, "--gedraging", "afspraak_niet_nagekomen", "--verzuim-op",
                            "gisteren", "--feiten", "Niet verschenen"], "geen geldige datum"),
    ("feiten-met-bsn", ["maatregel", "melden", NIETS, "--gedraging", "afspraak_niet_nagekomen", "--verzuim-op",
                        "2026-11-23", "--feiten", f"Deelnemer {BSN_IN_TEKST} kwam niet"], "negen cijfers"),
    ("feiten-bsn-in-groepen", ["maatregel", "melden", NIETS, "--gedraging", "afspraak_niet_nagekomen", "--verzuim-op",
                               "2026-11-23", "--feiten", "Zie 999 90 0006 in het dossier"], "negen cijfers"),
    ("al-een-onderzoek", ["maatregel", "melden", VIER_OGEN, "--gedraging", "afspraak_niet_nagekomen", "--verzuim-op",
                          "2026-11-23", "--feiten", "Weer niet verschenen"], "maatregelonderzoek loopt al"),
    ("referentie-is-bsn", ["maatregel", "status", BSN_IN_TEKST], "trajectnummer"),
    ("horen-zonder-onderzoek", ["maatregel", "horen", NIETS, "--gesprek", "2026-12-17 10:00", "--locatie",
                                "Kantoor Velsen"], "er loopt geen maatregelonderzoek"),
    ("gesprek-tekst", ["maatregel", "horen", VIER_OGEN, "--gesprek", "morgen 10:00", "--locatie", "Kantoor Velsen"],
     "geen geldig tijdstip"),
    ("horen-na-voorstel", ["maatregel", "horen", VIER_OGEN, "--gesprek", "2030-01-07 10:00", "--locatie",
                           "Kantoor Velsen"], "Voorstel bij teamleider"),
    ("type-onbekend", ["maatregel", "goedkeuren", VIER_OGEN, "--type", "M3M30", "--door", TL],
     "--type: 'M3M30' is onbekend; kies uit AFZIEN, M100"),
    ("goedkeuren-door-voorsteller", ["maatregel", "goedkeuren", VIER_OGEN, "--type", "M1M10", "--door", WC],
     "deed zelf het voorstel"),
    ("goedkeuren-ander-type", ["maatregel", "goedkeuren", VIER_OGEN, "--type", "M2M20", "--door", TL],
     "het voorstel is M1M10"),
    ("goedkeuren-door-een-rol", ["maatregel", "goedkeuren", VIER_OGEN, "--type", "M1M10", "--door", "teamleider"],
     "vraagt om een persoon"),
    ("terugsturen-door-voorsteller", ["maatregel", "terugsturen", VIER_OGEN, "--reden", "Nog eens kijken",
                                      "--door", WC], "deed zelf het voorstel"),
    ("voorstel-twee-keer", ["maatregel", "voorstel", VIER_OGEN, "--verwijtbaar", "ja", "--door", WC],
     "Voorstel bij teamleider"),
    ("verwijtbaar-misschien", ["maatregel", "voorstel", VIER_OGEN, "--verwijtbaar", "misschien", "--door", WC],
     "--verwijtbaar: 'misschien' is onbekend; kies uit ja, nee"),
    ("uitkomst-onbekend", ["maatregel", "bezwaar-beslissen", VIER_OGEN, "--uitkomst", "half"],
     "--uitkomst: 'half' is onbekend; kies uit ongegrond, gegrond, deels-gegrond, niet-ontvankelijk"),
    ("heroverwegen-zonder", ["maatregel", "heroverwegen", VIER_OGEN, "--uitkomst", "handhaven"],
     "er loopt geen heroverweging maatregel"),
    ("bezwaar-zonder-beschikking", ["maatregel", "bezwaar", VIER_OGEN, "--ontvangen-op", "2026-11-23"],
     "er is nog geen beschikking"),
    ("beschikking-zonder", ["maatregel", "beschikking", VIER_OGEN], "er is nog geen beschikking"),
    ("intrekken-na-voorstel", ["maatregel", "intrekken", VIER_OGEN, "--reden", "Ten onrechte gemeld"],
     "Voorstel bij teamleider"),
    ("gedragingen-datum", ["maatregel", "gedragingen", "--op", "2026-13-01"], "geen geldige datum"),
    ("gedragingen-te-vroeg", ["maatregel", "gedragingen", "--gemeente", "velsen", "--op", "2020-01-01"],
     "geen regels die gelden op 2020-01-01"),
    ("adres-postcode", ["deelnemer", "adres", NIETS, "--adres", "Dorpsstraat 1", "--postcode", "0123AB",
                        "--woonplaats", "Velsen"], "geen Nederlandse postcode"),
    ("adres-met-bsn", ["deelnemer", "adres", NIETS, "--adres", f"Dorpsstraat {BSN_IN_TEKST}", "--postcode", "1971AB",
                       "--woonplaats", "Velsen"], "negen cijfers"),
    ("adres-onbekend-traject", ["deelnemer", "adres", "IJW-2026-999999", "--adres", "Dorpsstraat 1", "--postcode",
                                "1971AB", "--woonplaats", "Velsen"], "Onbekend traject"),
]


@pytest.mark.parametrize(("args", "msg"), [c[1:] for c in WEIGERINGEN], ids=[c[0] for c in WEIGERINGEN])
def test_bad_input_is_one_dutch_line_and_writes_nothing(rt: Any, sim: Any, cli: Any, args: list[str],
                                                        msg: str) -> None:
    ids = {"vier_ogen": _lopend(rt, sim, BSN), "niets": _lopend(rt, sim, "999900638", adres=False)}
    _tot_vier_ogen(rt, ids["vier_ogen"])
    voor = _inhoud(rt)
    r = werkpad(*[a.format(**ids) if "{" in a else a for a in args])
    regels = r.output.strip().splitlines()
    assert r.exit_code == 1 and len(regels) == 1 and regels[0].startswith("Fout: ") and msg in regels[0], r.output
    assert BSN_IN_TEKST not in regels[0] or "trajectnummer" in regels[0]
    assert _inhoud(rt) == voor


def test_fast_commands_answer_without_a_flow(rt: Any, sim: Any, cli: Any) -> None:
    ref = _lopend(rt, sim, BSN)
    r = werkpad("maatregel", "status", ref)
    assert r.exit_code == 0 and r.output.strip() == f"{ref}: geen maatregelonderzoek.", r.output
    _tot_vier_ogen(rt, ref)
    r = werkpad("maatregel", "status", ref)
    assert r.exit_code == 0, r.output
    uit = " ".join(r.output.split())
    assert "afspraak_niet_nagekomen (verzuim 2026-12-11): Voorstel bij teamleider; M1M10 10% × 1 mnd" in uit
    assert "loopt: maatregelonderzoek – Voorstel bij teamleider" in uit
    assert NAAM not in r.output and BSN not in r.output and ADRES not in r.output
    r = werkpad("maatregel", "typen")
    assert r.exit_code == 0 and "M2M20: Beschikking maatregel 2 maanden 20%" in r.output
    r = werkpad("maatregel", "gedragingen", "--gemeente", "velsen", "--op", "2026-12-01")
    assert r.exit_code == 0 and "Velsen: IJmondiale Maatregelverordening" in r.output
    assert "arbeid_niet_aanvaard" in r.output and "M100 (100% × 3 mnd)" in r.output
    r = werkpad("deelnemer", "adres", ref, "--adres", "Kerkstraat 3", "--postcode", "1941 ab", "--woonplaats",
                "Beverwijk")
    assert r.exit_code == 0 and r.output.strip() == f"{ref}: correspondentieadres vastgelegd.", r.output
    with session(rt.engine) as s:
        d = s.get(Deelnemer, repo.get_traject(s, referentie=ref).deelnemer_id)
        assert d is not None and (d.adres, d.postcode, d.woonplaats) == ("Kerkstraat 3", "1941AB", "Beverwijk")
        assert "Kerkstraat" not in " ".join(e.omschrijving for e in s.exec(select(AuditEvent)).all())


def _modus(pad: Path) -> int:
    return stat.S_IMODE(pad.stat().st_mode)


def test_the_commands_walk_to_the_beschikking(prefect: Any, rt: Any, sim: Any, mailbox: Any, cli: Any,
                                              monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)
    ref = _lopend(rt, sim, BSN, adres=False)

    def ok(*args: str) -> str:
        r = werkpad(*args)
        assert r.exit_code == 0, r.output
        return " ".join(r.output.split())

    assert ok("maatregel", "melden", ref, "--gedraging", "afspraak_niet_nagekomen", "--verzuim-op", "2026-12-11",
              "--feiten", "Niet verschenen op de training", "--door", WC, "--nu", "2026-12-14T09:00") \
        .startswith(f"{ref}: verzuim gemeld (afspraak_niet_nagekomen); nodig de deelnemer uit")
    assert ok("maatregel", "horen", ref, "--gesprek", "2026-12-17 10:00", "--locatie", "Kantoor Velsen",
              "--nu", "2026-12-14T10:00").startswith(f"{ref}: gesprek op 2026-12-17 10:00; schriftelijk reageren")
    assert ok("maatregel", "toelichting", ref, "--toelichting", "Was vergeten af te melden", "--nu",
              "2026-12-17T11:00").startswith(f"{ref}: toelichting vastgelegd")
    r = werkpad("maatregel", "voorstel", ref, "--verwijtbaar", "ja", "--door", WC, "--nu", "2026-12-18T09:00")
    assert r.exit_code == 1 and "Leg het correspondentieadres vast (deelnemer adres" in r.output  # the letter needs an address
    ok("deelnemer", "adres", ref, "--adres", ADRES, "--postcode", POSTCODE, "--woonplaats", WOONPLAATS)
    assert ok("maatregel", "voorstel", ref, "--verwijtbaar", "ja", "--door", WC, "--nu", "2026-12-18T09:00") \
        .startswith(f"{ref}: voorstel M1M10 (Beschikking maatregel 1 maand 10%) ligt bij de teamleider")

    concept = Path(ok("maatregel", "concept", ref, "--nu", "2026-12-21T09:00"))
    # by default in the data folder's private map, never the current directory (a git checkout)
    assert concept == tmp_path / "documenten" / f"concept-{ref}.html" and _modus(concept) == 0o600
    assert _modus(concept.parent) == 0o700
    html = concept.read_text(encoding="utf-8")
    assert NAAM in html and ADRES in html and BSN not in html
    eigen = Path(tempfile.mkdtemp()) / "mijn.html"  # outside the data folder (tmp_path here)
    eigen.write_text("oud")
    eigen.chmod(0o644)
    # --uit never replaces an existing file without --overschrijf (issue 19 point 13): one line, file untouched
    r = werkpad("maatregel", "concept", ref, "--uit", str(eigen))
    assert r.exit_code == 1 and " ".join(r.output.split()) == (f"Fout: --uit: {eigen} bestaat al; kies een ander "
                                                                "bestand of geef --overschrijf.")
    assert eigen.read_text() == "oud" and _modus(eigen) == 0o644
    assert Path(ok("maatregel", "concept", ref, "--uit", str(eigen), "--overschrijf")) == eigen and _modus(eigen) == 0o600

    # Awb 4:8: not while the written reaction term of the invitation runs (until 29-12, Christmas in between)
    r = werkpad("maatregel", "goedkeuren", ref, "--type", "m1m10", "--door", TL, "--nu", "2026-12-21T09:30")
    assert r.exit_code == 1 and "de reactietermijn loopt nog tot en met 2026-12-29" in " ".join(r.output.split())
    assert ok("maatregel", "goedkeuren", ref, "--type", "m1m10", "--door", TL, "--nu", "2026-12-30T09:30") \
        .startswith(f"{ref}: beschikking MR-{ref}-")
    pdf = Path(ok("maatregel", "beschikking", ref))
    assert pdf.parent == tmp_path / "documenten" and pdf.suffix == ".pdf" and _modus(pdf) == 0o600
    if rt.settings.casestore.url.startswith("sqlite:///"):  # the case store itself: never, even with --overschrijf
        db = Path(rt.settings.casestore.url.removeprefix("sqlite:///"))
        groot = db.stat().st_size
        for doel in (db, db.with_name(db.name + "-wal"), db.with_name(db.name + "-shm")):  # found in the trial
            for extra in ([], ["--overschrijf"]):
                r = werkpad("maatregel", "beschikking", ref, "--uit", str(doel), *extra)
                assert r.exit_code == 1 and "Fout: --uit" in r.output and "Traceback" not in r.output, r.output
        assert db.stat().st_size == groot and db.read_bytes().startswith(b"SQLite format 3")
    # nothing else in werkpad's data folder either (mail, logs, Prefect): only its own documenten map
    r = werkpad("maatregel", "beschikking", ref, "--uit", str(tmp_path / "brief.pdf"), "--overschrijf")
    assert r.exit_code == 1 and "ligt in de datamap van werkpad" in " ".join(r.output.split()), r.output
    assert not (tmp_path / "brief.pdf").exists()
    assert pdf.read_bytes().startswith(b"%PDF")
    uit = ok("maatregel", "status", ref)
    assert "Beschikking genomen; M1M10" in uit and "besluit 2026-12-30" in uit and "verlaagd: 2027-01 10%" in uit
    r = werkpad("maatregel", "goedkeuren", ref, "--type", "M1M10", "--door", TL)
    assert r.exit_code == 1 and "er loopt geen maatregelonderzoek" in r.output
    assert "De laatste beschikking (MR-" in " ".join(r.output.split())
    # a request for herziening dated before the beschikking: refused before Prefect, one line
    r = werkpad("maatregel", "inkeer", ref, "--ontvangen-op", "2026-12-18", "--nu", "2026-12-31T09:00")
    assert r.exit_code == 1 and "ligt vóór de beschikking" in " ".join(r.output.split())
    assert len([regel for regel in r.output.splitlines() if regel.strip()]) <= 2
