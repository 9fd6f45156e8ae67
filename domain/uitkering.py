"""The uitkering gate as a process instance: the re-integratie starts only on the gemeente's grant."""

from __future__ import annotations

from domain.proces import Proces, overgangen

WACHT, TOEGEKEND, AFGEWEZEN, VERVALLEN = "wacht", "toegekend", "afgewezen", "vervallen"

UITKERING = Proces(
    naam="uitkering",
    label="Uitkeringsbesluit gemeente",
    statussen={WACHT: "Wacht op besluit gemeente", TOEGEKEND: "Toegekend", AFGEWEZEN: "Afgewezen",
               VERVALLEN: "Vervallen"},
    start=WACHT,
    overgangen=overgangen(wacht=(TOEGEKEND, AFGEWEZEN, VERVALLEN), toegekend=(), afgewezen=(), vervallen=()),
    gebeurtenissen=frozenset({"uitkering.gevraagd", "uitkering.toegekend", "uitkering.afgewezen",
                              "uitkering.vervallen"}),
)

BESLISTERMIJN = "uitkering.beslistermijn"  # the deadline's code
NAVRAGEN = "uitkering.navragen"  # the staff task when the gemeente cannot answer
