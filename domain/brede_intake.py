"""Brede intake as a process instance: planned with the aanmelding, ended by its outcome."""

from __future__ import annotations

from domain.proces import Proces, overgangen

GEPLAND, AFGEROND, VERVALLEN = "gepland", "afgerond", "vervallen"

BREDE_INTAKE = Proces(
    naam="brede_intake",
    label="Brede intake",
    statussen={GEPLAND: "Gepland", AFGEROND: "Afgerond", VERVALLEN: "Vervallen"},
    start=GEPLAND,
    overgangen=overgangen(gepland=(AFGEROND, VERVALLEN), afgerond=(), vervallen=()),
    gebeurtenissen=frozenset({"brede_intake.gepland", "brede_intake.afgerond", "brede_intake.vervallen"}),
)

# Stable codes of the taken of this step: closing "the tasks of the intake" never reads a title.
VOORBEREIDEN = "brede_intake.voorbereiden"
VOEREN = "brede_intake.voeren"
UITKOMST = "brede_intake.uitkomst"
ACTIE = "brede_intake.actie"  # the plan van aanpak's actions (they outlive the intake)
TAAK_CODES = {"Brede intake voorbereiden": VOORBEREIDEN, "Brede intake voeren (gemeente)": VOEREN,
              "Uitkomst brede intake vastleggen": UITKOMST}
