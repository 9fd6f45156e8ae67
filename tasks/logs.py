import logging
import re

from prefect.exceptions import MissingContextError
from prefect.logging import get_run_logger


def logger() -> logging.Logger | logging.LoggerAdapter:  # type: ignore[type-arg]
    """The run logger inside Prefect, a plain logger outside (crash tests, CLI)."""
    try:
        return get_run_logger()
    except MissingContextError:
        return logging.getLogger("werkpad")


class BsnRedactingFilter(logging.Filter):
    """Mask nine-digit numbers (possible BSNs) in log records before any handler emits them."""

    NINE_DIGITS = re.compile(r"(?<!\d)\d{9}(?!\d)")

    def filter(self, record: logging.LogRecord) -> bool:
        msg = record.getMessage()
        red = self.NINE_DIGITS.sub("*********", msg)
        if red != msg:
            record.msg, record.args = red, None
        return True
