"""Progress on stderr: a line per stage; on a terminal, a line every few seconds of a slow download."""

from __future__ import annotations

import io

from sync.progress import Progress
from sync.sources.limits import MB, size


def _progress(interactive: bool, now: list[float]) -> tuple[Progress, io.StringIO]:
    stream = io.StringIO()
    return Progress(stream, interactive=interactive, every=3.0, clock=lambda: now[0]), stream


def test_progress_writes_one_line_per_stage() -> None:
    progress, stream = _progress(False, [0.0])
    progress.stage("basel: fetching https://example.org/basel.xlsx")
    progress.stage("basel: ok")
    assert stream.getvalue() == "  basel: fetching https://example.org/basel.xlsx\n  basel: ok\n"


def test_progress_on_a_terminal_tells_the_bytes_every_few_seconds() -> None:
    now = [100.0]
    progress, stream = _progress(True, now)
    for second, count in ((0.0, 1_000), (1.0, 2_000), (3.5, 3_500_000), (4.0, 4_000_000), (6.5, 6_500_000)):
        now[0] = 100.0 + second
        progress.received("basel", count)
    assert stream.getvalue() == "  basel: 3.3 MB received\n  basel: 6.2 MB received\n"


def test_progress_off_a_terminal_leaves_the_bytes_out() -> None:
    now = [0.0]
    progress, stream = _progress(False, now)
    for second in range(10):
        now[0] = float(second)
        progress.received("basel", second * 1_000_000)
    assert stream.getvalue() == ""


def test_size_is_written_in_the_unit_people_read() -> None:
    sizes = [812, 83_390, 196_000, MB, 3 * MB // 2, 50 * MB, 201 * MB + 12_345, 1024 * MB]
    assert [size(count) for count in sizes] == [
        "812 bytes",
        "81.4 KB",
        "191 KB",
        "1 MB",
        "1.5 MB",
        "50 MB",
        "201 MB",
        "1 GB",
    ]
