"""The re-integratietraject's human steps, declared once (domain/stap.py): fase, vangnet, uitstroom, parttime,
herbeoordeling and contact. Each has its input model (what every door, CLI, Prefect form and web form, checks
before it starts anything), its Dutch texts and its summary.

The checks on the case (is the traject running, the fase it is in, a tijdelijk oponthoud, the aanmelding date) are
the steps' guards, run inside their transaction (tasks/fasen.py with the pure rules of domain/fasen.py)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any

from pydantic import Field, field_validator

from domain.fasen import Fase, Uitstroom
from domain.invoer import Door, EmailAdres, FormDatum, OngeldigeInvoer, Referentie, VrijeTekst, controleer_email
from domain.stap import Invoer, Stap

PROCES = "traject"  # the CLI group, the flows' prefix and the run label

Reden = Annotated[VrijeTekst, Field(description="Wat er verandert en waarom (gaat naar de klantmanager; geen "
                                                 "persoonsgegevens)")]
Toelichting = Annotated[VrijeTekst | None, Field(description="Korte toelichting (geen persoonsgegevens)")]
Wie = Annotated[Door, Field(description="Wie legt vast (e-mailadres of rol)")]
FASEN = ", ".join(f.value for f in Fase)


def _referentie(v: Any) -> Any:
    """A traject reference typed in lower case is the same reference (as `parse_referentie`)."""
    return v.strip().upper() if isinstance(v, str) else v


def _keuze(v: Any) -> Any:
    return v.strip().lower().replace("_", "-") if isinstance(v, str) else v


class _Traject(Invoer):
    referentie: Referentie

    _ref = field_validator("referentie", mode="before")(_referentie)


class FaseInvoer(_Traject):
    fase: Annotated[Fase, Field(description=f"Nieuwe fase: {FASEN}")]
    reden: Reden
    trede: Annotated[int | None, Field(ge=1, le=6, description="Trede op de participatieladder (1-6)")] = None
    jobcoach: Annotated[EmailAdres | None, Field(description="E-mailadres van de jobcoach bij 'werk-houden' (leeg: "
                                                             "de werkcoach)")] = None
    door: Wie = "werkcoach"

    _fase = field_validator("fase", mode="before")(_keuze)

    @field_validator("trede", mode="before")
    @classmethod
    def _trede(cls, v: Any) -> Any:
        """The ladder's Dutch line, before pydantic's limits (which stay in the form's schema)."""
        tekst = str(v).strip() if v is not None else None
        if tekst is None or (tekst.isascii() and tekst.isdigit() and 1 <= int(tekst) <= 6):
            return v
        raise OngeldigeInvoer(f"{tekst[:10]} bestaat niet: de participatieladder kent treden 1 tot en met 6")

    @field_validator("jobcoach", mode="before")
    @classmethod
    def _jobcoach(cls, v: Any) -> Any:
        try:
            return controleer_email(v, "het adres") if isinstance(v, str) else v
        except ValueError as exc:  # beschrijf_validatiefout ends the line with its own full stop
            raise ValueError(str(exc).rstrip(".")) from None


class Vangnet(_Traject):
    fase: Annotated[Fase, Field(description=f"Terug in fase: {FASEN}")]
    reden: Annotated[VrijeTekst, Field(description="Waarom (geen persoonsgegevens)")] = "Baan na plaatsing beëindigd"
    door: Wie = "werkcoach"

    _fase = field_validator("fase", mode="before")(_keuze)


class UitstroomInvoer(_Traject):
    uitkomst: Annotated[Uitstroom, Field(description="Uitkomst: " + ", ".join(
        u.value for u in Uitstroom if u.sluit_traject) + " (parttime werk: de stap parttime)")]
    reden: Annotated[VrijeTekst, Field(description="Toelichting (gaat naar de klantmanager; geen "
                                                   "persoonsgegevens)")]
    door: Wie = "werkcoach"

    _uitkomst = field_validator("uitkomst", mode="before")(_keuze)


class Parttime(_Traject):
    reden: Annotated[VrijeTekst, Field(description="Toelichting (geen persoonsgegevens)")] = "Parttime werk gevonden"
    door: Wie = "werkcoach"


class Herbeoordeling(_Traject):
    toelichting: Annotated[VrijeTekst, Field(description="Uitkomst van de herbeoordeling (geen persoonsgegevens)")]
    door: Wie = "werkcoach"


class Contact(_Traject):
    op: Annotated[FormDatum | None, Field(description="Datum van het contact, JJJJ-MM-DD (leeg: vandaag)")] = None
    toelichting: Toelichting = None
    door: Wie = "werkcoach"


class NazorgBeeindigen(_Traject):
    reden: Annotated[VrijeTekst, Field(description="Waarom de nazorg stopt (gaat naar de jobcoach; geen "
                                                   "persoonsgegevens)")]
    door: Wie = "werkcoach"


# -- the summaries (what every door shows when the step is done) ------------------------------------------
def _fase(r: Mapping[str, Any]) -> str:
    tekst = f"{r['referentie']}: fase {Fase(r['fase']).label}"
    if r.get("nazorg"):
        tekst += f"; nazorg jobcoach op {', '.join(r['nazorg'])}"
    return tekst


def _uitstroom(r: Mapping[str, Any]) -> str:
    if r["afgesloten"]:
        nazorg = "; de nazorg van de jobcoach loopt door" if r.get("nazorg_loopt_door") else ""
        return f"{r['referentie']}: uitgestroomd ({Uitstroom(r['uitkomst']).label}); traject afgesloten{nazorg}"
    return f"{r['referentie']}: deels uitgestroomd (parttime werk); het traject loopt door"


FASE = Stap(PROCES, "fase", FaseInvoer, "Zet het traject in een (andere) fase; gemeente (status op de zaak) en "
            "klantmanager (mail) horen het. Naar 'werk-houden': de jobcoach krijgt zijn nazorgmomenten.", _fase)
VANGNET = Stap(PROCES, "vangnet", Vangnet, "De baan na plaatsing ('Werk houden') is beëindigd: terug in een fase; de "
               "nazorg vervalt.",
               lambda r: f"{r['referentie']}: vangnet, terug in fase {Fase(r['fase']).label}")
UITSTROOM = Stap(PROCES, "uitstroom", UitstroomInvoer, "Leg de uitstroom vast: resultaat en eindstatus op de zaak, "
                 "het traject sluit (parttime werk: deels uitgestroomd, het traject loopt door).", _uitstroom)
PARTTIME = Stap(PROCES, "parttime", Parttime, "Parttime werk: deels uitgestroomd; het traject loopt door tot "
                "volledige uitstroom.", _uitstroom)
HERBEOORDELING = Stap(PROCES, "herbeoordeling", Herbeoordeling, "Plan van aanpak herbeoordeeld: de open taak is klaar, "
                      "de volgende wordt gepland (interval per gemeente).",
                      lambda r: f"{r['referentie']}: plan van aanpak herbeoordeeld; volgende herbeoordeling uiterlijk "
                                f"{r['volgende']}")
CONTACT = Stap(PROCES, "contact", Contact, "Contact met de deelnemer gehad: de contacttermijn (herinnering werkcoach, "
               "dan teamleider) begint opnieuw.",
               lambda r: f"{r['referentie']}: contact op {r['op']} vastgelegd; volgende herinnering als er tot "
                         f"{r['volgende']} geen contact is")

NAZORG_BEEINDIGEN = Stap(PROCES, "nazorg-beeindigen", NazorgBeeindigen, "Beëindig de nazorg van de jobcoach (ook "
                         "na de uitstroom naar werk): de open contactmomenten vervallen en de jobcoach krijgt bericht.",
                         lambda r: f"{r['referentie']}: nazorg beëindigd; {r['vervallen']} contactmoment(en) "
                                   "vervallen, de jobcoach krijgt bericht")

STAPPEN = (FASE, VANGNET, UITSTROOM, PARTTIME, HERBEOORDELING, CONTACT, NAZORG_BEEINDIGEN)
