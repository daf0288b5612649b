"""The WSGI entry point: ``gunicorn wsgi:app``."""

import sys

from registry import create_app
from registry.config import ConfigError

try:
    app = create_app()
except ConfigError as exc:
    sys.exit(f"registry: {exc}")
