"""Log lines never carry a secret: the paths of one-time links and API tokens are masked in every record of
the servers' request logs (werkzeug's development server, gunicorn's access and error logs) and of the
registry's own loggers.

A link's secret is part of the path the person's browser requests once (registry.web.welcome), so a server
that logs request lines would write it; the filter rewrites each record's message before any handler sees
it.
"""

from __future__ import annotations

import logging
import re

# The secret of a one-time link in its path, and a token (its ``brs_`` prefix and what follows).
SECRETS = re.compile(
    r"(/account/invitation/|/password-reset/)(?!choose\b)[A-Za-z0-9_-]{16,}|brs_[A-Za-z0-9_-]{8,}"
)
MASK = "[hidden]"
LOGGERS = ("werkzeug", "gunicorn.access", "gunicorn.error", "registry")


def mask_secrets(text: str) -> str:
    """``text`` with every link secret and token replaced by a mark."""
    return SECRETS.sub(lambda found: (found.group(1) or "brs_") + MASK, text)


class SecretFilter(logging.Filter):
    """Masks secrets in a record's message (formatted with its arguments first)."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        masked = mask_secrets(message)
        if masked != message:
            record.msg, record.args = masked, None
        return True


_filter = SecretFilter()


def init_logs() -> None:
    """Mask secrets in the request logs and the registry's (once, however many apps are made)."""
    for name in LOGGERS:
        logger = logging.getLogger(name)
        if _filter not in logger.filters:
            logger.addFilter(_filter)
