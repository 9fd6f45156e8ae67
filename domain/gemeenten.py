"""The three gemeenten of IJmond Werkt! and their (configurable) intake arrangements."""

from __future__ import annotations

from datetime import date, time
from enum import StrEnum

from pydantic import BaseModel, Field, field_validator, model_validator

from domain.errors import UnknownGemeente
from domain.invoer import controleer_email

EMAIL_PATTERN = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"  # kept for the form schema; email-validator decides


class Gemeente(StrEnum):
    beverwijk = "beverwijk"
    heemskerk = "heemskerk"
    velsen = "velsen"

    @property
    def naam(self) -> str:
        return self.value.capitalize()


# CBS gemeentecodes (Gemeentelijke indeling, CBS).
CBS_CODE = {Gemeente.velsen: "0453", Gemeente.beverwijk: "0375", Gemeente.heemskerk: "0396"}


# Former members: their history imports and reports (`werkpad import gebeurtenissen`), new cases are
# refused. Deliberately not in `Gemeente`: configuration, forms and live steps know only the members.
# The date is the last day of the membership.
VOORMALIG: dict[str, date] = {"uitgeest": date(2021, 12, 31)}
UITGEEST_GEWEIGERD = "Uitgeest is sinds 2022 geen deelnemende gemeente meer: nieuwe trajecten worden geweigerd."


def parse_gemeente(value: str) -> Gemeente:
    naam = (value or "").strip().lower()
    try:
        return Gemeente(naam)
    except ValueError:
        if naam in VOORMALIG:
            raise UnknownGemeente(UITGEEST_GEWEIGERD if naam == "uitgeest" else
                                  f"{naam.capitalize()} is sinds {VOORMALIG[naam].year + 1} geen deelnemende "
                                  "gemeente meer: nieuwe trajecten worden geweigerd.") from None
        bekend = ", ".join(g.value for g in Gemeente)
        raise UnknownGemeente(
            f"Onbekende gemeente '{value}': kies uit {bekend}."
        ) from None


def historische_gemeente(value: str, datum: date) -> str:
    """The gemeente of an imported history row: a member, or a former member up to the end of its
    membership. Returns the stored (lowercase) name; raises UnknownGemeente with the reason."""
    naam = (value or "").strip().lower()
    if naam in {g.value for g in Gemeente}:
        return naam
    if naam in VOORMALIG:
        if datum > VOORMALIG[naam]:
            raise UnknownGemeente(f"{naam.capitalize()} was deelnemende gemeente tot en met "
                                  f"{VOORMALIG[naam].isoformat()}; deze datum ligt daarna.")
        return naam
    bekend = ", ".join([*(g.value for g in Gemeente), *VOORMALIG])
    raise UnknownGemeente(f"Onbekende gemeente; kies uit {bekend}.")


class UitkeringBron(StrEnum):
    """Where werkpad learns the gemeente's decision on the aanvraag levensonderhoud."""

    zgw = "zgw"              # the gemeente's own aanvraag-zaak in its Zaken API (POST /zaken/_zoek on the BSN)
    handmatig = "handmatig"  # the gemeente's klantmanager gets a mail and records the decision in werkpad
    http = "http"            # werkpad's own modelled contract (/uitkeringen/api/v1/uitkeringsaanvragen)


class VerlagingBron(StrEnum):
    """How a verlaging (maatregel) reaches the gemeente's uitkeringsadministratie, after the besluit."""

    handmatig = "handmatig"  # a task mail to the uitkeringsadministratie, sent once the gemeente took the besluit
    http = "http"            # werkpad's own modelled contract (/uitkering/api/v1/verlagingen)


class UitkeringConfig(BaseModel):
    """`[<gemeente>.uitkering]` in gemeenten.toml: the uitkering adapter of one gemeente."""

    model_config = {"extra": "forbid"}

    # None: zgw in omgeving ontwikkeling (the simulator models the aanvraag-zaak), handmatig elsewhere.
    bron: UitkeringBron | None = None
    # The gemeente's own zaaktype for an aanvraag levensonderhoud (werkpad needs zaken.lezen on it only).
    zaaktype: str = Field(default="LO-AANVRAAG", min_length=1, max_length=50)
    # The zaak field that holds the aanvraagdatum (the beslistermijn runs from ontvangst, Awb 4:13).
    aanvraagdatum_veld: str = Field(default="startdatum", pattern=r"^(startdatum|registratiedatum|publicatiedatum)$")
    # The aanvraag-zaak's resultaattype omschrijving -> werkpad's decision.
    resultaten: dict[str, str] = Field(default_factory=lambda: {"Toegekend": "toegekend", "Afgewezen": "afgewezen"})
    # An aanvraag counts for a traject when it started at most this many days before the aanmelding.
    zoekvenster_dagen: int = Field(default=92, ge=0, le=730)
    verlaging: VerlagingBron = VerlagingBron.handmatig
    # Who carries out a verlaging (handmatig); empty: the klantmanager.
    administratie_email: str = Field(default="", pattern=r"^([^@\s]+@[^@\s]+\.[^@\s]+)?$")

    @field_validator("resultaten")
    @classmethod
    def _besluiten(cls, v: dict[str, str]) -> dict[str, str]:
        fout = sorted(set(v.values()) - {"toegekend", "afgewezen"})
        if fout:
            raise ValueError(f"resultaten mogen alleen naar 'toegekend' of 'afgewezen' wijzen, niet {fout}")
        return v


class Ondertekenaar(BaseModel):
    """Who signs a beschikking (by e-mail in `ondertekenaars`): name and function, for the letter only
    (the letter is a document for the deelnemer; this never goes into Prefect, a mail or a log)."""

    model_config = {"extra": "forbid"}

    naam: str = Field(min_length=2, max_length=100)
    functie: str = Field(min_length=2, max_length=100)


class GemeenteConfig(BaseModel):
    """What differs per gemeente. Loaded from configuration, never hard-coded in flows."""

    model_config = {"extra": "forbid"}  # a misspelt key must not silently give the default

    gemeente: Gemeente
    rsin: str = Field(pattern=r"^\d{9}$", description="bronorganisatie in ZGW")
    intake_dagen: list[int] = Field(description="ISO weekdays (1=maandag) with brede intakes")
    intake_tijden: list[time] = Field(min_length=1)
    intake_duur_minuten: int = 60
    intake_locatie: str
    consulent_email: str = Field(pattern=EMAIL_PATTERN)
    teamleider_email: str = Field(pattern=EMAIL_PATTERN)
    # The gemeente's klantmanager hears every fase change and uitstroom (reference only).
    klantmanager_email: str = Field(pattern=EMAIL_PATTERN)
    # The werkcoach re-assesses the plan van aanpak every this many weeks (a recurring task).
    herbeoordeling_pva_weken: int = Field(26, ge=1, le=104)
    # Nobody recorded contact with the deelnemer for this many weeks: the werkcoach is reminded.
    contact_weken: int = Field(4, ge=1, le=26)
    # CBS gemeentecode (4 digits): UWV's aanvraag and the Inlichtingenbureau's re-integratiebericht name
    # the gemeente by it. Empty in the file: the official code of this gemeente (CBS_CODE).
    cbs_code: str = Field("", pattern=r"^([0-9]{4})?$")
    # Werkgeversservicepunt: the garantiebaan route and beschut-werk placements (indicatie).
    wsp_email: str = Field("wsp@ijmondwerkt.example", pattern=EMAIL_PATTERN)
    # Beschutte werkplekken the gemeente offers per calendar year (Pw art. 10b); then the wachtlijst.
    beschut_werk_quotum: int = Field(0, ge=0, le=1000)
    # Pw art. 10d lid 3: the college re-assesses the loonwaarde periodically; the period is the gemeente's.
    loonwaarde_herbeoordeling_maanden: int = Field(12, ge=1, le=36)
    catalogus_domein: str = "IJW"
    zaaktype_identificatie: str = "IJW-REINTEGRATIE"
    maatregel_zaaktype_identificatie: str = "IJW-MAATREGEL"
    uitkering: UitkeringConfig = Field(default_factory=lambda: UitkeringConfig())
    # The college's postal address for a bezwaarschrift (Awb 6:4 lid 1: bezwaar is made with the organ that
    # took the besluit): the lines under "Het college van burgemeester en wethouders van <gemeente>".
    college_postadres: list[str] = Field(default_factory=list, max_length=4)
    # Who may sign a beschikking (the approving teamleider), by e-mail address: name and function.
    ondertekenaars: dict[str, Ondertekenaar] = Field(default_factory=dict)

    def ondertekenaar(self, email: str) -> Ondertekenaar | None:
        """The signer of an approver's address (case-insensitive; a '+tag' is the same person)."""
        def sleutel(a: str) -> str:
            lokaal, _, domein = a.strip().lower().partition("@")
            return f"{lokaal.split('+', 1)[0]}@{domein}"
        return {sleutel(k): v for k, v in self.ondertekenaars.items()}.get(sleutel(email))

    def uitkering_bron(self, ontwikkeling: bool) -> UitkeringBron:
        return self.uitkering.bron or (UitkeringBron.zgw if ontwikkeling else UitkeringBron.handmatig)

    @property
    def uitkeringsadministratie_email(self) -> str:
        return self.uitkering.administratie_email or self.klantmanager_email

    @model_validator(mode="after")
    def _cbs_code(self) -> GemeenteConfig:
        if not self.cbs_code:
            self.cbs_code = CBS_CODE[self.gemeente]
        return self

    @field_validator("consulent_email", "teamleider_email", "klantmanager_email", "wsp_email")
    @classmethod
    def _adres(cls, v: str) -> str:
        return controleer_email(v, "E-mailadres in de gemeenteconfiguratie")
