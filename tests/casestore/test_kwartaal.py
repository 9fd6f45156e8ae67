"""The seven quarterly tables, counted from the report events, on SQLite and PostgreSQL.

The events are written directly: live-shaped rows (with a traject_id, as repo.audit writes them)
and history rows (traject_id NULL, a referentie, as the import writes them). Every table's CSV is
asserted exactly for a hand-computed example; then real live steps produce the events."""

from __future__ import annotations

import json
from datetime import date, datetime, time
from typing import Any

import pytest
from sqlmodel import select
from typer.testing import CliRunner

from casestore.db import session
from casestore.kwartaal import TABELLEN, ZONDER_FASE, maak_tabel, maak_tabellen
from casestore.models import AuditEvent
from domain.herinneringen import lokaal_naar_utc
from domain.rapport import Controlefout, Periode
from tests.casestore.test_maatregel_rapport import _trajecten

Q1 = Periode.parse("2027Q1")
AFSPRAKEN = {2027: {"werkaanvaarding": 8, "parttime_werk": 0, "maximale_participatie": 4, "garantiebaan_18plus": 2,
                    "garantiebaan_pro_vso": 1, "verlengde_intake": 10}}


def _ev(engine: Any, gebeurtenis: str, dag: str, gemeente: str | None, waarde: str | None = None,
        fase: str | None = None, *, ref: str, traject_id: int | None = None, data: dict[str, Any] | None = None) -> None:
    d = date.fromisoformat(dag)
    with session(engine) as s:
        s.add(AuditEvent(traject_id=traject_id, op=lokaal_naar_utc(datetime.combine(d, time(9))), data=data or {},
                         actor="test" if traject_id else "import", soort=gebeurtenis, omschrijving="test",
                         proces=gebeurtenis.split(".")[0], gemeente=gemeente, gebeurtenis=gebeurtenis,
                         referentie=ref, datum=d, waarde=waarde, fase=fase))
        s.commit()


def _fase(engine: Any, dag: str, gemeente: str, naar: str | None, van: str | None, **kw: Any) -> None:
    _ev(engine, "traject.fase", dag, gemeente, naar, van, **kw)


def _uitstroom(engine: Any, dag: str, gemeente: str, uitkomst: str, van: str | None, **kw: Any) -> None:
    """As stroom_uit writes it: out of the fase, then the outcome with the fase it was in."""
    _fase(engine, dag, gemeente, None, van, **kw)
    _ev(engine, "traject.uitstroom", dag, gemeente, uitkomst, van, **kw)


def _data(engine: Any) -> None:
    ids = _trajecten(engine)  # three live trajecten (aangemeld 2026-09-01)
    t1: dict[str, Any] = {"ref": "IJW-2026-000001", "traject_id": ids["velsen"][0]}
    t2: dict[str, Any] = {"ref": "IJW-2026-000002", "traject_id": ids["beverwijk"][0]}
    t3: dict[str, Any] = {"ref": "IJW-2026-000003", "traject_id": ids["heemskerk"][0]}
    # fasen: T1 velsen kennismaking -> werk vinden -> werkaanvaarding on the last day of the period
    _fase(engine, "2026-12-01", "velsen", "kennismaking", None, **t1)
    _fase(engine, "2027-02-01", "velsen", "werk-vinden", "kennismaking", **t1)
    _uitstroom(engine, "2027-03-31", "velsen", "werkaanvaarding", "werk-vinden", **t1)
    # T2 beverwijk: kennismaking -> persoonlijke ontwikkeling on the first day, then parttime werk
    _fase(engine, "2026-11-15", "beverwijk", "kennismaking", None, **t2)
    _fase(engine, "2027-01-01", "beverwijk", "persoonlijke-ontwikkeling", "kennismaking", **t2)
    _ev(engine, "traject.deels_uitgestroomd", "2027-03-01", "beverwijk", None, "persoonlijke-ontwikkeling", **t2)
    # history: H1 heemskerk in persoonlijke ontwikkeling, moves on the day after the period
    _fase(engine, "2026-10-01", "heemskerk", "persoonlijke-ontwikkeling", None, ref="H-1")
    _ev(engine, "traject.deels_uitgestroomd", "2027-02-10", "heemskerk", None, "persoonlijke-ontwikkeling",
        ref="H-1")
    _fase(engine, "2027-04-01", "heemskerk", "werk-vinden", "persoonlijke-ontwikkeling", ref="H-1")
    # H2 velsen: starts and breaks off inside the period; H3 beverwijk: werk houden -> passende plek
    _fase(engine, "2027-03-15", "velsen", "kennismaking", None, ref="H-2")
    _uitstroom(engine, "2027-03-20", "velsen", "voortijdig-afgebroken", "kennismaking", ref="H-2")
    _fase(engine, "2026-12-31", "beverwijk", "werk-houden", None, ref="H-3")
    _uitstroom(engine, "2027-01-10", "beverwijk", "maximale-participatie", "werk-houden", ref="H-3")
    # nbw: Uitgeest (history only) and velsen before the period, heemskerk in it
    _ev(engine, "indicatie.geplaatst", "2020-05-01", "uitgeest", ref="H-7")
    _ev(engine, "indicatie.geplaatst", "2026-06-01", "velsen", **t1)
    _ev(engine, "indicatie.geplaatst", "2027-03-01", "heemskerk", ref="H-1")
    # funnel and intakes: the period's first and last day count, the days around it do not
    # (the aanmelding's waarde: the age band at aanmelding, for the doelgroepen)
    _ev(engine, "traject.aangemeld", "2027-01-05", "velsen", "50+", ref="H-8")
    _ev(engine, "traject.aangemeld", "2027-02-01", "heemskerk", "16/17", **t3)
    _ev(engine, "brede_intake.afgerond", "2027-01-20", "velsen", "positief", ref="H-8")
    _ev(engine, "brede_intake.afgerond", "2027-02-15", "heemskerk", "negatief", **t3)
    _ev(engine, "brede_intake.afgerond", "2027-03-10", "beverwijk", "verlengde_intake", ref="H-9")
    _ev(engine, "brede_intake.afgerond", "2026-12-31", "beverwijk", "positief", ref="H-10")  # before
    _ev(engine, "brede_intake.afgerond", "2027-04-01", "velsen", "positief", ref="H-11")  # after
    # beschikkingen
    _ev(engine, "maatregelonderzoek.beschikt", "2027-01-01", "velsen", "M1M10", **t1)
    _ev(engine, "maatregelonderzoek.beschikt", "2027-03-31", "velsen", "AFZIEN", ref="H-12")
    _ev(engine, "maatregelonderzoek.beschikt", "2027-02-01", "heemskerk", "MGEMATIGD", **t3)
    _ev(engine, "maatregelonderzoek.beschikt", "2027-04-01", "velsen", "M2M10", **t1)  # after
    # garantiebaan: H-4 velsen placed from werk vinden at 17 (PRO/VSO), H-5 beverwijk at 52, H-6 before the period
    _fase(engine, "2026-06-01", "velsen", "werk-vinden", None, ref="H-4")
    _fase(engine, "2027-02-01", "velsen", None, "werk-vinden", ref="H-4")
    _ev(engine, "traject.uitstroom", "2027-02-01", "velsen", "garantiebaan", "werk-vinden", ref="H-4",
        data={"uitkomst": "garantiebaan", "fase": "werk-vinden", "leeftijd": "16/17"})
    _ev(engine, "traject.uitstroom", "2027-03-02", "beverwijk", "garantiebaan", None, ref="H-5",
        data={"uitkomst": "garantiebaan", "fase": None, "leeftijd": "50+"})
    _ev(engine, "traject.uitstroom", "2026-12-02", "beverwijk", "garantiebaan", None, ref="H-6",
        data={"uitkomst": "garantiebaan", "fase": None, "leeftijd": "18-49"})
    # doelgroepregister: UWV's positive indicatie banenafspraak for T3
    _ev(engine, "indicatie.garantiebaan", "2027-02-20", "heemskerk", **t3)
    # AD&A: H-13 heemskerk in since before the period, advies in it (a later lapse is no second exit);
    # H-14 velsen in and out (the traject closed) in the period; T3 heemskerk in on the last day
    _ev(engine, "verlengde_intake.gestart", "2026-12-01", "heemskerk", ref="H-13")
    _ev(engine, "verlengde_intake.advies_gegeven", "2027-02-01", "heemskerk", ref="H-13")
    _ev(engine, "verlengde_intake.vervallen", "2027-03-05", "heemskerk", ref="H-13")
    _ev(engine, "verlengde_intake.gestart", "2027-01-15", "velsen", ref="H-14")
    _ev(engine, "verlengde_intake.vervallen", "2027-03-01", "velsen", ref="H-14")
    _ev(engine, "verlengde_intake.gestart", "2027-03-31", "heemskerk", **t3)
    # history of 2021: Uitgeest was still a member
    _ev(engine, "traject.aangemeld", "2021-03-01", "uitgeest", ref="H-20")
    _ev(engine, "traject.aangemeld", "2021-06-01", "velsen", ref="H-21")


VERWACHT = {
    "intakes-maatregelen": """\
Intakes en maatregelen 2027Q1,Beverwijk,Heemskerk,Velsen,Totaal
Aantal afgeronde intakes,1,1,1,3
Aantal maatregelen,0,1,2,3
""",
    "beschikkingen": """\
Beschikkingen 2027Q1,Beverwijk,Heemskerk,Velsen,Totaal
Beschikking afzien maatregel,0,0,1,1
Beschikking maatregel 100%,0,0,0,0
Beschikking maatregel 1 maand 10%,0,0,1,1
Beschikking maatregel 1 maand 20%,0,0,0,0
Beschikking maatregel 2 maanden 10%,0,0,0,0
Beschikking maatregel 2 maanden 20%,0,0,0,0
Beschikking gematigde maatregel,0,1,0,1
Totaal,0,1,2,3
""",
    "fasen": """\
Fasen 2027Q1,1-1-2027,Bij,Af,31-3-2027
Kennismaking,2,1,3,0
Persoonlijke ontwikkeling,1,1,0,2
Ontwikkeling door werkervaring,0,0,0,0
Ontwikkeling sollicitatievaardigheden,0,0,0,0
Werk vinden,1,1,2,0
Werk houden,1,0,1,0
Totaal,5,3,6,2
""",
    "fase-uitstroom": """\
Uitstroom per fase 2027Q1,Werkaanvaarding,Passende plek,Voortijdig afgebroken
Kennismaking,0,0,1
Persoonlijke ontwikkeling,0,0,0
Ontwikkeling door werkervaring,0,0,0
Ontwikkeling sollicitatievaardigheden,0,0,0
Werk vinden,1,1,0
Werk houden,0,1,0
Zonder fase,0,1,0
Totaal,1,3,1
""",
    "regulier-werk": """\
Regulier werk 2027Q1,Beverwijk,Heemskerk,Velsen,Totaal,Afspraak,%
Werkaanvaarding,0,0,1,1,8,13%
Parttime werk,1,1,0,2,0,n.b.
Maximale participatie,1,0,0,1,4,25%
Totaal,2,1,1,4,12,33%
""",
    "nbw": """\
Nieuw Beschut Werk 2027Q1,Instroom tot periode,Instroom periode,Totaal
Beverwijk,0,0,0
Heemskerk,0,1,1
Uitgeest,1,0,1
Velsen,1,0,1
Totaal,2,1,3
""",
    "funnel": """\
Funnel 2027Q1,Beverwijk,Heemskerk,Velsen,Totaal
Aanmeldingen,0,1,1,2
Afgeronde intakes,1,1,1,3
Negatief re-integratieadvies,0,1,0,1
Naar verlengde intake,1,0,0,1
""",
    "garantiebaan": """\
Garantiebaan 2027Q1,Realisatie,Afspraak,%
> 18 jarige,1,2,50%
PRO/VSO 16/17 jarige,1,1,100%
Totaal,2,3,67%
""",
    "ada-kandidaten": """\
AD&A kandidaten 2027Q1,Stand begin,Bij,Af,Stand eind,Afspraak,%
Beverwijk,0,0,0,0,n.b.,n.b.
Heemskerk,1,1,1,1,n.b.,n.b.
Velsen,0,1,1,0,n.b.,n.b.
Totaal,1,2,2,1,10,20%
""",
    "doelgroepen": """\
Trajecten specifieke doelgroepen 2027Q1,Beverwijk,Heemskerk,Velsen,Totaal
PRO/VSO 16/17 jarigen,0,1,0,1
50+,0,0,1,1
Doelgroepregister (indicatie banenafspraak),0,1,0,1
* Statushouders: werkpad legt niet vast of een deelnemer statushouder is; die rij ontbreekt tot de aanmelding het vastlegt.
""",
}
NA_2021 = tuple(n for n in TABELLEN if n != "treden")  # the tables of a period reported in fasen


def test_every_table_exactly(engine: Any) -> None:
    _data(engine)
    with session(engine) as s:
        tabellen = maak_tabellen(s, Q1, AFSPRAKEN)
        assert [t.als_csv() for t in tabellen] == [VERWACHT[n] for n in NA_2021]
        for naam in NA_2021:  # one table on its own is the same table
            assert maak_tabel(s, naam, Q1, AFSPRAKEN).als_csv() == VERWACHT[naam]


def test_the_next_period_starts_where_the_last_ended(engine: Any) -> None:
    _data(engine)
    with session(engine) as s:
        q2 = maak_tabel(s, "fasen", Periode.parse("2027Q2"), AFSPRAKEN)
        jaar = maak_tabel(s, "fasen", Periode.parse("2027"), AFSPRAKEN)
    assert q2.als_csv() == """\
Fasen 2027Q2,1-4-2027,Bij,Af,30-6-2027
Kennismaking,0,0,0,0
Persoonlijke ontwikkeling,2,0,1,1
Ontwikkeling door werkervaring,0,0,0,0
Ontwikkeling sollicitatievaardigheden,0,0,0,0
Werk vinden,0,1,0,1
Werk houden,0,0,0,0
Totaal,2,1,1,2
"""
    assert dict(jaar.rijen)["Totaal"] == [5, 4, 7, 2]
    assert jaar.kolommen == ["1-1-2027", "Bij", "Af", "31-12-2027"]


def test_uitgeest_in_history_and_a_year_without_target(engine: Any) -> None:
    _data(engine)
    with session(engine) as s:
        funnel = maak_tabel(s, "funnel", Periode.parse("2021"), AFSPRAKEN)
        nbw = maak_tabel(s, "nbw", Periode.parse("2021"), AFSPRAKEN)
        rw = maak_tabel(s, "regulier-werk", Periode.parse("2021"), AFSPRAKEN)
    assert funnel.als_csv().splitlines()[:2] == ["Funnel 2021,Uitgeest,Velsen,Totaal", "Aanmeldingen,1,1,2"]
    assert nbw.als_csv() == ("Nieuw Beschut Werk 2021,Instroom tot periode,Instroom periode,Totaal\n"
                             "Uitgeest,1,0,1\nVelsen,0,0,0\nTotaal,1,0,1\n")
    assert rw.als_csv() == ("Regulier werk 2021,Uitgeest,Velsen,Totaal,Afspraak,%\n"
                            "Werkaanvaarding,0,0,0,n.b.,n.b.\nParttime werk,0,0,0,n.b.,n.b.\n"
                            "Maximale participatie,0,0,0,n.b.,n.b.\nTotaal,0,0,0,n.b.,n.b.\n")


def test_an_empty_period_has_only_a_totaal_column_of_zeros(engine: Any) -> None:
    with session(engine) as s:
        t = {x.titel.split(" 2010Q1")[0]: x.als_csv() for x in maak_tabellen(s, Periode.parse("2010Q1"), {})}
    assert t["Intakes en maatregelen"] == ("Intakes en maatregelen 2010Q1,Totaal\n"
                                           "Aantal afgeronde intakes,0\nAantal maatregelen,0\n")
    assert t["Beschikkingen"].splitlines()[0] == "Beschikkingen 2010Q1,Totaal"
    assert t["Beschikkingen"].splitlines()[-1] == "Totaal,0"
    assert t["Fasen"].splitlines()[-1] == "Totaal,0,0,0,0"
    assert t["Uitstroom per fase"].splitlines()[-1] == "Totaal,0,0,0"
    assert t["Regulier werk"] == ("Regulier werk 2010Q1,Totaal,Afspraak,%\n"
                                  "Werkaanvaarding,0,n.b.,n.b.\nParttime werk,0,n.b.,n.b.\n"
                                  "Maximale participatie,0,n.b.,n.b.\nTotaal,0,n.b.,n.b.\n")
    assert t["Trajecten per trede"].splitlines()[0] == "Trajecten per trede 2010Q1,1-1-2010,Bij,Af,31-3-2010"
    assert t["Trajecten per trede"].splitlines()[-1] == "Totaal,0,0,0,0"
    assert t["AD&A kandidaten"] == ("AD&A kandidaten 2010Q1,Stand begin,Bij,Af,Stand eind,Afspraak,%\n"
                                    "Totaal,0,0,0,0,n.b.,n.b.\n")
    assert t["Nieuw Beschut Werk"] == "Nieuw Beschut Werk 2010Q1,Instroom tot periode,Instroom periode,Totaal\n" \
                                      "Totaal,0,0,0\n"
    assert t["Funnel"] == ("Funnel 2010Q1,Totaal\nAanmeldingen,0\nAfgeronde intakes,0\n"
                           "Negatief re-integratieadvies,0\nNaar verlengde intake,0\n")


def test_uitstroom_without_a_fase_and_other_outcomes(engine: Any) -> None:
    """An uitstroom of a traject in no fase gets its own row, so that Totaal stays the sum of the
    rows; outcomes without a column (terugmelding naar de gemeente, einde uitkering) are not in this
    table. A garantiebaan is a passende plek (issue 20: the Begrippenlijst)."""
    _uitstroom(engine, "2027-02-02", "velsen", "werkaanvaarding", None, ref="H-30")
    _fase(engine, "2027-01-02", "velsen", "werk-vinden", None, ref="H-31")
    _uitstroom(engine, "2027-02-03", "velsen", "garantiebaan", "werk-vinden", ref="H-31")
    _uitstroom(engine, "2027-02-04", "velsen", "passende-plek", None, ref="H-32")
    _uitstroom(engine, "2027-02-05", "velsen", "terugmelding-gemeente", None, ref="H-33")
    with session(engine) as s:
        t = maak_tabel(s, "fase-uitstroom", Q1, {})
        fasen = maak_tabel(s, "fasen", Q1, {})
    assert t.rijen[-2:] == [(ZONDER_FASE, [1, 1, 0]), ("Totaal", [1, 2, 0])]
    assert dict(t.rijen)["Werk vinden"] == [0, 1, 0]
    assert dict(fasen.rijen)["Werk vinden"] == [0, 1, 1, 0]


@pytest.mark.parametrize(("gebeurtenis", "gemeente", "waarde", "fase", "tabel", "cel"), [
    # an exit from a fase nobody entered: a negative stock
    ("traject.fase", "velsen", None, "werk-houden", "fasen", "'Werk houden' / '1-1-2027' is -1"),
    # an event without a gemeente: the gemeenten do not add up to Totaal
    ("brede_intake.afgerond", None, "positief", None, "funnel", "'Aanmeldingen' / 'Totaal'"),
    # a beschikking of an unknown type: the rows do not add up to Totaal
    ("maatregelonderzoek.beschikt", "velsen", "M9", None, "beschikkingen", "'Totaal' / 'Velsen' is 1"),
    # a fase the report does not know
    ("traject.fase", "velsen", "trede-7", None, "fasen", "'Totaal' / '1-1-2027' is 1"),
])
def test_a_failed_check_names_the_cell(engine: Any, gebeurtenis: str, gemeente: str | None, waarde: str | None,
                                       fase: str | None, tabel: str, cel: str) -> None:
    _ev(engine, "traject.aangemeld", "2026-12-01", gemeente, ref="H-40")
    _ev(engine, gebeurtenis, "2026-12-01", gemeente, waarde, fase, ref="H-40")
    with session(engine) as s, pytest.raises(Controlefout) as e:
        maak_tabel(s, tabel, Periode.parse("2026Q4" if tabel != "fasen" else "2027Q1"), {})
    assert cel in str(e.value) and "\n" not in str(e.value)


def test_cli(rt: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    import werkpad.cli_rapport as m
    from werkpad.cli import app

    monkeypatch.setattr(m, "runtime", lambda: rt)
    monkeypatch.setattr(rt, "afspraken", AFSPRAKEN)
    monkeypatch.setattr(m, "de_dag_van_vandaag", lambda: date(2027, 6, 1))
    _data(rt.engine)
    assert m.NAMEN == TABELLEN  # the CLI's own copy (no SQLModel for --help) is the same list
    r = CliRunner().invoke(app, ["rapport", "--periode", "2027Q1", "--tabel", "regulier-werk"])
    assert r.exit_code == 0, r.output
    assert r.stdout == VERWACHT["regulier-werk"]
    r = CliRunner().invoke(app, ["rapport", "--periode", "2027q1", "--tabel", "alle", "--formaat", "csv"])
    assert r.exit_code == 0, r.output
    assert r.stdout == "\n".join(VERWACHT[n] for n in NA_2021)
    r = CliRunner().invoke(app, ["rapport", "--periode", "2027Q1", "--tabel", "alle", "--formaat", "md"])
    assert r.stdout.count("## ") == 10 and "## Fasen 2027Q1\n\n| Fasen 2027Q1 | 1-1-2027 | Bij |" in r.stdout
    r = CliRunner().invoke(app, ["rapport", "--periode", "2027Q1", "--tabel", "alle", "--formaat", "html"])
    assert r.stdout.count("<h2>") == 10 and r.stdout.count("<table>") == 10
    assert r.stdout.startswith('<!DOCTYPE html>\n<html lang="nl">\n<head>\n<meta charset="utf-8">\n'
                               "<title>Kwartaalrapportage 2027Q1</title>") and r.stdout.endswith("</body>\n</html>\n")
    r = CliRunner().invoke(app, ["rapport", "--periode", "2027Q1", "--tabel", "regulier-werk", "--formaat", "json"])
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout) == {
        "naam": "regulier-werk", "periode": "2027Q1", "titel": "Regulier werk 2027Q1",
        "kolommen": ["Beverwijk", "Heemskerk", "Velsen", "Totaal", "Afspraak", "%"],
        "rijen": [["Werkaanvaarding", [0, 0, 1, 1, 8, "13%"]], ["Parttime werk", [1, 1, 0, 2, 0, "n.b."]],
                  ["Maximale participatie", [1, 0, 0, 1, 4, "25%"]], ["Totaal", [2, 1, 1, 4, 12, "33%"]]],
        "voetnoten": []}
    r = CliRunner().invoke(app, ["rapport", "--periode", "2027Q1", "--tabel", "alle", "--formaat", "json"])
    alle = json.loads(r.stdout)
    assert [t["naam"] for t in alle] == list(NA_2021)
    assert next(t for t in alle if t["naam"] == "fasen")["kolommen"] == ["1-1-2027", "Bij", "Af", "31-3-2027"]
    r = CliRunner().invoke(app, ["rapport", "--periode", "2027Q1", "--tabel", "nbw", "--formaat", "html"])
    assert "<h2>" not in r.stdout and "<th>Uitgeest</th>" in r.stdout and "<title>Nieuw Beschut Werk 2027Q1</title>" in r.stdout
    for args, melding in ((["--tabel", "bestaat-niet"], "Onbekende tabel 'bestaat-niet'. Kies uit: intakes-"),
                          (["--tabel", "fasen", "--formaat", "pdf"], "Onbekend formaat 'pdf'"),
                          (["--tabel", "fasen", "--periode", "2027Q9"], "2023H1")):
        r = CliRunner().invoke(app, ["rapport", "--periode", "2027Q1", *args])
        assert r.exit_code == 1 and r.output.startswith("Fout: ") and melding in r.output, r.output
        assert len(r.output.strip().splitlines()) == 1
    r = CliRunner().invoke(app, ["rapport", "--periode", "2027Q3", "--tabel", "fasen"])  # not begun: a typo?
    assert r.exit_code == 1 and r.output == "Fout: De periode 2027Q3 is nog niet begonnen (vandaag is 2027-06-01).\n"
    r = CliRunner().invoke(app, ["rapport", "--periode", "2027", "--tabel", "nbw"])  # running: said, still shown
    assert r.exit_code == 0 and r.stdout.startswith("Nieuw Beschut Werk 2027,")
    assert "de periode 2027 loopt nog tot en met 2027-12-31; de tabellen zijn voorlopig" in " ".join(r.output.split())
    _ev(rt.engine, "traject.fase", "2027-02-01", "velsen", None, "werk-houden", ref="H-50")  # exit without entry
    r = CliRunner().invoke(app, ["rapport", "--periode", "2027Q1", "--tabel", "alle"])
    assert r.exit_code == 1 and r.stdout == ""
    assert r.output.strip() == ("Fout: Tabel 'Fasen 2027Q1': cel 'Werk houden' / '31-3-2027' is -1; een voorraad of stroom "
                                "kan niet negatief zijn (een uitstroom zonder instroom?).")


def _intake(rt: Any, bsn: str, gemeente: str, advies: str, route: str) -> str:
    """Aanmelding and a brede intake with this outcome, by the real steps."""
    from domain.traject import Advies, BredeIntakeUitkomst, Route
    from tasks.aanmelding import plan_intake, registreer
    from tasks.brede_intake import leg_uitkomst_vast
    from tests.conftest import at

    t0 = at("2026-11-23T09:00")
    ref: str = registreer(rt, bsn=bsn, naam="Funnel Persoon", geboortedatum=date(1985, 1, 1), gemeente=gemeente,
                          werkcoach=f"wc.{gemeente}@ijw.example", nu=t0, actor="test")
    plan_intake(rt, referentie=ref, nu=t0)
    leg_uitkomst_vast(rt, referentie=ref, nu=at("2026-12-07T11:00"), actor="test",
                      uitkomst=BredeIntakeUitkomst(advies=Advies(advies), route=Route(route), plan_van_aanpak=[]))
    return ref


def test_live_steps_produce_the_events_the_tables_count(rt: Any, sim: Any) -> None:
    """End to end: aanmelding, brede intake (positive, negative, to the verlengde intake), the
    uitkering's grant (first fase), a fase change, parttime werk, werkaanvaarding and a
    beschikking, by the real steps; the tables count them."""
    from domain.fasen import Fase, Uitstroom
    from tasks.fasen import stroom_uit, wijzig_fase
    from tests.conftest import at
    from tests.tasks.test_maatregel import lopend, tot_beschikking

    r1 = lopend(rt, sim, "999905016", gemeente="velsen")
    r2 = lopend(rt, sim, "999905028", gemeente="beverwijk")
    wijzig_fase(rt, referentie=r1, fase=Fase.werk_vinden, reden="Klaar om te solliciteren.",
                nu=at("2027-01-15T10:00"), actor="test")
    stroom_uit(rt, referentie=r1, uitkomst=Uitstroom.parttime_werk, reden="Parttime baan.", nu=at("2027-02-01T10:00"),
               actor="test")
    stroom_uit(rt, referentie=r1, uitkomst=Uitstroom.werkaanvaarding, reden="Vaste baan.",
               nu=at("2027-03-01T10:00"), actor="test")
    tot_beschikking(rt, r2, "M1M10")
    _intake(rt, "999905041", "heemskerk", "negatief", "terug-naar-gemeente")
    _intake(rt, "999900213", "heemskerk", "positief", "verlengde-intake")
    with session(rt.engine) as s:
        q4 = {t.titel: t for t in maak_tabellen(s, Periode.parse("2026Q4"), AFSPRAKEN)}
        q1 = {t.titel: t for t in maak_tabellen(s, Q1, AFSPRAKEN)}
    assert q4["Funnel 2026Q4"].als_csv() == ("Funnel 2026Q4,Beverwijk,Heemskerk,Velsen,Totaal\n"
                                             "Aanmeldingen,1,2,1,4\nAfgeronde intakes,1,2,1,4\n"
                                             "Negatief re-integratieadvies,0,1,0,1\nNaar verlengde intake,0,1,0,1\n")
    eerste = dict(q4["Fasen 2026Q4"].rijen)
    assert eerste["Totaal"] == [0, 2, 0, 2]  # both entered their first fase when the uitkering was granted
    fasen = dict(q1["Fasen 2027Q1"].rijen)
    assert fasen["Werk vinden"] == [0, 1, 1, 0] and fasen["Totaal"] == [2, 1, 2, 1]
    assert dict(q1["Uitstroom per fase 2027Q1"].rijen)["Werk vinden"] == [1, 0, 0]
    assert q1["Regulier werk 2027Q1"].als_csv() == ("Regulier werk 2027Q1,Beverwijk,Velsen,Totaal,Afspraak,%\n"
                                                    "Werkaanvaarding,0,1,1,8,13%\nParttime werk,0,1,1,0,n.b.\n"
                                                    "Maximale participatie,0,0,0,4,0%\nTotaal,0,2,2,12,17%\n")
    assert q1["Intakes en maatregelen 2027Q1"].als_csv() == (
        "Intakes en maatregelen 2027Q1,Beverwijk,Velsen,Totaal\n"
        "Aantal afgeronde intakes,0,0,0\nAantal maatregelen,1,0,1\n")
    assert dict(q1["Beschikkingen 2027Q1"].rijen)["Beschikking maatregel 1 maand 10%"] == [1, 0, 1]


def test_live_steps_write_the_age_band_and_the_ada_kandidaat(rt: Any, sim: Any) -> None:
    """Issue 20, items 12, 13, 16 by the real steps: the aanmelding writes the age band (16/17 for a
    PRO/VSO school leaver), the uitstroom garantiebaan the age band at placement (never the birth
    date), and the verlengde intake's start and its lapse at uitstroom move the AD&A kandidaten."""
    from domain.fasen import Uitstroom
    from tasks.aanmelding import registreer
    from tasks.fasen import stroom_uit
    from tasks.verlengde_intake import start
    from tests.conftest import at
    from tests.tasks.test_maatregel import lopend

    r1 = lopend(rt, sim, "999905016", gemeente="velsen")  # born 1984: 42 at placement
    r2 = lopend(rt, sim, "999905028", gemeente="beverwijk")
    start(rt, referentie=r1, nu=at("2027-01-11T10:00"), actor="test")
    start(rt, referentie=r2, nu=at("2027-02-11T10:00"), actor="test")
    stroom_uit(rt, referentie=r1, uitkomst=Uitstroom.garantiebaan, reden="Garantiebaan bij de gemeente.",
               nu=at("2027-03-01T10:00"), actor="test")
    registreer(rt, bsn="999905041", naam="Jonge Schoolverlater", geboortedatum=date(2010, 6, 1), gemeente="heemskerk",
               werkcoach="wc.heemskerk@ijw.example", nu=at("2027-01-04T09:00"), actor="test")
    with session(rt.engine) as s:
        uit = s.exec(select(AuditEvent).where(AuditEvent.gebeurtenis == "traject.uitstroom")).one()
        aanmelding = s.exec(select(AuditEvent).where(AuditEvent.gebeurtenis == "traject.aangemeld",
                                                     AuditEvent.gemeente == "heemskerk")).one()
        gb = maak_tabel(s, "garantiebaan", Q1, AFSPRAKEN)
        ada = maak_tabel(s, "ada-kandidaten", Q1, AFSPRAKEN)
        dg = maak_tabel(s, "doelgroepen", Q1, AFSPRAKEN)
    assert uit.data == {"uitkomst": "garantiebaan", "fase": "kennismaking", "leeftijd": "18-49"}
    assert aanmelding.data == {"leeftijd": "16/17"} and aanmelding.waarde == "16/17"
    assert gb.rijen == [("> 18 jarige", [1, 2, "50%"]), ("PRO/VSO 16/17 jarige", [0, 1, "0%"]),
                        ("Totaal", [1, 3, "33%"])]
    assert ada.als_csv().splitlines()[1:] == ["Beverwijk,0,1,0,1,n.b.,n.b.", "Heemskerk,0,0,0,0,n.b.,n.b.",
                                              "Velsen,0,1,1,0,n.b.,n.b.", "Totaal,0,2,1,1,10,20%"]
    assert dict(dg.rijen)["PRO/VSO 16/17 jarigen"] == [0, 1, 0, 1]
