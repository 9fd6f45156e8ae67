"""The logger for step functions. BSN masking in log output is the logging config's job
(deployments/logging.yml with deployments/redact.py), not this module's."""

import logging
import sys


def logger() -> logging.Logger | logging.LoggerAdapter:  # type: ignore[type-arg]
    """The run logger inside Prefect, a plain logger outside (crash tests, CLI).

    Prefect is imported lazily: the plain step functions must stay importable (and fast to
    import) in processes that never run a flow. If Prefect is not loaded yet, there can be no
    run context either, so there is nothing to look up."""
    if "prefect" not in sys.modules:
        return logging.getLogger("werkpad")
    from prefect.exceptions import MissingContextError
    from prefect.logging import get_run_logger

    try:
        return get_run_logger()
    except MissingContextError:
        return logging.getLogger("werkpad")
