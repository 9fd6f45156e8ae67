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


def test_de_stappen_van_de_maatregel_houden_hun_naam() -> None:
    """tasks/maatregel/ is a package: its steps keep the names they had as one module (runs, dashboards)."""
    import tasks.maatregel as maatregel

    namen = {n: s.name for n in maatregel.__all__ if isinstance(s := getattr(maatregel, n), Step)}
    assert namen == {
        "beslis_inkeer": "maatregel-beslis-inkeer", "beslis_op_bezwaar": "maatregel-beslis-op-bezwaar",
        "heroverweeg": "maatregel-heroverweeg", "keur_goed": "maatregel-keur-goed",
        "leg_toelichting_vast": "maatregel-leg-toelichting-vast", "meld_verzuim": "maatregel-meld-verzuim",
        "nodig_uit": "maatregel-nodig-uit", "ontvang_inkeerverzoek": "maatregel-ontvang-inkeerverzoek",
        "leg_afzien_reactie_vast": "maatregel-leg-afzien-reactie-vast",
        "laat_horen_achterwege": "maatregel-laat-horen-achterwege",
        "reactietermijn_verlopen": "maatregel-reactietermijn-verlopen",
        "registreer_bezwaar": "maatregel-registreer-bezwaar", "stel_voor": "maatregel-stel-voor",
        "stuur_terug": "maatregel-stuur-terug", "trek_in": "maatregel-trek-in",
        "verdaag_bezwaar": "maatregel-verdaag-bezwaar",
        # issue 20: the bezwaar procedure and the dwangsom
        "leg_herstel_vast": "maatregel-leg-herstel-vast", "plan_hoorzitting": "maatregel-plan-hoorzitting",
        "registreer_ingebrekestelling": "maatregel-registreer-ingebrekestelling",
        "schort_bezwaar_op": "maatregel-schort-bezwaar-op", "stel_bezwaar_uit": "maatregel-stel-bezwaar-uit",
        "stel_dwangsom_vast": "maatregel-stel-dwangsom-vast", "zie_af_van_horen": "maatregel-zie-af-van-horen",
    }


def test_de_lader_vindt_de_registraties_van_de_maatregel() -> None:
    """In a fresh interpreter: the loaders import tasks.maatregel, whose package registers every vastleggen and
    the hook that closes an onderzoek's zaak when its traject closes."""
    code = ("import sys\n"
            "from tasks.vastleggen import hoe_vastleggen\n"
            "assert 'tasks.maatregel' not in sys.modules\n"
            "for code in ('maatregel.horen', 'maatregel.beoordelen', 'maatregel.vier_ogen', 'maatregel.bezwaar',\n"
            "             'maatregel.heroverweging', 'maatregel.inkeer'):\n"
            "    hoe = hoe_vastleggen(code, 'IJW-2026-0001')\n"
            "    assert hoe and all(v.formulier.startswith('maatregel-') for v in hoe), (code, hoe)\n"
            "from tasks._traject import BIJ_AFSLUITEN\n"
            "assert 'maatregel' in BIJ_AFSLUITEN, BIJ_AFSLUITEN\n")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    r = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
