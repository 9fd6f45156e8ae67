"""A step's form, rendered from its input model (domain/stap.py `Invoer`): a field per model field, the Dutch
label from the field's description, the format as a hint, choices as radio buttons or a list, dates as date
inputs, known values fixed. Reading it back validates with the same model as the CLI and the Prefect form; a
refusal becomes the Dutch reason next to its field (domain/invoer.py), and nothing starts."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import Enum
from types import UnionType
from typing import Annotated, Any, Union, get_args, get_origin

from pydantic import BaseModel, ValidationError

from domain.invoer import MOMENT_PATROON, pydantic_reden
from domain.stap import Invoer

WIE = "door"  # the field that names who records: the logged-in identity, never typed


@dataclass
class Veld:
    naam: str
    label: str
    hint: str
    soort: str  # text | textarea | date | radio | select | checkbox | number | vast
    verplicht: bool
    waarde: str = ""
    keuzes: list[tuple[str, str]] = field(default_factory=list)
    fout: str | None = None


def _kern(annotation: Any) -> tuple[Any, list[Any], bool]:
    """(the bare type, its metadata, whether it is a list) of a field's annotation."""
    ann, meta, lijst = annotation, list[Any](), False
    while True:
        if get_origin(ann) in (Union, UnionType):
            rest = [a for a in get_args(ann) if a is not type(None)]
            if len(rest) != 1:
                return ann, meta, lijst
            ann = rest[0]
        elif get_origin(ann) is Annotated:
            ann, *extra = get_args(ann)
            meta += extra
        elif get_origin(ann) is list:
            lijst = True
            ann = get_args(ann)[0] if get_args(ann) else str
        else:
            return ann, meta, lijst


def _label(beschrijving: str | None, naam: str, keuzes: list[str] | None = None) -> str:
    """The field's description as a form label: without what belongs to the command line (the option, an example,
    the choices and the date format, which the form shows as choices and a hint)."""
    tekst = (beschrijving or naam.replace("_", " ")).strip()
    for knip in ("; op de opdrachtregel", ", bijv.", " (bijv.", ", JJJJ-MM-DD", " JJJJ-MM-DD", " (JJJJ-MM-DD)"):
        plek = tekst.lower().find(knip.lower())
        if plek > 0:
            tekst = tekst[:plek]
    if keuzes:
        kop, dubbelepunt, rest = tekst.partition(":")
        if dubbelepunt and any(k in rest for k in keuzes):
            tekst = kop
    tekst = tekst.strip().rstrip(",;:")
    return tekst[0].upper() + tekst[1:] if tekst else naam


def _keuze_label(e: Enum) -> str:
    """A choice as staff read it: the value (what the CLI takes), with the enum's Dutch label when it has one."""
    waarde = str(e.value)
    label = getattr(e, "label", None)
    tekst = waarde.replace("_", " ").replace("-", " ")
    return f"{tekst} – {label}" if isinstance(label, str) and label and label.lower() != tekst.lower() else tekst


def _toon(v: Any) -> str:
    if isinstance(v, Enum):
        return str(v.value)
    if isinstance(v, list | tuple):
        return "\n".join(_toon(x) for x in v)
    if isinstance(v, BaseModel):
        return ";".join(_toon(x) for x in v.model_dump().values())
    return "" if v is None else str(v)


def velden(invoer: type[Invoer], *, vast: Mapping[str, Any], waarden: Mapping[str, str] | None = None,
           fouten: Mapping[str, str] | None = None) -> list[Veld]:
    """The form's fields. `vast`: values that are known (the referentie, a Verwijzing's waarden, who records):
    shown as fixed text and sent along hidden."""
    waarden, fouten = waarden or {}, fouten or {}
    uit = []
    for naam, info in invoer.model_fields.items():
        ann, meta, lijst = _kern(info.annotation)
        verplicht = info.is_required()
        standaard = "" if info.default is None or info.is_required() or naam == WIE else _toon(info.default)
        keuzes = [str(e.value) for e in ann] if isinstance(ann, type) and issubclass(ann, Enum) else None
        v = Veld(naam, _label(info.description, naam, keuzes), "", "text", verplicht,
                 waarden.get(naam, standaard), fout=fouten.get(naam))
        if naam in vast:
            v.soort, v.waarde = "vast", _toon(vast[naam])
            if naam == WIE:
                v.label = "Vastgelegd door"
        elif lijst:
            v.soort = "textarea"
            if isinstance(ann, type) and issubclass(ann, BaseModel):
                delen, uitleg = [], []
                for n, f in ann.model_fields.items():
                    sub = _kern(f.annotation)[0]
                    delen.append("JJJJ-MM-DD" if sub is date else n)
                    if isinstance(sub, type) and issubclass(sub, Enum):
                        opties = [str(e.value) for e in sub]
                        uitleg.append(f"{n}: {', '.join(opties[:-1])} of {opties[-1]}" if len(opties) > 1
                                      else f"{n}: {opties[0]}")
                v.hint = (f"Eén per regel, in de vorm {';'.join(delen)}"
                          + (f" ({'; '.join(uitleg)})" if uitleg else "") + ". Geen persoonsgegevens.")
            elif isinstance(ann, type) and issubclass(ann, Enum):
                v.hint = "Eén per regel; kies uit " + ", ".join(str(e.value) for e in ann)
            else:
                v.hint = "Eén per regel"
        elif isinstance(ann, type) and issubclass(ann, Enum):
            v.keuzes = [(str(e.value), _keuze_label(e)) for e in ann]
            v.soort = "radio" if len(v.keuzes) <= 5 else "select"
        elif ann is bool:
            v.soort, v.verplicht = "checkbox", False
            v.waarde = waarden.get(naam, "aan" if info.default is True else "")
        elif ann is date:
            v.soort, v.hint = "date", "Datum, JJJJ-MM-DD"
        elif ann is datetime or any(getattr(m, "pattern", None) == MOMENT_PATROON for m in meta):
            v.hint = "Datum en tijd, JJJJ-MM-DD UU:MM"
        elif ann is int:
            v.soort, v.hint = "number", "Een heel getal"
        else:
            lengte = next((getattr(m, "max_length", None) for m in meta if getattr(m, "max_length", None)), None)
            if lengte and lengte > 200:
                v.soort = "textarea"
            if lengte:
                v.hint = f"Hoogstens {lengte} tekens; geen BSN of andere persoonsgegevens"
        uit.append(v)
    return uit


def lees(invoer: type[Invoer], formulier: Mapping[str, list[str]], *,
         vast: Mapping[str, Any]) -> tuple[Invoer | None, dict[str, str], dict[str, str]]:
    """(the input model or None, the typed values to show again, the Dutch reason per field)."""
    ruw: dict[str, Any] = {}
    terug: dict[str, str] = {}
    for naam, info in invoer.model_fields.items():
        if naam in vast:
            ruw[naam] = vast[naam]
            continue
        ann, _meta, lijst = _kern(info.annotation)
        gegeven = formulier.get(naam) or []
        tekst = gegeven[0] if gegeven else ""
        terug[naam] = tekst
        if lijst:
            regels = [r.strip() for r in tekst.replace("\r", "").split("\n") if r.strip()]
            if regels:
                ruw[naam] = regels
        elif ann is bool:
            ruw[naam] = tekst in ("aan", "on", "ja", "true", "1")
        elif tekst.strip():
            ruw[naam] = tekst
    try:
        return invoer.model_validate(ruw), terug, {}
    except ValidationError as exc:
        fouten: dict[str, str] = {}
        for e in exc.errors():
            loc = tuple(e.get("loc") or ())
            veld = str(loc[0]) if loc and str(loc[0]) in invoer.model_fields else ""
            reden = pydantic_reden(e).rstrip(".")
            if len(loc) > 1 and isinstance(loc[1], int):
                reden = f"regel {loc[1] + 1}: {reden}"
            fouten.setdefault(veld or "_algemeen", reden[0].upper() + reden[1:] + ".")
        return None, terug, fouten
