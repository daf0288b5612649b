"""Failed sign-ins, counted per e-mail address, so that a password cannot be guessed by trying many.

Only failures count (a moving window, with the ``limits`` library): after ``REGISTRY_SIGN_IN_LIMIT`` failed
attempts for one address (default 5 a minute and 20 an hour), the sign-in form refuses that address until the
window has moved on, whatever the password, and says when to try again. The other addresses are not affected,
so an attack on one account does not lock out the others, and keying by address rather than by the client's
IP address keeps working behind a reverse proxy. The counts live in ``REGISTRY_RATE_LIMIT_STORAGE``: memory
(default: each gunicorn worker counts on its own, so the effective limit is that many times higher), or a
shared store such as ``redis://host:6379``.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass

from limits import RateLimitItem, parse_many
from limits.storage import storage_from_string
from limits.strategies import MovingWindowRateLimiter

from registry.text import fold

NAMESPACE = "sign-in"


@dataclass
class SignInThrottle:
    """The failed sign-ins of each address, against the configured limits."""

    limits: list[RateLimitItem]
    limiter: MovingWindowRateLimiter

    @classmethod
    def from_settings(cls, limit: str, storage_uri: str) -> SignInThrottle:
        return cls(parse_many(limit), MovingWindowRateLimiter(storage_from_string(storage_uri)))

    def wait_seconds(self, email: str) -> int:
        """0 when the address may try now; otherwise the seconds until it may."""
        key = _key(email)
        blocked = [item for item in self.limits if not self.limiter.test(item, NAMESPACE, key)]
        if not blocked:
            return 0
        reset = max(self.limiter.get_window_stats(item, NAMESPACE, key).reset_time for item in blocked)
        return max(1, math.ceil(reset - time.time()))

    def failed(self, email: str) -> None:
        for item in self.limits:
            self.limiter.hit(item, NAMESPACE, _key(email))

    def reset(self) -> None:
        """Forget every count (for tests)."""
        self.limiter.storage.reset()


def _key(email: str) -> str:
    return fold(email) or "-"
