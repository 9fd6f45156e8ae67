import logging

from prefect.exceptions import MissingContextError
from prefect.logging import get_run_logger


def logger() -> logging.Logger | logging.LoggerAdapter:  # type: ignore[type-arg]
    """The run logger inside Prefect, a plain logger outside (crash tests, CLI)."""
    try:
        return get_run_logger()
    except MissingContextError:
        return logging.getLogger("werkpad")
