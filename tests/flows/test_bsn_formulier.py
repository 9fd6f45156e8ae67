"""The deployments' forms apply the BSN-like rule of the steps: each free-text, who and address field
of a real flow's parameter schema (as `serve` registers it), run through Prefect's own validator
(what the server does before a run exists, and what the UI asks it via /ui/schemas/validate),
refuses exactly the strings the step's check refuses. No server needed: the same code path."""

from __future__ import annotations

from typing import Any

import pytest

from domain.bsn import bevat_bsn_achtig
from domain.invoer import OngeldigeInvoer, controleer_door, controleer_tekst
from tests.domain.test_bsn_regel import BSN_ACHTIG_TEKST, GEEN_BSN_TEKST


def _schema(flow: Any) -> dict[str, Any]:
    from prefect.utilities.callables import parameter_schema

    return parameter_schema(flow).model_dump()


def _velden() -> list[tuple[str, dict[str, Any], str]]:
    from flows.fasen import traject_fase
    from flows.maatregel import maatregel_melden
    from flows.tijdelijk_oponthoud import tijdelijk_oponthoud_starten
    from flows.trajectplan import trajectplan_actie, trajectplan_verwijzen

    return [("oponthoud.reden", _schema(tijdelijk_oponthoud_starten), "reden"),
            ("oponthoud.door", _schema(tijdelijk_oponthoud_starten), "door"),
            ("maatregel.feiten", _schema(maatregel_melden), "feiten"),
            ("trajectplan.omschrijving", _schema(trajectplan_actie), "omschrijving"),
            ("trajectplan.eigenaar", _schema(trajectplan_actie), "eigenaar"),
            ("trajectplan.instelling", _schema(trajectplan_verwijzen), "instelling"),
            ("fase.jobcoach", _schema(traject_fase), "jobcoach")]


def _server_weigert(schema: dict[str, Any], veld: str, waarde: str) -> bool:
    from prefect.utilities.schema_tools.validation import validate

    fouten = validate({veld: waarde}, schema, ignore_required=True)
    return any(list(f.relative_path)[:1] == [veld] for f in fouten)


@pytest.fixture(scope="module")
def velden() -> list[tuple[str, dict[str, Any], str]]:
    return _velden()


def test_free_text_and_who_fields_refuse_what_the_step_refuses(velden: list[tuple[str, dict[str, Any], str]]) -> None:
    for naam, schema, veld in velden:
        for tekst in BSN_ACHTIG_TEKST:
            waarde = f"jan{tekst}@ijw.example" if veld in ("eigenaar", "jobcoach") else tekst
            assert bevat_bsn_achtig(waarde)
            assert _server_weigert(schema, veld, waarde), (naam, waarde)
            with pytest.raises(OngeldigeInvoer, match="negen cijfers"):
                (controleer_door if veld == "door" else controleer_tekst)(waarde, veld)
        if veld in ("eigenaar", "jobcoach", "door"):
            continue
        for tekst in GEEN_BSN_TEKST:
            assert not _server_weigert(schema, veld, tekst), (naam, tekst)
            assert controleer_tekst(tekst, veld) == tekst


@pytest.mark.parametrize("tekst", ["Deelnemer ziek\n", "Ziek ৩ dagen", "Zie\u200bdit", "Ziek <b>lang</b>",
                                   "Ziek\u2028lang", "Ziek\x85lang", "Zie\U000e0041dit"])
def test_free_text_form_refuses_the_characters_the_step_refuses(velden: list[tuple[str, dict[str, Any], str]],
                                                                tekst: str) -> None:
    """A trailing line break (`$` in Python's `re` matches before it), a digit of another script,
    markup, a line separator, NEL, a zero-width or a tag character: refused by the form and the step."""
    for naam, schema, veld in velden:
        if veld in ("oponthoud.door", "eigenaar", "jobcoach", "door"):
            continue
        assert _server_weigert(schema, veld, tekst), (naam, tekst)
        with pytest.raises(OngeldigeInvoer):
            controleer_tekst(tekst, veld)
