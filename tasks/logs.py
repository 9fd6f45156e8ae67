import logging
import re
import sys

from domain.bsn import BSN_MASK, NEGEN_CIJFERS, maskeer_bsns


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


MASK = BSN_MASK
NINE_DIGITS: re.Pattern[str] = NEGEN_CIJFERS
redact = maskeer_bsns


class BsnRedactingFilter(logging.Filter):
    """Mask nine-digit numbers (possible BSNs) in log records before any handler emits them.

    Covers the message, the run name Prefect's formatter puts in front of it
    (`Flow run 'aanmelding · … '`), and the traceback of a logged exception, which handlers
    render from `exc_text` when it is set."""

    NINE_DIGITS = NINE_DIGITS  # kept for callers of the old attribute

    def filter(self, record: logging.LogRecord) -> bool:
        msg = record.getMessage()
        red = redact(msg)
        if red != msg:
            record.msg, record.args = red, None
        for attr in ("flow_run_name", "task_run_name"):
            value = getattr(record, attr, None)
            if isinstance(value, str):
                setattr(record, attr, redact(value))
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        if record.stack_info:
            record.stack_info = redact(record.stack_info)
        return True
