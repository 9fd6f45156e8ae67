"""The doors of the trajectplan (CLI `werkpad trajectplan …`, its forms, values inside the step):
refused with one Dutch line, nothing written, nothing at the gemeente. The input model refuses bad input before a
run exists; the step refuses what depends on the case (or the clock), inside its run."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from typer.testing import CliRunner

from tests.badinput.test_catalogue import (  # noqa: F401 (fixtures)
    BSN_IN_FORMULIER,
    REF,
    assert_unchanged,
    deployment_ids,
    gemeente,
    inhoud,
    seed,
    world,
)
from tests.badinput.test_traject_fasen_doors import stappen  # noqa: F401 (fixture)

R = "Werkritme opbouwen"


@pytest.fixture()
def plan(world: dict[str, Any]) -> dict[str, Any]:  # noqa: F811
    """In the waiting case (open): goal A open with an open and a done action, goal B reached, an open
    referral (referred ten days ago); in the case with the planned intake: goal C."""
    from domain.herinneringen import lokale_datum
    from domain.trajectplan import Voorziening
    from tasks.trajectplan import actie_gedaan, doel_behaald, plan_actie, stel_doel_vast, verwijs

    rt, ids, nu = world["rt"], world["ids"], datetime.now(UTC)
    vandaag = lokale_datum(nu)
    wacht = ids["ref_wacht"]
    a = stel_doel_vast(rt, referentie=wacht, omschrijving=R, nu=nu, actor="test")["doel_id"]
    b = stel_doel_vast(rt, referentie=wacht, omschrijving="Taalniveau B1 halen", nu=nu, actor="test")["doel_id"]
    c = stel_doel_vast(rt, referentie=ids["ref_open"], omschrijving="Ander traject", nu=nu, actor="test")["doel_id"]
    open_ = plan_actie(rt, referentie=wacht, doel_id=a, omschrijving="Werkplek zoeken", eigenaar="werkcoach",
                       uiterlijk=vandaag + timedelta(14), nu=nu, actor="test")["actie_id"]
    klaar = plan_actie(rt, referentie=wacht, doel_id=a, omschrijving="Cv bijwerken", eigenaar="werkcoach",
                       uiterlijk=vandaag + timedelta(14), nu=nu, actor="test")["actie_id"]
    actie_gedaan(rt, referentie=wacht, actie_id=klaar, nu=nu, actor="test")
    doel_behaald(rt, referentie=wacht, doel_id=b, nu=nu, actor="test")
    v = verwijs(rt, referentie=wacht, voorziening=Voorziening.taal, instelling="Nova College", nu=nu, actor="test",
                verwezen_op=vandaag - timedelta(10), opvolgen_op=vandaag + timedelta(30))["actie_id"]
    return {**ids, "doel_a": str(a), "doel_b": str(b), "doel_c": str(c), "actie_open": str(open_),
            "actie_klaar": str(klaar), "verwijzing": str(v), "gisteren": (vandaag - timedelta(1)).isoformat(),
            "tien_dagen_terug": (vandaag - timedelta(10)).isoformat(),
            "twintig_dagen_terug": (vandaag - timedelta(20)).isoformat()}


def actie(ref: str = "{ref_wacht}", doel: str = "{doel_a}", **opts: str) -> list[str]:
    o = {"--omschrijving": "Werkplek zoeken", "--eigenaar": "werkcoach", "--uiterlijk": "{over_week}",
         **{"--" + k.replace("_", "-"): v for k, v in opts.items()}}
    return ["actie", ref, "--doel", doel, *[x for kv in o.items() for x in kv]]


def verwijzen(ref: str = "{ref_wacht}", **opts: str) -> list[str]:
    o = {"--voorziening": "taal", "--instelling": "Nova College", "--opvolgen-op": "{over_week}",
         **{"--" + k.replace("_", "-"): v for k, v in opts.items()}}
    return ["verwijzen", ref, *[x for kv in o.items() for x in kv]]


CASES = [
    ("doel-onbekend-traject", ["doel", "IJW-2026-999999", "--omschrijving", R], "Onbekend traject"),
    ("doel-referentie-is-bsn", ["doel", "999900006", "--omschrijving", R], "trajectnummer"),
    ("doel-afgesloten-traject", ["doel", "{ref_dicht}", "--omschrijving", R], "afgesloten"),
    ("doel-omschrijving-met-bsn", ["doel", "{ref_wacht}", "--omschrijving", "BSN 999900006 werk"], "negen cijfers"),
    ("doel-omschrijving-te-kort", ["doel", "{ref_wacht}", "--omschrijving", "ok"], "--omschrijving"),
    ("doel-omschrijving-regeleinde", ["doel", "{ref_wacht}", "--omschrijving", "Twee\nregels"], "regeleinde"),
    ("actie-onbekend-traject", actie(ref="IJW-2026-999999"), "Onbekend traject"),
    ("actie-afgesloten-traject", actie(ref="{ref_dicht}"), "afgesloten"),
    ("actie-doel-van-ander-traject", actie(doel="{doel_c}"), "hoort bij een ander traject"),
    ("actie-doel-behaald", actie(doel="{doel_b}"), "al behaald"),
    ("actie-doel-bestaat-niet", actie(doel="999999"), "Doel 999999 bestaat niet"),
    ("actie-doel-geen-nummer", actie(doel="-1"), "geen geldig nummer"),
    ("actie-uiterlijk-verleden", actie(uiterlijk="{gisteren}"), "in het verleden"),
    ("actie-uiterlijk-geen-datum", actie(uiterlijk="morgen"), "JJJJ-MM-DD"),
    ("actie-uiterlijk-te-ver", actie(uiterlijk="{na_2_jaar}"), "te ver vooruit"),
    ("actie-eigenaar-geen-adres", actie(eigenaar="jobcoach"), "'werkcoach' of een e-mailadres"),
    ("actie-eigenaar-ongeldig-adres", actie(eigenaar="jan@ijw"), "--eigenaar: het adres 'jan@ijw'"),
    ("actie-eigenaar-twee-adressen", actie(eigenaar="a@ijw.example;b@ijw.example"), "precies één e-mailadres"),
    ("actie-eigenaar-met-bsn", actie(eigenaar="x999900006@ijw.example"), "negen cijfers"),
    ("actie-omschrijving-met-bsn", actie(omschrijving="Bel 999900006 op"), "negen cijfers"),
    ("actie-gedaan-al-gedaan", ["actie-gedaan", "{actie_klaar}"], "al gedaan"),
    ("actie-gedaan-onbekend", ["actie-gedaan", "999999"], "Actie 999999 bestaat niet"),
    ("actie-gedaan-verwijzing", ["actie-gedaan", "{verwijzing}"], "verwijzing-opvolgen"),
    ("actie-gedaan-id-negatief", ["actie-gedaan", "-1"], "geen geldig nummer"),
    ("actie-gedaan-toelichting-met-bsn", ["actie-gedaan", "{actie_open}", "--toelichting", "Klaar 999900006"],
     "negen cijfers"),
    ("doel-behaald-al-behaald", ["doel-behaald", "{doel_b}"], "al behaald"),
    ("doel-behaald-onbekend", ["doel-behaald", "999999"], "Doel 999999 bestaat niet"),
    ("verwijzen-voorziening-onbekend", verwijzen(voorziening="sport"), "is onbekend; kies uit taal"),
    ("verwijzen-opvolgen-voor-verwijsdatum", verwijzen(verwezen_op="{tien_dagen_terug}",
                                                       opvolgen_op="{twintig_dagen_terug}"), "niet na de verwijsdatum"),
    ("verwijzen-opvolgen-op-verwijsdatum", verwijzen(opvolgen_op="{vandaag}"), "niet na de verwijsdatum"),
    ("verwijzen-opvolgen-verleden", verwijzen(verwezen_op="{tien_dagen_terug}", opvolgen_op="{gisteren}"),
     "in het verleden"),
    ("verwijzen-verwezen-in-toekomst", verwijzen(verwezen_op="{morgen}"), "toekomst"),
    ("verwijzen-instelling-met-bsn", verwijzen(instelling="Locatie 999900006"), "negen cijfers"),
    ("verwijzen-afgesloten-traject", verwijzen(ref="{ref_dicht}"), "afgesloten"),
    ("verwijzen-onbekend-traject", verwijzen(ref="IJW-2026-999999"), "Onbekend traject"),
    ("verwijzen-doel-van-ander-traject", verwijzen(doel="{doel_c}"), "hoort bij een ander traject"),
    ("opvolgen-uitkomst-onbekend", ["verwijzing-opvolgen", "{ref_wacht}", "{verwijzing}", "--uitkomst", "misschien"],
     "kies uit gestart"),
    ("opvolgen-afgerond-met-nieuwe-datum", ["verwijzing-opvolgen", "{ref_wacht}", "{verwijzing}", "--uitkomst",
                                            "afgerond", "--nieuwe-datum", "{over_week}"], "afgeronde verwijzing"),
    ("opvolgen-nieuwe-datum-verleden", ["verwijzing-opvolgen", "{ref_wacht}", "{verwijzing}", "--uitkomst",
                                        "gestart", "--nieuwe-datum", "{gisteren}"], "in het verleden"),
    ("opvolgen-gewone-actie", ["verwijzing-opvolgen", "{ref_wacht}", "{actie_open}", "--uitkomst", "gestart"],
     "geen verwijzing"),
    ("opvolgen-ander-traject", ["verwijzing-opvolgen", "{ref_open}", "{verwijzing}", "--uitkomst", "gestart"],
     "hoort bij een ander traject"),
    ("opvolgen-afgesloten-traject", ["verwijzing-opvolgen", "{ref_dicht}", "{verwijzing}", "--uitkomst", "gestart"],
     "afgesloten"),
]


@pytest.mark.parametrize(("args", "msg"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_trajectplan_refuses(stappen: dict[str, Any], plan: dict[str, Any], args: list[str], msg: str) -> None:  # noqa: F811
    from werkpad.cli import app

    w = stappen
    voor, sim_voor = inhoud(w["url"]), gemeente(w["sim"])
    r = CliRunner().invoke(app, ["trajectplan", *(a.format(**plan) if "{" in a else a for a in args)])
    regels = r.output.strip().splitlines()
    assert r.exit_code == 1 and len(regels) == 1 and regels[0].startswith("Fout: ") and msg in regels[0], r.output
    assert_unchanged(w, voor, sim_voor)


def test_a_good_command_passes_the_doors_and_then_needs_prefect(world: dict[str, Any], plan: dict[str, Any]) -> None:  # noqa: F811
    """The control: proper input passes the input models and stops only at the missing Prefect server (the
    checks on the case above are the steps' own, inside their runs)."""
    from werkpad.cli import app

    voor, sim_voor = inhoud(world["url"]), gemeente(world["sim"])
    for args in (actie(), actie(eigenaar="Jobcoach@IJW.example"), verwijzen(), ["actie-gedaan", "{actie_open}"],
                 ["doel-behaald", "{doel_a}"],
                 ["verwijzing-opvolgen", "{ref_wacht}", "{verwijzing}", "--uitkomst", "niet_gestart"]):
        r = CliRunner().invoke(app, ["trajectplan", *(a.format(**plan) if "{" in a else a for a in args)])
        assert r.exit_code == 1 and "Prefect-server niet bereikbaar" in r.output, (args, r.output)
    assert_unchanged(world, voor, sim_voor)


def test_toon_prints_the_plan_without_prefect(world: dict[str, Any], plan: dict[str, Any]) -> None:  # noqa: F811
    from werkpad.cli import app

    r = CliRunner().invoke(app, ["trajectplan", "toon", plan["ref_wacht"]])
    assert r.exit_code == 0, r.output
    assert f"doel {plan['doel_a']}: {R} · open" in r.output and f"doel {plan['doel_b']}: Taalniveau B1 halen · behaald" \
        in r.output
    assert f"actie {plan['actie_open']}: Werkplek zoeken · wc@ijw.example" in r.output
    assert f"actie {plan['actie_klaar']}: Cv bijwerken" in r.output and "gedaan" in r.output
    assert f"verwijzing {plan['verwijzing']}: Taal (bijv. NT2 bij een college) bij Nova College" in r.output
    assert "TE LAAT" not in r.output
    later = (datetime.now(UTC) + timedelta(days=20)).strftime("%Y-%m-%dT09:00")
    r = CliRunner().invoke(app, ["trajectplan", "toon", plan["ref_wacht"], "--nu", later])
    laat = [regel for regel in r.output.splitlines() if "TE LAAT" in regel]
    assert len(laat) == 1 and f"actie {plan['actie_open']}" in laat[0], r.output  # open and due: not the done one


# The same doors as Prefect forms: the server refuses the parameters before a run exists.
FORMULIEREN = [
    ("form-doel-referentie-is-bsn", "trajectplan-doel/doel", {"referentie": BSN_IN_FORMULIER, "omschrijving": R},
     "does not match"),
    ("form-doel-omschrijving-met-bsn", "trajectplan-doel/doel",
     {"referentie": REF, "omschrijving": f"BSN {BSN_IN_FORMULIER} werk"}, "does not match"),
    ("form-actie-eigenaar-geen-adres", "trajectplan-actie/actie",
     {"referentie": REF, "doel_id": 1, "omschrijving": R, "eigenaar": "jobcoach", "uiterlijk": "2027-01-04"},
     "does not match"),
    ("form-actie-eigenaar-bsn-adres", "trajectplan-actie/actie",
     {"referentie": REF, "doel_id": 1, "omschrijving": R, "eigenaar": f"{BSN_IN_FORMULIER}@ijw.example",
      "uiterlijk": "2027-01-04"}, "does not match"),
    ("form-actie-uiterlijk-geen-datum", "trajectplan-actie/actie",
     {"referentie": REF, "doel_id": 1, "omschrijving": R, "eigenaar": "werkcoach", "uiterlijk": "morgen"},
     "does not match"),
    ("form-actie-doel-nul", "trajectplan-actie/actie",
     {"referentie": REF, "doel_id": 0, "omschrijving": R, "eigenaar": "werkcoach", "uiterlijk": "2027-01-04"},
     "less than the minimum"),
    ("form-actie-gedaan-toelichting-regeleinde", "trajectplan-actie-gedaan/actie-gedaan",
     {"referentie": REF, "actie_id": 1, "toelichting": "a\nbcdef"}, "does not match"),
    ("form-verwijzen-voorziening-onbekend", "trajectplan-verwijzen/verwijzen",
     {"referentie": REF, "voorziening": "sport", "instelling": "Nova College", "opvolgen_op": "2027-01-04"},
     "is not one of"),
    ("form-verwijzen-instelling-met-bsn", "trajectplan-verwijzen/verwijzen",
     {"referentie": REF, "voorziening": "taal", "instelling": f"Nova {BSN_IN_FORMULIER}", "opvolgen_op": "2027-01-04"},
     "does not match"),
    ("form-opvolgen-uitkomst-onbekend", "trajectplan-verwijzing-opvolgen/verwijzing-opvolgen",
     {"referentie": REF, "actie_id": 1, "uitkomst": "misschien"}, "is not one of"),
    ("form-doel-behaald-verschoven-klok", "trajectplan-doel-behaald/doel-behaald",
     {"referentie": REF, "doel_id": 1, "nu": "9999-12-31T00:00:00"}, "Additional properties"),
]


@pytest.mark.parametrize(("naam", "params", "msg"), [c[1:] for c in FORMULIEREN], ids=[c[0] for c in FORMULIEREN])
def test_trajectplan_forms_refused_by_the_server(world: dict[str, Any], deployment_ids: dict[str, Any],  # noqa: F811
                                                 naam: str, params: dict[str, Any], msg: str) -> None:
    from tests.badinput.test_traject_fasen_doors import test_traject_forms_refused_by_the_server

    test_traject_forms_refused_by_the_server(world, deployment_ids, naam, params, msg)


def _in_stap(**kw: Any) -> Any:
    def doe(w: dict[str, Any], p: dict[str, Any]) -> Any:
        from domain.herinneringen import lokale_datum
        from tasks.trajectplan import plan_actie

        nu = datetime.now(UTC)
        args = {"referentie": p["ref_wacht"], "doel_id": int(p["doel_a"]), "omschrijving": "Werkplek zoeken",
                "eigenaar": "werkcoach", "uiterlijk": lokale_datum(nu) + timedelta(7), "nu": nu, "actor": "werkcoach"}
        args.update({k: (v(lokale_datum(nu), p) if callable(v) else v) for k, v in kw.items()})
        return plan_actie(w["rt"], **args)
    return doe


# What a form cannot check (relative to the clock, in the store) the step refuses, naming the field.
IN_STAP = [
    ("stap-uiterlijk-verleden", _in_stap(uiterlijk=lambda d, p: d - timedelta(1)), "Het veld uiterlijk"),
    ("stap-eigenaar-ongeldig", _in_stap(eigenaar="jan@ijw"), "Het veld eigenaar 'jan@ijw'"),
    ("stap-eigenaar-met-bsn", _in_stap(eigenaar="x999900006@ijw.example"), "negen cijfers"),
    ("stap-doel-van-ander-traject", _in_stap(doel_id=lambda d, p: int(p["doel_c"])), "ander traject"),
]


@pytest.mark.parametrize(("doe", "msg"), [c[1:] for c in IN_STAP], ids=[c[0] for c in IN_STAP])
def test_form_value_refused_inside_the_step(world: dict[str, Any], plan: dict[str, Any], doe: Any, msg: str) -> None:  # noqa: F811
    from domain.errors import DomainError

    voor, sim_voor = inhoud(world["url"]), gemeente(world["sim"])
    with pytest.raises(DomainError) as exc:
        doe(world, plan)
    assert msg in str(exc.value) and "--" not in str(exc.value) and len(str(exc.value).splitlines()) == 1
    assert_unchanged(world, voor, sim_voor)
