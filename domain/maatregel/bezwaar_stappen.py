"""The human steps of the bezwaar procedure and the dwangsom, declared once (domain/stap.py): hoorzitting (Awb 7:2)
or afzien van horen (7:3), opschorting for herstel van verzuim (7:10 lid 2 jo. 6:6) and its herstel, verder
uitstel (7:10 lid 4), the ingebrekestelling (4:17, for bezwaar via 7:14) and the dwangsom's beschikking (4:18).
Included in STAPPEN by domain/maatregel/stappen.py; their flows at the end of flows/maatregel.py."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from pydantic import Field, field_validator

from domain.invoer import MOMENT_PATROON, TEKST_PATROON, Door, FormDatum, Referentie, parse_moment_lokaal
from domain.maatregel.bezwaar import AfzienHoren, UitstelGrond
from domain.maatregel.dwangsom import GeenDwangsom, euro
from domain.maatregel.gesprektijd import GESPREK_LAATST, GESPREK_VROEGST
from domain.stap import Invoer, Stap

PROCES, BEZWAAR_L = "maatregel", "maatregel_bezwaar"
TEKST_LANG = 500

LangeTekst = Annotated[str, Field(min_length=5, max_length=TEKST_LANG, pattern=TEKST_PATROON)]
MaatregelNummer = Annotated[int | None, Field(default=None, ge=1, le=2_000_000_000,
                                              description="Nummer van de beschikking (#… in de status van de "
                                                          "maatregel); alleen nodig als er meer lopen")]
DoorTL = Annotated[Door, Field(description="Wie legt vast (e-mailadres of rol)")]


def _kleine_letters(v: Any) -> Any:
    return v.strip().lower() if isinstance(v, str) else v


class BezwaarHoren(Invoer):
    referentie: Referentie
    op: Annotated[str, Field(pattern=MOMENT_PATROON, description="Datum en begintijd van de hoorzitting, JJJJ-MM-DD "
                                                                 "UU:MM (Nederlandse tijd), op een werkdag tussen "
                                                                 f"{GESPREK_VROEGST:%H:%M} en {GESPREK_LAATST:%H:%M}, "
                                                                 "ten minste tien dagen vooruit (Awb 7:4)")]
    locatie: Annotated[str, Field(min_length=3, max_length=200, pattern=TEKST_PATROON,
                                  description="Waar de hoorzitting is (geen adres van de deelnemer)")]
    maatregel: MaatregelNummer = None
    door: DoorTL = "teamleider"

    @field_validator("op")
    @classmethod
    def _bestaat(cls, v: str) -> str:
        parse_moment_lokaal(v, "De hoorzitting")
        return v


class BezwaarNietHoren(Invoer):
    referentie: Referentie
    grond: Annotated[AfzienHoren, Field(description="Grond van Awb 7:3: " + ", ".join(g.value for g in AfzienHoren))]
    toelichting: Annotated[LangeTekst, Field(description="De feiten die de grond dragen (geen persoonsgegevens)")]
    maatregel: MaatregelNummer = None
    door: DoorTL = "teamleider"

    _grond = field_validator("grond", mode="before")(_kleine_letters)


class BezwaarOpschorten(Invoer):
    referentie: Referentie
    verzocht_op: Annotated[FormDatum, Field(description="Dag van de brief met het verzoek om herstel, JJJJ-MM-DD")]
    hersteltermijn_tot: Annotated[FormDatum, Field(description="Herstellen uiterlijk op, JJJJ-MM-DD (7 tot 28 dagen)")]
    verzuim: Annotated[LangeTekst, Field(description="Wat ontbreekt in het bezwaarschrift (Awb 6:5), bijv. 'het "
                                                     "bezwaarschrift is niet ondertekend'")]
    maatregel: MaatregelNummer = None
    door: DoorTL = "teamleider"


class BezwaarHersteld(Invoer):
    referentie: Referentie
    hersteld_op: Annotated[FormDatum, Field(description="Dag van herstel (of de laatste dag van de hersteltermijn als "
                                                        "niet is gereageerd), JJJJ-MM-DD")]
    maatregel: MaatregelNummer = None
    door: DoorTL = "teamleider"


class BezwaarUitstellen(Invoer):
    referentie: Referentie
    tot: Annotated[FormDatum, Field(description="Nieuwe uiterste beslisdatum, JJJJ-MM-DD")]
    grond: Annotated[UitstelGrond, Field(description="instemming (Awb 7:10 lid 4 onder b) of procedure (onder c)")]
    instemming_op: Annotated[FormDatum | None, Field(description="Alleen bij instemming: de dag waarop de deelnemer "
                                                                 "instemde, JJJJ-MM-DD")] = None
    maatregel: MaatregelNummer = None
    door: DoorTL = "teamleider"

    _grond = field_validator("grond", mode="before")(_kleine_letters)


class Ingebrekestelling(Invoer):
    referentie: Referentie
    over: Annotated[str, Field(pattern=r"^(bezwaar|inkeer)$",
                               description="bezwaar (beslissing op bezwaar) of inkeer (verzoek om herziening)")]
    ontvangen_op: Annotated[FormDatum, Field(description="Dag van ontvangst van de schriftelijke ingebrekestelling, "
                                                         "JJJJ-MM-DD")]
    maatregel: MaatregelNummer = None
    door: DoorTL = "teamleider"

    _over = field_validator("over", mode="before")(_kleine_letters)


class DwangsomVaststellen(Invoer):
    referentie: Referentie
    over: Annotated[str, Field(pattern=r"^(bezwaar|inkeer)$",
                               description="bezwaar (beslissing op bezwaar) of inkeer (verzoek om herziening)")]
    geen_dwangsom: Annotated[GeenDwangsom | None, Field(description="Alleen als geen dwangsom verschuldigd is (Awb "
                                                                    "4:17 lid 6): " + ", ".join(
                                                                        g.value for g in GeenDwangsom))] = None
    maatregel: MaatregelNummer = None
    door: DoorTL = "teamleider"

    _over = field_validator("over", mode="before")(_kleine_letters)
    _geen = field_validator("geen_dwangsom", mode="before")(_kleine_letters)


def _moment(res: dict[str, Any] | Any, veld: str) -> str:
    return datetime.fromisoformat(res[veld]).strftime("%Y-%m-%d %H:%M")


BEZWAAR_HOREN = Stap(PROCES, "bezwaar-horen", BezwaarHoren, "Nodig de deelnemer uit voor de hoorzitting over het "
                     "bezwaar (Awb 7:2); de uitnodiging (brief) staat daarna bij het dossier.",
                     lambda r: f"{r['referentie']}: hoorzitting op {_moment(r, 'op')}; nadere stukken tot en met "
                               f"{r['stukken_uiterlijk']} (Awb 7:4); uitnodiging document {r['document_id']}.",
                     label=BEZWAAR_L, volgende=("bezwaar-beslissen",))
BEZWAAR_NIET_HOREN = Stap(PROCES, "bezwaar-niet-horen", BezwaarNietHoren, "Leg vast dat van het horen wordt "
                          "afgezien, op een grond van Awb 7:3 en met de feiten die haar dragen.",
                          lambda r: f"{r['referentie']}: van het horen afgezien: {r['tekst']}.",
                          label=BEZWAAR_L, volgende=("bezwaar-beslissen",))
BEZWAAR_OPSCHORTEN = Stap(PROCES, "bezwaar-opschorten", BezwaarOpschorten, "Vraag de deelnemer een verzuim in het "
                          "bezwaarschrift te herstellen (Awb 6:6); de beslistermijn is opgeschort tot het herstel (Awb "
                          "7:10 lid 2). De brief staat daarna bij het dossier.",
                          lambda r: f"{r['referentie']}: herstel gevraagd tot en met {r['hersteltermijn_tot']}; de "
                                    f"beslistermijn is opgeschort; brief document {r['document_id']}.",
                          label=BEZWAAR_L, volgende=("bezwaar-hersteld",))
BEZWAAR_HERSTELD = Stap(PROCES, "bezwaar-hersteld", BezwaarHersteld, "Leg vast dat het verzuim is hersteld (of de "
                        "hersteltermijn ongebruikt verstreek): de beslistermijn schuift op met de opgeschorte dagen.",
                        lambda r: f"{r['referentie']}: {r['dagen']} dag(en) opgeschort; beslissen uiterlijk "
                                  f"{r['uiterlijk']}.",
                        label=BEZWAAR_L)
BEZWAAR_UITSTELLEN = Stap(PROCES, "bezwaar-uitstellen", BezwaarUitstellen, "Stel de beslissing op bezwaar na de "
                          "verdaging verder uit (Awb 7:10 lid 4): met instemming van de deelnemer of voor een wettelijk "
                          "procedurevoorschrift. De brief staat daarna bij het dossier.",
                          lambda r: f"{r['referentie']}: beslissing op bezwaar uitgesteld tot uiterlijk {r['uiterlijk']}; "
                                    f"brief document {r['document_id']}.",
                          label=BEZWAAR_L)
INGEBREKESTELLING = Stap(PROCES, "ingebrekestelling", Ingebrekestelling, "Registreer een schriftelijke "
                         "ingebrekestelling omdat niet tijdig is beslist op het bezwaar of het verzoek om herziening "
                         "(Awb 4:17, voor bezwaar via 7:14): twee weken later loopt de dwangsom.",
                         lambda r: f"{r['referentie']}: ingebrekestelling geregistreerd; beslis uiterlijk "
                                   f"{r['beslissen_zonder_dwangsom']}, daarna dwangsom vanaf {r['eerste_dag']} (ten "
                                   f"hoogste tot en met {r['laatste_mogelijke_dag']}, max {euro(r['max_bedrag'])}); taak "
                                   f"{r['taak_id']}.",
                         label=BEZWAAR_L, volgende=("dwangsom-vaststellen",))
DWANGSOM_VASTSTELLEN = Stap(PROCES, "dwangsom-vaststellen", DwangsomVaststellen, "Stel de dwangsom bij beschikking "
                            "vast (Awb 4:18) nadat is beslist of de 42 dagen voorbij zijn; de brief staat daarna bij het "
                            "dossier.",
                            lambda r: f"{r['referentie']}: dwangsom vastgesteld: {euro(r['bedrag'])} over {r['dagen']} "
                                      f"dag(en); brief document {r['document_id']}.",
                            label=BEZWAAR_L)

STAPPEN = (BEZWAAR_HOREN, BEZWAAR_NIET_HOREN, BEZWAAR_OPSCHORTEN, BEZWAAR_HERSTELD, BEZWAAR_UITSTELLEN,
           INGEBREKESTELLING, DWANGSOM_VASTSTELLEN)
