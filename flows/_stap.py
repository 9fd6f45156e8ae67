"""A step's flow and deployment, generated from its declaration (domain/stap.py).

The flow's parameters are the input model's fields (so the deployment's form is the model: formats, limits,
choices, Dutch descriptions) plus `nu`, the moved clock for tests and the demo, which serve drops from the form.
The run is named and tagged, the step runs (its guard inside its transaction), what it queued is sent and the
timeline published. It ends Completed either way: with the Dutch summary as the state's message, or, refused,
as the state "Geweigerd" with the reason. A Failed run is a real fault. The flow returns the outcome as a dict
(`Uitkomst.als_dict`): the step's values plus `stap`, `geweigerd` and `tekst`."""

from __future__ import annotations

import functools
import importlib
import inspect
import operator
import os
from collections.abc import Callable, Mapping
from datetime import date, datetime
from pathlib import Path
from types import UnionType
from typing import Annotated, Any, Union, get_args, get_origin

from prefect import Flow
from prefect.context import FlowRunContext
from prefect.states import Completed
from pydantic import ValidationError, WithJsonSchema
from pydantic.fields import FieldInfo

from domain.errors import DomainError
from domain.invoer import beschrijf_validatiefout
from domain.stap import GEWEIGERD, Herhaling, Invoer, Stap, Uitkomst, Weigering, geweigerd, herhaald, klaar
from flows._common import label, nu_of

Doe = Callable[[Any, datetime], Any]


def _docstring(stap: Stap) -> str:
    """Prefect takes a form field's description from the flow's docstring (Google style), not from the model."""
    regels = [stap.omschrijving, "", "Args:"]
    for naam, veld in stap.invoer.model_fields.items():
        regels.append(f"    {naam}: {(veld.description or naam).replace(chr(10), ' ')}")
    return "\n".join(regels)


def _is_datum(a: Any) -> bool:
    return a is date or (get_origin(a) is Annotated and get_args(a)[0] is date)


def _datum_als_tekst(a: Any) -> Any:
    """date (or Annotated[date, …]) -> text or date, with the date's JSON schema (pattern and description kept)."""
    schema: dict[str, Any] = {"type": "string", "format": "date"}
    for m in get_args(a)[1:] if get_origin(a) is Annotated else ():
        if isinstance(m, FieldInfo):
            schema.update(m.json_schema_extra if isinstance(m.json_schema_extra, dict) else {})
            schema.update({"description": m.description} if m.description else {})
    return Annotated[str | date, WithJsonSchema(schema)]


def _parameter_type(veld: FieldInfo) -> Any:
    """The flow parameter's type. A date field is taken as text too, with the date's schema (the form still asks
    JJJJ-MM-DD and the server still checks the pattern): a day that does not exist (2026-02-30) then reaches the
    step's input model, which refuses it in Dutch (Geweigerd), instead of failing Prefect's own parameter check
    in English before the run starts."""
    ann = veld.annotation
    if ann is date:
        return Annotated[_datum_als_tekst(date), veld]
    if get_origin(ann) in (Union, UnionType) and any(_is_datum(a) for a in get_args(ann)):
        leden = [_datum_als_tekst(a) if _is_datum(a) else a for a in get_args(ann)]
        return Annotated[functools.reduce(operator.or_, leden), veld]
    return Annotated[ann, veld]


def _parameters(model: type[Invoer]) -> list[inspect.Parameter]:
    params = []
    for naam, veld in model.model_fields.items():
        default = inspect.Parameter.empty if veld.is_required() else veld.default
        params.append(inspect.Parameter(naam, inspect.Parameter.KEYWORD_ONLY, default=default,
                                        annotation=_parameter_type(veld)))
    params.append(inspect.Parameter("nu", inspect.Parameter.KEYWORD_ONLY, default=None,
                                    annotation=datetime | None))
    return params


def _uitkomst_state(u: Uitkomst) -> Any:
    if u.geweigerd:
        return Completed(name=GEWEIGERD, message=u.tekst[:500], data=u.als_dict())
    return Completed(message=u.tekst[:500], data=u.als_dict())


def voer_uit(stap: Stap, doe: Doe, invoer: Invoer, moment: datetime,
             na: Callable[[dict[str, Any]], Mapping[str, Any]] | None = None) -> Uitkomst:
    """Name the run, run the step, send what it queued, publish the timeline: the outcome. `na(values)` adds what
    the summary needs to know after sending (what became of a partner submission), so the line says what is."""
    from tasks._traject import lees_traject
    from tasks.artifacts import publiceer_tijdlijn
    from tasks.dispatch import verstuur
    from tasks.stapsleutel import AlUitgevoerd, bewaar, eerdere_uitkomst, sleutel_van_run, stap_loopt
    from tasks.step import WEIGERING_ALS_UITKOMST

    referentie: str | None = getattr(invoer, "referentie", None)
    ctx = FlowRunContext.get()
    sleutel, vorige = sleutel_van_run(ctx.flow_run if ctx is not None else None)
    token = WEIGERING_ALS_UITKOMST.set(True)
    try:
        gemeente = None
        if referentie is not None:
            t = lees_traject.task(referentie=referentie)
            if isinstance(t, Weigering):
                return geweigerd(stap.titel, t.reden)
            gemeente = t["gemeente"]
        label(stap.run_label, referentie or "", stap.naam, gemeente)
        with stap_loopt(sleutel, stap.flow, vorige):  # the step's transaction records the key (unique)
            res = doe(invoer, moment)
    except DomainError as exc:
        return geweigerd(stap.titel, str(exc))
    except AlUitgevoerd as exc:  # a plain step function (no task) met the key
        res = Herhaling(str(exc), sleutel=exc.sleutel)
    finally:
        WEIGERING_ALS_UITKOMST.reset(token)
    if isinstance(res, Herhaling):
        return herhaald(stap.titel, eerdere_uitkomst(res.sleutel))
    if isinstance(res, Weigering):
        return geweigerd(stap.titel, res.reden)
    res = dict(res or {})
    ref = referentie or res.get("referentie")
    tekst_erbij = ""
    if ref:
        res.setdefault("referentie", ref)
        if referentie is None:  # a step found by its number (a task, an action): name the run after its traject
            label(stap.run_label, str(ref), stap.naam, res.get("gemeente"))
        try:
            verstuur.task(nu=moment, referentie=ref)
        except Exception as exc:  # noqa: BLE001 - the step is done and committed; its rows stay queued
            from prefect import get_run_logger

            from domain.bsn import maskeer_bsns

            get_run_logger().warning("Versturen na de stap mislukt (de rijen blijven in de wachtrij): %s",
                                     maskeer_bsns(str(exc))[:300])
            tekst_erbij = (" Let op: versturen (mail, gemeente) lukte nu niet; het staat in de wachtrij en de "
                           "deadline-sweep verstuurt het later.")
        if na is not None:
            res.update(na(res))
            tekst_erbij = ""  # the summary says itself what became of what was sent
        publiceer_tijdlijn(ref)
    u = klaar(stap.titel, stap.samenvatting(res) + tekst_erbij, res)
    bewaar(sleutel, u.als_dict())  # for a second run with this key to report
    return u


def stapflow(stap: Stap, doe: Doe, na: Callable[[dict[str, Any]], Mapping[str, Any]] | None = None) -> Flow[..., Any]:
    """The flow of `stap`: `doe(invoer, nu)` runs the step's task(s) and returns its values; `na(values)`, after
    what the step queued was sent, adds values for the summary (see voer_uit)."""

    def uitkomst_van(kwargs: dict[str, Any]) -> Uitkomst:
        nu = kwargs.pop("nu", None)
        try:
            moment = nu_of(nu)
            invoer = stap.invoer.model_validate(kwargs)
        except ValidationError as exc:
            return geweigerd(stap.titel, beschrijf_validatiefout(exc))
        except DomainError as exc:
            return geweigerd(stap.titel, str(exc))
        return voer_uit(stap, doe, invoer, moment, na)

    def run(**kwargs: Any) -> Any:
        u = uitkomst_van(kwargs)
        ctx = FlowRunContext.get()
        if ctx is not None and ctx.flow_run is not None:
            _UITKOMSTEN[str(ctx.flow_run.id)] = u.als_dict()
        return _uitkomst_state(u)

    params = _parameters(stap.invoer)
    run.__signature__ = inspect.Signature(params)  # type: ignore[attr-defined]
    run.__annotations__ = {p.name: p.annotation for p in params}
    run.__name__ = stap.flow.replace("-", "_")
    run.__qualname__ = run.__name__
    run.__doc__ = _docstring(stap)
    ref = "{referentie}" if "referentie" in stap.invoer.model_fields else "…"
    return StapFlow(run, name=stap.flow, flow_run_name=f"{stap.run_label} · {ref} · {stap.naam}",
                    description=stap.omschrijving)


# The outcome of each step run in this process, by flow run id: an in-process caller (tests, the demo, --nu) gets
# it even when Prefect hands back the final state without its data (seen under load: MissingResult).
_UITKOMSTEN: dict[str, dict[str, Any]] = {}


class StapFlow(Flow[..., Any]):
    """A step's flow. Called in-process it returns the outcome dict (also when the state's data went missing);
    served, the state's name and message carry the outcome."""

    def __call__(self, *args: Any, return_state: bool = False, wait_for: Any = None, **kwargs: Any) -> Any:
        state: Any = super().__call__(*args, return_state=True, wait_for=wait_for, **kwargs)
        if return_state:
            return state
        return uitkomst_van_state(state)


def uitkomst_van_state(state: Any, raise_on_failure: bool = True) -> Any:
    """A step run's outcome dict from its final state, in the process that ran it."""
    run_id = getattr(getattr(state, "state_details", None), "flow_run_id", None)
    uitkomst = _UITKOMSTEN.pop(str(run_id), None) if run_id is not None else None
    if uitkomst is not None and state.is_completed():
        return uitkomst
    return state.result(raise_on_failure=raise_on_failure)


def deployment(stap: Stap, f: Flow[..., Any], module: str, tags: list[str] | None = None, *,
               naam: str | None = None, beschrijving: str | None = None, **opties: Any) -> Any:
    """A deployment of the step's flow: its form (`naam` None: the step's name) or another, e.g. a schedule
    (`naam`, `schedules=…`). Its entrypoint names the process's flows module, which holds the generated flow under
    the function's name (Prefect would otherwise point at flows/_stap.py, where no such name exists)."""
    mod = importlib.import_module(module)
    if getattr(mod, f.fn.__name__, None) is not f:
        raise ValueError(f"{module} moet de flow van stap '{stap.titel}' bewaren als {f.fn.__name__}.")
    dep = f.to_deployment(name=naam or stap.naam, tags=tags or [f"proces:{stap.run_label}"],
                          description=beschrijving or f"Formulier: {stap.omschrijving}", **opties)
    pad = Path(str(mod.__file__)).absolute()
    try:
        rel = pad.relative_to(Path.cwd().absolute())
    except ValueError:
        rel = Path(os.path.relpath(pad, Path.cwd().absolute()))
    dep.entrypoint = f"{rel}:{f.fn.__name__}"
    return dep


def uitkomst(res: Mapping[str, Any]) -> Uitkomst:
    return Uitkomst.uit_dict(res)
