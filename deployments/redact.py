"""The BSN-redacting log filter that deployments/logging.yml puts on Prefect's console and API handlers; it
also drops the traceback of an expected failure (`verwacht`).

It lives next to the logging config that names it (`deployments.redact.BsnRedactingFilter`):
Prefect loads that config in every process it runs (server, serve, each flow run), and a
config may only name code in its own room or below, never in tasks/ by dotted name. The
masking rule itself is the domain's (`domain.bsn.maskeer_bsns`).
"""

from __future__ import annotations

import logging

from domain.bsn import maskeer_bsns


class BsnRedactingFilter(logging.Filter):
    """Mask nine-digit numbers (possible BSNs) in log records before any handler emits them.

    Covers the message, the run name Prefect's formatter puts in front of it
    (`Flow run 'aanmelding · … '`), and the traceback of a logged exception, which handlers
    render from `exc_text` when it is set."""

    def filter(self, record: logging.LogRecord) -> bool:
        exc = record.exc_info[1] if record.exc_info else None
        if exc is not None and getattr(exc, "verwacht", False):
            # An expected failure (a partner away, a refusal: `verwacht = True` on its class) is one Dutch line,
            # retried or reported by the run; its traceback is noise in the logs. Bugs keep theirs.
            record.exc_info, record.exc_text = None, None
            if record.levelno >= logging.ERROR:
                record.levelno, record.levelname = logging.WARNING, "WARNING"
        msg = record.getMessage()
        red = maskeer_bsns(msg)
        if red != msg:
            record.msg, record.args = red, None
        for attr in ("flow_run_name", "task_run_name"):
            value = getattr(record, attr, None)
            if isinstance(value, str):
                setattr(record, attr, maskeer_bsns(value))
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = maskeer_bsns(record.exc_text)
        if record.stack_info:
            record.stack_info = maskeer_bsns(record.stack_info)
        return True
