"""What an operator sees on stderr while a run works: a line per convention and stage, and on a terminal,
every few seconds, how much of a slow download has come."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import TextIO

from sync.sources.limits import size


class Progress:
    """Writes progress lines to ``stream``; safe to call from a download's helper thread."""

    def __init__(
        self,
        stream: TextIO,
        *,
        interactive: bool,
        every: float = 3.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._stream = stream
        self._interactive = interactive
        self._every = every
        self._clock = clock
        self._lock = threading.Lock()
        self._last: dict[str, float] = {}

    def stage(self, message: str) -> None:
        """One line: a convention's stage ("basel: fetching ...", "basel: ok")."""
        self._write(message)

    def received(self, convention: str, count: int) -> None:
        """On a terminal, a line saying how many bytes have come, at most every ``every`` seconds (none
        for a download that takes less); elsewhere nothing: a log wants stages, not ticks."""
        if not self._interactive:
            return
        now = self._clock()
        last = self._last.setdefault(convention, now)
        if now - last >= self._every:
            self._last[convention] = now
            self._write(f"{convention}: {size(count)} received")

    def _write(self, message: str) -> None:
        with self._lock:
            self._stream.write(f"  {message}\n")
            self._stream.flush()
