"""Render a message from templates/<key>/{subject.txt, body.txt, body.html}, or from the template folder a
process registers as its own (domain/processen.py `sjablonen`, relative to the project).

Autoescaping is on for HTML and StrictUndefined makes a missing variable an error instead
of an empty hole in a letter.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from domain.stap import commando_tekst

TEMPLATES = Path(__file__).parent / "templates"
ROOT = Path(__file__).resolve().parents[1]


def _datum(value: Any) -> str:
    from datetime import date, datetime

    maanden = ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september",
               "oktober", "november", "december"]
    dagen = ["maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag"]
    if isinstance(value, str):
        value = date.fromisoformat(value[:10]) if len(value) <= 10 else datetime.fromisoformat(value)
    s = f"{dagen[value.weekday()]} {value.day} {maanden[value.month - 1]} {value.year}"
    if isinstance(value, datetime):
        s += f" om {value:%H:%M}"
    return s


def _punt(value: Any) -> str:
    """The full stop that ends a sentence after `value`, unless the text ends in punctuation
    already ("Grondslag: Werkafspraak IJmond Werkt!" got a second mark)."""
    return "" if str(value).rstrip().endswith((".", "!", "?", "…")) else "."


def _stappen(value: Any) -> list[Any]:
    return list(value) if isinstance(value, list | tuple) else [value]


def _commando(value: Any) -> str:
    """How to record it on the command line: rendered from the step's declaration (`tasks/vastleggen.py` names
    the step). A mail queued before that holds the text itself ({"commando": …, "formulier": …})."""
    if isinstance(value, Mapping):
        return str(value["commando"])
    return " of ".join(commando_tekst(v) for v in _stappen(value))


def _formulier(value: Any) -> str:
    """The Prefect form(s) that record it: `<flow>/<deployment>`."""
    if isinstance(value, Mapping):
        return str(value["formulier"])
    return " of ".join(v.formulier for v in _stappen(value))


_ENVS: dict[tuple[Path, ...], Environment] = {}


def _env() -> Environment:
    """One environment per set of template folders: the shared one, then each registered process's own."""
    from domain import processen

    mappen = (TEMPLATES, *(ROOT / p.sjablonen for p in processen.PROCESSEN if p.sjablonen))
    if mappen not in _ENVS:
        env = Environment(loader=FileSystemLoader(list(mappen)), autoescape=select_autoescape(["html"]),
                          undefined=StrictUndefined, keep_trailing_newline=True)
        env.filters.update(datum=_datum, punt=_punt, commando=_commando, formulier=_formulier)
        _ENVS[mappen] = env
    return _ENVS[mappen]


@dataclass(frozen=True)
class Rendered:
    subject: str
    text: str
    html: str


def render(key: str, context: dict[str, Any]) -> Rendered:
    # One line, single spaces: a template line break or a double space in the data never reaches a subject.
    env = _env()
    subject = " ".join(env.get_template(f"{key}/subject.txt").render(context).split())
    return Rendered(subject=subject,
                    text=env.get_template(f"{key}/body.txt").render(context),
                    html=env.get_template(f"{key}/body.html").render(context))
