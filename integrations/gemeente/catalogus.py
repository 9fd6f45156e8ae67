"""The catalogue werkpad expects at a gemeente's ZGW Catalogi API: one list, read by the client's
onboarding check (`werkpad gemeente controleer`), by the simulator (which serves exactly this) and
by the README's table of what a gemeente configures.

werkpad looks every type up by its omschrijving within the zaaktype of the zaak at hand (the
version that zaak was made with), never by URL: a gemeente's URLs differ per installation.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ZaaktypeEis:
    """What werkpad needs of one zaaktype. statustypen: (volgnummer, omschrijving); the highest
    volgnummer is the eindstatus (ZGW). roltypen: (omschrijving, omschrijvingGeneriek)."""

    identificatie: str
    omschrijving: str
    statustypen: tuple[tuple[int, str], ...]
    roltypen: tuple[tuple[str, str], ...]
    resultaattypen: tuple[str, ...]
    besluittypen: tuple[str, ...] = ()
    # werkpad writes zaken of this type (False: it only reads them, e.g. the gemeente's aanvraag)
    schrijft: bool = True

    @property
    def eindstatus(self) -> str:
        return max(self.statustypen)[1]


EINDSTATUS = "Afgesloten"

# The re-integratietraject: one zaak per traject, identificatie = the traject's referentie.
TRAJECT = ZaaktypeEis(
    identificatie="IJW-REINTEGRATIE",
    omschrijving="Re-integratietraject IJmond Werkt!",
    statustypen=(
        (1, "Aangemeld"), (2, "Brede intake gepland"), (3, "Brede intake afgerond"),
        (4, "Wacht op uitkeringsbesluit"), (5, "Re-integratietraject gestart"), (6, "Tijdelijk oponthoud"),
        (7, "Verlengde intake AD&A"),
        # the traject's fasen (domain/fasen.py) and parttime werk (the traject goes on)
        (10, "Kennismaking"), (11, "Persoonlijke ontwikkeling"), (12, "Ontwikkeling door werkervaring"),
        (13, "Ontwikkeling sollicitatievaardigheden"), (14, "Werk vinden"), (15, "Werk houden"),
        (16, "Deels uitgestroomd"), (99, EINDSTATUS),
    ),
    roltypen=(("Deelnemer", "belanghebbende"), ("Werkcoach", "behandelaar")),
    # one per way a traject closes (domain/fasen.py RESULTAATTYPE, domain/traject.py RESULTAAT_BIJ_AFSLUITEN)
    resultaattypen=("Werkaanvaarding", "Garantiebaan", "Maximale participatie", "NBW-dienstverband",
                    "Terugmelding naar gemeente", "Einde uitkering", "Voortijdig afgebroken", "Uitkering afgewezen"),
    besluittypen=("Beschut werk toegekend", "Beschut werk afgewezen"),
)

# The maatregelonderzoek (Pw art. 18): a zaak of its own, related to the traject's zaak
# (relevanteAndereZaken), so its besluiten may follow after the traject's zaak closed at uitstroom.
MAATREGEL = ZaaktypeEis(
    identificatie="IJW-MAATREGEL",
    omschrijving="Maatregelonderzoek Participatiewet",
    statustypen=((1, "Onderzoek gestart"), (2, "Beschikt"), (3, "Bezwaar of herziening"), (99, EINDSTATUS)),
    roltypen=(("Deelnemer", "belanghebbende"), ("Werkcoach", "behandelaar")),
    resultaattypen=("Maatregel opgelegd", "Afgezien van maatregel", "Onderzoek ingetrokken", "Maatregel herroepen"),
    besluittypen=("Beschikking afzien maatregel", "Beschikking maatregel 100%", "Beschikking maatregel 1 maand 10%",
                  "Beschikking maatregel 1 maand 20%", "Beschikking maatregel 2 maanden 10%",
                  "Beschikking maatregel 2 maanden 20%", "Beschikking gematigde maatregel",
                  "Beslissing op bezwaar maatregel", "Herziening maatregel"),
)

# The gemeente's own zaak for an aanvraag levensonderhoud, as the development simulator models it.
# A real gemeente names its own zaaktype and resultaten in werkpad/gemeenten.toml (werkpad only reads).
AANVRAAG = ZaaktypeEis(
    identificatie="LO-AANVRAAG",
    omschrijving="Aanvraag levensonderhoud Participatiewet",
    statustypen=((1, "Ontvangen"), (2, "In behandeling"), (99, "Afgehandeld")),
    roltypen=(("Aanvrager", "initiator"),),
    resultaattypen=("Toegekend", "Afgewezen"),
    besluittypen=("Toekenning levensonderhoud", "Afwijzing levensonderhoud"),
    schrijft=False,
)

WERKPAD_ZAAKTYPEN = (TRAJECT, MAATREGEL)
ALLE = (TRAJECT, MAATREGEL, AANVRAAG)


def eis(identificatie: str) -> ZaaktypeEis:
    for z in ALLE:
        if z.identificatie == identificatie:
            return z
    raise KeyError(identificatie)
