""":func:`registry.text.clean` and :func:`~registry.text.clean_block`, remembered.

A list repeats its cells (a party's country, ministry, city and address on each of its rows; one person in
the three lists), and preparing a row cleans each cell, then each piece of it, again: a 10x night cleaned
176,000 texts of which 42,000 differ. Both functions are pure, so a remembered answer is the answer; the
memory is bounded like :func:`sync.normalize.folded`'s.
"""

from __future__ import annotations

from functools import lru_cache

from registry import text

clean = lru_cache(maxsize=1 << 16)(text.clean)
clean_block = lru_cache(maxsize=1 << 14)(text.clean_block)
