"""The one CLI door for a step: parse into the step's input model, start the step, print one line.

A process declares its steps once (domain/stap.py); `commandos(app, stappen, flows_module)` makes a command per
step, its options from the input model's fields (`--veld-naam`, the description as help). The door checks only
the input model (formats, limits, choices); every check on the case is the step's own guard, inside the run.

Where the step runs:
- normally on the stack: the door starts the deployment's run through Prefect's REST API (httpx; Prefect's own
  client costs over a second to import), with an idempotency key, waits for its final state and prints its
  message: the Dutch summary, or the refusal (state "Geweigerd") as `Fout: …`;
- with the moved development clock (`--nu`), or when the settings say so (`stappen_in_proces`, tests and the
  demo), in this process: the flow is called directly. Deployments never accept a clock."""

from __future__ import annotations

import hashlib
import importlib
import inspect
import json
import time
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, datetime, timedelta
from enum import Enum
from types import UnionType
from typing import Any, Union, get_args, get_origin

import typer
from pydantic import ValidationError

from domain.invoer import beschrijf_validatiefout
from domain.stap import GEWEIGERD, Invoer, Stap, Uitkomst, Verwijzing, commando_tekst
from werkpad.commando import ID_ARGUMENT, err, fail, guarded, out, parse_nu, require_prefect, settings

NU_HELP = "Tijdstip voor demo en test (alleen omgeving ontwikkeling): de stap draait dan in dit proces"
SLEUTEL_HELP = ("Eigen sleutel voor een bewuste herhaling; zonder: dezelfde stap met dezelfde invoer binnen "
                "dezelfde minuut start één run")
GEEN_WORKER_SECONDEN = 10.0  # a run still Scheduled after this: say that no worker took it
WACHT_SECONDEN = 120.0  # how long the door waits for the stack to finish a step before it says where to look


def optie(veld: str) -> str:
    return "--" + veld.replace("_", "-")


def _is_bool(annotation: Any) -> bool:
    return annotation is bool


def _zonder_none(annotation: Any) -> Any:
    """`X | None` -> X (an optional field's type), else the annotation itself."""
    if get_origin(annotation) in (Union, UnionType):
        rest = [a for a in get_args(annotation) if a is not type(None)]
        if len(rest) == 1:
            return rest[0]
    return annotation


def _help(model: type[Invoer], veld: str) -> str:
    info = model.model_fields[veld]
    tekst = info.description or veld
    if not info.is_required() and info.default not in (None, False, [], ()):
        tekst = f"{tekst} (standaard: {info.default})"
    ann = _zonder_none(info.annotation)
    if isinstance(ann, type) and issubclass(ann, Enum):
        keuzes = ", ".join(str(e.value) for e in ann)
        if keuzes not in tekst:
            tekst = f"{tekst} ({keuzes})"
    return tekst


def _parameters(model: type[Invoer], opties: Mapping[str, str] | None = None,
                referentie_als_optie: bool = False) -> list[inspect.Parameter]:
    opties = opties or {}

    def optie(veld: str) -> str:
        return opties.get(veld) or "--" + veld.replace("_", "-")

    params = []
    for naam, info in model.model_fields.items():
        if naam == "referentie" and not referentie_als_optie:  # optional: `werkpad … controle [REFERENTIE]`
            default: Any = typer.Argument(... if info.is_required() else None, help=_help(model, naam),
                                          show_default=False, metavar="REFERENTIE")
            ann: Any = str if info.is_required() else str | None
        elif get_origin(_zonder_none(info.annotation)) is list:  # a repeatable option
            default = typer.Option([] if not info.is_required() else ..., optie(naam), help=_help(model, naam),
                                   show_default=False)
            ann = list[str]
        elif _is_bool(info.annotation):
            default = typer.Option(bool(info.default), optie(naam), help=_help(model, naam))
            ann = bool
        else:
            verplicht = info.is_required()
            default = typer.Option(... if verplicht else None, optie(naam), help=_help(model, naam),
                                   show_default=False)
            ann = str if verplicht else str | None
        params.append(inspect.Parameter(naam, inspect.Parameter.KEYWORD_ONLY, default=default, annotation=ann))
    params.append(inspect.Parameter("nu", inspect.Parameter.KEYWORD_ONLY,
                                    default=typer.Option(None, "--nu", help=NU_HELP), annotation=str | None))
    params.append(inspect.Parameter("sleutel", inspect.Parameter.KEYWORD_ONLY,
                                    default=typer.Option(None, "--sleutel", help=SLEUTEL_HELP), annotation=str | None))
    return params


def lees_invoer(stap: Stap, waarden: Mapping[str, Any], namen: Mapping[str, str] | None = None) -> Invoer:
    """The input model from the command line's raw values; a refusal names the argument or option (`namen`:
    field -> its name on the command line), in one Dutch line."""
    gegeven = {k: v for k, v in waarden.items() if v is not None}
    try:
        return stap.invoer.model_validate(gegeven)
    except ValidationError as exc:
        fouten = exc.errors()
        veld = str(fouten[0]["loc"][0]) if fouten and fouten[0]["loc"] else ""
        regel = beschrijf_validatiefout(exc)
        naam = (namen or {}).get(veld) or ("Trajectnummer" if veld == "referentie" else optie(veld))
        plek, _, rest = regel.partition(":")
        if veld in stap.invoer.model_fields and (plek == veld or plek.startswith(f"{veld}, ")):  # a list's item too
            reden = rest.lstrip()
            regel = reden if reden.startswith(naam) else f"{naam}: {reden}"  # a rule that names it already
        fail(regel)


def parameters(invoer: Invoer) -> dict[str, Any]:
    """The flow run's parameters (JSON): what was given, without the unset optional fields."""
    return {k: v for k, v in invoer.model_dump(mode="json").items() if v is not None}


def sleutel(stap: Stap, params: Mapping[str, Any], eigen: str | None, nu: datetime | None = None) -> str:
    """Two identical commands within a minute start one run; `--sleutel` makes a deliberate repeat."""
    if eigen is not None:
        basis = f"{stap.flow}|eigen|{eigen.strip()}"
    else:
        minuut = (nu or datetime.now(UTC)).strftime("%Y-%m-%dT%H:%M")
        basis = f"{stap.flow}|{json.dumps(params, sort_keys=True, ensure_ascii=False)}|{minuut}"
    return "werkpad-cli:" + hashlib.sha256(basis.encode()).hexdigest()[:32]


def hints(stap: Stap, alle: Mapping[str, Stap], referentie: str | None) -> list[str]:
    """The "Daarna:" commands: the steps `stap` names as next, rendered from their declarations."""
    return [commando_tekst(Verwijzing(alle[naam], referentie), invulhulp=False)
            for naam in stap.volgende if naam in alle]


def toon(u: Uitkomst, volgende: Iterable[str] = ()) -> None:
    if u.geweigerd:
        fail(u.tekst)
    regel = u.tekst
    vervolg = list(volgende)
    if vervolg:
        regel += " Daarna: " + " of ".join(vervolg)
    out.print(regel, highlight=False, soft_wrap=True)


# -- where the step runs ---------------------------------------------------------------------------
def in_proces(stap: Stap, flows_module: str, invoer: Invoer, nu: datetime | None,
              eigen_sleutel: str | None = None) -> Uitkomst:
    """Run the step's flow in this process (the moved clock: tests and the demo), with the idempotency key the
    stack's door would give it (the moved clock is part of the input): the step records it in its transaction."""
    require_prefect(settings())
    params = parameters(invoer)
    basis = {**params, "nu": nu.isoformat()} if nu is not None else params
    echt = datetime.now(UTC)
    key = sleutel(stap, basis, eigen_sleutel, echt)
    vorige = None if eigen_sleutel is not None else sleutel(stap, basis, None, echt - timedelta(minutes=1))

    def run() -> Any:
        from tasks.stapsleutel import deur_sleutel

        mod = importlib.import_module(flows_module)
        f = getattr(mod, stap.flow.replace("-", "_"))
        with deur_sleutel(key, vorige):
            return f(**params, nu=nu)

    res = guarded(run)
    return Uitkomst.uit_dict(res)


class NietGestart(Exception):
    """The stack could not take the run (unreachable, no such deployment, the form refused): one Dutch line."""


POGINGEN = (0.5, 1.0, 2.0)  # waits between tries when the server is busy (503) or a connection drops


def _verzoek(c: Any, methode: str, pad: str, **kw: Any) -> Any:
    """One API call, tried again while the server is busy or the connection drops (every call is idempotent:
    reads, and a run created under its idempotency key)."""
    import httpx

    for wacht in (*POGINGEN, None):
        try:
            r = c.request(methode, pad, **kw)
        except httpx.TransportError:
            if wacht is None:
                raise
        else:
            if r.status_code < 500 or wacht is None:
                return r
        time.sleep(wacht)
    raise AssertionError("unreachable")


def start_op_stack(flow: str, deployment: str, params: Mapping[str, Any], key: str, titel: str,
                   vorige_key: str | None = None) -> tuple[dict[str, Any], bool]:
    """Start `flow/deployment`'s run through Prefect's REST API with `key` as idempotency key and wait for its
    final state: (the run, whether it had been started already: by `key`, or by `vorige_key` less than a minute
    ago, so that two identical commands either side of a minute's turn still start one run)."""
    import httpx

    from werkpad.settings import api_headers, prefect_api_url

    url = prefect_api_url(settings())
    gestart = datetime.now(UTC)
    try:
        with httpx.Client(base_url=url, timeout=10, headers=api_headers(settings())) as c:
            run: dict[str, Any] | None = None
            dubbel = False
            if vorige_key is not None:
                r = _verzoek(c, "POST", "/flow_runs/filter", json={
                    "flow_runs": {"idempotency_key": {"any_": [vorige_key]}}, "limit": 1})
                r.raise_for_status()
                eerder = r.json()
                if eerder and _tijd(eerder[0].get("created")) > gestart.timestamp() - 60:
                    run, dubbel = eerder[0], True
            if run is None:
                r = _verzoek(c, "GET", f"/deployments/name/{flow}/{deployment}")
                if r.status_code == 404:
                    raise NietGestart(f"De stap '{titel}' kan niet starten: de deployment {flow}/{deployment} staat "
                                      f"niet op {url}. Start de stack (./run) of wacht tot hij klaar is met opstarten.")
                r.raise_for_status()
                r = _verzoek(c, "POST", f"/deployments/{r.json()['id']}/create_flow_run",
                             json={"parameters": dict(params), "idempotency_key": key})
                if r.status_code in (409, 422):
                    raise NietGestart(f"De stap '{titel}' is niet gestart: het formulier weigert de invoer "
                                      f"({_server_reden(r)}).")
                r.raise_for_status()
                run = r.json()
                dubbel = _tijd(run.get("created")) < gestart.timestamp() - 1
            tot = time.monotonic() + WACHT_SECONDEN
            gemeld: float | None = time.monotonic() + GEEN_WORKER_SECONDEN
            while (run.get("state") or {}).get("type") not in ("COMPLETED", "FAILED", "CRASHED", "CANCELLED"):
                if gemeld is not None and time.monotonic() > gemeld and (run.get("state") or {}).get("type") == "SCHEDULED":
                    err.print(f"De stap '{titel}' wacht op een worker: nog geen worker heeft run {run.get('name')} "
                              "opgepakt. Draait er een (werkpad worker start, of de stack)? werkpad wacht verder.",
                              highlight=False, soft_wrap=True)
                    gemeld = None
                if time.monotonic() > tot:
                    out.print(f"De stap '{titel}' loopt nog (run {run.get('name')}); de uitkomst staat straks in "
                              "de Prefect UI en de tijdlijn.", highlight=False, soft_wrap=True)
                    raise typer.Exit(0)
                time.sleep(0.3)
                r = _verzoek(c, "GET", f"/flow_runs/{run['id']}")
                r.raise_for_status()
                run = r.json()
            return run, dubbel
    except httpx.HTTPStatusError as exc:
        if exc.response.status_code == 401:
            raise NietGestart(f"De Prefect-server op {url} weigert werkpad: het API-wachtwoord ontbreekt of klopt "
                              "niet (WERKPAD_STACK__API_AUTH).") from None
        raise NietGestart(f"De Prefect-server op {url} antwoordt nu niet goed (HTTP {exc.response.status_code}); "
                          "probeer het zo opnieuw: dezelfde opdracht start geen tweede run.") from None
    except httpx.HTTPError:
        raise NietGestart(f"Prefect-server niet bereikbaar op {url}. Start eerst de stack: ./run") from None


def via_stack(stap: Stap, invoer: Invoer, eigen_sleutel: str | None) -> Uitkomst:
    """Start the deployment's run on the stack and wait for its outcome."""
    params = parameters(invoer)
    nu = datetime.now(UTC)
    vorige = None if eigen_sleutel is not None else sleutel(stap, params, None, nu - timedelta(minutes=1))
    try:
        run, dubbel = start_op_stack(stap.flow, stap.naam, params, sleutel(stap, params, eigen_sleutel, nu),
                                     stap.titel, vorige_key=vorige)
    except NietGestart as exc:
        fail(str(exc))
    if dubbel and eigen_sleutel is not None:
        out.print(f"Deze opdracht met sleutel '{eigen_sleutel.strip()[:40]}' is al gegeven (run {run.get('name')}); "
                  "er is één run. Kies een andere sleutel voor nog een herhaling.", highlight=False, soft_wrap=True)
    elif dubbel:
        out.print(f"Deze opdracht is binnen een minuut al gegeven (run {run.get('name')}); er is één run. "
                  "Wil je de stap bewust herhalen, geef dan --sleutel.", highlight=False, soft_wrap=True)
    state = run.get("state") or {}
    bericht = str(state.get("message") or "")
    if state.get("type") == "COMPLETED":
        return Uitkomst(stap=stap.titel, geweigerd=state.get("name") == GEWEIGERD, tekst=bericht)
    fail(f"De stap '{stap.titel}' is mislukt door een storing (run {run.get('name')}); wat al vastlag blijft staan en "
         "een herhaling verdubbelt niets. Beheer ziet de details in de Prefect UI.")


def _tijd(waarde: Any) -> float:
    try:
        return datetime.fromisoformat(str(waarde).replace("Z", "+00:00")).timestamp()
    except ValueError:
        return time.time()


def _server_reden(r: Any) -> str:
    try:
        detail = r.json().get("detail")
    except ValueError:
        detail = None
    return str(detail or r.text)[:200]


# -- the commands ----------------------------------------------------------------------------------
def voer_uit(stap: Stap, flows_module: str, waarden: Mapping[str, Any], *, nu: str | None = None,
             sleutel: str | None = None, namen: Mapping[str, str] | None = None,
             alle: Mapping[str, Stap] | None = None) -> None:
    """Parse, start the step, print its line (or `Fout: …`, exit 1)."""
    invoer = lees_invoer(stap, waarden, namen)
    moment = parse_nu(nu)
    if moment is not None or settings().stappen_in_proces:
        u = in_proces(stap, flows_module, invoer, moment, sleutel)
    else:
        u = via_stack(stap, invoer, sleutel)
    toon(u, hints(stap, alle or {stap.naam: stap}, getattr(invoer, "referentie", None)) if not u.geweigerd else ())


def commando(app: typer.Typer, stap: Stap, flows_module: str, alle: Mapping[str, Stap] | None = None, *,
             naam: str | None = None, verborgen: bool = False, argumenten: Sequence[tuple[str, str, str]] = (),
             lijsten: Mapping[str, tuple[str | tuple[str, ...], str]] | None = None,
             opties: Mapping[str, str] | None = None) -> None:
    """Add `werkpad <proces> <naam>` for `stap` to `app`. The shapes scripts already use: `argumenten`
    (field, METAVAR, its name in messages) are positional in this order (besides `referentie`, which always
    is); `lijsten` (field -> (option name or names, help)) are repeatable options under another name than the
    field's (a list field is a repeatable `--veld-naam` by itself); `opties` (field -> option) names an option
    unlike its field (the form keeps the field's name). Positional arguments without `referentie` make the
    reference an option (`--referentie`)."""
    lijsten = dict(lijsten or {})
    opties = {**dict(stap.opties), **(opties or {})}  # the declaration's names; hints render the same ones
    namen = dict(opties)
    namen.update({veld: wat for veld, _, wat in argumenten})
    namen.update({veld: opt if isinstance(opt, str) else opt[0] for veld, (opt, _) in lijsten.items()})
    # positional arguments named without the reference: the reference (if the model has one) is an option
    als_optie = bool(argumenten) and all(veld != "referentie" for veld, _, _ in argumenten)
    gewoon = {p.name: p for p in _parameters(stap.invoer, opties, referentie_als_optie=als_optie)}
    params: list[inspect.Parameter] = []
    for veld, metavar, _wat in argumenten:
        params.append(inspect.Parameter(veld, inspect.Parameter.KEYWORD_ONLY, annotation=str, default=typer.Argument(
            ..., metavar=metavar, help=_help(stap.invoer, veld), show_default=False)))
        gewoon.pop(veld)
    for veld, (opt, hulp) in lijsten.items():
        namen_ = (opt,) if isinstance(opt, str) else tuple(opt)
        params.append(inspect.Parameter(veld, inspect.Parameter.KEYWORD_ONLY, annotation=list[str],
                                        default=typer.Option([], *namen_, help=hulp, show_default=False)))
        gewoon.pop(veld)
    params.extend(gewoon.values())

    def run(**waarden: Any) -> None:
        nu_tekst = waarden.pop("nu", None)
        eigen = waarden.pop("sleutel", None)
        for veld in list(waarden):
            if isinstance(waarden[veld], list) and not waarden[veld]:
                waarden.pop(veld)  # a repeatable option not given: the model's default
        voer_uit(stap, flows_module, waarden, nu=nu_tekst, sleutel=eigen, namen=namen, alle=alle)

    run.__signature__ = inspect.Signature(params)  # type: ignore[attr-defined]
    run.__annotations__ = {p.name: p.annotation for p in params}
    run.__doc__ = stap.omschrijving
    run.__name__ = (naam or stap.naam).replace("-", "_")
    # ids are text: click reads "-1" as an unknown option
    getallen = any(stap.invoer.model_fields[veld].annotation is int for veld, _, _ in argumenten)
    instellingen = ID_ARGUMENT if getallen else None
    app.command(naam or stap.commando or stap.naam, hidden=verborgen, context_settings=instellingen)(run)
    if naam is None and stap.commando and stap.commando != stap.naam:  # the deployment's name works too, unlisted
        app.command(stap.naam, hidden=True, context_settings=instellingen)(run)


def commandos(app: typer.Typer, stappen: Iterable[Stap], flows_module: str) -> None:
    """A command per step, named as its declaration says (`Stap.commando`, else the deployment's name)."""
    lijst = list(stappen)
    alle = {s.naam: s for s in lijst}
    for s in lijst:
        commando(app, s, flows_module, alle)
