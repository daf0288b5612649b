"""``python -m bench [NAME] [OPTIONS]``: run every benchmark, or the one named, passing it the options.

python -m bench                    # sync, then api
python -m bench sync --sizes 1,10  # just the sync benchmark, at 1x and 10x
python -m bench generated --sizes 1,10,100   # the sync on generated lists: right, and how fast
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence

from bench import api_bench, generated_bench, sync_bench

BENCHES: dict[str, Callable[[Sequence[str] | None], int]] = {
    "sync": sync_bench.main,
    "api": api_bench.main,
    "generated": generated_bench.main,
}
# Run when no benchmark is named (`make bench`); the others only by name.
DEFAULT = ("sync", "api")


def main(argv: Sequence[str] | None = None) -> int:
    """Run the named benchmark (or all, in turn) with the remaining arguments; the worst exit status."""
    args = list(sys.argv[1:] if argv is None else argv)
    if args and not args[0].startswith("-") and args[0] not in BENCHES:
        sys.exit(f"python -m bench: no benchmark {args[0]!r} (there are: {', '.join(BENCHES)})")
    names = [args.pop(0)] if args and args[0] in BENCHES else list(DEFAULT)
    return max(BENCHES[name](args) for name in names)


if __name__ == "__main__":
    sys.exit(main())
