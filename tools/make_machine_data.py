"""Write the machine-data example's CSV: a generated spindle sensor series, not real data.

    python tools/make_machine_data.py [--rows N] [--out examples/machine-data/spindle.csv]

One row a second from 2026-03-02 06:00 (default 200,000 rows: about 55 hours): spindle
temperature in °C and load in %, over two shifts a day with idle nights, a slow drift, noise
and a few short load spikes. Seeded, so every run writes the same bytes. The file is not
committed (about 7 MB); `examples/machine-data/README.md` says how to make it.
"""

from __future__ import annotations

import argparse
import math
import random
from datetime import datetime, timedelta
from pathlib import Path

DEFAULT_OUT = Path(__file__).resolve().parent.parent / "examples" / "machine-data" / "spindle.csv"
START = datetime(2026, 3, 2, 6, 0, 0)


def rows(n: int, seed: int = 7) -> list[str]:
    rng = random.Random(seed)
    temp, out = 22.0, []
    for i in range(n):
        at = START + timedelta(seconds=i)
        hour = at.hour + at.minute / 60
        working = 6 <= hour < 22 and at.weekday() < 5
        load = 55 + 20 * math.sin(i / 1800) + rng.gauss(0, 4) if working else rng.gauss(2, 0.5)
        if working and rng.random() < 0.0005:
            load += rng.uniform(25, 40)  # a cut that bites: a spike of a second or two
        load = max(0.0, min(100.0, load))
        target = 24 + 0.35 * load + 2 * math.sin(i / 43_200)
        temp += (target - temp) / 600 + rng.gauss(0, 0.02)
        out.append(f"{at:%Y-%m-%d %H:%M:%S},{temp:.2f},{load:.1f}\n")
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=200_000, help="rows (at most 1000000)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args()
    if not 1 <= args.rows <= 1_000_000:
        parser.error("--rows must be 1 to 1000000 (the most a line chart's data file holds)")
    args.out.write_text("time,temperature_c,load_pct\n" + "".join(rows(args.rows)), "utf-8")
    print(f"wrote {args.out} ({args.rows:,} rows, {args.out.stat().st_size:,} bytes)")


if __name__ == "__main__":
    main()
