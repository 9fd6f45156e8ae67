"""The application shell's view of the settings: the one settings object, and what the shell
does with it for Prefect and for the processes it starts.

`Settings` itself lives in tasks/settings.py (a flow-run process builds its runtime from it
without werkpad/ code) and is re-exported here. Nothing in this module writes werkpad's own
settings into `os.environ` to be read back: the shell builds `Settings()` once, hands it to
`tasks.runtime.build_runtime`, and gives child processes an explicit environment made from it.
Prefect is the exception by necessity: it reads only its own `PREFECT_*` variables, so the
shell sets those (and only those) for its own process before Prefect is imported.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from pydantic import BaseModel, SecretStr

from tasks.settings import PREFIX, Settings, beschrijf, env_name

__all__ = ["Settings", "api_auth", "api_headers", "beschrijf", "child_env",
           "configure_prefect", "prefect_api_url", "prefect_env", "werkpad_env"]

LOGGING_YML = Path(__file__).resolve().parents[1] / "deployments" / "logging.yml"


def prefect_api_url(s: Settings) -> str:
    """Prefect's own PREFECT_API_URL when set (a shared server), else the local stack's server."""
    return os.environ.get("PREFECT_API_URL") or f"http://127.0.0.1:{s.stack.prefect_port}/api"


def auth_bestand(s: Settings) -> Path:
    """Where the productie topology keeps the API's basic-auth string it made itself (owner-only)."""
    return s.data_dir / "prefect-auth"


def api_auth(s: Settings) -> str | None:
    """The Prefect API's basic-auth string: the setting, else Prefect's own variable, else the one the local
    productie topology made; None: the API is open (only the embedded stack in ontwikkeling)."""
    if s.stack.api_auth is not None:
        return s.stack.api_auth.get_secret_value()
    if os.environ.get("PREFECT_API_AUTH_STRING"):
        return os.environ["PREFECT_API_AUTH_STRING"]
    bestand = auth_bestand(s)
    return bestand.read_text().strip() if bestand.is_file() else None


def api_headers(s: Settings) -> dict[str, str]:
    """What werkpad's own httpx calls to the Prefect API send (as Prefect's client does)."""
    import base64

    if (auth := api_auth(s)) is None:
        return {}
    return {"Authorization": "Basic " + base64.b64encode(auth.encode()).decode()}


def prefect_env(s: Settings) -> dict[str, str]:
    """Prefect's variables for werkpad's processes; whatever the user set for Prefect wins."""
    defaults = {
        "PREFECT_HOME": str(s.data_dir / "prefect"),
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "DO_NOT_TRACK": "1",
        "PREFECT_LOGGING_LEVEL": "INFO",
        "PREFECT_LOGGING_SETTINGS_PATH": str(LOGGING_YML),  # the BSN-redacting filter in every process
        # A run whose heartbeats stop (its process was killed) is marked Crashed by the stack's automation.
        "PREFECT_FLOWS_HEARTBEAT_FREQUENCY": str(s.stack.heartbeat_seconden),
    }
    env = {**defaults, **{k: os.environ[k] for k in defaults if k in os.environ},
           "PREFECT_API_URL": prefect_api_url(s)}
    if (auth := api_auth(s)) is not None:  # every client sends it (never a parameter, never logged)
        env["PREFECT_API_AUTH_STRING"] = auth
    return env


# The CLI's console shows werkpad's own line only: Prefect's INFO lines about a flow run it starts
# in-process (--nu, the demo) and the EventsWorker's warnings at exit go to the run's API log (the
# UI) and not to the terminal. Only for this process: `serve` and the server, started with
# child_env, keep their console logs (in .werkpad/logs). Set by the user, Prefect's own wins.
CLI_STIL = {"PREFECT_LOGGING_HANDLERS_CONSOLE_LEVEL": "CRITICAL",
            "PREFECT_LOGGING_HANDLERS_DEBUG_LEVEL": "CRITICAL"}


_EIGEN_STIL: dict[str, str] = {}  # what the user set of CLI_STIL before this process quieted its console


def configure_prefect(s: Settings) -> None:
    """Point Prefect in this process (the CLI's) at werkpad's server, home and logging config, with
    a quiet console (before it is imported)."""
    if not _EIGEN_STIL:
        _EIGEN_STIL.update({k: os.environ.get(k, "") for k in CLI_STIL})
    os.environ.update({**CLI_STIL, **{k: os.environ[k] for k in CLI_STIL if k in os.environ}, **prefect_env(s)})


def _value(v: object) -> str:
    if isinstance(v, SecretStr):
        return v.get_secret_value()
    if isinstance(v, bool):
        return "1" if v else "0"
    if isinstance(v, list):
        return ",".join(f"{x:g}" if isinstance(x, float) else str(x) for x in v)
    if isinstance(v, dict):  # WERKPAD_OIDC__GROEPEN: its JSON form keeps any group name whole
        return json.dumps(v, ensure_ascii=False)
    return str(v)  # str, int, float, Path, and the StrEnum omgeving


def werkpad_env(s: Settings) -> dict[str, str]:
    """The settings as `WERKPAD_*` variables, so that `Settings()` in a child process equals `s`."""
    env: dict[str, str] = {}
    for name in type(s).model_fields:
        value = getattr(s, name)
        if isinstance(value, BaseModel):
            for sub in type(value).model_fields:
                if (v := getattr(value, sub)) is not None:
                    env[env_name(name, sub)] = _value(v)
        elif value is not None:
            env[env_name(name)] = _value(value)
    return env


def child_env(s: Settings) -> dict[str, str]:
    """The environment of a process the stack starts: this one's, minus any WERKPAD_ variable,
    plus the settings and Prefect's variables made from them."""
    base = {k: v for k, v in os.environ.items() if not k.startswith(PREFIX)}
    for k, v in _EIGEN_STIL.items():  # the CLI's quiet console is its own: the stack's logs show every error
        if v:
            base[k] = v
        else:
            base.pop(k, None)
    return {**base, **prefect_env(s), **werkpad_env(s)}
