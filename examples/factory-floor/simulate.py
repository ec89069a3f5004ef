"""A pretend factory floor for the example deck: writes live data the way real programs do.

    python examples/factory-floor/simulate.py            # every second, until Ctrl+C
    python examples/factory-floor/simulate.py --http 8765 --seconds 60

- `live/throughput.csv` grows by one row a second (a logger appending), and is cut back to
  its last 200 rows now and then (rewritten, as log rotation would);
- `live/oee.csv` is rewritten whole every second, through a temporary file and a rename (an
  export job), so a reader never sees half a file;
- `live/output.json` holds units made this hour, rewritten in place;
- with `--http PORT`, `http://127.0.0.1:PORT/energy.json` answers the plant's power draw.
  Without it the deck's energy metric shows "offline": the last value stays, marked.

No dependencies beyond Python. Stop it and, after `stale_after`, the slides say "stale".
"""

from __future__ import annotations

import argparse
import http.server
import json
import math
import os
import random
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
LIVE = HERE / "live"
LINES = ("A", "B", "C", "D")


def _replace(path: Path, text: str) -> None:
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--http", type=int, default=0, metavar="PORT", help="serve energy.json")
    parser.add_argument("--seconds", type=float, default=0, help="stop after this long")
    parser.add_argument("--interval", type=float, default=1.0, help="seconds between updates")
    parser.add_argument("--out", type=Path, default=LIVE, help="folder to write (default: live/)")
    args = parser.parse_args()
    live = args.out
    live.mkdir(parents=True, exist_ok=True)
    rng = random.Random(7)
    energy = {"rows": [{"kw": 0.0}]}
    if args.http:

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                body = json.dumps(energy).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: object) -> None:
                pass

        server = http.server.ThreadingHTTPServer(("127.0.0.1", args.http), Handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        print(f"energy: http://127.0.0.1:{args.http}/energy.json")
    throughput = live / "throughput.csv"
    if not throughput.exists():
        throughput.write_text("time,line_a,line_b\n", encoding="utf-8")
    units = 0
    start = time.monotonic()
    tick = 0
    print(f"writing {live} every {args.interval:g} s; Ctrl+C to stop")
    try:
        while not args.seconds or time.monotonic() - start < args.seconds:
            tick += 1
            wave = math.sin(tick / 9)
            a = round(118 + 14 * wave + rng.uniform(-4, 4), 1)
            b = round(96 + 10 * math.cos(tick / 7) + rng.uniform(-4, 4), 1)
            with throughput.open("a", encoding="utf-8") as f:
                f.write(f"{time.strftime('%H:%M:%S')},{a},{b}\n")
            if tick % 60 == 0:  # rotate: keep the last 200 rows
                lines = throughput.read_text(encoding="utf-8").splitlines()
                _replace(throughput, "\n".join([lines[0], *lines[1:][-200:]]) + "\n")
            oee = [
                max(40.0, min(99.0, 78 + 9 * math.sin(tick / 11 + i) + rng.uniform(-2, 2)))
                for i in range(len(LINES))
            ]
            _replace(
                live / "oee.csv",
                "line,oee\n"
                + "".join(f"Line {n},{v:.1f}\n" for n, v in zip(LINES, oee, strict=True)),
            )
            units += int((a + b) / 60)
            (live / "output.json").write_text(json.dumps([{"units": units}]), encoding="utf-8")
            energy["rows"] = [{"kw": round(640 + 80 * wave + rng.uniform(-10, 10), 1)}]
            time.sleep(args.interval)
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
