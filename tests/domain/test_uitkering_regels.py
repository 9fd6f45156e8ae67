"""The uitkering's refusals as pure rules (domain/uitkering.py): one case that passes and one that is
refused per rule; the messages are compared whole."""

from __future__ import annotations

import pytest

from domain.errors import TransitionRefused
from domain.traject import Uitkeringsbesluit
from domain.uitkering import controleer_besluit_van_gemeente, controleer_zaak_bij_gemeente

REF = "IJW-2026-0001"


def test_zaak_bij_de_gemeente() -> None:
    controleer_zaak_bij_gemeente(REF, "http://gemeente.test/zaken/1")
    with pytest.raises(TransitionRefused) as e:
        controleer_zaak_bij_gemeente(REF, None)
    assert str(e.value) == f"{REF}: de zaak staat nog niet bij de gemeente; er is niets gewijzigd."


def test_besluit_telt_als_de_gemeente_hetzelfde_zegt() -> None:
    assert controleer_besluit_van_gemeente("toegekend", "toegekend", "de gemeente") is Uitkeringsbesluit.toegekend
    with pytest.raises(TransitionRefused) as e:
        controleer_besluit_van_gemeente("toegekend", "afgewezen", "de aanvraag-zaak van de gemeente")
    assert str(e.value) == ("De gemeente meldt 'afgewezen', niet 'toegekend'; er is niets gewijzigd. (werkpad leest "
                            "het besluit zelf uit de aanvraag-zaak van de gemeente; vastleggen is daar niet nodig.)")


def test_aanvraagdatum_hoogstens_acht_weken_voor_de_aanmelding() -> None:
    """Issue 20 (26): an aanvraag may precede the aanmelding, but only within the gemeente's beslistermijn of
    eight weeks (Awb 4:13 lid 2); the brede intake's form checks it too (it used to check the future only)."""
    from datetime import date

    from domain.invoer import OngeldigeInvoer
    from domain.traject import (
        Actie,
        Advies,
        BredeIntakeUitkomst,
        Eigenaar,
        Route,
        Status,
        controleer_aanvraagdatum,
        controleer_uitkomst,
    )

    aangemeld, vandaag = date(2026, 11, 23), date(2026, 11, 25)
    assert controleer_aanvraagdatum(date(2026, 9, 28), aangemeld, vandaag) == date(2026, 9, 28)  # eight weeks before
    with pytest.raises(OngeldigeInvoer) as e:
        controleer_aanvraagdatum(date(2026, 9, 27), aangemeld, vandaag)
    assert str(e.value) == ("De aanvraagdatum 2026-09-27 ligt vóór 2026-09-28, meer dan acht weken (de beslistermijn, "
                            "Awb 4:13) vóór de aanmelding op 2026-11-23: te lang vóór de aanmelding om bij dit traject "
                            "te horen. Onbekend? Laat de datum leeg.")

    def uitkomst(op: date) -> BredeIntakeUitkomst:
        return BredeIntakeUitkomst(advies=Advies.positief, route=Route.traject, aanvraag_ontvangen_op=op,
                                   plan_van_aanpak=[Actie(omschrijving="Trajectplan opstellen",
                                                          eigenaar=Eigenaar.werkcoach, deadline=date(2027, 1, 4))])

    controleer_uitkomst(Status.brede_intake_gepland, uitkomst(date(2026, 11, 10)), vandaag, aangemeld)
    with pytest.raises(OngeldigeInvoer, match="te lang vóór de aanmelding"):
        controleer_uitkomst(Status.brede_intake_gepland, uitkomst(date(2026, 6, 1)), vandaag, aangemeld)
