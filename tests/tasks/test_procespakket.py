"""A process may be a package (tasks/indicatie/): its steps keep the process's Prefect task names, and
the loaders that find the processes' registrations (vastleggen, mail contexts) find the package too."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tasks.step import Step

ROOT = Path(__file__).resolve().parents[2]


def test_stappen_in_een_procespakket_houden_de_naam_van_het_proces() -> None:
    import tasks.indicatie as indicatie

    namen = {n: s.name for n in indicatie.__all__ if isinstance(s := getattr(indicatie, n), Step)}
    assert namen == {
        "aanvragen": "indicatie-aanvragen", "indienen": "indicatie-indienen",
        "leg_ingediend_vast": "indicatie-leg-ingediend-vast", "leg_ontvangst_vast": "indicatie-leg-ontvangst-vast",
        "leg_beslissing_vast": "indicatie-leg-beslissing-vast",
        "leg_gemeentebesluit_vast": "indicatie-leg-gemeentebesluit-vast",
        "plaats_van_wachtlijst": "indicatie-plaats-van-wachtlijst", "termijn_verlopen": "indicatie-termijn-verlopen",
        "vraag_uwv": "indicatie-vraag-uwv",
    }


def test_een_module_buiten_tasks_houdt_haar_eigen_naam() -> None:
    from tasks.step import task_name

    def stap() -> None: ...

    stap.__module__ = "tests.tasks.voorbeeld"
    assert task_name(stap) == "voorbeeld-stap"
    stap.__module__ = "tasks.aanmelding"
    assert task_name(stap) == "aanmelding-stap"


def test_de_lader_vindt_de_registraties_van_een_procespakket() -> None:
    """In a fresh interpreter (nothing imported the package yet): hoe_vastleggen loads the processes."""
    code = ("import sys\n"
            "from tasks.vastleggen import hoe_vastleggen\n"
            "assert 'tasks.indicatie' not in sys.modules\n"
            "hoe = hoe_vastleggen('indicatie.voorbereiden', 'IJW-2026-0001')\n"
            "assert hoe is not None and hoe[0].stap.flow == 'indicatie-indienen', hoe\n")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    r = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
