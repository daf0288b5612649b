"""The store of encoded answers: one version at a time, bounded in size."""

from __future__ import annotations

from registry.readcache import Encoded, ReadCache


def _entry(size: int) -> Encoded:
    return Encoded(b"x" * size, "application/json", '"t"')


def test_read_cache_gives_back_what_it_keeps_at_that_version() -> None:
    cache = ReadCache()
    cache.put("v1", ("a",), _entry(3))
    assert cache.get("v1", ("a",)) == _entry(3)


def test_read_cache_keeps_nothing_of_an_older_version() -> None:
    cache = ReadCache()
    cache.put("v1", ("a",), _entry(3))
    cache.put("v2", ("b",), _entry(3))
    assert cache.get("v1", ("a",)) is None
    assert cache.get("v2", ("a",)) is None


def test_read_cache_drops_the_least_recently_used_beyond_its_size() -> None:
    cache = ReadCache(max_bytes=10)
    cache.put("v1", ("a",), _entry(4))
    cache.put("v1", ("b",), _entry(4))
    cache.get("v1", ("a",))
    cache.put("v1", ("c",), _entry(4))
    assert cache.get("v1", ("b",)) is None
    assert cache.get("v1", ("a",)) is not None
