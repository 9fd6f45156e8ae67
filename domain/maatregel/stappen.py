"""The maatregel's human steps, declared once (domain/stap.py): the input model of each step (what every door,
CLI, Prefect form and web form, checks before it starts anything), its Dutch texts and what follows.

The checks on the case (is there an onderzoek in this state, vier ogen, terms) are the steps' guards, run inside
their transaction (tasks/maatregel/); a door never repeats them."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Annotated, Any

from pydantic import AfterValidator, Field, field_validator

from domain.invoer import MOMENT_PATROON, TEKST_PATROON, Door, FormDatum, Referentie, parse_moment_lokaal
from domain.maatregel import (
    BeschikkingType,
    BezwaarUitkomst,
    HeroverwegingUitkomst,
    HorenAchterwege,
    InkeerUitkomst,
    Verwijtbaar,
)
from domain.maatregel.gesprektijd import GESPREK_LAATST, GESPREK_VROEGST
from domain.stap import Invoer, Stap

TEKST_LANG = 500
PROCES = "maatregel"  # the CLI group and the flows' prefix; the run labels name the process instance

LangeTekst = Annotated[str, Field(min_length=5, max_length=TEKST_LANG, pattern=TEKST_PATROON)]
def _een_persoon(v: str) -> str:
    """Vier ogen compares persons: an e-mail address, not a role (checked at the door; the step checks again)."""
    if "@" not in v:
        raise ValueError(f"vraagt om een persoon: geef je e-mailadres (niet de rol '{v[:40]}'); het "
                         "vier-ogenprincipe vergelijkt wie voorstelt en wie goedkeurt")
    return v


Persoon = Annotated[Door, Field(description="Jouw e-mailadres (het vier-ogenprincipe vergelijkt personen, geen "
                                            "rollen)"), AfterValidator(_een_persoon)]
MaatregelNummer = Annotated[int | None, Field(default=None, ge=1, le=2_000_000_000,
                                              description="Nummer van de beschikking (#… in de status van de "
                                                          "maatregel); alleen nodig als er meer lopen")]
Gedraging = Annotated[str, Field(min_length=1, max_length=60, pattern=r"^[A-Za-z0-9_.\-]+$",
                                 description="Code van de gedraging uit de maatregelenverordening (de versie die "
                                             "gold op de dag van het verzuim)")]


def _kleine_letters(v: Any) -> Any:
    return v.strip().lower() if isinstance(v, str) else v


class Melden(Invoer):
    referentie: Referentie
    gedraging: Gedraging
    verzuim_op: Annotated[FormDatum, Field(description="Dag van het verzuim, JJJJ-MM-DD")]
    feiten: Annotated[LangeTekst, Field(description="Wat er gebeurde, feitelijk (geen BSN, naam, adres of medische "
                                                    "details)")]
    door: Annotated[Door, Field(description="Wie legt vast (e-mailadres of rol)")] = "werkcoach"

    _gedraging = field_validator("gedraging", mode="before")(_kleine_letters)


class Horen(Invoer):
    referentie: Referentie
    gesprek: Annotated[str, Field(pattern=MOMENT_PATROON,
                                  description=f"Datum en begintijd van het gesprek, JJJJ-MM-DD UU:MM (Nederlandse "
                                              f"tijd), op een werkdag tussen {GESPREK_VROEGST:%H:%M} en "
                                              f"{GESPREK_LAATST:%H:%M} en binnen de reactietermijn")]
    locatie: Annotated[str, Field(min_length=3, max_length=200, pattern=TEKST_PATROON,
                                  description="Waar het gesprek is, bijv. 'Kantoor IJmond Werkt! Velsen, spreekkamer "
                                              "2' (geen adres van de deelnemer)")]
    door: Annotated[Door, Field(description="Wie legt vast (e-mailadres of rol)")] = "werkcoach"

    @field_validator("gesprek")
    @classmethod
    def _bestaat(cls, v: str) -> str:
        parse_moment_lokaal(v, "Het gesprek")  # a day that does not exist (2026-02-30): at the door, not in a run
        return v


class Toelichting(Invoer):
    referentie: Referentie
    toelichting: Annotated[LangeTekst, Field(description="De toelichting van de deelnemer, kort samengevat (geen "
                                                         "persoonsgegevens of medische details)")]
    door: Annotated[Door, Field(description="Wie legt vast (e-mailadres of rol)")] = "werkcoach"


class Voorstel(Invoer):
    referentie: Referentie
    verwijtbaar: Annotated[Verwijtbaar, Field(description="Is het verzuim te verwijten? ja of nee (nee: afzien, "
                                                          "Pw art. 18 lid 9)")]
    door: Persoon
    dringende_redenen: Annotated[LangeTekst | None, Field(description="Alleen bij matiging (Pw art. 18 lid 10): de "
                                                                      "dringende redenen (geen persoonsgegevens)")] = None
    gematigd_percentage: Annotated[int | None, Field(ge=1, le=100, description="Alleen bij matiging: het gematigde "
                                                                               "percentage (1-100)")] = None
    gematigd_maanden: Annotated[int | None, Field(ge=1, le=3, description="Alleen bij matiging: het aantal maanden "
                                                                          "(1-3)")] = None
    afzien_om_dringende_redenen: Annotated[bool, Field(description="Afzien van een maatregel om dringende redenen "
                                                                   "(Pw art. 18 lid 10): het verzuim is wel "
                                                                   "verwijtbaar; beschrijf de dringende redenen")] = False

    _verwijtbaar = field_validator("verwijtbaar", mode="before")(_kleine_letters)


class Goedkeuren(Invoer):
    referentie: Referentie
    type: Annotated[BeschikkingType, Field(description="Het type uit het voorstel, zoals in het concept: " + "; ".join(
        f"{t.value} = {t.label}" for t in BeschikkingType))]
    door: Persoon
    verzenddatum: Annotated[FormDatum | None, Field(description="Dag van verzenden als die niet vandaag is, "
                                                                "JJJJ-MM-DD")] = None

    @field_validator("type", mode="before")
    @classmethod
    def _type(cls, v: Any) -> Any:
        return v.strip().upper() if isinstance(v, str) else v


class Terugsturen(Invoer):
    referentie: Referentie
    reden: Annotated[LangeTekst, Field(description="Waarom het voorstel terug gaat (geen persoonsgegevens)")]
    door: Persoon


class Intrekken(Invoer):
    referentie: Referentie
    reden: Annotated[LangeTekst, Field(description="Waarom de melding ten onrechte was (geen persoonsgegevens)")]
    door: Annotated[Door, Field(description="Wie legt vast (e-mailadres of rol)")] = "werkcoach"


class Bezwaar(Invoer):
    referentie: Referentie
    ontvangen_op: Annotated[FormDatum, Field(description="Dag van ontvangst van het bezwaarschrift, JJJJ-MM-DD")]
    adviescommissie: Annotated[bool, Field(description="Een adviescommissie hoort het bezwaar (Awb 7:13: twaalf "
                                                       "weken in plaats van zes)")] = False
    maatregel: MaatregelNummer = None
    door: Annotated[Door, Field(description="Wie legt vast (e-mailadres of rol)")] = "werkcoach"


class BezwaarVerdagen(Invoer):
    referentie: Referentie
    maatregel: MaatregelNummer = None
    door: Annotated[Door, Field(description="Wie legt vast (e-mailadres of rol)")] = "teamleider"


class BezwaarBeslissen(Invoer):
    referentie: Referentie
    uitkomst: Annotated[BezwaarUitkomst, Field(description="ongegrond, gegrond, deels-gegrond of niet-ontvankelijk")]
    maatregel: MaatregelNummer = None
    door: Annotated[Door, Field(description="Wie legt vast (e-mailadres of rol)")] = "teamleider"
    percentage: Annotated[int | None, Field(ge=1, le=100, description="Alleen bij deels-gegrond: het percentage van "
                                                                      "de lagere maatregel")] = None
    maanden: Annotated[int | None, Field(ge=1, le=3, description="Alleen bij deels-gegrond: het aantal maanden van de "
                                                                 "lagere maatregel")] = None
    motivering: Annotated[LangeTekst | None, Field(description="Waarom (Awb 7:12), kort; komt in de brief (geen "
                                                               "BSN)")] = None

    _uitkomst = field_validator("uitkomst", mode="before")(_kleine_letters)


class Heroverwegen(Invoer):
    referentie: Referentie
    uitkomst: Annotated[HeroverwegingUitkomst, Field(description="handhaven of beeindigen")]
    maatregel: MaatregelNummer = None
    door: Annotated[Door, Field(description="Wie legt vast (e-mailadres of rol)")] = "werkcoach"

    @field_validator("uitkomst", mode="before")
    @classmethod
    def _uitkomst(cls, v: Any) -> Any:
        return v.strip().lower().replace("ë", "e") if isinstance(v, str) else v


class Inkeer(Invoer):
    referentie: Referentie
    ontvangen_op: Annotated[FormDatum, Field(description="Dag van ontvangst van het verzoek om herziening, "
                                                         "JJJJ-MM-DD")]
    door: Annotated[Door, Field(description="Wie legt vast (e-mailadres of rol)")] = "werkcoach"


class InkeerBeslissen(Invoer):
    referentie: Referentie
    uitkomst: Annotated[InkeerUitkomst, Field(description="toegewezen of afgewezen")]
    door: Annotated[Door, Field(description="Wie legt vast (e-mailadres of rol)")] = "werkcoach"

    _uitkomst = field_validator("uitkomst", mode="before")(_kleine_letters)


# -- the summaries (what every door shows when the step is done) ------------------------------------------
def _maanden(res: Mapping[str, Any], geen: str) -> str:
    # "2028-02: 100%", not "2028-02 100%": nine digits with only spaces and dashes between read as a BSN to the mask
    return ", ".join(f"{x['maand']}: {x['percentage']}%" for x in res.get("kortingsmaanden", [])) or geen


def _gesprek(res: Mapping[str, Any]) -> str:
    return datetime.fromisoformat(res["gesprek_op"]).strftime("%Y-%m-%d %H:%M")


def _datum(res: Mapping[str, Any], veld: str) -> str:
    v = res.get(veld)
    return v.isoformat() if isinstance(v, date) else str(v)


ONDERZOEK, BEZWAAR_L, HEROVERWEGING_L, INKEER_L = ("maatregelonderzoek", "maatregel_bezwaar",
                                                   "maatregel_heroverweging", "maatregel_inkeer")

MELDEN = Stap(PROCES, "melden", Melden, "Meld een verzuim: het maatregelonderzoek start; de werkcoach krijgt de "
              "taak de deelnemer uit te nodigen (horen).",
              lambda r: f"{r['referentie']}: verzuim gemeld ({r['gedraging']}); nodig de deelnemer uit om gehoord te "
                        f"worden (taak {r['taak_id']}). Onderzoek afronden uiterlijk {r['onderzoek_uiterlijk']}.",
              label=ONDERZOEK, volgende=("horen",))
HOREN = Stap(PROCES, "horen", Horen, "Nodig de deelnemer uit om gehoord te worden (Awb 4:8): gesprek en "
             "reactietermijn. De werkcoach krijgt de brieftekst en het agenda-item per mail. Opnieuw, vóór het gesprek: "
             "een andere tijd (zelfde reactietermijn, zelfde agenda-item).",
             lambda r: f"{r['referentie']}: gesprek {'verzet naar' if r.get('verzet') else 'op'} {_gesprek(r)}; "
                       f"schriftelijk reageren kan tot en met "
                       f"{r['reageren_uiterlijk']}. De brieftekst en het agenda-item staan in je mail.",
             label=ONDERZOEK, volgende=("toelichting",))
TOELICHTING = Stap(PROCES, "toelichting", Toelichting, "Leg de toelichting van de deelnemer vast (in het gesprek of "
                   "schriftelijk); daarna beoordeel je verwijtbaarheid en omstandigheden.",
                   lambda r: f"{r['referentie']}: toelichting vastgelegd; stel uiterlijk {r['due']} een maatregel voor "
                             f"(taak {r['taak_id']}).",
                   label=ONDERZOEK, volgende=("voorstel",))
VOORSTEL = Stap(PROCES, "voorstel", Voorstel, "Stel een maatregel voor: hij volgt uit de verordening (recidive "
                "meegerekend). Geen verwijtbaarheid: afzien (lid 9); dringende redenen: matiging (lid 10). De "
                "teamleider beoordeelt hem (vier ogen).",
                lambda r: f"{r['referentie']}: voorstel {r['type']} ({r['label']}) ligt bij de teamleider (vier ogen, "
                          f"taak {r['taak_id']}, uiterlijk {r['due']}).",
                label=ONDERZOEK)
GOEDKEUREN = Stap(PROCES, "goedkeuren", Goedkeuren, "Vier ogen (teamleider): lees eerst het concept (het toont naam "
                  "en adres en staat daarom niet in Prefect); kies het type uit het concept. Wie het voorstel deed, "
                  "keurt niet goed. De beschikking wordt gemaakt: PDF bij het dossier, besluit bij de gemeente, "
                  "verlaging naar de uitkeringsadministratie. Typen: "
                  + "; ".join(f"{t.value} = {t.label}" for t in BeschikkingType) + ".",
                  lambda r: f"{r['referentie']}: beschikking {r['besluit']} ({BeschikkingType(r['type']).label}) "
                            f"genomen; verzonden {r['verzenddatum']}, bezwaar tot en met {r['bezwaar_uiterlijk']}; "
                            f"{_maanden(r, 'geen verlaging')}.",
                  label=ONDERZOEK)
TERUGSTUREN = Stap(PROCES, "terugsturen", Terugsturen, "Vier ogen (teamleider): stuur het voorstel met een reden "
                   "terug naar de werkcoach.",
                   lambda r: f"{r['referentie']}: voorstel teruggestuurd; de werkcoach herziet het uiterlijk {r['due']} "
                             f"(taak {r['taak_id']}).",
                   label=ONDERZOEK, volgende=("voorstel",))
INTREKKEN = Stap(PROCES, "intrekken", Intrekken, "Trek een ten onrechte gedane melding in (vóór de goedkeuring); de "
                 "tijdlijn bewaart haar.",
                 lambda r: f"{r['referentie']}: melding ingetrokken.", label=ONDERZOEK)
BEZWAAR = Stap(PROCES, "bezwaar", Bezwaar, "Registreer een bezwaarschrift tegen de beschikking; de beslistermijn "
               "(Awb 7:10) begint. Adviescommissie (Awb 7:13): twaalf weken in plaats van zes.",
               lambda r: f"{r['referentie']}: bezwaar geregistreerd"
                         f"{' (ontvangen na de bezwaartermijn)' if r.get('te_laat') else ''}; beslissen uiterlijk "
                         f"{r['uiterlijk']} (taak {r['taak_id']}).",
               label=BEZWAAR_L, volgende=("bezwaar-beslissen",))
BEZWAAR_VERDAGEN = Stap(PROCES, "bezwaar-verdagen", BezwaarVerdagen, "Verdaag de beslissing op bezwaar eenmaal met "
                        "ten hoogste zes weken (Awb 7:10 lid 3); de brief aan de deelnemer (lid 5) staat daarna bij "
                        "het dossier.",
                        lambda r: f"{r['referentie']}: beslissing op bezwaar verdaagd tot uiterlijk {r['uiterlijk']}; "
                                  f"de brief aan de deelnemer (Awb 7:10 lid 5) is document {r['document_id']}.",
                        label=BEZWAAR_L)
BEZWAAR_BESLISSEN = Stap(PROCES, "bezwaar-beslissen", BezwaarBeslissen, "Leg de beslissing op bezwaar vast. Gegrond: "
                         "de maatregel wordt herroepen en de verlaging ingetrokken; deels-gegrond: een lagere maatregel "
                         "(percentage, maanden) in de plaats. De brief met de beroepsclausule staat daarna bij het "
                         "dossier.",
                         lambda r: f"{r['referentie']}: bezwaar {r['uitkomst']}; de maatregel is "
                                   f"{r['maatregel_status']}; beroep tot en met {r['beroep_uiterlijk']}; brief "
                                   f"document {r['document_id']}."
                                   + ("" if r.get("horen", True) else " Let op: horen is niet vastgelegd (Awb 7:2)."),
                         label=BEZWAAR_L)
HEROVERWEGEN = Stap(PROCES, "heroverwegen", Heroverwegen, "Leg de heroverweging vast (Pw art. 18 lid 3). Beëindigen: "
                    "de maanden die nog niet begonnen zijn vervallen.",
                    lambda r: f"{r['referentie']}: heroverweging vastgelegd ({r['uitkomst']}); verlaagde maanden: "
                              f"{_maanden(r, 'geen')}.",
                    label=HEROVERWEGING_L)
INKEER = Stap(PROCES, "inkeer", Inkeer, "Registreer een verzoek om herziening: de deelnemer komt de verplichtingen "
              "weer na (Pw art. 18 lid 11).",
              lambda r: f"{r['referentie']}: verzoek om herziening geregistreerd; beslissen uiterlijk {r['uiterlijk']} "
                        f"(taak {r['taak_id']}).",
              label=INKEER_L, volgende=("inkeer-beslissen",))
INKEER_BESLISSEN = Stap(PROCES, "inkeer-beslissen", InkeerBeslissen, "Beslis op het verzoek om herziening. "
                        "Toegewezen: de maanden na het verzoek vervallen (bij 100% van twee maanden of langer blijft "
                        "de eerste maand staan).",
                        lambda r: f"{r['referentie']}: verzoek om herziening {r['uitkomst']}; verlaagde maanden: "
                                  f"{_maanden(r, 'geen')}.",
                        label=INKEER_L)

STAPPEN: tuple[Stap, ...] = (MELDEN, HOREN, TOELICHTING, VOORSTEL, GOEDKEUREN, TERUGSTUREN, INTREKKEN, BEZWAAR, BEZWAAR_VERDAGEN,
           BEZWAAR_BESLISSEN, HEROVERWEGEN, INKEER, INKEER_BESLISSEN)


# == issue 20 (M1): the reaction term before the beschikking (Awb 4:8, 4:11, 4:12) ======================
class AfzienReactie(Invoer):
    referentie: Referentie
    verklaard_op: Annotated[FormDatum, Field(description="Dag waarop de deelnemer liet weten af te zien van de rest "
                                                         "van de reactietermijn, JJJJ-MM-DD")]
    door: Annotated[Door, Field(description="Wie legt vast (e-mailadres of rol)")] = "werkcoach"


class HorenAchterwegeInvoer(Invoer):
    referentie: Referentie
    grond: Annotated[HorenAchterwege, Field(description="De wettelijke grond: " + "; ".join(
        f"{g.value} = {g.grondslag}" for g in HorenAchterwege))]
    feiten: Annotated[LangeTekst, Field(description="De feiten waarop de grond rust (geen BSN, naam, adres of "
                                                    "medische details)")]
    door: Annotated[Door, Field(description="Wie legt vast (e-mailadres of rol)")] = "werkcoach"

    _grond = field_validator("grond", mode="before")(_kleine_letters)


AFZIEN_REACTIE = Stap(PROCES, "afzien-reactie", AfzienReactie, "Leg vast dat de deelnemer afziet van de rest van de "
                      "reactietermijn (met de dag waarop hij of zij dat liet weten); de beschikking hoeft dan niet op "
                      "het einde van de termijn te wachten (Awb 4:8).",
                      lambda r: f"{r['referentie']}: afzien van de rest van de reactietermijn vastgelegd (verklaard op "
                                f"{r['verklaard_op']}); goedkeuren hoeft niet op het einde van de termijn te wachten.",
                      label=ONDERZOEK)
HOREN_ACHTERWEGE = Stap(PROCES, "horen-achterwege", HorenAchterwegeInvoer, "Laat het horen achterwege op een "
                        "wettelijke grond, met de feiten: spoed (Awb 4:11 a), eerder gehoord zonder nieuwe feiten "
                        "(4:11 b), verrassing nodig (4:11 c) of 4:12. De beschikking noemt de grond.",
                        lambda r: f"{r['referentie']}: horen achterwege gelaten op grond van {r['grondslag']}.",
                        label=ONDERZOEK)

STAPPEN = (*STAPPEN, AFZIEN_REACTIE, HOREN_ACHTERWEGE)

from domain.maatregel.bezwaar_stappen import STAPPEN as _BEZWAAR_STAPPEN  # noqa: E402

STAPPEN = (*STAPPEN, *_BEZWAAR_STAPPEN)
