"""``python -m tests.sync.generated --seed N --density D [--parties K] [--scripts S,...] OUT_DIR``.

Writes the lists and their truth in the layout of the secretariat's samples (``parties.csv``, ``v1/``,
``v1-noise/``, ``v2/``, ``truth/``); import ``parties.csv`` first (``registry parties import``), then sync.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from tests.sync.generated import FILES, SCRIPTS, generate
from tests.sync.generated.names import POOLS


def main(argv: Sequence[str] | None = None) -> int:
    """Generate and write the lists; print what was written."""
    parser = argparse.ArgumentParser(prog="python -m tests.sync.generated", description=__doc__)
    parser.add_argument("--seed", type=int, required=True, help="the random seed: one seed, the same bytes")
    parser.add_argument("--density", type=int, default=1, help="competent authorities and DNAs per party x")
    parser.add_argument("--parties", type=int, help="only this many parties (default: every party)")
    parser.add_argument(
        "--scripts",
        help=f"name pools to draw from, comma separated: scripts {sorted(SCRIPTS)} or languages "
        f"{sorted(POOLS)} (default: all)",
    )
    parser.add_argument("out_dir", type=Path, help="where to write (created if need be)")
    args = parser.parse_args(argv)
    try:
        lists = generate(
            args.seed, args.density, args.parties, tuple(args.scripts.split(",")) if args.scripts else None
        )
    except ValueError as exc:
        parser.error(str(exc))
    lists.write(args.out_dir)
    kinds = Counter(change["kind"] for change in lists.changes)
    print(
        f"{args.out_dir}: {len(lists.state_v1['parties'])} parties, {len(lists.state_v1['people'])} people, "
        f"{len(lists.state_v1['designations'])} designations in v1; v2: "
        + ", ".join(f"{n} {kind}" for kind, n in sorted(kinds.items()))
    )
    for version, content in lists.lists.items():
        sizes = ", ".join(f"{FILES[c]} {len(data):,} bytes" for c, data in content.items())
        print(f"  {version}/: {sizes}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
