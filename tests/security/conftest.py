"""The security suite's browser test drives the same served app and Chromium as the pages' browser tests."""

from tests.web.browser.conftest import (  # noqa: F401 (fixtures, used by name)
    browser,
    context,
    live_server,
    page,
    sign_in,
    site,
)
