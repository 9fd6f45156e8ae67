"""Maatregelonderzoek rules (domain/maatregel.py): the verordening as data (parsing and every
refusal, the version in force), maatregel bepalen (afzien lid 9, table, recidive ladder lid 5-8,
matiging lid 10), recidive, the months of the reduction, the inkeerregeling and the terms."""

from __future__ import annotations

import copy
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from domain.errors import DomainError, TransitionRefused
from domain.gemeenten import Gemeente
from domain.invoer import OngeldigeInvoer
from domain.kalender import Kalender
from domain.maatregel import (
    AFZIEN,
    BEZWAAR,
    HEROVERWEGING,
    INKEER,
    MAATREGELONDERZOEK,
    BeschikkingType,
    EerdereMaatregel,
    RegeltabelFout,
    Uitkomst,
    bepaal_maatregel,
    beslissing_op_bezwaar_uiterlijk,
    bezwaartermijn,
    controleer_gesprek,
    controleer_verzenddatum,
    heroverweging_uiterlijk,
    inkeer_beslissen_uiterlijk,
    inkeer_tweede_maand,
    kortingsmaanden,
    looptijd,
    na_inkeer,
    onderzoek_uiterlijk,
    parse_type,
    parse_uitkomst,
    recidive_groep,
    recidive_stap,
    regeltabel_uit,
)
from tasks.config import load_maatregelen
from tasks.settings import DEFAULT_MAATREGELEN_FILE

K = Kalender()
KB_2026 = "Besluit gelijkstelling van 2 januari 2026, 15 mei 2026, 7 mei 2027, 28 april 2028 en 26 mei 2028"


# -- the rule table -------------------------------------------------------------------------
def gedraging(code: str = "afspraak", uitkomsten: list[str] | None = None, **extra: Any) -> dict[str, Any]:
    return {"code": code, "label": f"Label {code}", "grondslag": "Maatregelverordening art. 9",
            "uitkomsten": uitkomsten if uitkomsten is not None else ["M1M10", "M2M10"], **extra}


def versie(gemeente: str = "velsen", vanaf: date = date(2023, 7, 1), *gedragingen: dict[str, Any],
           verordening: str = "Verordening test") -> dict[str, Any]:
    return {"gemeente": gemeente, "geldig_vanaf": vanaf, "verordening": verordening,
            "gedraging": list(gedragingen) or [gedraging()]}


def tabel(*extra: dict[str, Any], zonder: str | None = None) -> dict[str, Any]:
    """Valid data: one version per gemeente, plus `extra` versions, with the shipped law's ladder ([[wet]])."""
    import tomllib

    from tasks.config import WET_FILE

    return {"versie": [versie(g.value) for g in Gemeente if g.value != zonder] + list(extra),
            "wet": tomllib.loads(WET_FILE.read_text(encoding="utf-8"))["wet"]}


def test_the_shipped_table_loads_for_every_gemeente() -> None:
    t = load_maatregelen(DEFAULT_MAATREGELEN_FILE)
    for g in Gemeente:
        v = t.op(g, date(2026, 1, 1))
        assert v.geldig_vanaf == date(2023, 7, 1)
        assert v.gedraging("arbeid_niet_aanvaard").arbeidsverplichting
        assert t.op(g, date(2027, 1, 1)).geldig_vanaf == date(2027, 1, 1)  # Participatiewet in balans
        assert [u.maanden for u in v.gedraging("arbeid_niet_aanvaard").uitkomsten] == [1, 2, 3]
        assert [u.type for u in v.gedraging("afspraak_niet_nagekomen").uitkomsten] == [
            BeschikkingType.M1M10, BeschikkingType.M2M10, BeschikkingType.M2M20]
    assert "arbeid_niet_aanvaard" in t.gedragingen() and "tegenprestatie" in t.gedragingen()


def test_load_maatregelen_missing_or_broken_file(tmp_path: Path) -> None:
    with pytest.raises(RegeltabelFout, match="bestaat niet"):
        load_maatregelen(tmp_path / "geen.toml")
    kapot = tmp_path / "kapot.toml"
    kapot.write_text("[[versie]\ngemeente = ", encoding="utf-8")
    with pytest.raises(RegeltabelFout, match="geen geldige TOML"):
        load_maatregelen(kapot)
    tekst = DEFAULT_MAATREGELEN_FILE.read_text(encoding="utf-8")
    mist = tmp_path / "mist.toml"  # Heemskerk's version cut off
    mist.write_text(tekst[:tekst.index('[[versie]]\ngemeente = "heemskerk"')], encoding="utf-8")
    with pytest.raises(RegeltabelFout, match="geen maatregelenverordening voor Heemskerk"):
        load_maatregelen(mist)


def test_parse_uitkomst() -> None:
    assert parse_uitkomst("M1M10", "x") == Uitkomst(BeschikkingType.M1M10, 10, 1)
    assert parse_uitkomst(" m2m20 ", "x") == Uitkomst(BeschikkingType.M2M20, 20, 2)
    assert parse_uitkomst("M100:3", "x") == Uitkomst(BeschikkingType.M100, 100, 3)


@pytest.mark.parametrize(("waarde", "melding"), [
    ("M3M10", "onbekende maatregel 'M3M10'"),
    ("", "onbekende maatregel"),
    ("M1M10:2", "noemt zelf al de duur"),
    ("M100", "M100 heeft een duur van 1 tot en met 3 maanden nodig"),
    ("M100:0", "M100 heeft een duur van 1 tot en met 3 maanden nodig"),
    ("M100:4", "M100 heeft een duur van 1 tot en met 3 maanden nodig"),
    ("M100:x", "M100 heeft een duur van 1 tot en met 3 maanden nodig"),
    ("M100:²", "M100 heeft een duur van 1 tot en met 3 maanden nodig"),  # was an English ValueError
    ("M100:٣", "M100 heeft een duur van 1 tot en met 3 maanden nodig"),  # Arabic-Indic three
    ("M100: 2", "M100 heeft een duur van 1 tot en met 3 maanden nodig"),
    ("AFZIEN", "afzien en matiging volgen uit het onderzoek"),
    ("MGEMATIGD", "afzien en matiging volgen uit het onderzoek"),
])
def test_parse_uitkomst_refuses(waarde: str, melding: str) -> None:
    with pytest.raises(RegeltabelFout, match="^tabel, gedraging 1: ") as exc:
        parse_uitkomst(waarde, "tabel, gedraging 1")
    assert melding in str(exc.value)


def _fout(data: dict[str, Any]) -> str:
    with pytest.raises(RegeltabelFout) as exc:
        regeltabel_uit(data, bron="test.toml")
    assert len(str(exc.value).splitlines()) == 1
    return str(exc.value)


def _met_velsen(*gedragingen: dict[str, Any], **kw: Any) -> dict[str, Any]:
    d = tabel()
    d["versie"][[v["gemeente"] for v in d["versie"]].index("velsen")] = versie("velsen", date(2023, 7, 1),
                                                                               *gedragingen, **kw)
    return d


def test_rule_table_refusals_name_where() -> None:
    assert "geen maatregelenverordening voor Heemskerk" in _fout(tabel(zonder="heemskerk"))
    assert "geen maatregelenverordening voor" in _fout({})
    d = tabel()
    d["versie"][0]["gemeente"] = "haarlem"
    assert "test.toml, versie 1: onbekende gemeente 'haarlem'" in _fout(d)
    d = tabel()
    d["versie"][1]["geldig_vanaf"] = "2023-07-01"
    assert "versie 2: geldig_vanaf moet een datum zijn" in _fout(d)
    d = tabel()
    d["versie"][2]["verordening"] = "  "
    assert "versie 3: noem de verordening" in _fout(d)
    d = tabel()
    d["versie"][0] = "geen tabel"
    assert "versie 1: geen tabel" in _fout(d)
    d = tabel()
    d["versie"][0]["gedraging"] = []
    assert "versie 1: geen gedragingen" in _fout(d)


def test_rule_table_single_brackets_for_a_gedraging(tmp_path: Path) -> None:
    """[versie.gedraging] (a table, not an array of tables) was an AttributeError at start."""
    f = tmp_path / "m.toml"
    f.write_text('[[versie]]\ngemeente = "velsen"\ngeldig_vanaf = 2023-07-01\nverordening = "V"\n'
                 '[versie.gedraging]\ncode = "afspraak"\nuitkomsten = ["M1M10"]\ngrondslag = "art. 9"\n',
                 encoding="utf-8")
    with pytest.raises(RegeltabelFout, match=r"versie 1, gedraging 1: geen tabel; schrijf elke gedraging als "
                                             r"\[\[versie.gedraging\]\]"):
        load_maatregelen(f)


def test_rule_table_duplicate_version_and_duplicate_code() -> None:
    msg = _fout(tabel(versie("velsen", date(2023, 7, 1))))
    assert "versie 4: Velsen heeft al een versie die geldt vanaf 2023-07-01" in msg
    msg = _fout(_met_velsen(gedraging("afspraak"), gedraging("afspraak")))
    assert "gedraging 2: code 'afspraak' staat er twee keer in" in msg


@pytest.mark.parametrize(("g", "melding"), [
    (gedraging("Afspraak"), "code moet kort en in kleine letters zijn"),
    (gedraging("afspraak-gemist"), "code moet kort en in kleine letters zijn"),
    (gedraging(""), "code moet kort en in kleine letters zijn"),
    (gedraging("afspraak", []), "(afspraak): geef de uitkomsten"),
    (gedraging("afspraak", grondslag=" "), "(afspraak): noem de grondslag"),
    (gedraging("afspraak", ["M2M10", "M1M10"]), "een recidive mag niet lichter zijn dan de keer ervoor"),
    (gedraging("afspraak", ["M2M20", "M100:1", "M1M20"]), "een recidive mag niet lichter zijn"),
    (gedraging("afspraak", ["M1M10", "M9"]), "(afspraak): onbekende maatregel 'M9'"),
])
def test_rule_table_gedraging_refusals(g: dict[str, Any], melding: str) -> None:
    msg = _fout(_met_velsen(g))
    assert msg.startswith("test.toml, versie ") and "gedraging 1" in msg and melding in msg


def test_recidive_may_be_as_heavy_as_the_time_before() -> None:
    t = regeltabel_uit(_met_velsen(gedraging("afspraak", ["M1M20", "M2M10", "M2M10"])))  # 20 == 20 == 20
    assert len(t.op(Gemeente.velsen, date(2024, 1, 1)).gedraging("afspraak").uitkomsten) == 3


@pytest.mark.parametrize(("uitkomsten", "melding"), [
    (["M1M20", "M100:2", "M100:3"], "leidt tot 100% (lid 5)"),
    (["M100:1", "M100:2"], "geef drie treden"),
    (["M100:1", "M100:2", "M100:3", "M100:3"], "geef drie treden"),
    (["M100:2", "M100:2", "M100:3"], "langer duren dan de eerste keer (Pw art. 18 lid 6)"),
    (["M100:3", "M100:3", "M100:3"], "Pw art. 18 lid 6"),
    (["M100:1", "M100:2", "M100:2"], "drie maanden (Pw art. 18 lid 7 en 8)"),
])
def test_arbeidsverplichting_must_follow_the_statutory_ladder(uitkomsten: list[str], melding: str) -> None:
    msg = _fout(_met_velsen(gedraging("arbeid", uitkomsten, arbeidsverplichting=True)))
    assert "(arbeid)" in msg and melding in msg


def test_ladder_accepted_when_lawful() -> None:
    for ladder in (["M100:1", "M100:2", "M100:3"], ["M100:1", "M100:3", "M100:3"], ["M100:2", "M100:3", "M100:3"]):
        t = regeltabel_uit(_met_velsen(gedraging("arbeid", ladder, arbeidsverplichting=True)))
        assert t.op(Gemeente.velsen, date(2024, 1, 1)).gedraging("arbeid").arbeidsverplichting


def test_version_in_force_on_the_day_of_the_verzuim() -> None:
    nieuw = versie("velsen", date(2026, 1, 1), gedraging("afspraak", ["M1M20", "M2M20"]),
                   verordening="Verordening 2026")
    t = regeltabel_uit(tabel(nieuw))
    assert t.op(Gemeente.velsen, date(2025, 12, 31)).verordening == "Verordening test"
    assert t.op(Gemeente.velsen, date(2026, 1, 1)).verordening == "Verordening 2026"
    assert t.op(Gemeente.velsen, date(2026, 1, 1)).gedraging("afspraak").uitkomst(1).type == BeschikkingType.M1M20
    assert t.op(Gemeente.beverwijk, date(2026, 6, 1)).verordening == "Verordening test"  # other gemeenten untouched
    with pytest.raises(OngeldigeInvoer, match="Velsen heeft geen regels die gelden op 2023-06-30"):
        t.op(Gemeente.velsen, date(2023, 6, 30))
    # versions may be listed in any order
    d = tabel(nieuw)
    d["versie"].reverse()
    assert regeltabel_uit(d).op(Gemeente.velsen, date(2027, 1, 1)).geldig_vanaf == date(2026, 1, 1)


def test_unknown_gedraging_names_the_known_ones() -> None:
    v = load_maatregelen(DEFAULT_MAATREGELEN_FILE).op(Gemeente.heemskerk, date(2026, 3, 1))
    with pytest.raises(OngeldigeInvoer, match="Onbekende gedraging 'te_laat' in de verordening van Heemskerk") as e:
        v.gedraging("te_laat")
    assert "afspraak_niet_nagekomen" in str(e.value)


# -- maatregel bepalen -------------------------------------------------------------------------
@pytest.fixture(scope="module")
def velsen() -> Any:
    return load_maatregelen(DEFAULT_MAATREGELEN_FILE).op(Gemeente.velsen, date(2026, 6, 1))


def test_afzien_when_verwijtbaarheid_ontbreekt_lid_9(velsen: Any) -> None:
    v = bepaal_maatregel(velsen, "arbeid_niet_aanvaard", verwijtbaar=False, stap=2)
    assert v.uitkomst == AFZIEN and v.uitkomst.type == BeschikkingType.AFZIEN
    assert v.grondslagen[-1] == "Participatiewet art. 18 lid 9 (elke vorm van verwijtbaarheid ontbreekt)"
    assert v.recidive_stap == 2 and v.gematigd_van is None
    with pytest.raises(OngeldigeInvoer, match="Zonder verwijtbaarheid wordt afgezien"):
        bepaal_maatregel(velsen, "arbeid_niet_aanvaard", verwijtbaar=False, stap=1, dringende_redenen="Ziek kind",
                         gematigd_percentage=50, gematigd_maanden=1)


def test_table_outcome_with_legal_grounds(velsen: Any) -> None:
    v = bepaal_maatregel(velsen, "plan_van_aanpak", verwijtbaar=True, stap=1)
    assert v.uitkomst == Uitkomst(BeschikkingType.M1M20, 20, 1)
    assert v.grondslagen == (
        "Participatiewet art. 18 lid 2 en art. 8 lid 1 onder a",
        "Maatregelverordening art. 9 lid 1 onder b (categorie 2)",
        "IJmondiale Maatregelverordening Participatiewet (voorbeeld) (geldig vanaf 2023-07-01)",
        "Awb art. 4:8 (de deelnemer is in de gelegenheid gesteld een toelichting te geven)")
    assert v.as_dict() == {"type": "M1M20", "percentage": 20, "maanden": 1, "grondslagen": list(v.grondslagen),
                           "recidive_stap": 1, "gematigd_van": None}


def test_recidive_ladder_arbeidsverplichting_1_2_3_3(velsen: Any) -> None:
    uit = [bepaal_maatregel(velsen, "arbeid_niet_aanvaard", verwijtbaar=True, stap=n) for n in (1, 2, 3, 4, 5)]
    assert [(u.uitkomst.percentage, u.uitkomst.maanden) for u in uit] == [(100, 1), (100, 2), (100, 3), (100, 3),
                                                                         (100, 3)]
    assert {u.uitkomst.type for u in uit} == {BeschikkingType.M100}
    assert [u.grondslagen[-1] for u in uit] == [
        "Participatiewet art. 18 lid 4 en lid 5", "Participatiewet art. 18 lid 4 en lid 6",
        "Participatiewet art. 18 lid 4 en lid 7", "Participatiewet art. 18 lid 4 en lid 8",
        "Participatiewet art. 18 lid 4 en lid 8"]
    assert uit[1].uitkomst.label == "Beschikking maatregel 100% (100% gedurende 2 maanden)"
    assert uit[0].uitkomst.label == "Beschikking maatregel 100% (100% gedurende 1 maand)"


def test_recidive_in_a_verordening_category(velsen: Any) -> None:
    uit = [bepaal_maatregel(velsen, "afspraak_niet_nagekomen", verwijtbaar=True, stap=n).uitkomst for n in (1, 2, 3, 4)]
    assert [u.type for u in uit] == [BeschikkingType.M1M10, BeschikkingType.M2M10, BeschikkingType.M2M20,
                                     BeschikkingType.M2M20]  # the last repeats
    v = bepaal_maatregel(velsen, "afspraak_niet_nagekomen", verwijtbaar=True, stap=2)
    assert v.grondslagen[-1] == "Maatregelverordening art. 9 lid 1 onder a (categorie 1): recidive binnen twaalf " \
                                "maanden (keer 2)"
    assert not any("recidive" in g for g in bepaal_maatregel(velsen, "afspraak_niet_nagekomen", verwijtbaar=True,
                                                             stap=1).grondslagen)


def test_matiging_strictly_milder(velsen: Any) -> None:
    v = bepaal_maatregel(velsen, "arbeid_niet_aanvaard", verwijtbaar=True, stap=1, dringende_redenen="Dreigende "
                         "huisuitzetting", gematigd_percentage=50, gematigd_maanden=1)
    assert v.uitkomst == Uitkomst(BeschikkingType.MGEMATIGD, 50, 1)
    assert v.gematigd_van == Uitkomst(BeschikkingType.M100, 100, 1)
    assert v.grondslagen[-1] == "Participatiewet art. 18 lid 10 (dringende redenen: gematigde maatregel)"
    assert v.uitkomst.label == "Beschikking gematigde maatregel (50% gedurende 1 maand)"
    assert v.as_dict()["gematigd_van"] == {"type": "M100", "percentage": 100, "maanden": 1}
    # recidive step 2 is 100% x 2: 100% x 1 is milder
    assert bepaal_maatregel(velsen, "arbeid_niet_aanvaard", verwijtbaar=True, stap=2, dringende_redenen="Schulden",
                            gematigd_percentage=100, gematigd_maanden=1).uitkomst.zwaarte == 100
    assert bepaal_maatregel(velsen, "afspraak_niet_nagekomen", verwijtbaar=True, stap=1, dringende_redenen="Schulden",
                            gematigd_percentage=5, gematigd_maanden=1).uitkomst.percentage == 5


@pytest.mark.parametrize(("gedraging", "stap", "pct", "mnd"), [
    ("arbeid_niet_aanvaard", 1, 100, 1),  # the same, not milder
    ("afspraak_niet_nagekomen", 1, 10, 1),  # M1M10 itself
    ("afspraak_niet_nagekomen", 1, 20, 1),  # heavier percentage
    ("afspraak_niet_nagekomen", 1, 5, 2),  # as many percent-months (10) and longer
    ("afspraak_niet_nagekomen", 2, 5, 3),  # M2M10: 15 < 20 percent-months but three months is longer
    ("arbeid_niet_aanvaard", 2, 40, 3),  # 120 < 200 but longer than two months
])
def test_matiging_not_milder_is_refused(velsen: Any, gedraging: str, stap: int, pct: int, mnd: int) -> None:
    with pytest.raises(OngeldigeInvoer, match="Een matiging moet lichter zijn dan de maatregel uit de verordening"):
        bepaal_maatregel(velsen, gedraging, verwijtbaar=True, stap=stap, dringende_redenen="Schulden",
                         gematigd_percentage=pct, gematigd_maanden=mnd)


def test_matiging_input_refusals(velsen: Any) -> None:
    with pytest.raises(OngeldigeInvoer, match=r"Dringende redenen genoemd maar geen matiging opgegeven"):
        bepaal_maatregel(velsen, "arbeid_niet_aanvaard", verwijtbaar=True, stap=1, dringende_redenen="Schulden")
    with pytest.raises(OngeldigeInvoer, match=r"alleen om dringende redenen \(Pw art. 18 lid 10\)"):
        bepaal_maatregel(velsen, "arbeid_niet_aanvaard", verwijtbaar=True, stap=1, gematigd_percentage=50,
                         gematigd_maanden=1)
    with pytest.raises(OngeldigeInvoer, match="zowel het percentage als het aantal maanden"):
        bepaal_maatregel(velsen, "arbeid_niet_aanvaard", verwijtbaar=True, stap=1, dringende_redenen="Schulden",
                         gematigd_percentage=50)
    for pct, mnd in ((0, 1), (101, 1), (50, 0), (50, 4)):
        with pytest.raises(OngeldigeInvoer, match="1 tot en met 100 procent gedurende 1 tot en met 3 maanden"):
            bepaal_maatregel(velsen, "arbeid_niet_aanvaard", verwijtbaar=True, stap=3, dringende_redenen="Schulden",
                             gematigd_percentage=pct, gematigd_maanden=mnd)
    with pytest.raises(OngeldigeInvoer, match="Onbekende gedraging"):
        bepaal_maatregel(velsen, "onbekend", verwijtbaar=True, stap=1)


# -- recidive ----------------------------------------------------------------------------------
def E(d: str, stap: int = 1, groep: str = "arbeidsverplichting") -> EerdereMaatregel:  # noqa: N802
    return EerdereMaatregel(besluit_datum=date.fromisoformat(d), groep=groep, recidive_stap=stap)


def test_recidive_groep(velsen: Any) -> None:
    assert recidive_groep(velsen.gedraging("arbeid_niet_aanvaard")) == "arbeidsverplichting"
    assert recidive_groep(velsen.gedraging("voorziening_niet_benut")) == "arbeidsverplichting"  # one lid 4 group
    assert recidive_groep(velsen.gedraging("tegenprestatie")) == "tegenprestatie"


def test_recidive_stap_within_and_after_twelve_months() -> None:
    eerder = [E("2026-03-10")]
    assert recidive_stap(date(2026, 3, 11), "arbeidsverplichting", []) == 1
    assert recidive_stap(date(2026, 9, 1), "arbeidsverplichting", eerder) == 2
    assert recidive_stap(date(2027, 3, 10), "arbeidsverplichting", eerder) == 2  # the last day of the twelve months
    assert recidive_stap(date(2027, 3, 11), "arbeidsverplichting", eerder) == 1  # after: back to the start
    assert recidive_stap(date(2026, 9, 1), "tegenprestatie", eerder) == 1  # another group
    assert recidive_stap(date(2026, 3, 10), "arbeidsverplichting", eerder) == 1  # verzuim on the besluit's own day
    assert recidive_stap(date(2026, 3, 1), "arbeidsverplichting", eerder) == 1  # before that besluit


def test_recidive_chain_counts_from_the_newest_besluit() -> None:
    keten = [E("2026-01-15", 1), E("2026-08-20", 2), E("2027-05-03", 3)]
    assert recidive_stap(date(2026, 8, 1), "arbeidsverplichting", keten[:1]) == 2
    assert recidive_stap(date(2027, 4, 1), "arbeidsverplichting", keten[:2]) == 3  # > 12 months after the first
    assert recidive_stap(date(2028, 1, 10), "arbeidsverplichting", keten) == 4  # lid 8: every further one
    assert recidive_stap(date(2028, 5, 4), "arbeidsverplichting", keten) == 1
    assert recidive_stap(date(2026, 8, 20), "arbeidsverplichting", keten) == 2  # same day as step 2: from step 1


# -- the months of the reduction -------------------------------------------------------------
def test_kortingsmaanden_from_the_month_after_sending() -> None:
    assert kortingsmaanden(Uitkomst(BeschikkingType.M2M20, 20, 2), date(2026, 3, 31)) == [
        {"maand": "2026-04", "percentage": 20}, {"maand": "2026-05", "percentage": 20}]
    assert kortingsmaanden(Uitkomst(BeschikkingType.M1M10, 10, 1), date(2026, 4, 1)) == [
        {"maand": "2026-05", "percentage": 10}]
    assert kortingsmaanden(AFZIEN, date(2026, 4, 1)) == []
    assert looptijd([]) is None


def test_kortingsmaanden_over_the_year_change() -> None:
    m = kortingsmaanden(Uitkomst(BeschikkingType.M100, 100, 3), date(2026, 11, 30))
    assert [x["maand"] for x in m] == ["2026-12", "2027-01", "2027-02"]
    assert looptijd(m) == (date(2026, 12, 1), date(2027, 2, 28))
    m = kortingsmaanden(Uitkomst(BeschikkingType.M2M10, 10, 2), date(2026, 12, 15))
    assert m == [{"maand": "2027-01", "percentage": 10}, {"maand": "2027-02", "percentage": 10}]
    assert looptijd(m) == (date(2027, 1, 1), date(2027, 2, 28))
    assert looptijd(kortingsmaanden(Uitkomst(BeschikkingType.M100, 100, 1), date(2028, 1, 5))) == (
        date(2028, 2, 1), date(2028, 2, 29))  # leap year


def test_inkeer_tweede_maand_rule() -> None:
    assert inkeer_tweede_maand(BeschikkingType.M100, 100, 2)
    assert inkeer_tweede_maand("M100", 100, 3)
    assert not inkeer_tweede_maand("M100", 100, 1)
    assert inkeer_tweede_maand("MGEMATIGD", 100, 2)
    assert not inkeer_tweede_maand("MGEMATIGD", 60, 3)
    assert not inkeer_tweede_maand("M2M20", 20, 2)


def test_na_inkeer() -> None:
    drie = kortingsmaanden(Uitkomst(BeschikkingType.M100, 100, 3), date(2026, 12, 10))  # 2027-01 .. 2027-03
    # a request before the first month: with the inkeerregeling the first month stands
    assert na_inkeer(drie, verzoek_op=date(2026, 12, 20), tweede_maand_regel=True) == [drie[0]]
    assert na_inkeer(drie, verzoek_op=date(2026, 12, 20), tweede_maand_regel=False) == []
    # in the first month: that month stays, the rest lapses (either way)
    assert na_inkeer(drie, verzoek_op=date(2027, 1, 10), tweede_maand_regel=True) == [drie[0]]
    assert na_inkeer(drie, verzoek_op=date(2027, 1, 31), tweede_maand_regel=False) == [drie[0]]
    assert na_inkeer(drie, verzoek_op=date(2027, 2, 1), tweede_maand_regel=True) == drie[:2]
    assert na_inkeer(drie, verzoek_op=date(2027, 3, 5), tweede_maand_regel=True) == drie
    assert na_inkeer([], verzoek_op=date(2027, 3, 5), tweede_maand_regel=True) == []
    kopie = copy.deepcopy(drie)
    na_inkeer(drie, verzoek_op=date(2026, 12, 20), tweede_maand_regel=True)[0]["percentage"] = 0
    assert drie == kopie  # the input is not changed


# -- terms -------------------------------------------------------------------------------------
def test_bezwaartermijn_hemelvaart_and_kb_day() -> None:
    t = bezwaartermijn(date(2026, 4, 2), K)  # Thu 2-4-2026
    assert t.onverlengde_einddatum == date(2026, 5, 14)  # Hemelvaartsdag
    assert t.einddatum == date(2026, 5, 18)  # Fri 15-5 KB, weekend: Monday
    assert t.grondslag == "Awb art. 6:7 jo. 6:8" and t.atw_toegepast
    assert t.kb_besluiten and t.kb_besluiten[0].startswith(KB_2026)
    assert "2026-05-15 is gelijkgesteld met een algemeen erkende feestdag" in t.atw_toelichting


def test_bezwaartermijn_ending_on_tweede_kerstdag_and_koningsdag() -> None:
    t = bezwaartermijn(date(2025, 11, 14), K)
    assert (t.onverlengde_einddatum, t.einddatum) == (date(2025, 12, 26), date(2025, 12, 29))  # Fri 26-12 -> Mon
    t = bezwaartermijn(date(2028, 11, 14), K)
    assert (t.onverlengde_einddatum, t.einddatum) == (date(2028, 12, 26), date(2028, 12, 27))  # Tue -> Wed
    t = bezwaartermijn(date(2027, 3, 16), K)
    assert (t.onverlengde_einddatum, t.einddatum) == (date(2027, 4, 27), date(2027, 4, 28))  # Koningsdag (Tue)
    t = bezwaartermijn(date(2026, 3, 17), K)
    assert (t.onverlengde_einddatum, t.einddatum) == (date(2026, 4, 28), date(2026, 4, 28))  # an ordinary Tuesday


def test_beslissing_op_bezwaar_6_or_12_weeks_and_verdaging() -> None:
    einde = bezwaartermijn(date(2026, 4, 2), K).einddatum  # Mon 18-5-2026
    assert beslissing_op_bezwaar_uiterlijk(einde, K, adviescommissie=False) == date(2026, 6, 29)
    assert beslissing_op_bezwaar_uiterlijk(einde, K, adviescommissie=True) == date(2026, 8, 10)
    assert beslissing_op_bezwaar_uiterlijk(einde, K, adviescommissie=False, verdaagd=True) == date(2026, 8, 10)
    assert beslissing_op_bezwaar_uiterlijk(einde, K, adviescommissie=True, verdaagd=True) == date(2026, 9, 21)
    # the Atw applies: a decision term ending on Tweede Kerstdag moves on
    assert beslissing_op_bezwaar_uiterlijk(date(2025, 11, 14), K, adviescommissie=False) == date(2025, 12, 29)


def test_heroverweging_ceiling_moves_back_to_the_previous_werkdag() -> None:
    assert heroverweging_uiterlijk(date(2026, 9, 27), K) == date(2026, 12, 24)  # Sun 27-12, Kerst: back to Thu
    assert heroverweging_uiterlijk(date(2027, 1, 27), K) == date(2027, 4, 26)  # Koningsdag: back to Mon
    assert heroverweging_uiterlijk(date(2026, 3, 10), K) == date(2026, 6, 10)  # a werkdag: itself
    assert heroverweging_uiterlijk(date(2026, 3, 10), K, maanden=1) == date(2026, 4, 10)
    for maanden in (0, 4):
        with pytest.raises(OngeldigeInvoer, match="ten hoogste drie maanden"):
            heroverweging_uiterlijk(date(2026, 3, 10), K, maanden=maanden)


def test_onderzoek_inkeer_and_other_checks() -> None:
    assert onderzoek_uiterlijk(date(2026, 3, 2), K) == date(2026, 4, 24)  # Mon 27-4 Koningsdag: back to Friday
    assert onderzoek_uiterlijk(date(2026, 3, 3), K, weken=8) == date(2026, 4, 28)
    assert inkeer_beslissen_uiterlijk(date(2026, 3, 10), K) == date(2026, 5, 6)  # Bevrijdingsdag 5-5 moves it
    controleer_gesprek(date(2026, 3, 5), date(2026, 3, 4), date(2026, 3, 18))
    with pytest.raises(OngeldigeInvoer, match="moet na vandaag"):
        controleer_gesprek(date(2026, 3, 4), date(2026, 3, 4), date(2026, 3, 18))
    with pytest.raises(OngeldigeInvoer, match="valt na de reactietermijn"):
        controleer_gesprek(date(2026, 3, 19), date(2026, 3, 4), date(2026, 3, 18))
    controleer_verzenddatum(date(2026, 3, 4), date(2026, 3, 4))
    controleer_verzenddatum(date(2026, 3, 18), date(2026, 3, 4))
    with pytest.raises(OngeldigeInvoer, match="vóór de beslisdatum"):
        controleer_verzenddatum(date(2026, 3, 3), date(2026, 3, 4))
    with pytest.raises(OngeldigeInvoer, match="meer dan twee weken na de beslisdatum"):
        controleer_verzenddatum(date(2026, 3, 19), date(2026, 3, 4))


def test_parse_type() -> None:
    assert parse_type("M1M10") == BeschikkingType.M1M10
    assert parse_type(" afzien ") == BeschikkingType.AFZIEN
    assert parse_type("mgematigd").label == "Beschikking gematigde maatregel"
    for fout in ("M3M10", "", None, "Beschikking maatregel 100%", "x" * 200):
        with pytest.raises(OngeldigeInvoer, match="Onbekend beschikkingstype") as exc:
            parse_type(fout)
        msg = str(exc.value)
        assert "AFZIEN (Beschikking afzien maatregel)" in msg and "M2M20 (Beschikking maatregel 2 maanden 20%)" in msg
        assert len(msg.splitlines()) == 1 and "x" * 21 not in msg
        assert isinstance(exc.value, DomainError)


def test_every_type_has_its_label_from_the_source() -> None:
    assert [t.label for t in BeschikkingType] == [
        "Beschikking afzien maatregel", "Beschikking maatregel 100%", "Beschikking maatregel 1 maand 10%",
        "Beschikking maatregel 1 maand 20%", "Beschikking maatregel 2 maanden 10%",
        "Beschikking maatregel 2 maanden 20%", "Beschikking gematigde maatregel"]


# -- the processes -----------------------------------------------------------------------------
def test_processes_transitions() -> None:
    P = MAATREGELONDERZOEK  # noqa: N806
    P.controleer("gemeld", "horen", "IJW-2026-000001")
    P.controleer("vier_ogen", "beoordelen", "IJW-2026-000001")  # teruggestuurd
    P.controleer("gemeld", "beoordelen", "IJW-2026-000001")  # horen omitted on a ground of Awb 4:11/4:12
    for van, naar in (("horen", "vier_ogen"), ("vier_ogen", "ingetrokken"),
                      ("beschikt", "vervallen"), ("beoordelen", "beschikt")):
        with pytest.raises(TransitionRefused):
            P.controleer(van, naar, "IJW-2026-000001")
    BEZWAAR.controleer("ontvangen", "verdaagd", "x")
    with pytest.raises(TransitionRefused):
        BEZWAAR.controleer("verdaagd", "verdaagd", "x")
    assert not HEROVERWEGING.is_open("afgerond") and INKEER.is_open("ontvangen")
    for p in (P, BEZWAAR, HEROVERWEGING, INKEER):
        assert p.is_open(p.start) and not p.is_open("vervallen")
