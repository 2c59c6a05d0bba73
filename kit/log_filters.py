"""Logging filters (see LOGGING in mosovo.settings)."""

import logging

# Refusals the service gives by design: a page the user may not see, or one that does not exist.
EXPECTED_REFUSALS = frozenset({403, 404})


class RefusalsInOneLine(logging.Filter):
    """A 403 or 404 logged by `django.request` is one line: "Forbidden (Permission denied): /path",
    without the traceback of the PermissionDenied or Http404 that made it. Errors (5xx) keep
    their traceback."""

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "status_code", None) in EXPECTED_REFUSALS:
            record.exc_info = None
            record.exc_text = None
        return True
