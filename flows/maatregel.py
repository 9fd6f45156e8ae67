"""Maatregelonderzoek (Participatiewet art. 18): a form per human step, and the waking timer of the
reaction term; then bezwaar, heroverweging and herziening (inkeer). Forms carry references only:
the correspondence address is recorded with the CLI (`werkpad deelnemer adres`), the beschikking's
preview is read with `werkpad maatregel concept` (it shows name and address, so never in Prefect)."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated, Any

from prefect import flow
from pydantic import Field

from domain.invoer import MOMENT_PATROON, TEKST_PATROON, Door, FormDatum, Referentie, parse_moment_lokaal
from domain.maatregel import (
    BEZWAAR,
    HEROVERWEGING,
    INKEER,
    MAATREGELONDERZOEK,
    TYPE_LABEL,
    WEKT_REACTIE,
    BeschikkingType,
    BezwaarUitkomst,
    HeroverwegingUitkomst,
    InkeerUitkomst,
    Verwijtbaar,
)
from flows._common import nu_of, processtap
from tasks.maatregel import (
    TEKST_LANG,
    beslis_inkeer,
    beslis_op_bezwaar,
    heroverweeg,
    keur_goed,
    leg_toelichting_vast,
    meld_verzuim,
    nodig_uit,
    ontvang_inkeerverzoek,
    reactietermijn_verlopen,
    registreer_bezwaar,
    stel_voor,
    stuur_terug,
    trek_in,
    verdaag_bezwaar,
)

PROCES = MAATREGELONDERZOEK.naam
# Which beschikking (the number `werkpad maatregel status` shows as #…); only needed when more run at once.
MaatregelNummer = Annotated[int, Field(ge=1, le=2_000_000_000,
                                       description="Nummer van de beschikking (#… in 'werkpad maatregel status'); "
                                                   "alleen nodig als er meer bezwaren of heroverwegingen lopen")]
PROCES_BEZWAAR = BEZWAAR.naam
PROCES_HEROVERWEGING = HEROVERWEGING.naam
PROCES_INKEER = INKEER.naam


def gedraging_codes() -> list[str]:
    """The gedragingen of every gemeente's verordening in the rule table this process uses (the
    runtime's, else the one its settings name). Read once, at import: a new version of the table
    needs a restart anyway (the runtime loads it at start), and the form then offers its codes."""
    from tasks import runtime
    from tasks.config import load_maatregelen
    from tasks.settings import Settings

    if runtime.configured():
        return runtime.get().maatregelen.gedragingen()  # type: ignore[no-any-return]
    return load_maatregelen(Settings().maatregelen_file).gedragingen()


if TYPE_CHECKING:
    GedragingCode = str
else:
    GedragingCode = StrEnum("GedragingCode", {c: c for c in gedraging_codes()})
    GedragingCode.__doc__ = "Gedraging uit de maatregelenverordening (de versie die gold op de dag van het verzuim)."

Gedraging = Annotated[GedragingCode, Field(description="Code van de gedraging uit de maatregelenverordening "
                                                       "(werkpad maatregel gedragingen toont ze met omschrijving)")]
LangeTekst = Annotated[str, Field(min_length=5, max_length=TEKST_LANG, pattern=TEKST_PATROON)]
Feiten = Annotated[LangeTekst, Field(description="Wat er gebeurde, feitelijk (geen BSN, naam, adres of medische "
                                                 "details)")]
Toelichting = Annotated[LangeTekst, Field(description="De toelichting van de deelnemer, kort samengevat (geen "
                                                      "persoonsgegevens of medische details)")]
DringendeRedenen = Annotated[LangeTekst, Field(description="Alleen bij matiging (Pw art. 18 lid 10): de dringende "
                                                           "redenen (geen persoonsgegevens of medische details)")]
Reden = Annotated[LangeTekst, Field(description="Reden (geen persoonsgegevens)")]
Locatie = Annotated[str, Field(min_length=3, max_length=200, pattern=TEKST_PATROON,
                               description="Waar het gesprek is, bijv. 'Kantoor IJmond Werkt! Velsen, spreekkamer 2' "
                                           "(geen adres van de deelnemer)")]
Gesprek = Annotated[str, Field(pattern=MOMENT_PATROON,
                               description="Datum en tijd van het gesprek, JJJJ-MM-DD UU:MM (Nederlandse tijd), op "
                                           "een werkdag tussen 08:00 en 18:00 en binnen de reactietermijn")]
Percentage = Annotated[int, Field(ge=1, le=100, description="Alleen bij matiging: het gematigde percentage (1-100)")]
Maanden = Annotated[int, Field(ge=1, le=3, description="Alleen bij matiging: het aantal maanden (1-3)")]
Type = Annotated[BeschikkingType, Field(description="Het type uit het voorstel, zoals in het concept: "
                                        + "; ".join(f"{t.value} = {TYPE_LABEL[t]}" for t in BeschikkingType))]
Persoon = Annotated[Door, Field(description="Jouw e-mailadres (het vier-ogenprincipe vergelijkt personen, geen rollen)")]


def parse_gesprek(value: str, veld: str = "Het veld gesprek") -> datetime:
    """'2026-12-01 10:00' (Europe/Amsterdam wall time) -> an aware datetime."""
    from domain.herinneringen import TZ

    return parse_moment_lokaal(value, veld).replace(tzinfo=TZ)


# -- the onderzoek -----------------------------------------------------------------------------
@flow(name="maatregel-melden", flow_run_name="maatregelonderzoek · {referentie} · melden")
def maatregel_melden(referentie: Referentie, gedraging: Gedraging, verzuim_op: FormDatum, feiten: Feiten,
                     door: Door = "werkcoach", nu: datetime | None = None) -> dict[str, Any]:
    """Meld een verzuim: het maatregelonderzoek start; de werkcoach nodigt de deelnemer uit om gehoord te worden."""
    moment = nu_of(nu)
    return processtap(PROCES, "melden", referentie, moment, lambda: meld_verzuim.task(
        referentie=referentie, gedraging=str(gedraging), verzuim_op=verzuim_op, feiten=feiten, nu=moment, actor=door))


@flow(name="maatregel-horen", flow_run_name="maatregelonderzoek · {referentie} · horen")
def maatregel_horen(referentie: Referentie, gesprek: Gesprek, locatie: Locatie, door: Door = "werkcoach",
                    nu: datetime | None = None) -> dict[str, Any]:
    """Nodig de deelnemer uit om gehoord te worden (Awb 4:8): gesprek en reactietermijn. De werkcoach krijgt de
    brieftekst en het gesprek als agenda-item per mail."""
    moment = nu_of(nu)
    op = parse_gesprek(gesprek)
    return processtap(PROCES, "horen", referentie, moment, lambda: nodig_uit.task(
        referentie=referentie, gesprek_op=op, locatie=locatie, nu=moment, actor=door))


@flow(name="maatregel-toelichting", flow_run_name="maatregelonderzoek · {referentie} · toelichting")
def maatregel_toelichting(referentie: Referentie, toelichting: Toelichting, door: Door = "werkcoach",
                          nu: datetime | None = None) -> dict[str, Any]:
    """Leg de toelichting van de deelnemer vast (in het gesprek of schriftelijk); daarna volgt het voorstel."""
    moment = nu_of(nu)
    return processtap(PROCES, "toelichting", referentie, moment, lambda: leg_toelichting_vast.task(
        referentie=referentie, toelichting=toelichting, nu=moment, actor=door))


@flow(name="maatregel-reactietermijn-verlopen", flow_run_name="maatregelonderzoek · {referentie} · reactietermijn")
def maatregel_reactietermijn_verlopen(referentie: Referentie, nu: datetime | None = None) -> dict[str, Any]:
    """Gestart door de wekker na de reactietermijn: geen toelichting ontvangen wordt vastgelegd."""
    moment = nu_of(nu)
    return processtap(PROCES, "reactietermijn verlopen", referentie, moment, lambda: reactietermijn_verlopen.task(
        referentie=referentie, nu=moment))


@flow(name="maatregel-voorstel", flow_run_name="maatregelonderzoek · {referentie} · voorstel")
def maatregel_voorstel(referentie: Referentie, verwijtbaar: Verwijtbaar, door: Persoon,
                       dringende_redenen: DringendeRedenen | None = None, gematigd_percentage: Percentage | None = None,
                       gematigd_maanden: Maanden | None = None, nu: datetime | None = None) -> dict[str, Any]:
    """Beoordeel verwijtbaarheid en omstandigheden; de maatregel volgt uit de verordening (recidive meegerekend).
    Geen verwijtbaarheid: afzien (lid 9). Dringende redenen: matiging (lid 10). Daarna vier ogen."""
    moment = nu_of(nu)
    return processtap(PROCES, "voorstel", referentie, moment, lambda: stel_voor.task(
        referentie=referentie, verwijtbaar=Verwijtbaar(verwijtbaar) == Verwijtbaar.ja, nu=moment, actor=door,
        dringende_redenen=dringende_redenen, gematigd_percentage=gematigd_percentage,
        gematigd_maanden=gematigd_maanden))


@flow(name="maatregel-goedkeuren", flow_run_name="maatregelonderzoek · {referentie} · goedkeuren")
def maatregel_goedkeuren(referentie: Referentie, type: Type, door: Persoon, verzenddatum: FormDatum | None = None,
                         nu: datetime | None = None) -> dict[str, Any]:
    """Vier ogen (teamleider): lees eerst het concept met `werkpad maatregel concept REFERENTIE` (het toont naam en
    adres en staat daarom niet in Prefect). Kies het type uit het concept; wie het voorstel deed, keurt niet goed.
    De beschikking wordt gemaakt: PDF bij het dossier, besluit bij de gemeente, verlaging naar de
    uitkeringsadministratie."""
    moment = nu_of(nu)
    return processtap(PROCES, "goedkeuren", referentie, moment, lambda: keur_goed.task(
        referentie=referentie, type=BeschikkingType(type).value, nu=moment, actor=door, verzenddatum=verzenddatum))


@flow(name="maatregel-terugsturen", flow_run_name="maatregelonderzoek · {referentie} · terugsturen")
def maatregel_terugsturen(referentie: Referentie, reden: Reden, door: Persoon,
                          nu: datetime | None = None) -> dict[str, Any]:
    """Vier ogen (teamleider): stuur het voorstel met een reden terug naar de werkcoach."""
    moment = nu_of(nu)
    return processtap(PROCES, "terugsturen", referentie, moment, lambda: stuur_terug.task(
        referentie=referentie, reden=reden, nu=moment, actor=door))


@flow(name="maatregel-intrekken", flow_run_name="maatregelonderzoek · {referentie} · intrekken")
def maatregel_intrekken(referentie: Referentie, reden: Reden, door: Door = "werkcoach",
                        nu: datetime | None = None) -> dict[str, Any]:
    """Trek een melding in die ten onrechte is gedaan (vóór de goedkeuring); de tijdlijn bewaart haar."""
    moment = nu_of(nu)
    return processtap(PROCES, "intrekken", referentie, moment, lambda: trek_in.task(
        referentie=referentie, reden=reden, nu=moment, actor=door))


# -- after the beschikking ------------------------------------------------------------------------
@flow(name="maatregel-bezwaar", flow_run_name="maatregel_bezwaar · {referentie} · ontvangen")
def maatregel_bezwaar(referentie: Referentie, ontvangen_op: FormDatum, adviescommissie: bool = False,
                      maatregel: MaatregelNummer | None = None, door: Door = "werkcoach",
                      nu: datetime | None = None) -> dict[str, Any]:
    """Registreer een bezwaarschrift tegen de laatste beschikking; de beslistermijn (Awb 7:10) begint.
    Adviescommissie (Awb 7:13): twaalf weken in plaats van zes."""
    moment = nu_of(nu)
    return processtap(PROCES_BEZWAAR, "ontvangen", referentie, moment, lambda: registreer_bezwaar.task(
        referentie=referentie, ontvangen_op=ontvangen_op, adviescommissie=adviescommissie, nu=moment, actor=door,
        maatregel_id=maatregel))


@flow(name="maatregel-bezwaar-verdagen", flow_run_name="maatregel_bezwaar · {referentie} · verdagen")
def maatregel_bezwaar_verdagen(referentie: Referentie, maatregel: MaatregelNummer | None = None,
                               door: Door = "teamleider", nu: datetime | None = None) -> dict[str, Any]:
    """Verdaag de beslissing op bezwaar eenmaal met ten hoogste zes weken (Awb 7:10 lid 3); meld het de deelnemer."""
    moment = nu_of(nu)
    return processtap(PROCES_BEZWAAR, "verdagen", referentie, moment, lambda: verdaag_bezwaar.task(
        referentie=referentie, nu=moment, actor=door, maatregel_id=maatregel))


@flow(name="maatregel-bezwaar-beslissen", flow_run_name="maatregel_bezwaar · {referentie} · beslissen")
def maatregel_bezwaar_beslissen(referentie: Referentie, uitkomst: BezwaarUitkomst,
                                maatregel: MaatregelNummer | None = None, door: Door = "teamleider",
                                nu: datetime | None = None) -> dict[str, Any]:
    """Leg de beslissing op bezwaar vast. Gegrond: de maatregel wordt herroepen en de verlaging ingetrokken."""
    moment = nu_of(nu)
    return processtap(PROCES_BEZWAAR, "beslissen", referentie, moment, lambda: beslis_op_bezwaar.task(
        referentie=referentie, uitkomst=BezwaarUitkomst(uitkomst), nu=moment, actor=door, maatregel_id=maatregel))


@flow(name="maatregel-heroverwegen", flow_run_name="maatregel_heroverweging · {referentie} · heroverwegen")
def maatregel_heroverwegen(referentie: Referentie, uitkomst: HeroverwegingUitkomst,
                           maatregel: MaatregelNummer | None = None, door: Door = "werkcoach",
                           nu: datetime | None = None) -> dict[str, Any]:
    """Leg de heroverweging vast (Pw art. 18 lid 3). Beëindigen: de maanden die nog niet begonnen zijn vervallen."""
    moment = nu_of(nu)
    return processtap(PROCES_HEROVERWEGING, "heroverwegen", referentie, moment, lambda: heroverweeg.task(
        referentie=referentie, uitkomst=HeroverwegingUitkomst(uitkomst), nu=moment, actor=door,
        maatregel_id=maatregel))


@flow(name="maatregel-inkeer", flow_run_name="maatregel_inkeer · {referentie} · ontvangen")
def maatregel_inkeer(referentie: Referentie, ontvangen_op: FormDatum, door: Door = "werkcoach",
                     nu: datetime | None = None) -> dict[str, Any]:
    """Registreer een verzoek om herziening: de deelnemer komt de verplichtingen weer na (Pw art. 18 lid 11)."""
    moment = nu_of(nu)
    return processtap(PROCES_INKEER, "ontvangen", referentie, moment, lambda: ontvang_inkeerverzoek.task(
        referentie=referentie, ontvangen_op=ontvangen_op, nu=moment, actor=door))


@flow(name="maatregel-inkeer-beslissen", flow_run_name="maatregel_inkeer · {referentie} · beslissen")
def maatregel_inkeer_beslissen(referentie: Referentie, uitkomst: InkeerUitkomst, door: Door = "werkcoach",
                               nu: datetime | None = None) -> dict[str, Any]:
    """Beslis op het verzoek om herziening. Toegewezen: de maanden na het verzoek vervallen (bij 100% van twee
    maanden of langer blijft de eerste maand staan)."""
    moment = nu_of(nu)
    return processtap(PROCES_INKEER, "beslissen", referentie, moment, lambda: beslis_inkeer.task(
        referentie=referentie, uitkomst=InkeerUitkomst(uitkomst), nu=moment, actor=door))


def deployments() -> list[Any]:
    def tags(proces: str) -> list[str]:
        return [f"proces:{proces}"]

    onderzoek, bezwaar, her, inkeer = (tags(PROCES), tags(PROCES_BEZWAAR), tags(PROCES_HEROVERWEGING),
                                       tags(PROCES_INKEER))
    wekker_flow, wekker_naam = WEKT_REACTIE.split("/")
    assert wekker_flow == maatregel_reactietermijn_verlopen.name
    return [
        maatregel_melden.to_deployment(name="melden", tags=onderzoek,
                                       description="Formulier: meld een verzuim; het maatregelonderzoek start."),
        maatregel_horen.to_deployment(name="horen", tags=onderzoek,
                                      description="Formulier: nodig de deelnemer uit om gehoord te worden "
                                                  "(gesprek JJJJ-MM-DD UU:MM en locatie)."),
        maatregel_toelichting.to_deployment(name="toelichting", tags=onderzoek,
                                            description="Formulier: leg de toelichting van de deelnemer vast."),
        maatregel_reactietermijn_verlopen.to_deployment(
            name=wekker_naam, tags=onderzoek,
            description="Door de wekker gestart als de reactietermijn zonder toelichting verstreek."),
        maatregel_voorstel.to_deployment(name="voorstel", tags=onderzoek,
                                         description="Formulier: verwijtbaarheid en omstandigheden; de maatregel "
                                                     "volgt uit de verordening. Daarna vier ogen."),
        maatregel_goedkeuren.to_deployment(
            name="goedkeuren", tags=onderzoek,
            description="Formulier (teamleider, vier ogen): lees eerst het concept met `werkpad maatregel concept "
                        "REFERENTIE` (naam en adres staan erin, dus niet in Prefect); kies dan het type uit het "
                        "concept. Wie het voorstel deed, kan niet goedkeuren. Typen: "
                        + "; ".join(f"{t.value} = {TYPE_LABEL[t]}" for t in BeschikkingType) + "."),
        maatregel_terugsturen.to_deployment(name="terugsturen", tags=onderzoek,
                                            description="Formulier (teamleider, vier ogen): stuur het voorstel met een "
                                                        "reden terug."),
        maatregel_intrekken.to_deployment(name="intrekken", tags=onderzoek,
                                          description="Formulier: trek een ten onrechte gedane melding in."),
        maatregel_bezwaar.to_deployment(name="bezwaar", tags=bezwaar,
                                        description="Formulier: registreer een bezwaarschrift tegen de beschikking."),
        maatregel_bezwaar_verdagen.to_deployment(name="bezwaar-verdagen", tags=bezwaar,
                                                 description="Formulier: verdaag de beslissing op bezwaar (eenmaal, "
                                                             "Awb 7:10 lid 3)."),
        maatregel_bezwaar_beslissen.to_deployment(name="bezwaar-beslissen", tags=bezwaar,
                                                  description="Formulier: leg de beslissing op bezwaar vast."),
        maatregel_heroverwegen.to_deployment(name="heroverwegen", tags=her,
                                             description="Formulier: leg de heroverweging vast (Pw art. 18 lid 3)."),
        maatregel_inkeer.to_deployment(name="inkeer", tags=inkeer,
                                       description="Formulier: registreer een verzoek om herziening (inkeer)."),
        maatregel_inkeer_beslissen.to_deployment(name="inkeer-beslissen", tags=inkeer,
                                                 description="Formulier: beslis op het verzoek om herziening."),
    ]
