"""Issue 20, items 10-16: the kwartaalrapportage against the organisation's published tables.

History is imported exactly as `werkpad import gebeurtenissen` does (the published figures of Q1
2020 and H1 2023 as events), and the tables are built with the shipped werkpad/afspraken.toml: the
cells must be the published ones (realisatie, afspraak, %)."""

from __future__ import annotations

from typing import Any

import pytest

from casestore.db import session
from casestore.kwartaal import maak_tabel, maak_tabellen, tabellen_voor
from domain.historie import KOP, ImportGeweigerd
from domain.rapport import Controlefout, Periode, Tabel, controleer_fasen
from tasks.config import load_afspraken
from tasks.settings import DEFAULT_AFSPRAKEN_FILE
from tests.casestore.test_historie import importeer

AFSPRAKEN = load_afspraken(DEFAULT_AFSPRAKEN_FILE)  # the shipped file: what the bestuur's report uses


class Csv:
    """A history file: every traject its own referentie, numbered."""

    def __init__(self) -> None:
        self.rijen: list[str] = []
        self.n = 0

    def ref(self) -> str:
        self.n += 1
        return f"P-{self.n}"

    def rij(self, ref: str, gemeente: str, dag: str, soort: str, waarde: str = "") -> None:
        self.rijen.append(f"{ref},{gemeente},{dag},{soort},{waarde}")

    def uitstroom(self, aantal: int, gemeente: str, dag: str, waarde: str, fase: str | None = "werk-vinden") -> None:
        for _ in range(aantal):
            r = self.ref()
            if fase:
                self.rij(r, gemeente, "2019-12-02", "fase", fase)
            self.rij(r, gemeente, dag, "uitstroom", waarde)

    def parttime(self, aantal: int, gemeente: str, dag: str) -> None:
        for _ in range(aantal):
            r = self.ref()
            self.rij(r, gemeente, "2019-12-02", "fase", "werk-vinden")
            self.rij(r, gemeente, dag, "parttime_werk")

    def tekst(self) -> str:
        return "\n".join([KOP, *self.rijen]) + "\n"


def _csv(t: Tabel) -> list[str]:
    return t.als_csv().splitlines()


# -- item 10 + 11: the afspraken and the regulier-werk table (2020: tabel 6a) ------------------------

def test_the_shipped_afspraken_are_the_published_ones_and_other_years_say_they_are_assumptions() -> None:
    assert AFSPRAKEN[2020] == {"werkaanvaarding": 200, "parttime_werk": 75, "maximale_participatie": 75,
                               "verlengde_intake": 300}
    assert AFSPRAKEN[2023] == {"werkaanvaarding": 200, "parttime_werk": 75, "maximale_participatie": 50}
    assert AFSPRAKEN.aannames == {2021, 2022, 2024, 2025, 2026, 2027}  # type: ignore[attr-defined]


def test_regulier_werk_q1_2020_is_table_6a(engine: Any) -> None:
    """Q1 2020 (published): werkaanvaarding 42, parttime werk 22, maximale participatie 7 against the
    afspraken 200 / 75 / 75; Totaal 71 of 350."""
    f = Csv()
    f.uitstroom(20, "velsen", "2020-02-03", "werkaanvaarding")
    f.uitstroom(22, "beverwijk", "2020-03-31", "werkaanvaarding")
    f.parttime(22, "heemskerk", "2020-01-01")
    f.uitstroom(7, "velsen", "2020-03-02", "maximale_participatie")
    f.uitstroom(1, "velsen", "2020-04-01", "werkaanvaarding")  # the day after the quarter
    importeer(engine, f.tekst())
    with session(engine) as s:
        t = maak_tabel(s, "regulier-werk", Periode.parse("2020Q1"), AFSPRAKEN)
    assert _csv(t) == ["Regulier werk 2020Q1,Beverwijk,Heemskerk,Velsen,Totaal,Afspraak,%",
                       "Werkaanvaarding,22,0,20,42,200,21%",
                       "Parttime werk,0,22,0,22,75,29%",
                       "Maximale participatie,0,0,7,7,75,9%",
                       "Totaal,22,22,27,71,350,20%"]
    assert t.voetnoten == []  # 2020 is published: no assumption


def test_regulier_werk_h1_2023_and_passende_plek_wider_than_maximale_participatie(engine: Any) -> None:
    """H1 2023 (published): werkaanvaarding 48, parttime 14 (6/3/5), maximale participatie 28 against
    200 / 75 / 50, and in the fase-uitstroom table 89 passende plek: maximale participatie (28),
    garantiebaan and NBW-dienstverband count as a passende plek (item 14, the Begrippenlijst)."""
    f = Csv()
    f.uitstroom(48, "velsen", "2023-05-01", "werkaanvaarding")
    f.parttime(6, "beverwijk", "2023-02-01")
    f.parttime(3, "heemskerk", "2023-02-01")
    f.parttime(5, "velsen", "2023-02-01")
    f.uitstroom(28, "heemskerk", "2023-06-30", "maximale_participatie")
    f.uitstroom(40, "beverwijk", "2023-03-01", "garantiebaan_18plus")
    f.uitstroom(20, "beverwijk", "2023-03-01", "nbw")
    f.uitstroom(1, "velsen", "2023-01-02", "passende_plek")
    f.uitstroom(3, "velsen", "2023-01-02", "terugmelding_gemeente")  # no place: not a passende plek
    importeer(engine, f.tekst())
    p = Periode.parse("2023H1")
    with session(engine) as s:
        rw = maak_tabel(s, "regulier-werk", p, AFSPRAKEN)
        uit = maak_tabel(s, "fase-uitstroom", p, AFSPRAKEN)
        fasen = maak_tabel(s, "fasen", p, AFSPRAKEN)
    assert _csv(rw)[1:] == ["Werkaanvaarding,0,0,48,48,200,24%", "Parttime werk,6,3,5,14,75,19%",
                            "Maximale participatie,0,28,0,28,50,56%", "Totaal,6,31,53,90,325,28%"]
    assert dict(uit.rijen)["Totaal"] == [48, 89, 0]
    # item 15: the stock columns carry the period's first and last day, as the published table does
    assert fasen.kolommen == ["1-1-2023", "Bij", "Af", "30-6-2023"]
    assert _csv(fasen)[0] == "Fasen 2023H1,1-1-2023,Bij,Af,30-6-2023"


def test_an_assumed_year_says_so_under_the_table_in_every_format(engine: Any) -> None:
    f = Csv()
    f.uitstroom(3, "velsen", "2024-02-01", "werkaanvaarding")
    importeer(engine, f.tekst())
    with session(engine) as s:
        t = maak_tabel(s, "regulier-werk", Periode.parse("2024Q1"), AFSPRAKEN)
    noot = "* Afspraak 2024: een aanname (niet uit een gepubliceerde rapportage; zie werkpad/afspraken.toml)."
    assert t.voetnoten == [noot]
    assert _csv(t)[1] == "Werkaanvaarding,3,3,200,2%" and _csv(t)[-1] == noot
    assert t.als_markdown().endswith("\n\n\\" + noot + "\n")
    assert t.als_html().endswith(f'<p class="voetnoot">{noot}</p>\n')
    assert t.als_dict()["voetnoten"] == [noot]


# -- item 12: garantiebaan -----------------------------------------------------------------------------

def test_garantiebaan_by_age_at_placement(engine: Any) -> None:
    f = Csv()
    f.uitstroom(5, "velsen", "2020-02-03", "garantiebaan_18plus")
    f.uitstroom(2, "heemskerk", "2020-03-03", "garantiebaan_16_17")
    f.uitstroom(1, "heemskerk", "2020-03-03", "garantiebaan")  # no age known: its own row, still in Totaal
    importeer(engine, f.tekst())
    with session(engine) as s:
        t = maak_tabel(s, "garantiebaan", Periode.parse("2020Q1"), {2020: {"garantiebaan_18plus": 20,
                                                                          "garantiebaan_pro_vso": 4}})
    assert _csv(t) == ["Garantiebaan 2020Q1,Realisatie,Afspraak,%", "> 18 jarige,5,20,25%",
                       "PRO/VSO 16/17 jarige,2,4,50%", "Leeftijd onbekend,1,n.b.,n.b.", "Totaal,8,24,33%"]


# -- item 13: AD&A kandidaten and trajecten per trede --------------------------------------------------

def test_ada_kandidaten_q1_2020(engine: Any) -> None:
    """Q1 2020 (published): stand 54, 35 new, 43 out, stand 46; 35 of the budgeted 300 is 12%."""
    f = Csv()
    for i in range(54):  # in the verlengde intake on 1-1-2020; 43 of them leave in the quarter
        r = f.ref()
        f.rij(r, "velsen" if i % 2 else "beverwijk", "2019-11-04", "verlengde_intake_start")
        if i < 43:
            f.rij(r, "velsen" if i % 2 else "beverwijk", "2020-03-16", "verlengde_intake_einde")
    for _ in range(35):
        f.rij(f.ref(), "heemskerk", "2020-02-10", "verlengde_intake_start")
    importeer(engine, f.tekst())
    with session(engine) as s:
        t = maak_tabel(s, "ada-kandidaten", Periode.parse("2020Q1"), AFSPRAKEN)
    assert _csv(t) == ["AD&A kandidaten 2020Q1,Stand begin,Bij,Af,Stand eind,Afspraak,%",
                       "Beverwijk,27,0,22,5,n.b.,n.b.", "Heemskerk,0,35,0,35,n.b.,n.b.",
                       "Velsen,27,0,21,6,n.b.,n.b.", "Totaal,54,35,43,46,300,12%"]


def test_trajecten_per_trede_before_2021(engine: Any) -> None:
    f = Csv()
    a, b, c = f.ref(), f.ref(), f.ref()
    f.rij(a, "velsen", "2019-10-01", "trede", "3")
    f.rij(a, "velsen", "2020-02-01", "trede", "4")  # doorstroom 3 -> 4 in the quarter
    f.rij(b, "velsen", "2020-01-15", "trede", "trede 5")
    f.rij(b, "velsen", "2020-03-01", "uitstroom", "werkaanvaarding")  # the uitstroom leaves the trede
    f.rij(c, "heemskerk", "2019-06-01", "trede", "6")
    importeer(engine, f.tekst())
    p = Periode.parse("2020Q1")
    with session(engine) as s:
        t = maak_tabel(s, "treden", p, AFSPRAKEN)
        namen = [x.titel for x in maak_tabellen(s, p, AFSPRAKEN)]
    assert _csv(t) == ["Trajecten per trede 2020Q1,1-1-2020,Bij,Af,31-3-2020", "Trede 1,0,0,0,0", "Trede 2,0,0,0,0",
                       "Trede 3,1,0,1,0", "Trede 4,0,1,0,1", "Trede 5,0,1,1,0", "Trede 6,1,0,0,1", "Totaal,2,2,2,2"]
    assert "Trajecten per trede 2020Q1" in namen  # a period reported in treden has the table in `alle`
    assert "treden" in tabellen_voor(Periode.parse("2020")) and "treden" not in tabellen_voor(Periode.parse("2021"))


@pytest.mark.parametrize(("rijen", "reden"), [
    (["P-1,velsen,2020-01-06,trede,7"], "regel 2: onbekende waarde '7' voor trede; kies uit 1, 2, 3, 4, 5, 6"),
    (["P-1,velsen,2020-01-06,trede,"], "regel 2: waarde ontbreekt; kies uit 1, 2, 3, 4, 5, 6"),
    (["P-1,velsen,2020-01-06,trede,3", "P-1,velsen,2020-02-06,trede,3"], "regel 3: het traject staat al op trede 3"),
    (["P-1,velsen,2020-01-06,verlengde_intake_einde,"], "regel 2: er loopt geen verlengde intake (AD&A) om te "
                                                       "beëindigen; eerst verlengde_intake_start"),
    (["P-1,velsen,2020-01-06,verlengde_intake_start,", "P-1,velsen,2020-01-07,verlengde_intake_start,"],
     "regel 3: er loopt al een verlengde intake (AD&A); sluit die eerst met verlengde_intake_einde"),
    (["P-1,velsen,2020-01-06,verlengde_intake_start,ja"], "regel 2: een verlengde_intake_start heeft geen waarde"),
    (["P-1,velsen,2020-01-06,uitstroom,garantiebaan_15"], "regel 2: onbekende waarde 'garantiebaan_15' voor "
                                                         "uitstroom"),
    (["P-1,velsen,2020-01-06,aanmelding,65+"], "regel 2: onbekende waarde '65+' voor aanmelding"),
])
def test_the_new_import_kinds_refuse_bad_rows(engine: Any, rijen: list[str], reden: str) -> None:
    with pytest.raises(ImportGeweigerd) as e:
        importeer(engine, "\n".join([KOP, *rijen]) + "\n")
    assert any(r.startswith(reden) for r in e.value.regels()), e.value.regels()


def test_an_uitstroom_during_the_verlengde_intake_ends_the_kandidaat_as_live(engine: Any) -> None:
    f = Csv()
    r = f.ref()
    f.rij(r, "velsen", "2020-01-06", "verlengde_intake_start")
    f.rij(r, "velsen", "2020-02-06", "uitstroom", "terugmelding_gemeente")
    importeer(engine, f.tekst())
    with session(engine) as s:
        t = maak_tabel(s, "ada-kandidaten", Periode.parse("2020Q1"), {})
    assert dict(t.rijen)["Totaal"] == [0, 1, 1, 0, "n.b.", "n.b."]


def test_the_stock_check_holds_for_the_new_tables() -> None:
    t = Tabel("AD&A kandidaten 2020Q1", ["Stand begin", "Bij", "Af", "Stand eind", "Afspraak", "%"],
              [("Velsen", [54, 35, 43, 47, "n.b.", "n.b."]), ("Totaal", [54, 35, 43, 47, 300, "12%"])])
    with pytest.raises(Controlefout, match=r"cel 'Velsen' / 'Stand eind' is 47, maar Begin \+ Bij − Af = 54 \+ 35 − 43"):
        controleer_fasen(t)


# -- item 16: doelgroepen -----------------------------------------------------------------------------

def test_doelgroepen_from_the_age_band_at_aanmelding(engine: Any) -> None:
    f = Csv()
    f.rij(f.ref(), "velsen", "2023-04-03", "aanmelding", "16/17")
    f.rij(f.ref(), "velsen", "2023-04-03", "aanmelding", "50+")
    f.rij(f.ref(), "beverwijk", "2023-05-03", "aanmelding", "50+")
    f.rij(f.ref(), "beverwijk", "2023-05-03", "aanmelding", "18-49")
    f.rij(f.ref(), "beverwijk", "2023-05-03", "aanmelding", "")
    importeer(engine, f.tekst())
    with session(engine) as s:
        t = maak_tabel(s, "doelgroepen", Periode.parse("2023Q2"), AFSPRAKEN)
    assert _csv(t)[:4] == ["Trajecten specifieke doelgroepen 2023Q2,Beverwijk,Velsen,Totaal",
                           "PRO/VSO 16/17 jarigen,0,1,1", "50+,1,1,2",
                           "Doelgroepregister (indicatie banenafspraak),0,0,0"]
    assert t.voetnoten[0].startswith("* Statushouders: werkpad legt niet vast")
